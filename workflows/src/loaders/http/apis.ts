import { createDiskCache, type ResponseCache } from './cache.ts';
import { createHttpClient, type HttpClientDeps } from './client.ts';
import type { HttpConfig } from './config.ts';
import { createJolpica, type JolpicaOptions } from './jolpica.ts';
import { createOpenF1 } from './openf1.ts';
import { type Clock, createRateLimiter, JOLPICA_LIMITS, OPENF1_LIMITS, systemClock } from './rate-limiter.ts';

export type DataApiDeps = {
  clock?: Clock;
  cache?: ResponseCache;
  fetch?: typeof fetch;
  /** Overrides for both clients (timeouts, attempts, jitter). */
  http?: Partial<Omit<HttpClientDeps, 'baseUrl' | 'limiter' | 'clock' | 'cache' | 'fetch'>>;
  jolpica?: Omit<JolpicaOptions, 'clock'>;
};

/**
 * The Jolpica and OpenF1 loaders with one limiter each. Build this once per process and hand it to every
 * activity: the APIs' limits are per client, so two limiters for one API would overrun them.
 */
export function createDataApis(config: HttpConfig, deps: DataApiDeps = {}) {
  const clock = deps.clock ?? systemClock;
  const cache = deps.cache ?? createDiskCache(config.PITWALL_HTTP_CACHE_DIR, clock);
  const common = { ...deps.http, clock, cache, fetch: deps.fetch };
  const jolpicaHttp = createHttpClient({
    ...common,
    baseUrl: config.PITWALL_JOLPICA_URL,
    limiter: createRateLimiter({ ...JOLPICA_LIMITS, perHour: config.PITWALL_JOLPICA_HOURLY_BUDGET }, clock),
  });
  const openf1Http = createHttpClient({
    ...common,
    baseUrl: config.PITWALL_OPENF1_URL,
    limiter: createRateLimiter({ ...OPENF1_LIMITS, perHour: config.PITWALL_OPENF1_HOURLY_BUDGET }, clock),
  });
  return {
    jolpica: createJolpica(jolpicaHttp, { ...deps.jolpica, clock }),
    openf1: createOpenF1(openf1Http, { clock }),
    /** Network requests so far per API (cache hits excluded). */
    requests: () => ({ jolpica: jolpicaHttp.requests, openf1: openf1Http.requests }),
  };
}
export type DataApis = ReturnType<typeof createDataApis>;
