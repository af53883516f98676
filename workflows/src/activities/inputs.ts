import { type DataFlag, teamColour } from '@pitwall/db/contracts';
import { raceLaps, raceStints, TIME_ONLY_FLAGS } from '@pitwall/db/queries/laps';
import type { RaceRow } from '@pitwall/db/queries/warehouse';
import {
  constructorSeasons,
  constructors,
  drivers,
  type LapSession,
  pitStops,
  qualifying,
  races,
  results,
} from '@pitwall/db/schema/warehouse';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { LapDataSource } from '../analyses/clean-laps.ts';
import type {
  DriverInfo,
  LapInput,
  PitStopInput,
  QualifyingInput,
  RaceInfo,
  ResultInput,
  SeasonRaceInput,
  StintInput,
} from '../analyses/types.ts';
import type { Warehouse } from '../warehouse.ts';

/**
 * Reads warehouse rows and shapes them into the pure analyses' inputs. Flagged rows stay out (the
 * queries' default); nothing here computes a figure.
 */

const resultColumns = {
  raceId: results.raceId,
  session: results.session,
  driver: drivers.ref,
  teamRef: constructors.ref,
  grid: results.grid,
  position: results.position,
  positionText: results.positionText,
  positionOrder: results.positionOrder,
  points: results.points,
  laps: results.laps,
  timeMs: results.timeMs,
  status: results.status,
  fastestLapRank: results.fastestLapRank,
  fastestLapTimeMs: results.fastestLapTimeMs,
};

const toResult = ({ raceId: _r, session: _s, ...rest }: ResultRowWithKeys): ResultInput => rest;
type ResultRowWithKeys = ResultInput & { raceId: number; session: 'race' | 'sprint' };

/** Names, codes and team colours of the drivers in these races (their team at their latest race). */
async function driverInfo(db: Warehouse, raceIds: number[]): Promise<DriverInfo[]> {
  if (raceIds.length === 0) return [];
  const rows = await db
    .select({
      ref: drivers.ref,
      code: drivers.code,
      forename: drivers.forename,
      surname: drivers.surname,
      teamRef: constructors.ref,
      teamName: constructors.name,
      seasonName: constructorSeasons.name,
      colour: constructorSeasons.colour,
      date: races.date,
    })
    .from(results)
    .innerJoin(races, eq(races.id, results.raceId))
    .innerJoin(drivers, eq(drivers.id, results.driverId))
    .innerJoin(constructors, eq(constructors.id, results.constructorId))
    .leftJoin(
      constructorSeasons,
      and(
        eq(constructorSeasons.season, races.season),
        eq(constructorSeasons.constructorId, results.constructorId),
      ),
    )
    .where(inArray(results.raceId, raceIds))
    .orderBy(asc(races.date));
  const byRef = new Map<string, DriverInfo>();
  for (const r of rows) {
    byRef.set(r.ref, {
      ref: r.ref,
      code: r.code ?? r.surname.slice(0, 3).toUpperCase(),
      name: `${r.forename} ${r.surname}`,
      teamRef: r.teamRef,
      teamName: r.seasonName ?? r.teamName,
      colour: r.colour ?? teamColour(r.teamRef),
    });
  }
  return [...byRef.values()];
}

async function resultsOf(db: Warehouse, raceIds: number[]): Promise<ResultRowWithKeys[]> {
  if (raceIds.length === 0) return [];
  return db
    .select(resultColumns)
    .from(results)
    .innerJoin(drivers, eq(drivers.id, results.driverId))
    .innerJoin(constructors, eq(constructors.id, results.constructorId))
    .where(inArray(results.raceId, raceIds))
    .orderBy(asc(results.raceId), asc(results.positionOrder));
}

async function qualifyingOf(db: Warehouse, raceIds: number[]) {
  if (raceIds.length === 0) return [];
  return db
    .select({
      raceId: qualifying.raceId,
      driver: drivers.ref,
      teamRef: constructors.ref,
      position: qualifying.position,
      q1Ms: qualifying.q1Ms,
      q2Ms: qualifying.q2Ms,
      q3Ms: qualifying.q3Ms,
    })
    .from(qualifying)
    .innerJoin(drivers, eq(drivers.id, qualifying.driverId))
    .innerJoin(constructors, eq(constructors.id, qualifying.constructorId))
    .where(inArray(qualifying.raceId, raceIds));
}

export const raceInfo = (
  race: Pick<RaceRow, 'season' | 'round' | 'name'> & { laps?: number | null },
): RaceInfo => ({
  season: race.season,
  round: race.round,
  name: race.name,
  laps: race.laps ?? null,
});

/**
 * Everything one race's analyses may need: of the Grand Prix, or with `session` `sprint` of the weekend's
 * sprint (its classification, laps and stints, its distance, and "Sprint" in the race's name so every
 * title and sentence says which session it is about). The data holds no sprint pit stops.
 */
export async function raceInputs(db: Warehouse, race: RaceRow, session: LapSession = 'race') {
  const sprint = session === 'sprint';
  const [allResults, quali, lapRows, stintRows, stopRows, info, [row]] = await Promise.all([
    resultsOf(db, [race.id]),
    qualifyingOf(db, [race.id]),
    // Rows flagged only for their time still place the car (lap 1 in FastF1): positions and traces need them.
    raceLaps(db, race.id, { includeFlagged: true, session }).then((rows) =>
      rows.filter((l) => l.flag === null || TIME_ONLY_FLAGS.includes(l.flag as DataFlag)),
    ),
    raceStints(db, race.id, { session }),
    sprint
      ? Promise.resolve([])
      : db
          .select({
            driver: drivers.ref,
            stop: pitStops.stop,
            lap: pitStops.lap,
            durationMs: pitStops.durationMs,
          })
          .from(pitStops)
          .innerJoin(drivers, eq(drivers.id, pitStops.driverId))
          .where(and(eq(pitStops.raceId, race.id), isNull(pitStops.flag))),
    driverInfo(db, [race.id]),
    db.select({ laps: races.laps }).from(races).where(eq(races.id, race.id)),
  ]);
  const raceResults = allResults.filter((r) => r.session === session).map(toResult);
  const winnerLaps = raceResults.find((r) => r.position === 1)?.laps ?? null;
  const laps: LapInput[] = lapRows.map((l) => ({
    driver: l.driverRef,
    lap: l.lap,
    position: l.position,
    timeMs: l.timeMs,
    compound: l.compound,
    tyreLife: l.tyreLife,
    stint: l.stint,
    trackStatus: l.trackStatus,
    pitIn: l.pitIn,
    pitOut: l.pitOut,
    isAccurate: l.isAccurate,
    endTimeMs: l.endTimeMs,
  }));
  const stints: StintInput[] = stintRows.map((s) => ({
    driver: s.driverRef,
    stint: s.stint,
    compound: s.compound,
    lapStart: s.lapStart,
    lapEnd: s.lapEnd,
    tyreAgeAtStart: s.tyreAgeAtStart,
    fresh: s.fresh,
  }));
  const sources = new Map<string, number>();
  for (const l of lapRows) sources.set(l.source, (sources.get(l.source) ?? 0) + 1);
  const main = [...sources].sort((a, b) => b[1] - a[1])[0]?.[0];
  const lapSource: LapDataSource = main === 'openf1' ? 'openf1' : main === 'fastf1' ? 'fastf1' : 'ergast';
  return {
    race: sprint
      ? raceInfo({ ...race, name: `${race.name} Sprint`, laps: winnerLaps })
      : raceInfo({ ...race, laps: row?.laps ?? winnerLaps }),
    drivers: info,
    results: raceResults,
    qualifying: quali.map(({ raceId: _r, ...q }): QualifyingInput => q),
    laps,
    stints,
    pitStops: stopRows as PitStopInput[],
    lapSource,
  };
}

/** The races of the given seasons with results, sprints and qualifying, for season-wide analyses. */
export async function seasonInputs(db: Warehouse, seasons: number[]) {
  const raceRows = await db
    .select({
      id: races.id,
      season: races.season,
      round: races.round,
      name: races.name,
      laps: races.laps,
      sprintWeekend: races.sprintWeekend,
    })
    .from(races)
    .where(inArray(races.season, seasons))
    .orderBy(asc(races.season), asc(races.round));
  const ids = raceRows.map((r) => r.id);
  const [allResults, quali, info] = await Promise.all([
    resultsOf(db, ids),
    qualifyingOf(db, ids),
    driverInfo(db, ids),
  ]);
  const byRace = <T extends { raceId: number }>(rows: T[]) => {
    const map = new Map<number, T[]>();
    for (const row of rows) map.set(row.raceId, [...(map.get(row.raceId) ?? []), row]);
    return map;
  };
  const resultsByRace = byRace(allResults);
  const qualiByRace = byRace(quali);
  const withResults: SeasonRaceInput[] = [];
  const remaining: { season: number; round: number; sprint: boolean }[] = [];
  for (const r of raceRows) {
    const rows = resultsByRace.get(r.id) ?? [];
    if (rows.length === 0) {
      remaining.push({ season: r.season, round: r.round, sprint: r.sprintWeekend });
      continue;
    }
    withResults.push({
      race: raceInfo(r),
      results: rows.filter((x) => x.session === 'race').map(toResult),
      sprintResults: rows.filter((x) => x.session === 'sprint').map(toResult),
      qualifying: (qualiByRace.get(r.id) ?? []).map(({ raceId: _q, ...q }) => q),
    });
  }
  return { races: withResults, remaining, drivers: info };
}

/** Seasons in which any of these drivers started a race. */
export async function seasonsOf(db: Warehouse, driverRefs: string[]): Promise<number[]> {
  const rows = await db
    .selectDistinct({ season: races.season })
    .from(results)
    .innerJoin(races, eq(races.id, results.raceId))
    .innerJoin(drivers, eq(drivers.id, results.driverId))
    .where(inArray(drivers.ref, driverRefs))
    .orderBy(asc(races.season));
  return rows.map((r) => r.season);
}
