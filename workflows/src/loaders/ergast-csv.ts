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
  seasons,
} from '@pitwall/db/schema/warehouse';
import { normalize } from '@pitwall/db/text';
import type { Warehouse } from '../warehouse.ts';
import { type CsvRow, int, num, parseCsv, parseDuration, req, str } from './csv.ts';
import { upsertRows } from './upsert.ts';

/**
 * Imports the Ergast CSV dump (`f1data/ergast`). Each file is skipped when its checksum matches the last
 * import, so a second run costs a few reads.
 */
const SOURCE = 'ergast';

export type ImportProgress = (event: { file: string; rows: number; skipped: boolean }) => void;

async function readDataset(dir: string, file: string) {
  const text = await readFile(join(dir, file));
  return { text, sha256: createHash('sha256').update(text).digest('hex') };
}

async function unchanged(db: Warehouse, dataset: string, sha256: string) {
  const previous = await db.query.imports.findFirst({ where: (t, { eq }) => eq(t.dataset, dataset) });
  return previous?.sha256 === sha256 ? previous : undefined;
}

async function recordImport(db: Warehouse, dataset: string, rows: number, sha256: string) {
  await upsertRows(db, imports, [
    { dataset, rows, sha256, flagged: 0, rejected: 0, issues: {}, importedAt: new Date().toISOString() },
  ]);
}

function mapRows<T>(file: string, records: CsvRow[], map: (row: CsvRow) => T): T[] {
  return records.map((record, index) => {
    try {
      return map(record);
    } catch (err) {
      throw new Error(`${file} row ${index + 2}: ${(err as Error).message}`);
    }
  });
}

export async function importErgast(db: Warehouse, dir: string, onProgress?: ImportProgress) {
  const files = [
    'seasons.csv',
    'circuits.csv',
    'drivers.csv',
    'constructors.csv',
    'races.csv',
    'results.csv',
  ];
  const loaded = await Promise.all(files.map((file) => readDataset(dir, file)));
  const status = new Map(
    parseCsv(await readFile(join(dir, 'status.csv'))).map((r) => [r.statusId ?? '', r.status ?? '']),
  );
  const summary: Record<string, number> = {};
  for (const [i, file] of files.entries()) {
    const { text, sha256 } = loaded[i] ?? { text: '', sha256: '' };
    const dataset = `ergast/${file}`;
    const previous = await unchanged(db, dataset, sha256);
    if (previous) {
      summary[file] = previous.rows;
      onProgress?.({ file, rows: previous.rows, skipped: true });
      continue;
    }
    const records = parseCsv(text);
    let count = records.length;
    switch (file) {
      case 'seasons.csv':
        await upsertRows(
          db,
          seasons,
          mapRows(file, records, (r) => ({ year: req(int(r.year), 'year') })),
        );
        break;
      case 'circuits.csv':
        await upsertRows(
          db,
          circuits,
          mapRows(file, records, (r) => ({
            id: req(int(r.circuitId), 'circuitId'),
            ref: req(str(r.circuitRef), 'circuitRef'),
            name: req(str(r.name), 'name'),
            location: str(r.location),
            country: str(r.country),
            lat: num(r.lat),
            lng: num(r.lng),
          })),
        );
        break;
      case 'drivers.csv':
        await upsertRows(
          db,
          drivers,
          mapRows(file, records, (r) => {
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
        );
        break;
      case 'constructors.csv':
        await upsertRows(
          db,
          constructors,
          mapRows(file, records, (r) => ({
            id: req(int(r.constructorId), 'constructorId'),
            ref: req(str(r.constructorRef), 'constructorRef'),
            name: req(str(r.name), 'name'),
            nationality: str(r.nationality),
          })),
        );
        break;
      case 'races.csv':
        await upsertRows(
          db,
          races,
          mapRows(file, records, (r) => ({
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
        break;
      case 'results.csv': {
        const rows = mapRows(file, records, (r) => ({
          raceId: req(int(r.raceId), 'raceId'),
          session: 'race' as const,
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
        }));
        await upsertRows(db, results, rows);
        count = rows.length;
        break;
      }
    }
    await recordImport(db, dataset, count, sha256);
    summary[file] = count;
    onProgress?.({ file, rows: count, skipped: false });
  }
  return summary;
}
