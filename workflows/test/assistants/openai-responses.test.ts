/**
 * What this proves: our handling of the OpenAI Responses API over real HTTP, against a scripted server —
 * the requests we send (the query language's structured-output schema, tool declarations,
 * function_call_output with the model's call_id), how we read answers (a query with names becomes a plan
 * with refs), and how failures become retryable or permanent errors. Every model answer is scripted, so
 * nothing here measures a model's intelligence.
 */
import { PlanSchema, QuerySchema } from '@pitwall/db/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  InvalidModelOutput,
  ModelRateLimited,
  ModelRequestRejected,
  ModelTimeout,
  ModelUnavailable,
} from '../../src/assistants/model-errors.ts';
import { createOpenAIResponsesAssistant } from '../../src/assistants/openai-responses.ts';
import type { NarrateInput } from '../../src/assistants/registry.ts';
import { queryMetricIds } from '../../src/query/catalog.ts';
import { clarifyAnswer, queryAnswer } from '../support/model-answers.ts';
import {
  apiError,
  functionCall,
  message,
  response,
  type ScriptedOpenAI,
  startScriptedOpenAI,
} from '../support/scripted-openai.ts';
import { plannerContext } from './planner-context.ts';

let server: ScriptedOpenAI;
beforeEach(async () => {
  server = await startScriptedOpenAI();
});
afterEach(() => server.close());

const PRICES = { 'test-model': { input: 1, output: 10 } };
const assistant = (over: { timeoutMs?: number; apiKey?: string } = {}) =>
  createOpenAIResponsesAssistant({
    apiKey: 'sk-test',
    model: 'test-model',
    baseURL: server.baseURL,
    timeoutMs: 2_000,
    prices: PRICES,
    ...over,
  });

const QUESTION = 'compare Verstappen and Norris race pace at the 2024 São Paulo GP';

describe('plan: the query language through structured output', () => {
  // These tests prove our request/response handling (the schema we send, how an answer becomes a query and
  // a plan, what we reject); the model's answers are scripted, so they say nothing of a model's intelligence.
  it('sends the strict query schema and turns a valid query into the plan that carries it', async () => {
    const text = queryAnswer({
      metric: 'race_pace',
      drivers: ['Max Verstappen', 'Lando Norris'],
      scope: { race: { season: 2024, round: null, name: 'São Paulo Grand Prix' } },
      aggregate: 'value',
    });
    server.enqueue('responses', response([message(text)], { input: 300, output: 40 }));
    const outcome = await assistant().plan(QUESTION, plannerContext);

    expect(outcome.kind).toBe('plan');
    const plan = outcome.kind === 'plan' ? PlanSchema.parse(outcome.plan) : undefined;
    expect(plan).toMatchObject({
      intent: 'race_pace',
      season: 2024,
      round: 21,
      raceName: 'São Paulo Grand Prix',
      drivers: ['max_verstappen', 'norris'],
    });
    expect(plan?.query).toEqual(
      QuerySchema.parse({
        metric: 'race_pace',
        drivers: ['max_verstappen', 'norris'],
        scope: { race: { season: 2024, round: 21, name: 'São Paulo Grand Prix' } },
        aggregate: 'value',
      }),
    );
    expect(outcome.usage).toEqual({ inputTokens: 300, outputTokens: 40, costUsd: (300 * 1 + 40 * 10) / 1e6 });

    const [req] = server.requests('responses');
    expect(req?.headers.authorization).toBe('Bearer sk-test');
    expect(req?.body.model).toBe('test-model');
    expect(req?.body.input).toContain(QUESTION);
    for (const id of queryMetricIds()) expect(req?.body.instructions).toContain(`- ${id}: `);
    const format = req?.body.text.format;
    expect(format).toMatchObject({ type: 'json_schema', name: 'pit_wall_query', strict: true });
    expect(format.schema.required).toEqual(['kind', 'query', 'clarification']);
    // Strict structured output has refused schemas deeper than five levels of nested objects.
    const depth = (node: unknown): number => {
      if (Array.isArray(node)) return Math.max(0, ...node.map(depth));
      if (typeof node !== 'object' || node === null) return 0;
      const own = (node as { type?: unknown }).type === 'object' ? 1 : 0;
      return own + Math.max(0, ...Object.values(node).map(depth));
    };
    expect(depth(format.schema)).toBeLessThanOrEqual(5);
    expect(format.schema.additionalProperties).toBe(false);
    const querySchema = format.schema.properties.query.anyOf[0];
    expect(querySchema.required).toEqual(Object.keys(querySchema.properties));
    // The scripted answers fill exactly the properties the schema requires.
    expect(Object.keys(JSON.parse(text).query).sort()).toEqual([...querySchema.required].sort());
    expect(querySchema.properties.metric.enum).toEqual(queryMetricIds());
    expect(querySchema.properties.session.anyOf[1]).toEqual({ type: 'null' });
    expect(querySchema.properties.scope.properties.race.anyOf[1]).toEqual({ type: 'null' });
    expect(JSON.stringify(format.schema)).not.toMatch(/"default"|"maxLength"|"minLength"|"\$schema"/);
  });

  it('plans a ranking over the catalog as a metric query, teams resolved to refs', async () => {
    const text = queryAnswer({
      metric: 'wins',
      teams: ['McLaren'],
      scope: { seasons: { from: 2024, to: 2024 }, rounds: { from: null, to: 10 } },
      aggregate: 'total',
    });
    server.enqueue('responses', response([message(text)]));
    const outcome = await assistant().plan('McLaren wins in 2024 up to round 10', plannerContext);
    expect(outcome).toMatchObject({
      kind: 'plan',
      plan: {
        intent: 'metric',
        season: 2024,
        teams: ['mclaren'],
        query: {
          metric: 'wins',
          teams: ['mclaren'],
          scope: { seasons: { from: 2024, to: 2024 }, rounds: { to: 10 } },
        },
      },
    });
  });

  it('resolves a circuit by name, and fills an open scope with the race the caller picked', async () => {
    server.enqueue(
      'responses',
      response([
        message(
          queryAnswer({ metric: 'wins', drivers: ['Max Verstappen'], scope: { circuit: { name: 'Monza' } } }),
        ),
      ]),
      response([
        message(queryAnswer({ metric: 'race_pace', drivers: ['Lando Norris'], aggregate: 'value' })),
      ]),
    );
    const atMonza = await assistant().plan('Verstappen wins at Monza', plannerContext);
    expect(atMonza).toMatchObject({
      kind: 'plan',
      plan: { query: { scope: { circuit: { ref: 'monza', name: 'Autodromo Nazionale di Monza' } } } },
    });
    const picked = { ...plannerContext, defaults: { season: 2024, round: 16 } };
    const pace = await assistant().plan('Norris pace', picked);
    expect(pace).toMatchObject({
      kind: 'plan',
      plan: { intent: 'race_pace', round: 16, raceName: 'Italian Grand Prix', drivers: ['norris'] },
    });
    expect(server.requests('responses')[1]?.body.input).toContain('season 2024, round 16');
  });

  it('gives a follow-up the previous query as context, and plans the query the model merged', async () => {
    const context = QuerySchema.parse({
      metric: 'wins',
      drivers: ['max_verstappen'],
      scope: { race: { season: 2024, round: 16, name: 'Italian Grand Prix' } },
      aggregate: 'total',
      notes: ['a note of the previous question'],
    });
    // What a model answers when it keeps the previous query and changes only the driver.
    const text = queryAnswer({
      metric: 'wins',
      drivers: ['Lando Norris'],
      scope: { race: { season: 2024, round: 16, name: 'Italian Grand Prix' } },
      aggregate: 'total',
    });
    server.enqueue('responses', response([message(text)]));
    const outcome = await assistant().plan('what about Norris?', { ...plannerContext, context });
    expect(outcome).toMatchObject({
      kind: 'plan',
      plan: {
        season: 2024,
        round: 16,
        query: {
          metric: 'wins',
          drivers: ['norris'],
          scope: { race: { season: 2024, round: 16, name: 'Italian Grand Prix' } },
        },
      },
    });
    const [req] = server.requests('responses');
    const input: string = req?.body.input;
    const { notes: _notes, ...previous } = context;
    expect(input).toContain(JSON.stringify(previous));
    expect(input).not.toContain('a note of the previous question');
    expect(input).toContain('Change only what the new question names');
    expect(input).toMatch(/Question: what about Norris\?$/);
    expect(req?.body.instructions).toContain('A follow-up: when a previous query is given');
  });

  it('sends no previous query for a question that starts a conversation', async () => {
    server.enqueue('responses', response([message(queryAnswer({ metric: 'wins' }))]));
    await assistant().plan('most wins ever', plannerContext);
    expect(server.requests('responses')[0]?.body.input).not.toContain('previous query');
  });

  it('rejects a query for a metric the catalog does not have', async () => {
    server.enqueue(
      'responses',
      response([message(queryAnswer({ metric: 'overtakes', drivers: ['Lando Norris'] }))]),
    );
    const error = await assistant()
      .plan('how many overtakes did Norris make in 2024?', plannerContext)
      .catch((e) => e);
    expect(error).toBeInstanceOf(InvalidModelOutput);
    expect(error.message).toMatch(/metric/);
    expect(error.retryable).toBe(false);
  });

  it('returns the clarification branch, each option a query with its names resolved', async () => {
    const options = [
      { metric: 'wins', aggregate: 'list', scope: { race: { season: 2024, round: null, name: 'Monza' } } },
      // An option whose names resolve to nothing is dropped rather than offered.
      { metric: 'wins', drivers: ['Nobody Atall'], aggregate: 'total' },
    ];
    server.enqueue('responses', response([message(clarifyAnswer('Which race?', options))]));
    expect(await assistant().plan('how did they do?', plannerContext)).toEqual({
      kind: 'clarify',
      clarification: {
        question: 'Which race?',
        options: [
          {
            label: 'Who won at the 2024 Italian Grand Prix',
            query: expect.objectContaining({
              metric: 'wins',
              aggregate: 'list',
              scope: { race: { season: 2024, round: 16, name: 'Italian Grand Prix' } },
            }),
          },
        ],
      },
      usage: expect.anything(),
    });
  });

  it('asks back instead of guessing an ambiguous driver, with the query for each', async () => {
    const text = queryAnswer({ metric: 'career_summary', drivers: ['Schumacher'], aggregate: 'value' });
    server.enqueue('responses', response([message(text)]));
    const outcome = await assistant().plan('Schumacher career', plannerContext);
    expect(outcome.kind).toBe('clarify');
    const options = outcome.kind === 'clarify' ? outcome.clarification.options : [];
    expect(options.map((o) => o.query.drivers)).toEqual(
      expect.arrayContaining([['michael_schumacher'], ['mick_schumacher']]),
    );
    expect(options.map((o) => o.label).join(' | ')).toMatch(
      /Michael Schumacher.*Mick Schumacher|Mick Schumacher.*Michael Schumacher/,
    );
    for (const option of options) expect(option.query.metric).toBe('career_summary');
  });

  it('asks back for a race the season did not have, offering the season’s races as queries', async () => {
    const text = queryAnswer({
      metric: 'wins',
      scope: { race: { season: 2024, round: null, name: 'French Grand Prix' } },
    });
    server.enqueue('responses', response([message(text)]));
    const outcome = await assistant().plan('who won the 2024 French GP?', plannerContext);
    expect(outcome.kind).toBe('clarify');
    const options = outcome.kind === 'clarify' ? outcome.clarification.options : [];
    expect(options.map((o) => o.query.scope.race)).toEqual([
      { season: 2024, round: 16, name: 'Italian Grand Prix' },
      { season: 2024, round: 21, name: 'São Paulo Grand Prix' },
    ]);
  });

  it.each([
    ['invalid JSON', '{"kind": "query", "query": {'],
    ['no JSON at all', 'Sure! Verstappen was faster.'],
    [
      'a schema violation',
      queryAnswer({ metric: 'wins', scope: { seasons: { from: 'twenty-four', to: 2024 } } }),
    ],
    ['an unknown aggregate', queryAnswer({ metric: 'wins', aggregate: 'sum_of_squares' })],
    ['the old intent plan', JSON.stringify({ kind: 'plan', plan: { intent: 'race_pace', season: 2024 } })],
    ['kind query without a query', JSON.stringify({ kind: 'query', query: null, clarification: null })],
  ])('rejects %s with a non-retryable InvalidModelOutput', async (_, text) => {
    server.enqueue('responses', response([message(text)]));
    const error = await assistant()
      .plan(QUESTION, plannerContext)
      .catch((e) => e);
    expect(error).toBeInstanceOf(InvalidModelOutput);
    expect(error.retryable).toBe(false);
  });

  it('rejects an answer cut off by the token limit', async () => {
    server.enqueue(
      'responses',
      response([message('{"kind":')], undefined, {
        status: 'incomplete',
        incomplete_details: { reason: 'max_output_tokens' },
      }),
    );
    await expect(assistant().plan(QUESTION, plannerContext)).rejects.toThrow(/max_output_tokens/);
  });
});

const NARRATE: NarrateInput = {
  question: 'Who won the 2024 São Paulo Grand Prix?',
  plan: {
    intent: 'race_winner',
    season: 2024,
    round: 21,
    raceName: 'São Paulo Grand Prix',
    drivers: [],
    teams: [],
    compounds: [],
  },
  facts: [
    { label: 'winner', value: 'Max Verstappen' },
    { label: 'winning margin', value: 19.477, unit: 's' },
  ],
};

describe('narrate: the get_facts tool loop', () => {
  it('declares the tool, answers the call with the facts under its call_id, and sums usage over both calls', async () => {
    server.enqueue(
      'responses',
      response([functionCall('get_facts', {}, 'call_abc')], { input: 200, output: 10 }),
      response([message('**Max Verstappen** won by 19.477 s.')], { input: 450, output: 30 }),
    );
    const { answer, usage } = await assistant().narrate(NARRATE);
    expect(answer).toBe('**Max Verstappen** won by 19.477 s.');
    expect(usage).toEqual({ inputTokens: 650, outputTokens: 40, costUsd: (650 * 1 + 40 * 10) / 1e6 });

    const [first, second] = server.requests('responses');
    expect(first?.body.tools).toEqual([
      expect.objectContaining({
        type: 'function',
        name: 'get_facts',
        strict: true,
        parameters: expect.objectContaining({ type: 'object' }),
      }),
    ]);
    expect(first?.body.tool_choice).toBe('required');
    expect(first?.body.input).toEqual([{ role: 'user', content: `Question: ${NARRATE.question}` }]);
    expect(JSON.stringify(first?.body.input)).not.toContain('19.477');

    const input = second?.body.input as Record<string, unknown>[];
    expect(input[1]).toMatchObject({ type: 'function_call', call_id: 'call_abc', name: 'get_facts' });
    expect(input[2]).toMatchObject({ type: 'function_call_output', call_id: 'call_abc' });
    expect(JSON.parse(input[2]?.output as string)).toEqual({ plan: NARRATE.plan, facts: NARRATE.facts });
    expect(second?.body.tool_choice).toBe('auto');
  });

  // Proves our request carries the computed opening sentences to the model; not that a model keeps them.
  it('sends the computed answer with the question when there is one', async () => {
    server.enqueue(
      'responses',
      response([functionCall('get_facts', {}, 'call_h')]),
      response([message('Max Verstappen won by 19.477 s.')]),
    );
    const headline = 'Max Verstappen (Red Bull) won the 2024 São Paulo Grand Prix.';
    await assistant().narrate({ ...NARRATE, headline });
    const [first] = server.requests('responses');
    const content = (first?.body.input as { content: string }[] | undefined)?.[0]?.content;
    expect(content).toContain(`Question: ${NARRATE.question}`);
    expect(content).toContain(`Computed answer (open with it; keep its numbers as they are): ${headline}`);
  });

  it('answers an unknown tool with an error and keeps going', async () => {
    server.enqueue(
      'responses',
      response([functionCall('get_weather', {}, 'call_1'), functionCall('get_facts', {}, 'call_2')]),
      response([message('Max Verstappen won.')]),
    );
    await assistant().narrate(NARRATE);
    const outputs = (
      (server.requests('responses')[1]?.body.input ?? []) as { type: string; output?: string }[]
    ).filter((i) => i.type === 'function_call_output');
    expect(outputs.map((o) => JSON.parse(o.output ?? '{}'))).toEqual([
      { error: 'no tool named get_weather' },
      { plan: NARRATE.plan, facts: NARRATE.facts },
    ]);
  });

  it('caps the loop at 4 model turns', async () => {
    const again = (id: string) => response([functionCall('get_facts', {}, id)]);
    server.enqueue('responses', again('a'), again('b'), again('c'), again('d'), again('e'));
    await expect(assistant().narrate(NARRATE)).rejects.toBeInstanceOf(InvalidModelOutput);
    expect(server.requests('responses')).toHaveLength(4);
  });

  it('rejects a narrative written without the facts', async () => {
    server.enqueue('responses', response([message('Verstappen won by a lot.')]));
    await expect(assistant().narrate(NARRATE)).rejects.toThrow(/without fetching the facts/);
  });
});

describe('failures become retryable or permanent errors, and the client never retries on its own', () => {
  it('429 with Retry-After → ModelRateLimited carrying the delay', async () => {
    server.enqueue('responses', apiError(429, 'Rate limit reached', { 'retry-after': '7' }));
    const error = await assistant()
      .plan(QUESTION, plannerContext)
      .catch((e) => e);
    expect(error).toBeInstanceOf(ModelRateLimited);
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 7_000, name: 'ModelRateLimited' });
    expect(server.requests('responses')).toHaveLength(1);
  });

  it('prefers retry-after-ms when the server sends it', async () => {
    server.enqueue('responses', apiError(429, 'slow down', { 'retry-after-ms': '1500', 'retry-after': '2' }));
    await expect(assistant().narrate(NARRATE)).rejects.toMatchObject({ retryAfterMs: 1_500 });
  });

  it('429 for an exhausted quota is permanent', async () => {
    server.enqueue('responses', apiError(429, 'You exceeded your current quota', {}, 'insufficient_quota'));
    await expect(assistant().plan(QUESTION, plannerContext)).rejects.toBeInstanceOf(ModelRequestRejected);
  });

  it('500 → retryable ModelUnavailable, one request only', async () => {
    server.enqueue('responses', apiError(500, 'The server had an error'));
    const error = await assistant()
      .plan(QUESTION, plannerContext)
      .catch((e) => e);
    expect(error).toBeInstanceOf(ModelUnavailable);
    expect(error.retryable).toBe(true);
    expect(server.requests('responses')).toHaveLength(1);
  });

  it('a hang → retryable ModelTimeout after the configured timeout', async () => {
    server.enqueue('responses', { hang: true });
    const started = Date.now();
    const error = await assistant({ timeoutMs: 300 })
      .plan(QUESTION, plannerContext)
      .catch((e) => e);
    expect(error).toBeInstanceOf(ModelTimeout);
    expect(error.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('400 → permanent ModelRequestRejected with the status', async () => {
    server.enqueue('responses', apiError(400, "Invalid schema for response_format 'pit_wall_query'"));
    const error = await assistant()
      .plan(QUESTION, plannerContext)
      .catch((e) => e);
    expect(error).toBeInstanceOf(ModelRequestRejected);
    expect(error).toMatchObject({ retryable: false, status: 400 });
  });
});

describe('available()', () => {
  it('is true with a key, without any request', async () => {
    expect(await assistant().available()).toBe(true);
    expect(await assistant({ apiKey: '' }).available()).toBe(false);
    expect(server.requests()).toHaveLength(0);
  });
});
