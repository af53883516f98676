import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CACHE_BRIEFLY, CACHE_FOREVER, cacheTtlFor, createDiskCache } from '../src/loaders/http/cache.ts';
import { createHttpClient, HttpError, parseRetryAfter } from '../src/loaders/http/client.ts';
import { httpConfig } from '../src/loaders/http/config.ts';
import {
  createRateLimiter,
  JOLPICA_LIMITS,
  manualClock,
  RateBudgetExceededError,
} from '../src/loaders/http/rate-limiter.ts';
import { type FixtureServer, startFixtureServer } from './support/fixture-server.ts';

// Real HTTP against the fixture server; time is a manual clock, so waits are asserted, never slept.
const RESULTS = '/2023/9/results.json?limit=30&offset=0';
let server: FixtureServer;
let clock: ReturnType<typeof manualClock>;
const cacheDir = mkdtempSync(join(tmpdir(), 'pitwall-http-cache-'));

function client(limits = JOLPICA_LIMITS, extra: { timeoutMs?: number; cache?: boolean } = {}) {
  return createHttpClient({
    baseUrl: server.jolpicaUrl,
    limiter: createRateLimiter(limits, clock),
    clock,
    random: () => 0.5,
    timeoutMs: extra.timeoutMs ?? 5_000,
    cache: extra.cache ? createDiskCache(cacheDir, clock) : undefined,
  });
}

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
  rmSync(cacheDir, { recursive: true, force: true });
});
beforeEach(() => {
  server.reset();
  clock = manualClock();
});

describe('http client', () => {
  it('honours a 429 Retry-After in seconds, then succeeds', async () => {
    server.failNext(1, 429, { 'retry-after': '7' });
    const body = (await client().getJson(RESULTS)) as { MRData: { total: string } };
    expect(body.MRData.total).toBe('20');
    expect(server.requests.map((r) => r.served)).toEqual(['scripted', 'recorded']);
    expect(clock.sleeps).toEqual([7_000]);
  });

  it('honours a 429 Retry-After given as an HTTP date, and the pause holds every user of the limiter', async () => {
    const limiter = createRateLimiter(JOLPICA_LIMITS, clock);
    const http = createHttpClient({ baseUrl: server.jolpicaUrl, limiter, clock, random: () => 0.5 });
    server.failNext(1, 429, { 'retry-after': new Date(clock.now() + 3_000).toUTCString() });
    const start = clock.now();
    await Promise.all([http.getJson(RESULTS), http.getJson('/2023/13/qualifying.json?limit=30&offset=0')]);
    expect(server.requests).toHaveLength(3);
    // The request that was not throttled still waited for the pause.
    expect(clock.now() - start).toBeGreaterThanOrEqual(3_000);
  });

  it('retries 5xx with exponential backoff and jitter, then succeeds', async () => {
    server.failNext(2, 500);
    await client().getJson(RESULTS);
    expect(server.requests.map((r) => r.served)).toEqual(['scripted', 'scripted', 'recorded']);
    // random() = 0.5 of 500 ms, then of 1000 ms.
    expect(clock.sleeps).toEqual([250, 500]);
  });

  it('gives up after the bounded number of attempts', async () => {
    server.failNext(4, 503);
    const error = await client()
      .getJson(RESULTS)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(503);
    expect(server.requests).toHaveLength(4);
  });

  it('does not retry a 404', async () => {
    const error = await client()
      .getJson('/2023/1/nothing.json')
      .catch((e: unknown) => e);
    expect((error as HttpError).status).toBe(404);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a request that times out', async () => {
    server.stallNext(1);
    await client(JOLPICA_LIMITS, { timeoutMs: 200 }).getJson(RESULTS);
    expect(server.requests.map((r) => r.served)).toEqual(['scripted', 'recorded']);
  });

  it('paces a burst to the per-second rate', async () => {
    const http = client({ ...JOLPICA_LIMITS, perSecond: 4, burst: 4 });
    for (let i = 0; i < 6; i++) await http.getJson(RESULTS);
    expect(clock.sleeps).toEqual([250, 250]);
  });

  it('stops with a clear error when the hourly budget is spent', async () => {
    const http = client({ ...JOLPICA_LIMITS, perHour: 3 });
    for (let i = 0; i < 3; i++) await http.getJson(RESULTS);
    await expect(http.getJson(RESULTS)).rejects.toThrow(RateBudgetExceededError);
    await expect(http.getJson(RESULTS)).rejects.toThrow(/Jolpica hourly request budget of 3 is spent/);
    expect(server.requests).toHaveLength(3);
  });

  it('serves a cached response without a second request, and expires brief entries', async () => {
    const http = client(JOLPICA_LIMITS, { cache: true });
    await http.getJson(RESULTS, { cacheTtlMs: CACHE_FOREVER });
    await http.getJson(RESULTS, { cacheTtlMs: CACHE_FOREVER });
    expect(server.requests).toHaveLength(1);
    // A fresh client over the same directory: the cache is on disk.
    await client(JOLPICA_LIMITS, { cache: true }).getJson(RESULTS, { cacheTtlMs: CACHE_FOREVER });
    expect(server.requests).toHaveLength(1);

    const brief = '/2023/13/qualifying.json?limit=30&offset=0';
    await http.getJson(brief, { cacheTtlMs: CACHE_BRIEFLY });
    await http.getJson(brief, { cacheTtlMs: CACHE_BRIEFLY });
    expect(server.requests).toHaveLength(2);
    clock.advance(CACHE_BRIEFLY + 1);
    await http.getJson(brief, { cacheTtlMs: CACHE_BRIEFLY });
    expect(server.requests).toHaveLength(3);
  });
});

describe('helpers', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('caches for ever only what has settled', () => {
    const now = Date.parse('2026-06-30T12:00:00Z');
    expect(cacheTtlFor('2026-06-01', now)).toBe(CACHE_FOREVER);
    expect(cacheTtlFor('2026-06-28', now)).toBe(CACHE_BRIEFLY);
    expect(cacheTtlFor(undefined, now)).toBe(CACHE_BRIEFLY);
  });

  it('parses the API settings once, naming a bad variable', () => {
    expect(httpConfig({}).PITWALL_JOLPICA_URL).toBe('https://api.jolpi.ca/ergast/f1');
    expect(httpConfig({ PITWALL_OPENF1_URL: 'http://127.0.0.1:9/v1/' }).PITWALL_OPENF1_URL).toBe(
      'http://127.0.0.1:9/v1',
    );
    expect(() => httpConfig({ PITWALL_JOLPICA_URL: 'not a url' })).toThrow(/PITWALL_JOLPICA_URL/);
    expect(() => httpConfig({ PITWALL_JOLPICA_HOURLY_BUDGET: '0' })).toThrow(/PITWALL_JOLPICA_HOURLY_BUDGET/);
  });
});
