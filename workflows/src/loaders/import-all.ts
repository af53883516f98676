import { join } from 'node:path';
import type { Warehouse } from '../warehouse.ts';
import { ERGAST_FILES, importErgast } from './ergast-csv.ts';
import { F1DB_SEASONS, importF1db } from './f1db.ts';
import { importTiming, parseTiming, timingFiles } from './laps.ts';
import type { TimingParse } from './timing/parse-worker.ts';

export type ImportEvent = { dataset: string; rows: number; skipped: boolean };

type Importer = {
  name: string;
  /** How many progress events this importer reports, for sizing a progress bar. */
  steps: (f1data: string) => Promise<number>;
  run: (db: Warehouse, f1data: string, onStep: (e: ImportEvent) => void, early: Early) => Promise<unknown>;
};

/** Work begun before the first importer runs: the timing files, parsed on a worker thread. */
type Early = { timing: Promise<TimingParse> };

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
    run: (db, f1data, onStep, early) =>
      importTiming(
        db,
        f1data,
        (e) => onStep({ dataset: e.file, rows: e.rows, skipped: e.skipped }),
        early.timing,
      ),
  },
];

export async function importSteps(f1data: string): Promise<number> {
  let total = 0;
  for (const importer of IMPORTERS) total += await importer.steps(f1data);
  return total;
}

export async function importAll(db: Warehouse, f1data: string, onStep: (e: ImportEvent) => void = () => {}) {
  // Parsing the timing files needs no warehouse, so it runs on a worker thread while Ergast and f1db
  // write on this one: most of what the timing files cost leaves the critical path.
  const early: Early = { timing: parseTiming(f1data) };
  // A parse error surfaces where the timing import awaits it; until then it must not count as unhandled.
  early.timing.catch(() => undefined);
  try {
    for (const importer of IMPORTERS) await importer.run(db, f1data, onStep, early);
  } finally {
    // An importer failed before timing took the parse, or it is over: either way the thread can go.
    early.timing.then(
      (parse) => parse.stop(),
      () => undefined,
    );
  }
}
