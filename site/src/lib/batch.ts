import type { BatchView } from './api-types.ts';

/** A batch is over when nothing in it is queued or running (its own status may lag a poll behind). */
export function batchFinished(batch: BatchView): boolean {
  if (['succeeded', 'failed', 'cancelled', 'completed', 'partial'].includes(batch.status)) return true;
  const counts = batch.counts;
  return batch.total > 0 && (counts.queued ?? 0) + (counts.running ?? 0) === 0;
}

/** Share of the batch's analyses that reached a final status, 0–1. */
export function batchDone(batch: BatchView): number {
  if (batch.total === 0) return 0;
  const c = batch.counts;
  const final = (c.succeeded ?? 0) + (c.failed ?? 0) + (c.cancelled ?? 0) + (c.needs_clarification ?? 0);
  return Math.min(1, final / batch.total);
}
