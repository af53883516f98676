import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { warehouseConfig } from '@pitwall/workflows/config';
import { importAll } from '@pitwall/workflows/loaders/import-all';
import { openWarehouse } from '@pitwall/workflows/warehouse';
import { machine, seconds, table } from './lib/report.ts';

/**
 * The full warehouse import against a baseline measured in the same run: the sqlite3 CLI's `.import` of
 * the same CSV files into a fresh database (no parsing into types, no reconciliation: a floor, not a rival).
 * Each side runs RUNS times, every Pit Wall run in a fresh process and an empty warehouse, as the data
 * command does; the ratio is of the medians, which a busy neighbour on a shared machine moves far less
 * than a single run. Targets: ≤ 2× the baseline and ≤ 30 s in all.
 */
const RUNS = 3;

type ImportRun = { ms: number; datasets: { dataset: string; rows: number }[] };

/** One import into an empty warehouse under `dir`, timed from the first file read to the last write. */
async function importOnce(dir: string): Promise<ImportRun> {
  const { PITWALL_F1DATA: f1data } = warehouseConfig({});
  const { db, close } = await openWarehouse(`file:${join(dir, 'warehouse.db')}`);
  const datasets: ImportRun['datasets'] = [];
  const started = performance.now();
  await importAll(db, f1data, (e) => datasets.push({ dataset: e.dataset, rows: e.rows }));
  const ms = performance.now() - started;
  close();
  return { ms, datasets };
}

/** `importOnce` in a child process of its own, so no run inherits another's compiled code or heap. */
function importInChild(dir: string): ImportRun {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--once', dir],
    {
      encoding: 'utf8',
      maxBuffer: 16 * 2 ** 20,
    },
  );
  if (child.status !== 0) throw new Error(`the import failed: ${child.stderr || child.error}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '') as ImportRun;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

export async function benchImport(): Promise<string> {
  const { PITWALL_F1DATA: f1data } = warehouseConfig({});
  const dir = mkdtempSync(join(tmpdir(), 'pitwall-bench-import-'));
  try {
    const runs: ImportRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      const runDir = join(dir, `run-${i}`);
      runs.push(importInChild(runDir));
      rmSync(runDir, { recursive: true, force: true });
    }
    const importMs = median(runs.map((r) => r.ms));
    const datasets = runs[0]?.datasets ?? [];
    const rows = datasets.reduce((n, d) => n + d.rows, 0);

    const csvs = datasets
      .map((d) => d.dataset)
      .filter((d) => d.endsWith('.csv') && existsSync(join(f1data, d)));
    const script = csvs.map((file, i) => `.import --csv '${join(f1data, file)}' t${i}`).join('\n');
    const csvRows = csvs.reduce(
      (n, f) => n + readFileSync(join(f1data, f), 'utf8').split('\n').length - 2,
      0,
    );
    const baselineRuns: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const database = join(dir, `baseline-${i}.db`);
      const started = performance.now();
      const sqlite = spawnSync('sqlite3', [database], { input: script, encoding: 'utf8' });
      baselineRuns.push(performance.now() - started);
      if (sqlite.error || sqlite.status !== 0) {
        throw new Error(
          `the sqlite3 CLI is needed for the baseline (apt-get install sqlite3): ${sqlite.error ?? sqlite.stderr}`,
        );
      }
      rmSync(database, { force: true });
    }
    const baselineMs = median(baselineRuns);
    const ratio = importMs / baselineMs;
    const each = (values: number[]) => values.map((ms) => seconds(ms)).join(', ');
    return [
      '## Warehouse import',
      '',
      table(
        ['what', 'files', 'rows', `time (median of ${RUNS})`, 'rows/s', 'every run'],
        [
          [
            'Pit Wall import (all staged data)',
            datasets.length,
            rows,
            seconds(importMs),
            Math.round(rows / (importMs / 1000)),
            each(runs.map((r) => r.ms)),
          ],
          [
            'sqlite3 CLI .import (same CSVs)',
            csvs.length,
            csvRows,
            seconds(baselineMs),
            Math.round(csvRows / (baselineMs / 1000)),
            each(baselineRuns),
          ],
        ],
      ),
      '',
      `Ratio to sqlite3: **${ratio.toFixed(2)}×** (target ≤ 2×); total ${seconds(importMs)} (target ≤ 30 s).`,
      'Each Pit Wall run is a fresh process importing into an empty warehouse; the timing files are parsed on a worker thread while Ergast and f1db import.',
      `Machine: ${machine()}.`,
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === '--once') console.log(JSON.stringify(await importOnce(process.argv[3] as string)));
  else console.log(await benchImport());
}
