import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { warehouseConfig } from '@pitwall/workflows/config';
import { importAll } from '@pitwall/workflows/loaders/import-all';
import { openWarehouse } from '@pitwall/workflows/warehouse';
import { machine, seconds, table } from './lib/report.ts';

/**
 * The full warehouse import against a baseline measured in the same run: the sqlite3 CLI's `.import` of
 * the same CSV files into a fresh database (no parsing into types, no reconciliation: a floor, not a rival).
 * Targets: ≤ 2× the baseline and ≤ 30 s in all.
 */
export async function benchImport(): Promise<string> {
  const { PITWALL_F1DATA: f1data } = warehouseConfig({});
  const dir = mkdtempSync(join(tmpdir(), 'pitwall-bench-import-'));
  try {
    const { db, close } = await openWarehouse(`file:${join(dir, 'warehouse.db')}`);
    const datasets: { dataset: string; rows: number }[] = [];
    const started = performance.now();
    await importAll(db, f1data, (e) => datasets.push({ dataset: e.dataset, rows: e.rows }));
    const importMs = performance.now() - started;
    close();
    const rows = datasets.reduce((n, d) => n + d.rows, 0);

    const csvs = datasets
      .map((d) => d.dataset)
      .filter((d) => d.endsWith('.csv') && existsSync(join(f1data, d)));
    const script = csvs.map((file, i) => `.import --csv '${join(f1data, file)}' t${i}`).join('\n');
    writeFileSync(join(dir, 'import.sql'), script);
    const csvRows = csvs.reduce(
      (n, f) => n + readFileSync(join(f1data, f), 'utf8').split('\n').length - 2,
      0,
    );
    const baselineStarted = performance.now();
    const sqlite = spawnSync('sqlite3', [join(dir, 'baseline.db')], { input: script, encoding: 'utf8' });
    const baselineMs = performance.now() - baselineStarted;
    if (sqlite.error || sqlite.status !== 0) {
      throw new Error(
        `the sqlite3 CLI is needed for the baseline (apt-get install sqlite3): ${sqlite.error ?? sqlite.stderr}`,
      );
    }
    const ratio = importMs / baselineMs;
    return [
      '## Warehouse import',
      '',
      table(
        ['what', 'files', 'rows', 'time', 'rows/s'],
        [
          [
            'Pit Wall import (all staged data)',
            datasets.length,
            rows,
            seconds(importMs),
            Math.round(rows / (importMs / 1000)),
          ],
          [
            'sqlite3 CLI .import (same CSVs)',
            csvs.length,
            csvRows,
            seconds(baselineMs),
            Math.round(csvRows / (baselineMs / 1000)),
          ],
        ],
      ),
      '',
      `Ratio to sqlite3: **${ratio.toFixed(2)}×** (target ≤ 2×); total ${seconds(importMs)} (target ≤ 30 s).`,
      `Machine: ${machine()}.`,
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchImport());
