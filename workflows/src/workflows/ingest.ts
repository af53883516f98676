import {
  defineQuery,
  executeChild,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { IngestActivities, RaceLoadReport } from '../activities/ingest.ts';
import type { PublishActivities } from '../activities/publish.ts';

const { listRounds } = proxyActivities<IngestActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 10 },
});

// Loaders talk to rate-limited public APIs: back off patiently, and give a race's pages time to arrive.
const { loadRace } = proxyActivities<IngestActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    maximumAttempts: 12,
  },
});

// Publishing builds bundles from the warehouse and writes the changed ones to the edge: minutes at most.
const { publishSeasonBundles } = proxyActivities<PublishActivities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '2 minutes', maximumAttempts: 5 },
});

export type IngestProgress = {
  season: number;
  total: number;
  done: number;
  failed: number;
  fetched: number;
  /** Data bundles written to the edge after loading (changed content only). */
  published?: number;
};
export const ingestProgress = defineQuery<IngestProgress>('progress');

/** Loads one race (a child of ingestSeason, or on its own). */
export async function ingestRace(input: { season: number; round: number }): Promise<RaceLoadReport> {
  return loadRace(input);
}

/**
 * Loads a whole season, one child workflow per race, at most `window` at a time. Child ids are derived
 * from (season, round), so running the same ingest twice never loads a race twice at once.
 */
export async function ingestSeason(input: {
  season: number;
  /** Only these rounds; the whole calendar when absent. */
  rounds?: number[];
  window?: number;
}): Promise<IngestProgress> {
  const rounds = input.rounds ?? (await listRounds({ season: input.season }));
  const progress: IngestProgress = {
    season: input.season,
    total: rounds.length,
    done: 0,
    failed: 0,
    fetched: 0,
  };
  setHandler(ingestProgress, () => progress);
  const window = Math.max(1, Math.min(input.window ?? 3, 8));
  const queue = [...rounds];
  const { workflowId } = workflowInfo();

  async function lane() {
    for (let round = queue.shift(); round !== undefined; round = queue.shift()) {
      try {
        const report = await executeChild(ingestRace, {
          workflowId: `${workflowId}-round-${round}`,
          args: [{ season: input.season, round }],
          parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        });
        progress.fetched += report.fetched.length;
        progress.done += 1;
      } catch {
        progress.failed += 1;
      }
    }
  }
  await Promise.all(Array.from({ length: window }, lane));
  // Runs started before bundles existed finish as they began.
  if (patched('publish-bundles') && progress.done > 0) {
    const report = await publishSeasonBundles({
      season: input.season,
      ...(input.rounds ? { rounds: input.rounds } : {}),
    });
    progress.published = report.published;
  }
  return progress;
}
