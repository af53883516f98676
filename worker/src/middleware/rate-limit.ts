import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Lease, LockoutPolicy } from '../durable/rate-limiter.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';

/**
 * Per-IP and per-user limits, counted by the RateLimiter Durable Object. The Workers rate-limiting binding
 * was not enough: its limit and period (10 or 60 s only) are fixed in wrangler.toml rather than read from
 * vars, it answers only a boolean (no Retry-After), and it counts per Cloudflare location.
 *
 * To keep a round trip off most requests, an isolate leases a small block of a key's window (1/20 of the
 * limit, at most 50) and spends it locally. A key can therefore be under-served by the unspent part of
 * another isolate's lease, but never over-served: the object grants no more than the limit per window.
 */
const leases = new Map<string, { tokens: number; windowEnd: number }>();
const MAX_LEASES = 10_000;

const leaseSize = (limit: number) => Math.max(1, Math.min(50, Math.floor(limit / 20)));

/** What a request does when the limiter's Durable Object cannot be reached. */
type Outage = 'serve' | 'refuse';

const limiterOf = (c: Context<AppEnv>, key: string) =>
  c.env.RATE_LIMITER.get(c.env.RATE_LIMITER.idFromName(key));

/**
 * The limiter could not answer. Most routes are served anyway: an outage of the limiter must not take the
 * API down with it, and their per-user and per-IP limits only share out capacity. Signing in and
 * registering are refused instead, because there the limits are the protection (against guessing
 * passwords and probing names) and an outage must not switch it off.
 */
function limiterUnavailable(err: unknown, outage: Outage): void {
  console.error(
    JSON.stringify({
      level: outage === 'serve' ? 'warn' : 'error',
      msg: 'rate limiter unavailable',
      error: String(err),
    }),
  );
  if (outage === 'refuse') {
    throw new ApiError(
      503,
      'unavailable',
      'sign-in is unavailable for a moment: try again shortly',
      undefined,
      {
        'Retry-After': '5',
      },
    );
  }
}

const rateLimited = (message: string, retryAfter: number, details: Record<string, unknown> = {}) =>
  new ApiError(
    429,
    'rate_limited',
    message,
    { retryAfterSeconds: retryAfter, ...details },
    {
      'Retry-After': String(retryAfter),
    },
  );

async function enforce(
  c: Context<AppEnv>,
  key: string,
  limit: number,
  opts: { windowSeconds?: number; outage?: Outage } = {},
) {
  const now = Date.now();
  const held = leases.get(key);
  if (held && held.tokens > 0 && now < held.windowEnd) {
    held.tokens -= 1;
    return;
  }
  const windowMs = (opts.windowSeconds ?? c.var.config.RATE_LIMIT_WINDOW_SECONDS) * 1000;
  let lease: Lease;
  try {
    lease = await limiterOf(c, key).lease(limit, windowMs, leaseSize(limit));
  } catch (err) {
    return limiterUnavailable(err, opts.outage ?? 'serve');
  }
  if (lease.granted === 0) {
    leases.delete(key);
    const retryAfter = Math.max(1, Math.ceil((lease.windowEnd - now) / 1000));
    throw rateLimited(`too many requests: try again in ${retryAfter} s`, retryAfter, { limit });
  }
  if (leases.size >= MAX_LEASES) leases.clear();
  leases.set(key, { tokens: lease.granted - 1, windowEnd: lease.windowEnd });
}

/** Cloudflare sets CF-Connecting-IP at the edge (a client cannot forge it there). */
const clientIp = (c: Context<AppEnv>) => c.req.header('cf-connecting-ip') ?? 'unknown';

const isAuthRoute = (c: Context<AppEnv>) => c.req.path.startsWith('/api/auth/');

export const limitByIp = createMiddleware<AppEnv>(async (c, next) => {
  await enforce(c, `ip:${clientIp(c)}`, c.var.config.RATE_LIMIT_IP, {
    outage: isAuthRoute(c) ? 'refuse' : 'serve',
  });
  await next();
});

/** Runs after requireUser: the key is the verified user id, never a client-supplied value. */
export const limitByUser = createMiddleware<AppEnv>(async (c, next) => {
  await enforce(c, `user:${c.var.userId}`, c.var.config.RATE_LIMIT_USER);
  await next();
});

/**
 * Registering must say when a name is taken, so each answer tells whether one name exists: few accounts
 * per address and window keep that from becoming a way to list names.
 */
export const limitRegistrationByIp = createMiddleware<AppEnv>(async (c, next) => {
  const { REGISTER_LIMIT_IP, REGISTER_WINDOW_SECONDS } = c.var.config;
  await enforce(c, `register:ip:${clientIp(c)}`, REGISTER_LIMIT_IP, {
    windowSeconds: REGISTER_WINDOW_SECONDS,
    outage: 'refuse',
  });
  await next();
});

/** Failures further apart than this are forgotten; no lock lasts longer than an hour. */
const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;
const LOGIN_MAX_LOCK_MS = 60 * 60_000;

export type SignInAttempt = {
  /** Forgets the account's failures. */
  succeeded(): Promise<void>;
  /** The error to answer a failed attempt with: 401, or 429 when this failure locked the account. */
  failed(): ApiError;
};

/**
 * Per-account sign-in limit, counted by name whether or not the account exists (so a lock says nothing
 * about which names do): the LOGIN_LOCK_AFTER_FAILURES-th failure within 15 minutes locks the name for
 * LOGIN_LOCK_SECONDS, each further failure doubles the lock (at most an hour), and a success resets it.
 * A locked name is answered 429 without its password being checked.
 */
export async function beginSignIn(c: Context<AppEnv>, username: string): Promise<SignInAttempt> {
  const { LOGIN_LOCK_AFTER_FAILURES, LOGIN_LOCK_SECONDS } = c.var.config;
  const policy: LockoutPolicy = {
    lockAfter: LOGIN_LOCK_AFTER_FAILURES,
    windowMs: LOGIN_FAILURE_WINDOW_MS,
    lockMs: LOGIN_LOCK_SECONDS * 1000,
    maxLockMs: LOGIN_MAX_LOCK_MS,
  };
  const limiter = limiterOf(c, `login:${username}`);
  let verdict: Awaited<ReturnType<typeof limiter.beginAttempt>>;
  try {
    verdict = await limiter.beginAttempt(policy);
  } catch (err) {
    limiterUnavailable(err, 'refuse');
    throw err;
  }
  const locked = (ms: number) => {
    const retryAfter = Math.max(1, Math.ceil(ms / 1000));
    return rateLimited(`too many failed sign-ins for this account: try again in ${retryAfter} s`, retryAfter);
  };
  if (!verdict.allowed) throw locked(verdict.retryAfterMs);
  const lockMs = verdict.lockMsIfFailed;
  return {
    async succeeded() {
      // The attempt was counted as a failure up front; a success that cannot clear it still signs in.
      await limiter
        .succeeded()
        .catch((err: unknown) =>
          console.error(JSON.stringify({ level: 'warn', msg: 'sign-in reset failed', error: String(err) })),
        );
    },
    failed: () =>
      lockMs > 0 ? locked(lockMs) : new ApiError(401, 'unauthorized', 'wrong username or password'),
  };
}

/** An open stream renews its slot every third of this; one that dies unreleased frees it within this. */
const STREAM_LEASE_MS = 30_000;

export type StreamSlot = {
  /** Renews the lease when due; false when the slot was lost and the stream should end. */
  keep(): Promise<boolean>;
  release(): Promise<void>;
};

const unlimitedSlot: StreamSlot = { keep: async () => true, release: async () => {} };

/**
 * One of the SSE_STREAMS_PER_USER event streams a user may hold open, counted across isolates by the
 * user's `streams:` object; 429 when all are held. A slot is a lease: released when the stream ends or
 * its client goes away, and otherwise expiring within STREAM_LEASE_MS of its last renewal.
 */
export async function holdStreamSlot(c: Context<AppEnv>): Promise<StreamSlot> {
  const limit = c.var.config.SSE_STREAMS_PER_USER;
  const limiter = limiterOf(c, `streams:${c.var.userId}`);
  let grant: Awaited<ReturnType<typeof limiter.acquireSlot>>;
  try {
    grant = await limiter.acquireSlot(limit, STREAM_LEASE_MS);
  } catch (err) {
    // Served like other routes: each stream still ends by its own deadline, and the per-user request
    // limit still bounds how many are opened.
    limiterUnavailable(err, 'serve');
    return unlimitedSlot;
  }
  if (grant.slot === null) {
    throw rateLimited(
      `too many open event streams: at most ${limit} per user at once; close one and try again`,
      STREAM_RETRY_SECONDS,
      { limit },
    );
  }
  const slot = grant.slot;
  let renewedAt = Date.now();
  let released = false;
  return {
    async keep() {
      if (released) return false;
      if (Date.now() - renewedAt < STREAM_LEASE_MS / 3) return true;
      try {
        const kept = await limiter.renewSlot(slot, limit, STREAM_LEASE_MS);
        renewedAt = Date.now();
        return kept;
      } catch (err) {
        limiterUnavailable(err, 'serve');
        return true;
      }
    },
    async release() {
      if (released) return;
      released = true;
      // Not releasing only delays the slot's return until its lease runs out.
      await limiter.releaseSlot(slot).catch((err: unknown) => limiterUnavailable(err, 'serve'));
    },
  };
}

/** Streams end when their analysis does, typically within a minute, so a retry a few seconds on is sensible. */
const STREAM_RETRY_SECONDS = 5;
