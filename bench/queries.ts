import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Aggregate, type QueryInput, QuerySchema } from '@pitwall/db/contracts';
import { warehouseConfig } from '@pitwall/workflows/config';
import { importAll } from '@pitwall/workflows/loaders/import-all';
import { openWarehouse } from '@pitwall/workflows/warehouse';
import { executeQuery } from '../workflows/src/query/execute.ts';
import { machine, table } from './lib/report.ts';

/**
 * The query executor per aggregation kind over the whole 1950–2026 span: each query reads every season the
 * data holds (the slowest scope there is), from a warehouse imported once. Median of 5 runs after a
 * first run, which is reported too. Target: well inside the end-to-end budget, < 250 ms for any one query (the end-to-end median
 * must stay under 1 s). The baseline in the same run is one race's query of the same metric, so the ratio
 * shows what a whole history costs over a single race.
 */
const REPEATS = 5;
const TARGET_MS = 250;
const ONE_RACE = { race: { season: 2024, round: 21, name: 'São Paulo Grand Prix' } };

const CASES: [Aggregate | 'rank' | 'per season' | 'filter', QueryInput][] = [
  ['total', { metric: 'wins', drivers: ['hamilton'], aggregate: 'total' }],
  ['average', { metric: 'finish_position', drivers: ['alonso'], aggregate: 'average' }],
  ['median', { metric: 'points', drivers: ['max_verstappen'], aggregate: 'median' }],
  ['best', { metric: 'fastest_lap_time', drivers: ['hamilton'], aggregate: 'best' }],
  ['worst', { metric: 'pit_stop_time', drivers: ['hamilton'], aggregate: 'worst' }],
  ['value', { metric: 'championship_position', drivers: ['alonso'], aggregate: 'value' }],
  ['list', { metric: 'titles', aggregate: 'list' }],
  ['first', { metric: 'wins', session: 'sprint', aggregate: 'first' }],
  ['last', { metric: 'wins', drivers: ['alonso'], aggregate: 'last' }],
  ['rank', { metric: 'podiums', aggregate: 'total', rank: { order: 'most', limit: 10 } }],
  ['per season', { metric: 'poles', aggregate: 'total', per: 'season', rank: { order: 'most', limit: 1 } }],
  [
    'filter',
    {
      metric: 'wins',
      aggregate: 'total',
      filters: { neverChampion: true },
      rank: { order: 'most', limit: 1 },
    },
  ],
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export async function benchQueries(): Promise<string> {
  const { PITWALL_F1DATA: f1data } = warehouseConfig({});
  const dir = mkdtempSync(join(tmpdir(), 'pitwall-bench-queries-'));
  const { db, close } = await openWarehouse(`file:${join(dir, 'warehouse.db')}`);
  try {
    await importAll(db, f1data);
    let first = 0;
    const time = async (input: QueryInput) => {
      const query = QuerySchema.parse(input);
      const cold = performance.now();
      await executeQuery(db, query).catch(() => undefined);
      first = performance.now() - cold;
      const runs: number[] = [];
      for (let i = 0; i < REPEATS; i++) {
        const started = performance.now();
        await executeQuery(db, query);
        runs.push(performance.now() - started);
      }
      return median(runs);
    };
    const rows: (string | number)[][] = [];
    let worst = 0;
    for (const [kind, input] of CASES) {
      const all = await time(input);
      const firstRun = first;
      const single = await time({
        ...input,
        drivers: [],
        scope: ONE_RACE,
        aggregate: 'list',
        rank: undefined,
        per: undefined,
        filters: {},
      }).catch(() => Number.NaN);
      worst = Math.max(worst, all, firstRun);
      rows.push([
        kind,
        input.metric,
        `${firstRun.toFixed(1)} ms`,
        `${all.toFixed(1)} ms`,
        Number.isNaN(single) ? '—' : `${single.toFixed(1)} ms`,
        Number.isNaN(single) ? '—' : `${(all / single).toFixed(0)}×`,
      ]);
    }
    return [
      '## Query executor',
      '',
      `Each aggregation kind over every season in the data (1950–2026): the first run (which reads the warehouse) and the median of ${REPEATS} more (whole-field reads of large scopes are kept while the data version stands); the baseline is the same metric listed for one race (2024 São Paulo GP) in the same run.`,
      '',
      table(
        [
          'aggregation',
          'metric',
          'whole history, first run',
          'whole history, median',
          'one race (baseline)',
          'ratio',
        ],
        rows,
      ),
      '',
      `Slowest: **${worst.toFixed(0)} ms** (target < ${TARGET_MS} ms: ${worst < TARGET_MS ? 'met' : '**missed**'}).`,
      `Machine: ${machine()}.`,
    ].join('\n');
  } finally {
    close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchQueries());
