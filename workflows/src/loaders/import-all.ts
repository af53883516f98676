import { join } from 'node:path';
import type { Warehouse } from '../warehouse.ts';
import { ERGAST_FILES, importErgast } from './ergast-csv.ts';
import { importF1dbSessions } from './f1db/sessions.ts';
import { F1DB_SEASONS, importF1db } from './f1db.ts';
import { importTiming, timingFiles, timingJobs } from './laps.ts';
import { type ReadAhead, readAhead } from './read-ahead.ts';

export type ImportEvent = { dataset: string; rows: number; skipped: boolean };

type Importer = {
  name: string;
  /** How many progress events this importer reports, for sizing a progress bar. */
  steps: (f1data: string) => Promise<number>;
  run: (
    db: Warehouse,
    f1data: string,
    onStep: (e: ImportEvent) => void,
    ahead: ReadAhead,
  ) => Promise<unknown>;
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
    run: (db, f1data, onStep, ahead) =>
      importF1db(
        db,
        join(f1data, 'f1db'),
        (e) => onStep({ dataset: `f1db/${e.file}`, rows: e.rows, skipped: e.skipped }),
        ahead.f1db,
      ),
  },
  {
    // Practice and sprint qualifying: after f1db, whose races they hang on.
    name: 'f1db-sessions',
    steps: async () => F1DB_SEASONS.length,
    run: (db, f1data, onStep) =>
      importF1dbSessions(db, join(f1data, 'f1db'), F1DB_SEASONS, (e) =>
        onStep({ dataset: `f1db/${e.file}`, rows: e.rows, skipped: e.skipped }),
      ),
  },
  {
    name: 'timing',
    steps: async (f1data) => (await timingFiles(f1data)).length,
    run: (db, f1data, onStep, ahead) =>
      importTiming(db, f1data, (e) => onStep({ dataset: e.file, rows: e.rows, skipped: e.skipped }), ahead),
  },
];

export async function importSteps(f1data: string): Promise<number> {
  let total = 0;
  for (const importer of IMPORTERS) total += await importer.steps(f1data);
  return total;
}

export async function importAll(db: Warehouse, f1data: string, onStep: (e: ImportEvent) => void = () => {}) {
  // f1db's YAML and the timing CSVs need no warehouse to be read, so a worker thread reads and parses
  // them while Ergast imports on this one (see read-ahead.ts).
  const ahead = readAhead(f1data, {
    f1db: { dir: join(f1data, 'f1db'), seasons: F1DB_SEASONS },
    csv: await timingJobs(f1data),
  });
  try {
    for (const importer of IMPORTERS) await importer.run(db, f1data, onStep, ahead);
  } finally {
    // Over, or an importer failed before the reading was: either way the thread can go.
    ahead.stop();
  }
}
