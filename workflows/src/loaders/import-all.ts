import { join } from 'node:path';
import type { Warehouse } from '../warehouse.ts';
import { importErgast } from './ergast-csv.ts';

export type ImportEvent = { dataset: string; rows: number; skipped: boolean };

type Importer = {
  name: string;
  /** Files (progress steps) this importer reports, for sizing a progress bar. */
  steps: number;
  run: (db: Warehouse, f1data: string, onFile: (e: ImportEvent) => void) => Promise<unknown>;
};

/**
 * Every staged dataset, in precedence order: Ergast first (the ids everything hangs on), then f1db where
 * Ergast has gaps, then lap-level timing that maps onto both.
 */
export const IMPORTERS: Importer[] = [
  {
    name: 'ergast',
    steps: 6,
    run: (db, f1data, onFile) =>
      importErgast(db, join(f1data, 'ergast'), (e) =>
        onFile({ dataset: `ergast/${e.file}`, rows: e.rows, skipped: e.skipped }),
      ),
  },
];

export async function importAll(db: Warehouse, f1data: string, onFile: (e: ImportEvent) => void = () => {}) {
  for (const importer of IMPORTERS) await importer.run(db, f1data, onFile);
}
