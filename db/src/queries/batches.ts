import { and, asc, eq } from 'drizzle-orm';
import type { AnalysisStatus, BatchCounts } from '../contracts/index.ts';
import { analyses, batches } from '../schema/app.ts';
import { type AppDatabase, now } from './app.ts';

export type BatchRow = typeof batches.$inferSelect;
type AnalysisInsert = typeof analyses.$inferInsert;

// D1 binds at most 100 parameters per statement; an analysis row takes 10.
const ROWS_PER_INSERT = 10;

/**
 * Stores a batch and its analyses unless they exist already (a retried submission with the same
 * Idempotency-Key derives the same ids), and returns the stored batch and whether this call created it.
 * Undefined if the id is another user's, which derived ids make practically impossible.
 */
export async function insertBatch(
  db: AppDatabase,
  batch: typeof batches.$inferInsert,
  items: Omit<AnalysisInsert, 'batchId' | 'batchIndex' | 'userId'>[],
): Promise<{ batch: BatchRow; created: boolean } | undefined> {
  const inserted = await db.insert(batches).values(batch).onConflictDoNothing().returning({ id: batches.id });
  const rows = items.map((item, index) => ({
    ...item,
    userId: batch.userId,
    batchId: batch.id,
    batchIndex: index,
    // Each item is a first question, its own thread.
    threadId: item.id,
  }));
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await db
      .insert(analyses)
      .values(rows.slice(i, i + ROWS_PER_INSERT))
      .onConflictDoNothing();
  }
  const stored = await findBatch(db, batch.userId, batch.id);
  return stored && { batch: stored, created: inserted.length === 1 };
}

/** The batch if it belongs to the user; undefined otherwise (callers answer 404 either way). */
export async function findBatch(db: AppDatabase, userId: string, id: string) {
  return db.query.batches.findFirst({ where: and(eq(batches.id, id), eq(batches.userId, userId)) });
}

export async function findBatchById(db: AppDatabase, id: string) {
  return db.query.batches.findFirst({ where: eq(batches.id, id) });
}

/** The batch's analyses in submission order. */
export async function batchAnalyses(db: AppDatabase, batchId: string) {
  return db
    .select({
      id: analyses.id,
      index: analyses.batchIndex,
      query: analyses.query,
      status: analyses.status,
      workflowId: analyses.workflowId,
      updatedAt: analyses.updatedAt,
    })
    .from(analyses)
    .where(eq(analyses.batchId, batchId))
    .orderBy(asc(analyses.batchIndex));
}

/** How many items are in each status. */
export function countStatuses(items: { status: AnalysisStatus }[]): BatchCounts {
  const counts: BatchCounts = {
    queued: 0,
    running: 0,
    succeeded: 0,
    failed: 0,
    cancelled: 0,
    needs_clarification: 0,
  };
  for (const item of items) counts[item.status] += 1;
  return counts;
}

export async function markBatchCancelRequested(db: AppDatabase, id: string) {
  await db.update(batches).set({ cancelRequested: true, updatedAt: now() }).where(eq(batches.id, id));
}

/** Records how the batch ended; only a running batch changes, so a repeated report is harmless. */
export async function finishBatch(db: AppDatabase, id: string, status: 'completed' | 'cancelled') {
  const rows = await db
    .update(batches)
    .set({ status, updatedAt: now() })
    .where(and(eq(batches.id, id), eq(batches.status, 'running')))
    .returning({ id: batches.id });
  return { changed: rows.length === 1 };
}
