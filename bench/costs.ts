import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { startStack } from '../scripts/src/stack.ts';
import { machine, table } from './lib/report.ts';

/**
 * What one analysis costs on a deployment, counted on the whole local stack (the same Worker under wrangler
 * dev, D1 and R2 as miniflare keeps them, the Temporal dev server, the Node worker): questions asked one at
 * a time with the builtin assistant and the result cache off, after one warm-up question.
 *
 * - Temporal: each analysis's workflow history, read back through Temporal's HTTP API. Billable actions
 *   are counted as Temporal Cloud counts them from a history: the workflow started, each activity
 *   scheduled, each local activity (a marker), timers, signals and child workflows. Heartbeats are
 *   actions too but leave no event; the figure is a floor.
 * - D1: rows written to each table, counted by triggers added to the local database before the run. D1
 *   also bills a write for every index entry a row touches, so the bill is this times (1 + indexes).
 * - R2: bytes stored and objects written (miniflare's object table), and Workers requests (the edge's
 *   own request counter, GET /api/metrics), split into the client's and the compute plane's.
 */
const QUESTIONS = [
  'Who won the 2023 Monaco Grand Prix?',
  'Compare Verstappen and Norris race pace at the 2024 São Paulo GP',
  'tyre strategy Monza 2024',
  'Hamilton vs Russell qualifying head to head 2024',
  '2023 drivers championship standings',
];
const WARMUP = 'Who won the 2022 British Grand Prix?';
const POLL_MS = 250;

/** Events that are one action each (a child's start is counted in the child's own history). */
const ACTION_EVENTS = new Set([
  'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
  'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
  'EVENT_TYPE_TIMER_STARTED',
  'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED',
  'EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED',
]);

/**
 * Actions in one history, by Temporal Cloud's rules as documented: one per event above; local activities
 * (markers) one per workflow task that ran any, however many; a search-attribute upsert one, except the
 * TemporalChangeVersion upsert that `patched()` makes, which is exempt.
 */
function actionsOf(events: Event[]): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (kind: string, n = 1) => counts.set(kind, (counts.get(kind) ?? 0) + n);
  const tasksWithLocal = new Set<string>();
  for (const e of events) {
    if (ACTION_EVENTS.has(e.eventType)) add(e.eventType.replace('EVENT_TYPE_', ''));
    if (e.eventType === 'EVENT_TYPE_MARKER_RECORDED')
      tasksWithLocal.add(e.markerRecordedEventAttributes?.workflowTaskCompletedEventId ?? '?');
    if (e.eventType === 'EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES') {
      const fields = Object.keys(
        e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {},
      );
      if (fields.some((f) => f !== 'TemporalChangeVersion')) add('UPSERT_WORKFLOW_SEARCH_ATTRIBUTES');
    }
  }
  if (tasksWithLocal.size > 0) add('LOCAL_ACTIVITIES (per workflow task)', tasksWithLocal.size);
  return counts;
}

type Event = {
  eventType: string;
  markerRecordedEventAttributes?: { workflowTaskCompletedEventId?: string };
  upsertWorkflowSearchAttributesEventAttributes?: {
    searchAttributes?: { indexedFields?: Record<string, unknown> };
  };
  childWorkflowExecutionStartedEventAttributes?: { workflowExecution?: { workflowId?: string } };
};

function d1File(dataDir: string): string {
  const dir = join(dataDir, 'wrangler/v3/d1/miniflare-D1DatabaseObject');
  const file = readdirSync(dir).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
  if (!file) throw new Error(`no D1 database under ${dir}`);
  return join(dir, file);
}

function r2File(dataDir: string): string {
  const dir = join(dataDir, 'wrangler/v3/r2/miniflare-R2BucketObject');
  const file = readdirSync(dir).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
  if (!file) throw new Error(`no R2 bucket under ${dir}`);
  return join(dir, file);
}

export async function benchCosts(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-bench-costs-'));
  const stack = await startStack({
    dataDir,
    vars: { RATE_LIMIT_USER: '1000000000', RATE_LIMIT_IP: '1000000000' },
  });
  try {
    const api = stack.urls.api;
    const temporal = `${stack.urls.temporalHttp}/api/v1/namespaces/default`;
    const json = { 'content-type': 'application/json' };
    const metricsAuth = { authorization: `Bearer ${stack.secrets.serviceToken}` };

    const d1 = createClient({ url: `file:${d1File(dataDir)}` });
    const tables = (
      await d1.execute(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%' and name <> 'd1_migrations'",
      )
    ).rows.map((r) => String(r.name));
    const indexes = new Map<string, number>();
    await d1.execute('create table _bench_writes (tbl text primary key, n integer not null)');
    for (const t of tables) {
      const n = (await d1.execute(`select count(*) as n from pragma_index_list('${t}')`)).rows[0]?.n;
      indexes.set(t, Number(n ?? 0));
      for (const op of ['insert', 'update', 'delete']) {
        await d1.execute(
          `create trigger _bench_${op}_${t} after ${op} on "${t}" begin ` +
            `insert into _bench_writes values ('${t}', 1) on conflict(tbl) do update set n = n + 1; end`,
        );
      }
    }
    const writes = async () =>
      new Map(
        (await d1.execute('select tbl, n from _bench_writes')).rows.map((r) => [String(r.tbl), Number(r.n)]),
      );
    const r2 = createClient({ url: `file:${r2File(dataDir)}` });
    const stored = async () => {
      const row = (await r2.execute('select count(*) as n, coalesce(sum(size), 0) as bytes from _mf_objects'))
        .rows[0];
      return { objects: Number(row?.n ?? 0), bytes: Number(row?.bytes ?? 0) };
    };
    const requests = async () => {
      const text = await (await fetch(`${api}/api/metrics`, { headers: metricsAuth })).text();
      let internal = 0;
      let total = 0;
      for (const line of text.split('\n')) {
        if (!line.startsWith('pitwall_http_requests_total{')) continue;
        const n = Number(line.split(' ').at(-1));
        total += n;
        if (line.includes('/internal/')) internal += n;
      }
      return { total, internal };
    };

    const registered = await fetch(`${api}/api/auth/register`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: `bench_costs_${Date.now()}`, password: 'correct horse battery' }),
    });
    const { token } = (await registered.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    let polls = 0;
    async function ask(query: string): Promise<string> {
      const res = await fetch(`${api}/api/analyze`, {
        method: 'POST',
        headers: { ...json, ...auth },
        body: JSON.stringify({ query, cache: false }),
      });
      if (res.status !== 202)
        throw new Error(`POST /api/analyze answered ${res.status}: ${await res.text()}`);
      const { id } = (await res.json()) as { id: string };
      for (;;) {
        polls++;
        const view = (await (await fetch(`${api}/api/analyses/${id}`, { headers: auth })).json()) as {
          status: string;
        };
        if (view.status === 'succeeded') return id;
        if (['failed', 'needs_clarification', 'cancelled'].includes(view.status))
          throw new Error(`"${query}" ended ${view.status}`);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    }
    async function history(workflowId: string): Promise<Event[]> {
      const res = await fetch(`${temporal}/workflows/${encodeURIComponent(workflowId)}/history`);
      if (!res.ok) throw new Error(`history of ${workflowId}: ${res.status}`);
      const events = ((await res.json()) as { history?: { events?: Event[] } }).history?.events ?? [];
      const children = events.flatMap((e) => {
        const child = e.childWorkflowExecutionStartedEventAttributes?.workflowExecution?.workflowId;
        return child ? [child] : [];
      });
      return [...events, ...(await Promise.all(children.map(history))).flat()];
    }

    await ask(WARMUP);
    // The compute plane reports metrics about once a second: let the warm-up's arrive before counting.
    await new Promise((r) => setTimeout(r, 2500));
    const before = { writes: await writes(), stored: await stored(), requests: await requests() };
    polls = 0;
    const ids: string[] = [];
    for (const q of QUESTIONS) ids.push(await ask(q));
    await new Promise((r) => setTimeout(r, 2500));
    const after = { writes: await writes(), stored: await stored(), requests: await requests() };

    const n = QUESTIONS.length;
    const perAnalysis = (x: number) => (x / n).toFixed(1);
    const histories = await Promise.all(ids.map((id) => history(`analysis-${id}`)));
    const events = histories.map((h) => h.length);
    const perHistory = histories.map(actionsOf);
    const actions = perHistory.map((m) => [...m.values()].reduce((a, b) => a + b, 0));
    const markers = histories.map(
      (h) => h.filter((e) => e.eventType === 'EVENT_TYPE_MARKER_RECORDED').length,
    );
    const byType = new Map<string, number>();
    for (const m of perHistory) for (const [k, v] of m) byType.set(k, (byType.get(k) ?? 0) + v);
    const tableRows = tables
      .map((t) => {
        const w = (after.writes.get(t) ?? 0) - (before.writes.get(t) ?? 0);
        return { t, w, billed: w * (1 + (indexes.get(t) ?? 0)) };
      })
      .filter((r) => r.w > 0);
    const rowsWritten = tableRows.reduce((s, r) => s + r.w, 0);
    const rowsBilled = tableRows.reduce((s, r) => s + r.billed, 0);
    // Less the first GET /api/metrics (a request is counted once answered, so the second is not in its own count).
    const allRequests = after.requests.total - before.requests.total - 1;
    const internal = after.requests.internal - before.requests.internal;
    d1.close();
    r2.close();

    return [
      '## Cost drivers per analysis',
      '',
      table(
        ['measure', 'per analysis', 'notes'],
        [
          [
            'Temporal history events',
            perAnalysis(events.reduce((a, b) => a + b, 0)),
            `range ${Math.min(...events)}–${Math.max(...events)}`,
          ],
          [
            'Temporal actions (from history)',
            perAnalysis(actions.reduce((a, b) => a + b, 0)),
            `range ${Math.min(...actions)}–${Math.max(...actions)}; heartbeats not included`,
          ],
          [
            'local activities (markers)',
            perAnalysis(markers.reduce((a, b) => a + b, 0)),
            'one action per workflow task that runs them',
          ],
          ['D1 rows written (table rows)', perAnalysis(rowsWritten), 'inserts + updates + deletes'],
          [
            'D1 rows written, index entries included (at most)',
            perAnalysis(rowsBilled),
            'D1 bills index entries too; an update writes only the indexes whose columns it changes',
          ],
          ['R2 objects written', perAnalysis(after.stored.objects - before.stored.objects), ''],
          [
            'R2 bytes stored',
            `${((after.stored.bytes - before.stored.bytes) / n / 1024).toFixed(1)} KiB`,
            'chart files',
          ],
          ['Workers requests, compute plane → edge', perAnalysis(internal), 'step reports, results, metrics'],
          [
            'Workers requests, client',
            perAnalysis(allRequests - internal),
            `submit and status polls every ${POLL_MS} ms (${perAnalysis(polls)} polls); a browser on the event stream makes fewer`,
          ],
        ],
      ),
      '',
      table(
        ['action', 'per analysis'],
        [...byType].sort((a, b) => b[1] - a[1]).map(([type, count]) => [type, perAnalysis(count)]),
      ),
      '',
      table(
        ['D1 table', 'rows written per analysis', 'indexes'],
        tableRows.map((r) => [r.t, perAnalysis(r.w), indexes.get(r.t) ?? 0]),
      ),
      '',
      `${n} questions, one at a time, builtin assistant, result cache off, after one warm-up question: ${QUESTIONS.map((q) => `"${q}"`).join(', ')}.`,
      `Machine: ${machine()}.`,
    ].join('\n');
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchCosts());
