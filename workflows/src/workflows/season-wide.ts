import type { Plan } from '@pitwall/db/contracts';
import { proxyActivities } from '@temporalio/workflow';
import type { SeasonWideActivities } from '../activities/season-wide.ts';
import type { RaceSummary } from '../analyses/season-wide-races.ts';
import type { AnalysisOutput } from '../analyses/types.ts';

// Reading a race from the warehouse takes well under a second; a dead worker is noticed by the heartbeat.
const { seasonRounds, summariseRace, aggregateSeason } = proxyActivities<SeasonWideActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '30 seconds',
  retry: {
    initialInterval: '500 ms',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 8,
    nonRetryableErrorTypes: ['BadPlan', 'NoData'],
  },
});

/** Races analysed at once: enough to keep two cores busy, few enough to leave room for other analyses. */
export const SEASON_WINDOW = 4;

/**
 * A season-wide question of one analysis: one activity per race, at most SEASON_WINDOW at a time, then
 * one aggregate. Summaries are small (a few numbers per compound, team or driver), so a full season
 * stays well within the workflow's history budget. Orchestration only.
 */
export async function analyseSeasonWide(analysisId: string, plan: Plan): Promise<AnalysisOutput> {
  const rounds = await seasonRounds({ analysisId, plan });
  const queue = [...rounds];
  const races: RaceSummary[] = [];
  async function lane() {
    for (let round = queue.shift(); round !== undefined; round = queue.shift()) {
      races.push(await summariseRace({ analysisId, plan, round }));
    }
  }
  await Promise.all(Array.from({ length: Math.min(SEASON_WINDOW, rounds.length) }, lane));
  races.sort((a, b) => a.round - b.round);
  return aggregateSeason({ analysisId, plan, races });
}
