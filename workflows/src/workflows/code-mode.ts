import type { Result } from '@pitwall/db/contracts';
import { proxyActivities } from '@temporalio/workflow';
import type { AnalyzeActivities, PlanStepOutcome } from '../activities/analyze.ts';

// The model writes and runs code in a container for minutes; a retry repeats the whole run, so few.
const { interpret } = proxyActivities<AnalyzeActivities>({
  startToCloseTimeout: '12 minutes',
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 3,
  },
});

const { verify } = proxyActivities<AnalyzeActivities>({
  startToCloseTimeout: '10 seconds',
  retry: {
    initialInterval: '500 ms',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 8,
  },
});

/**
 * Code-interpreter mode for a question outside the built-in analyses: the model's code computes the
 * answer (data, analyse, charts and narrate happen in one activity, because the container's files must be
 * fetched while they exist); verify records that its numbers are not facts and keeps the labelled answer.
 */
export async function answerWithCode(
  analysisId: string,
  question: string,
  planned: Extract<PlanStepOutcome, { kind: 'code' }>,
): Promise<Result> {
  const coded = await interpret({ analysisId, question, scope: planned.scope });
  const { assistant, model, usage, ...result } = coded;
  const narrative = await verify({
    analysisId,
    question,
    facts: result.facts,
    narrative: { answer: result.answer, assistant, model, usage },
    computedByCode: true,
  });
  const planUsage = planned.usage ?? { inputTokens: 0, outputTokens: 0, costUsd: 0 };
  return {
    ...result,
    answer: narrative.answer,
    model: {
      assistant,
      model,
      usage: {
        inputTokens: usage.inputTokens + planUsage.inputTokens,
        outputTokens: usage.outputTokens + planUsage.outputTokens,
        costUsd: usage.costUsd + planUsage.costUsd,
      },
    },
  };
}
