import { finishAnalysis } from '@pitwall/db/queries/app';
import { findBatchById, finishBatch } from '@pitwall/db/queries/batches';
import {
  queuedItems,
  setStartDeferred,
  unsettledAnalyses,
  unsettledBatches,
} from '@pitwall/db/queries/reconcile';
import type { AppDb, Config } from './env.ts';
import { ApiError } from './errors.ts';
import { storedRequestOptions } from './services/analysis-requests.ts';
import {
  ANALYSIS_EXECUTION_TIMEOUT_SECONDS,
  type TemporalService,
  type WorkflowState,
} from './services/temporal.ts';

/** Rows looked at per run: a cron run is short, and the next one takes the rest. */
const PER_RUN = 100;

export type ReconcileReport = {
  checked: number;
  started: number;
  failed: number;
  cancelled: number;
  batchesStarted: number;
  batchesClosed: number;
  /** Temporal did not answer: nothing was changed, the next run tries again. */
  temporalDown: boolean;
};

const BATCH_ENDED = {
  status: 'failed',
  error: { code: 'batch_ended', message: 'its batch ended before this question started' },
} as const;

/** Why an analysis is failed when its workflow ended without reporting, by how it ended. */
function endedReason(state: WorkflowState): { code: string; message: string } {
  switch (state) {
    case 'timed_out':
      return {
        code: 'timed_out',
        message: `the analysis did not finish within its ${ANALYSIS_EXECUTION_TIMEOUT_SECONDS / 60}-minute limit`,
      };
    case 'terminated':
      return { code: 'terminated', message: 'the analysis was stopped on the workflow server' };
    case 'not_found':
      return { code: 'workflow_lost', message: 'the workflow server has no record of this analysis' };
    default:
      return {
        code: 'workflow_ended',
        message: `the analysis's workflow ended (${state}) without an outcome`,
      };
  }
}

/**
 * Makes D1 agree with Temporal, run by the Worker's cron. D1 holds what was accepted; Temporal holds what
 * runs. An analysis or batch accepted while Temporal was unreachable is started now, under the workflow id
 * it was given (starting is idempotent, so a run that exists is kept); one whose workflow ended without
 * its outcome reaching D1 (timed out, terminated, lost) is failed with the reason. Rows written to in the
 * last `RECONCILE_AFTER_SECONDS` are left to their own request.
 */
export async function reconcile(
  db: AppDb,
  temporal: TemporalService,
  config: Config,
  now = new Date(),
): Promise<ReconcileReport> {
  const before = new Date(now.getTime() - config.RECONCILE_AFTER_SECONDS * 1000).toISOString();
  const report: ReconcileReport = {
    checked: 0,
    started: 0,
    failed: 0,
    cancelled: 0,
    batchesStarted: 0,
    batchesClosed: 0,
    temporalDown: false,
  };
  try {
    // Batches first: a batch started now starts its items, which then need nothing here.
    for (const batch of await unsettledBatches(db, before, PER_RUN)) {
      report.checked += 1;
      const state = await temporal.describe(batch.workflowId);
      if (state === 'running') {
        if (batch.startDeferred) await setStartDeferred(db, 'batch', batch.id, false);
        // A cancellation the user asked for while Temporal was unreachable is delivered now.
        if (batch.cancelRequested) await temporal.cancel(batch.workflowId);
        continue;
      }
      if (state === 'not_found' && !batch.cancelRequested) {
        const items = await queuedItems(db, batch.id);
        await temporal.startBatch(batch.workflowId, {
          batchId: batch.id,
          userId: batch.userId,
          items: items.map((item) => ({
            analysisId: item.id,
            query: item.query,
            ...storedRequestOptions(item.request),
          })),
        });
        report.batchesStarted += 1;
        await setStartDeferred(db, 'batch', batch.id, false);
        continue;
      }
      // The batch workflow ended without reporting (or never ran, cancelled first): it is closed, and its
      // unstarted items end with it.
      const cancelled = batch.cancelRequested || state === 'cancelled';
      await finishBatch(db, batch.id, cancelled ? 'cancelled' : 'completed');
      report.batchesClosed += 1;
      for (const item of await queuedItems(db, batch.id)) {
        const outcome = cancelled ? ({ status: 'cancelled' } as const) : BATCH_ENDED;
        if ((await finishAnalysis(db, item.id, outcome)).changed)
          report[cancelled ? 'cancelled' : 'failed'] += 1;
      }
    }

    for (const row of await unsettledAnalyses(db, before, PER_RUN)) {
      report.checked += 1;
      const state = await temporal.describe(row.workflowId);
      if (state === 'running') {
        if (row.startDeferred) await setStartDeferred(db, 'analysis', row.id, false);
        continue;
      }
      if (state === 'not_found' && row.status === 'queued') {
        // A batch starts its own items; only a batch that is over leaves one to fail.
        if (!row.batchId) {
          await temporal.startAnalysis(row.workflowId, {
            analysisId: row.id,
            userId: row.userId,
            query: row.query,
            ...storedRequestOptions(row.request),
          });
          report.started += 1;
          await setStartDeferred(db, 'analysis', row.id, false);
          continue;
        }
        const batch = await findBatchById(db, row.batchId);
        if (batch?.status === 'running') continue;
        if ((await finishAnalysis(db, row.id, BATCH_ENDED)).changed) report.failed += 1;
        continue;
      }
      const outcome =
        state === 'cancelled'
          ? ({ status: 'cancelled' } as const)
          : ({ status: 'failed', error: endedReason(state) } as const);
      const { changed } = await finishAnalysis(db, row.id, outcome);
      if (changed) report[outcome.status === 'cancelled' ? 'cancelled' : 'failed'] += 1;
    }
  } catch (err) {
    // Temporal unreachable: leave everything as it is; the next run sees the same rows.
    if (!(err instanceof ApiError) || err.status !== 503) throw err;
    report.temporalDown = true;
  }
  console.log(JSON.stringify({ level: 'info', msg: 'reconcile', ...report }));
  return report;
}
