import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { type Clock, systemClock } from './rate-limiter.ts';

/** Cache lifetimes, in ms. Finished races never change upstream, so their pages are kept forever. */
export const CACHE_FOREVER = Number.POSITIVE_INFINITY;
/** Data of a season or race still running: short enough to pick up corrections the same day. */
export const CACHE_BRIEFLY = 10 * 60_000;
/** Results are provisional for a while after the flag (penalties, appeals): wait this long, in ms. */
export const SETTLE_MS = 4 * 24 * 3_600_000;

/**
 * How long to keep a response about something that ended at `endedAt` (ISO date or date-time, UTC):
 * forever once it has settled, briefly before that or when the end is unknown.
 */
export function cacheTtlFor(endedAt: string | undefined, now: number): number {
  const end = endedAt ? Date.parse(endedAt.length === 10 ? `${endedAt}T23:59:59Z` : endedAt) : Number.NaN;
  return Number.isFinite(end) && end + SETTLE_MS < now ? CACHE_FOREVER : CACHE_BRIEFLY;
}

export type ResponseCache = {
  get(url: string): Promise<unknown | undefined>;
  /** Stores a parsed JSON body for `ttlMs` (CACHE_FOREVER for ever, 0 = not at all). */
  set(url: string, body: unknown, ttlMs: number): Promise<void>;
};

const Entry = z.object({
  url: z.string(),
  storedAt: z.number(),
  expiresAt: z.number().nullable(),
  body: z.unknown(),
});

/**
 * Responses on disk, one JSON file per URL named by the URL's SHA-256, so the cache survives restarts
 * and can be inspected or deleted file by file. Writes go through a temporary file and a rename, so a
 * crash never leaves half a response behind.
 */
export function createDiskCache(dir: string, clock: Clock = systemClock): ResponseCache {
  const fileFor = (url: string) => join(dir, `${createHash('sha256').update(url).digest('hex')}.json`);
  return {
    async get(url) {
      let text: string;
      try {
        text = await readFile(fileFor(url), 'utf8');
      } catch {
        return undefined;
      }
      const entry = Entry.safeParse(JSON.parse(text));
      // A hash collision or a foreign file is a miss, never someone else's data.
      if (!entry.success || entry.data.url !== url) return undefined;
      if (entry.data.expiresAt !== null && entry.data.expiresAt <= clock.now()) return undefined;
      return entry.data.body;
    },
    async set(url, body, ttlMs) {
      if (!(ttlMs > 0)) return;
      await mkdir(dir, { recursive: true });
      const storedAt = clock.now();
      const expiresAt = Number.isFinite(ttlMs) ? storedAt + ttlMs : null;
      const file = fileFor(url);
      const tmp = `${file}.${randomUUID()}.tmp`;
      await writeFile(tmp, JSON.stringify({ url, storedAt, expiresAt, body }));
      await rename(tmp, file);
    },
  };
}
