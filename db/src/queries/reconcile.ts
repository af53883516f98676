import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import { analyses, batches } from '../schema/app.ts';
import type { AppDatabase } from './app.ts';

/**
 * Analyses not final and not written to since `before`, oldest first: those whose workflow may have never
 * started, or ended without its outcome reaching D1. Batch items come with their batch id.
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
    })
    .from(analyses)
    .where(and(inArray(analyses.status, ['queued', 'running']), lt(analyses.updatedAt, before)))
    .orderBy(asc(analyses.updatedAt))
    .limit(limit);
}

/** Running batches not written to since `before`, oldest first. */
export async function unsettledBatches(db: AppDatabase, before: string, limit: number) {
  return db
    .select()
    .from(batches)
    .where(and(eq(batches.status, 'running'), lt(batches.updatedAt, before)))
    .orderBy(asc(batches.updatedAt))
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
