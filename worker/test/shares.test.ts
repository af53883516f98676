import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { client, csvUpload, expectEnvelope } from './support/http.ts';
import { d1 } from './support/wrangler.ts';

/**
 * Shared links inside workerd with real D1, R2 and Temporal: the owner shares an answered analysis, anyone
 * with the link reads it (and its charts) without an account, and revoking or sharing again kills the old
 * link. No Node worker runs here, so the tests play the compute plane through the internal API.
 */
const { stack, call, newUser, service } = client();
const tight = client('tight');

const svg = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="2" height="3"/></svg>';
const result = {
  answer: 'Max Verstappen won the 2023 Monaco Grand Prix.',
  facts: [{ label: 'winner', value: 'Max Verstappen' }],
  tables: [],
  charts: [],
  sources: [{ name: 'Ergast/Jolpica-F1', detail: 'results', license: 'CC BY-NC-SA 4.0' }],
  quality: [],
  model: { assistant: 'builtin', model: 'builtin', usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 } },
};

async function ask(token: string, body: object = {}) {
  const res = await call('POST', '/api/analyze', {
    token,
    body: { query: 'Who won the 2023 Monaco Grand Prix?', ...body },
  });
  expect(res.status).toBe(202);
  return res.json.id as string;
}

/** Plays the compute plane: one chart file, then the result. */
async function answer(id: string, outcome: object = { status: 'succeeded', result }) {
  const put = await fetch(`${stack.api}/api/internal/analyses/${id}/files/winner.svg`, {
    method: 'PUT',
    headers: { ...service(), 'content-type': 'image/svg+xml' },
    body: svg,
  });
  expect(put.status).toBe(201);
  const done = await call('POST', `/api/internal/analyses/${id}/outcome`, {
    headers: service(),
    body: outcome,
  });
  expect(done.status).toBe(200);
}

async function answered(token: string) {
  const id = await ask(token);
  await answer(id);
  return id;
}

const share = (token: string, id: string) => call('POST', `/api/analyses/${id}/share`, { token });
const tokenOf = (url: string) => url.split('/shared/')[1] ?? '';

describe('sharing an analysis by link', () => {
  it('gives the owner an unguessable link that anyone opens read-only, with its files, signed out', async () => {
    const owner = await newUser();
    const id = await answered(owner.token);
    const shared = await share(owner.token, id);
    expect(shared.status).toBe(201);
    expect(shared.json.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(shared.json.url).toBe(`${stack.api}/shared/${shared.json.token}`);
    expect(shared.headers.get('cache-control')).toBe('no-store');
    const state = await call('GET', `/api/analyses/${id}/share`, { token: owner.token });
    expect(state.status).toBe(200);
    expect(state.json).toEqual({ sharedAt: shared.json.sharedAt });

    const opened = await call('GET', `/api/shared/${shared.json.token}`);
    expect(opened.status).toBe(200);
    expect(opened.json).toMatchObject({
      query: 'Who won the 2023 Monaco Grand Prix?',
      status: 'succeeded',
      sharedAt: shared.json.sharedAt,
      result: { answer: result.answer, facts: result.facts },
      links: { self: `/api/shared/${shared.json.token}` },
    });
    // Nothing that is the owner's alone: not their id, name, the analysis id or the request.
    for (const secret of [owner.user.id, owner.user.username, id]) expect(opened.text).not.toContain(secret);
    expect(opened.json).not.toHaveProperty('request');
    expect(opened.headers.get('x-robots-tag')).toContain('noindex');

    const file = await fetch(`${stack.api}/api/shared/${shared.json.token}/files/winner.svg`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/svg+xml');
    expect(await file.text()).toBe(svg);
    for (const name of ['result.json', 'missing.svg', 'UPPER.svg', '..%2Fsecrets']) {
      const res = await call('GET', `/api/shared/${shared.json.token}/files/${name}`);
      expect(res.status, name).toBe(404);
      expectEnvelope(res, 'not_found');
    }
  });

  it('stores only the SHA-256 of the token, so a database read yields no working link', async () => {
    const owner = await newUser();
    const id = await answered(owner.token);
    const { token } = (await share(owner.token, id)).json;
    const rows = await d1(stack, `select * from analysis_shares where analysis_id = '${id}'`);
    expect(rows).toHaveLength(1);
    const hash = createHash('sha256').update(token).digest('hex');
    expect(rows[0]?.token_hash).toBe(hash);
    expect(JSON.stringify(rows)).not.toContain(token);
    // The hash itself is not a link.
    expectEnvelope(await call('GET', `/api/shared/${hash}`), 'not_found');
  });

  it('revoking makes the link 404 (files too); sharing again makes a new link and the old one stays dead', async () => {
    const owner = await newUser();
    const id = await answered(owner.token);
    const first = tokenOf((await share(owner.token, id)).json.url);
    expect((await call('GET', `/api/shared/${first}`)).status).toBe(200);

    const revoked = await call('DELETE', `/api/analyses/${id}/share`, { token: owner.token });
    expect(revoked.status).toBe(200);
    expect(revoked.json).toEqual({ revoked: true });
    for (const path of [`/api/shared/${first}`, `/api/shared/${first}/files/winner.svg`]) {
      const res = await call('GET', path);
      expect(res.status, path).toBe(404);
      expectEnvelope(res, 'not_found');
    }
    expect((await call('GET', `/api/analyses/${id}/share`, { token: owner.token })).status).toBe(404);
    // Revoking what is not shared is no error.
    const again = await call('DELETE', `/api/analyses/${id}/share`, { token: owner.token });
    expect(again.json).toEqual({ revoked: false });

    const second = tokenOf((await share(owner.token, id)).json.url);
    expect(second).not.toBe(first);
    expect((await call('GET', `/api/shared/${second}`)).status).toBe(200);
    expect((await call('GET', `/api/shared/${first}`)).status).toBe(404);
    // Sharing a shared analysis again replaces its link.
    const third = tokenOf((await share(owner.token, id)).json.url);
    expect((await call('GET', `/api/shared/${second}`)).status).toBe(404);
    expect((await call('GET', `/api/shared/${third}`)).status).toBe(200);
  });

  it('lets only the owner share, see or revoke: another user’s analysis is 404, no token is 401', async () => {
    const alice = await newUser();
    const bob = await newUser();
    const id = await answered(alice.token);
    const link = (await share(alice.token, id)).json.token as string;
    for (const method of ['POST', 'GET', 'DELETE']) {
      const res = await call(method, `/api/analyses/${id}/share`, { token: bob.token });
      expect(res.status, method).toBe(404);
      expectEnvelope(res, 'not_found');
      const anonymous = await call(method, `/api/analyses/${id}/share`);
      expect(anonymous.status, method).toBe(401);
      expectEnvelope(anonymous, 'unauthorized');
    }
    // Bob's attempts changed nothing.
    expect((await call('GET', `/api/shared/${link}`)).status).toBe(200);
    for (const path of ['/api/analyses/an_aaaaaaaaaaaaaaaaaaaa/share', '/api/analyses/nope/share']) {
      const res = await call('POST', path, { token: alice.token });
      expect(res.status, path).toBe(path.includes('nope') ? 400 : 404);
    }
  });

  it('refuses (409) an analysis without an answer, and one that reads an upload', async () => {
    const owner = await newUser();
    const queued = await ask(owner.token);
    const early = await share(owner.token, queued);
    expect(early.status).toBe(409);
    expectEnvelope(early, 'conflict');

    const failed = await ask(owner.token);
    await answer(failed, { status: 'failed', error: { code: 'no_data', message: 'no data' } });
    expect((await share(owner.token, failed)).status).toBe(409);

    const up = await call('POST', '/api/data/upload', { token: owner.token, body: csvUpload() });
    expect(up.status).toBe(201);
    const ofUpload = await ask(owner.token, {
      query: 'race pace comparison',
      data: { type: 'upload', parameters: { uploadId: up.json.id } },
    });
    await answer(ofUpload);
    const refused = await share(owner.token, ofUpload);
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/upload/);
    expect(await d1(stack, `select * from analysis_shares where analysis_id = '${ofUpload}'`)).toEqual([]);
  });

  it('answers any token that opens nothing with the 404 envelope, never a 500', async () => {
    for (const token of [
      'A'.repeat(32),
      'short',
      'A'.repeat(33),
      '%00',
      "'%20or%201=1--",
      '..%2F..%2Fanalyses',
      'x'.repeat(300),
    ]) {
      const res = await call('GET', `/api/shared/${token}`);
      expect(res.status, token).toBe(404);
      expectEnvelope(res, 'not_found');
      const file = await call('GET', `/api/shared/${token}/files/winner.svg`);
      expect(file.status, token).toBe(404);
    }
    const post = await call('POST', `/api/shared/${'A'.repeat(32)}`, { body: {} });
    expect(post.status).toBe(405);
  });
});

describe('public reads', () => {
  it('are still limited per address', async () => {
    const headers = { 'cf-connecting-ip': '203.0.113.77' };
    const statuses: number[] = [];
    // The tight stack allows 40 requests per address per minute.
    for (let i = 0; i < 45; i++) {
      statuses.push((await tight.call('GET', '/api/data/driver/nobody_at_all', { headers })).status);
    }
    expect(statuses.slice(0, 40).every((s) => s === 404)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const limited = await tight.call('GET', `/api/shared/${'A'.repeat(32)}`, { headers });
    expect(limited.status).toBe(429);
    expectEnvelope(limited, 'rate_limited');
    // Another address is not affected.
    const other = await tight.call('GET', '/api/data/driver/nobody_at_all', {
      headers: { 'cf-connecting-ip': '203.0.113.78' },
    });
    expect(other.status).toBe(404);
  });
});
