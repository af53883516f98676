import type { AnalyzeRequest, AnalyzeWorkflowInput, Plan, Query } from '@pitwall/db/contracts';
import type { AnalysisRow } from '@pitwall/db/queries/app';
import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { requireAnalysableUpload } from './uploads.ts';

/**
 * What POST /api/analyze and each item of POST /api/analyze/batch check beyond their schema before
 * anything is stored: an analysis reads only its owner's upload, and only a table it can analyse.
 * Someone else's upload is as absent as none (404); each distinct upload is looked up once.
 */
export async function checkRequestData(c: Context<AppEnv>, requests: readonly AnalyzeRequest[]) {
  const uploadIds = new Set<string>();
  for (const request of requests) {
    if (request.data?.type === 'upload') uploadIds.add(request.data.parameters.uploadId);
  }
  for (const uploadId of uploadIds) await requireAnalysableUpload(c, uploadId);
}

/** The optional parts of a request that its workflow carries: model, data, and a skipped result cache. */
export function requestOptions(
  request: AnalyzeRequest,
): Pick<AnalyzeWorkflowInput, 'model' | 'data' | 'cache'> {
  return {
    ...(request.model ? { model: request.model } : {}),
    ...(request.data ? { data: request.data } : {}),
    ...(request.cache === false ? { cache: false } : {}),
  };
}

/** What a thread adds to a workflow's input: the structured query to run, the previous query as context. */
type ThreadOptions = Pick<AnalyzeWorkflowInput, 'structured' | 'context'>;

/** The structured query of a request and the context of a follow-up, for its workflow. */
export function threadOptions(request: AnalyzeRequest, context: Query | undefined): ThreadOptions {
  return {
    ...(request.structured ? { structured: request.structured } : {}),
    ...(context ? { context } : {}),
  };
}

/**
 * What an analysis row keeps of its request (`request` column): enough to start its workflow later,
 * the follow-up's context included (as it was when the follow-up was asked).
 */
export function storedRequest(request: AnalyzeRequest, context?: Query) {
  return {
    data: request.data ?? null,
    model: request.model ?? null,
    ...(request.cache === false ? { cache: false } : {}),
    ...threadOptions(request, context),
  };
}

/** The workflow options from a stored `request` column, for a workflow the reconciler starts later. */
export function storedRequestOptions(
  stored: unknown,
): Pick<AnalyzeWorkflowInput, 'model' | 'data' | 'cache'> & ThreadOptions {
  const { data, model, cache, structured, context } = (stored ?? {}) as Partial<
    ReturnType<typeof storedRequest>
  >;
  return {
    ...(model ? { model } : {}),
    ...(data ? { data } : {}),
    ...(cache === false ? { cache } : {}),
    ...(structured ? { structured } : {}),
    ...(context ? { context } : {}),
  };
}

/**
 * The question an analysis shows: the words asked, or for a structured query sent without words, the query
 * in words once its plan says it (`plan.understood`), empty before.
 */
export const questionOf = (row: AnalysisRow): string =>
  row.query || (row.plan as Plan | null)?.understood || '';
