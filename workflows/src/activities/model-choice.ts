import type { AnalysisStep } from '@pitwall/db/contracts';
import { type Assistant, builtinAssistant, type Registry } from '../assistants/registry.ts';
import type { EdgeClient } from '../edge-client.ts';

/** Opens an answer written by the builtin assistant because the user's model budget was spent. */
export const BUDGET_NOTE =
  "Note: today's language-model budget for your account is spent, so this answer was written without a model.";

export type AssistantChoice = { assistant: Assistant; budgetSpent: boolean };

/**
 * The assistant that answers: the one asked for when it is available and, for a paid model, while the
 * user's daily budget lasts (the edge keeps the count). Past the budget the builtin assistant answers,
 * the analysis's events say why, and the narrative opens with BUDGET_NOTE.
 */
export function createAssistantChooser(deps: {
  registry: Registry;
  edge: Pick<EdgeClient, 'modelBudget' | 'event'>;
}) {
  return async (
    analysisId: string,
    choice: string | undefined,
    step: AnalysisStep,
  ): Promise<AssistantChoice> => {
    const assistant = await deps.registry.select(choice);
    if (assistant.name === builtinAssistant.name) return { assistant, budgetSpent: false };
    const budget = await deps.edge.modelBudget(analysisId);
    if (budget.allowed) return { assistant, budgetSpent: false };
    await deps.edge.event(analysisId, {
      key: `${step}:budget`,
      step,
      phase: 'info',
      message: `${budget.reason}: the builtin assistant answers instead (the budget resets at ${budget.resetsAt})`,
    });
    return { assistant: builtinAssistant, budgetSpent: true };
  };
}
