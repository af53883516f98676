import type { Observation } from '@pitwall/db/contracts';
import { temporalBinary } from '@pitwall/scripts/services';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { builtinAssistant, createRegistry } from '../src/assistants/registry.ts';
import { createEdgeClient } from '../src/edge-client.ts';
import type { ResponseCache } from '../src/loaders/http/cache.ts';
import { currentRequestId, runInContext } from '../src/observability/context.ts';
import { createLogger } from '../src/observability/logger.ts';
import { createObservability } from '../src/observability/setup.ts';
import { countingCache, observeRegistry } from '../src/observability/wrappers.ts';
import { analyzeQuestion } from '../src/workflows/analyze.ts';

/**
 * The observability of the compute plane on a real Temporal dev server: the real analysis workflow runs
 * with stand-in activities (a flaky plan that asks for clarification, then finish), and the worker's
 * interceptors must time each activity attempt, report workflow and activity outcomes, and tag every log
 * line and every call back to the edge with the submission's request id.
 */
const REQUEST_ID = 'req-observability-test-1';
const ANALYSIS_ID = 'an_0123456789abcdefghjk';

let env: TestWorkflowEnvironment;
const lines: string[] = [];
const sent: Observation[] = [];
const edgeHeaders: Headers[] = [];
const observability = createObservability({
  send: async (observations) => void sent.push(...observations),
  logger: createLogger((line) => lines.push(line)),
  intervalMs: 60_000,
});
const edge = createEdgeClient({
  baseUrl: 'http://edge.invalid',
  serviceToken: 'x'.repeat(32),
  requestId: currentRequestId,
  fetch: async (_url, init) => {
    edgeHeaders.push(new Headers(init?.headers));
    return Response.json({ created: true }, { status: 201 });
  },
});

let planAttempts = 0;
const activities = {
  async planQuestion(input: { analysisId: string }) {
    planAttempts += 1;
    await edge.event(input.analysisId, { key: 'plan:started', step: 'plan', phase: 'started', message: '' });
    if (planAttempts === 1) throw new Error('the planner stumbled');
    return { kind: 'clarify', clarification: { question: 'Which race?', options: ['Monza', 'Imola'] } };
  },
  async finish() {},
};

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: temporalBinary() }, ip: '127.0.0.1' },
  });
}, 120_000);
afterAll(async () => {
  await observability.reporter.close();
  await env?.teardown();
});

describe('activity and workflow observability', () => {
  it('reports durations and outcomes and carries the request id into logs and edge calls', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'observability-test',
      workflowsPath: new URL('../src/workflows/analyze.ts', import.meta.url).pathname,
      activities,
      interceptors: observability.interceptors,
      sinks: observability.sinks,
    });
    await worker.runUntil(async () => {
      const result = await env.client.workflow.execute(analyzeQuestion, {
        args: [{ analysisId: ANALYSIS_ID, userId: 'u1', query: 'pace?', requestId: REQUEST_ID }],
        workflowId: 'observability-1',
        taskQueue: 'observability-test',
      });
      expect(result).toEqual({ status: 'needs_clarification' });
      // The workflow's sink call runs once the completing activation is processed.
      await vi.waitFor(
        async () => {
          await observability.reporter.flush();
          expect(sent.some((o) => o.kind === 'workflow')).toBe(true);
        },
        { timeout: 5000 },
      );
    });

    const activityReports = sent.filter((o) => o.kind === 'activity');
    expect(activityReports.map((o) => [o.activity, o.outcome])).toEqual([
      ['planQuestion', 'failed'],
      ['planQuestion', 'succeeded'],
      ['finish', 'succeeded'],
    ]);
    for (const o of activityReports) expect(o.seconds).toBeGreaterThanOrEqual(0);
    expect(sent.find((o) => o.kind === 'workflow')).toMatchObject({
      workflow: 'analyzeQuestion',
      outcome: 'succeeded',
      seconds: expect.any(Number),
    });

    const logs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const activityLogs = logs.filter((l) => typeof l.activity === 'string');
    expect(activityLogs.map((l) => l.msg)).toEqual([
      'activity started',
      'activity failed',
      'activity started',
      'activity succeeded',
      'activity started',
      'activity succeeded',
    ]);
    for (const log of activityLogs) {
      expect(log).toMatchObject({
        requestId: REQUEST_ID,
        workflowId: 'observability-1',
        analysisId: ANALYSIS_ID,
      });
      expect(typeof log.ts).toBe('string');
    }
    expect(activityLogs[1]).toMatchObject({
      level: 'warn',
      attempt: 1,
      error: { message: 'the planner stumbled' },
    });
    expect(logs.find((l) => l.msg === 'workflow succeeded')).toMatchObject({ requestId: REQUEST_ID });
    expect(edgeHeaders.map((h) => h.get('x-request-id'))).toEqual([REQUEST_ID, REQUEST_ID]);
  });
});

describe('cache and model wrappers', () => {
  it('counts cache hits and misses, and reports model time and usage for the current analysis', async () => {
    const reports: Observation[] = [];
    const { reporter } = createObservability({
      send: async (o) => void reports.push(...o),
      logger: createLogger(() => {}),
      intervalMs: 60_000,
    });
    const store = new Map<string, unknown>([['https://a', { ok: true }]]);
    const inner: ResponseCache = { get: async (u) => store.get(u), set: async () => {} };
    const cache = countingCache('http', inner, reporter);
    expect(await cache.get('https://a')).toEqual({ ok: true });
    await cache.get('https://b');
    await cache.get('https://c');

    const registry = observeRegistry(createRegistry(), reporter);
    const assistant = await registry.select();
    expect(assistant.name).toBe(builtinAssistant.name);
    await runInContext({ analysisId: ANALYSIS_ID }, () =>
      assistant.narrate({ question: 'q', plan: { intent: 'race_winner', season: 2023 } as never, facts: [] }),
    );
    await reporter.close();
    expect(reports).toContainEqual({ kind: 'cache', cache: 'http', hits: 1, misses: 2 });
    expect(reports).toContainEqual(
      expect.objectContaining({
        kind: 'model',
        assistant: 'builtin',
        operation: 'narrate',
        inputTokens: 0,
        costUsd: 0,
        analysisId: ANALYSIS_ID,
      }),
    );
  });
});
