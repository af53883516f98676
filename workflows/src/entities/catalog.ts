import {
  circuits,
  constructorSeasons,
  constructors,
  driverSeasons,
  drivers,
  races,
  results,
} from '@pitwall/db/schema/warehouse';
import { type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Warehouse } from '../warehouse.ts';
import { buildCatalog } from './build.ts';
import type { KeyIndex } from './keys.ts';
import type { Lineage } from './lineages.ts';

/**
 * The in-memory catalog of people, teams and events that entity resolution matches against. It is loaded
 * once per worker from the warehouse; everything after that is pure and synchronous.
 */

/** The raw rows the catalog is built from: what `loadCatalog` reads, or what a test writes by hand. */
export type CatalogData = {
  drivers: {
    id: number;
    ref: string;
    forename: string;
    surname: string;
    code: string | null;
    number: number | null;
  }[];
  constructors: { id: number; ref: string; name: string }[];
  /** Team names per season where known (sponsor names such as "Visa Cash App RB"). */
  constructorSeasons: { season: number; constructorId: number; name: string }[];
  circuits: { id: number; ref: string; name: string; location: string | null; country: string | null }[];
  races: { id: number; season: number; round: number; name: string; circuitId: number; date: string }[];
  /** Who raced for whom with which number: one row per (season, driver, team, number). */
  entries: {
    season: number;
    driverId: number;
    constructorId: number;
    number: number | null;
    starts: number;
    wins: number;
  }[];
};

export type DriverEntry = {
  id: number;
  ref: string;
  name: string;
  code: string | null;
  /** Permanent number (drivers table), where the driver has one. */
  number: number | null;
  /** Season → car numbers and teams that season. */
  seasons: Map<number, { numbers: Set<number>; constructorIds: Set<number> }>;
  lastSeason: number;
  starts: number;
  wins: number;
};

export type ConstructorEntry = { id: number; ref: string; name: string; seasons: Map<number, string> };
export type CircuitEntry = CatalogData['circuits'][number];
export type RaceEntry = CatalogData['races'][number] & { circuit: CircuitEntry; group: string };
/** One event through its renames (Brazilian → São Paulo GP): `name` is the newest. */
export type EventGroup = { key: string; name: string; races: RaceEntry[] };

export type Catalog = {
  drivers: Map<number, DriverEntry>;
  constructors: Map<number, ConstructorEntry>;
  lineages: Map<string, Lineage>;
  races: RaceEntry[];
  racesByCircuit: Map<number, RaceEntry[]>;
  /** Keyed by the folded country as the circuits table writes it ("usa", "united states"). */
  racesByCountry: Map<string, RaceEntry[]>;
  events: Map<string, EventGroup>;
  /** Car number → drivers who raced with it (per season) or hold it permanently. */
  numbers: Map<number, DriverEntry[]>;
  keys: KeyIndex;
  /** The newest season with races: "current" team names and recency are measured from it. */
  latestSeason: number;
};

/**
 * Reads the catalog's rows from the warehouse and builds it, once per worker. Measured on the full
 * 1950–2025 Ergast history (entities-data test): 80–95 ms best of 5 on a shared 2-core machine that was
 * running other builds at the time (load average 6–15), of which the queries were about 30 ms of CPU.
 */
export async function loadCatalog(db: Warehouse): Promise<Catalog> {
  const [driverRows, teamRows, teamSeasons, circuitRows, raceRows, raced, declared] = await Promise.all([
    tuples(db, drivers, [
      drivers.id,
      drivers.ref,
      drivers.forename,
      drivers.surname,
      drivers.code,
      drivers.number,
    ]),
    tuples(db, constructors, [constructors.id, constructors.ref, constructors.name]),
    tuples(db, constructorSeasons, [
      constructorSeasons.season,
      constructorSeasons.constructorId,
      constructorSeasons.name,
    ]),
    tuples(db, circuits, [circuits.id, circuits.ref, circuits.name, circuits.location, circuits.country]),
    tuples(db, races, [races.id, races.season, races.round, races.name, races.circuitId, races.date]),
    // Per-season facts come from race results, which every import fills…
    tuples(
      db,
      results,
      [results.raceId, results.driverId, results.constructorId, results.number, results.position],
      sql`${results.session} = 'race'`,
    ),
    // …and driver_seasons adds entrants (a new season's line-up) that have no result yet.
    tuples(db, driverSeasons, [
      driverSeasons.season,
      driverSeasons.driverId,
      driverSeasons.constructorId,
      driverSeasons.number,
    ]),
  ]);
  const raceList = raceRows.map(([id, season, round, name, circuitId, date]) => ({
    id,
    season,
    round,
    name,
    circuitId,
    date,
  }));
  return buildCatalog({
    drivers: driverRows.map(([id, ref, forename, surname, code, number]) => ({
      id,
      ref,
      forename,
      surname,
      code,
      number,
    })),
    constructors: teamRows.map(([id, ref, name]) => ({ id, ref, name })),
    constructorSeasons: teamSeasons.map(([season, constructorId, name]) => ({ season, constructorId, name })),
    circuits: circuitRows.map(([id, ref, name, location, country]) => ({ id, ref, name, location, country })),
    races: raceList,
    entries: [
      ...summarise(raced, raceList),
      ...declared.map(([season, driverId, constructorId, number]) => ({
        season,
        driverId,
        constructorId,
        number,
        starts: 0,
        wins: 0,
      })),
    ],
  });
}

/**
 * A table's columns as tuples, fetched as one JSON value: decoding ~27k result rows one by one took
 * several times longer than the query, while JSON.parse of one string is a few ms.
 */
async function tuples<const C extends SQLiteColumn[]>(
  db: Warehouse,
  table: SQLiteTable,
  columns: C,
  where?: SQL,
): Promise<{ [K in keyof C]: C[K]['_']['data'] | (C[K]['_']['notNull'] extends true ? never : null) }[]> {
  const filter = where ? sql` where ${where}` : sql``;
  const row = await db.get<{ rows: string | null }>(
    sql`select json_group_array(json_array(${sql.join(columns, sql`, `)})) as rows from ${table}${filter}`,
  );
  return JSON.parse(row?.rows ?? '[]');
}

/** Race results → one entry per (season, driver, team, number), with starts and wins. */
function summarise(
  rows: [number, number, number, number | null, number | null][],
  raceList: CatalogData['races'],
): CatalogData['entries'] {
  const seasonOf = new Map(raceList.map((r) => [r.id, r.season]));
  // Numeric keys per driver: string keys for 27k rows made this the slowest step of the load.
  const byDriver = new Map<number, Map<number, CatalogData['entries'][number]>>();
  const entries: CatalogData['entries'] = [];
  for (const [race, driverId, constructorId, number, position] of rows) {
    const season = seasonOf.get(race);
    if (season === undefined) continue;
    const key = (season * 1000 + (number ?? -1) + 1) * 1_000_000 + constructorId;
    const own = byDriver.get(driverId) ?? new Map();
    byDriver.set(driverId, own);
    let entry = own.get(key);
    if (!entry) {
      entry = { season, driverId, constructorId, number, starts: 0, wins: 0 };
      own.set(key, entry);
      entries.push(entry);
    }
    entry.starts += 1;
    if (position === 1) entry.wins += 1;
  }
  return entries;
}
