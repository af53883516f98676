import { z } from 'zod';
import { AnalysisDataSchema, QuestionRequestSchema } from './analysis.ts';

/** A durable batch of questions: `POST /api/analyze/batch` and the batch workflow's input. */

export const MAX_BATCH_ITEMS = 100;

export const BatchRequestSchema = z.object({
  queries: z.array(QuestionRequestSchema).min(1, 'a batch needs a question').max(MAX_BATCH_ITEMS),
});
export type BatchRequest = z.infer<typeof BatchRequestSchema>;

export const BatchStatusSchema = z.enum(['running', 'completed', 'cancelled']);
export type BatchStatus = z.infer<typeof BatchStatusSchema>;

export const BatchCountsSchema = z.object({
  queued: z.number().int(),
  running: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  needs_clarification: z.number().int(),
});
export type BatchCounts = z.infer<typeof BatchCountsSchema>;

/** One item as the batch workflow carries it: the analysis it fills, the question and its data. */
export const BatchItemSchema = z.object({
  analysisId: z.string(),
  query: z.string(),
  model: z.string().optional(),
  /** `false` when the item asked for a fresh computation (no result cache). */
  cache: z.boolean().optional(),
  /** The data the item was asked about, checked at submission like POST /api/analyze's. */
  data: AnalysisDataSchema.optional(),
});
export type BatchItem = z.infer<typeof BatchItemSchema>;

/**
 * The batch workflow's input, and the state it carries across continue-as-new: items from `next` on are
 * still to run; `done` counts the children that ended in earlier runs, by how they ended.
 */
export const BatchWorkflowInputSchema = z.object({
  batchId: z.string(),
  userId: z.string(),
  items: z.array(BatchItemSchema).max(MAX_BATCH_ITEMS),
  /** Children running at once. */
  window: z.number().int().min(1).max(16).optional(),
  /** Children completed per run before the workflow continues as new, bounding its history. */
  continueAfter: z.number().int().min(1).optional(),
  next: z.number().int().min(0).optional(),
  done: z.record(z.string(), z.number().int()).optional(),
  /** Items the user cancelled before they started. */
  skipped: z.array(z.string()).optional(),
});
export type BatchWorkflowInput = z.infer<typeof BatchWorkflowInputSchema>;

/** The batch workflow's final report to the Worker's internal API. */
export const InternalBatchOutcomeSchema = z.object({ status: BatchStatusSchema.exclude(['running']) });
export type InternalBatchOutcome = z.infer<typeof InternalBatchOutcomeSchema>;

export const BatchSchema = z.object({
  id: z.string(),
  status: BatchStatusSchema,
  total: z.number().int(),
  counts: BatchCountsSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  analyses: z.array(
    z.object({ id: z.string(), index: z.number().int(), query: z.string(), status: z.string() }),
  ),
});
export type Batch = z.infer<typeof BatchSchema>;
