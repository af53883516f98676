import type { BatchWorkflowInput } from '@pitwall/db/contracts';
import {
  CancellationScope,
  CancelledFailure,
  continueAsNew,
  defineQuery,
  defineSignal,
  executeChild,
  isCancellation,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import type { BatchActivities } from '../activities/batch.ts';
import { analyzeQuestion } from './analyze.ts';

// Recording outcomes must outlast a restart of the Node worker or a long outage of the edge.
const { cancelItems, finishBatch } = proxyActivities<BatchActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 50 },
});

export const DEFAULT_WINDOW = 4;
export const DEFAULT_CONTINUE_AFTER = 50;

export type BatchProgress = {
  total: number;
  /** Items not yet handed to a child. */
  pending: number;
  running: number;
  /** Children that ended, by how: succeeded, needs_clarification, failed, cancelled, existing. */
  done: Record<string, number>;
};
export const batchProgress = defineQuery<BatchProgress>('progress');
/** Cancels one item: skipped if it has not started, its child cancelled if it has. */
export const cancelItem = defineSignal<[string]>('cancelItem');

function endingOf(err: unknown): string {
  // An analysis's workflow id is taken: it ran already (a reset or replayed batch), so it is not rerun.
  if (err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError') return 'existing';
  return isCancellation(err) ? 'cancelled' : 'failed';
}

/**
 * A batch of questions: each item runs as a child `analyzeQuestion` whose workflow id is the analysis's
 * own (`analysis-<id>`), so no item can run twice, at most `window` at a time. After `continueAfter`
 * children it drains its window and continues as new, carrying what is left, so its history stays
 * bounded however long the batch. Cancelling it cancels the running children and marks the rest cancelled.
 */
export async function analyzeBatch(input: BatchWorkflowInput): Promise<BatchProgress> {
  const { items, batchId } = input;
  const window = Math.max(1, Math.min(input.window ?? DEFAULT_WINDOW, 16));
  const continueAfter = Math.max(1, input.continueAfter ?? DEFAULT_CONTINUE_AFTER);
  const done: Record<string, number> = { ...input.done };
  const skipped = new Set(input.skipped ?? []);
  const running = new Map<string, CancellationScope>();
  let next = input.next ?? 0;
  let startedThisRun = 0;

  setHandler(batchProgress, () => ({
    total: items.length,
    pending: items.length - next,
    running: running.size,
    done,
  }));
  setHandler(cancelItem, (analysisId) => {
    const scope = running.get(analysisId);
    if (scope) scope.cancel();
    else skipped.add(analysisId);
  });
  const tally = (ending: string) => {
    done[ending] = (done[ending] ?? 0) + 1;
  };

  async function lane() {
    while (next < items.length && startedThisRun < continueAfter) {
      if (CancellationScope.current().consideredCancelled) return;
      const item = items[next] as (typeof items)[number];
      next += 1;
      if (skipped.has(item.analysisId)) {
        await cancelItems({ analysisIds: [item.analysisId] });
        tally('cancelled');
        continue;
      }
      startedThisRun += 1;
      const scope = new CancellationScope();
      running.set(item.analysisId, scope);
      try {
        const result = await scope.run(() =>
          executeChild(analyzeQuestion, {
            workflowId: `analysis-${item.analysisId}`,
            args: [
              {
                analysisId: item.analysisId,
                userId: input.userId,
                query: item.query,
                ...(item.model ? { model: item.model } : {}),
                ...(item.cache === false ? { cache: false } : {}),
                // Only the child's input grows: the commands, and so replay, are unchanged.
                ...(item.data ? { data: item.data } : {}),
              },
            ],
            parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
            workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
            workflowExecutionTimeout: '1 hour',
          }),
        );
        tally(result.status);
      } catch (err) {
        tally(endingOf(err));
      } finally {
        running.delete(item.analysisId);
      }
    }
  }

  // Settled, not all: when the batch is cancelled every lane must first see its child's cancellation through.
  await Promise.allSettled(Array.from({ length: window }, lane));

  if (CancellationScope.current().consideredCancelled) {
    await CancellationScope.nonCancellable(async () => {
      // Skipped items are included again: one may have been taken but not yet marked when the cancel came.
      const rest = [...new Set([...skipped, ...items.slice(next).map((i) => i.analysisId)])];
      if (rest.length > 0) await cancelItems({ analysisIds: rest });
      done.cancelled = (done.cancelled ?? 0) + items.length - next;
      await finishBatch({ batchId, outcome: { status: 'cancelled' } });
    });
    throw new CancelledFailure('the batch was cancelled');
  }
  if (next < items.length) {
    await continueAsNew<typeof analyzeBatch>({ ...input, next, done, skipped: [...skipped] });
  }
  await finishBatch({ batchId, outcome: { status: 'completed' } });
  return { total: items.length, pending: 0, running: 0, done };
}
