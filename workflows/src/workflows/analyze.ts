import type { AnalyzeWorkflowInput, Result } from '@pitwall/db/contracts';
import {
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
} from '@temporalio/workflow';
import type { AnalyzeActivities } from '../activities/analyze.ts';
import type { ResultCacheActivities } from '../activities/result-cache.ts';
import { answerWithCode } from './code-mode.ts';
import { analyseSeasonWide } from './season-wide.ts';

// Loading a missing race talks to a rate-limited public API (whose client retries on its own). The step
// heartbeats while it works, so a worker that died holding it is noticed within the heartbeat timeout
// rather than after five minutes.
const { ensureData } = proxyActivities<AnalyzeActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '20 seconds',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 3,
  },
});

// These steps take well under a second; a worker that died holding one is noticed after this long.
const STEPS = {
  startToCloseTimeout: '10 seconds',
  retry: {
    initialInterval: '500 ms',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 8,
  },
} as const;

// The result cache only ever saves work: when it cannot answer, the analysis computes (see orMiss).
const CACHE = {
  startToCloseTimeout: '10 seconds',
  retry: {
    initialInterval: '500 ms',
    backoffCoefficient: 2,
    maximumInterval: '5 seconds',
    maximumAttempts: 3,
  },
} as const;

/**
 * The short steps as local activities: they run in the worker that runs the workflow and are recorded as
 * markers, so a question costs one round of workflow tasks instead of two server round trips per step
 * (the end-to-end median fell from 0.86 s to 0.68 s on the bench's 55 questions). Each step is idempotent (its writes are keyed), so a step that runs
 * again after a crash repeats nothing. Runs that started before this keep their activities.
 */
function shortSteps() {
  const proxy = patched('local-steps') ? proxyLocalActivities : proxyActivities;
  return { steps: proxy<AnalyzeActivities>(STEPS), cacheSteps: proxy<ResultCacheActivities>(CACHE) };
}

/** A cache call that failed counts as a miss; a cancellation still cancels. */
async function orMiss<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (isCancellation(err)) throw err;
    return undefined;
  }
}

// Recording the outcome must outlast a Worker restart or a long outage of the edge.
const { finish } = proxyActivities<AnalyzeActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 50 },
});

/** One question: plan → data → analyse → charts → narrate → verify → persist. Orchestration only. */
export async function analyzeQuestion(input: AnalyzeWorkflowInput): Promise<{ status: string }> {
  const { analysisId } = input;
  const { steps, cacheSteps } = shortSteps();
  const { planQuestion, analyse, renderCharts, narrate, verify, persist } = steps;
  const { lookupCachedResult, adoptCachedResult, storeCachedResult } = cacheSteps;
  try {
    const planned = await planQuestion({
      analysisId,
      query: input.query,
      ...(input.model ? { model: input.model } : {}),
      ...(input.data ? { data: input.data } : {}),
      ...(input.structured ? { structured: input.structured } : {}),
      ...(input.context ? { context: input.context } : {}),
    });
    if (planned.kind === 'clarify') {
      await finish({
        analysisId,
        outcome: { status: 'needs_clarification', clarification: planned.clarification },
      });
      return { status: 'needs_clarification' };
    }
    // Outside the built-in analyses, with OpenAI: model-written code answers, labelled so. No recorded run
    // ever planned this (the outcome kind is new), so replays of older histories never reach it.
    if (planned.kind === 'code') {
      await persist({ analysisId, result: await answerWithCode(analysisId, input.query, planned) });
      return { status: 'succeeded' };
    }
    const { plan } = planned;
    // The same plan on the same data with the same assistant was answered before: reuse that result,
    // unless the caller asked for a fresh one. Runs that started before the cache existed keep their path.
    const cache =
      input.cache !== false && patched('result-cache')
        ? await orMiss(
            lookupCachedResult({
              analysisId,
              userId: input.userId,
              query: input.query,
              plan,
              ...(input.model ? { model: input.model } : {}),
              ...(input.data ? { data: input.data } : {}),
            }),
          )
        : undefined;
    if (cache?.kind === 'hit') {
      const reused = await orMiss(
        adoptCachedResult({
          analysisId,
          key: cache.key,
          from: cache.from,
          usage: planned.usage ?? { inputTokens: 0, outputTokens: 0, costUsd: 0 },
        }),
      );
      if (reused?.adopted) return { status: 'succeeded' };
    }
    // Season-wide plans fan out per race; runs that started before this existed keep their old path.
    const seasonWide = plan.seasonWide === true && patched('season-wide-fan-out');
    let output: Awaited<ReturnType<typeof analyse>>;
    if (seasonWide) {
      output = await analyseSeasonWide(analysisId, plan);
    } else {
      await ensureData({ analysisId, plan });
      output = await analyse({ analysisId, plan });
    }
    const charts = await renderCharts({ analysisId, charts: output.charts });
    const draft = await narrate({
      analysisId,
      question: input.query,
      plan,
      facts: output.facts,
      ...(output.headline ? { headline: output.headline } : {}),
      ...(input.model ? { model: input.model } : {}),
    });
    const narrative = await verify({
      analysisId,
      question: input.query,
      plan,
      facts: output.facts,
      ...(output.headline ? { headline: output.headline } : {}),
      narrative: draft,
    });
    const result: Result = {
      answer: narrative.answer,
      facts: output.facts,
      tables: output.tables,
      charts,
      sources: output.sources,
      quality: output.quality,
      // Tokens and cost of every model call: planning's and narration's.
      model: {
        assistant: narrative.assistant,
        model: narrative.model,
        usage: {
          inputTokens: narrative.usage.inputTokens + (planned.usage?.inputTokens ?? 0),
          outputTokens: narrative.usage.outputTokens + (planned.usage?.outputTokens ?? 0),
          costUsd: narrative.usage.costUsd + (planned.usage?.costUsd ?? 0),
        },
      },
    };
    await persist({ analysisId, result });
    if (cache && cache.kind !== 'uncacheable') {
      await orMiss(
        storeCachedResult({
          analysisId,
          userId: input.userId,
          query: input.query,
          plan,
          key: cache.key,
          assistant: result.model.assistant,
          model: result.model.model,
        }),
      );
    }
    return { status: 'succeeded' };
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() => finish({ analysisId, outcome: { status: 'cancelled' } }));
      throw err;
    }
    const message =
      err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    await finish({ analysisId, outcome: { status: 'failed', error: { code: 'analysis_failed', message } } });
    throw ApplicationFailure.nonRetryable(message, 'AnalysisFailed');
  }
}
