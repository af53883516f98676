import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from '../scripts/src/stack.ts';
import { QUESTIONS, WARMUP } from './lib/questions.ts';
import { machine, table } from './lib/report.ts';

/**
 * End-to-end question latency on the whole local stack (Temporal dev server, the Worker under wrangler
 * dev, the Node worker) with the builtin assistant: register, submit each question, poll until it has
 * succeeded (its files stored before that), one question at a time. The warehouse is warmed first by a
 * few questions that are not counted. Targets: p50 ≤ 1.0 s, p95 ≤ 2.0 s.
 *
 * At the end GET /api/metrics must show every metric family with at least one sample.
 */
const POLL_MS = 20;
const TIMEOUT_MS = 60_000;

/** Every family /api/metrics must show after a run. */
export const METRIC_FAMILIES = [
  'pitwall_http_request_duration_seconds_bucket',
  'pitwall_http_requests_total',
  'pitwall_workflow_duration_seconds_bucket',
  'pitwall_activity_duration_seconds_bucket',
  'pitwall_cache_requests_total',
  'pitwall_model_duration_seconds_bucket',
  'pitwall_model_tokens_total',
  'pitwall_model_cost_usd_total',
];

type Outcome = { query: string; ms: number; status: string; intent?: string };

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;

export async function benchE2e(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-bench-e2e-'));
  const stack = await startStack({
    dataDir,
    vars: { RATE_LIMIT_USER: '1000000000', RATE_LIMIT_IP: '1000000000' },
  });
  try {
    const api = stack.urls.api;
    const json = { 'content-type': 'application/json' };
    const registered = await fetch(`${api}/api/auth/register`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: `bench_e2e_${Date.now()}`, password: 'correct horse battery' }),
    });
    const { token } = (await registered.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };

    async function ask(query: string): Promise<Outcome> {
      const started = performance.now();
      const res = await fetch(`${api}/api/analyze`, {
        method: 'POST',
        headers: { ...json, ...auth },
        // Measures computing an answer: a repeated question would otherwise come from the result cache.
        body: JSON.stringify({ query, cache: false }),
      });
      if (res.status !== 202)
        throw new Error(`POST /api/analyze answered ${res.status}: ${await res.text()}`);
      const { id } = (await res.json()) as { id: string };
      for (;;) {
        // biome-ignore lint/suspicious/noExplicitAny: the analysis JSON as the API returns it.
        const view = (await (await fetch(`${api}/api/analyses/${id}`, { headers: auth })).json()) as any;
        const final = ['succeeded', 'failed', 'needs_clarification', 'cancelled'].includes(view.status);
        if (final || performance.now() - started > TIMEOUT_MS) {
          const ms = performance.now() - started;
          if (view.status === 'succeeded') await checkFiles(id, view.result?.charts ?? []);
          return { query, ms, status: final ? view.status : 'timeout', intent: view.plan?.intent };
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    }

    /** A succeeded analysis has stored every chart file it lists. */
    async function checkFiles(id: string, charts: { files?: Record<string, string> }[]) {
      for (const name of charts.flatMap((c) => Object.values(c.files ?? {}))) {
        const file = await fetch(`${api}/api/analyses/${id}/files/${name}`, { headers: auth });
        await file.arrayBuffer();
        if (!file.ok) throw new Error(`analysis ${id}: file ${name} answered ${file.status}`);
      }
    }

    for (const query of WARMUP) await ask(query);
    const outcomes: Outcome[] = [];
    for (const query of QUESTIONS) outcomes.push(await ask(query));

    const succeeded = outcomes.filter((o) => o.status === 'succeeded');
    const sorted = succeeded.map((o) => o.ms).sort((a, b) => a - b);
    const p50 = quantile(sorted, 0.5);
    const p95 = quantile(sorted, 0.95);
    const byIntent = new Map<string, number[]>();
    for (const o of succeeded)
      byIntent.set(o.intent ?? '?', [...(byIntent.get(o.intent ?? '?') ?? []), o.ms]);
    const unsuccessful = outcomes.filter((o) => o.status !== 'succeeded');

    // The compute plane reports in batches about once a second: let the last one arrive.
    await new Promise((r) => setTimeout(r, 2500));
    const metrics = await fetch(`${api}/api/metrics`, {
      headers: { authorization: `Bearer ${stack.secrets.serviceToken}` },
    });
    const exposition = await metrics.text();
    const present = METRIC_FAMILIES.filter((f) => exposition.split('\n').some((l) => l.startsWith(`${f}{`)));
    const missing = METRIC_FAMILIES.filter((f) => !present.includes(f));
    console.error(`metrics present after the run: ${present.join(', ')}`);
    if (missing.length > 0) throw new Error(`GET /api/metrics lacks ${missing.join(', ')}`);

    const verdict = (ms: number, target: number) => (ms <= target ? 'met' : '**missed**');
    return [
      '## End-to-end question latency',
      '',
      table(
        ['questions', 'succeeded', 'p50', 'p95', 'max'],
        [
          [
            outcomes.length,
            succeeded.length,
            `${(p50 / 1000).toFixed(2)} s (target ≤ 1.0 s: ${verdict(p50, 1000)})`,
            `${(p95 / 1000).toFixed(2)} s (target ≤ 2.0 s: ${verdict(p95, 2000)})`,
            `${((sorted.at(-1) ?? 0) / 1000).toFixed(2)} s`,
          ],
        ],
      ),
      '',
      table(
        ['intent', 'questions', 'median'],
        [...byIntent].map(([intent, ms]) => {
          const s = [...ms].sort((a, b) => a - b);
          return [intent, s.length, `${(quantile(s, 0.5) / 1000).toFixed(2)} s`];
        }),
      ),
      '',
      unsuccessful.length > 0
        ? `Not succeeded (excluded from the percentiles): ${unsuccessful.map((o) => `"${o.query}" → ${o.status}`).join('; ')}.`
        : 'Every question succeeded.',
      `Submit → succeeded, measured by the client polling GET /api/analyses/:id every ${POLL_MS} ms, one question ` +
        `at a time, builtin assistant, after ${WARMUP.length} warm-up questions; every chart file was fetched back.`,
      `GET /api/metrics afterwards shows every family: ${present.map((f) => `\`${f.replace(/_bucket$/, '')}\``).join(', ')}.`,
      `Machine: ${machine()}.`,
    ].join('\n');
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchE2e());
