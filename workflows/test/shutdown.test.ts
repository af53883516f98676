import { temporalBinary } from '@pitwall/scripts/services';
import { Context } from '@temporalio/activity';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { shutdownOptions } from '../src/service/shutdown.ts';
import { analyzeBatch } from '../src/workflows/index.ts';

/**
 * A worker asked to shut down (what SIGTERM does) while an activity runs, on a real Temporal dev server:
 * with the configured grace the activity finishes and its result is recorded; with none (the SDK's
 * default) it is cancelled. The workflow is an empty batch, whose one activity records the outcome.
 */
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: temporalBinary() }, ip: '127.0.0.1' },
  });
}, 120_000);
afterAll(async () => {
  await env?.teardown();
});

async function shutDownMidActivity(graceSeconds: string, taskQueue: string) {
  const seen = { started: false, finished: false };
  const config = loadConfig({
    PITWALL_SERVICE_TOKEN: 'x'.repeat(32),
    PITWALL_SHUTDOWN_GRACE_SECONDS: graceSeconds,
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: new URL('../src/workflows/index.ts', import.meta.url).pathname,
    ...shutdownOptions(config),
    activities: {
      async cancelItems() {},
      async finishBatch() {
        seen.started = true;
        // Cancellable, as the real activities' requests are.
        await Context.current().sleep(1_500);
        seen.finished = true;
      },
    },
  });
  const running = worker.run();
  const handle = await env.client.workflow.start(analyzeBatch, {
    taskQueue,
    workflowId: `shutdown-${taskQueue}`,
    args: [{ batchId: taskQueue, userId: 'u', items: [] }],
  });
  while (!seen.started) await new Promise((r) => setTimeout(r, 20));
  worker.shutdown();
  await running;
  const history = await handle.fetchHistory();
  const completed = (history.events ?? []).some((e) => e.activityTaskCompletedEventAttributes);
  await handle.terminate().catch(() => undefined);
  return { ...seen, completed };
}

describe('a worker shut down while an activity runs', () => {
  it('lets the activity finish within the configured grace', async () => {
    expect(await shutDownMidActivity('10', 'shutdown-grace')).toEqual({
      started: true,
      finished: true,
      completed: true,
    });
  }, 60_000);

  it('cancels it without a grace, which is why the worker sets one', async () => {
    expect(await shutDownMidActivity('0', 'shutdown-none')).toMatchObject({
      finished: false,
      completed: false,
    });
  }, 60_000);
});
