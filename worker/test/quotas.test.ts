import { describe, expect, it } from 'vitest';
import { MAIN_DAILY_ANALYSES } from './support/global-setup.ts';
import { client, expectEnvelope } from './support/http.ts';
import { d1 } from './support/wrangler.ts';

/**
 * Daily quotas on the main stack. Its limits are large, so each test first sets its own user's count for
 * today straight in D1 (as an operator could), then meets the limit through the API.
 */
const { stack, call, newUser, service } = client();
const today = () => new Date().toISOString().slice(0, 10);
const LIMIT = MAIN_DAILY_ANALYSES;

async function setUsedToday(userId: string, analyses: number, batchItems = 0) {
  await d1(
    stack,
    `insert into daily_quota (user_id, day, analyses, batch_items) values ('${userId}', '${today()}', ${analyses}, ${batchItems})
     on conflict (user_id, day) do update set analyses = excluded.analyses, batch_items = excluded.batch_items`,
  );
}

const ask = (token: string, query: string, headers: Record<string, string> = {}) =>
  call('POST', '/api/analyze', { token, body: { query }, headers });

describe('daily quotas', () => {
  it('refuses a user at the daily limit with 429 quota_exceeded and when it resets, creating nothing', async () => {
    const { token, user } = await newUser();
    await setUsedToday(user.id, LIMIT);
    const res = await ask(token, 'Who won the 2024 Monaco Grand Prix?');
    expect(res.status).toBe(429);
    expectEnvelope(res, 'quota_exceeded');
    const tomorrow = new Date(`${today()}T00:00:00.000Z`);
    tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
    expect(res.json.error.details).toMatchObject({
      quota: 'analyses',
      limit: LIMIT,
      used: LIMIT,
      requested: 1,
      resetsAt: tomorrow.toISOString(),
    });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await call('GET', '/api/analyses', { token })).json.items).toEqual([]);
  });

  it('starts exactly one of 20 concurrent submissions when one analysis is left', async () => {
    const { token, user } = await newUser();
    await setUsedToday(user.id, LIMIT - 1);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => ask(token, `Who won the 2024 Monaco Grand Prix? (${i})`)),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 429)).toHaveLength(19);
    const listed = (await call('GET', '/api/analyses', { token })).json.items;
    expect(listed).toHaveLength(1);
    const usage = (await call('GET', '/api/usage', { token })).json;
    expect(usage.quota.analyses).toEqual({ used: LIMIT, limit: LIMIT });
    console.log(`quota: 20 concurrent submissions with 1 left → ${listed.length} started, 19 refused`);
  });

  it('answers a retry of an accepted submission at the limit as before, without counting it again', async () => {
    const { token, user } = await newUser();
    await setUsedToday(user.id, LIMIT - 1);
    const headers = { 'idempotency-key': 'quota-retry-1' };
    const first = await ask(token, 'Who won the 2024 Monaco Grand Prix?', headers);
    const again = await ask(token, 'Who won the 2024 Monaco Grand Prix?', headers);
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(again.json.id).toBe(first.json.id);
    expect((await call('GET', '/api/usage', { token })).json.quota.analyses.used).toBe(LIMIT);
  });

  it('refuses a batch larger than what is left whole, and takes one that fits', async () => {
    const { token, user } = await newUser();
    await setUsedToday(user.id, 0, LIMIT - 2);
    const queries = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ query: `Who won round ${i + 1} of 2024?` }));
    const refused = await call('POST', '/api/analyze/batch', { token, body: { queries: queries(3) } });
    expect(refused.status).toBe(429);
    expectEnvelope(refused, 'quota_exceeded');
    expect(refused.json.error.details).toMatchObject({ quota: 'batchItems', requested: 3, used: LIMIT - 2 });
    expect((await call('GET', '/api/analyses', { token })).json.items).toEqual([]);
    const taken = await call('POST', '/api/analyze/batch', { token, body: { queries: queries(2) } });
    expect(taken.status).toBe(202);
    expect((await call('GET', '/api/usage', { token })).json.quota.batchItems).toEqual({
      used: LIMIT,
      limit: LIMIT,
    });
  });

  it('tells the compute plane when the model budget of the analysis owner is spent', async () => {
    const { token } = await newUser();
    const accepted = await ask(token, 'Who won the 2024 Monaco Grand Prix?');
    const id = accepted.json.id as string;
    const budget = () => call('GET', `/api/internal/analyses/${id}/model-budget`, { headers: service() });
    expect((await budget()).json).toMatchObject({ allowed: true });
    // The main stack keeps the default budget of 200,000 tokens a day.
    await d1(
      stack,
      `insert into analysis_usage (analysis_id, operation, assistant, model, input_tokens, output_tokens, cost_usd, model_ms)
       values ('${id}', 'narrate', 'openai', 'm', 150000, 50000, 0.01, 900)`,
    );
    const spent = (await budget()).json;
    expect(spent).toMatchObject({ allowed: false, reason: expect.stringMatching(/200000 tokens/) });
    const usage = (await call('GET', '/api/usage', { token })).json;
    expect(usage.quota.modelTokens).toEqual({ used: 200000, limit: 200000 });
  });
});
