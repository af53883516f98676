import { describe, expect, it } from 'vitest';
import { client, csvUpload, expectEnvelope, type Json } from './support/http.ts';

/** Idempotency-Key as the contract says: same key + same body → the first answer; another body → 409. */
const { stack, call, newUser } = client();

async function workflowRuns(workflowId: string): Promise<number> {
  const query = encodeURIComponent(`WorkflowId = '${workflowId}'`);
  const res = await fetch(`${stack.temporalHttp}/api/v1/namespaces/default/workflows?query=${query}`);
  const json = (await res.json()) as Json;
  return (json.executions ?? []).length;
}

describe('Idempotency-Key', () => {
  it('turns 50 concurrent identical submissions into one analysis and one workflow', async () => {
    const { token } = await newUser();
    const body = { query: 'Who won the 2024 São Paulo Grand Prix?' };
    const headers = { 'idempotency-key': `key-${Date.now()}` };
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => call('POST', '/api/analyze', { token, body, headers })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(202));
    const ids = new Set(answers.map((a) => a.json.id));
    expect(ids.size).toBe(1);
    const list = await call('GET', '/api/analyses', { token });
    expect(list.json.items).toHaveLength(1);
    const id = [...ids][0];
    // Visibility (the list API) is eventually consistent: wait until the run shows, then count.
    let runs = 0;
    for (let i = 0; i < 40 && runs === 0; i++) {
      runs = await workflowRuns(`analysis-${id}`);
      if (runs === 0) await new Promise((r) => setTimeout(r, 250));
    }
    expect(runs).toBe(1);

    const again = await call('POST', '/api/analyze', { token, body, headers });
    expect(again.json.id).toBe(id);
    const other = await call('POST', '/api/analyze', { token, body: { query: 'something else?' }, headers });
    expect(other.status).toBe(409);
    expectEnvelope(other, 'conflict');
  });

  it('scopes keys per user and checks their syntax', async () => {
    const alice = await newUser();
    const bob = await newUser();
    const headers = { 'idempotency-key': `shared-${Date.now()}` };
    const body = { query: 'who won monaco 2023?' };
    const a = await call('POST', '/api/analyze', { token: alice.token, body, headers });
    const b = await call('POST', '/api/analyze', { token: bob.token, body, headers });
    expect(a.json.id).not.toBe(b.json.id);
    for (const key of ['', 'x'.repeat(201), 'has space']) {
      const res = await call('POST', '/api/analyze', {
        token: alice.token,
        body,
        headers: { 'idempotency-key': key },
      });
      expect(res.status, JSON.stringify(key)).toBe(400);
    }
  });

  it('makes uploads idempotent too, under concurrency', async () => {
    const { token } = await newUser();
    const headers = { 'idempotency-key': `upload-${Date.now()}` };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        call('POST', '/api/data/upload', { token, body: csvUpload(), headers }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => a.json.id)).size).toBe(1);
    const different = await call('POST', '/api/data/upload', {
      token,
      body: csvUpload({ content: 'a,b\n1,2\n' }),
      headers,
    });
    expect(different.status).toBe(409);
    expectEnvelope(different, 'conflict');
  });
});
