import {
  ANALYSIS_STEPS,
  type Plan,
  ResultCacheAdoptAnswerSchema,
  ResultCacheLookupAnswerSchema,
} from '@pitwall/db/contracts';
import { dataVersion } from '@pitwall/db/queries/data-version';
import { log } from '@temporalio/activity';
import { builtinAssistant, type Registry, type Usage } from '../assistants/registry.ts';
import type { EdgeClient } from '../edge-client.ts';
import type { MetricsReporter } from '../observability/reporter.ts';
import { cacheable, resultCacheKey } from '../result-cache/key.ts';
import type { Warehouse } from '../warehouse.ts';
import { createAssistantChooser } from './model-choice.ts';

/** The label of this cache in `pitwall_cache_requests_total`. */
export const RESULT_CACHE = 'result';

export type ResultCacheDeps = {
  warehouse: Warehouse;
  edge: EdgeClient;
  registry: Registry;
  reporter: Pick<MetricsReporter, 'cacheLookup' | 'registerCache'>;
  /** See result-cache/code-version.ts. */
  codeVersion: string;
};

/** What a lookup found; `key` and `dataVersion` come back to `storeCachedResult` after a miss. */
export type CacheLookup =
  | { kind: 'uncacheable'; reason: string }
  | { kind: 'miss'; key: string; dataVersion: string }
  | { kind: 'hit'; key: string; dataVersion: string; from: string };

/**
 * The result cache around an analysis: look a plan up, adopt a cached result, enter a computed one. The
 * cache only ever saves work, so its failures are logged and the analysis computes as if it missed.
 */
export function createResultCacheActivities(deps: ResultCacheDeps) {
  const { warehouse, edge, registry, reporter } = deps;
  const chooseAssistant = createAssistantChooser({ registry, edge });
  reporter.registerCache(RESULT_CACHE);

  async function keyOf(
    plan: Plan,
    assistant: string,
    model: string,
    asked: { userId: string; query: string },
  ) {
    const version = await dataVersion(warehouse);
    const narratedFor =
      assistant === builtinAssistant.name ? undefined : { userId: asked.userId, question: asked.query };
    return {
      key: resultCacheKey({
        plan,
        dataVersion: version,
        assistant,
        model,
        code: deps.codeVersion,
        ...(narratedFor ? { narratedFor } : {}),
      }),
      dataVersion: version,
    };
  }

  return {
    async lookupCachedResult(input: {
      analysisId: string;
      /** Who asked, and in which words: a model's narrative is reused only for the same pair. */
      userId: string;
      query: string;
      plan: Plan;
      model?: string;
      data?: { type: string };
    }): Promise<CacheLookup> {
      const verdict = cacheable(input.plan, input);
      if (!verdict.cacheable) return { kind: 'uncacheable', reason: verdict.reason };
      // The assistant that would narrate: the one asked for when it is available, as narrate picks it.
      const { assistant } = await chooseAssistant(input.analysisId, input.model, 'plan');
      const { key, dataVersion: version } = await keyOf(input.plan, assistant.name, assistant.model, input);
      const answer = ResultCacheLookupAnswerSchema.parse(await edge.lookupResult(key));
      reporter.cacheLookup(RESULT_CACHE, answer.hit);
      return answer.hit
        ? { kind: 'hit', key, dataVersion: version, from: answer.analysisId }
        : { kind: 'miss', key, dataVersion: version };
    },

    /**
     * Makes this analysis succeed with the cached result (the edge copies its files), in place of the
     * analyse → persist steps. False when the entry turned out unusable: the workflow then computes.
     */
    async adoptCachedResult(input: {
      analysisId: string;
      key: string;
      from: string;
      usage: Usage;
    }): Promise<{ adopted: boolean }> {
      const total = ANALYSIS_STEPS.length;
      const persistIndex = ANALYSIS_STEPS.indexOf('persist');
      await edge.event(input.analysisId, {
        key: 'cache:hit',
        step: 'cache',
        phase: 'done',
        message: `the same question on the same data was answered before: reusing the result of analysis ${input.from}`,
        data: { from: input.from },
      });
      await edge.event(input.analysisId, {
        key: 'persist:started',
        step: 'persist',
        phase: 'started',
        message: 'persist started',
        progress: { step: 'persist', done: persistIndex, total },
      });
      const started = performance.now();
      const answer = ResultCacheAdoptAnswerSchema.parse(
        await edge.adoptResult(input.analysisId, { key: input.key, usage: input.usage }),
      );
      if (!answer.adopted) {
        await edge.event(input.analysisId, {
          key: 'cache:unusable',
          step: 'cache',
          phase: 'info',
          message: `the cached result cannot be reused (${answer.reason}); computing it afresh`,
        });
        return { adopted: false };
      }
      const ms = Math.round(performance.now() - started);
      await edge.event(input.analysisId, {
        key: 'persist:done',
        step: 'persist',
        phase: 'done',
        message: `result of analysis ${answer.from} reused in ${ms} ms`,
        data: { ms, cachedFrom: answer.from },
        progress: { step: 'persist', done: total, total },
      });
      return { adopted: true };
    },

    /**
     * Enters a computed result under the key the lookup made, if that key still describes it: the data
     * version has not moved while the analysis ran (a race loaded on demand moves it) and the narrating
     * assistant is the one the key names. Otherwise nothing is entered; the next ask computes and enters.
     */
    async storeCachedResult(input: {
      analysisId: string;
      userId: string;
      query: string;
      plan: Plan;
      key: string;
      assistant: string;
      model: string;
    }): Promise<{ stored: boolean; reason?: string }> {
      try {
        const now = await keyOf(input.plan, input.assistant, input.model, input);
        if (now.key !== input.key) {
          return { stored: false, reason: 'the data or the assistant changed while the analysis ran' };
        }
        const answer = (await edge.storeResult({
          key: input.key,
          analysisId: input.analysisId,
          dataVersion: now.dataVersion,
        })) as { stored?: boolean };
        return { stored: answer.stored === true };
      } catch (err) {
        // The analysis has succeeded already; a cache that could not take its result changes nothing.
        log.warn('result cache store failed', { error: String(err) });
        return { stored: false, reason: String(err) };
      }
    },
  };
}

export type ResultCacheActivities = ReturnType<typeof createResultCacheActivities>;
