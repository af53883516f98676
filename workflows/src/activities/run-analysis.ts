import type { Plan } from '@pitwall/db/contracts';
import { finalStandings } from '@pitwall/db/queries/standings';
import { findRace, raceResults } from '@pitwall/db/queries/warehouse';
import { ApplicationFailure } from '@temporalio/activity';
import { careerSummary, driverComparison } from '../analyses/career.ts';
import {
  cleanLaps,
  lapSource,
  neutralisedBands,
  withRecordedNeutralisations,
} from '../analyses/clean-laps.ts';
import { degradation } from '../analyses/degradation.ts';
import { gaps } from '../analyses/gaps.ts';
import { gridToFinish } from '../analyses/grid-to-finish.ts';
import { lapTimes } from '../analyses/lap-times.ts';
import { neutralisations } from '../analyses/neutralisations.ts';
import { pitStopAnalysis } from '../analyses/pit-stops.ts';
import { positions } from '../analyses/positions.ts';
import { qualifyingResults } from '../analyses/qualifying.ts';
import { raceClassification } from '../analyses/race-classification.ts';
import { racePace } from '../analyses/race-pace.ts';
import { retirements } from '../analyses/retirements.ts';
import { seasonSummary } from '../analyses/season.ts';
import { teamPace } from '../analyses/team-pace.ts';
import { teammateHeadToHead } from '../analyses/teammate-h2h.ts';
import type { AnalysisOutput, DriverInfo, ResultInput } from '../analyses/types.ts';
import { tyreAge } from '../analyses/tyre-age.ts';
import { tyreStrategy } from '../analyses/tyre-strategy.ts';
import { undercuts } from '../analyses/undercuts.ts';
import type { View } from '../query/metric.ts';
import { VIEWS } from '../query/views.ts';
import type { Warehouse } from '../warehouse.ts';
import { sectorsOf, weatherOf } from './conditions-analysis.ts';
import { raceInputs, seasonInputs, seasonsOf } from './inputs.ts';
import { raceNeutralisations } from './race-events.ts';
import { recordedNeutralisations } from './recorded-neutralisations.ts';

const noData = (message: string) => ApplicationFailure.nonRetryable(message, 'NoData');
const badPlan = (message: string) => ApplicationFailure.nonRetryable(message, 'BadPlan');

/** Several analyses answered together, as one result. */
function merge(...outputs: AnalysisOutput[]): AnalysisOutput {
  const seen = new Set<string>();
  return {
    facts: outputs.flatMap((o) => o.facts),
    tables: outputs.flatMap((o) => o.tables),
    charts: outputs.flatMap((o) => o.charts),
    sources: outputs.flatMap((o) => o.sources).filter((s) => !seen.has(s.name) && seen.add(s.name)),
    quality: outputs.flatMap((o) => o.quality),
  };
}

/** The drivers the plan names, or else the first `fallback` classified finishers. */
function focus(plan: Plan, drivers: DriverInfo[], results: ResultInput[], fallback: number): DriverInfo[] {
  const byRef = new Map(drivers.map((d) => [d.ref, d]));
  const named = plan.drivers.map((ref) => byRef.get(ref)).filter((d): d is DriverInfo => d !== undefined);
  const teamed = drivers.filter((d) => plan.teams.includes(d.teamRef));
  const chosen = [...new Map([...named, ...teamed].map((d) => [d.ref, d])).values()];
  if (chosen.length > 0) return chosen;
  return results
    .slice(0, fallback)
    .map((r) => byRef.get(r.driver))
    .filter((d): d is DriverInfo => d !== undefined);
}

/**
 * The lap session a race analysis reads: the sprint when the plan asks for it and the view runs on sprint
 * laps (views.ts `sessions`). A sprint asked of a view that cannot run on one fails with that reason
 * rather than answering about the Grand Prix instead.
 */
function lapSessionOf(plan: Plan): 'race' | 'sprint' {
  if (plan.session !== 'sprint') return 'race';
  const view = (VIEWS as readonly View[]).find((v) => v.view === plan.intent);
  if (!view?.sessions?.includes('sprint'))
    throw noData(`${view?.label ?? plan.intent.replaceAll('_', ' ')} is not available for sprints`);
  return 'sprint';
}

async function raceAnalysis(db: Warehouse, plan: Plan): Promise<AnalysisOutput> {
  if (plan.round === undefined) throw badPlan(`a ${plan.intent} question needs a race`);
  const race = await findRace(db, plan.season, plan.round);
  if (!race) throw noData(`the warehouse has no ${plan.season} round ${plan.round}`);
  if (plan.intent === 'race_winner') {
    const input = await raceInputs(db, race);
    return merge(
      raceClassification(race, await raceResults(db, race.id)),
      gridToFinish({ race: input.race, drivers: input.drivers, results: input.results }),
    );
  }
  const session = lapSessionOf(plan);
  const input = await raceInputs(db, race, session);
  const { race: info, drivers, results } = input;
  // Lap rows without a track status (OpenF1, Ergast timing) take the Grand Prix's recorded safety-car and
  // red-flag laps, so those laps are shaded and left out of pace as FastF1 rows are.
  const laps =
    plan.session === 'sprint'
      ? input.laps
      : withRecordedNeutralisations(input.laps, await recordedNeutralisations(db, race.id));
  const source = input.lapSource;
  const needsLaps = ['race_pace', 'lap_times', 'degradation', 'positions', 'gaps', 'team_pace', 'undercuts'];
  if (needsLaps.includes(plan.intent) && laps.length === 0) {
    throw noData(
      session === 'sprint'
        ? `there are no lap times for the ${race.season} ${race.name} sprint (sprint laps start in 2021)`
        : `there are no lap times for the ${race.season} ${race.name} (lap data starts in 2020)`,
    );
  }
  const compoundLaps =
    plan.compounds.length > 0
      ? laps.filter((l) => l.compound && plan.compounds.includes(l.compound as never))
      : laps;
  if (plan.compounds.length > 0 && compoundLaps.length === 0 && laps.length > 0) {
    const used = [...new Set(laps.map((l) => l.compound).filter((c) => c !== null))].join(', ');
    throw noData(
      `nobody ran the ${plan.compounds.join(' or ')} tyre at the ${race.season} ${race.name} (compounds used: ${used || 'unknown'})`,
    );
  }
  switch (plan.intent) {
    case 'race_pace':
      return racePace({
        race: info,
        drivers: focus(plan, drivers, results, 6),
        laps,
        pitStops: input.pitStops,
        fuelCorrected: plan.fuelCorrected ?? false,
        source,
      });
    case 'lap_times':
      return lapTimes({
        race: info,
        drivers: focus(plan, drivers, results, 3),
        laps,
        pitStops: input.pitStops,
        source,
      });
    case 'degradation':
      return degradation({
        race: info,
        drivers: focus(plan, drivers, results, results.length),
        laps: compoundLaps,
        pitStops: input.pitStops,
        source,
      });
    case 'positions':
      return positions({
        race: info,
        drivers: focus(plan, drivers, results, results.length),
        laps,
        results,
        source,
      });
    case 'gaps':
      return gaps({ race: info, drivers: focus(plan, drivers, results, 10), laps, source });
    case 'team_pace':
      return teamPace({
        race: info,
        drivers,
        laps: cleanLaps(laps, { pitStops: input.pitStops }).kept,
        source: lapSource(source, info, 'clean laps'),
      });
    case 'tyre_strategy':
      if (input.stints.length === 0)
        throw noData(`there are no tyre stints for the ${race.season} ${race.name}`);
      return tyreStrategy({
        race: info,
        drivers: focus(plan, drivers, results, results.length),
        stints: input.stints,
        pitStops: input.pitStops,
        source,
        bands: neutralisedBands(laps),
      });
    case 'undercuts':
      if (input.pitStops.length === 0)
        throw noData(`there are no pit stops for the ${race.season} ${race.name}`);
      return undercuts({
        race: info,
        drivers,
        laps,
        pitStops: input.pitStops,
        focus: focus(plan, drivers, [], 0).map((d) => d.ref),
        source,
      });
    case 'neutralisations':
      return neutralisations({
        race: info,
        drivers,
        laps,
        pitStops: input.pitStops,
        results,
        ...(await raceNeutralisations(db, race.id)),
        source,
      });
    case 'tyre_age':
      if (laps.length === 0)
        throw noData(`there are no lap times for the ${race.season} ${race.name} (lap data starts in 2020)`);
      return tyreAge({
        race: info,
        drivers: focus(plan, drivers, results, results.length),
        laps: compoundLaps,
        pitStops: input.pitStops,
        source,
      });
    case 'sectors':
      return sectorsOf(db, plan, race, { race: info, drivers, focus: focus(plan, drivers, results, 0) });
    case 'pit_stops':
      if (input.pitStops.length === 0)
        throw noData(`there are no pit stops for the ${race.season} ${race.name}`);
      return pitStopAnalysis({ race: info, pitStops: input.pitStops, results, drivers });
    case 'qualifying':
      if (input.qualifying.length === 0)
        throw noData(`there is no qualifying for the ${race.season} ${race.name}`);
      return qualifyingResults({ race: info, qualifying: input.qualifying, drivers });
    default:
      throw badPlan(`${plan.intent} is not a race analysis`);
  }
}

async function seasonAnalysis(db: Warehouse, plan: Plan): Promise<AnalysisOutput> {
  switch (plan.intent) {
    case 'retirements':
      return retirementsOf(db, plan);
    case 'weather':
      return weatherOf(db, plan);
    case 'season_standings':
    case 'points_progression': {
      const { races, remaining, drivers } = await seasonInputs(db, [plan.season]);
      if (races.length === 0) throw noData(`there are no ${plan.season} results`);
      return seasonSummary({ season: plan.season, races, remaining, drivers });
    }
    case 'teammate_h2h': {
      const [a, b] = plan.drivers;
      if (!a || !b) throw badPlan('a head-to-head needs two drivers');
      const { races, drivers } = await seasonInputs(db, [plan.season]);
      return teammateHeadToHead({ season: plan.season, races, driverA: a, driverB: b, drivers });
    }
    case 'driver_comparison': {
      const [a, b] = plan.drivers;
      if (!a || !b) throw badPlan('a comparison needs two drivers');
      const seasons = plan.seasons?.length ? plan.seasons : await seasonsOf(db, [a, b]);
      const { races, drivers } = await seasonInputs(db, seasons);
      return driverComparison({ driverA: a, driverB: b, races, drivers });
    }
    case 'career': {
      const [driver] = plan.drivers;
      if (!driver) throw badPlan('a career summary needs a driver');
      const seasons = await seasonsOf(db, [driver]);
      const { races, remaining, drivers } = await seasonInputs(db, seasons);
      const finals = await Promise.all(
        seasons.map(async (season) => ({ season, rows: await finalStandings(db, season, 'drivers') })),
      );
      const finalRows = finals.flatMap(({ season, rows }) =>
        rows
          .filter((r) => r.ref === driver && r.position !== null)
          .map((r) => ({ season, driver, position: r.position ?? 0, points: r.points })),
      );
      const unfinishedSeasons = [...new Set(remaining.map((r) => r.season))];
      return careerSummary({ driver, races, finalStandings: finalRows, drivers, unfinishedSeasons });
    }
    default:
      throw badPlan(`${plan.intent} is not a season analysis`);
  }
}

/** Retirements and their reasons at one race (a plan with a round) or over the plan's seasons. */
async function retirementsOf(db: Warehouse, plan: Plan): Promise<AnalysisOutput> {
  const seasons = plan.seasons?.length ? plan.seasons : [plan.season];
  const { races, drivers } = await seasonInputs(db, seasons);
  const chosen = plan.round === undefined ? races : races.filter((r) => r.race.round === plan.round);
  if (chosen.length === 0) throw noData(`there are no results for ${plan.raceName ?? seasons.join(', ')}`);
  const where =
    plan.round !== undefined
      ? `at the ${plan.season} ${chosen[0]?.race.name ?? plan.raceName}`
      : seasons.length > 1
        ? `from ${seasons[0]} to ${seasons.at(-1)}`
        : `in ${plan.season}`;
  return retirements({
    races: chosen,
    drivers,
    where,
    onlyDrivers: plan.drivers,
    onlyTeams: plan.teams,
  });
}

const SEASON_INTENTS = [
  'retirements',
  'weather',
  'season_standings',
  'points_progression',
  'teammate_h2h',
  'driver_comparison',
  'career',
];

/** Runs the analyses a plan asks for over the warehouse. */
export async function runAnalysis(db: Warehouse, plan: Plan): Promise<AnalysisOutput> {
  return SEASON_INTENTS.includes(plan.intent) ? seasonAnalysis(db, plan) : raceAnalysis(db, plan);
}
