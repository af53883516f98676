import { describe, expect, it } from 'vitest';
import { client, expectEnvelope, type Json } from './support/http.ts';

/**
 * The analyses routes inside workerd (`wrangler dev`, local D1 and R2) with a real Temporal dev server. No
 * Node worker runs here, so analyses stay queued unless a test plays the compute plane.
 */
const { stack, call, newUser, service } = client();
const api = stack.api;

async function describeWorkflow(workflowId: string) {
  const res = await fetch(`${stack.temporalHttp}/api/v1/namespaces/default/workflows/${workflowId}`);
  return { status: res.status, json: (await res.json()) as Json };
}

describe('health', () => {
  it('reports itself and Temporal', async () => {
    const res = await call('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'ok', temporal: 'ok' });
  });

  it('answers unknown API routes with the envelope, and serves the site elsewhere', async () => {
    const res = await call('GET', '/api/nope');
    expect(res.status).toBe(404);
    expectEnvelope(res, 'not_found');
    const page = await fetch(`${api}/analyses/anything`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
  });
});

describe('models', () => {
  it('lists the registry for a signed-in user', async () => {
    const { token } = await newUser();
    const res = await call('GET', '/api/models', { token });
    expect(res.status).toBe(200);
    expect(res.json.items).toContainEqual(expect.objectContaining({ id: 'builtin', available: true }));
    expectEnvelope(await call('GET', '/api/models'), 'unauthorized');
  });
});

describe('analyze', () => {
  it('stores a queued analysis and starts its workflow in Temporal', async () => {
    const { token } = await newUser();
    const res = await call('POST', '/api/analyze', {
      token,
      body: { query: 'Who won the 2023 Monaco Grand Prix?' },
    });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ id: expect.stringMatching(/^an_/), status: 'queued' });
    const workflow = await describeWorkflow(`analysis-${res.json.id}`);
    expect(workflow.status).toBe(200);
    expect(workflow.json.workflowExecutionInfo.type.name).toBe('analyzeQuestion');
    const stored = await call('GET', `/api/analyses/${res.json.id}`, { token });
    expect(stored.json).toMatchObject({
      id: res.json.id,
      status: 'queued',
      query: 'Who won the 2023 Monaco Grand Prix?',
    });
  });

  it('validates the body', async () => {
    const { token } = await newUser();
    for (const body of [
      {},
      { query: '' },
      { query: 'x'.repeat(600) },
      { query: 'ok?', data: { type: 'weather' } },
    ]) {
      const res = await call('POST', '/api/analyze', { token, body });
      expect(res.status).toBe(400);
      expectEnvelope(res, 'invalid_request');
    }
  });

  it('hides other users’ analyses', async () => {
    const alice = await newUser();
    const bob = await newUser();
    const { json } = await call('POST', '/api/analyze', {
      token: alice.token,
      body: { query: 'who won monaco 2023?' },
    });
    const res = await call('GET', `/api/analyses/${json.id}`, { token: bob.token });
    expect(res.status).toBe(404);
    expectEnvelope(res, 'not_found');
    expect((await call('GET', `/api/analyses/${json.id}/events`, { token: bob.token })).status).toBe(404);
    expect((await call('POST', `/api/analyses/${json.id}/cancel`, { token: bob.token })).status).toBe(404);
    const put = await fetch(`${api}/api/internal/analyses/${json.id}/files/chart.svg`, {
      method: 'PUT',
      headers: { ...service(), 'content-type': 'image/svg+xml' },
      body: '<svg xmlns="http://www.w3.org/2000/svg"/>',
    });
    expect(put.status).toBe(201);
    expect(
      (await call('GET', `/api/analyses/${json.id}/files/chart.svg`, { token: alice.token })).status,
    ).toBe(200);
    const stolen = await call('GET', `/api/analyses/${json.id}/files/chart.svg`, { token: bob.token });
    expect(stolen.status).toBe(404);
    expectEnvelope(stolen, 'not_found');
    const listed = await call('GET', '/api/analyses', { token: bob.token });
    expect(listed.json.items).toEqual([]);
  });

  it('validates ids, names and query parameters', async () => {
    const { token } = await newUser();
    for (const path of [
      '/api/analyses/not-an-id',
      '/api/analyses/an_aaaaaaaaaaaaaaaaaaaa/files/..%2Fsecret',
      '/api/analyses?status=done',
      '/api/analyses?cursor=%%%',
      '/api/analyses/an_aaaaaaaaaaaaaaaaaaaa/events?after=-1',
    ]) {
      const res = await call('GET', path, { token });
      expect(res.status, path).toBe(400);
      expectEnvelope(res, 'invalid_request');
    }
    expectEnvelope(await call('GET', '/api/analyses/an_aaaaaaaaaaaaaaaaaaaa', { token }), 'not_found');
  });

  it('pages the history newest first', async () => {
    const { token } = await newUser();
    const ids = [];
    for (const q of ['who won monaco 2023?', 'who won monza 2023?', 'who won spa 2023?']) {
      ids.push((await call('POST', '/api/analyze', { token, body: { query: q } })).json.id);
    }
    const first = await call('GET', '/api/analyses?limit=2', { token });
    const second = await call(
      'GET',
      `/api/analyses?limit=2&cursor=${encodeURIComponent(first.json.nextCursor)}`,
      { token },
    );
    const listed = [...first.json.items, ...second.json.items].map((a: Json) => a.id);
    expect(listed).toEqual([...ids].reverse());
    expect(second.json.nextCursor).toBeNull();
    expect((await call('GET', '/api/analyses?limit=500', { token })).status).toBe(400);
  });

  it('cancels a queued analysis through Temporal', async () => {
    const { token } = await newUser();
    const { json } = await call('POST', '/api/analyze', { token, body: { query: 'who won monaco 2023?' } });
    const res = await call('POST', `/api/analyses/${json.id}/cancel`, { token });
    expect(res.status).toBe(202);
  });
});

describe('data by type', () => {
  it('answers season, race and driver bundles nobody published with 404 in the envelope', async () => {
    const { token } = await newUser();
    for (const path of [
      '/api/data/season/1951',
      '/api/data/race/1951-3',
      '/api/data/driver/no_such_driver',
    ]) {
      const res = await call('GET', path, { token });
      expect(res.status, path).toBe(404);
      expectEnvelope(res, 'not_found');
      expect(res.json.error.message).toContain('has been published');
    }
    // Bundles are public data: without an account the answer is the same.
    expect((await call('GET', '/api/data/season/1951')).status).toBe(404);
  });
});
