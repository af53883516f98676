import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Lease } from '../durable/rate-limiter.ts';
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

async function enforce(c: Context<AppEnv>, key: string, limit: number) {
  const now = Date.now();
  const held = leases.get(key);
  if (held && held.tokens > 0 && now < held.windowEnd) {
    held.tokens -= 1;
    return;
  }
  const windowMs = c.var.config.RATE_LIMIT_WINDOW_SECONDS * 1000;
  let lease: Lease;
  try {
    const stub = c.env.RATE_LIMITER.get(c.env.RATE_LIMITER.idFromName(key));
    lease = await stub.lease(limit, windowMs, leaseSize(limit));
  } catch (err) {
    // A limiter outage must not take the API down with it: serve, and leave a trace.
    console.error(JSON.stringify({ level: 'warn', msg: 'rate limiter unavailable', error: String(err) }));
    return;
  }
  if (lease.granted === 0) {
    leases.delete(key);
    const retryAfter = Math.max(1, Math.ceil((lease.windowEnd - now) / 1000));
    throw new ApiError(
      429,
      'rate_limited',
      `too many requests: try again in ${retryAfter} s`,
      { retryAfterSeconds: retryAfter, limit },
      { 'Retry-After': String(retryAfter) },
    );
  }
  if (leases.size >= MAX_LEASES) leases.clear();
  leases.set(key, { tokens: lease.granted - 1, windowEnd: lease.windowEnd });
}

/** Cloudflare sets CF-Connecting-IP at the edge (a client cannot forge it there). */
const clientIp = (c: Context<AppEnv>) => c.req.header('cf-connecting-ip') ?? 'unknown';

export const limitByIp = createMiddleware<AppEnv>(async (c, next) => {
  await enforce(c, `ip:${clientIp(c)}`, c.var.config.RATE_LIMIT_IP);
  await next();
});

/** Runs after requireUser: the key is the verified user id, never a client-supplied value. */
export const limitByUser = createMiddleware<AppEnv>(async (c, next) => {
  await enforce(c, `user:${c.var.userId}`, c.var.config.RATE_LIMIT_USER);
  await next();
});
