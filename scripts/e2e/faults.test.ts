import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, run } from '../src/services.ts';
import { apiClient } from './client.ts';
import { useStack } from './stack-fixture.ts';

/**
 * A batch of twelve questions survives each fault of the processes it runs on: the Node worker killed with
 * SIGKILL, the Temporal dev server stopped and started again (its SQLite file kept), and `wrangler dev`
 * restarted so the internal API is gone for a while. Each fault strikes once a few items have finished.
 * Afterwards every item must be final, with one analysis row, one result and no event stored twice.
 */
const QUESTIONS = [
  'Who won the 2023 Monaco Grand Prix?',
  'Who won the 2024 British Grand Prix?',
  'Compare Verstappen and Norris race pace at the 2024 São Paulo Grand Prix',
  'How fast did the softs degrade at the 2024 Bahrain Grand Prix?',
  'Pit stops at the 2024 Hungarian Grand Prix',
  'Tyre strategy at the 2023 Bahrain Grand Prix',
  'Qualifying at the 2024 Japanese Grand Prix',
  '2023 championship standings',
  'Qualifying head-to-head Leclerc vs Sainz 2023',
  'Lap times of Hamilton at the 2024 British Grand Prix',
  'Gaps to the leader at the 2023 Dutch Grand Prix',
  'Team pace at the 2024 Spanish Grand Prix',
];
const FINAL = ['succeeded', 'failed', 'cancelled', 'needs_clarification'];

// The stack fires the reconciler's cron every few seconds (Cloudflare: every minute), so an outage test
// can wait for one period; it reconciles rows as soon as they are 2 s old.
const RECONCILE_PERIOD_SECONDS = 5;
const { stack, dataDir } = useStack('pitwall-faults', {
  cronSeconds: RECONCILE_PERIOD_SECONDS,
  vars: { RECONCILE_AFTER_SECONDS: '2' },
});

type BatchView = {
  status: string;
  counts: Record<string, number>;
  analyses: { id: string; status: string }[];
};

/** The batch as the API shows it; undefined while the edge is down. */
async function batchOf(api: ReturnType<typeof apiClient>, id: string): Promise<BatchView | undefined> {
  try {
    const res = await api.request('GET', `/api/batches/${id}`);
    return res.ok ? ((await res.json()) as BatchView) : undefined;
  } catch {
    return undefined;
  }
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Reads the stack's D1 the way an operator would: one wrangler run, one result per statement. */
async function d1(...statements: string[]): Promise<Record<string, unknown>[][]> {
  const out = await run(
    join(REPO_ROOT, 'scripts/node_modules/.bin/wrangler'),
    [
      'd1',
      'execute',
      'DB',
      '--local',
      '--persist-to',
      join(dataDir, 'wrangler'),
      '--json',
      '--command',
      statements.join(';\n'),
    ],
    { env: { CI: 'true', WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' } },
  );
  return (JSON.parse(out.slice(out.indexOf('['))) as { results: Record<string, unknown>[] }[]).map(
    (r) => r.results,
  );
}

/** Submits the batch, lets three items finish, runs the fault, then checks what the batch ended with. */
async function survives(user: string, fault: () => Promise<void>) {
  const api = apiClient(stack().urls.api);
  await api.register(user);
  const res = await api.request('POST', '/api/analyze/batch', {
    // Every batch computes (no result cache), so each fault meets work in progress.
    queries: QUESTIONS.map((query) => ({ query, cache: false })),
  });
  expect(res.status).toBe(202);
  const { id, analyses } = (await res.json()) as { id: string; analyses: string[] };

  await until(
    'three finished items',
    async () => ((await batchOf(api, id))?.counts.succeeded ?? 0) >= 3,
    60_000,
  );
  await fault();
  await until('the batch to end', async () => (await batchOf(api, id))?.status === 'completed', 150_000);

  const batch = (await batchOf(api, id)) as BatchView;
  const list = (await (await api.request('GET', '/api/analyses?limit=100')).json()) as {
    items: { id: string }[];
  };
  const ids = `(${analyses.map((a) => `'${a}'`).join(',')})`;
  const [rows = [], duplicates = [], results = []] = await d1(
    `select count(*) as n from analyses where batch_id = '${id}'`,
    `select analysis_id, key, count(*) as n from events where analysis_id in ${ids} group by 1, 2 having n > 1`,
    `select analysis_id, count(*) as n from artifacts where name = 'result.json' and analysis_id in ${ids} group by 1`,
  );
  const lost =
    batch.analyses.filter((a) => !FINAL.includes(a.status)).length +
    (QUESTIONS.length - batch.analyses.length);
  const completed = batch.analyses.filter((a) => FINAL.includes(a.status)).length;
  console.log(`${user}: completed ${completed}, duplicates ${duplicates.length}, lost ${lost}`, batch.counts);

  expect(rows[0]?.n).toBe(QUESTIONS.length);
  expect(list.items.map((a) => a.id).sort()).toEqual([...analyses].sort());
  expect(duplicates).toEqual([]);
  expect(lost).toBe(0);
  expect(batch.counts.succeeded).toBe(QUESTIONS.length);
  expect(results).toHaveLength(QUESTIONS.length);
  expect(results.every((r) => r.n === 1)).toBe(true);
}

describe('a batch under faults', () => {
  it('survives kill -9 of the Node worker', async () => {
    await survives('faults_worker', async () => {
      await stack().worker?.stop('SIGKILL');
      await stack().startWorker();
    });
  }, 240_000);

  it('survives a restart of the Temporal server', async () => {
    await survives('faults_temporal', async () => {
      await stack().stopService('temporal');
      await new Promise((r) => setTimeout(r, 2_000));
      await stack().startService('temporal');
    });
  }, 240_000);

  it('survives a restart of wrangler dev (the internal API gone for a while)', async () => {
    await survives('faults_edge', async () => {
      await stack().stopService('edge');
      await new Promise((r) => setTimeout(r, 2_000));
      await stack().startService('edge');
    });
  }, 240_000);

  it('finishes what was submitted while Temporal was unreachable, within one reconciler period', async () => {
    const api = apiClient(stack().urls.api);
    await api.register('faults_outage');
    await stack().stopService('temporal');
    const ids: string[] = [];
    let batchId = '';
    try {
      for (const query of QUESTIONS.slice(0, 4)) {
        const res = await api.request('POST', '/api/analyze', { query, cache: false });
        expect(res.status).toBe(202);
        ids.push(((await res.json()) as { id: string }).id);
      }
      const res = await api.request('POST', '/api/analyze/batch', {
        queries: QUESTIONS.slice(4, 7).map((query) => ({ query, cache: false })),
      });
      expect(res.status).toBe(202);
      const batch = (await res.json()) as { id: string; analyses: string[] };
      batchId = batch.id;
      ids.push(...batch.analyses);
    } finally {
      await stack().startService('temporal');
    }
    const back = Date.now();
    const statuses = async () =>
      (
        await d1(`select id, status from analyses where id in (${ids.map((id) => `'${id}'`).join(',')})`)
      )[0] ?? [];
    const temporal = `${stack().urls.temporalHttp}/api/v1/namespaces/default/workflows`;
    /** Temporal's runs of each analysis's workflow id (a batch's items are its children). */
    const runs = () =>
      Promise.all(
        ids.map(async (id) => {
          const query = encodeURIComponent(`WorkflowId = 'analysis-${id}'`);
          const body = (await (await fetch(`${temporal}?query=${query}`)).json()) as {
            executions?: unknown[];
          };
          return body.executions?.length ?? 0;
        }),
      );
    // The reconciler's next run starts every workflow (the batch starts its items); a little slack for
    // the batch's children and the visibility store.
    await until(
      'every workflow to start',
      async () => (await runs()).every((n) => n > 0),
      (RECONCILE_PERIOD_SECONDS + 10) * 1000,
    );
    const startedAfter = (Date.now() - back) / 1000;
    await until(
      'every analysis to end',
      async () => (await statuses()).every((r) => FINAL.includes(String(r.status))),
      120_000,
    );
    await until(
      'the batch to end',
      async () => (await batchOf(api, batchId))?.status === 'completed',
      30_000,
    );

    const rows = await statuses();
    const counts = await runs();
    const stuck = rows.filter((r) => !FINAL.includes(String(r.status))).length;
    const duplicated = counts.filter((n) => n > 1).length;
    const lost = ids.length - rows.filter((r) => r.status === 'succeeded').length;
    console.log(
      `temporal outage: ${ids.length} analyses accepted while down, all started ${startedAfter.toFixed(1)} s after it was back (reconciler every ${RECONCILE_PERIOD_SECONDS} s): stuck ${stuck}, duplicated ${duplicated}, lost ${lost}`,
    );
    expect(rows).toHaveLength(ids.length);
    expect(counts.every((n) => n === 1)).toBe(true);
    expect({ stuck, duplicated, lost }).toEqual({ stuck: 0, duplicated: 0, lost: 0 });
  }, 240_000);
});
