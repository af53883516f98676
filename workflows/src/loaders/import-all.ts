import { join } from 'node:path';
import type { Warehouse } from '../warehouse.ts';
import { ERGAST_FILES, importErgast } from './ergast-csv.ts';
import { F1DB_SEASONS, importF1db } from './f1db.ts';
import { importTiming, timingFiles } from './laps.ts';

export type ImportEvent = { dataset: string; rows: number; skipped: boolean };

type Importer = {
  name: string;
  /** How many progress events this importer reports, for sizing a progress bar. */
  steps: (f1data: string) => Promise<number>;
  run: (db: Warehouse, f1data: string, onStep: (e: ImportEvent) => void) => Promise<unknown>;
};

/**
 * Every staged dataset, in precedence order: Ergast first (the ids everything hangs on), then f1db where
 * Ergast has gaps, then lap-level timing, which maps onto the results of both.
 */
export const IMPORTERS: Importer[] = [
  {
    name: 'ergast',
    steps: async () => ERGAST_FILES.length,
    run: (db, f1data, onStep) =>
      importErgast(db, join(f1data, 'ergast'), (e) =>
        onStep({ dataset: `ergast/${e.file}`, rows: e.rows, skipped: e.skipped }),
      ),
  },
  {
    name: 'f1db',
    steps: async () => F1DB_SEASONS.length,
    run: (db, f1data, onStep) =>
      importF1db(db, join(f1data, 'f1db'), (e) =>
        onStep({ dataset: `f1db/${e.file}`, rows: e.rows, skipped: e.skipped }),
      ),
  },
  {
    name: 'timing',
    steps: async (f1data) => (await timingFiles(f1data)).length,
    run: (db, f1data, onStep) =>
      importTiming(db, f1data, (e) => onStep({ dataset: e.file, rows: e.rows, skipped: e.skipped })),
  },
];

export async function importSteps(f1data: string): Promise<number> {
  let total = 0;
  for (const importer of IMPORTERS) total += await importer.steps(f1data);
  return total;
}

export async function importAll(db: Warehouse, f1data: string, onStep: (e: ImportEvent) => void = () => {}) {
  for (const importer of IMPORTERS) await importer.run(db, f1data, onStep);
}
