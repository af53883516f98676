import { parseArgs } from 'node:util';
import { seasonCoverage } from '@pitwall/db/queries/coverage';
import { warehouseCounts } from '@pitwall/db/queries/warehouse';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { allBundleRefs, publishBundles, seasonBundleRefs } from '../bundles/publish.ts';
import { warehouseConfig } from '../config.ts';
import { createEdgeClient } from '../edge-client.ts';
import { importAll, importSteps } from '../loaders/import-all.ts';
import { openWarehouse, type Warehouse } from '../warehouse.ts';
import { progressBar } from './progress.ts';

/**
 * The data command line:
 *   pnpm data import    load everything staged in f1data (unchanged files are skipped)
 *   pnpm data ensure    import only when the warehouse is empty (used by scripts/start)
 *   pnpm data status    coverage per season and the import log
 *   pnpm data publish   publish season, race and driver bundles to the edge (changed ones only): every
 *                       season and driver, races from 2018 on; `--all` every race, `--season 2024` one season
 * `import` publishes too when PITWALL_EDGE_URL and PITWALL_SERVICE_TOKEN are set (the edge must be up).
 */
async function runImport(db: Warehouse, f1data: string) {
  const bar = progressBar('import', await importSteps(f1data));
  const started = performance.now();
  let rows = 0;
  await importAll(db, f1data, ({ dataset, rows: n, skipped }) => {
    rows += skipped ? 0 : n;
    bar.tick(`${dataset}${skipped ? ' (unchanged)' : ` ${n} rows`}`);
  });
  const seconds = (performance.now() - started) / 1000;
  bar.finish(`${rows} rows in ${seconds.toFixed(1)} s`);
}

const EdgeConfigSchema = z.object({
  PITWALL_EDGE_URL: z.url('PITWALL_EDGE_URL must be the URL of the Worker'),
  PITWALL_SERVICE_TOKEN: z.string().min(32, 'PITWALL_SERVICE_TOKEN must be at least 32 characters'),
});

/** Writes every bundle whose content differs from what the edge holds. */
async function runPublish(db: Warehouse, env: NodeJS.ProcessEnv = process.env) {
  const parsed = EdgeConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`cannot publish: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  const edge = createEdgeClient({
    baseUrl: parsed.data.PITWALL_EDGE_URL,
    serviceToken: parsed.data.PITWALL_SERVICE_TOKEN,
  });
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: { all: { type: 'boolean', default: false }, season: { type: 'string' } },
  });
  if (values.season !== undefined && !/^\d{4}$/.test(values.season)) {
    throw new Error(`--season takes a year such as 2024, not "${values.season}"`);
  }
  const refs = values.season
    ? await seasonBundleRefs(db, Number(values.season))
    : await allBundleRefs(db, values.all ? { races: 'all' } : {});
  // A tick per twentieth: plain-text logs get 20 lines, not thousands.
  const bar = progressBar('publish', 20);
  let ticks = 0;
  const report = await publishBundles({ warehouse: db, edge }, refs, {
    onProgress: (done, total) => {
      while (ticks < Math.floor((done / total) * 20)) {
        ticks += 1;
        bar.tick(`${done}/${total} bundles`);
      }
    },
  });
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  bar.finish(
    `${report.built} bundles: ${report.published} written (${mb(report.bytes)} JSON, ${mb(report.gzipBytes)} gzip), ` +
      `${report.unchanged} unchanged, in ${report.seconds} s`,
  );
}

async function status(db: Warehouse) {
  const coverage = await seasonCoverage(db);
  const header = [
    'season',
    'races',
    'results',
    'quali',
    'laps',
    'stints',
    'pits',
    'weather',
    'practice',
    'sprint q',
    'sprint laps',
    'vsc',
    'lap rows',
    'flagged',
  ];
  const rows = coverage
    .filter((c) => c.withResults > 0 || c.season >= 2018)
    .map((c) => [
      c.season,
      c.races,
      c.withResults,
      c.withQualifying,
      c.withLaps,
      c.withStints,
      c.withPitStops,
      c.withWeather,
      c.withPractice,
      c.withSprintQualifying,
      c.withSprintLaps,
      c.withVsc,
      c.lapRows + c.sprintLapRows,
      c.flaggedLaps + c.flaggedStints + c.flaggedPitStops,
    ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) =>
    cells.map((c, i) => String(c).padStart(widths[i] ?? 0)).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  const log = await db.query.imports.findMany({ orderBy: (t, { asc }) => [asc(t.dataset)] });
  console.log('\ndataset                                   rows   flagged  rejected  imported');
  for (const entry of log) {
    console.log(
      `${entry.dataset.padEnd(40)} ${String(entry.rows).padStart(7)} ${String(entry.flagged).padStart(9)} ${String(entry.rejected).padStart(9)}  ${entry.importedAt}`,
    );
    for (const [reason, count] of Object.entries(entry.issues ?? {})) console.log(`    ${reason}: ${count}`);
  }
}

async function main(command = 'status') {
  const config = warehouseConfig();
  const { db, close } = await openWarehouse(config.PITWALL_WAREHOUSE_URL);
  try {
    if (command === 'import') {
      await runImport(db, config.PITWALL_F1DATA);
      if (process.env.PITWALL_EDGE_URL && process.env.PITWALL_SERVICE_TOKEN) await runPublish(db);
      else
        console.error(
          'bundles not published: set PITWALL_EDGE_URL and PITWALL_SERVICE_TOKEN, or run `pnpm data publish`',
        );
    } else if (command === 'publish') await runPublish(db);
    else if (command === 'ensure') {
      const counts = await warehouseCounts(db);
      if (counts.results === 0) await runImport(db, config.PITWALL_F1DATA);
      else console.log(`warehouse ready: ${counts.races} races, ${counts.results} results`);
    } else if (command === 'status') await status(db);
    else throw new Error(`unknown command "${command}": use import, ensure, publish or status`);
  } finally {
    // Fold the write-ahead log into the database file, so the file alone is the whole warehouse.
    await Promise.resolve()
      .then(() => db.run(sql`PRAGMA wal_checkpoint(TRUNCATE)`))
      .catch(() => undefined);
    close();
  }
}

main(process.argv[2]).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
