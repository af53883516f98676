import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plan } from '@pitwall/db/contracts';
import { temporalBinary } from '@pitwall/scripts/services';
import { Context } from '@temporalio/activity';
import { WorkflowFailedError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RaceSummary } from '../src/analyses/season-wide-races.ts';
import { analyzeBatch, batchProgress, cancelItem } from '../src/workflows/batch.ts';
import { analyzeQuestion } from '../src/workflows/index.ts';

/**
 * The batch workflow on a real Temporal dev server, with its real child `analyzeQuestion` workflows. The
 * activities are test doubles standing in for the Worker's internal API: they record what each analysis
 * ends as, so the test can check that every item ends once and in a final state. With RECORD_HISTORIES=1
 * the runs' histories are saved under test/histories for the replay test.
 */
const QUEUE = 'batch-test';
const HISTORIES = new URL('./histories/', import.meta.url);
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;

const plan = (extra: Partial<Plan> = {}): Plan => ({
  intent: 'race_winner',
  season: 2024,
  round: 1,
  drivers: [],
  teams: [],
  compounds: [],
  ...extra,
});

/** What the doubles saw: outcomes per analysis (a list, so a second outcome would show), concurrency. */
const seen = {
  outcomes: new Map<string, string[]>(),
  batches: new Map<string, string[]>(),
  active: 0,
  maxActive: 0,
  slow: new Set<string>(),
  races: [] as number[],
  analysed: [] as string[],
  stored: [] as string[],
  /** The data each analysis's plan step was handed. */
  data: new Map<string, unknown>(),
};
const outcome = (id: string, status: string) =>
  seen.outcomes.set(id, [...(seen.outcomes.get(id) ?? []), status]);

const activities = {
  async planQuestion({ analysisId, query, data }: { analysisId: string; query: string; data?: unknown }) {
    seen.data.set(analysisId, data);
    seen.active += 1;
    seen.maxActive = Math.max(seen.maxActive, seen.active);
    if (query.startsWith('slow')) seen.slow.add(analysisId);
    if (query.startsWith('unclear'))
      return { kind: 'clarify', clarification: { question: 'Which race?', options: [] } };
    if (query.startsWith('season'))
      return { kind: 'plan', plan: plan({ intent: 'positions', seasonWide: true }) };
    return { kind: 'plan', plan: plan({ raceName: query }) };
  },
  // The result cache: questions starting with "cached" were answered before, every other one misses.
  async lookupCachedResult({ plan: p }: { plan: Plan }) {
    return p.raceName?.startsWith('cached')
      ? { kind: 'hit', key: 'k'.repeat(64), dataVersion: 'v', from: 'an_cachedsource000000' }
      : { kind: 'miss', key: 'k'.repeat(64), dataVersion: 'v' };
  },
  async adoptCachedResult({ analysisId }: { analysisId: string }) {
    seen.active -= 1;
    outcome(analysisId, 'succeeded');
    return { adopted: true };
  },
  async storeCachedResult({ analysisId }: { analysisId: string }) {
    seen.stored.push(analysisId);
    return { stored: true };
  },
  async ensureData() {
    return { results: 20 };
  },
  async analyse({ analysisId }: { analysisId: string }) {
    seen.analysed.push(analysisId);
    // A slow step that heartbeats, so a cancellation reaches it.
    while (seen.slow.has(analysisId)) {
      await new Promise((r) => setTimeout(r, 50));
      Context.current().heartbeat();
      if (Context.current().cancellationSignal.aborted) throw new Error('cancelled');
    }
    await new Promise((r) => setTimeout(r, 20));
    return { facts: [{ label: 'winner', value: 'X' }], tables: [], charts: [], sources: [], quality: [] };
  },
  async renderCharts() {
    return [];
  },
  async narrate() {
    return {
      answer: 'X won.',
      assistant: 'builtin',
      model: 'builtin',
      usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
    };
  },
  async verify({ narrative }: { narrative: unknown }) {
    return narrative;
  },
  async persist({ analysisId }: { analysisId: string }) {
    seen.active -= 1;
    outcome(analysisId, 'succeeded');
  },
  async finish({ analysisId, outcome: o }: { analysisId: string; outcome: { status: string } }) {
    seen.active -= 1;
    outcome(analysisId, o.status);
  },
  async seasonRounds() {
    return [1, 2, 3, 4, 5, 6];
  },
  async summariseRace({ round }: { round: number }): Promise<RaceSummary> {
    seen.races.push(round);
    return {
      season: 2023,
      round,
      name: `Race ${round}`,
      source: 'fastf1',
      lapOne: [{ driver: 'a', code: 'A', name: 'A', gained: round }],
    };
  },
  async aggregateSeason({ races }: { races: RaceSummary[] }) {
    return {
      facts: [{ label: 'races analysed', value: races.length }],
      tables: [],
      charts: [],
      sources: [],
      quality: [],
    };
  },
  async cancelItems({ analysisIds }: { analysisIds: string[] }) {
    for (const id of analysisIds) if (!seen.outcomes.get(id)?.includes('cancelled')) outcome(id, 'cancelled');
  },
  async finishBatch({ batchId, outcome: o }: { batchId: string; outcome: { status: string } }) {
    seen.batches.set(batchId, [...(seen.batches.get(batchId) ?? []), o.status]);
  },
};

async function saveHistory(workflowId: string, name: string, runId?: string) {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
  // The SDK's own proto3 JSON (what `temporal workflow show --output json` writes), from the worker's copy.
  const require = createRequire(import.meta.resolve('@temporalio/worker'));
  const { historyToJSON } = require('@temporalio/common/lib/proto-utils') as {
    historyToJSON: (h: typeof history) => string;
  };
  mkdirSync(HISTORIES, { recursive: true });
  writeFileSync(new URL(`${name}.json`, HISTORIES), historyToJSON(history));
}

const items = (batch: string, queries: string[]) =>
  queries.map((query, i) => ({ analysisId: `an_${batch}${String(i).padStart(2, '0')}`, query }));

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: temporalBinary() }, ip: '127.0.0.1' },
  });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: QUEUE,
    workflowsPath: new URL('../src/workflows/index.ts', import.meta.url).pathname,
    activities,
  });
  // A worker runs once: one run serves every test.
  running = worker.run();
}, 120_000);
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

describe('analyzeBatch', () => {
  it('runs every item once in a bounded window and continues as new along the way', async () => {
    const list = items('a', ['q0', 'q1', 'unclear q2', 'q3', 'q4', 'q5', 'q6']);
    const handle = await env.client.workflow.start(analyzeBatch, {
      workflowId: 'batch-bt_a',
      taskQueue: QUEUE,
      args: [{ batchId: 'bt_a', userId: 'u', items: list, window: 2, continueAfter: 3 }],
    });
    const firstRun = handle.firstExecutionRunId;
    const result = await handle.result();
    expect(result.done).toEqual({ succeeded: 6, needs_clarification: 1 });
    expect(seen.maxActive).toBeLessThanOrEqual(2);
    for (const item of list) {
      expect(seen.outcomes.get(item.analysisId)).toEqual([
        item.query.startsWith('unclear') ? 'needs_clarification' : 'succeeded',
      ]);
    }
    expect(seen.batches.get('bt_a')).toEqual(['completed']);
    // 7 items, 3 per run: the batch ran three times, chained by continue-as-new.
    const latest = await handle.describe();
    expect(latest.runId).not.toBe(firstRun);
    await saveHistory('batch-bt_a', 'batch-continue-as-new', firstRun);
    await saveHistory(`analysis-${list[0]?.analysisId}`, 'analyze-question');
  }, 60_000);

  it('cancels running children and marks items that never started cancelled', async () => {
    const list = items('b', ['slow 0', 'slow 1', 'q2', 'q3', 'q4']);
    const handle = await env.client.workflow.start(analyzeBatch, {
      workflowId: 'batch-bt_b',
      taskQueue: QUEUE,
      args: [{ batchId: 'bt_b', userId: 'u', items: list, window: 2 }],
    });
    while ((await handle.query(batchProgress)).running < 2) await new Promise((r) => setTimeout(r, 50));
    await handle.cancel();
    const err = await handle.result().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((await handle.describe()).status.name).toBe('CANCELLED');
    for (const item of list) expect(seen.outcomes.get(item.analysisId)).toEqual(['cancelled']);
    expect(seen.batches.get('bt_b')).toEqual(['cancelled']);
    const child = await env.client.workflow.getHandle(`analysis-${list[0]?.analysisId}`).describe();
    expect(child.status.name).toBe('CANCELLED');
  }, 60_000);

  it('cancels one item: a running one through its child, a pending one by skipping it', async () => {
    const list = items('c', ['slow 0', 'q1', 'q2', 'q3']);
    const handle = await env.client.workflow.start(analyzeBatch, {
      workflowId: 'batch-bt_c',
      taskQueue: QUEUE,
      args: [{ batchId: 'bt_c', userId: 'u', items: list, window: 1 }],
    });
    while ((await handle.query(batchProgress)).running < 1) await new Promise((r) => setTimeout(r, 50));
    await handle.signal(cancelItem, list[2]?.analysisId as string);
    await handle.signal(cancelItem, list[0]?.analysisId as string);
    const result = await handle.result();
    expect(result.done).toEqual({ cancelled: 2, succeeded: 2 });
    expect(list.map((i) => seen.outcomes.get(i.analysisId))).toEqual([
      ['cancelled'],
      ['succeeded'],
      ['cancelled'],
      ['succeeded'],
    ]);
    expect(seen.batches.get('bt_c')).toEqual(['completed']);
    await saveHistory('batch-bt_c', 'batch-cancel-item');
  }, 60_000);

  it('hands each item’s data to its child analysis', async () => {
    const data = { type: 'upload' as const, parameters: { uploadId: 'up_aaaaaaaaaaaaaaaaaaaa' } };
    const [plain, own] = items('d', ['q0', 'q1']) as [
      ReturnType<typeof items>[number],
      ReturnType<typeof items>[number],
    ];
    const handle = await env.client.workflow.start(analyzeBatch, {
      workflowId: 'batch-bt_d',
      taskQueue: QUEUE,
      args: [{ batchId: 'bt_d', userId: 'u', items: [plain, { ...own, data }] }],
    });
    expect((await handle.result()).done).toEqual({ succeeded: 2 });
    expect(seen.data.get(plain.analysisId)).toBeUndefined();
    expect(seen.data.get(own.analysisId)).toEqual(data);
  }, 60_000);
});

describe('a season-wide analysis', () => {
  it('fans out one activity per race and aggregates them', async () => {
    const handle = await env.client.workflow.start(analyzeQuestion, {
      workflowId: 'analysis-an_season',
      taskQueue: QUEUE,
      args: [{ analysisId: 'an_season', userId: 'u', query: 'season lap-1 gains 2023' }],
    });
    expect(await handle.result()).toEqual({ status: 'succeeded' });
    expect([...seen.races].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    const history = await handle.fetchHistory();
    const markers = (history.events ?? []).flatMap((e) => e.markerRecordedEventAttributes?.markerName ?? []);
    // Three patches (local steps, the result cache, the season-wide fan-out); the short steps ran as local
    // activities (plan, analyse's neighbours and the cache lookup), the per-race fan-out as activities.
    expect(markers.filter((m) => m === 'core_patch')).toHaveLength(3);
    expect(markers.filter((m) => m === 'core_local_activity').length).toBeGreaterThanOrEqual(5);
    const scheduled = (history.events ?? []).flatMap(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? [],
    );
    expect(scheduled.filter((name) => name === 'summariseRace')).toHaveLength(6);
    await saveHistory('analysis-an_season', 'analyze-season-wide');
  }, 60_000);
});

describe('the result cache in analyzeQuestion', () => {
  const run = (analysisId: string, query: string, extra: { cache?: boolean } = {}) =>
    env.client.workflow.execute(analyzeQuestion, {
      workflowId: `analysis-${analysisId}`,
      taskQueue: QUEUE,
      args: [{ analysisId, userId: 'u', query, ...extra }],
    });

  it('adopts a hit without computing, enters a miss once computed, and skips the cache when asked to', async () => {
    expect(await run('an_cachehit', 'cached monaco')).toEqual({ status: 'succeeded' });
    expect(seen.outcomes.get('an_cachehit')).toEqual(['succeeded']);
    expect(seen.analysed).not.toContain('an_cachehit');
    expect(seen.stored).not.toContain('an_cachehit');

    expect(await run('an_cachemiss', 'monaco')).toEqual({ status: 'succeeded' });
    expect(seen.analysed).toContain('an_cachemiss');
    expect(seen.stored).toContain('an_cachemiss');

    expect(await run('an_nocache', 'cached monaco', { cache: false })).toEqual({ status: 'succeeded' });
    expect(seen.analysed).toContain('an_nocache');
    expect(seen.stored).not.toContain('an_nocache');
    await saveHistory('analysis-an_cachehit', 'analyze-question-cached');
  }, 60_000);
});
