import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { teamColour } from '@pitwall/db/contracts';
import {
  circuits,
  constructorSeasons,
  constructorStandings,
  constructors,
  driverStandings,
  drivers,
  imports,
  pitStops,
  qualifying,
  races,
  results,
  seasons,
  sessions,
} from '@pitwall/db/schema/warehouse';
import { normalize } from '@pitwall/db/text';
import { sql } from 'drizzle-orm';
import type { Warehouse } from '../warehouse.ts';
import { type CsvRow, int, num, parseCsv, parseDuration, req, str } from './csv.ts';
import { NEUTRALISATION_LOADERS, NEUTRALISATION_PARSERS } from './neutralisations.ts';
import { upsertRows } from './upsert.ts';

/**
 * Imports the Ergast CSV dump (`f1data/ergast`). Each file is skipped when its checksum matches the last
 * import, so a second run costs a few reads. Rows that cannot be imported are counted by reason in
 * `imports.issues`, never silently dropped.
 */
const SOURCE = 'ergast';

/** A pit-lane time this long can only include a red-flag suspension (a normal stop is 20–40 s). */
export const RED_FLAG_STOP_MS = 5 * 60_000;

export type ImportProgress = (event: { file: string; rows: number; skipped: boolean }) => void;
export type ImportOutcome = {
  rows: number;
  flagged: number;
  rejected: number;
  issues: Record<string, number>;
};

/** The previous import of a dataset when its checksum is unchanged. */
export async function unchangedImport(db: Warehouse, dataset: string, sha256: string) {
  const previous = await db.query.imports.findFirst({ where: (t, { eq }) => eq(t.dataset, dataset) });
  return previous?.sha256 === sha256 ? previous : undefined;
}

export async function recordImport(db: Warehouse, dataset: string, sha256: string, outcome: ImportOutcome) {
  await upsertRows(db, imports, [{ dataset, sha256, ...outcome, importedAt: new Date().toISOString() }]);
}

type Known = { races: Set<number>; drivers: Set<number>; constructors: Set<number> };

/** Maps CSV rows, setting aside (and counting by reason) rows that miss a field or name an unknown id. */
function mapRows<T extends object>(records: CsvRow[], known: Known | null, map: (row: CsvRow) => T) {
  const rows: T[] = [];
  const issues: Record<string, number> = {};
  for (const record of records) {
    try {
      const row = map(record) as T & { raceId?: number; driverId?: number; constructorId?: number };
      if (known && row.raceId !== undefined && !known.races.has(row.raceId)) throw new Error('unknown race');
      if (known && row.driverId !== undefined && !known.drivers.has(row.driverId))
        throw new Error('unknown driver');
      if (known && row.constructorId !== undefined && !known.constructors.has(row.constructorId))
        throw new Error('unknown constructor');
      rows.push(row);
    } catch (err) {
      const reason = (err as Error).message;
      issues[reason] = (issues[reason] ?? 0) + 1;
    }
  }
  // Flag reasons are counted beside rejection reasons, so the import log says why rows are flagged.
  let flagged = 0;
  for (const { flag } of rows as { flag?: string | null }[]) {
    if (!flag) continue;
    flagged += 1;
    issues[flag] = (issues[flag] ?? 0) + 1;
  }
  return { rows, outcome: { rows: rows.length, flagged, rejected: records.length - rows.length, issues } };
}

const resultRow = (status: Map<string, string>, session: 'race' | 'sprint') => (r: CsvRow) => ({
  raceId: req(int(r.raceId), 'raceId'),
  session,
  positionOrder: req(int(r.positionOrder), 'positionOrder'),
  driverId: req(int(r.driverId), 'driverId'),
  constructorId: req(int(r.constructorId), 'constructorId'),
  number: int(r.number),
  grid: req(int(r.grid), 'grid'),
  position: int(r.position),
  positionText: req(str(r.positionText), 'positionText'),
  points: req(num(r.points), 'points'),
  laps: req(int(r.laps), 'laps'),
  timeMs: int(r.milliseconds),
  status: status.get(r.statusId ?? '') ?? 'Unknown',
  fastestLap: int(r.fastestLap),
  fastestLapRank: int(r.rank),
  fastestLapTimeMs: parseDuration(r.fastestLapTime),
  source: SOURCE,
});

/** ISO date, with the UTC time where the source has it. */
const startsAt = (date: string | null, time: string | null) => (time ? `${date}T${time}Z` : date);

/**
 * Session rows of one races.csv row. On sprint weekends from 2023 the dump's fp2 columns hold the sprint
 * shootout / sprint qualifying (there was no FP2), so they are filed under that session.
 */
function sessionRows(r: CsvRow) {
  const raceId = req(int(r.raceId), 'raceId');
  const sprintWeekend = str(r.sprint_date) !== null;
  const fp2 = sprintWeekend && Number(r.year) >= 2023 ? 'sprint_qualifying' : 'fp2';
  const slots = [
    ['fp1', r.fp1_date, r.fp1_time],
    [fp2, r.fp2_date, r.fp2_time],
    ['fp3', r.fp3_date, r.fp3_time],
    ['qualifying', r.quali_date, r.quali_time],
    ['sprint', r.sprint_date, r.sprint_time],
    ['race', r.date, r.time],
  ] as const;
  return slots.flatMap(([kind, date, time]) =>
    str(date) === null ? [] : [{ raceId, kind, startsAt: startsAt(str(date), str(time)) }],
  );
}

type Loader = (db: Warehouse, records: CsvRow[], ctx: Context) => Promise<ImportOutcome>;
type Context = { status: Map<string, string>; known: () => Promise<Known> };

async function load<T extends object>(
  db: Warehouse,
  table: Parameters<typeof upsertRows>[1],
  mapped: { rows: T[]; outcome: ImportOutcome },
) {
  await upsertRows(db, table, mapped.rows as never[]);
  return mapped.outcome;
}

const standingRow = (r: CsvRow) => ({
  raceId: req(int(r.raceId), 'raceId'),
  points: req(num(r.points), 'points'),
  position: int(r.position),
  positionText: str(r.positionText),
  wins: req(int(r.wins), 'wins'),
  source: SOURCE,
});

/** The dump's files in dependency order (entities before the facts that name them). */
const LOADERS: Record<string, Loader> = {
  'seasons.csv': (db, rs) =>
    load(
      db,
      seasons,
      mapRows(rs, null, (r) => ({ year: req(int(r.year), 'year') })),
    ),
  'circuits.csv': (db, rs) =>
    load(
      db,
      circuits,
      mapRows(rs, null, (r) => ({
        id: req(int(r.circuitId), 'circuitId'),
        ref: req(str(r.circuitRef), 'circuitRef'),
        name: req(str(r.name), 'name'),
        location: str(r.location),
        country: str(r.country),
        lat: num(r.lat),
        lng: num(r.lng),
      })),
    ),
  'drivers.csv': (db, rs) =>
    load(
      db,
      drivers,
      mapRows(rs, null, (r) => {
        const forename = req(str(r.forename), 'forename');
        const surname = req(str(r.surname), 'surname');
        return {
          id: req(int(r.driverId), 'driverId'),
          ref: req(str(r.driverRef), 'driverRef'),
          number: int(r.number),
          code: str(r.code),
          forename,
          surname,
          nameAscii: normalize(`${forename} ${surname}`),
          dob: str(r.dob),
          nationality: str(r.nationality),
        };
      }),
    ),
  'constructors.csv': (db, rs) =>
    load(
      db,
      constructors,
      mapRows(rs, null, (r) => ({
        id: req(int(r.constructorId), 'constructorId'),
        ref: req(str(r.constructorRef), 'constructorRef'),
        name: req(str(r.name), 'name'),
        nationality: str(r.nationality),
      })),
    ),
  'races.csv': async (db, rs) => {
    const outcome = await load(
      db,
      races,
      mapRows(rs, null, (r) => ({
        id: req(int(r.raceId), 'raceId'),
        season: req(int(r.year), 'year'),
        round: req(int(r.round), 'round'),
        circuitId: req(int(r.circuitId), 'circuitId'),
        name: req(str(r.name), 'name'),
        date: req(str(r.date), 'date'),
        time: str(r.time),
        sprintWeekend: str(r.sprint_date) !== null,
      })),
    );
    await upsertRows(db, sessions, rs.flatMap(sessionRows));
    return outcome;
  },
  'results.csv': async (db, rs, ctx) =>
    load(db, results, mapRows(rs, await ctx.known(), resultRow(ctx.status, 'race'))),
  'sprint_results.csv': async (db, rs, ctx) =>
    load(db, results, mapRows(rs, await ctx.known(), resultRow(ctx.status, 'sprint'))),
  'qualifying.csv': async (db, rs, ctx) =>
    load(
      db,
      qualifying,
      mapRows(rs, await ctx.known(), (r) => ({
        raceId: req(int(r.raceId), 'raceId'),
        driverId: req(int(r.driverId), 'driverId'),
        constructorId: req(int(r.constructorId), 'constructorId'),
        number: int(r.number),
        position: int(r.position),
        q1Ms: parseDuration(r.q1),
        q2Ms: parseDuration(r.q2),
        q3Ms: parseDuration(r.q3),
        source: SOURCE,
      })),
    ),
  'pit_stops.csv': async (db, rs, ctx) =>
    load(
      db,
      pitStops,
      mapRows(rs, await ctx.known(), (r) => {
        const durationMs = int(r.milliseconds);
        return {
          raceId: req(int(r.raceId), 'raceId'),
          driverId: req(int(r.driverId), 'driverId'),
          stop: req(int(r.stop), 'stop'),
          lap: req(int(r.lap), 'lap'),
          timeOfDay: str(r.time),
          durationMs,
          source: SOURCE,
          flag: durationMs !== null && durationMs > RED_FLAG_STOP_MS ? 'red_flag_stop' : null,
        };
      }),
    ),
  'driver_standings.csv': async (db, rs, ctx) =>
    load(
      db,
      driverStandings,
      mapRows(rs, await ctx.known(), (r) => ({
        ...standingRow(r),
        driverId: req(int(r.driverId), 'driverId'),
      })),
    ),
  'constructor_standings.csv': async (db, rs, ctx) =>
    load(
      db,
      constructorStandings,
      mapRows(rs, await ctx.known(), (r) => ({
        ...standingRow(r),
        constructorId: req(int(r.constructorId), 'constructorId'),
      })),
    ),
  // Read after races.csv: their rows name races by season and name.
  ...NEUTRALISATION_LOADERS,
};

export const ERGAST_FILES = Object.keys(LOADERS);
const SEASON_INPUTS = new Set([
  'drivers.csv',
  'constructors.csv',
  'races.csv',
  'results.csv',
  'sprint_results.csv',
]);

/**
 * Derives who drove for whom (driver_seasons: the car number a driver used most for that team) and each
 * team's name and colour per season (constructor_seasons) from every classification in the warehouse.
 */
export async function deriveSeasonEntities(db: Warehouse) {
  await db.run(sql`
    INSERT INTO driver_seasons (season, driver_id, constructor_id, number, code)
    SELECT season, driver_id, constructor_id, number, code FROM (
      SELECT ra.season, r.driver_id, r.constructor_id, r.number, d.code,
        row_number() OVER (PARTITION BY ra.season, r.driver_id, r.constructor_id
                           ORDER BY count(*) DESC, r.number) AS pick
      FROM results r JOIN races ra ON ra.id = r.race_id JOIN drivers d ON d.id = r.driver_id
      GROUP BY ra.season, r.driver_id, r.constructor_id, r.number
    ) WHERE pick = 1
    ON CONFLICT (season, driver_id, constructor_id) DO UPDATE SET number = excluded.number, code = excluded.code`);
  const teams = await db.all<{ season: number; constructorId: number; ref: string; name: string }>(sql`
    SELECT DISTINCT ra.season, c.id AS constructorId, c.ref, c.name
    FROM results r JOIN races ra ON ra.id = r.race_id JOIN constructors c ON c.id = r.constructor_id`);
  await upsertRows(
    db,
    constructorSeasons,
    teams.map((t) => ({
      season: t.season,
      constructorId: t.constructorId,
      name: t.name,
      colour: teamColour(t.ref),
    })),
  );
}

/**
 * Loads every file of the dump (see ERGAST_FILES), then derives the season tables when an input changed.
 * Returns rows imported per file; `onProgress` hears once per file.
 */
export async function importErgast(db: Warehouse, dir: string, onProgress?: ImportProgress) {
  const loaded = await Promise.all(ERGAST_FILES.map((file) => readFile(join(dir, file))));
  const status = new Map(
    parseCsv(await readFile(join(dir, 'status.csv'))).map((r) => [r.statusId ?? '', r.status ?? '']),
  );
  let known: Known | undefined;
  const ctx: Context = {
    status,
    // Read after the entity files are in, so fact rows are checked against what this import loaded.
    known: async () => {
      known ??= {
        races: new Set((await db.select({ id: races.id }).from(races)).map((r) => r.id)),
        drivers: new Set((await db.select({ id: drivers.id }).from(drivers)).map((r) => r.id)),
        constructors: new Set((await db.select({ id: constructors.id }).from(constructors)).map((r) => r.id)),
      };
      return known;
    },
  };
  const summary: Record<string, number> = {};
  let seasonInputsChanged = false;
  for (const [i, file] of ERGAST_FILES.entries()) {
    const text = loaded[i] ?? Buffer.alloc(0);
    const sha256 = createHash('sha256').update(text).digest('hex');
    const dataset = `ergast/${file}`;
    const previous = await unchangedImport(db, dataset, sha256);
    if (previous) {
      summary[file] = previous.rows;
      onProgress?.({ file, rows: previous.rows, skipped: true });
      continue;
    }
    const parse = NEUTRALISATION_PARSERS[file] ?? parseCsv;
    const outcome = await (LOADERS[file] as Loader)(db, parse(text), ctx);
    await recordImport(db, dataset, sha256, outcome);
    if (SEASON_INPUTS.has(file)) seasonInputsChanged = true;
    summary[file] = outcome.rows;
    onProgress?.({ file, rows: outcome.rows, skipped: false });
  }
  if (seasonInputsChanged) await deriveSeasonEntities(db);
  return summary;
}
