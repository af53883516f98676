import { CancelledFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it, vi } from 'vitest';
import { limitActivities, loadTuning, workerSlots } from '../src/tuning.ts';

/** The Node worker's concurrency, from its environment alone. */
describe('worker tuning', () => {
  it('has defaults and reads each slot limit', () => {
    expect(workerSlots(loadTuning({}))).toEqual({
      maxConcurrentActivityTaskExecutions: 100,
      maxConcurrentLocalActivityExecutions: 100,
      maxConcurrentWorkflowTaskExecutions: 40,
    });
    expect(
      workerSlots(
        loadTuning({
          PITWALL_MAX_ACTIVITIES: '8',
          PITWALL_MAX_LOCAL_ACTIVITIES: '4',
          PITWALL_MAX_WORKFLOW_TASKS: '16',
          PITWALL_MAX_CACHED_WORKFLOWS: '100',
        }),
      ),
    ).toEqual({
      maxConcurrentActivityTaskExecutions: 8,
      maxConcurrentLocalActivityExecutions: 4,
      maxConcurrentWorkflowTaskExecutions: 16,
      maxCachedWorkflows: 100,
    });
  });

  it('reads per-kind limits and names what is wrong', () => {
    expect(loadTuning({ PITWALL_ACTIVITY_LIMITS: 'ingest=2, publish=1' }).PITWALL_ACTIVITY_LIMITS).toEqual({
      ingest: 2,
      publish: 1,
    });
    expect(() => loadTuning({ PITWALL_ACTIVITY_LIMITS: 'ingest=0' })).toThrow(/PITWALL_ACTIVITY_LIMITS/);
    expect(() => loadTuning({ PITWALL_ACTIVITY_LIMITS: 'crawl=2' })).toThrow(/ingest/);
    expect(() => loadTuning({ PITWALL_MAX_ACTIVITIES: '0' })).toThrow(/PITWALL_MAX_ACTIVITIES/);
  });

  it('runs at most the limit of one kind at once, and every call completes', async () => {
    let running = 0;
    let peak = 0;
    const work = async (n: number) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return n * 2;
    };
    const limited = limitActivities({ a: work, b: work }, 2);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? limited.a(i) : limited.b(i))),
    );
    expect(results).toEqual(Array.from({ length: 10 }, (_, i) => i * 2));
    expect(peak).toBe(2);
  });

  it('frees the slot when an activity fails', async () => {
    const limited = limitActivities(
      {
        fail: async () => {
          throw new Error('no');
        },
        ok: async () => 'ok',
      },
      1,
    );
    await expect(limited.fail()).rejects.toThrow('no');
    await expect(limited.ok()).resolves.toBe('ok');
  });

  it('keeps a waiting activity heartbeating with its details, and lets it go when cancelled', async () => {
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    const limited = limitActivities({ work: async (wait: boolean) => (wait ? held : undefined) }, 1, 10);
    const holder = new MockActivityEnvironment();
    const holding = holder.run(limited.work, true);

    const waiter = new MockActivityEnvironment({ heartbeatDetails: 7 });
    const beats: unknown[] = [];
    waiter.on('heartbeat', (d: unknown) => beats.push(d));
    const waiting = waiter.run(limited.work, false);
    // Beats every 10 ms; waited for rather than timed, so a loaded machine only makes it slower.
    await vi.waitFor(() => expect(beats.length).toBeGreaterThanOrEqual(3), { timeout: 5_000, interval: 10 });
    expect(new Set(beats)).toEqual(new Set([7]));

    const cancelled = new MockActivityEnvironment();
    const third = cancelled.run(limited.work, false);
    cancelled.cancel();
    await expect(third).rejects.toBeInstanceOf(CancelledFailure);

    release();
    await holding;
    await expect(waiting).resolves.toBeUndefined();
  });
});
