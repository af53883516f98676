import { DurableObject } from 'cloudflare:workers';

/** Tokens granted from the current window, and when that window ends (epoch ms). */
export type Lease = { granted: number; windowEnd: number };

/** A held slot (to renew and release), or none free and how many are held. */
export type SlotGrant = { slot: string; expiresAt: number } | { slot: null; held: number };

/** When failures lock a key, and for how long. */
export type LockoutPolicy = {
  /** The failure that locks, counted within `windowMs` (5: the fifth failure locks). */
  lockAfter: number;
  /** Failures further apart than this are forgotten. */
  windowMs: number;
  /** The first lock; each further failure doubles it, up to `maxLockMs`. */
  lockMs: number;
  maxLockMs: number;
};

/**
 * An attempt let through (when it fails, the key is locked for `lockMsIfFailed`, 0 if not), or refused
 * because the key is locked for `retryAfterMs` more.
 */
export type AttemptVerdict =
  | { allowed: true; lockMsIfFailed: number }
  | { allowed: false; retryAfterMs: number };

type Window = { start: number; count: number };
type Failures = { count: number; lastAt: number; lockedUntil: number };

/**
 * Counters keyed by name: `idFromName` makes each key its own single-threaded object, so counting is exact
 * without locks, and the state lives in the object's synchronous SQLite-backed storage, so an eviction
 * between requests does not reset it. A key is used for one kind of limit only, chosen by its prefix:
 *
 * - request windows (`user:<id>`, `ip:<address>`, `register:ip:<address>`): a fixed-window count;
 * - concurrent slots (`streams:<user id>`): leases that expire unless renewed, so a holder that dies
 *   without releasing frees its slot after at most one lease;
 * - failure lockouts (`login:<username>`): failures within a window, then a lock that doubles.
 */
export class RateLimiter extends DurableObject {
  private window: Window | undefined;

  /** Grants up to `wanted` requests from the current window (0 when the limit is reached). */
  lease(limit: number, windowMs: number, wanted: number): Lease {
    const now = Date.now();
    let current = this.window ?? (this.ctx.storage.kv.get<Window>('w') as Window | undefined);
    if (!current || now - current.start >= windowMs) current = { start: now, count: 0 };
    const granted = Math.max(0, Math.min(wanted, limit - current.count));
    current.count += granted;
    this.window = current;
    if (granted > 0) this.ctx.storage.kv.put('w', current);
    return { granted, windowEnd: current.start + windowMs };
  }

  /** Takes one of `limit` slots for `leaseMs`, if one is free once expired leases are dropped. */
  acquireSlot(limit: number, leaseMs: number): SlotGrant {
    const now = Date.now();
    const slots = this.liveSlots(now);
    const held = Object.keys(slots).length;
    if (held >= limit) return { slot: null, held };
    const slot = crypto.randomUUID();
    slots[slot] = now + leaseMs;
    this.ctx.storage.kv.put('slots', slots);
    return { slot, expiresAt: slots[slot] };
  }

  /**
   * Extends a held slot's lease. A slot whose lease ran out is taken back if there is still room, so a
   * holder that was merely slow keeps going; false means it was given to someone else meanwhile.
   */
  renewSlot(slot: string, limit: number, leaseMs: number): boolean {
    const now = Date.now();
    const slots = this.liveSlots(now);
    if (!(slot in slots) && Object.keys(slots).length >= limit) return false;
    slots[slot] = now + leaseMs;
    this.ctx.storage.kv.put('slots', slots);
    return true;
  }

  releaseSlot(slot: string): void {
    const slots = this.liveSlots(Date.now());
    delete slots[slot];
    this.ctx.storage.kv.put('slots', slots);
  }

  /**
   * Lets an attempt through unless the key is locked, and counts it as a failure before its outcome is
   * known: attempts sent all at once are counted as they arrive, not after their slow checks finish.
   * `succeeded` forgets them.
   */
  beginAttempt(policy: LockoutPolicy): AttemptVerdict {
    const now = Date.now();
    const stored = this.ctx.storage.kv.get<Failures>('f') as Failures | undefined;
    if (stored && stored.lockedUntil > now) return { allowed: false, retryAfterMs: stored.lockedUntil - now };
    const count = stored && now - stored.lastAt <= policy.windowMs ? stored.count + 1 : 1;
    const beyond = count - policy.lockAfter;
    const lockMs = beyond >= 0 ? Math.min(policy.maxLockMs, policy.lockMs * 2 ** beyond) : 0;
    this.ctx.storage.kv.put('f', { count, lastAt: now, lockedUntil: now + lockMs });
    return { allowed: true, lockMsIfFailed: lockMs };
  }

  succeeded(): void {
    this.ctx.storage.kv.delete('f');
  }

  private liveSlots(now: number): Record<string, number> {
    const slots = (this.ctx.storage.kv.get<Record<string, number>>('slots') ?? {}) as Record<string, number>;
    for (const [slot, expiresAt] of Object.entries(slots)) if (expiresAt <= now) delete slots[slot];
    return slots;
  }
}
