import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchUser, SEASON_2024, workersOf } from '../src/season-batch.ts';
import { freePort, REPO_ROOT, run, type Service } from '../src/services.ts';
import { useStack } from './stack-fixture.ts';

/**
 * Two Node workers on one task queue, as a deployment with more than one compute worker runs them: the
 * stack's own, and one started from the worker image's file tree (deploy/worker/assemble.sh). Both
 * share this machine's warehouse file (in production each reaches one libSQL server; docs/WORKERS.md).
 * A season's 24 questions go out as one batch; once a few have finished, the second worker is killed with
 * SIGKILL. Every item must still end once: one analysis row, one result, no event stored twice, and the
 * split of the analyses between the workers is read from Temporal's histories.
 */
const healthPorts: number[] = [];
const imageTree = mkdtempSync(join(tmpdir(), 'pitwall-worker-image-'));
afterAll(() => rmSync(imageTree, { recursive: true, force: true }));
beforeAll(async () => {
  healthPorts.push(await freePort(), await freePort());
});
const { stack, dataDir } = useStack('pitwall-scale-out', () => ({
  workerEnv: { PITWALL_HEALTH_PORT: String(healthPorts[0]) },
}));

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
    ].concat(statements.join(';\n')),
    { env: { CI: 'true', WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' } },
  );
  return (JSON.parse(out.slice(out.indexOf('['))) as { results: Record<string, unknown>[] }[]).map(
    (r) => r.results,
  );
}

const health = async (port: number | undefined) => (await fetch(`http://127.0.0.1:${port}/health`)).status;

describe('two compute workers on one task queue', () => {
  it('share a season batch, and one killed mid-batch loses and duplicates nothing', async () => {
    const first = stack().worker as Service;
    // The second worker runs from the image's file tree, assembled as the Dockerfile assembles it.
    await run(join(REPO_ROOT, 'deploy/worker/assemble.sh'), [imageTree]);
    const second = await stack().startWorker(
      { PITWALL_HEALTH_PORT: String(healthPorts[1]) },
      { name: 'worker-2', cwd: join(imageTree, 'workflows') },
    );
    const names = new Map([
      [`${first.child.pid}@${hostname()}`, 'worker 1'],
      [`${second.child.pid}@${hostname()}`, 'worker 2 (killed)'],
    ]);
    expect(await health(healthPorts[0])).toBe(200);
    expect(await health(healthPorts[1])).toBe(200);

    const user = await batchUser(stack(), 'e2e_scale_out');
    const started = performance.now();
    const { id, analyses } = await user.submit(SEASON_2024);
    expect(analyses).toHaveLength(24);

    await user.until(id, (b) => (b.counts.succeeded ?? 0) >= 8, 90_000);
    await second.stop('SIGKILL');
    expect(await second.exited).toBe('SIGKILL');
    const batch = await user.until(id, (b) => b.status !== 'running', 150_000);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);

    const ids = `(${analyses.map((a) => `'${a}'`).join(',')})`;
    const [rows = [], duplicateEvents = [], results = []] = await d1(
      `select count(*) as n from analyses where batch_id = '${id}'`,
      `select analysis_id, key, count(*) as n from events where analysis_id in ${ids} group by 1, 2 having n > 1`,
      `select analysis_id, count(*) as n from artifacts where name = 'result.json' and analysis_id in ${ids} group by 1`,
    );
    const completed = batch.analyses.filter((a) => a.status === 'succeeded').length;
    const duplicates =
      new Set(duplicateEvents.map((e) => e.analysis_id)).size +
      results.filter((r) => Number(r.n) > 1).length +
      Math.max(0, Number(rows[0]?.n) - analyses.length);
    const lost = analyses.length - completed;

    const split = new Map<string, number>();
    let moved = 0;
    for (const analysisId of analyses) {
      const workers = await workersOf(stack(), analysisId);
      const last = names.get(workers.at(-1) ?? '') ?? `unknown (${workers.at(-1)})`;
      split.set(last, (split.get(last) ?? 0) + 1);
      if (new Set(workers).size > 1) moved += 1;
    }
    console.log(
      `per worker: ${[...split].map(([name, n]) => `${name} ${n}`).join(', ')}; ` +
        `${moved} begun on one worker and finished on the other; batch ${seconds} s`,
    );
    console.log(`workers 2, completed ${completed}, duplicates ${duplicates}, lost ${lost}`);

    expect(batch.status).toBe('completed');
    expect(batch.counts.succeeded).toBe(24);
    expect(rows[0]?.n).toBe(24);
    expect(duplicateEvents).toEqual([]);
    expect(results).toHaveLength(24);
    expect(results.every((r) => r.n === 1)).toBe(true);
    expect([completed, duplicates, lost]).toEqual([24, 0, 0]);
    // Both workers took part, and only the two of them.
    expect(split.get('worker 1')).toBeGreaterThan(0);
    expect(split.get('worker 2 (killed)')).toBeGreaterThan(0);
    expect((split.get('worker 1') ?? 0) + (split.get('worker 2 (killed)') ?? 0)).toBe(24);

    // The survivor stops gracefully on SIGTERM: it drains and exits by itself, well before a SIGKILL.
    await first.stop('SIGTERM');
    expect(await first.exited).toBe('0');
  }, 240_000);
});
