import { z } from 'zod';
import { ResultSchema } from './analysis.ts';

/**
 * The result cache's internal API: the compute plane computes a key (sha256 hex of the plan, the data
 * version and the assistant), the Worker keeps key → the analysis that produced the result.
 */

const AnalysisId = z.string().regex(/^an_[a-z0-9]{20}$/);
export const ResultCacheKeySchema = z.string().regex(/^[0-9a-f]{64}$/, 'a cache key is a sha256 hex digest');

export const ResultCacheLookupSchema = z.object({ key: ResultCacheKeySchema });
export const ResultCacheLookupAnswerSchema = z.discriminatedUnion('hit', [
  z.object({ hit: z.literal(true), analysisId: AnalysisId }),
  z.object({ hit: z.literal(false) }),
]);
export type ResultCacheLookupAnswer = z.infer<typeof ResultCacheLookupAnswerSchema>;

export const ResultCacheStoreSchema = z.object({
  key: ResultCacheKeySchema,
  /** The analysis that computed the result; it must have succeeded. */
  analysisId: AnalysisId,
  /** The data version the key was made with, kept for inspection and pruning. */
  dataVersion: z.string().min(1).max(100),
});

/** Makes the analysis succeed with the result the cache entry `key` points to; its files are copied. */
export const ResultCacheAdoptSchema = z.object({
  key: ResultCacheKeySchema,
  /** What this analysis itself spent (its planning): the reused result cost nothing more. */
  usage: ResultSchema.shape.model.shape.usage,
});
export const ResultCacheAdoptAnswerSchema = z.discriminatedUnion('adopted', [
  z.object({ adopted: z.literal(true), from: AnalysisId, changed: z.boolean() }),
  z.object({ adopted: z.literal(false), reason: z.string() }),
]);
export type ResultCacheAdoptAnswer = z.infer<typeof ResultCacheAdoptAnswerSchema>;
