import type { Fact, Plan } from '@pitwall/db/contracts';
import { builtinNarrative } from './builtin-narrator.ts';
import { builtinPlan, type PlannerContext, type PlanOutcome } from './builtin-planner.ts';

export type Usage = { inputTokens: number; outputTokens: number; costUsd: number };

/** What every assistant offers: a plan for a question, and a narrative from computed facts. */
export interface Assistant {
  readonly name: string;
  readonly model: string;
  plan(question: string, ctx: PlannerContext): Promise<PlanOutcome>;
  narrate(plan: Plan, facts: Fact[]): Promise<{ answer: string; usage: Usage }>;
}

export const NO_USAGE: Usage = { inputTokens: 0, outputTokens: 0, costUsd: 0 };

export const builtinAssistant: Assistant = {
  name: 'builtin',
  model: 'builtin-rules-1',
  plan: builtinPlan,
  narrate: async (plan, facts) => ({ answer: builtinNarrative(plan, facts), usage: NO_USAGE }),
};

export type Registry = { select(choice?: string): Assistant; list(): Assistant[] };

/** Picks the assistant a user asked for when it is available, and the builtin one otherwise. */
export function createRegistry(assistants: Assistant[] = [builtinAssistant]): Registry {
  const byName = new Map(assistants.map((a) => [a.name, a]));
  return {
    select: (choice) => (choice && byName.get(choice)) || builtinAssistant,
    list: () => [...byName.values()],
  };
}
