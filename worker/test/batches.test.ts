import { describe, expect, it } from 'vitest';
import { client, csvUpload, expectEnvelope, type Json } from './support/http.ts';
import { d1 } from './support/wrangler.ts';

/**
 * The batch routes inside workerd with a real Temporal dev server. No Node worker runs here, so the batch
 * workflow is started (and can be signalled and cancelled) but its items stay queued unless a test plays
 * the compute plane through the internal API.
 */
const { stack, call, newUser, service } = client();

async function describeWorkflow(workflowId: string) {
  const res = await fetch(`${stack.temporalHttp}/api/v1/namespaces/default/workflows/${workflowId}`);
  return { status: res.status, json: (await res.json()) as Json };
}

const queries = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ query: `Who won round ${i + 1} of 2024?` }));

describe('POST /api/analyze/batch', () => {
  it('stores the batch and one queued analysis per item, and starts one batch workflow', async () => {
    const { token } = await newUser();
    const res = await call('POST', '/api/analyze/batch', { token, body: { queries: queries(3) } });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ id: expect.stringMatching(/^bt_/), status: 'running', total: 3 });
    expect(res.json.analyses).toHaveLength(3);
    const workflow = await describeWorkflow(`batch-${res.json.id}`);
    expect(workflow.status).toBe(200);
    expect(workflow.json.workflowExecutionInfo.type.name).toBe('analyzeBatch');

    const batch = await call('GET', `/api/batches/${res.json.id}`, { token });
    expect(batch.status).toBe(200);
    expect(batch.json).toMatchObject({
      id: res.json.id,
      status: 'running',
      total: 3,
      counts: { queued: 3, running: 0, succeeded: 0, failed: 0, cancelled: 0, needs_clarification: 0 },
    });
    expect(batch.json.analyses.map((a: Json) => a.id)).toEqual(res.json.analyses);
    const item = await call('GET', `/api/analyses/${res.json.analyses[1]}`, { token });
    expect(item.json).toMatchObject({ status: 'queued', query: 'Who won round 2 of 2024?' });
  });

  it('answers a repeated Idempotency-Key with the same ids, and a different body with 409', async () => {
    const { token } = await newUser();
    const headers = { 'idempotency-key': `batch-${Date.now()}` };
    const first = await call('POST', '/api/analyze/batch', { token, headers, body: { queries: queries(2) } });
    const again = await call('POST', '/api/analyze/batch', { token, headers, body: { queries: queries(2) } });
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.json.id).toBe(first.json.id);
    expect(again.json.analyses).toEqual(first.json.analyses);
    const list = await call('GET', '/api/analyses?limit=100', { token });
    expect(list.json.items).toHaveLength(2);
    const other = await call('POST', '/api/analyze/batch', { token, headers, body: { queries: queries(3) } });
    expect(other.status).toBe(409);
    expectEnvelope(other, 'conflict');
  });

  it('checks each item’s data as POST /api/analyze does, and hands it to the batch workflow', async () => {
    const alice = await newUser();
    const bob = await newUser();
    const upload = async (token: string, type = 'laps') => {
      const res = await call('POST', '/api/data/upload', { token, body: csvUpload({ type }) });
      expect(res.status).toBe(201);
      return res.json.id as string;
    };
    const own = await upload(alice.token);
    const weather = await upload(alice.token, 'weather');
    const bobs = await upload(bob.token);
    const item = (uploadId: string) => ({
      query: 'race pace comparison',
      data: { type: 'upload', parameters: { uploadId } },
    });

    // Another user's upload (or none such) among good items: 404, and nothing is created.
    for (const uploadId of [bobs, 'up_aaaaaaaaaaaaaaaaaaaa']) {
      const res = await call('POST', '/api/analyze/batch', {
        token: alice.token,
        headers: { 'idempotency-key': `refused-${uploadId}` },
        body: { queries: [{ query: 'Who won?' }, item(own), item(uploadId)] },
      });
      expect(res.status, uploadId).toBe(404);
      expectEnvelope(res, 'not_found');
    }
    const wrongType = await call('POST', '/api/analyze/batch', {
      token: alice.token,
      body: { queries: [item(weather)] },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error.message).toMatch(/laps or results table; this upload is weather/);
    const badShape = await call('POST', '/api/analyze/batch', {
      token: alice.token,
      body: { queries: [{ query: 'x', data: { type: 'upload', parameters: { uploadId: 'up_short' } } }] },
    });
    expect(badShape.status).toBe(400);
    expect((await call('GET', '/api/analyses?limit=100', { token: alice.token })).json.items).toEqual([]);
    for (const [table, only] of [
      ['batches', ''],
      ['analyses', ''],
      ['idempotency_keys', " and key like 'refused-%'"],
    ]) {
      const rows = await d1(
        stack,
        `select count(*) as n from ${table} where user_id = '${alice.user.id}'${only}`,
      );
      expect(rows[0]?.n, table).toBe(0);
    }

    // The caller's own upload: accepted, stored with the item and carried to the batch workflow.
    const ok = await call('POST', '/api/analyze/batch', {
      token: alice.token,
      body: { queries: [{ query: 'Who won?' }, item(own)] },
    });
    expect(ok.status).toBe(202);
    const history = await fetch(
      `${stack.temporalHttp}/api/v1/namespaces/default/workflows/batch-${ok.json.id}/history`,
    );
    const started = ((await history.json()) as Json).history.events[0]
      .workflowExecutionStartedEventAttributes;
    const items = started.input[0].items as Json[];
    expect(items[0]).not.toHaveProperty('data');
    expect(items[1]).toMatchObject({
      analysisId: ok.json.analyses[1],
      data: { type: 'upload', parameters: { uploadId: own } },
    });
  });

  it('validates the body: 1 to 100 questions', async () => {
    const { token } = await newUser();
    for (const body of [{}, { queries: [] }, { queries: queries(101) }, { queries: [{ query: '' }] }]) {
      const res = await call('POST', '/api/analyze/batch', { token, body });
      expect(res.status).toBe(400);
      expectEnvelope(res, 'invalid_request');
    }
    expectEnvelope(
      await call('POST', '/api/analyze/batch', { body: { queries: queries(1) } }),
      'unauthorized',
    );
  });
});

describe('a batch', () => {
  it('is hidden from other users', async () => {
    const alice = await newUser();
    const bob = await newUser();
    const { json } = await call('POST', '/api/analyze/batch', {
      token: alice.token,
      body: { queries: queries(1) },
    });
    for (const [method, path] of [
      ['GET', `/api/batches/${json.id}`],
      ['POST', `/api/batches/${json.id}/cancel`],
    ] as const) {
      const res = await call(method, path, { token: bob.token });
      expect(res.status).toBe(404);
      expectEnvelope(res, 'not_found');
    }
    expect((await call('GET', '/api/batches/bt_nope', { token: bob.token })).status).toBe(400);
  });

  it('cancels: the batch workflow is asked to stop, and a finished batch is a conflict', async () => {
    const { token } = await newUser();
    const { json } = await call('POST', '/api/analyze/batch', { token, body: { queries: queries(2) } });
    const res = await call('POST', `/api/batches/${json.id}/cancel`, { token });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ id: json.id, cancelRequested: true });
    expect((await call('GET', `/api/batches/${json.id}`, { token })).json.cancelRequested).toBe(true);

    // The compute plane reports the end; repeating the report changes nothing.
    const report = () =>
      call('POST', `/api/internal/batches/${json.id}/outcome`, {
        headers: service(),
        body: { status: 'cancelled' },
      });
    expect((await report()).json).toEqual({ status: 'cancelled', changed: true });
    expect((await report()).json).toEqual({ status: 'cancelled', changed: false });
    const again = await call('POST', `/api/batches/${json.id}/cancel`, { token });
    expect(again.status).toBe(409);
    expectEnvelope(again, 'conflict');
  });

  it('cancels one queued item through the batch workflow', async () => {
    const { token } = await newUser();
    const { json } = await call('POST', '/api/analyze/batch', { token, body: { queries: queries(2) } });
    const res = await call('POST', `/api/analyses/${json.analyses[1]}/cancel`, { token });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ id: json.analyses[1], cancelRequested: true });
    // The signal is in the batch workflow's history, waiting for a worker to act on it.
    const history = await fetch(
      `${stack.temporalHttp}/api/v1/namespaces/default/workflows/batch-${json.id}/history`,
    ).then((r) => r.json() as Promise<Json>);
    const signals = history.history.events.filter(
      (e: Json) => e.workflowExecutionSignaledEventAttributes?.signalName === 'cancelItem',
    );
    expect(signals).toHaveLength(1);
  });

  it('refuses the internal outcome route without the service token', async () => {
    const res = await call('POST', '/api/internal/batches/bt_aaaaaaaaaaaaaaaaaaaa/outcome', {
      body: { status: 'completed' },
    });
    expect(res.status).toBe(401);
  });
});
