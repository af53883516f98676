/**
 * What this proves: language-model configuration is parsed once and fails with the variable's name,
 * prices come from the table (overridable), the strict-schema adapter produces what strict mode needs,
 * and createAssistants builds exactly the configured assistants. No model is involved.
 */

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAssistants, createCodeInterpreter } from '../../src/assistants/index.ts';
import { loadLlmConfig } from '../../src/assistants/llm-config.ts';
import {
  InvalidModelOutput,
  ModelRateLimited,
  toActivityFailure,
} from '../../src/assistants/model-errors.ts';
import { dropNulls, strictJsonSchema } from '../../src/assistants/plan-output.ts';
import { costOf, priceOf, priceTable } from '../../src/assistants/pricing.ts';
import { PLANNER_PROMPT } from '../../src/assistants/prompts.ts';
import { METRICS } from '../../src/query/catalog.ts';
import { VIEWS } from '../../src/query/views.ts';

describe('loadLlmConfig', () => {
  it('enables nothing without variables', () => {
    const config = loadLlmConfig({});
    expect(config.openai).toBeUndefined();
    expect(config.compat).toBeUndefined();
    expect(createAssistants(config)).toEqual([]);
    expect(createCodeInterpreter(config)).toBeUndefined();
  });

  it('needs a model with a key, and names the variable', () => {
    expect(() => loadLlmConfig({ OPENAI_API_KEY: 'sk-x' })).toThrow(/PITWALL_OPENAI_MODEL/);
    expect(() => loadLlmConfig({ PITWALL_COMPAT_BASE_URL: 'http://127.0.0.1:11434/v1' })).toThrow(
      /PITWALL_COMPAT_MODEL/,
    );
    expect(() => loadLlmConfig({ PITWALL_COMPAT_BASE_URL: 'not a url', PITWALL_COMPAT_MODEL: 'm' })).toThrow(
      /PITWALL_COMPAT_BASE_URL/,
    );
    expect(() => loadLlmConfig({ PITWALL_MODEL_PRICES: '{"m": {"input": -1}}' })).toThrow(
      /PITWALL_MODEL_PRICES/,
    );
  });

  it('builds both assistants when both are configured', () => {
    const config = loadLlmConfig({
      OPENAI_API_KEY: 'sk-x',
      PITWALL_OPENAI_MODEL: 'model-a',
      PITWALL_COMPAT_BASE_URL: 'http://127.0.0.1:11434/v1/',
      PITWALL_COMPAT_MODEL: 'qwen-local',
      PITWALL_OPENAI_TIMEOUT_MS: '5000',
      PITWALL_MODEL_PRICES: '{"model-a":{"input":3,"output":6}}',
    });
    expect(config.openai).toMatchObject({
      model: 'model-a',
      codeInterpreterModel: 'model-a',
      timeoutMs: 5_000,
    });
    expect(config.compat).toMatchObject({
      baseURL: 'http://127.0.0.1:11434/v1',
      model: 'qwen-local',
      apiKey: 'unused',
    });
    expect(config.prices['model-a']).toEqual({ input: 3, output: 6 });
    expect(createAssistants(config).map((a) => [a.name, a.model])).toEqual([
      ['openai', 'model-a'],
      ['openai-compatible', 'qwen-local'],
    ]);
  });
});

describe('pricing', () => {
  it('prices per 1M tokens, dated snapshots by their base id, unknown models at 0', () => {
    const prices = priceTable({
      'model-a': { input: 2, output: 8 },
      'model-a-mini': { input: 0.4, output: 1.6 },
    });
    expect(costOf('model-a', { inputTokens: 1_000_000, outputTokens: 500_000 }, prices)).toBe(6);
    expect(priceOf('model-a-mini-2025-04-14', prices)).toEqual({ input: 0.4, output: 1.6 });
    expect(costOf('llama-local', { inputTokens: 10, outputTokens: 10 }, prices)).toBe(0);
  });
});

describe('toActivityFailure', () => {
  it('carries retryability and the server-named delay into the Temporal failure', () => {
    const limited = toActivityFailure(new ModelRateLimited('429', { retryAfterMs: 7_000 }));
    expect(limited).toMatchObject({ type: 'ModelRateLimited', nonRetryable: false, nextRetryDelay: 7_000 });
    expect(toActivityFailure(new InvalidModelOutput('bad JSON'))).toMatchObject({
      type: 'InvalidModelOutput',
      nonRetryable: true,
    });
  });
});

describe('planner prompt', () => {
  it('lists every metric and view of the catalog with its label', () => {
    for (const m of Object.values(METRICS)) expect(PLANNER_PROMPT).toContain(`- ${m.id}: ${m.label} (`);
    for (const v of VIEWS) expect(PLANNER_PROMPT).toContain(`- ${v.id}: ${v.label} (`);
  });
});

describe('strictJsonSchema', () => {
  it('requires every property, makes optional ones nullable and closes every object', () => {
    const schema = strictJsonSchema(
      z.object({
        a: z.string().max(5),
        b: z.number().optional(),
        c: z.object({ d: z.boolean().optional() }).optional(),
      }),
    );
    expect(schema).toEqual({
      type: 'object',
      properties: {
        a: { type: 'string' },
        b: { anyOf: [{ type: 'number' }, { type: 'null' }] },
        c: {
          anyOf: [
            {
              type: 'object',
              properties: { d: { anyOf: [{ type: 'boolean' }, { type: 'null' }] } },
              required: ['d'],
              additionalProperties: false,
            },
            { type: 'null' },
          ],
        },
      },
      required: ['a', 'b', 'c'],
      additionalProperties: false,
    });
    expect(dropNulls({ a: 'x', b: null, c: { d: null } })).toEqual({ a: 'x', c: {} });
  });
});
