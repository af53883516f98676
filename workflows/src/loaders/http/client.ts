import type { ResponseCache } from './cache.ts';
import { type Clock, type RateLimiter, systemClock } from './rate-limiter.ts';

/** A response the API gave that retrying will not change (4xx other than 429), or retries ran out. */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly url: string,
    /** HTTP status, or undefined for network errors and timeouts. */
    readonly status: number | undefined,
    /** The start of the response body, for diagnosis. */
    readonly body = '',
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export type HttpClientDeps = {
  /** Base URL without a trailing slash, e.g. https://api.jolpi.ca/ergast/f1. */
  baseUrl: string;
  /** Shared by every loader of this API: one limiter per API per process. */
  limiter: RateLimiter;
  clock?: Clock;
  cache?: ResponseCache;
  fetch?: typeof fetch;
  /** Per attempt, in ms. */
  timeoutMs?: number;
  /** Attempts per request, the first included. */
  maxAttempts?: number;
  /** First backoff step in ms; doubles per attempt, with full jitter, capped at `backoffMaxMs`. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A Retry-After longer than this (ms) fails the request instead of stalling a workflow for it. */
  maxRetryAfterMs?: number;
  /** In [0, 1): jitter source, injectable so tests are deterministic. */
  random?: () => number;
};

export type GetOptions = {
  /** How long a successful response may be served from the cache, in ms (0 = not cached). */
  cacheTtlMs?: number;
};

export type HttpClient = {
  readonly baseUrl: string;
  /** GETs `path` (with its query) relative to the base URL and returns the parsed JSON body. */
  getJson(path: string, options?: GetOptions): Promise<unknown>;
  /** Requests that went out on the network (cache hits excluded), retries included. */
  readonly requests: number;
};

/** Retry-After is either delta-seconds or an HTTP date; returns the wait in ms, or undefined if unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * fetch with the manners a shared public API needs: the limiter before every attempt, a timeout per
 * attempt, 429 honoured with Retry-After (pausing the whole API, since the limit is per client not per
 * request), exponential backoff with jitter on 5xx and network errors, and no retry on other 4xx.
 */
export function createHttpClient(deps: HttpClientDeps): HttpClient {
  const clock = deps.clock ?? systemClock;
  const doFetch = deps.fetch ?? fetch;
  const timeoutMs = deps.timeoutMs ?? 30_000;
  const maxAttempts = deps.maxAttempts ?? 4;
  const backoffBaseMs = deps.backoffBaseMs ?? 500;
  const backoffMaxMs = deps.backoffMaxMs ?? 30_000;
  const maxRetryAfterMs = deps.maxRetryAfterMs ?? 5 * 60_000;
  const random = deps.random ?? Math.random;
  let requests = 0;

  const backoff = (attempt: number) =>
    Math.round(random() * Math.min(backoffMaxMs, backoffBaseMs * 2 ** (attempt - 1)));

  async function attemptOnce(url: string): Promise<Response> {
    await deps.limiter.acquire();
    requests += 1;
    return doFetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  }

  async function getJson(path: string, options: GetOptions = {}): Promise<unknown> {
    const url = `${deps.baseUrl}${path}`;
    const ttl = options.cacheTtlMs ?? 0;
    const cached = ttl > 0 ? await deps.cache?.get(url) : undefined;
    if (cached !== undefined) return cached;

    let lastProblem = '';
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      let response: Response;
      try {
        response = await attemptOnce(url);
      } catch (error) {
        if (!(error instanceof Error) || !['TypeError', 'TimeoutError', 'AbortError'].includes(error.name)) {
          throw error; // the limiter's budget error, or a bug: not a network failure
        }
        lastProblem = error.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : error.message;
        if (attempt < maxAttempts) await clock.sleep(backoff(attempt));
        continue;
      }
      if (response.ok) {
        const body: unknown = await response.json();
        if (ttl > 0) await deps.cache?.set(url, body, ttl);
        return body;
      }
      const text = (await response.text()).slice(0, 500);
      lastProblem = `HTTP ${response.status}`;
      if (response.status === 429) {
        const wait =
          parseRetryAfter(response.headers.get('retry-after'), clock.now()) ?? backoff(attempt + 1);
        if (wait > maxRetryAfterMs) {
          throw new HttpError(`${url}: 429, asked to wait ${Math.ceil(wait / 1000)} s`, url, 429, text);
        }
        deps.limiter.pauseUntil(clock.now() + wait);
        continue;
      }
      if (response.status >= 500) {
        if (attempt < maxAttempts) await clock.sleep(backoff(attempt));
        continue;
      }
      throw new HttpError(`${url}: HTTP ${response.status}`, url, response.status, text);
    }
    const status = Number(lastProblem.match(/^HTTP (\d+)/)?.[1]) || undefined;
    throw new HttpError(`${url}: ${lastProblem} (gave up after ${maxAttempts} attempts)`, url, status);
  }

  return {
    baseUrl: deps.baseUrl,
    getJson,
    get requests() {
      return requests;
    },
  };
}
