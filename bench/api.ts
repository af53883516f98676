import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from '../scripts/src/stack.ts';
import { type LoadResult, load } from './lib/load.ts';
import { machine, table } from './lib/report.ts';

/**
 * The edge API under load in the local workerd, against a baseline measured in the same run on the same
 * Worker: a bare Hono route with no middleware (`GET /api/bench/bare`, present only with BENCH_ROUTES=1).
 * Each figure is a ratio to that baseline. Target: `GET /api/analyses/:id` ≥ 0.5× the bare throughput.
 * Rate limits are raised out of the way; everything else (auth, limiter, D1, Temporal) runs for real.
 */
const DURATION_MS = Number(process.env.BENCH_API_MS ?? 8000);
const CONCURRENCY = Number(process.env.BENCH_API_CONCURRENCY ?? 16);

export async function benchApi(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-bench-api-'));
  const stack = await startStack({
    dataDir,
    worker: false,
    warehouse: false,
    vars: { BENCH_ROUTES: '1', RATE_LIMIT_USER: '1000000000', RATE_LIMIT_IP: '1000000000' },
  });
  try {
    const api = stack.urls.api;
    const json = { 'content-type': 'application/json' };
    const registered = await fetch(`${api}/api/auth/register`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: `bench_${Date.now()}`, password: 'correct horse battery' }),
    });
    const { token } = (await registered.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    const created = await fetch(`${api}/api/analyze`, {
      method: 'POST',
      headers: { ...json, ...auth },
      body: JSON.stringify({ query: 'Who won the 2023 Monaco Grand Prix?' }),
    });
    const { id } = (await created.json()) as { id: string };

    const opts = { durationMs: DURATION_MS, concurrency: CONCURRENCY, warmupMs: 1000 };
    const bare = await load(() => fetch(`${api}/api/bench/bare`), opts);
    const get = await load(() => fetch(`${api}/api/analyses/${id}`, { headers: auth }), opts);
    const post = await load(
      (i) =>
        fetch(`${api}/api/analyze`, {
          method: 'POST',
          headers: { ...json, ...auth },
          body: JSON.stringify({ query: `Who won the 2023 Monaco Grand Prix? (${Date.now()}-${i})` }),
        }),
      opts,
    );
    const row = (name: string, r: LoadResult) => [
      name,
      r.requests,
      r.errors,
      Math.round(r.rps),
      `${r.p50.toFixed(1)} ms`,
      `${r.p99.toFixed(1)} ms`,
      `${(r.rps / bare.rps).toFixed(2)}×`,
      `${(r.p99 / bare.p99).toFixed(2)}×`,
    ];
    const ratio = get.rps / bare.rps;
    return [
      '## Edge API',
      '',
      table(
        ['route', 'requests', 'errors', 'req/s', 'p50', 'p99', 'req/s vs bare', 'p99 vs bare'],
        [
          row('GET /api/bench/bare (bare Hono)', bare),
          row('GET /api/analyses/:id', get),
          row('POST /api/analyze', post),
        ],
      ),
      '',
      `GET /api/analyses/:id runs at **${ratio.toFixed(2)}×** the bare route's throughput (target ≥ 0.5×); ` +
        `${CONCURRENCY} concurrent callers for ${(DURATION_MS / 1000).toFixed(0)} s each, local \`wrangler dev\`.`,
      'POST /api/analyze includes a D1 insert and starting a Temporal workflow over its HTTP API.',
      `Machine: ${machine()}.`,
    ].join('\n');
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchApi());
