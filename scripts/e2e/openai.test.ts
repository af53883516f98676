import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionCall, message, response } from '../../workflows/test/support/openai-bodies.ts';
import { type ScriptedOpenAI, startScriptedOpenAI } from '../../workflows/test/support/scripted-openai.ts';
import { type Stack, startStack } from '../src/stack.ts';
import { apiClient } from './client.ts';

/**
 * The `openai` assistant through the whole stack, with a scripted OpenAI-compatible server in place of the
 * model. This proves our handling of the model's requests and answers end to end (structured plan, the
 * get_facts tool loop, usage, verification of the narrative's numbers), never a model's intelligence.
 */
let stack: Stack;
let openai: ScriptedOpenAI;
const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-openai-'));

const plan = (over: object) =>
  JSON.stringify({
    kind: 'plan',
    plan: {
      intent: 'race_winner',
      season: 2023,
      round: null,
      raceName: 'Monaco Grand Prix',
      seasons: null,
      session: null,
      drivers: [],
      teams: [],
      compounds: [],
      seasonWide: null,
      fuelCorrected: null,
      ...over,
    },
    clarification: null,
  });

beforeAll(async () => {
  openai = await startScriptedOpenAI();
  stack = await startStack({
    dataDir,
    workerEnv: {
      OPENAI_API_KEY: 'sk-scripted',
      PITWALL_OPENAI_MODEL: 'scripted-model',
      PITWALL_OPENAI_BASE_URL: openai.baseURL,
    },
  });
}, 240_000);
afterAll(async () => {
  await stack?.stop();
  await openai?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the openai assistant end to end', () => {
  it('is listed as available once the compute plane publishes it', async () => {
    const api = apiClient(stack.urls.api);
    await api.register('openai_models');
    const deadline = Date.now() + 30_000;
    let items: { id: string; available: boolean }[] = [];
    while (Date.now() < deadline && !items.some((m) => m.id === 'openai')) {
      items = ((await (await api.request('GET', '/api/models')).json()) as { items: typeof items }).items;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(items).toContainEqual(expect.objectContaining({ id: 'openai', available: true }));
    expect(items).toContainEqual(expect.objectContaining({ id: 'builtin', available: true }));
  });

  it('plans with a structured output, narrates from the facts tool, and records tokens', async () => {
    openai.enqueue(
      'responses',
      response([message(plan({}))], { input: 300, output: 40 }),
      response([functionCall('get_facts', {}, 'call_1')], { input: 200, output: 10 }),
      response([message('**Max Verstappen** won the 2023 Monaco Grand Prix, 27.921 s ahead.')], {
        input: 500,
        output: 30,
      }),
    );
    const api = apiClient(stack.urls.api);
    await api.register('openai_user');
    const res = await api.request('POST', '/api/analyze', {
      query: 'Who won the 2023 Monaco Grand Prix?',
      model: 'openai',
    });
    const { id } = (await res.json()) as { id: string };
    const analysis = await api.settled(id);
    expect(analysis.status).toBe('succeeded');
    expect(analysis.plan).toMatchObject({ intent: 'race_winner', season: 2023, round: 6 });
    expect(analysis.result?.answer).toBe(
      '**Max Verstappen** won the 2023 Monaco Grand Prix, 27.921 s ahead.',
    );
    expect(analysis.result?.model).toMatchObject({
      assistant: 'openai',
      model: 'scripted-model',
      usage: { inputTokens: 1000, outputTokens: 80 },
    });
    const calls = openai.requests('responses');
    expect(calls).toHaveLength(3);
    const toolOutput = ((calls[2]?.body.input ?? []) as { type: string; output?: string }[]).find(
      (item) => item.type === 'function_call_output',
    );
    expect(JSON.parse(toolOutput?.output ?? '{}').facts).toContainEqual({
      label: 'winner',
      value: 'Max Verstappen',
    });
  });

  it('rewrites a narrative that invents a number, then falls back to the builtin one, and says so', async () => {
    const invented = '**Max Verstappen** won by 12.345 s.';
    openai.enqueue(
      'responses',
      response([message(plan({}))]),
      response([functionCall('get_facts', {}, 'call_2')]),
      response([message(invented)]),
      response([functionCall('get_facts', {}, 'call_3')]),
      response([message(invented)]),
    );
    const api = apiClient(stack.urls.api);
    await api.register('openai_liar');
    const res = await api.request('POST', '/api/analyze', {
      query: 'Who won the 2023 Monaco Grand Prix?',
      model: 'openai',
    });
    const { id } = (await res.json()) as { id: string };
    const analysis = await api.settled(id);
    expect(analysis.status).toBe('succeeded');
    expect(analysis.result?.answer).not.toContain('12.345');
    expect(analysis.result?.answer).toContain('27.921 s ahead of Fernando Alonso');
    const messages = (await api.events(id)).map((e) => e.message).join('\n');
    expect(messages).toMatch(/writing it again/);
    expect(messages).toMatch(/using the builtin narrative/);
  });

  it('falls back to the builtin planner when the model answers with an unusable plan', async () => {
    openai.enqueue('responses', response([message('{"kind": "plan", "plan": {"intent": "weather"}}')]));
    openai.enqueue(
      'responses',
      response([functionCall('get_facts', {}, 'call_4')]),
      response([message('**Max Verstappen** won the 2023 Monaco Grand Prix.')]),
    );
    const api = apiClient(stack.urls.api);
    await api.register('openai_bad_plan');
    const res = await api.request('POST', '/api/analyze', {
      query: 'Who won the 2023 Monaco Grand Prix?',
      model: 'openai',
    });
    const { id } = (await res.json()) as { id: string };
    const analysis = await api.settled(id);
    expect(analysis.status).toBe('succeeded');
    expect(analysis.plan).toMatchObject({ intent: 'race_winner', round: 6 });
    expect((await api.events(id)).map((e) => e.message).join('\n')).toMatch(/builtin planner answered/);
  });
});
