import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  circuits,
  constructors,
  drivers,
  imports,
  races,
  results,
  statuses,
} from '@pitwall/db/schema/warehouse';
import { parse } from 'csv-parse/sync';
import { getTableColumns, sql } from 'drizzle-orm';
import type { SQLiteTable, SQLiteUpdateSetSource } from 'drizzle-orm/sqlite-core';
import type { Warehouse } from '../warehouse.ts';

/**
 * Imports the Ergast CSV dump (`f1data/ergast`) into the warehouse. `\N` is Ergast's null. Each file is
 * skipped when its checksum matches the last import, so a second run costs a few reads.
 */

type Row = Record<string, string>;
const SOURCE = 'ergast_csv';

const str = (v: string | undefined) => (v === undefined || v === '\\N' || v === '' ? null : v);
const int = (v: string | undefined) => {
  const s = str(v);
  return s === null ? null : Number.parseInt(s, 10);
};
const num = (v: string | undefined) => {
  const s = str(v);
  return s === null ? null : Number(s);
};
const req = <T>(v: T | null, what: string): T => {
  if (v === null) throw new Error(`missing ${what}`);
  return v;
};

type Dataset<T extends SQLiteTable> = {
  file: string;
  table: T;
  map: (row: Row) => T['$inferInsert'];
};

const datasets = [
  {
    file: 'circuits.csv',
    table: circuits,
    map: (r: Row) => ({
      id: req(int(r.circuitId), 'circuitId'),
      ref: req(str(r.circuitRef), 'circuitRef'),
      name: req(str(r.name), 'name'),
      location: str(r.location),
      country: str(r.country),
      lat: num(r.lat),
      lng: num(r.lng),
    }),
  },
  {
    file: 'drivers.csv',
    table: drivers,
    map: (r: Row) => ({
      id: req(int(r.driverId), 'driverId'),
      ref: req(str(r.driverRef), 'driverRef'),
      number: int(r.number),
      code: str(r.code),
      forename: req(str(r.forename), 'forename'),
      surname: req(str(r.surname), 'surname'),
      dob: str(r.dob),
      nationality: str(r.nationality),
    }),
  },
  {
    file: 'constructors.csv',
    table: constructors,
    map: (r: Row) => ({
      id: req(int(r.constructorId), 'constructorId'),
      ref: req(str(r.constructorRef), 'constructorRef'),
      name: req(str(r.name), 'name'),
      nationality: str(r.nationality),
    }),
  },
  {
    file: 'status.csv',
    table: statuses,
    map: (r: Row) => ({ id: req(int(r.statusId), 'statusId'), status: req(str(r.status), 'status') }),
  },
  {
    file: 'races.csv',
    table: races,
    map: (r: Row) => ({
      id: req(int(r.raceId), 'raceId'),
      season: req(int(r.year), 'year'),
      round: req(int(r.round), 'round'),
      circuitId: req(int(r.circuitId), 'circuitId'),
      name: req(str(r.name), 'name'),
      date: req(str(r.date), 'date'),
      time: str(r.time),
    }),
  },
  {
    file: 'results.csv',
    table: results,
    map: (r: Row) => ({
      id: req(int(r.resultId), 'resultId'),
      raceId: req(int(r.raceId), 'raceId'),
      driverId: req(int(r.driverId), 'driverId'),
      constructorId: req(int(r.constructorId), 'constructorId'),
      number: int(r.number),
      grid: req(int(r.grid), 'grid'),
      position: int(r.position),
      positionText: req(str(r.positionText), 'positionText'),
      positionOrder: req(int(r.positionOrder), 'positionOrder'),
      points: req(num(r.points), 'points'),
      laps: req(int(r.laps), 'laps'),
      timeMs: int(r.milliseconds),
      fastestLap: int(r.fastestLap),
      fastestLapRank: int(r.rank),
      fastestLapTime: str(r.fastestLapTime),
      statusId: req(int(r.statusId), 'statusId'),
      source: SOURCE,
    }),
  },
] satisfies Dataset<SQLiteTable>[];

export type ImportProgress = (event: { file: string; rows: number; skipped: boolean }) => void;

/** Rows per INSERT: well under SQLite's bound-variable limit for the widest table. */
const CHUNK = 400;

async function upsertRows<T extends SQLiteTable>(db: Warehouse, table: T, rows: T['$inferInsert'][]) {
  const columns = getTableColumns(table);
  const set = Object.fromEntries(
    Object.entries(columns).map(([key, column]) => [key, sql.raw(`excluded."${column.name}"`)]),
  ) as SQLiteUpdateSetSource<T>;
  const primary = Object.values(columns).find((column) => column.primary);
  if (!primary) throw new Error('table has no primary key');
  const statements = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    statements.push(
      db
        .insert(table)
        .values(rows.slice(i, i + CHUNK))
        .onConflictDoUpdate({ target: primary, set }),
    );
  }
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}

export async function importErgast(db: Warehouse, dir: string, onProgress?: ImportProgress) {
  const summary: Record<string, number> = {};
  for (const dataset of datasets) {
    const text = await readFile(join(dir, dataset.file));
    const sha256 = createHash('sha256').update(text).digest('hex');
    const name = `ergast/${dataset.file}`;
    const previous = await db.query.imports.findFirst({ where: (t, { eq }) => eq(t.dataset, name) });
    if (previous?.sha256 === sha256) {
      summary[dataset.file] = previous.rows;
      onProgress?.({ file: dataset.file, rows: previous.rows, skipped: true });
      continue;
    }
    const records: Row[] = parse(text, {
      columns: true,
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
    });
    const rows = records.map((record, index) => {
      try {
        return dataset.map(record);
      } catch (err) {
        throw new Error(`${dataset.file} row ${index + 2}: ${(err as Error).message}`);
      }
    });
    await upsertRows(db, dataset.table as SQLiteTable, rows);
    await db
      .insert(imports)
      .values({ dataset: name, rows: rows.length, sha256, importedAt: new Date().toISOString() })
      .onConflictDoUpdate({
        target: imports.dataset,
        set: { rows: rows.length, sha256, importedAt: new Date().toISOString() },
      });
    summary[dataset.file] = rows.length;
    onProgress?.({ file: dataset.file, rows: rows.length, skipped: false });
  }
  return summary;
}
