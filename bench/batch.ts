import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seasonRaces } from '@pitwall/db/queries/warehouse';
import { openWarehouse } from '@pitwall/workflows/warehouse';
import { startStack } from '../scripts/src/stack.ts';
import { machine, seconds, table } from './lib/report.ts';

/**
 * A season batch end to end on the whole local stack (workerd, Temporal dev server, Node worker, builtin
 * assistant): "Who won the 2024 <race>?" for all 24 rounds in one `POST /api/analyze/batch`. The total runs
 * from the submission to the batch's `completed`; an item's time from its first progress event to its
 * final write. Target: the whole batch in ≤ 30 s.
 */
const SEASON = 2024;
const ROUNDS = 24;

type Item = { id: string; status: string; updatedAt: string };

export async function benchBatch(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-bench-batch-'));
  const stack = await startStack({ dataDir, vars: { RATE_LIMIT_USER: '1000000', RATE_LIMIT_IP: '1000000' } });
  try {
    const warehouse = await openWarehouse(`file:${join(dataDir, 'warehouse.db')}`);
    const races = (await seasonRaces(warehouse.db, SEASON)).slice(0, ROUNDS);
    warehouse.close();
    const api = stack.urls.api;
    const json = { 'content-type': 'application/json' };
    const registered = await fetch(`${api}/api/auth/register`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: `bench_${Date.now()}`, password: 'correct horse battery' }),
    });
    const { token } = (await registered.json()) as { token: string };
    const auth = { ...json, authorization: `Bearer ${token}` };
    const get = async <T>(path: string) =>
      (await (await fetch(`${api}${path}`, { headers: auth })).json()) as T;

    const started = performance.now();
    const created = await fetch(`${api}/api/analyze/batch`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ queries: races.map((r) => ({ query: `Who won the ${SEASON} ${r.name}?` })) }),
    });
    if (created.status !== 202)
      throw new Error(`the batch was refused: ${created.status} ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    let batch: { status: string; counts: Record<string, number>; analyses: { id: string }[] };
    for (;;) {
      batch = await get(`/api/batches/${id}`);
      if (batch.status !== 'running') break;
      if (performance.now() - started > 180_000) throw new Error('the batch did not finish in 3 minutes');
      // Gently: the poll shares workerd with the items it watches.
      await new Promise((r) => setTimeout(r, 500));
    }
    const totalMs = performance.now() - started;

    // Each step's `done` event carries the time the step itself took, which says where an item's time goes.
    const steps = new Map<string, number[]>();
    const durations = await Promise.all(
      batch.analyses.map(async ({ id: itemId }) => {
        const item = await get<Item>(`/api/analyses/${itemId}`);
        const stream = await (await fetch(`${api}/api/analyses/${itemId}/events`, { headers: auth })).text();
        for (const m of stream.matchAll(
          /"step":"(\w+)","phase":"done","message":"[^"]*","data":\{"ms":(\d+)/g,
        )) {
          steps.set(m[1] as string, [...(steps.get(m[1] as string) ?? []), Number(m[2])]);
        }
        const first = /"createdAt":"([^"]+)"/.exec(stream)?.[1];
        return first ? Date.parse(item.updatedAt) - Date.parse(first) : Number.NaN;
      }),
    );
    const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const breakdown = [...steps].map(([step, ms]) => `${step} ${medianOf(ms)} ms`).join(', ');
    const sorted = durations.filter(Number.isFinite).sort((a, b) => a - b);
    const pick = (p: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
    return [
      '## Season batch',
      '',
      table(
        ['what', 'items', 'succeeded', 'total', 'per item p50', 'per item p95'],
        [
          [
            `"Who won the ${SEASON} <race>?" × ${races.length}, window 4`,
            races.length,
            batch.counts.succeeded ?? 0,
            seconds(totalMs),
            seconds(pick(0.5)),
            seconds(pick(0.95)),
          ],
        ],
      ),
      '',
      `Median time inside each step: ${breakdown}.`,
      `Total ${seconds(totalMs)} (target ≤ 30 s), builtin assistant. Machine: ${machine()}.`,
    ].join('\n');
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchBatch());
