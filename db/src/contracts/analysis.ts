import { z } from 'zod';
import { ResultChartSchema } from './charts.ts';
import { QuerySchema } from './query.ts';

/** What String.prototype.trim removes, and the control characters that become spaces: a question's blanks. */
const BLANK =
  '[\\u0000-\\u0020\\u007F\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]';
const NOT_BLANK = BLANK.replace('[', '[^');

/**
 * 3–500 characters (code points) from the first to the last that is not blank. One pattern rather than a
 * trim and a length check, so that a request's JSON Schema says exactly which questions are accepted; the
 * classes are spelled out because `\s` differs between regex dialects.
 */
const QUESTION_PATTERN = new RegExp(`^${BLANK}*${NOT_BLANK}[\\s\\S]{1,498}${NOT_BLANK}${BLANK}*$`, 'u');

/** Questions are untrusted text: bounded, trimmed, and stripped of control characters. */
export const QuestionSchema = z
  .string()
  .regex(QUESTION_PATTERN, 'a question is 3 to 500 characters')
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
  .transform((s) => s.replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, ' ').trim());

export const UPLOAD_ID_PATTERN = /^up_[a-z0-9]{20}$/;
const SeasonNumber = z.number().int().min(1950).max(2100);
const RoundNumber = z.number().int().min(1).max(30);
const RaceParameters = z.object({ season: SeasonNumber.optional(), round: RoundNumber.optional() });

/**
 * The data a question is about, picked outside the question: a race, a qualifying session or a season
 * fills what the question leaves out; an upload (the caller's own, checked at submission) is the data.
 * Ids and small parameters only: the workflow input carries it as is.
 */
export const AnalysisDataSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('race'), parameters: RaceParameters.optional() }),
  z.object({ type: z.literal('qualifying'), parameters: RaceParameters.optional() }),
  z.object({
    type: z.literal('season'),
    parameters: z.object({ season: SeasonNumber.optional() }).optional(),
  }),
  z.object({
    type: z.literal('upload'),
    parameters: z.object({
      uploadId: z.string().regex(UPLOAD_ID_PATTERN, 'parameters.uploadId must be an upload id (up_…)'),
    }),
  }),
]);
export type AnalysisData = z.infer<typeof AnalysisDataSchema>;

/** An analysis id: `an_` and 20 lowercase letters or digits. */
export const AnalysisIdSchema = z
  .string()
  .regex(/^an_[a-z0-9]{20}$/, 'an analysis id is an_ and 20 letters or digits');

/** A question in words and what goes with it: one item of a batch, and the base of `POST /api/analyze`. */
export const QuestionRequestSchema = z.object({
  query: QuestionSchema,
  data: AnalysisDataSchema.optional(),
  model: z.string().min(1).max(100).optional(),
  /**
   * `false` computes the answer afresh. Otherwise a question whose plan, data version and assistant match
   * an earlier analysis of public data reuses that analysis's result (`result.cachedFrom` says which).
   */
  cache: z
    .boolean()
    .optional()
    .describe(
      'false computes afresh; otherwise an identical earlier analysis of public data (same plan, data version and assistant) is reused',
    ),
});
export type QuestionRequest = z.infer<typeof QuestionRequestSchema>;

export const AnalyzeRequestSchema = QuestionRequestSchema.extend({
  /** The question as typed. Optional when `structured` says what to run; both may be given. */
  query: QuestionSchema.optional(),
  /**
   * What to run as data, validated by the query language's own schema: a chip edited on the analysis page,
   * a clarification option, the data explorer's pick. It is run as is, never turned into English and parsed
   * back; the text, when given, is kept as what the person typed.
   */
  structured: QuerySchema.optional(),
  /**
   * A follow-up to one of the caller's own analyses: its query is the context, and the question changes only
   * what it names ("and in 2023?", "what about Norris?"). The new analysis joins that analysis's thread.
   */
  followUp: AnalysisIdSchema.optional(),
})
  .refine((request) => request.query !== undefined || request.structured !== undefined, {
    message: 'a request needs `query` (the question in words), `structured` (a query), or both',
    path: ['query'],
  })
  // The refinement as JSON Schema, so that the OpenAPI document says the same.
  .meta({ anyOf: [{ required: ['query'] }, { required: ['structured'] }] });
export type AnalyzeRequest = z.infer<typeof AnalyzeRequestSchema>;

export const AnalysisStatusSchema = z.enum([
  'queued',
  'running',
  'needs_clarification',
  'succeeded',
  'failed',
  'cancelled',
]);
export type AnalysisStatus = z.infer<typeof AnalysisStatusSchema>;
export const FINAL_STATUSES: readonly AnalysisStatus[] = [
  'needs_clarification',
  'succeeded',
  'failed',
  'cancelled',
];

/** Intents that need one race (season + round); the others span a season or more. */
export const RACE_INTENTS = [
  'race_winner',
  'race_pace',
  'lap_times',
  'tyre_strategy',
  'degradation',
  'positions',
  'gaps',
  'pit_stops',
  'qualifying',
  'team_pace',
  'undercuts',
  'neutralisations',
  'tyre_age',
  'sectors',
] as const;
const SEASON_INTENTS = [
  'weather',
  'retirements',
  'teammate_h2h',
  'season_standings',
  'points_progression',
  'driver_comparison',
  'career',
  'metric',
] as const;

/**
 * What a question asks for; each intent maps onto analyses of the workflows package. `metric` is a query
 * over the metric catalog (`plan.query`); the others are the charted analyses, views of the same language.
 */
export const IntentSchema = z.enum([...RACE_INTENTS, ...SEASON_INTENTS]);
export type Intent = z.infer<typeof IntentSchema>;
export const isRaceIntent = (intent: Intent): boolean => (RACE_INTENTS as readonly Intent[]).includes(intent);

export const PlanSchema = z.object({
  intent: IntentSchema,
  season: z.number().int().min(1950).max(2100),
  /** Set for race intents. */
  round: z.number().int().min(1).max(30).optional(),
  raceName: z.string().max(100).optional(),
  /** Further seasons for comparisons across years. */
  seasons: z.array(z.number().int().min(1950).max(2100)).max(30).optional(),
  session: z.enum(['race', 'sprint', 'qualifying']).optional(),
  /** Driver refs (`max_verstappen`), in the order the question names them. */
  drivers: z.array(z.string().max(60)).max(20).default([]),
  /** Constructor refs (`red_bull`). */
  teams: z.array(z.string().max(60)).max(10).default([]),
  compounds: z
    .array(z.enum(['SOFT', 'MEDIUM', 'HARD', 'INTERMEDIATE', 'WET']))
    .max(5)
    .default([]),
  /** A race-wide question ("across 2024") that fans out over every round. */
  seasonWide: z.boolean().optional(),
  fuelCorrected: z.boolean().optional(),
  /** The question as a query of the query language: what was understood, shown as such. */
  query: QuerySchema.optional(),
  /** The query in words ("Total wins of Max Verstappen in 2023"), for the page's "what I understood". */
  understood: z.string().max(400).optional(),
  /**
   * Set when the data is the caller's upload rather than the warehouse: the analysis reads that file, so
   * its result belongs to one user and one file and must never be cached or shared.
   */
  upload: z
    .object({
      id: z.string().regex(UPLOAD_ID_PATTERN),
      type: z.enum(['laps', 'results']),
      name: z.string().max(120),
    })
    .optional(),
});
export type Plan = z.infer<typeof PlanSchema>;
/** Whether a plan reads a user's upload (never cached) rather than the shared warehouse. */
export const readsUpload = (plan: Plan): boolean => plan.upload !== undefined;

/** One way to read an unclear question: its words for the button, and the query that runs when picked. */
export const ClarificationOptionSchema = z.object({ label: z.string().max(300), query: QuerySchema });
export type ClarificationOption = z.infer<typeof ClarificationOptionSchema>;

export const ClarificationSchema = z.object({
  question: z.string(),
  options: z.array(ClarificationOptionSchema).max(30),
});
export type Clarification = z.infer<typeof ClarificationSchema>;

export const FactSchema = z.object({
  label: z.string(),
  value: z.union([z.number(), z.string()]),
  unit: z.string().optional(),
});
export type Fact = z.infer<typeof FactSchema>;

export const TableSchema = z.object({
  name: z.string(),
  columns: z.array(z.string()),
  rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
});
export type Table = z.infer<typeof TableSchema>;

export const SourceSchema = z.object({ name: z.string(), detail: z.string(), license: z.string() });
export type Source = z.infer<typeof SourceSchema>;

export const QualityNoteSchema = z.object({ code: z.string(), message: z.string() });

export const ResultSchema = z.object({
  answer: z.string(),
  facts: z.array(FactSchema),
  tables: z.array(TableSchema),
  charts: z.array(ResultChartSchema),
  sources: z.array(SourceSchema),
  quality: z.array(QualityNoteSchema),
  model: z.object({
    assistant: z.string(),
    model: z.string(),
    usage: z.object({ inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number() }),
  }),
  /** The analysis whose result this one reused from the result cache; absent when computed. */
  cachedFrom: z
    .string()
    .regex(/^an_[a-z0-9]{20}$/)
    .optional(),
});
export type Result = z.infer<typeof ResultSchema>;

export const ProgressSchema = z.object({ step: z.string(), done: z.number().int(), total: z.number().int() });
export type Progress = z.infer<typeof ProgressSchema>;

export const ErrorInfoSchema = z.object({ code: z.string(), message: z.string() });

export const AnalysisSchema = z.object({
  id: z.string(),
  status: AnalysisStatusSchema,
  /**
   * The question as typed; for a structured request without words, the query in words once planned
   * (`plan.understood`), empty before.
   */
  query: z.string(),
  /** The analysis this one follows up, or null for a first question. */
  followUpOf: AnalysisIdSchema.nullable(),
  /** The thread (conversation) it belongs to: the id of its first question. */
  threadId: AnalysisIdSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  plan: PlanSchema.nullable(),
  progress: ProgressSchema.nullable(),
  result: ResultSchema.nullable(),
  clarification: ClarificationSchema.nullable(),
  error: ErrorInfoSchema.nullable(),
});
export type Analysis = z.infer<typeof AnalysisSchema>;

/** The steps of one analysis, in order; progress counts them. */
export const ANALYSIS_STEPS = ['plan', 'data', 'analyse', 'charts', 'narrate', 'verify', 'persist'] as const;
export type AnalysisStep = (typeof ANALYSIS_STEPS)[number];

export const EventSchema = z.object({
  seq: z.number().int(),
  step: z.string(),
  phase: z.enum(['started', 'done', 'failed', 'info']),
  message: z.string(),
  data: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
});
export type AnalysisEvent = z.infer<typeof EventSchema>;
