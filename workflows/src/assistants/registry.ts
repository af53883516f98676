import type { Fact, Plan } from '@pitwall/db/contracts';
import { builtinNarrative } from './builtin-narrator.ts';
import { builtinPlan, type PlannerContext, type PlanOutcome } from './builtin-planner.ts';

/** Tokens and cost of one or more model calls; cost from the configured price table, in USD. */
export type Usage = { inputTokens: number; outputTokens: number; costUsd: number };
export const NO_USAGE: Usage = { inputTokens: 0, outputTokens: 0, costUsd: 0 };

export type NarrateInput = {
  question: string;
  plan: Plan;
  /** The computed facts: the only numbers a narrative may use. */
  facts: Fact[];
  /** The computed answer's opening sentences (every number in them is computed); a narrative keeps them. */
  headline?: string;
};

/**
 * What every assistant offers: a plan for a question, and a narrative from computed facts. A language
 * model may plan and narrate; it never computes a figure.
 */
export interface Assistant {
  readonly name: string;
  readonly model: string;
  /** Whether it can answer now (a key is configured, the server answers). */
  available(): Promise<boolean>;
  plan(question: string, ctx: PlannerContext): Promise<PlanOutcome & { usage?: Usage }>;
  narrate(input: NarrateInput): Promise<{ answer: string; usage: Usage }>;
}

export const builtinAssistant: Assistant = {
  name: 'builtin',
  model: 'builtin-rules-1',
  available: async () => true,
  plan: builtinPlan,
  narrate: async ({ plan, facts, headline }) => ({
    answer: headline ?? builtinNarrative(plan, facts),
    usage: NO_USAGE,
  }),
};

export type Registry = {
  /** The assistant a user asked for when it is available; the builtin one otherwise. */
  select(choice?: string): Promise<Assistant>;
  list(): Promise<{ id: string; model: string; available: boolean }[]>;
};

export function createRegistry(assistants: Assistant[] = []): Registry {
  const all = [builtinAssistant, ...assistants.filter((a) => a.name !== builtinAssistant.name)];
  const byName = new Map(all.map((a) => [a.name, a]));
  return {
    async select(choice) {
      const wanted = choice ? byName.get(choice) : undefined;
      return wanted && (await wanted.available().catch(() => false)) ? wanted : builtinAssistant;
    },
    list: async () =>
      Promise.all(
        all.map(async (a) => ({
          id: a.name,
          model: a.model,
          available: await a.available().catch(() => false),
        })),
      ),
  };
}
