import { claimIdempotencyKeyFor } from '@pitwall/db/queries/app';
import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { derivedId } from '../services/ids.ts';
import { sha256Hex } from '../services/passwords.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,200}$/;

/** The request's Idempotency-Key, checked against the contract (1–200 visible ASCII characters). */
export function idempotencyKeyOf(c: Context<AppEnv>): string | undefined {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ApiError(400, 'invalid_request', 'Idempotency-Key must be 1–200 visible ASCII characters');
  }
  return key;
}

/**
 * Claims (user, key) for a creating request and returns the id of the resource it stands for. The id
 * follows from (user, route, key), so concurrent retries agree on it without coordination; the first
 * request's hash stands, and a different request under the same key is a 409.
 */
export async function claimKey(
  c: Context<AppEnv>,
  opts: { key: string; route: string; prefix: string; fingerprint: string; status: number },
): Promise<{ id: string; requestHash: string }> {
  const userId = c.var.userId;
  const id = await derivedId(opts.prefix, userId, opts.route, opts.key);
  const requestHash = await sha256Hex(`${opts.route}\n${opts.fingerprint}`);
  const claim = await claimIdempotencyKeyFor(c.var.db, {
    userId,
    key: opts.key,
    requestHash,
    status: opts.status,
    response: { route: opts.route, id },
  });
  if (claim.requestHash !== requestHash) {
    throw new ApiError(409, 'conflict', 'this Idempotency-Key was used with a different request');
  }
  return { id, requestHash };
}
