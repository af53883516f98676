import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchUser, SEASON_2024, workersOf } from '../scripts/src/season-batch.ts';
import { type Stack, startStack } from '../scripts/src/stack.ts';
import { machine, seconds, table } from './lib/report.ts';

/**
 * More than one compute worker: the season batch ("Who won the 2024 <race>?" × 24, computed afresh, window
 * 4) with one Node worker on the task queue, then with two, on the same local stack. Each setting runs a
 * batch to warm up and then `BENCH_SCALE_ROUNDS` measured batches (median); the ratio is one worker's
 * time over two workers'. Everything shares this machine's cores (Temporal, workerd and the workers), so
 * the ratio says what a second process buys here, not what a second machine would.
 */
const ROUNDS = Number(process.env.BENCH_SCALE_ROUNDS ?? 3);

async function timeBatch(stack: Stack, label: string) {
  const user = await batchUser(stack, `bench_scale_${label}_${Date.now()}`);
  const started = performance.now();
  const { id, analyses } = await user.submit(SEASON_2024);
  const batch = await user.until(id, (b) => b.status !== 'running', 300_000);
  const ms = performance.now() - started;
  if (batch.counts.succeeded !== analyses.length) {
    throw new Error(`batch ${label}: ${JSON.stringify(batch.counts)}`);
  }
  return { ms, analyses };
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export async function benchScaleOut(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-bench-scale-'));
  const stack = await startStack({
    dataDir,
    vars: { RATE_LIMIT_USER: '1000000', RATE_LIMIT_IP: '1000000', REGISTER_LIMIT_IP: '1000' },
  });
  try {
    const measure = async (workers: number) => {
      await timeBatch(stack, `warmup${workers}`);
      const runs = [];
      for (let i = 0; i < ROUNDS; i++) runs.push(await timeBatch(stack, `${workers}w${i}`));
      return runs;
    };
    const one = await measure(1);
    const second = await stack.startWorker({}, { name: 'worker-2' });
    const two = await measure(2);

    // Who finished each analysis of the last two-worker batch, from Temporal's histories.
    const names = new Map([
      [`${stack.worker?.child.pid}@${hostname()}`, 'worker 1'],
      [`${second.child.pid}@${hostname()}`, 'worker 2'],
    ]);
    const split = new Map<string, number>();
    for (const id of two.at(-1)?.analyses ?? []) {
      const name = names.get((await workersOf(stack, id)).at(-1) ?? '') ?? 'other';
      split.set(name, (split.get(name) ?? 0) + 1);
    }

    const oneMs = median(one.map((r) => r.ms));
    const twoMs = median(two.map((r) => r.ms));
    const ratio = oneMs / twoMs;
    const row = (workers: number, runs: { ms: number }[]) => [
      workers,
      SEASON_2024.length,
      runs.map((r) => seconds(r.ms)).join(', '),
      seconds(median(runs.map((r) => r.ms))),
    ];
    return [
      '## Scale-out: one compute worker or two',
      '',
      table(['Node workers', 'items', 'batches (after a warm-up)', 'median'], [row(1, one), row(2, two)]),
      '',
      `Speed-up with two workers: **${ratio.toFixed(2)}×** (one worker's median over two workers'). Last two-worker batch: ${[...split].map(([n, c]) => `${n} ${c}`).join(', ')}.`,
      `"Who won the 2024 <race>?" × ${SEASON_2024.length}, computed afresh, batch window 4, builtin assistant; Temporal, workerd and both workers share this machine. Machine: ${machine()}.`,
    ].join('\n');
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchScaleOut());
