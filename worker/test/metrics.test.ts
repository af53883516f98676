import { describe, expect, it } from 'vitest';
import { client } from './support/http.ts';

/**
 * GET /api/metrics inside workerd (`wrangler dev`, real D1): requests land in per-route histograms and
 * counters, the compute plane's reports appear as their own families, and reading needs a token. The
 * stack is shared with other suites, so every check compares two scrapes rather than absolute values.
 */
const { call, newUser, service } = client();

async function scrape(): Promise<string> {
  const res = await call('GET', '/api/metrics', { headers: service() });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text;
}

/** The value of one sample, 0 when the series does not exist yet. */
function sample(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

const MISSING = 'an_00000000000000000000';

describe('GET /api/metrics', () => {
  it('is not public: it needs the metrics or service token', async () => {
    const { token } = await newUser();
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${token}` },
      { authorization: 'Bearer nope' },
    ];
    for (const headers of attempts) {
      const res = await call('GET', '/api/metrics', { headers });
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('unauthorized');
    }
  });

  it('counts requests per route pattern, method and status class, with latency buckets', async () => {
    const { token } = await newUser();
    const before = await scrape();
    for (let i = 0; i < 3; i++) {
      expect((await call('GET', `/api/analyses/${MISSING}`, { token })).status).toBe(404);
    }
    expect((await call('GET', '/api/no/such/route')).status).toBe(404);
    const after = await scrape();

    const route = 'route="/api/analyses/:id",method="GET",status="4xx"';
    const delta = (name: string, labels: string) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(delta('pitwall_http_requests_total', route)).toBe(3);
    expect(delta('pitwall_http_request_duration_seconds_count', route)).toBe(3);
    expect(delta('pitwall_http_request_duration_seconds_bucket', `${route},le="+Inf"`)).toBe(3);
    expect(sample(after, 'pitwall_http_request_duration_seconds_sum', route)).toBeGreaterThanOrEqual(0);
    // Buckets are cumulative: each is at least the one before it.
    const buckets = after
      .split('\n')
      .filter((l) => l.startsWith(`pitwall_http_request_duration_seconds_bucket{${route},`))
      .map((l) => Number(l.split(' ').at(-1)));
    expect(buckets.length).toBeGreaterThan(5);
    expect([...buckets].sort((a, b) => a - b)).toEqual(buckets);
    // Raw paths never become labels.
    expect(after).not.toContain(MISSING);
    expect(delta('pitwall_http_requests_total', 'route="unmatched",method="GET",status="4xx"')).toBe(1);
    expect(after).toContain('# TYPE pitwall_http_request_duration_seconds histogram');
  });

  it('gives every request an id, keeping a valid one the client sent', async () => {
    const kept = await call('GET', '/api/health', { headers: { 'x-request-id': 'client-chosen-id-42' } });
    expect(kept.headers.get('x-request-id')).toBe('client-chosen-id-42');
    const replaced = await call('GET', '/api/health', {
      headers: { 'x-request-id': 'no "quotes" or spaces' },
    });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('POST /api/internal/metrics', () => {
  const report = (analysisId?: string) => ({
    observations: [
      { kind: 'workflow', workflow: 'analyzeQuestion', outcome: 'succeeded', seconds: 0.8 },
      { kind: 'activity', activity: 'planQuestion', outcome: 'failed', seconds: 0.02 },
      { kind: 'activity', activity: 'planQuestion', outcome: 'succeeded', seconds: 0.03 },
      { kind: 'cache', cache: 'http', hits: 5, misses: 2 },
      {
        kind: 'model',
        assistant: 'openai',
        model: 'test-model',
        operation: 'narrate',
        seconds: 1.5,
        inputTokens: 1200,
        outputTokens: 300,
        costUsd: 0.0042,
        ...(analysisId ? { analysisId } : {}),
      },
    ],
  });

  it('needs the service token and a valid report', async () => {
    expect((await call('POST', '/api/internal/metrics', { body: report() })).status).toBe(401);
    const bad = await call('POST', '/api/internal/metrics', {
      headers: service(),
      body: { observations: [{ kind: 'activity', activity: 'x y"', outcome: 'ok', seconds: -1 }] },
    });
    expect(bad.status).toBe(400);
  });

  it('shows workflow, activity, cache and model figures in the exposition', async () => {
    const before = await scrape();
    const res = await call('POST', '/api/internal/metrics', { headers: service(), body: report() });
    expect(res.status).toBe(202);
    const after = await scrape();
    const delta = (name: string, labels: string) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(
      delta('pitwall_workflow_duration_seconds_count', 'workflow="analyzeQuestion",outcome="succeeded"'),
    ).toBe(1);
    expect(delta('pitwall_activity_duration_seconds_count', 'activity="planQuestion",outcome="failed"')).toBe(
      1,
    );
    expect(delta('pitwall_cache_requests_total', 'cache="http",result="hit"')).toBe(5);
    expect(delta('pitwall_cache_requests_total', 'cache="http",result="miss"')).toBe(2);
    const model = 'assistant="openai",model="test-model"';
    expect(delta('pitwall_model_duration_seconds_count', `${model},operation="narrate"`)).toBe(1);
    expect(delta('pitwall_model_tokens_total', `${model},direction="input"`)).toBe(1200);
    expect(delta('pitwall_model_tokens_total', `${model},direction="output"`)).toBe(300);
    expect(delta('pitwall_model_cost_usd_total', model)).toBeCloseTo(0.0042, 6);
  });

  it("keeps an analysis's model usage for its owner's GET /api/usage", async () => {
    const { token } = await newUser();
    const empty = await call('GET', '/api/usage', { token });
    expect(empty.status).toBe(200);
    expect(empty.json).toMatchObject({ analyses: { total: 0 }, tokens: { input: 0, output: 0 }, costUsd: 0 });
    const created = await call('POST', '/api/analyze', { token, body: { query: 'Who won Monza 2023?' } });
    expect(created.status).toBe(202);
    const id = created.json.id as string;
    // Twice: a retried activity reports again, and is counted once.
    for (let i = 0; i < 2; i++) {
      expect(
        (await call('POST', '/api/internal/metrics', { headers: service(), body: report(id) })).status,
      ).toBe(202);
    }
    const usage = await call('GET', '/api/usage', { token });
    expect(usage.json.analyses.total).toBe(1);
    expect(
      Object.values(usage.json.analyses.byStatus as Record<string, number>).reduce((a, b) => a + b),
    ).toBe(1);
    expect(usage.json.tokens).toEqual({ input: 1200, output: 300 });
    expect(usage.json.costUsd).toBeCloseTo(0.0042, 6);
    expect(usage.json.byModel).toEqual([
      expect.objectContaining({ assistant: 'openai', model: 'test-model', analyses: 1, modelSeconds: 1.5 }),
    ]);
    expect((await call('GET', '/api/usage')).status).toBe(401);
  });
});
