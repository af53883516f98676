import type { InternalBatchOutcome } from '@pitwall/db/contracts';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { EdgeClient } from '../edge-client.ts';

/**
 * The batch workflow's writes. Each is idempotent: an item's cancellation is keyed like any analysis's
 * (`finish:cancelled`, and the outcome only changes a queued or running analysis), and the batch's
 * outcome only changes a running batch.
 */
export function createBatchActivities(deps: {
  edge: EdgeClient;
  edgeUrl: string;
  serviceToken: string;
  fetch?: typeof fetch;
}) {
  const doFetch = deps.fetch ?? fetch;
  const base = `${deps.edgeUrl.replace(/\/$/, '')}/api/internal`;

  return {
    /** Marks items that never started as cancelled; heartbeats per item so a long list can be resumed. */
    async cancelItems(input: { analysisIds: string[] }): Promise<void> {
      const ctx = Context.current();
      const from = typeof ctx.info.heartbeatDetails === 'number' ? ctx.info.heartbeatDetails : 0;
      for (let i = from; i < input.analysisIds.length; i++) {
        const analysisId = input.analysisIds[i] as string;
        await deps.edge.event(analysisId, {
          key: 'finish:cancelled',
          step: 'finish',
          phase: 'info',
          message: 'cancelled before it started',
        });
        await deps.edge.outcome(analysisId, { status: 'cancelled' });
        ctx.heartbeat(i + 1);
      }
    },

    async finishBatch(input: { batchId: string; outcome: InternalBatchOutcome }): Promise<void> {
      const res = await doFetch(`${base}/batches/${input.batchId}/outcome`, {
        method: 'POST',
        body: JSON.stringify(input.outcome),
        headers: { authorization: `Bearer ${deps.serviceToken}`, 'content-type': 'application/json' },
        signal: AbortSignal.timeout(15_000),
      });
      if (res.ok) return;
      const text = (await res.text()).slice(0, 300);
      // A 4xx other than throttling is a request that can never succeed; the rest is worth retrying.
      if (res.status >= 400 && res.status < 500 && res.status !== 429 && res.status !== 408) {
        throw ApplicationFailure.nonRetryable(`batch outcome: ${res.status} ${text}`, 'EdgeRejected');
      }
      throw new Error(`batch outcome: ${res.status} ${text}`);
    },
  };
}

export type BatchActivities = ReturnType<typeof createBatchActivities>;
