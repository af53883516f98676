import { z } from 'zod';
import {
  ClarificationSchema,
  ErrorInfoSchema,
  PlanSchema,
  ProgressSchema,
  ResultSchema,
} from './analysis.ts';

/** Bodies of the Worker's internal API, which the compute plane calls with the service token. */

export const InternalEventSchema = z.object({
  /** Unique per analysis: the same key twice stores one event. */
  key: z.string().min(1).max(120),
  step: z.string().min(1).max(40),
  phase: z.enum(['started', 'done', 'failed', 'info']),
  message: z.string().max(2000),
  data: z.record(z.string(), z.unknown()).optional(),
  progress: ProgressSchema.optional(),
  plan: PlanSchema.optional(),
});
export type InternalEvent = z.infer<typeof InternalEventSchema>;

export const InternalOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('succeeded'), result: ResultSchema }),
  z.object({ status: z.literal('needs_clarification'), clarification: ClarificationSchema }),
  z.object({ status: z.literal('failed'), error: ErrorInfoSchema }),
  z.object({ status: z.literal('cancelled') }),
]);
export type InternalOutcome = z.infer<typeof InternalOutcomeSchema>;

export const StoredFileSchema = z.object({
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
});
export type StoredFile = z.infer<typeof StoredFileSchema>;

/** Workflow input: ids and the question only; the workflow fetches nothing large through history. */
export const AnalyzeWorkflowInputSchema = z.object({
  analysisId: z.string(),
  userId: z.string(),
  query: z.string(),
  model: z.string().optional(),
});
export type AnalyzeWorkflowInput = z.infer<typeof AnalyzeWorkflowInputSchema>;

export const FILE_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;
