/** Time as the limiter and the HTTP client see it; tests pass a manual clock so nothing sleeps for real. */
export type Clock = {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
};

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** A clock that only moves when someone sleeps on it (or `advance` is called), recording every sleep. */
export function manualClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += Math.max(0, ms);
    },
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
  } satisfies Clock & Record<string, unknown>;
}

export type RateLimits = {
  /** Name of the API, for error messages. */
  api: string;
  /** Sustained short-term rate, requests per second. */
  perSecond: number;
  /** Requests that may go out back to back before `perSecond` applies. */
  burst: number;
  /** Requests per rolling hour; when spent, requests fail instead of waiting up to an hour. */
  perHour: number;
};

/** Jolpica's published anonymous limits: 4 requests/s burst, 500 requests/hour sustained. */
export const JOLPICA_LIMITS: RateLimits = { api: 'Jolpica', perSecond: 4, burst: 4, perHour: 500 };
/** OpenF1's free tier asks for about 3 requests/s and 30/min; stay within both. */
export const OPENF1_LIMITS: RateLimits = { api: 'OpenF1', perSecond: 3, burst: 3, perHour: 1800 };

/** Thrown when the hourly budget is spent: the caller should stop, not queue for an hour. */
export class RateBudgetExceededError extends Error {
  constructor(
    readonly api: string,
    readonly perHour: number,
    /** How long until one more request fits the budget, in ms. */
    readonly retryInMs: number,
  ) {
    super(
      `${api} hourly request budget of ${perHour} is spent; the next request fits in ${Math.ceil(retryInMs / 1000)} s`,
    );
    this.name = 'RateBudgetExceededError';
  }
}

export type RateLimiter = {
  /** Resolves when one request may go out; rejects with RateBudgetExceededError when the hour is spent. */
  acquire(): Promise<void>;
  /** Holds every request until `untilMs` (epoch ms): a 429 from the server applies to all our loaders. */
  pauseUntil(untilMs: number): void;
  /** Requests granted so far. */
  readonly granted: number;
};

/**
 * Two token buckets in series: a short one (burst, refilled at `perSecond`) paces requests, a long one
 * (capacity `perHour`, refilled continuously over the hour) bounds the total. Acquisitions are served in
 * order, so one limiter can be shared by every loader of an API.
 */
export function createRateLimiter(limits: RateLimits, clock: Clock = systemClock): RateLimiter {
  let shortTokens = limits.burst;
  let hourTokens = limits.perHour;
  let last = clock.now();
  let pausedUntil = 0;
  let granted = 0;
  let queue: Promise<void> = Promise.resolve();

  const refill = () => {
    const now = clock.now();
    const seconds = Math.max(0, now - last) / 1000;
    last = now;
    shortTokens = Math.min(limits.burst, shortTokens + seconds * limits.perSecond);
    hourTokens = Math.min(limits.perHour, hourTokens + (seconds * limits.perHour) / 3600);
  };

  const take = async () => {
    for (;;) {
      const now = clock.now();
      if (now < pausedUntil) {
        await clock.sleep(pausedUntil - now);
        continue;
      }
      refill();
      if (hourTokens < 1) {
        const retryInMs = ((1 - hourTokens) * 3_600_000) / limits.perHour;
        throw new RateBudgetExceededError(limits.api, limits.perHour, retryInMs);
      }
      if (shortTokens >= 1) {
        shortTokens -= 1;
        hourTokens -= 1;
        granted += 1;
        return;
      }
      await clock.sleep(Math.ceil(((1 - shortTokens) * 1000) / limits.perSecond));
    }
  };

  return {
    acquire() {
      const turn = queue.then(take);
      // A rejected turn must not block the ones queued behind it.
      queue = turn.catch(() => undefined);
      return turn;
    },
    pauseUntil(untilMs) {
      pausedUntil = Math.max(pausedUntil, untilMs);
    },
    get granted() {
      return granted;
    },
  };
}
