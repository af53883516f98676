import { readdirSync, readFileSync } from 'node:fs';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Determinism: histories recorded from real runs (see batch-workflow.test.ts, RECORD_HISTORIES=1; the
 * `before-patch` one from the analyze workflow as it was before its season-wide `patched()` branch, the
 * `-local-steps` ones after its short steps became local activities, the others from before that) are
 * replayed against the current workflow code. A change that would break a running workflow (a step moved,
 * added or removed without `patched()`) fails here, before a deploy strands the runs in flight.
 */
const dir = new URL('./histories/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

beforeAll(() => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
});

describe('recorded histories', () => {
  it('are there to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  it('replay against the current workflows without a determinism error', async () => {
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: JSON.parse(readFileSync(new URL(file, dir), 'utf8')),
    }));
    const results = Worker.runReplayHistories(
      { workflowsPath: new URL('../src/workflows/index.ts', import.meta.url).pathname },
      histories,
    );
    const failures: string[] = [];
    for await (const result of results) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
