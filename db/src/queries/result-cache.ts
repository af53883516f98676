import { and, eq, sql } from 'drizzle-orm';
import type { Progress } from '../contracts/index.ts';
import { analyses, artifacts, resultCache } from '../schema/app.ts';
import { type AppDatabase, now } from './app.ts';

export type ResultCacheRow = typeof resultCache.$inferSelect;

export async function findCacheEntry(db: AppDatabase, key: string) {
  return db.query.resultCache.findFirst({ where: eq(resultCache.key, key) });
}

/** Enters key → analysis unless the key has an entry: the first result computed for a key stays. */
export async function insertCacheEntry(
  db: AppDatabase,
  entry: { key: string; analysisId: string; dataVersion: string },
) {
  const rows = await db
    .insert(resultCache)
    .values(entry)
    .onConflictDoNothing()
    .returning({ key: resultCache.key });
  return { created: rows.length === 1 };
}

export async function countCacheHit(db: AppDatabase, key: string) {
  await db
    .update(resultCache)
    .set({ hits: sql`${resultCache.hits} + 1`, lastHitAt: now() })
    .where(eq(resultCache.key, key));
}

/** Drops an entry whose source can no longer be reused, so later lookups miss at once. */
export async function deleteCacheEntry(db: AppDatabase, key: string) {
  await db.delete(resultCache).where(eq(resultCache.key, key));
}

/** The files an analysis stored, result JSON included. */
export async function listArtifacts(db: AppDatabase, analysisId: string) {
  return db.select().from(artifacts).where(eq(artifacts.analysisId, analysisId));
}

/**
 * Finishes a queued or running analysis with an adopted result in one write, progress included: with no
 * steps left to report, the analysis reads as complete the moment it succeeds.
 */
export async function finishWithCachedResult(
  db: AppDatabase,
  analysisId: string,
  finished: { resultKey: string; progress: Progress },
) {
  const rows = await db
    .update(analyses)
    .set({ status: 'succeeded', ...finished, updatedAt: now() })
    .where(and(eq(analyses.id, analysisId), sql`${analyses.status} in ('queued', 'running')`))
    .returning({ id: analyses.id });
  return { changed: rows.length === 1 };
}
