import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Stack, startStack } from '@pitwall/scripts/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The Worker's routes inside workerd (`wrangler dev`, local D1 and R2), talking to a real Temporal dev
 * server. No Node worker runs here, so analyses stay queued unless a test plays the compute plane through
 * the internal API.
 */
let stack: Stack;
let api: string;
const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-routes-'));

beforeAll(async () => {
  stack = await startStack({ dataDir, worker: false });
  api = stack.urls.api;
}, 180_000);
afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers.
type Json = Record<string, any>;
async function call(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Json } = {},
) {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: {
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body:
      typeof opts.body === 'string'
        ? opts.body
        : opts.body === undefined
          ? undefined
          : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let json: Json = {};
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, json, text, headers: res.headers };
}

let userCount = 0;
async function newUser() {
  userCount += 1;
  const res = await call('POST', '/api/auth/register', {
    body: { username: `user_${userCount}_${Date.now()}`, password: 'correct horse battery' },
  });
  expect(res.status).toBe(201);
  return res.json as { token: string; user: { id: string; username: string } };
}

const service = () => ({ authorization: `Bearer ${stack.secrets.serviceToken}` });

function expectEnvelope(res: { json: Json }, code: string) {
  expect(res.json).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
}

async function describeWorkflow(workflowId: string) {
  const res = await fetch(`${stack.urls.temporalHttp}/api/v1/namespaces/default/workflows/${workflowId}`);
  return { status: res.status, json: (await res.json()) as Json };
}

describe('health and errors', () => {
  it('reports itself and Temporal', async () => {
    const res = await call('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'ok', temporal: 'ok' });
  });

  it('answers unknown API routes with the envelope', async () => {
    const res = await call('GET', '/api/nope');
    expect(res.status).toBe(404);
    expectEnvelope(res, 'not_found');
  });

  it('serves the site for other paths', async () => {
    const res = await fetch(`${api}/analyses/anything`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<html');
  });
});

describe('auth', () => {
  it('registers, refuses a taken name and logs in', async () => {
    const username = `driver_${Date.now()}`;
    const body = { username, password: 'correct horse battery' };
    const created = await call('POST', '/api/auth/register', { body });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      token: expect.any(String),
      user: { id: expect.stringMatching(/^usr_/), username },
    });
    expectEnvelope(await call('POST', '/api/auth/register', { body }), 'conflict');
    const login = await call('POST', '/api/auth/login', { body });
    expect(login.status).toBe(200);
    expect(login.json.user).toEqual(created.json.user);
  });

  it('rejects wrong passwords and unknown users alike', async () => {
    const { user } = await newUser();
    const wrong = await call('POST', '/api/auth/login', {
      body: { username: user.username, password: 'not the password' },
    });
    const unknown = await call('POST', '/api/auth/login', {
      body: { username: 'nobody_here', password: 'whatever123' },
    });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.json).toEqual(unknown.json);
  });

  it('explains invalid credentials and malformed JSON', async () => {
    const bad = await call('POST', '/api/auth/register', {
      body: { username: 'No Spaces', password: 'short' },
    });
    expect(bad.status).toBe(400);
    expectEnvelope(bad, 'invalid_request');
    expect(bad.json.error.details.issues.length).toBeGreaterThanOrEqual(2);
    const malformed = await call('POST', '/api/auth/login', { body: '{"username":' });
    expect(malformed.status).toBe(400);
    expectEnvelope(malformed, 'invalid_request');
  });

  it('requires a valid token', async () => {
    expectEnvelope(await call('GET', '/api/analyses'), 'unauthorized');
    const forged = await call('GET', '/api/analyses', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.AAAA' });
    expect(forged.status).toBe(401);
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

  it('returns the first answer for a repeated Idempotency-Key, even when sent concurrently', async () => {
    const { token } = await newUser();
    const body = { query: 'Who won the 2024 São Paulo Grand Prix?' };
    const headers = { 'idempotency-key': `key-${Date.now()}` };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => call('POST', '/api/analyze', { token, body, headers })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
    expect(new Set(answers.map((a) => a.json.id)).size).toBe(1);
    const list = await call('GET', '/api/analyses', { token });
    expect(list.json.items).toHaveLength(1);
    const other = await call('POST', '/api/analyze', { token, body: { query: 'something else?' }, headers });
    expect(other.status).toBe(409);
    expectEnvelope(other, 'conflict');
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

describe('internal API (the compute plane)', () => {
  it('requires the service token', async () => {
    const res = await call('POST', '/api/internal/analyses/an_aaaaaaaaaaaaaaaaaaaa/events', {
      body: { key: 'k', step: 'plan', phase: 'started', message: 'm' },
    });
    expect(res.status).toBe(401);
    const user = await newUser();
    const asUser = await call('POST', '/api/internal/analyses/an_aaaaaaaaaaaaaaaaaaaa/events', {
      token: user.token,
      body: { key: 'k', step: 'plan', phase: 'started', message: 'm' },
    });
    expect(asUser.status).toBe(401);
  });

  it('stores events once per key, streams them resumably, and stores files and the result', async () => {
    const { token } = await newUser();
    const { json } = await call('POST', '/api/analyze', { token, body: { query: 'who won monaco 2023?' } });
    const id = json.id as string;
    const event = {
      key: 'plan:started',
      step: 'plan',
      phase: 'started',
      message: 'plan started',
      progress: { step: 'plan', done: 0, total: 7 },
    };
    expect(
      (await call('POST', `/api/internal/analyses/${id}/events`, { headers: service(), body: event })).status,
    ).toBe(201);
    expect(
      (await call('POST', `/api/internal/analyses/${id}/events`, { headers: service(), body: event })).status,
    ).toBe(200);
    await call('POST', `/api/internal/analyses/${id}/events`, {
      headers: service(),
      body: { ...event, key: 'plan:done', phase: 'done', message: 'plan done' },
    });
    expect((await call('GET', `/api/analyses/${id}`, { token })).json.status).toBe('running');

    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>';
    const put = await fetch(`${api}/api/internal/analyses/${id}/files/chart.svg`, {
      method: 'PUT',
      headers: { ...service(), 'content-type': 'image/svg+xml' },
      body: svg,
    });
    expect(put.status).toBe(201);
    const badType = await fetch(`${api}/api/internal/analyses/${id}/files/x.html`, {
      method: 'PUT',
      headers: { ...service(), 'content-type': 'text/html' },
      body: '<script>alert(1)</script>',
    });
    expect(badType.status).toBe(415);

    const result = {
      answer: 'done',
      facts: [{ label: 'season', value: 2023 }],
      tables: [],
      charts: [],
      sources: [{ name: 'test', detail: 'd', license: 'CC BY 4.0' }],
      quality: [],
      model: { assistant: 'builtin', model: 'm', usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 } },
    };
    const outcome = await call('POST', `/api/internal/analyses/${id}/outcome`, {
      headers: service(),
      body: { status: 'succeeded', result },
    });
    expect(outcome.json).toEqual({ status: 'succeeded', changed: true });
    const late = await call('POST', `/api/internal/analyses/${id}/outcome`, {
      headers: service(),
      body: { status: 'failed', error: { code: 'x', message: 'late' } },
    });
    expect(late.json).toEqual({ status: 'succeeded', changed: false });

    const done = await call('GET', `/api/analyses/${id}`, { token });
    expect(done.json).toMatchObject({ status: 'succeeded', result });
    const file = await fetch(`${api}/api/analyses/${id}/files/chart.svg`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(file.headers.get('content-type')).toBe('image/svg+xml');
    expect(await file.text()).toBe(svg);

    const all = await fetch(`${api}/api/analyses/${id}/events`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(all.headers.get('content-type')).toContain('text/event-stream');
    const stream = await all.text();
    expect(stream.match(/event: progress/g)).toHaveLength(2);
    expect(stream).toContain('event: end');
    const resumed = await (
      await fetch(`${api}/api/analyses/${id}/events?after=1`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).text();
    expect(resumed.match(/event: progress/g)).toHaveLength(1);
    expect(resumed).toContain('"step":"plan","phase":"done"');
  });
});
