import { DurableObject } from 'cloudflare:workers';

/** Tokens granted from the current window, and when that window ends (epoch ms). */
export type Lease = { granted: number; windowEnd: number };

type Window = { start: number; count: number };

/**
 * One fixed-window counter per key (`user:<id>` or `ip:<address>`); `idFromName` makes each key its own
 * single-threaded object, so counting is exact without locks. The window lives in the object's
 * synchronous SQLite-backed storage, so an eviction between requests does not reset it.
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
}
