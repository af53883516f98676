/**
 * What this proves: our handling of the Chat Completions wire format that OpenAI-compatible servers
 * (Ollama, vLLM, llama.cpp) speak, over real HTTP against a scripted server — json_schema structured output
 * and the fallback to JSON in text, the function-tool loop, availability probing with its cache, and error
 * mapping. Every model answer is scripted, so nothing here measures a model's intelligence.
 */
import { QuerySchema } from '@pitwall/db/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidModelOutput, ModelRateLimited } from '../../src/assistants/model-errors.ts';
import { AVAILABILITY_TTL_MS, createOpenAICompatibleAssistant } from '../../src/assistants/openai-chat.ts';
import type { NarrateInput } from '../../src/assistants/registry.ts';
import { queryMetricIds } from '../../src/query/catalog.ts';
import { queryAnswer } from '../support/model-answers.ts';
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

const STANDINGS = queryAnswer({
  metric: 'championship_position',
  scope: { seasons: { from: 2024, to: 2024 } },
  aggregate: 'list',
});

describe('plan', () => {
  // These prove our handling of Chat Completions requests and answers; every answer is scripted, so they
  // say nothing of a model's intelligence.
  it('asks for the query schema as json_schema output and turns the answer into a plan carrying the query', async () => {
    server.enqueue('chat', chat({ content: STANDINGS, usage: { input: 120, output: 30 } }));
    const outcome = await assistant().plan('2024 standings', plannerContext);
    expect(outcome).toMatchObject({
      kind: 'plan',
      plan: {
        intent: 'metric',
        season: 2024,
        query: {
          metric: 'championship_position',
          aggregate: 'list',
          scope: { seasons: { from: 2024, to: 2024 } },
        },
      },
    });
    expect(outcome.usage).toEqual({ inputTokens: 120, outputTokens: 30, costUsd: (120 * 2 + 30 * 4) / 1e6 });
    const [req] = server.requests('chat');
    expect(req?.body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'pit_wall_query', strict: true },
    });
    const schema = req?.body.response_format.json_schema.schema;
    expect(schema.properties.query.anyOf[0].properties.metric.enum).toEqual(queryMetricIds());
    expect(req?.body.messages[0].role).toBe('system');
    expect(req?.body.messages[0].content).toContain('- championship_position: ');
  });

  it('resolves the names of a chat answer and rejects a metric the catalog lacks', async () => {
    server.enqueue(
      'chat',
      chat({
        content: queryAnswer({
          metric: 'wins',
          drivers: ['Verstappen'],
          scope: { seasons: { from: 2024, to: 2024 } },
        }),
      }),
      chat({ content: queryAnswer({ metric: 'driver_of_the_day', drivers: ['Verstappen'] }) }),
    );
    const a = assistant();
    expect(await a.plan('Verstappen wins 2024', plannerContext)).toMatchObject({
      kind: 'plan',
      plan: {
        intent: 'metric',
        drivers: ['max_verstappen'],
        query: { metric: 'wins', drivers: ['max_verstappen'] },
      },
    });
    await expect(a.plan('Verstappen driver of the day awards', plannerContext)).rejects.toBeInstanceOf(
      InvalidModelOutput,
    );
  });

  it('falls back to JSON in text when the server refuses response_format, and remembers it', async () => {
    server.enqueue(
      'chat',
      apiError(400, "Unsupported value: 'response_format.type' json_schema"),
      chat({ content: `<think>standings…</think>\n\`\`\`json\n${STANDINGS}\n\`\`\`` }),
      chat({ content: STANDINGS }),
    );
    const a = assistant();
    expect(await a.plan('2024 standings', plannerContext)).toMatchObject({
      kind: 'plan',
      plan: { query: { metric: 'championship_position' } },
    });
    await a.plan('2024 standings again', plannerContext);
    const [, fallback, later] = server.requests('chat');
    expect(fallback?.body.response_format).toBeUndefined();
    expect(fallback?.body.messages[0].content).toContain('matching this JSON schema');
    expect(later?.body.response_format).toBeUndefined();
  });

  it('gives a follow-up the previous query in the user message, and plans the merged query', async () => {
    const context = QuerySchema.parse({
      metric: 'wins',
      drivers: ['max_verstappen'],
      scope: { seasons: { from: 2024, to: 2024 } },
      aggregate: 'total',
    });
    server.enqueue(
      'chat',
      chat({
        content: queryAnswer({
          metric: 'poles',
          drivers: ['max_verstappen'],
          scope: { seasons: { from: 2024, to: 2024 } },
        }),
      }),
    );
    const outcome = await assistant().plan('how many poles?', { ...plannerContext, context });
    expect(outcome).toMatchObject({
      kind: 'plan',
      plan: {
        intent: 'metric',
        query: { metric: 'poles', drivers: ['max_verstappen'], scope: { seasons: { from: 2024, to: 2024 } } },
      },
    });
    const user = server.requests('chat')[0]?.body.messages[1];
    expect(user.role).toBe('user');
    expect(user.content).toContain(JSON.stringify({ ...context, notes: undefined }));
    expect(user.content).toContain('Change only what the new question names');
  });

  it('rejects malformed output', async () => {
    server.enqueue('chat', chat({ content: '{"kind":"query","query":{"metric":"lap_times"' }));
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
