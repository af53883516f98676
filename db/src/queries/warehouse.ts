import { and, asc, desc, eq, max, sql } from 'drizzle-orm';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from '../schema/warehouse.ts';
import { circuits, constructors, drivers, races, results } from '../schema/warehouse.ts';

/**
 * The warehouse through either libSQL driver: the native one for a local file (queries run synchronously
 * and are awaited all the same) or `@libsql/client` for a remote database.
 */
export type WarehouseDatabase = BaseSQLiteDatabase<'sync' | 'async', unknown, typeof schema>;

export type RaceRow = {
  id: number;
  season: number;
  round: number;
  name: string;
  date: string;
  circuitName: string;
  circuitRef: string;
  location: string | null;
  country: string | null;
};

const raceColumns = {
  id: races.id,
  season: races.season,
  round: races.round,
  name: races.name,
  date: races.date,
  circuitName: circuits.name,
  circuitRef: circuits.ref,
  location: circuits.location,
  country: circuits.country,
};

/** The races of a season in calendar order, with their circuits. */
export async function seasonRaces(db: WarehouseDatabase, season: number): Promise<RaceRow[]> {
  return db
    .select(raceColumns)
    .from(races)
    .innerJoin(circuits, eq(circuits.id, races.circuitId))
    .where(eq(races.season, season))
    .orderBy(asc(races.round));
}

export async function findRace(
  db: WarehouseDatabase,
  season: number,
  round: number,
): Promise<RaceRow | undefined> {
  const [row] = await db
    .select(raceColumns)
    .from(races)
    .innerJoin(circuits, eq(circuits.id, races.circuitId))
    .where(and(eq(races.season, season), eq(races.round, round)));
  return row;
}

/** The newest season that has race results, and its last round with results. */
export async function latestResults(db: WarehouseDatabase) {
  const [row] = await db
    .select({ season: races.season, round: max(races.round) })
    .from(results)
    .innerJoin(races, eq(races.id, results.raceId))
    .where(eq(results.session, 'race'))
    .groupBy(races.season)
    .orderBy(desc(races.season))
    .limit(1);
  return row && row.round !== null ? { season: row.season, round: row.round } : undefined;
}

export type ResultRow = {
  positionOrder: number;
  position: number | null;
  positionText: string;
  grid: number;
  points: number;
  laps: number;
  timeMs: number | null;
  status: string;
  fastestLapRank: number | null;
  fastestLapTimeMs: number | null;
  driverRef: string;
  driverCode: string | null;
  forename: string;
  surname: string;
  constructorRef: string;
  constructorName: string;
};

/** Classification of one race (not the sprint) in finishing order. */
export async function raceResults(db: WarehouseDatabase, raceId: number): Promise<ResultRow[]> {
  return db
    .select({
      positionOrder: results.positionOrder,
      position: results.position,
      positionText: results.positionText,
      grid: results.grid,
      points: results.points,
      laps: results.laps,
      timeMs: results.timeMs,
      status: results.status,
      fastestLapRank: results.fastestLapRank,
      fastestLapTimeMs: results.fastestLapTimeMs,
      driverRef: drivers.ref,
      driverCode: drivers.code,
      forename: drivers.forename,
      surname: drivers.surname,
      constructorRef: constructors.ref,
      constructorName: constructors.name,
    })
    .from(results)
    .innerJoin(drivers, eq(drivers.id, results.driverId))
    .innerJoin(constructors, eq(constructors.id, results.constructorId))
    .where(and(eq(results.raceId, raceId), eq(results.session, 'race')))
    .orderBy(asc(results.positionOrder));
}

/** Row counts per table, for status reports and for "is the warehouse empty?". */
export async function warehouseCounts(db: WarehouseDatabase) {
  const count = sql<number>`count(*)`;
  const [r] = await db.select({ n: count }).from(races);
  const [res] = await db.select({ n: count }).from(results);
  const [d] = await db.select({ n: count }).from(drivers);
  return { races: r?.n ?? 0, results: res?.n ?? 0, drivers: d?.n ?? 0 };
}
