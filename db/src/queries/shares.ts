import { eq } from 'drizzle-orm';
import { analyses, analysisShares } from '../schema/app.ts';
import type { AppDatabase } from './app.ts';

export type ShareRow = typeof analysisShares.$inferSelect;

/**
 * Shares an analysis under a new token hash, replacing any earlier one: the previous link stops working
 * in the same statement that makes the new one work.
 */
export async function shareAnalysis(db: AppDatabase, analysisId: string, tokenHash: string) {
  const createdAt = new Date().toISOString();
  const [row] = await db
    .insert(analysisShares)
    .values({ analysisId, tokenHash, createdAt })
    .onConflictDoUpdate({ target: analysisShares.analysisId, set: { tokenHash, createdAt } })
    .returning();
  if (!row) throw new Error(`analysis ${analysisId} could not be shared`);
  return row;
}

/** Stops sharing an analysis; true when it was shared. */
export async function revokeShare(db: AppDatabase, analysisId: string) {
  const removed = await db
    .delete(analysisShares)
    .where(eq(analysisShares.analysisId, analysisId))
    .returning({ analysisId: analysisShares.analysisId });
  return removed.length > 0;
}

export async function findShare(db: AppDatabase, analysisId: string) {
  return db.query.analysisShares.findFirst({ where: eq(analysisShares.analysisId, analysisId) });
}

/** The analysis a token hash opens, with when it was shared; undefined when no live link has that hash. */
export async function findSharedAnalysis(db: AppDatabase, tokenHash: string) {
  const [found] = await db
    .select({ analysis: analyses, sharedAt: analysisShares.createdAt })
    .from(analysisShares)
    .innerJoin(analyses, eq(analyses.id, analysisShares.analysisId))
    .where(eq(analysisShares.tokenHash, tokenHash))
    .limit(1);
  return found;
}
