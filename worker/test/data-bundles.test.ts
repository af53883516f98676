import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { client, expectEnvelope, type Json } from './support/http.ts';

/**
 * Data bundles in workerd (wrangler dev, local R2 and Cache API): the compute plane publishes them
 * through the internal API (gzipped, validated, content-addressed) and users read them with ETags.
 * The bundles here are small hand-made ones; the real builders are tested in workflows/ and scripts/e2e.
 */
const { call, newUser, service } = client();

const source = { name: 'Ergast/Jolpica-F1', detail: 'test', license: 'CC BY-NC-SA 4.0' };
const result = (driver: string, position: number, grid: number, points: number) => ({
  position,
  positionText: String(position),
  positionOrder: position,
  driver,
  constructor: 'red_bull',
  number: 1,
  grid,
  points,
  laps: 71,
  timeMs: position === 1 ? 5_400_000 : null,
  status: 'Finished',
  fastestLap: null,
  fastestLapRank: null,
  fastestLapTimeMs: null,
  source: 'ergast',
});

function raceBundle(id: string, winner = 'max_verstappen') {
  const [season, round] = id.split('-').map(Number);
  return {
    version: 1,
    type: 'race',
    id,
    race: {
      season,
      round,
      name: 'Test Grand Prix',
      date: '2099-05-01',
      time: null,
      laps: 71,
      sprintWeekend: false,
      circuit: { ref: 'interlagos', name: 'Interlagos', location: 'São Paulo', country: 'Brazil' },
    },
    sessions: [{ kind: 'race', startsAt: '2099-05-01T17:00:00Z' }],
    drivers: [{ ref: winner, code: 'VER', name: 'Max Verstappen' }],
    constructors: [{ ref: 'red_bull', name: 'Red Bull', colour: '#3671C6' }],
    results: { race: [result(winner, 1, 17, 25)], sprint: [] },
    qualifying: [],
    startingGrid: [],
    laps: [
      {
        driver: winner,
        lap: 1,
        position: 1,
        timeMs: 90_000,
        sector1Ms: null,
        sector2Ms: null,
        sector3Ms: null,
        compound: 'INTERMEDIATE',
        tyreLife: 1,
        stint: 1,
        pitIn: false,
        pitOut: false,
        trackStatus: '1',
        endTimeMs: null,
        flag: null,
        source: 'fastf1',
      },
    ],
    stints: [],
    pitStops: [],
    weather: null,
    sources: [source],
  };
}

const seasonBundle = (season: number) => ({
  version: 1,
  type: 'season',
  id: String(season),
  season,
  calendar: [],
  winners: [],
  drivers: [],
  constructors: [],
  standings: { afterRound: null, drivers: [], constructors: [] },
  pointsByRound: [],
  sources: [],
});

// Seasons far in the future, one per use: no test sees another's bundle.
let nextSeason = 2100 + Math.floor(Math.random() * 500);
const unique = () => nextSeason++;
const sha = (json: string) => createHash('sha256').update(json).digest('hex');

async function publish(type: string, id: string, bundle: unknown, opts: { gzip?: boolean } = {}) {
  const json = JSON.stringify(bundle);
  const res = await fetch(`${client().stack.api}/api/internal/data/${type}/${id}`, {
    method: 'PUT',
    headers: {
      ...service(),
      'content-type': 'application/json',
      ...(opts.gzip === false ? {} : { 'content-encoding': 'gzip' }),
    },
    body: opts.gzip === false ? json : new Uint8Array(gzipSync(json)),
  });
  return { status: res.status, json: (await res.json()) as Json, sha256: sha(json), text: json };
}

describe('GET /api/data/:type/:id', () => {
  it('serves a published race bundle with its sha256 as ETag, from the edge cache after the first read', async () => {
    const id = `${unique()}-21`;
    const bundle = raceBundle(id);
    const put = await publish('race', id, bundle);
    expect(put.status).toBe(201);
    expect(put.json).toMatchObject({ stored: true, sha256: put.sha256, bytes: Buffer.byteLength(put.text) });
    expect(put.json.gzipBytes).toBeLessThan(put.text.length);

    const { token } = await newUser();
    const first = await call('GET', `/api/data/race/${id}`, { token });
    expect(first.status).toBe(200);
    expect(first.json).toEqual(bundle);
    expect(first.text).toBe(put.text);
    expect(first.headers.get('etag')).toBe(`"${put.sha256}"`);
    expect(first.headers.get('content-type')).toContain('application/json');
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');
    expect(first.headers.get('x-edge-cache')).toBe('MISS');

    // The Cache API put runs after the answer (waitUntil): the next read finds it shortly.
    let again = await call('GET', `/api/data/race/${id}`, { token });
    for (let i = 0; i < 20 && again.headers.get('x-edge-cache') !== 'HIT'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      again = await call('GET', `/api/data/race/${id}`, { token });
    }
    expect(again.headers.get('x-edge-cache')).toBe('HIT');
    expect(again.text).toBe(put.text);
    expect(again.headers.get('etag')).toBe(`"${put.sha256}"`);
  });

  it('answers 304 to If-None-Match with the current ETag, and the body to a stale one', async () => {
    const id = `${unique()}-3`;
    const put = await publish('race', id, raceBundle(id));
    const { token } = await newUser();
    const etag = `"${put.sha256}"`;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"nope", ${etag}`, '*']) {
      const res = await call('GET', `/api/data/race/${id}`, {
        token,
        headers: { 'if-none-match': ifNoneMatch },
      });
      expect(res.status, ifNoneMatch).toBe(304);
      expect(res.text).toBe('');
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    }
    const stale = await call('GET', `/api/data/race/${id}`, {
      token,
      headers: { 'if-none-match': `"${'0'.repeat(64)}"` },
    });
    expect(stale.status).toBe(200);
    expect(stale.json.id).toBe(id);
  });

  it('marks a URL pinned to the current content (?v=sha256) immutable', async () => {
    const id = String(unique());
    const put = await publish('season', id, seasonBundle(Number(id)), { gzip: false });
    expect(put.status).toBe(201);
    const { token } = await newUser();
    const pinned = await call('GET', `/api/data/season/${id}?v=${put.sha256}`, { token });
    expect(pinned.status).toBe(200);
    expect(pinned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const other = await call('GET', `/api/data/season/${id}?v=${'a'.repeat(64)}`, { token });
    expect(other.headers.get('cache-control')).toBe('public, max-age=300');
    expect((await call('GET', `/api/data/season/${id}?v=short`, { token })).status).toBe(400);
  });

  it('does not rewrite unchanged content, and serves new content (new ETag) as soon as it is published', async () => {
    const id = `${unique()}-7`;
    const v1 = await publish('race', id, raceBundle(id));
    expect(v1.status).toBe(201);
    const same = await publish('race', id, raceBundle(id));
    expect(same.status).toBe(200);
    expect(same.json).toMatchObject({ stored: false, sha256: v1.sha256 });

    const { token } = await newUser();
    await call('GET', `/api/data/race/${id}`, { token });
    await call('GET', `/api/data/race/${id}`, { token });
    const v2 = await publish('race', id, raceBundle(id, 'norris'));
    expect(v2.status).toBe(201);
    expect(v2.sha256).not.toBe(v1.sha256);
    const now = await call('GET', `/api/data/race/${id}`, {
      token,
      headers: { 'if-none-match': `"${v1.sha256}"` },
    });
    expect(now.status).toBe(200);
    expect(now.headers.get('etag')).toBe(`"${v2.sha256}"`);
    expect(now.json.results.race[0].driver).toBe('norris');

    const manifest = await call('GET', '/api/internal/data', { headers: service() });
    expect(manifest.status).toBe(200);
    expect(manifest.json.items[`race/${id}`]).toBe(v2.sha256);
  });

  it('is public: read without an account (an Authorization header changes nothing), uploads are not', async () => {
    const id = `${unique()}-1`;
    const put = await publish('race', id, raceBundle(id));
    const anonymous = await call('GET', `/api/data/race/${id}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.text).toBe(put.text);
    expect(anonymous.headers.get('etag')).toBe(`"${put.sha256}"`);
    const revalidated = await call('GET', `/api/data/race/${id}`, {
      headers: { 'if-none-match': `"${put.sha256}"` },
    });
    expect(revalidated.status).toBe(304);
    // A stale or forged token does not turn a public read into a refusal.
    expect((await call('GET', `/api/data/race/${id}`, { token: 'not-a-jwt' })).status).toBe(200);
    expectEnvelope(await call('GET', '/api/data/driver/nobody_at_all'), 'not_found');
    expectEnvelope(await call('GET', '/api/data/race/2024'), 'invalid_request');

    // Uploads are someone's own: listing, reading and storing them still need the account.
    for (const [method, path] of [
      ['GET', '/api/data/uploads'],
      ['GET', '/api/data/upload/up_aaaaaaaaaaaaaaaaaaaa'],
      ['POST', '/api/data/upload'],
    ] as const) {
      const res = await call(method, path);
      expect(res.status, `${method} ${path}`).toBe(401);
      expectEnvelope(res, 'unauthorized');
    }
    // Reading is all that is public: a bundle path serves no other method.
    const post = await call('POST', `/api/data/race/${id}`, { body: {} });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toContain('GET');
  });

  it('refuses bad types and ids (400) and answers 404 for ids never published, in the envelope', async () => {
    const { token } = await newUser();
    for (const path of [
      '/api/data/race/2024',
      '/api/data/race/2024-0',
      '/api/data/race/24-21',
      '/api/data/season/24',
      '/api/data/season/2024-21',
      '/api/data/driver/max%20verstappen',
      '/api/data/driver/..%2Fsecrets',
      '/api/data/lap/2024-21',
    ]) {
      const res = await call('GET', path, { token });
      expect(res.status, path).toBe(400);
      expectEnvelope(res, 'invalid_request');
    }
    for (const path of [
      '/api/data/race/1950-99',
      '/api/data/season/1949',
      '/api/data/driver/nobody_at_all',
    ]) {
      const res = await call('GET', path, { token });
      expect(res.status, path).toBe(path.includes('1949') ? 400 : 404);
      expectEnvelope(res, path.includes('1949') ? 'invalid_request' : 'not_found');
    }
    // upload/<id> is still its own route.
    expect((await call('GET', '/api/data/upload/up_aaaaaaaaaaaaaaaaaaaa', { token })).status).toBe(404);
    expect((await call('GET', '/api/data/upload/nope', { token })).status).toBe(400);
  });
});

describe('PUT /api/internal/data/:type/:id', () => {
  it('needs the service token and a bundle that matches its schema and its URL', async () => {
    const id = `${unique()}-2`;
    const body = new Uint8Array(gzipSync(JSON.stringify(raceBundle(id))));
    const { token } = await newUser();
    const asNobody: Record<string, string> = {};
    for (const headers of [asNobody, { authorization: `Bearer ${token}` }]) {
      const res = await fetch(`${client().stack.api}/api/internal/data/race/${id}`, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/json' },
        body,
      });
      expect(res.status).toBe(401);
    }
    const wrongId = await publish('race', `${unique()}-4`, raceBundle(id));
    expect(wrongId.status).toBe(400);
    expect(wrongId.json.error.message).toContain('not race/');
    const wrongType = await publish('season', String(unique()), raceBundle(id));
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error.code).toBe('invalid_request');
    const { laps: _, ...noLaps } = raceBundle(id);
    const missing = await publish('race', id, noLaps);
    expect(missing.status).toBe(400);
    expect(missing.json.error.details.issues[0].path).toBe('laps');
    const notJson = await fetch(`${client().stack.api}/api/internal/data/race/${id}`, {
      method: 'PUT',
      headers: { ...service(), 'content-type': 'application/json' },
      body: gzipSync('{"version":'),
    });
    expect(notJson.status).toBe(400);
    // Nothing of the above was stored.
    expect((await call('GET', `/api/data/race/${id}`, { token })).status).toBe(404);
  });
});
