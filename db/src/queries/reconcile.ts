import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import { analyses, batches } from '../schema/app.ts';
import type { AppDatabase } from './app.ts';

/**
 * Analyses not final and not written to since `before`: those whose workflow may have never started, or
 * ended without its outcome reaching D1. Ones whose start was deferred come first, then the oldest, so a
 * backlog of long-running analyses cannot use up every run. Batch items come with their batch id.
 */
export async function unsettledAnalyses(db: AppDatabase, before: string, limit: number) {
  return db
    .select({
      id: analyses.id,
      userId: analyses.userId,
      query: analyses.query,
      request: analyses.request,
      status: analyses.status,
      workflowId: analyses.workflowId,
      batchId: analyses.batchId,
      startDeferred: analyses.startDeferred,
    })
    .from(analyses)
    .where(and(inArray(analyses.status, ['queued', 'running']), lt(analyses.updatedAt, before)))
    .orderBy(desc(analyses.startDeferred), asc(analyses.updatedAt))
    .limit(limit);
}

/** Running batches not written to since `before`: deferred starts first, then the oldest. */
export async function unsettledBatches(db: AppDatabase, before: string, limit: number) {
  return db
    .select()
    .from(batches)
    .where(and(eq(batches.status, 'running'), lt(batches.updatedAt, before)))
    .orderBy(desc(batches.startDeferred), asc(batches.updatedAt))
    .limit(limit);
}

/** A batch's items that have not started yet, in submission order. */
export async function queuedItems(db: AppDatabase, batchId: string) {
  return db
    .select({ id: analyses.id, query: analyses.query, request: analyses.request })
    .from(analyses)
    .where(and(eq(analyses.batchId, batchId), eq(analyses.status, 'queued')))
    .orderBy(asc(analyses.batchIndex));
}

/**
 * Marks whether an analysis's or a batch's workflow start is outstanding (deferred while Temporal was
 * unreachable). Not a write the reconciler's `before` sees: `updated_at` stays as it was.
 */
export async function setStartDeferred(
  db: AppDatabase,
  of: 'analysis' | 'batch',
  id: string,
  deferred: boolean,
): Promise<void> {
  const table = of === 'analysis' ? analyses : batches;
  await db.update(table).set({ startDeferred: deferred }).where(eq(table.id, id));
}
