import { z } from 'zod';
import type { Usage } from './registry.ts';

/** USD per one million tokens. */
export const PriceSchema = z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() });
export type Price = z.infer<typeof PriceSchema>;
export const PriceTableSchema = z.record(z.string().min(1), PriceSchema);
export type PriceTable = z.infer<typeof PriceTableSchema>;

/**
 * List prices (standard tier, USD per 1M tokens) as published when this table was written. They change:
 * override or extend them with PITWALL_MODEL_PRICES, e.g. `{"gpt-5-mini":{"input":0.25,"output":2}}`.
 * A model missing from the table costs 0, which suits a local server and is reported as unpriced.
 */
export const DEFAULT_PRICES: PriceTable = {
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
};

export type Tokens = { inputTokens: number; outputTokens: number };

/** The defaults with the configured entries laid over them. */
export function priceTable(overrides: PriceTable = {}): PriceTable {
  return { ...DEFAULT_PRICES, ...overrides };
}

/**
 * The price of a model id; a dated snapshot (`gpt-4.1-mini-2025-04-14`) takes the price of the longest
 * listed id it starts with, so a snapshot never borrows a cheaper sibling's price by accident.
 */
export function priceOf(model: string, prices: PriceTable): Price | undefined {
  if (prices[model]) return prices[model];
  const base = Object.keys(prices)
    .filter((id) => model.startsWith(`${id}-`))
    .sort((a, b) => b.length - a.length)[0];
  return base === undefined ? undefined : prices[base];
}

/** Cost in USD of the given tokens; 0 for an unpriced model. */
export function costOf(model: string, tokens: Tokens, prices: PriceTable = DEFAULT_PRICES): number {
  const price = priceOf(model, prices);
  if (!price) return 0;
  return (tokens.inputTokens * price.input + tokens.outputTokens * price.output) / 1_000_000;
}

/** Token counts of several calls summed, with their cost. */
export function usageOf(model: string, calls: Tokens[], prices: PriceTable): Usage {
  const inputTokens = calls.reduce((sum, c) => sum + c.inputTokens, 0);
  const outputTokens = calls.reduce((sum, c) => sum + c.outputTokens, 0);
  return { inputTokens, outputTokens, costUsd: costOf(model, { inputTokens, outputTokens }, prices) };
}
