import { describe, expect, it } from 'vitest';
import { client } from './support/http.ts';
import { d1 } from './support/wrangler.ts';

/** The result cache's internal routes: lookup, store, and adopting a cached result into a new analysis. */
const { stack, call, newUser, service } = client();
const api = stack.api;

const key = (c: string) => c.repeat(64);
const usage = { inputTokens: 12, outputTokens: 0, costUsd: 0.001 };
const svg = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="2" height="3"/></svg>';
const result = {
  answer: 'Max Verstappen won.',
  facts: [{ label: 'winner', value: 'Max Verstappen' }],
  tables: [{ name: 'classification', columns: ['Pos', 'Driver'], rows: [[1, 'Max Verstappen']] }],
  charts: [],
  sources: [{ name: 'test', detail: 'd', license: 'CC BY 4.0' }],
  quality: [],
  model: { assistant: 'builtin', model: 'm', usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 } },
};

async function newAnalysis(token: string, body: object = {}) {
  const res = await call('POST', '/api/analyze', { token, body: { query: 'who won monaco 2023?', ...body } });
  expect(res.status).toBe(202);
  return res.json.id as string;
}

/** An analysis that succeeded with `result` and one chart file, as the compute plane would leave it. */
async function succeeded(token: string) {
  const id = await newAnalysis(token);
  const put = await fetch(`${api}/api/internal/analyses/${id}/files/chart.svg`, {
    method: 'PUT',
    headers: { ...service(), 'content-type': 'image/svg+xml' },
    body: svg,
  });
  expect(put.status).toBe(201);
  const outcome = await call('POST', `/api/internal/analyses/${id}/outcome`, {
    headers: service(),
    body: { status: 'succeeded', result },
  });
  expect(outcome.json).toMatchObject({ status: 'succeeded' });
  return id;
}

const lookup = (k: string) =>
  call('POST', '/api/internal/result-cache/lookup', { headers: service(), body: { key: k } });
const store = (k: string, analysisId: string) =>
  call('POST', '/api/internal/result-cache', {
    headers: service(),
    body: { key: k, analysisId, dataVersion: '6:2026-01-01T00:00:00.000Z:100:0:0' },
  });
const adopt = (id: string, k: string) =>
  call('POST', `/api/internal/analyses/${id}/adopt`, { headers: service(), body: { key: k, usage } });

describe('result cache (internal API)', () => {
  it('requires the service token and a sha256 key', async () => {
    const user = await newUser();
    expect(
      (await call('POST', '/api/internal/result-cache/lookup', { body: { key: key('a') } })).status,
    ).toBe(401);
    const asUser = await call('POST', '/api/internal/result-cache/lookup', {
      token: user.token,
      body: { key: key('a') },
    });
    expect(asUser.status).toBe(401);
    expect((await lookup('not-a-key')).status).toBe(400);
    expect((await lookup(key('A'))).status).toBe(400);
  });

  it('stores a succeeded analysis once, serves it to another user with its files, and counts the hit', async () => {
    const owner = await newUser();
    const source = await succeeded(owner.token);
    const k = key('1');
    expect((await lookup(k)).json).toEqual({ hit: false });

    const first = await store(k, source);
    expect(first.status).toBe(201);
    expect(first.json).toEqual({ stored: true });
    // The first result for a key stays.
    const other = await succeeded(owner.token);
    const second = await store(k, other);
    expect(second.status).toBe(200);
    expect(second.json).toEqual({ stored: false });
    expect((await lookup(k)).json).toEqual({ hit: true, analysisId: source });

    const reader = await newUser();
    const target = await newAnalysis(reader.token);
    const adopted = await adopt(target, k);
    expect(adopted.status).toBe(200);
    expect(adopted.json).toEqual({ adopted: true, from: source, changed: true });

    const view = await call('GET', `/api/analyses/${target}`, { token: reader.token });
    expect(view.json.status).toBe('succeeded');
    expect(view.json.progress).toEqual({ step: 'persist', done: 7, total: 7 });
    expect(view.json.result).toEqual({ ...result, model: { ...result.model, usage }, cachedFrom: source });
    const file = await fetch(`${api}/api/analyses/${target}/files/chart.svg`, {
      headers: { authorization: `Bearer ${reader.token}` },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/svg+xml');
    expect(await file.text()).toBe(svg);
    // The copy is the reader's; the source stays its owner's alone.
    const foreign = await fetch(`${api}/api/analyses/${source}/files/chart.svg`, {
      headers: { authorization: `Bearer ${reader.token}` },
    });
    expect(foreign.status).toBe(404);

    // A retried adoption changes nothing and says so.
    expect((await adopt(target, k)).json).toEqual({ adopted: true, from: source, changed: false });
    const [row] = await d1(stack, `select hits, analysis_id from result_cache where key = '${k}'`);
    expect(row).toMatchObject({ hits: 1, analysis_id: source });

    // A reused result is never entered as a source of its own.
    expect((await store(key('2'), target)).json).toEqual({ stored: false });
    expect((await lookup(key('2'))).json).toEqual({ hit: false });
  });

  it('refuses what must not be cached: unfinished analyses, user data, finished targets, unknown keys', async () => {
    const user = await newUser();
    const running = await newAnalysis(user.token);
    expect((await store(key('3'), running)).status).toBe(409);
    expect((await store(key('3'), 'an_aaaaaaaaaaaaaaaaaaaa')).status).toBe(404);
    expect((await adopt(running, key('4'))).json).toEqual({
      adopted: false,
      reason: 'no usable cache entry',
    });

    // An analysis that read an upload is never entered, nor served if an entry points at it.
    const private_ = await succeeded(user.token);
    await d1(
      stack,
      `update analyses set request = '{"data":{"type":"upload","parameters":{"uploadId":"up_aaaaaaaaaaaaaaaaaaaa"}},"model":null}' where id = '${private_}'`,
    );
    expect((await store(key('5'), private_)).status).toBe(409);
    await d1(
      stack,
      `insert into result_cache (key, analysis_id, data_version) values ('${key('6')}', '${private_}', 'v')`,
    );
    expect((await lookup(key('6'))).json).toEqual({ hit: false });
    expect(await d1(stack, `select key from result_cache where key = '${key('6')}'`)).toEqual([]);

    // Nor is a cached result handed to an analysis that reads user data.
    const source = await succeeded(user.token);
    expect((await store(key('7'), source)).status).toBe(201);
    const uploadTarget = await newAnalysis(user.token);
    await d1(
      stack,
      `update analyses set request = '{"data":{"type":"upload","parameters":{"uploadId":"up_aaaaaaaaaaaaaaaaaaaa"}},"model":null}' where id = '${uploadTarget}'`,
    );
    expect((await adopt(uploadTarget, key('7'))).json).toEqual({
      adopted: false,
      reason: 'the analysis reads user data',
    });
    // A computed success is never overwritten by a cached one.
    const computed = await succeeded(user.token);
    expect((await adopt(computed, key('7'))).json).toEqual({
      adopted: false,
      reason: 'the analysis has succeeded with a computed result',
    });
  });

  it('accepts cache: false on POST /api/analyze and rejects a cache flag that is not a boolean', async () => {
    const { token } = await newUser();
    expect(
      (await call('POST', '/api/analyze', { token, body: { query: 'who won monaco 2023?', cache: false } }))
        .status,
    ).toBe(202);
    const bad = await call('POST', '/api/analyze', {
      token,
      body: { query: 'who won monaco 2023?', cache: 'no' },
    });
    expect(bad.status).toBe(400);
    const doc = await call('GET', '/api/openapi.json');
    expect(JSON.stringify(doc.json)).toContain('"cache"');
  });
});
