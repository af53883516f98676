import { describe, expect, it } from 'vitest';
import { publishSeason, useStack } from './stack-fixture.ts';

/**
 * Data bundles through every real process: the ingestSeason workflow (Temporal, the Node worker, the
 * libSQL warehouse) publishes the season's bundles through the Worker's internal API into R2, users read
 * them with ETags, and `pnpm data publish` afterwards rewrites nothing that did not change.
 */
const { stack } = useStack('pitwall-e2e-bundles');

type HistoryEvent = { eventType?: string; workflowExecutionCompletedEventAttributes?: { result?: unknown } };

/**
 * A json/plain result as the HTTP API renders it: in its shorthand (the JSON values themselves, as an
 * array or under `payloads`), or as a base64 payload.
 */
function firstPayload(result: unknown): unknown {
  const payloads = Array.isArray(result) ? result : (result as { payloads?: unknown[] })?.payloads;
  const first = payloads?.[0] as { data?: unknown; metadata?: unknown } | undefined;
  if (first && typeof first.data === 'string' && first.metadata) {
    return JSON.parse(Buffer.from(first.data, 'base64').toString('utf8'));
  }
  return first;
}

/** Starts a workflow through Temporal's HTTP API and returns its result once it completes. */
async function runWorkflow(workflowId: string, workflowType: string, input: unknown[]): Promise<unknown> {
  const base = `${stack().urls.temporalHttp}/api/v1/namespaces/default/workflows/${workflowId}`;
  const start = await fetch(base, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workflowType: { name: workflowType }, taskQueue: { name: 'pit-wall' }, input }),
  });
  expect(start.status, await start.clone().text()).toBe(200);
  const deadline = Date.now() + 80_000;
  for (;;) {
    const history = (await (await fetch(`${base}/history`)).json()) as {
      history?: { events?: HistoryEvent[] };
    };
    const events = history.history?.events ?? [];
    const done = events.find((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
    if (done) {
      return firstPayload(done.workflowExecutionCompletedEventAttributes?.result);
    }
    const failed = events.find((e) => /FAILED|TIMED_OUT|TERMINATED/.test(e.eventType ?? ''));
    if (failed || Date.now() > deadline)
      throw new Error(`${workflowType} did not complete: ${JSON.stringify(failed)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('data bundles end to end', () => {
  it('ingestSeason publishes the race; GET answers it with an ETag and 304 on revalidation', async () => {
    const registered = await fetch(`${stack().urls.api}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'e2e_bundles', password: 'a long enough password' }),
    });
    expect(registered.status).toBe(201);
    const { token } = (await registered.json()) as { token: string };
    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${stack().urls.api}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
    expect((await get('/api/data/race/2024-21')).status).toBe(404);

    const progress = (await runWorkflow('ingest-e2e-2024-21', 'ingestSeason', [
      { season: 2024, rounds: [21] },
    ])) as { done: number; failed: number; published: number };
    expect(progress).toMatchObject({ done: 1, failed: 0 });
    // The season, the race and the 2024 drivers.
    expect(progress.published).toBeGreaterThan(20);

    const res = await get('/api/data/race/2024-21');
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    // Public data: any cache may keep it for five minutes, and it reads the same without an account.
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const anonymous = await fetch(`${stack().urls.api}/api/data/race/2024-21`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('etag')).toBe(etag);
    const bundle = (await res.json()) as {
      id: string;
      qualifying: { driver: string }[];
      results: { race: { driver: string; grid: number; position: number | null }[] };
      laps: unknown[];
    };
    expect(bundle.id).toBe('2024-21');
    expect(bundle.qualifying[0]?.driver).toBe('norris');
    expect(bundle.results.race[0]).toMatchObject({ driver: 'max_verstappen', grid: 17, position: 1 });
    expect(bundle.laps.length).toBeGreaterThan(1000);

    const again = await get('/api/data/race/2024-21', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');

    const driver = await get('/api/data/driver/max_verstappen');
    expect(driver.status).toBe(200);
    const career = (await driver.json()) as { seasons: { season: number; wins: number }[] };
    expect(career.seasons.find((s) => s.season === 2023)?.wins).toBe(19);
    const season = await get('/api/data/season/2024');
    expect(season.status).toBe(200);

    // `pnpm data publish --season 2024` after the ingest: the other 2024 races are new, the rest unchanged.
    const output = await publishSeason(stack(), 2024);
    const summary = output.match(/(\d+) bundles: (\d+) written .* (\d+) unchanged/);
    expect(summary, output).not.toBeNull();
    const [, built, written, unchanged] = summary?.map(Number) ?? [];
    expect(written).toBe(23); // the 24 races of 2024 but round 21
    expect(unchanged).toBe(progress.published);
    expect(built).toBe((written ?? 0) + (unchanged ?? 0));
    const same = await get('/api/data/race/2024-21');
    expect(same.headers.get('etag')).toBe(etag);
    expect((await get('/api/data/race/2024-1')).status).toBe(200);
  });
});
