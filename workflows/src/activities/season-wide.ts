import type { Plan } from '@pitwall/db/contracts';
import { findRace, raceResults, seasonRaces } from '@pitwall/db/queries/warehouse';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { aggregateSeason as aggregate } from '../analyses/season-wide.ts';
import {
  lapOneGains,
  type RaceSummary,
  raceDegradation,
  SEASON_WIDE_INTENTS,
  type SeasonWideIntent,
  stopCounts,
  teamStopMedians,
} from '../analyses/season-wide-races.ts';
import type { AnalysisOutput } from '../analyses/types.ts';
import type { EdgeClient } from '../edge-client.ts';
import type { Warehouse } from '../warehouse.ts';
import { raceInputs } from './inputs.ts';

/**
 * A season-wide question, race by race: the rounds the warehouse holds, a small summary per race, then
 * one aggregate. Events keep the analysis's (step, phase) keys, plus one per race, so retries add none.
 */
export function createSeasonWideActivities(deps: { warehouse: Warehouse; edge: EdgeClient }) {
  const { warehouse, edge } = deps;

  function intentOf(plan: Plan): SeasonWideIntent {
    if (!SEASON_WIDE_INTENTS.includes(plan.intent)) {
      throw ApplicationFailure.nonRetryable(`${plan.intent} cannot be answered season-wide`, 'BadPlan');
    }
    return plan.intent as SeasonWideIntent;
  }

  return {
    /** The season's rounds that have race results: the ones a season-wide answer can use. */
    async seasonRounds(input: { analysisId: string; plan: Plan }): Promise<number[]> {
      intentOf(input.plan);
      const total = 7;
      await edge.event(input.analysisId, {
        key: 'data:started',
        step: 'data',
        phase: 'started',
        message: 'data started',
        progress: { step: 'data', done: 1, total },
      });
      const rounds: number[] = [];
      for (const race of await seasonRaces(warehouse, input.plan.season)) {
        if ((await raceResults(warehouse, race.id)).length > 0) rounds.push(race.round);
      }
      if (rounds.length === 0) {
        throw ApplicationFailure.nonRetryable(`there are no ${input.plan.season} race results yet`, 'NoData');
      }
      await edge.event(input.analysisId, {
        key: 'data:done',
        step: 'data',
        phase: 'done',
        message: `${rounds.length} races of ${input.plan.season} have results`,
        data: { rounds },
        progress: { step: 'data', done: 2, total },
      });
      await edge.event(input.analysisId, {
        key: 'analyse:started',
        step: 'analyse',
        phase: 'started',
        message: `analysing ${rounds.length} races`,
        progress: { step: 'analyse', done: 2, total },
      });
      return rounds;
    },

    /** One race's summary; a race without the data this intent needs is skipped, with the reason. */
    async summariseRace(input: { analysisId: string; plan: Plan; round: number }): Promise<RaceSummary> {
      const intent = intentOf(input.plan);
      const race = await findRace(warehouse, input.plan.season, input.round);
      if (!race)
        throw ApplicationFailure.nonRetryable(`no ${input.plan.season} round ${input.round}`, 'NoData');
      Context.current().heartbeat(input.round);
      const x = await raceInputs(warehouse, race);
      const summary: RaceSummary = {
        season: race.season,
        round: race.round,
        name: race.name,
        source: x.lapSource,
      };
      const compounds = input.plan.compounds;
      if (intent === 'degradation') {
        const laps = compounds.length
          ? x.laps.filter((l) => compounds.includes(l.compound as never))
          : x.laps;
        if (laps.length === 0) summary.skipped = 'no lap times with tyre data';
        else
          summary.degradation = raceDegradation({
            race: x.race,
            drivers: x.drivers,
            laps,
            pitStops: x.pitStops,
          });
      } else if (intent === 'positions') {
        summary.lapOne = lapOneGains(x.results, x.laps, x.drivers);
        if (summary.lapOne.length === 0) summary.skipped = 'no lap-1 positions';
      } else if (intent === 'pit_stops') {
        summary.pitStops = teamStopMedians(x.pitStops, x.results, x.drivers);
        if (summary.pitStops.length === 0) summary.skipped = 'no timed pit stops';
      } else {
        if (x.pitStops.length === 0 && x.stints.length === 0) summary.skipped = 'no pit stops or stints';
        else summary.strategy = stopCounts(x.results, x.pitStops, x.stints);
      }
      await edge.event(input.analysisId, {
        key: `analyse:round-${input.round}`,
        step: 'analyse',
        phase: 'info',
        message: `${race.season} ${race.name}${summary.skipped ? ` skipped: ${summary.skipped}` : ' analysed'}`,
      });
      return summary;
    },

    async aggregateSeason(input: {
      analysisId: string;
      plan: Plan;
      races: RaceSummary[];
    }): Promise<AnalysisOutput> {
      const output = aggregate(intentOf(input.plan), input.plan.season, input.races);
      await edge.event(input.analysisId, {
        key: 'analyse:done',
        step: 'analyse',
        phase: 'done',
        message: `aggregated ${input.races.length} races`,
        progress: { step: 'analyse', done: 3, total: 7 },
      });
      return output;
    },
  };
}

export type SeasonWideActivities = ReturnType<typeof createSeasonWideActivities>;
