import { and, asc, desc, eq, isNull, max, sql } from 'drizzle-orm';
import {
  constructorStandings,
  constructors,
  driverStandings,
  drivers,
  pitStops,
  qualifying,
  races,
  results,
} from '../schema/warehouse.ts';
import type { WarehouseDatabase } from './warehouse.ts';

/**
 * Championship questions over the warehouse: wins, standings after a round, one race's classification.
 * Rows from every source are used (Ergast where it has them, f1db where it filled a gap); `source` is
 * returned so answers can cite it.
 */

export type DriverWins = { driverRef: string; forename: string; surname: string; wins: number };

/** Grand Prix wins per driver in a season (sprints excluded), most wins first. */
export async function seasonWins(db: WarehouseDatabase, season: number): Promise<DriverWins[]> {
  const wins = sql<number>`count(*)`;
  return db
    .select({ driverRef: drivers.ref, forename: drivers.forename, surname: drivers.surname, wins })
    .from(results)
    .innerJoin(races, eq(races.id, results.raceId))
    .innerJoin(drivers, eq(drivers.id, results.driverId))
    .where(and(eq(races.season, season), eq(results.session, 'race'), eq(results.position, 1)))
    .groupBy(drivers.id)
    .orderBy(desc(wins), asc(drivers.surname));
}

export type StandingRow = {
  round: number;
  position: number | null;
  positionText: string | null;
  /** Championship points after the round. */
  points: number;
  wins: number;
  ref: string;
  name: string;
  source: string;
};

/**
 * The drivers' or constructors' championship after the last round of the season that has standings
 * (the final table for a finished season, the current one for a season under way), leader first.
 */
export async function finalStandings(
  db: WarehouseDatabase,
  season: number,
  kind: 'drivers' | 'constructors',
): Promise<StandingRow[]> {
  const table = kind === 'drivers' ? driverStandings : constructorStandings;
  const [last] = await db
    .select({ round: max(races.round) })
    .from(table)
    .innerJoin(races, eq(races.id, table.raceId))
    .where(eq(races.season, season));
  if (!last || last.round === null) return [];
  const base = {
    round: races.round,
    position: table.position,
    positionText: table.positionText,
    points: table.points,
    wins: table.wins,
    source: table.source,
  };
  const where = and(eq(races.season, season), eq(races.round, last.round));
  if (kind === 'drivers') {
    return db
      .select({
        ...base,
        ref: drivers.ref,
        name: sql<string>`${drivers.forename} || ' ' || ${drivers.surname}`,
      })
      .from(driverStandings)
      .innerJoin(races, eq(races.id, driverStandings.raceId))
      .innerJoin(drivers, eq(drivers.id, driverStandings.driverId))
      .where(where)
      .orderBy(asc(sql`coalesce(${driverStandings.position}, 999)`), desc(driverStandings.points));
  }
  return db
    .select({ ...base, ref: constructors.ref, name: constructors.name })
    .from(constructorStandings)
    .innerJoin(races, eq(races.id, constructorStandings.raceId))
    .innerJoin(constructors, eq(constructors.id, constructorStandings.constructorId))
    .where(where)
    .orderBy(asc(sql`coalesce(${constructorStandings.position}, 999)`), desc(constructorStandings.points));
}

export type ClassifiedRow = {
  positionOrder: number;
  position: number | null;
  positionText: string;
  /** Starting position; 0 = pit lane or did not start. */
  grid: number;
  points: number;
  laps: number;
  status: string;
  driverRef: string;
  constructorRef: string;
  source: string;
};

/** The classification of a race (or its sprint) by season and round, in finishing order. */
export async function raceResult(
  db: WarehouseDatabase,
  season: number,
  round: number,
  session: 'race' | 'sprint' = 'race',
): Promise<ClassifiedRow[]> {
  return db
    .select({
      positionOrder: results.positionOrder,
      position: results.position,
      positionText: results.positionText,
      grid: results.grid,
      points: results.points,
      laps: results.laps,
      status: results.status,
      driverRef: drivers.ref,
      constructorRef: constructors.ref,
      source: results.source,
    })
    .from(results)
    .innerJoin(races, eq(races.id, results.raceId))
    .innerJoin(drivers, eq(drivers.id, results.driverId))
    .innerJoin(constructors, eq(constructors.id, results.constructorId))
    .where(and(eq(races.season, season), eq(races.round, round), eq(results.session, session)))
    .orderBy(asc(results.positionOrder));
}

/** Qualifying of a race by season and round; lap times in ms (null where the driver did not run). */
export async function qualifyingResult(db: WarehouseDatabase, season: number, round: number) {
  return db
    .select({
      position: qualifying.position,
      driverRef: drivers.ref,
      q1Ms: qualifying.q1Ms,
      q2Ms: qualifying.q2Ms,
      q3Ms: qualifying.q3Ms,
      source: qualifying.source,
    })
    .from(qualifying)
    .innerJoin(races, eq(races.id, qualifying.raceId))
    .innerJoin(drivers, eq(drivers.id, qualifying.driverId))
    .where(and(eq(races.season, season), eq(races.round, round)))
    .orderBy(asc(sql`coalesce(${qualifying.position}, 999)`));
}

/**
 * Pit stops of a race; durations are pit-lane times in ms. Flagged stops (e.g. ones that include a
 * red-flag suspension) are left out unless `includeFlagged`.
 */
export async function racePitStops(
  db: WarehouseDatabase,
  season: number,
  round: number,
  { includeFlagged = false } = {},
) {
  return db
    .select({
      driverRef: drivers.ref,
      stop: pitStops.stop,
      lap: pitStops.lap,
      durationMs: pitStops.durationMs,
      flag: pitStops.flag,
      source: pitStops.source,
    })
    .from(pitStops)
    .innerJoin(races, eq(races.id, pitStops.raceId))
    .innerJoin(drivers, eq(drivers.id, pitStops.driverId))
    .where(
      and(
        eq(races.season, season),
        eq(races.round, round),
        includeFlagged ? undefined : isNull(pitStops.flag),
      ),
    )
    .orderBy(asc(pitStops.lap), asc(drivers.ref));
}
