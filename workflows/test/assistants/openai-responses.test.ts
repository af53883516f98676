/**
 * What this proves: our handling of the OpenAI Responses API over real HTTP, against a scripted server —
 * the requests we send (structured-output schema, tool declarations, function_call_output with the model's
 * call_id), how we read answers, and how failures become retryable or permanent errors. Every model answer
 * is scripted, so nothing here measures a model's intelligence.
 */
import { PlanSchema } from '@pitwall/db/contracts';
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

const planJson = (plan: Record<string, unknown>) =>
  JSON.stringify({
    kind: 'plan',
    plan: {
      round: null,
      raceName: null,
      seasons: null,
      session: null,
      teams: [],
      compounds: [],
      seasonWide: null,
      fuelCorrected: null,
      ...plan,
    },
    clarification: null,
  });
const QUESTION = 'compare Verstappen and Norris race pace at the 2024 São Paulo GP';

describe('plan: structured output', () => {
  it('sends a strict JSON schema and returns a valid plan with names resolved to refs', async () => {
    const text = planJson({
      intent: 'race_pace',
      season: 2024,
      raceName: 'São Paulo Grand Prix',
      drivers: ['Max Verstappen', 'Lando Norris'],
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
    });
    expect(plan?.drivers).toEqual(['max_verstappen', 'norris']);
    expect(outcome.usage).toEqual({ inputTokens: 300, outputTokens: 40, costUsd: (300 * 1 + 40 * 10) / 1e6 });

    const [req] = server.requests('responses');
    expect(req?.headers.authorization).toBe('Bearer sk-test');
    expect(req?.body.model).toBe('test-model');
    expect(req?.body.input).toContain(QUESTION);
    const format = req?.body.text.format;
    expect(format).toMatchObject({ type: 'json_schema', name: 'pit_wall_plan', strict: true });
    expect(format.schema.required).toEqual(['kind', 'plan', 'clarification']);
    expect(format.schema.additionalProperties).toBe(false);
    const planSchema = format.schema.properties.plan.anyOf[0];
    expect(planSchema.required).toEqual(Object.keys(planSchema.properties));
    expect(planSchema.properties.round.anyOf[1]).toEqual({ type: 'null' });
    expect(JSON.stringify(format.schema)).not.toMatch(/"default"|"maxLength"|"\$schema"/);
  });

  it('returns the clarification branch', async () => {
    const clarification = { question: 'Which race?', options: ['2024 Italian Grand Prix'] };
    server.enqueue(
      'responses',
      response([message(JSON.stringify({ kind: 'clarify', plan: null, clarification }))]),
    );
    expect(await assistant().plan('how did they do?', plannerContext)).toMatchObject({
      kind: 'clarify',
      clarification,
    });
  });

  it('asks back instead of guessing an ambiguous driver', async () => {
    server.enqueue(
      'responses',
      response([message(planJson({ intent: 'career', season: 2024, drivers: ['Schumacher'] }))]),
    );
    const outcome = await assistant().plan('Schumacher career', plannerContext);
    expect(outcome.kind).toBe('clarify');
    if (outcome.kind === 'clarify')
      expect(outcome.clarification.options).toEqual(
        expect.arrayContaining(['Michael Schumacher', 'Mick Schumacher']),
      );
  });

  it.each([
    ['invalid JSON', '{"kind": "plan", "plan": {'],
    ['no JSON at all', 'Sure! Verstappen was faster.'],
    ['a schema violation', planJson({ intent: 'race_pace', season: 'twenty-four', drivers: [] })],
    ['an unknown intent', planJson({ intent: 'weather_forecast', season: 2024, drivers: [] })],
    ['kind plan without a plan', JSON.stringify({ kind: 'plan', plan: null, clarification: null })],
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
    server.enqueue('responses', apiError(400, "Invalid schema for response_format 'pit_wall_plan'"));
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
