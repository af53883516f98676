/**
 * What this proves: our handling of the Chat Completions wire format that OpenAI-compatible servers
 * (Ollama, vLLM, llama.cpp) speak, over real HTTP against a scripted server — json_schema structured output
 * and the fallback to JSON in text, the function-tool loop, availability probing with its cache, and error
 * mapping. Every model answer is scripted, so nothing here measures a model's intelligence.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidModelOutput, ModelRateLimited } from '../../src/assistants/model-errors.ts';
import { AVAILABILITY_TTL_MS, createOpenAICompatibleAssistant } from '../../src/assistants/openai-chat.ts';
import type { NarrateInput } from '../../src/assistants/registry.ts';
import {
  apiError,
  chat,
  type Json,
  type ScriptedOpenAI,
  startScriptedOpenAI,
} from '../support/scripted-openai.ts';
import { plannerContext } from './planner-context.ts';

let server: ScriptedOpenAI;
let clock = 1_000_000;
beforeEach(async () => {
  server = await startScriptedOpenAI();
  clock = 1_000_000;
});
afterEach(() => server.close());

const assistant = (over: { baseURL?: string; probeTimeoutMs?: number } = {}) =>
  createOpenAICompatibleAssistant({
    baseURL: server.baseURL,
    model: 'local-model',
    apiKey: 'unused',
    timeoutMs: 2_000,
    probeTimeoutMs: 500,
    prices: { 'local-model': { input: 2, output: 4 } },
    now: () => clock,
    ...over,
  });

const PLAN = {
  kind: 'plan',
  plan: {
    intent: 'season_standings',
    season: 2024,
    drivers: [],
    teams: [],
    compounds: [],
    round: null,
    raceName: null,
    seasons: null,
    session: null,
    seasonWide: null,
    fuelCorrected: null,
  },
  clarification: null,
};

describe('plan', () => {
  it('asks for json_schema output and validates the answer', async () => {
    server.enqueue('chat', chat({ content: JSON.stringify(PLAN), usage: { input: 120, output: 30 } }));
    const outcome = await assistant().plan('2024 standings', plannerContext);
    expect(outcome).toMatchObject({ kind: 'plan', plan: { intent: 'season_standings', season: 2024 } });
    expect(outcome.usage).toEqual({ inputTokens: 120, outputTokens: 30, costUsd: (120 * 2 + 30 * 4) / 1e6 });
    const [req] = server.requests('chat');
    expect(req?.body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'pit_wall_plan', strict: true },
    });
    expect(req?.body.messages[0].role).toBe('system');
  });

  it('falls back to JSON in text when the server refuses response_format, and remembers it', async () => {
    server.enqueue(
      'chat',
      apiError(400, "Unsupported value: 'response_format.type' json_schema"),
      chat({ content: `<think>standings…</think>\n\`\`\`json\n${JSON.stringify(PLAN)}\n\`\`\`` }),
      chat({ content: JSON.stringify(PLAN) }),
    );
    const a = assistant();
    expect(await a.plan('2024 standings', plannerContext)).toMatchObject({ kind: 'plan' });
    await a.plan('2024 standings again', plannerContext);
    const [, fallback, later] = server.requests('chat');
    expect(fallback?.body.response_format).toBeUndefined();
    expect(fallback?.body.messages[0].content).toContain('matching this JSON schema');
    expect(later?.body.response_format).toBeUndefined();
  });

  it('rejects malformed output', async () => {
    server.enqueue('chat', chat({ content: '{"kind":"plan","plan":{"intent":"lap_times"' }));
    await expect(assistant().plan('laps', plannerContext)).rejects.toBeInstanceOf(InvalidModelOutput);
  });

  it('maps 429 to ModelRateLimited', async () => {
    server.enqueue('chat', apiError(429, 'busy', { 'retry-after': '3' }));
    await expect(assistant().plan('laps', plannerContext)).rejects.toEqual(expect.any(ModelRateLimited));
  });
});

const NARRATE: NarrateInput = {
  question: 'Who leads the 2024 championship?',
  plan: { intent: 'season_standings', season: 2024, drivers: [], teams: [], compounds: [] },
  facts: [
    { label: 'leader', value: 'Max Verstappen' },
    { label: 'leader points', value: 437 },
  ],
};

describe('narrate: the tool loop over Chat Completions', () => {
  it('declares get_facts and sends the facts back under the call id', async () => {
    server.enqueue(
      'chat',
      chat({ toolCalls: [{ id: 'call_7', name: 'get_facts', args: {} }], usage: { input: 100, output: 5 } }),
      chat({ content: 'Max Verstappen leads with 437 points.', usage: { input: 180, output: 15 } }),
    );
    const { answer, usage } = await assistant().narrate(NARRATE);
    expect(answer).toBe('Max Verstappen leads with 437 points.');
    expect(usage).toEqual({ inputTokens: 280, outputTokens: 20, costUsd: (280 * 2 + 20 * 4) / 1e6 });

    const [first, second] = server.requests('chat');
    expect(first?.body.tools).toEqual([
      { type: 'function', function: expect.objectContaining({ name: 'get_facts' }) },
    ]);
    const messages = second?.body.messages as Json[];
    expect(messages[2]).toMatchObject({
      role: 'assistant',
      tool_calls: [{ id: 'call_7', function: { name: 'get_facts' } }],
    });
    expect(messages[3]).toMatchObject({ role: 'tool', tool_call_id: 'call_7' });
    expect(JSON.parse(messages[3]?.content)).toEqual({ plan: NARRATE.plan, facts: NARRATE.facts });
  });

  it('hands the facts to a model that answered without calling the tool, and drops that answer', async () => {
    server.enqueue(
      'chat',
      chat({ content: 'Verstappen leads by 63 points.' }),
      chat({ content: 'Max Verstappen leads.' }),
    );
    expect((await assistant().narrate(NARRATE)).answer).toBe('Max Verstappen leads.');
    const messages = server.requests('chat')[1]?.body.messages as Json[];
    expect(JSON.stringify(messages)).not.toContain('63 points');
    expect(messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_get_facts' });
  });
});

describe('available()', () => {
  it('is true when GET /models answers, and asks again only after a minute', async () => {
    const list = { json: { object: 'list', data: [{ id: 'local-model', object: 'model' }] } };
    server.enqueue('models', list, list);
    const a = assistant();
    expect(await a.available()).toBe(true);
    clock += AVAILABILITY_TTL_MS - 1;
    expect(await a.available()).toBe(true);
    expect(server.requests('models')).toHaveLength(1);
    clock += 1;
    expect(await a.available()).toBe(true);
    expect(server.requests('models')).toHaveLength(2);
  });

  it('is false when the server errs, hangs past the probe timeout, or is not there', async () => {
    server.enqueue('models', apiError(500, 'down'), { hang: true });
    expect(await assistant().available()).toBe(false);
    const started = Date.now();
    expect(await assistant({ probeTimeoutMs: 200 }).available()).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await assistant({ baseURL: 'http://127.0.0.1:9/v1' }).available()).toBe(false);
  });
});
