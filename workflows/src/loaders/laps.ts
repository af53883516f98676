import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { laps, races, sessions, stints, weather } from '@pitwall/db/schema/warehouse';
import { inArray, min, sql } from 'drizzle-orm';
import type { Warehouse } from '../warehouse.ts';
import { type CsvJob, type ReadAhead, readAhead } from './read-ahead.ts';
import { count, type FileRecord, previousIfUnchanged, recordImports } from './timing/bookkeeping.ts';
import {
  DERIVED_COLUMNS,
  DERIVED_ORIGIN_COLUMNS,
  readDerivedLaps,
  readDerivedOrigins,
} from './timing/ergast-laps.ts';
import type { ColumnSpec, ParsedTable } from './timing/fast-csv.ts';
import { FASTF1_COLUMNS, readFastf1Laps } from './timing/fastf1.ts';
import {
  OPENF1_LAP_COLUMNS,
  OPENF1_STINT_COLUMNS,
  readOpenf1Laps,
  readOpenf1Stints,
} from './timing/openf1-laps.ts';
import { readRaceSessions, readWeather, SESSION_COLUMNS, WEATHER_COLUMNS } from './timing/openf1-sessions.ts';
import { type LapRow, lapKey, reconcileLaps, type SourceLap } from './timing/reconcile.ts';
import { loadTimingRefs, referenceFingerprint } from './timing/refs.ts';
import { rowKey } from './timing/row-key.ts';
import { flagSpuriousStints, type StintRow, separateOverlaps, stintsFromLaps } from './timing/stints.ts';
import type { FileTally } from './timing/tally.ts';
import { upsertRows } from './upsert.ts';

export type TimingProgress = (event: { file: string; rows: number; skipped: boolean }) => void;

const SESSIONS = 'openf1/race_sessions_2023_2026.csv';
const WEATHER = 'openf1/weather_summary_by_race_2023_2026.csv';
const OPENF1_LAPS = 'openf1/laps_2023_2026.csv';
const OPENF1_STINTS = 'openf1/stints_2023_2026.csv';
const DERIVED = 'ergast/lap_times_2020plus_DERIVED.csv';
const DERIVED_ORIGINS = 'ergast/lap_times_2020plus_DERIVED.sources.csv';
const FASTF1_DIR = 'fastf1_laps/grand_prix';
const FASTF1_SPRINT_DIR = 'fastf1_laps/sprint';

/** The season files of a FastF1 folder, relative paths, oldest first; none when the folder is absent. */
async function seasonFiles(f1data: string, dir: string, pattern: RegExp): Promise<string[]> {
  const names = await readdir(join(f1data, dir)).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  return names
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => `${dir}/${f}`);
}

/**
 * Timing files in `f1data`, relative paths: the fixed OpenF1/derived files and every FastF1 season present,
 * Grand Prix and sprint.
 */
export async function timingFiles(f1data: string): Promise<string[]> {
  const fastf1 = await seasonFiles(f1data, FASTF1_DIR, /^transformed_grand_prix_laps_\d{4}\.csv$/);
  const sprint = await seasonFiles(f1data, FASTF1_SPRINT_DIR, /^transformed_sprint_laps_\d{4}\.csv$/);
  return [SESSIONS, WEATHER, ...fastf1, ...sprint, OPENF1_LAPS, DERIVED_ORIGINS, DERIVED, OPENF1_STINTS];
}

/** The columns each timing file is read for. */
const COLUMNS: Record<string, ColumnSpec> = {
  [SESSIONS]: SESSION_COLUMNS,
  [WEATHER]: WEATHER_COLUMNS,
  [OPENF1_LAPS]: OPENF1_LAP_COLUMNS,
  [OPENF1_STINTS]: OPENF1_STINT_COLUMNS,
  [DERIVED]: DERIVED_COLUMNS,
  [DERIVED_ORIGINS]: DERIVED_ORIGIN_COLUMNS,
};

/** Every timing file with the columns it is read for, for `readAhead`. */
export async function timingJobs(f1data: string): Promise<CsvJob[]> {
  return (await timingFiles(f1data)).map((file) => ({ file, spec: COLUMNS[file] ?? FASTF1_COLUMNS }));
}

/** The timing files, read ahead: their hashes, then their parsed columns. */
export type TimingFiles = Pick<ReadAhead, 'hashes' | 'tables' | 'stop'>;

/**
 * Imports lap-level timing from `f1data` (the staged data folder) onto the races, drivers and results
 * already in the warehouse: OpenF1 race sessions (races.openf1MeetingKey, a `race` session row), weather,
 * one lap row per (race, driver, lap) reconciled from FastF1, OpenF1 and the derived Ergast-schema file
 * (precedence and flags in timing/reconcile.ts), and stints (timing/stints.ts). Sprint laps come from
 * FastF1 alone and are checked against the sprint classification (session `sprint`). Every source row is either
 * stored or counted as rejected with a reason in the `imports` table, one record per file.
 *
 * Assumes the Ergast (and, where present, f1db) import ran first. Skips everything when no timing file and
 * no reference row changed since the last run. Returns rows stored per file. `ahead` is the timing files
 * as the caller read them ahead (with `timingJobs`); otherwise they are read here, on a worker.
 */
export async function importTiming(
  db: Warehouse,
  f1data: string,
  onProgress?: TimingProgress,
  ahead?: TimingFiles,
) {
  const parse = ahead ?? readAhead(f1data, { csv: await timingJobs(f1data) });
  const files = await parse.hashes;
  const previous = await previousIfUnchanged(db, files, await referenceFingerprint(db));
  if (previous) {
    parse.stop();
    for (const f of files)
      onProgress?.({ file: f.file, rows: previous.get(f.file)?.rows ?? 0, skipped: true });
    return Object.fromEntries(files.map((f) => [f.file, previous.get(f.file)?.rows ?? 0]));
  }
  const tables = await parse.tables;
  const table = <S extends ColumnSpec>(file: string, _columns: S) =>
    tables.find((f) => f.file === file)?.table as ParsedTable<S>;
  const records = new Map<string, FileRecord>();
  const done = (file: string, record: FileRecord) => {
    records.set(file, record);
    onProgress?.({ file, rows: record.rows, skipped: false });
  };
  const fastf1Files = fastf1Seasons(files, FASTF1_DIR);
  const sprintFiles = fastf1Seasons(files, FASTF1_SPRINT_DIR);
  const refs = await loadTimingRefs(db, await earliestSeason(db, fastf1Files, table));

  const race = readRaceSessions(SESSIONS, table(SESSIONS, SESSION_COLUMNS), refs);
  if (race.sessions.length > 0) {
    // One statement for every race, not one transaction (and one WAL sync) each.
    const keys = sql.join(
      race.sessions.map((s) => sql`(${s.raceId}, ${s.meetingKey})`),
      sql`, `,
    );
    await db.run(
      sql`UPDATE ${races} SET openf1_meeting_key = v.column2 FROM (VALUES ${keys}) AS v WHERE ${races.id} = v.column1`,
    );
    // Only the OpenF1 key is ours: a session start time from another source stays.
    await db
      .insert(sessions)
      .values(
        race.sessions.map((s) => ({
          raceId: s.raceId,
          kind: 'race' as const,
          openf1SessionKey: s.sessionKey,
        })),
      )
      .onConflictDoUpdate({
        target: [sessions.raceId, sessions.kind],
        set: { openf1SessionKey: sql`excluded.openf1_session_key` },
      });
  }
  done(SESSIONS, plain(race.tally));
  const wx = readWeather(WEATHER, table(WEATHER, WEATHER_COLUMNS), race.raceBySession);
  await upsertRows(db, weather, wx.rows);
  done(WEATHER, plain(wx.tally));

  const fastf1 = fastf1Files.map(({ file, year }) =>
    readFastf1Laps(file, table(file, FASTF1_COLUMNS), year, refs),
  );
  const openf1 = readOpenf1Laps(
    OPENF1_LAPS,
    table(OPENF1_LAPS, OPENF1_LAP_COLUMNS),
    race.raceBySession,
    refs,
  );
  const origins = readDerivedOrigins(table(DERIVED_ORIGINS, DERIVED_ORIGIN_COLUMNS));
  const derived = readDerivedLaps(DERIVED, table(DERIVED, DERIVED_COLUMNS), origins, refs);
  const fastf1Rows = fastf1.flatMap((f) => f.rows);
  const merged = reconcileLaps(
    { fastf1: fastf1Rows, openf1: openf1.rows, derived: derived.rows },
    (raceId, driverId) => refs.classification(raceId, driverId),
  );
  await upsertRows(db, laps, [...merged.values()]);

  const openf1Stints = readOpenf1Stints(
    OPENF1_STINTS,
    table(OPENF1_STINTS, OPENF1_STINT_COLUMNS),
    race.raceBySession,
    refs,
  );
  const chosen = chooseStints(openf1Stints.rows, fastf1Rows, merged);
  await upsertRows(db, stints, chosen);

  for (const f of fastf1) done(f.tally.file, withStints(lapRecord(f, merged), f.rows, chosen));
  for (const [file, record] of await importSprintLaps(db, sprintFiles, table)) done(file, record);
  done(OPENF1_LAPS, lapRecord(openf1, merged));
  done(DERIVED_ORIGINS, { rows: origins.size, flagged: 0, rejected: 0, issues: {} });
  done(DERIVED, lapRecord(derived, merged));
  done(OPENF1_STINTS, stintRecord(openf1Stints.tally, chosen));

  await recordImports(db, files, records, await referenceFingerprint(db));
  return Object.fromEntries([...records].map(([file, r]) => [file, r.rows]));
}

/** The FastF1 season files of folder `dir` among `files`, with the season each holds. */
const fastf1Seasons = (files: { file: string }[], dir: string) =>
  files.flatMap(({ file }) => {
    const year = new RegExp(`^${dir}/.*(\\d{4})\\.csv$`).exec(file)?.[1];
    return year ? [{ file, year: Number(year) }] : [];
  });

/**
 * Sprint laps: FastF1 is their only source, so there is nothing to reconcile across feeds, but each row
 * is still checked against the sprint's own classification (non-starters, laps past the classified
 * distance) and the stints come from the laps as for a Grand Prix. Returns each file's record.
 */
async function importSprintLaps(
  db: Warehouse,
  files: { file: string; year: number }[],
  table: <S extends ColumnSpec>(file: string, columns: S) => ParsedTable<S>,
): Promise<Map<string, FileRecord>> {
  const records = new Map<string, FileRecord>();
  if (files.length === 0) return records;
  const refs = await loadTimingRefs(db, Math.min(...files.map((f) => f.year)), 'sprint');
  const read = files.map(({ file, year }) =>
    readFastf1Laps(file, table(file, FASTF1_COLUMNS), year, refs, 'sprint'),
  );
  const rows = read.flatMap((f) => f.rows);
  const merged = reconcileLaps({ fastf1: rows, openf1: [], derived: [] }, (raceId, driverId) =>
    refs.classification(raceId, driverId),
  );
  await upsertRows(db, laps, [...merged.values()]);
  const sprintStints = flagSpuriousStints(
    stintsFromLaps(rows.filter((r) => merged.get(lapKey(r))?.flag !== 'did_not_start')),
    merged,
  );
  await upsertRows(db, stints, sprintStints);
  for (const f of read) records.set(f.tally.file, withStints(lapRecord(f, merged), f.rows, sprintStints));
  return records;
}

/** The earliest season any timing row can name: of the FastF1 files, the OpenF1 sessions, the derived laps. */
async function earliestSeason(
  db: Warehouse,
  fastf1: { year: number }[],
  table: <S extends ColumnSpec>(file: string, columns: S) => ParsedTable<S>,
): Promise<number> {
  const years = fastf1.map((f) => f.year);
  for (const year of table(SESSIONS, SESSION_COLUMNS).columns.year) if (!Number.isNaN(year)) years.push(year);
  const derivedRaces = [...new Set(table(DERIVED, DERIVED_COLUMNS).columns.raceId)].filter(Number.isInteger);
  if (derivedRaces.length > 0) {
    const [first] = await db
      .select({ season: min(races.season) })
      .from(races)
      .where(inArray(races.id, derivedRaces));
    if (first?.season != null) years.push(first.season);
  }
  return years.length > 0 ? Math.min(...years) : 0;
}

/**
 * Stints per race: native OpenF1 stints (2023–24) first; else stints derived from FastF1 laps; else the
 * OpenF1 stints rebuilt from per-lap data (2025–26), which put each stint boundary one lap early against
 * FastF1's pit-in/pit-out laps and so rank below FastF1. Laps of non-starters make no stint.
 */
function chooseStints(
  openf1: (StintRow & { native: boolean })[],
  fastf1: SourceLap[],
  merged: Map<number, LapRow>,
) {
  const nativeRaces = new Set(openf1.filter((s) => s.native).map((s) => s.raceId));
  const fromFastf1 = stintsFromLaps(
    fastf1.filter((r) => !nativeRaces.has(r.raceId) && merged.get(lapKey(r))?.flag !== 'did_not_start'),
  );
  const fastf1Races = new Set(fromFastf1.map((s) => s.raceId));
  const rebuilt = openf1.filter((s) => !s.native && !fastf1Races.has(s.raceId));
  const rows = [
    ...openf1.filter((s) => s.native).map(({ native: _, ...s }) => s),
    ...fromFastf1,
    ...separateOverlaps(rebuilt.map(({ native: _, ...s }) => s)),
  ];
  return flagSpuriousStints(rows, merged);
}

function plain(tally: FileTally): FileRecord {
  const rejected = Object.values(tally.rejected).reduce((a, b) => a + b, 0);
  return { rows: tally.keys.length, flagged: 0, rejected, issues: { ...tally.rejected } };
}

/**
 * A lap file's record: rows kept, the flags their stored rows carry, and how many lost to a stronger
 * source (`superseded`: the stored row's time and position came from FastF1 or OpenF1 instead, so the
 * merge kept another row than this file's).
 */
function lapRecord(
  { tally, rows }: { tally: FileTally; rows: SourceLap[] },
  merged: Map<number, LapRow>,
): FileRecord {
  const record = plain(tally);
  for (const row of rows) {
    const stored = merged.get(lapKey(row));
    if (stored?.flag) {
      record.flagged++;
      count(record.issues, stored.flag);
    }
    if (stored !== row) count(record.issues, 'superseded');
  }
  return record;
}

/** Adds the stints derived from a FastF1 file's laps (and how many of them are flagged) to its record. */
function withStints(record: FileRecord, own: SourceLap[], chosen: StintRow[]): FileRecord {
  const races = new Set(own.map((r) => r.raceId));
  const derived = chosen.filter((s) => s.source === 'fastf1' && races.has(s.raceId));
  const spurious = derived.filter((s) => s.flag).length;
  count(record.issues, 'stints_derived', derived.length);
  count(record.issues, 'spurious_stint', spurious);
  return { ...record, flagged: record.flagged + spurious };
}

function stintRecord(tally: FileTally, chosen: StintRow[]): FileRecord {
  const record = plain(tally);
  const used = chosen.filter((s) => s.source === 'openf1');
  const usedKeys = new Set(used.map((s) => rowKey(s.raceId, s.driverId, s.stint)));
  count(record.issues, 'superseded', tally.keys.filter((k) => !usedKeys.has(k)).length);
  record.flagged = used.filter((s) => s.flag).length;
  count(record.issues, 'spurious_stint', record.flagged);
  return record;
}
