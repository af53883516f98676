import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANALYSIS_STEPS, type Analysis, type AnalysisEvent } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, run } from '../src/services.ts';
import { apiClient } from './client.ts';
import { useStack } from './stack-fixture.ts';

/**
 * The result cache through every real process: the same question asked again reuses the first answer
 * and its files, a caller can ask for a fresh computation, and new data makes the cache miss.
 */
const { stack, dataDir } = useStack('pitwall-cache');
const QUESTION = 'Who won the 2023 Monaco Grand Prix?';
const COMPUTE_STEPS = ['analyse', 'charts', 'narrate', 'verify'];

async function ask(api: ReturnType<typeof apiClient>, body: object = {}) {
  const res = await api.request('POST', '/api/analyze', { query: QUESTION, ...body });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  const analysis = await api.settled(id);
  expect(analysis.status, JSON.stringify(analysis.error)).toBe('succeeded');
  return { analysis, events: await api.events(id) };
}

const computed = (events: AnalysisEvent[]) =>
  events.filter((e) => COMPUTE_STEPS.includes(e.step) && e.phase === 'done').map((e) => e.step);

async function files(api: ReturnType<typeof apiClient>, analysis: Analysis) {
  const names = (analysis.result?.charts ?? []).flatMap((c) => [c.files.svg, c.files.png]);
  expect(names.length).toBeGreaterThan(0);
  const out: Record<string, { type: string | null; bytes: Buffer }> = {};
  for (const name of names) {
    const res = await api.request('GET', `/api/analyses/${analysis.id}/files/${name}`);
    expect(res.status, `${analysis.id}/${name}`).toBe(200);
    out[name as string] = {
      type: res.headers.get('content-type'),
      bytes: Buffer.from(await res.arrayBuffer()),
    };
  }
  return out;
}

/** Records an import in the stack's warehouse the way the data importer does: the data version moves. */
async function recordImport() {
  const script = join(dataDir, 'record-import.mts');
  writeFileSync(
    script,
    [
      `import { openWarehouse } from ${JSON.stringify(join(REPO_ROOT, 'workflows/src/warehouse.ts'))};`,
      `import { recordImport } from ${JSON.stringify(join(REPO_ROOT, 'workflows/src/loaders/ergast-csv.ts'))};`,
      `const { db, close } = await openWarehouse(${JSON.stringify(`file:${join(dataDir, 'warehouse.db')}`)});`,
      `await recordImport(db, 'e2e/cache-test.csv', '${'c'.repeat(64)}', { rows: 1, flagged: 0, rejected: 0, issues: {} });`,
      'close();',
    ].join('\n'),
  );
  await run(join(REPO_ROOT, 'workflows/node_modules/.bin/tsx'), [script], {
    cwd: join(REPO_ROOT, 'workflows'),
  });
}

async function cacheCounts() {
  const res = await fetch(`${stack().urls.api}/api/metrics`, {
    headers: { authorization: `Bearer ${stack().secrets.serviceToken}` },
  });
  expect(res.status).toBe(200);
  const text = await res.text();
  const sample = (result: string) =>
    Number(
      text
        .split('\n')
        .find((l) => l.startsWith(`pitwall_cache_requests_total{cache="result",result="${result}"}`))
        ?.split(' ')
        .at(-1) ?? 0,
    );
  return { hits: sample('hit'), misses: sample('miss') };
}

describe('the result cache end to end', () => {
  it('reuses an answer for the same plan and data, bypasses on request, and misses once the data changes', async () => {
    const first = apiClient(stack().urls.api);
    await first.register('cache_first');
    const original = await ask(first);
    expect(original.analysis.result?.cachedFrom).toBeUndefined();
    expect(computed(original.events)).toEqual(COMPUTE_STEPS);
    expect(original.events.some((e) => e.step === 'cache')).toBe(false);
    const originalFiles = await files(first, original.analysis);

    // Another user, the same question: the first answer, its files copied, no analysis run.
    const second = apiClient(stack().urls.api);
    await second.register('cache_second');
    const reused = await ask(second);
    const result = reused.analysis.result;
    expect(result?.cachedFrom).toBe(original.analysis.id);
    expect(result?.answer).toBe(original.analysis.result?.answer);
    expect(result?.facts).toEqual(original.analysis.result?.facts);
    expect(result?.tables).toEqual(original.analysis.result?.tables);
    expect(result?.charts).toEqual(original.analysis.result?.charts);
    expect(result?.sources).toEqual(original.analysis.result?.sources);
    expect(reused.analysis.plan).toEqual(original.analysis.plan);
    expect(reused.analysis.progress).toEqual({
      step: 'persist',
      done: ANALYSIS_STEPS.length,
      total: ANALYSIS_STEPS.length,
    });
    expect(computed(reused.events)).toEqual([]);
    expect(reused.events.some((e) => e.step === 'data')).toBe(false);
    const hit = reused.events.find((e) => e.step === 'cache');
    expect(hit?.data).toEqual({ from: original.analysis.id });
    expect(hit?.message).toContain(original.analysis.id);
    expect(await files(second, reused.analysis)).toEqual(originalFiles);
    // The copies belong to the second user; the first analysis stays the first user's alone.
    const foreign = await second.request(
      'GET',
      `/api/analyses/${original.analysis.id}/files/${original.analysis.result?.charts[0]?.files.svg}`,
    );
    expect(foreign.status).toBe(404);

    // cache: false computes afresh, and does not replace the entry.
    const fresh = await ask(second, { cache: false });
    expect(fresh.analysis.result?.cachedFrom).toBeUndefined();
    expect(computed(fresh.events)).toEqual(COMPUTE_STEPS);
    expect(fresh.analysis.result?.facts).toEqual(original.analysis.result?.facts);
    expect((await ask(second)).analysis.result?.cachedFrom).toBe(original.analysis.id);

    // New data: the cache misses, the new result is computed and then served in turn.
    await recordImport();
    const afterImport = await ask(second);
    expect(afterImport.analysis.result?.cachedFrom).toBeUndefined();
    expect(computed(afterImport.events)).toEqual(COMPUTE_STEPS);
    const again = await ask(first);
    expect(again.analysis.result?.cachedFrom).toBe(afterImport.analysis.id);

    // Lookups so far: miss, hit, (bypassed), hit, miss, hit. Reports reach the edge within a few seconds.
    const deadline = Date.now() + 20_000;
    let counts = await cacheCounts();
    while ((counts.hits < 3 || counts.misses < 2) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      counts = await cacheCounts();
    }
    expect(counts).toEqual({ hits: 3, misses: 2 });
  }, 240_000);
});
