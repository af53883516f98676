import { z } from 'zod';
import { type PriceTable, PriceTableSchema, priceTable } from './pricing.ts';

const blankIsUnset = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const optionalText = z.preprocess(blankIsUnset, z.string().trim().min(1).optional());
const optionalUrl = (name: string) => z.preprocess(blankIsUnset, z.url(`${name} must be a URL`).optional());
const millis = (fallback: number) => z.coerce.number().int().positive().max(3_600_000).default(fallback);

const prices = z.preprocess(blankIsUnset, z.string().optional()).transform((text, ctx): PriceTable => {
  if (text === undefined) return priceTable();
  try {
    return priceTable(PriceTableSchema.parse(JSON.parse(text)));
  } catch {
    ctx.addIssue({
      code: 'custom',
      message:
        'PITWALL_MODEL_PRICES must be JSON like {"model-id":{"input":0.4,"output":1.6}} (USD per 1M tokens)',
    });
    return z.NEVER;
  }
});

const EnvSchema = z
  .object({
    OPENAI_API_KEY: optionalText,
    /** Which OpenAI model plans and narrates. Required with a key: model ids change too often to default. */
    PITWALL_OPENAI_MODEL: optionalText,
    /** Another Responses-API endpoint (a proxy, a gateway); the public API when unset. */
    PITWALL_OPENAI_BASE_URL: optionalUrl('PITWALL_OPENAI_BASE_URL'),
    /** Model for code-interpreter mode; the planning model when unset. */
    PITWALL_CODE_INTERPRETER_MODEL: optionalText,
    PITWALL_OPENAI_TIMEOUT_MS: millis(60_000),
    /** Code runs in a container and can take minutes. */
    PITWALL_CODE_INTERPRETER_TIMEOUT_MS: millis(300_000),
    /** An OpenAI-compatible server (Ollama, vLLM, llama.cpp), e.g. http://127.0.0.1:11434/v1. */
    PITWALL_COMPAT_BASE_URL: optionalUrl('PITWALL_COMPAT_BASE_URL'),
    PITWALL_COMPAT_MODEL: optionalText,
    PITWALL_COMPAT_API_KEY: optionalText,
    /** Local models on a CPU are slow; this is per request. */
    PITWALL_COMPAT_TIMEOUT_MS: millis(120_000),
    /** How long `available()` waits for `GET /models`. */
    PITWALL_COMPAT_PROBE_TIMEOUT_MS: millis(2_000),
    PITWALL_MODEL_PRICES: prices,
  })
  .superRefine((env, ctx) => {
    if (env.OPENAI_API_KEY && !env.PITWALL_OPENAI_MODEL) {
      ctx.addIssue({
        code: 'custom',
        path: ['PITWALL_OPENAI_MODEL'],
        message: 'PITWALL_OPENAI_MODEL is required when OPENAI_API_KEY is set (e.g. gpt-4.1-mini)',
      });
    }
    if (env.PITWALL_COMPAT_BASE_URL && !env.PITWALL_COMPAT_MODEL) {
      ctx.addIssue({
        code: 'custom',
        path: ['PITWALL_COMPAT_MODEL'],
        message: 'PITWALL_COMPAT_MODEL is required when PITWALL_COMPAT_BASE_URL is set (e.g. qwen2.5:7b)',
      });
    }
  });

export type OpenAIConfig = {
  apiKey: string;
  model: string;
  codeInterpreterModel: string;
  baseURL?: string;
  timeoutMs: number;
  codeInterpreterTimeoutMs: number;
};
export type CompatConfig = {
  baseURL: string;
  model: string;
  /** Most local servers ignore the key; the client still needs one to send. */
  apiKey: string;
  timeoutMs: number;
  probeTimeoutMs: number;
};
export type LlmConfig = { openai?: OpenAIConfig; compat?: CompatConfig; prices: PriceTable };

/** Reads the language-model settings once; a bad variable stops start-up with its name. */
export function loadLlmConfig(env: NodeJS.ProcessEnv = process.env): LlmConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ');
    throw new Error(`language-model configuration is invalid:\n  ${problems}`);
  }
  const e = parsed.data;
  const openai =
    e.OPENAI_API_KEY && e.PITWALL_OPENAI_MODEL
      ? {
          apiKey: e.OPENAI_API_KEY,
          model: e.PITWALL_OPENAI_MODEL,
          codeInterpreterModel: e.PITWALL_CODE_INTERPRETER_MODEL ?? e.PITWALL_OPENAI_MODEL,
          ...(e.PITWALL_OPENAI_BASE_URL ? { baseURL: e.PITWALL_OPENAI_BASE_URL } : {}),
          timeoutMs: e.PITWALL_OPENAI_TIMEOUT_MS,
          codeInterpreterTimeoutMs: e.PITWALL_CODE_INTERPRETER_TIMEOUT_MS,
        }
      : undefined;
  const compat =
    e.PITWALL_COMPAT_BASE_URL && e.PITWALL_COMPAT_MODEL
      ? {
          baseURL: e.PITWALL_COMPAT_BASE_URL.replace(/\/+$/, ''),
          model: e.PITWALL_COMPAT_MODEL,
          apiKey: e.PITWALL_COMPAT_API_KEY ?? 'unused',
          timeoutMs: e.PITWALL_COMPAT_TIMEOUT_MS,
          probeTimeoutMs: e.PITWALL_COMPAT_PROBE_TIMEOUT_MS,
        }
      : undefined;
  return { ...(openai ? { openai } : {}), ...(compat ? { compat } : {}), prices: e.PITWALL_MODEL_PRICES };
}
