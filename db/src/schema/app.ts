import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** App metadata kept by the Worker in D1. Large payloads (results, files) live in R2; rows hold keys. */

const createdAt = () => text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  /** PBKDF2-SHA256: `pbkdf2$<iterations>$<salt b64>$<hash b64>` */
  passwordHash: text('password_hash').notNull(),
  createdAt: createdAt(),
});

export const analyses = sqliteTable(
  'analyses',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    query: text('query').notNull(),
    /** JSON of the request's `data` and `model`, as accepted. */
    request: text('request', { mode: 'json' }).notNull(),
    status: text('status', {
      enum: ['queued', 'running', 'needs_clarification', 'succeeded', 'failed', 'cancelled'],
    }).notNull(),
    workflowId: text('workflow_id').notNull(),
    /**
     * Set when the start of the workflow was deferred (Temporal unreachable at submission): the reconciler
     * looks at these first, so a backlog of long-running work cannot starve what was never started.
     */
    startDeferred: integer('start_deferred', { mode: 'boolean' }),
    plan: text('plan', { mode: 'json' }),
    progress: text('progress', { mode: 'json' }),
    clarification: text('clarification', { mode: 'json' }),
    error: text('error', { mode: 'json' }),
    /** R2 key of the result JSON once the analysis succeeded. */
    resultKey: text('result_key'),
    createdAt: createdAt(),
    // Set on every write by the queries; the SQL default only serves rows that existed before the column.
    updatedAt: text('updated_at')
      .notNull()
      .default('')
      .$defaultFn(() => new Date().toISOString()),
    /** The batch this analysis is an item of, and its place in the batch (0-based); null on its own. */
    batchId: text('batch_id'),
    batchIndex: integer('batch_index'),
    /** The analysis this one follows up ("and in 2023?"); null for a first question. */
    followUpOf: text('follow_up_of'),
    /** The conversation it belongs to: a first question's own id, which its follow-ups share. */
    threadId: text('thread_id'),
  },
  (t) => [
    index('analyses_user_created').on(t.userId, t.createdAt),
    index('analyses_user_thread').on(t.userId, t.threadId, t.createdAt),
    // The reconciler's scan: unfinished analyses by last write.
    index('analyses_status_updated').on(t.status, t.updatedAt),
    uniqueIndex('analyses_batch_item').on(t.batchId, t.batchIndex),
  ],
);

/**
 * A durable batch of questions: one row here, one analysis row per item, one batch workflow. Item counts
 * are read from the analyses; the row keeps what only the batch knows (its size and how it ended).
 */
export const batches = sqliteTable(
  'batches',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    status: text('status', { enum: ['running', 'completed', 'cancelled'] }).notNull(),
    total: integer('total').notNull(),
    workflowId: text('workflow_id').notNull(),
    /**
     * Set when the start of the workflow was deferred (Temporal unreachable at submission): the reconciler
     * looks at these first, so a backlog of long-running work cannot starve what was never started.
     */
    startDeferred: integer('start_deferred', { mode: 'boolean' }),
    cancelRequested: integer('cancel_requested', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: text('updated_at')
      .notNull()
      .$defaultFn(() => new Date().toISOString()),
  },
  (t) => [index('batches_user_created').on(t.userId, t.createdAt)],
);

/** Progress events. `key` makes each write idempotent: a retried activity cannot add an event twice. */
export const events = sqliteTable(
  'events',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    analysisId: text('analysis_id')
      .notNull()
      .references(() => analyses.id),
    key: text('key').notNull(),
    step: text('step').notNull(),
    phase: text('phase', { enum: ['started', 'done', 'failed', 'info'] }).notNull(),
    message: text('message').notNull(),
    data: text('data', { mode: 'json' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('events_analysis_key').on(t.analysisId, t.key)],
);

/** Files stored in R2 for an analysis (charts, CSV exports, result JSON). One row per (analysis, name). */
export const artifacts = sqliteTable(
  'artifacts',
  {
    analysisId: text('analysis_id')
      .notNull()
      .references(() => analyses.id),
    name: text('name').notNull(),
    r2Key: text('r2_key').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('artifacts_analysis_name').on(t.analysisId, t.name)],
);

/** Remembered answers to POSTs carrying an Idempotency-Key, per user. */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    userId: text('user_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    response: text('response', { mode: 'json' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('idempotency_user_key').on(t.userId, t.key)],
);

/**
 * Files users upload, stored encrypted in R2. The row is written first (`pending`) and marked `stored`
 * once the object exists, so a request that dies half-way leaves a row the cleanup can find.
 */
export const uploads = sqliteTable(
  'uploads',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** What the data is, as declared: laps, results, … */
    type: text('type').notNull(),
    /** The file format the content was checked against: csv or json. */
    format: text('format', { enum: ['csv', 'json'] }).notNull(),
    /** The file name as given, sanitised; never used to build the object key. */
    name: text('name').notNull(),
    /** Plaintext size in bytes and its SHA-256 (hex). */
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    r2Key: text('r2_key').notNull(),
    /** Which key and scheme encrypted the object, so keys can be rotated. */
    encryption: text('encryption').notNull(),
    metadata: text('metadata', { mode: 'json' }),
    status: text('status', { enum: ['pending', 'stored'] }).notNull(),
    /** The Idempotency-Key request hash that created it, if any. */
    requestHash: text('request_hash'),
    createdAt: createdAt(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('uploads_user_created').on(t.userId, t.createdAt), index('uploads_expires').on(t.expiresAt)],
);

/**
 * Prometheus series summed across Worker isolates: each isolate adds what it observed since its last
 * flush. One row per (family, label set, field), where field is `value` (a counter), or a histogram's
 * `sum`, `count` and `le:<bound>` (the count in that bucket alone; exposition makes buckets cumulative).
 */
export const metricSeries = sqliteTable(
  'metric_series',
  {
    name: text('name').notNull(),
    /** The label set as it is exposed, e.g. `route="/api/analyses/:id",method="GET",status="2xx"`. */
    labels: text('labels').notNull(),
    field: text('field').notNull(),
    value: real('value').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.name, t.labels, t.field] })],
);

/**
 * Language-model usage per analysis and operation (plan, narrate), reported by the compute plane. A
 * retried call replaces its row, so an analysis is never charged twice for one step. No foreign key: a
 * report may arrive for an analysis this database does not hold (tests, a replayed history).
 */
export const analysisUsage = sqliteTable(
  'analysis_usage',
  {
    analysisId: text('analysis_id').notNull(),
    operation: text('operation').notNull(),
    assistant: text('assistant').notNull(),
    model: text('model').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    costUsd: real('cost_usd').notNull(),
    /** Time spent waiting for the model, in ms. */
    modelMs: integer('model_ms').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.analysisId, t.operation] })],
);

/**
 * The result cache: a key made of the plan, the warehouse's data version and the assistant maps to the
 * analysis that computed that result first. Only analyses of public data are entered (see the compute
 * plane's `cacheable`); a hit copies the source's result and files onto the new analysis.
 */
export const resultCache = sqliteTable(
  'result_cache',
  {
    /** sha256 hex of the canonical key JSON. */
    key: text('key').primaryKey(),
    analysisId: text('analysis_id')
      .notNull()
      .references(() => analyses.id),
    /** The data version in the key, so entries for data that has since changed can be pruned. */
    dataVersion: text('data_version').notNull(),
    hits: integer('hits').notNull().default(0),
    lastHitAt: text('last_hit_at'),
    createdAt: createdAt(),
  },
  (t) => [index('result_cache_data_version').on(t.dataVersion)],
);

/**
 * What each user started per UTC day, counted when a request is accepted, so the daily quotas hold
 * under concurrent requests (each count is raised by one conditional statement). Model tokens and cost
 * are summed from `analysis_usage` instead: they are known only after the calls.
 */
export const dailyQuota = sqliteTable(
  'daily_quota',
  {
    userId: text('user_id').notNull(),
    /** `YYYY-MM-DD`, UTC. */
    day: text('day').notNull(),
    analyses: integer('analyses').notNull().default(0),
    batchItems: integer('batch_items').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] })],
);

/**
 * An analysis its owner shares by link. Only the SHA-256 of the link's token is kept, so reading this
 * table never yields a working link; sharing again replaces the hash (the old link stops working) and
 * revoking deletes the row.
 */
export const analysisShares = sqliteTable('analysis_shares', {
  analysisId: text('analysis_id')
    .primaryKey()
    .references(() => analyses.id),
  /** sha256 hex of the token in the link. */
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: createdAt(),
});
