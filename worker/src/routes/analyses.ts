import {
  AnalysisStatusSchema,
  AnalyzeRequestSchema,
  FILE_NAME_PATTERN,
  FINAL_STATUSES,
  type Plan,
  type Query,
  type Result,
} from '@pitwall/db/contracts';
import {
  type AnalysisRow,
  findAnalysis,
  findArtifact,
  finishAnalysis,
  insertAnalysis,
  listAnalyses,
  listThread,
} from '@pitwall/db/queries/app';
import { setStartDeferred } from '@pitwall/db/queries/reconcile';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.ts';
import { ApiError, notFound } from '../errors.ts';
import { requireUser } from '../middleware/auth.ts';
import { claimKey, idempotencyKeyOf } from '../middleware/idempotency.ts';
import { limitByUser } from '../middleware/rate-limit.ts';
import { streamEvents } from '../services/analysis-events.ts';
import {
  checkRequestData,
  questionOf,
  requestOptions,
  storedRequest,
  threadOptions,
} from '../services/analysis-requests.ts';
import { newId, workflowIdFor } from '../services/ids.ts';
import { reserve } from '../services/quotas.ts';
import { unlessTemporalDown } from '../services/temporal.ts';
import { validate } from '../validate.ts';

/**
 * A page ends at an analysis, and the next one starts after its `createdAt` and id: the cursor is those two,
 * readable, so that its schema says exactly which cursors the list accepts.
 */
const CURSOR_PATTERN =
  /^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z)~(an_[a-z0-9]{20})$/;
function decodeCursor(cursor: string) {
  const [, createdAt = '', id = ''] = CURSOR_PATTERN.exec(cursor) ?? [];
  return { createdAt, id };
}

export const ListQuerySchema = z.object({
  status: AnalysisStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .regex(CURSOR_PATTERN, 'not a cursor of this list')
    .optional()
    .describe('`nextCursor` of the previous page')
    .transform((cursor) => (cursor ? decodeCursor(cursor) : undefined)),
});
export const EventsQuerySchema = z.object({ after: z.coerce.number().int().min(0).default(0) });
export const IdParamSchema = z.object({ id: z.string().regex(/^an_[a-z0-9]{20}$/, 'not an analysis id') });
export const FileParamSchema = IdParamSchema.extend({
  name: z.string().regex(FILE_NAME_PATTERN, 'not a file name'),
});

const links = (id: string) => ({ self: `/api/analyses/${id}`, events: `/api/analyses/${id}/events` });

async function loadResult(bucket: R2Bucket, row: AnalysisRow): Promise<Result | null> {
  if (!row.resultKey) return null;
  const object = await bucket.get(row.resultKey);
  return object ? ((await object.json()) as Result) : null;
}

/** The most of one thread a caller gets at once; a conversation is read whole, so there is no cursor. */
export const THREAD_LIMIT = 100;

function present(row: AnalysisRow, result: Result | null) {
  return {
    id: row.id,
    status: row.status,
    query: questionOf(row),
    followUpOf: row.followUpOf ?? null,
    threadId: row.threadId ?? row.id,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    plan: row.plan ?? null,
    progress: row.progress ?? null,
    result,
    clarification: row.clarification ?? null,
    error: row.error ?? null,
    links: links(row.id),
  };
}

const encodeCursor = (row: AnalysisRow) => `${row.createdAt}~${row.id}`;

/**
 * The analysis a follow-up continues: the caller's own (anyone else's is as absent as none, 404), with a
 * query to continue from. Its query is the follow-up's context; its thread is the follow-up's thread.
 */
async function followedUp(
  c: Context<AppEnv>,
  id: string,
): Promise<{ context: Query; followUpOf: string; threadId: string }> {
  const parent = await findAnalysis(c.var.db, c.var.userId, id);
  if (!parent) throw notFound('analysis to follow up');
  const plan = parent.plan as Plan | null;
  if (plan?.upload) {
    throw new ApiError(409, 'conflict', 'the analysis to follow up reads an upload; ask about it anew', {
      followUp: id,
    });
  }
  if (!plan?.query) {
    const message =
      parent.status === 'queued' || parent.status === 'running'
        ? 'the analysis to follow up has not been understood yet; ask the follow-up once it has an answer'
        : `the analysis to follow up ended (${parent.status}) before its question was understood, so there is nothing to follow up`;
    throw new ApiError(409, 'conflict', message, { followUp: id, status: parent.status });
  }
  return { context: plan.query, followUpOf: parent.id, threadId: parent.threadId ?? parent.id };
}

export const analyses = new Hono<AppEnv>()
  // Mounted at /api: guard only our own paths, so unknown routes still answer 404.
  .use('/analyze', requireUser, limitByUser)
  .use('/analyses/*', requireUser, limitByUser)
  .post('/analyze', validate('json', AnalyzeRequestSchema), async (c) => {
    const body = c.req.valid('json');
    const userId = c.var.userId;
    await checkRequestData(c, [body]);
    const thread = body.followUp ? await followedUp(c, body.followUp) : undefined;
    const key = idempotencyKeyOf(c);
    // With a key, the id follows from (user, key): concurrent retries land on one analysis and one workflow.
    const id = key
      ? (
          await claimKey(c, {
            key,
            route: 'POST /api/analyze',
            prefix: 'an',
            status: 202,
            fingerprint: JSON.stringify(body),
          })
        ).id
      : newId('an');
    // A retry of an accepted submission is answered as before; only a new analysis takes from the quota.
    const existing = key ? await findAnalysis(c.var.db, userId, id) : undefined;
    const reservation = existing ? undefined : await reserve(c.var.db, c.var.config, userId, 'analyses', 1);
    const workflowId = workflowIdFor(id);
    const { row, created } = existing
      ? { row: existing, created: false }
      : await insertAnalysis(c.var.db, {
          id,
          userId,
          // A structured request without words is named by its plan's `understood` once planned.
          query: body.query ?? '',
          request: storedRequest(body, thread?.context),
          status: 'queued',
          workflowId,
          ...(thread ? { followUpOf: thread.followUpOf, threadId: thread.threadId } : {}),
        });
    // A concurrent retry stored it first: this request's reservation is not needed.
    if (reservation && !created) await reservation.release();
    if (row.status === 'queued') {
      const start = await unlessTemporalDown(() =>
        c.var.temporal.startAnalysis(workflowId, {
          analysisId: id,
          userId,
          query: body.query ?? '',
          ...requestOptions(body),
          ...threadOptions(body, thread?.context),
          requestId: c.var.requestId,
        }),
      );
      if (start === 'deferred') await setStartDeferred(c.var.db, 'analysis', id, true);
    }
    return c.json({ id, status: row.status, links: links(id) }, 202);
  })
  .get('/analyses', validate('query', ListQuerySchema), async (c) => {
    const { status, limit, cursor } = c.req.valid('query');
    const rows = await listAnalyses(c.var.db, c.var.userId, {
      limit: limit + 1,
      ...(status ? { status } : {}),
      ...(cursor ? { cursor } : {}),
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return c.json({
      items: page.map((row) => present(row, null)),
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    });
  })
  .get('/analyses/:id/thread', validate('param', IdParamSchema), async (c) => {
    const row = await findAnalysis(c.var.db, c.var.userId, c.req.valid('param').id);
    if (!row) throw notFound('analysis');
    const threadId = row.threadId ?? row.id;
    const rows = await listThread(c.var.db, c.var.userId, threadId, THREAD_LIMIT);
    return c.json({ threadId, items: rows.map((item) => present(item, null)) });
  })
  .get('/analyses/:id', validate('param', IdParamSchema), async (c) => {
    const row = await findAnalysis(c.var.db, c.var.userId, c.req.valid('param').id);
    if (!row) throw notFound('analysis');
    return c.json(present(row, await loadResult(c.env.FILES, row)));
  })
  .get(
    '/analyses/:id/events',
    validate('param', IdParamSchema),
    validate('query', EventsQuerySchema),
    async (c) => {
      const { id } = c.req.valid('param');
      const row = await findAnalysis(c.var.db, c.var.userId, id);
      if (!row) throw notFound('analysis');
      const lastEventId = Number(c.req.header('last-event-id'));
      const after =
        Number.isInteger(lastEventId) && lastEventId > 0 ? lastEventId : c.req.valid('query').after;
      return streamEvents(c, row, after);
    },
  )
  .get('/analyses/:id/files/:name', validate('param', FileParamSchema), async (c) => {
    const { id, name } = c.req.valid('param');
    const row = await findAnalysis(c.var.db, c.var.userId, id);
    const artifact = row && (await findArtifact(c.var.db, id, name));
    const object = artifact && (await c.env.FILES.get(artifact.r2Key));
    if (!artifact || !object) throw notFound('file');
    return new Response(object.body, {
      headers: {
        'content-type': artifact.contentType,
        'content-length': String(artifact.size),
        'content-disposition': `inline; filename="${name}"`,
        etag: `"${artifact.sha256}"`,
        'cache-control': 'private, max-age=31536000, immutable',
        'x-content-type-options': 'nosniff',
        // Stored files are data: an SVG opened directly must not run anything.
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      },
    });
  })
  .post('/analyses/:id/cancel', validate('param', IdParamSchema), async (c) => {
    const row = await findAnalysis(c.var.db, c.var.userId, c.req.valid('param').id);
    if (!row) throw notFound('analysis');
    if (FINAL_STATUSES.includes(row.status)) {
      throw new ApiError(409, 'conflict', `the analysis is already ${row.status}`);
    }
    // Not started yet (or accepted while Temporal was unreachable): cancelled here, at once. A workflow
    // that starts anyway finds its outcome already written, and nothing it reports changes it.
    if (
      row.status === 'queued' &&
      (await finishAnalysis(c.var.db, row.id, { status: 'cancelled' })).changed
    ) {
      await unlessTemporalDown(() => c.var.temporal.cancel(row.workflowId));
      return c.json({ id: row.id, status: 'cancelled' as const, cancelRequested: true }, 202);
    }
    await c.var.temporal.cancel(row.workflowId);
    return c.json({ id: row.id, status: row.status, cancelRequested: true }, 202);
  });
