import type { LapDataSource } from './clean-laps.ts';
import { degradation } from './degradation.ts';
import { SUSPENSION_STOP_MS } from './pit-stops.ts';
import { groupBy, median } from './stats.ts';
import type { DriverInfo, LapInput, PitStopInput, RaceInfo, ResultInput, StintInput } from './types.ts';

/**
 * One race's share of a season-wide answer: a few small numbers per compound, team or driver, so that a
 * season of them stays small enough for a workflow's history. Each summariser is pure.
 */
export type SeasonWideIntent = 'degradation' | 'positions' | 'pit_stops' | 'tyre_strategy';
export const SEASON_WIDE_INTENTS: readonly string[] = [
  'degradation',
  'positions',
  'pit_stops',
  'tyre_strategy',
];

export type RaceSummary = {
  season: number;
  round: number;
  name: string;
  source: LapDataSource;
  /** Per compound: median degradation slope of the race's fitted stints, s/lap. */
  degradation?: { compound: string; medianSlope: number; stints: number }[];
  /** Per driver with a grid slot and a lap-1 position: grid − position at the end of lap 1. */
  lapOne?: { driver: string; code: string; name: string; gained: number }[];
  /** Per team: median of its timed pit-lane times, ms. */
  pitStops?: { team: string; teamName: string; colour: string; stops: number; medianMs: number }[];
  /** Stops per classified driver, and the winner's. */
  strategy?: { stops: number[]; winnerStops: number | null };
  /** Why this race adds nothing, when it does not. */
  skipped?: string;
};

/** Median degradation per compound, through the single-race analysis (clean laps, fuel corrected). */
export function raceDegradation(input: {
  race: RaceInfo;
  drivers: DriverInfo[];
  laps: LapInput[];
  pitStops: PitStopInput[];
}): RaceSummary['degradation'] {
  const output = degradation(input);
  const table = output.tables.find((t) => t.name === 'Degradation by compound');
  return (table?.rows ?? []).map(([compound, stints, slope]) => ({
    compound: String(compound),
    stints: Number(stints),
    medianSlope: Number(slope),
  }));
}

/**
 * Places gained on the opening lap: grid slot minus running position at the end of lap 1. Pit-lane
 * starters (grid 0) and drivers with no lap-1 position are left out: they have no comparable start.
 */
export function lapOneGains(
  results: ResultInput[],
  laps: LapInput[],
  drivers: DriverInfo[],
): NonNullable<RaceSummary['lapOne']> {
  const info = new Map(drivers.map((d) => [d.ref, d]));
  const lapOne = new Map(laps.filter((l) => l.lap === 1 && l.position).map((l) => [l.driver, l.position]));
  return results.flatMap((r) => {
    const position = lapOne.get(r.driver);
    if (!r.grid || !position) return [];
    const d = info.get(r.driver);
    return [
      {
        driver: r.driver,
        code: d?.code ?? r.driver.slice(0, 3).toUpperCase(),
        name: d?.name ?? r.driver,
        gained: r.grid - position,
      },
    ];
  });
}

/** Each team's median pit-lane time (ms) over its timed stops; red-flag waits are left out. */
export function teamStopMedians(
  pitStops: PitStopInput[],
  results: ResultInput[],
  drivers: DriverInfo[],
): NonNullable<RaceSummary['pitStops']> {
  const teamOf = new Map(results.map((r) => [r.driver, r.teamRef]));
  const teams = new Map(drivers.map((d) => [d.teamRef, d]));
  const timed = pitStops.filter((p) => p.durationMs !== null && p.durationMs <= SUSPENSION_STOP_MS);
  return [...groupBy(timed, (p) => teamOf.get(p.driver) ?? 'unknown')].map(([team, stops]) => ({
    team,
    teamName: teams.get(team)?.teamName ?? team,
    colour: teams.get(team)?.colour ?? '#888888',
    stops: stops.length,
    medianMs: median(stops.map((p) => p.durationMs as number)),
  }));
}

/**
 * Stops made by each classified driver: their pit-stop rows when the race has any, else stint changes
 * (stints − 1). The winner's count is kept apart: it says which strategy won.
 */
export function stopCounts(
  results: ResultInput[],
  pitStops: PitStopInput[],
  stints: StintInput[],
): NonNullable<RaceSummary['strategy']> {
  const fromStops = pitStops.length > 0;
  const count = (driver: string) =>
    fromStops
      ? pitStops.filter((p) => p.driver === driver).length
      : Math.max(0, stints.filter((s) => s.driver === driver).length - 1);
  const classified = results.filter((r) => r.position !== null);
  const winner = results.find((r) => r.position === 1);
  return { stops: classified.map((r) => count(r.driver)), winnerStops: winner ? count(winner.driver) : null };
}
