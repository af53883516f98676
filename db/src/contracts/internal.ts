import { z } from 'zod';
import {
  AnalysisDataSchema,
  ClarificationSchema,
  ErrorInfoSchema,
  PlanSchema,
  ProgressSchema,
  ResultSchema,
} from './analysis.ts';
import { QuerySchema } from './query.ts';

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
  /** A structured query to run as is, instead of parsing `query` (chips, clarification options, explorer). */
  structured: QuerySchema.optional(),
  /** The query of the analysis this one follows up: the context the question's words change. */
  context: QuerySchema.optional(),
  model: z.string().optional(),
  /** The x-request-id of the submission: the compute plane's logs and calls back carry it. */
  requestId: z.string().optional(),
  /** `false` when the caller asked for a fresh computation: the result cache is neither read nor written. */
  cache: z.boolean().optional(),
  /** The data the caller picked (ids and parameters; an upload was checked to be the caller's). */
  data: AnalysisDataSchema.optional(),
});
export type AnalyzeWorkflowInput = z.infer<typeof AnalyzeWorkflowInputSchema>;

export const FILE_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/** A request id a client may choose (x-request-id): short, printable, safe in logs and headers. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;

/** Names from the compute plane become Prometheus label values: keep them short and plain. */
const MetricName = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[A-Za-z0-9_.:/-]+$/);
const Seconds = z
  .number()
  .min(0)
  .max(7 * 24 * 3600);
const Count = z.number().int().min(0);
export const OutcomeSchema = z.enum(['succeeded', 'failed', 'cancelled']);

/** What the compute plane observed, sent in batches to POST /api/internal/metrics. */
export const ObservationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('workflow'), workflow: MetricName, outcome: OutcomeSchema, seconds: Seconds }),
  z.object({ kind: z.literal('activity'), activity: MetricName, outcome: OutcomeSchema, seconds: Seconds }),
  z.object({
    kind: z.literal('model'),
    assistant: MetricName,
    model: MetricName,
    operation: z.enum(['plan', 'narrate']),
    seconds: Seconds,
    inputTokens: Count,
    outputTokens: Count,
    costUsd: z.number().min(0),
    /** The analysis the call served, when known: its usage is kept per user. */
    analysisId: z
      .string()
      .regex(/^an_[a-z0-9]{20}$/)
      .optional(),
  }),
  z.object({ kind: z.literal('cache'), cache: MetricName, hits: Count, misses: Count }),
]);
export type Observation = z.infer<typeof ObservationSchema>;

export const InternalMetricsSchema = z.object({ observations: z.array(ObservationSchema).min(1).max(500) });
export type InternalMetrics = z.infer<typeof InternalMetricsSchema>;

/** An upload as the compute plane sees it (GET /api/internal/analyses/:id/uploads/:uploadId). */
export const InternalUploadSchema = z.object({
  id: z.string(),
  type: z.string(),
  format: z.enum(['csv', 'json']),
  name: z.string(),
  size: z.number().int(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
});
export type InternalUpload = z.infer<typeof InternalUploadSchema>;

/** The edge's answer to the compute plane before a paid model call: within the owner's daily budget? */
export const ModelBudgetSchema = z.discriminatedUnion('allowed', [
  z.object({ allowed: z.literal(true), resetsAt: z.string() }),
  z.object({ allowed: z.literal(false), reason: z.string(), resetsAt: z.string() }),
]);
export type ModelBudget = z.infer<typeof ModelBudgetSchema>;
