import { BatchRequestSchema } from '@pitwall/db/contracts';
import { findAnalysis } from '@pitwall/db/queries/app';
import {
  batchAnalyses,
  countStatuses,
  findBatch,
  findBatchById,
  insertBatch,
  markBatchCancelRequested,
} from '@pitwall/db/queries/batches';
import { setStartDeferred } from '@pitwall/db/queries/reconcile';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.ts';
import { ApiError, notFound } from '../errors.ts';
import { requireUser } from '../middleware/auth.ts';
import { claimKey, idempotencyKeyOf } from '../middleware/idempotency.ts';
import { limitByUser } from '../middleware/rate-limit.ts';
import { checkRequestData, requestOptions, storedRequest } from '../services/analysis-requests.ts';
import { derivedId, newId, workflowIdFor } from '../services/ids.ts';
import { reserve } from '../services/quotas.ts';
import { unlessTemporalDown } from '../services/temporal.ts';
import { validate } from '../validate.ts';

export const BatchIdParamSchema = z.object({ id: z.string().regex(/^bt_[a-z0-9]{20}$/, 'not a batch id') });
const ANALYSIS_ID = /^an_[a-z0-9]{20}$/;

export const batchWorkflowIdFor = (batchId: string) => `batch-${batchId}`;
const links = (id: string) => ({ self: `/api/batches/${id}`, cancel: `/api/batches/${id}/cancel` });

export const batches = new Hono<AppEnv>()
  .use('/analyze/batch', requireUser, limitByUser)
  .use('/batches/*', requireUser, limitByUser)
  .post('/analyze/batch', validate('json', BatchRequestSchema), async (c) => {
    const body = c.req.valid('json');
    const userId = c.var.userId;
    // Every item's data is checked as POST /api/analyze checks it, before anything is stored or claimed.
    await checkRequestData(c, body.queries);
    const key = idempotencyKeyOf(c);
    const id = key
      ? (
          await claimKey(c, {
            key,
            route: 'POST /api/analyze/batch',
            prefix: 'bt',
            status: 202,
            fingerprint: JSON.stringify(body),
          })
        ).id
      : newId('bt');
    // Item ids follow from the batch id, so a retried submission lands on the same analyses.
    const ids = await Promise.all(body.queries.map((_, i) => derivedId('an', id, String(i))));
    const workflowId = batchWorkflowIdFor(id);
    // A retry of an accepted batch is answered as before; a new one takes all its items from the quota.
    const existing = key ? await findBatch(c.var.db, userId, id) : undefined;
    const reservation = existing
      ? undefined
      : await reserve(c.var.db, c.var.config, userId, 'batchItems', ids.length);
    const stored = await insertBatch(
      c.var.db,
      { id, userId, status: 'running', total: ids.length, workflowId },
      body.queries.map((q, i) => ({
        id: ids[i] as string,
        query: q.query,
        request: storedRequest(q),
        status: 'queued' as const,
        workflowId: workflowIdFor(ids[i] as string),
      })),
    );
    if (!stored) throw new ApiError(409, 'conflict', 'this batch id is taken');
    const { batch } = stored;
    // A concurrent retry stored it first: this request's reservation is not needed.
    if (reservation && !stored.created) await reservation.release();
    if (batch.status === 'running' && !batch.cancelRequested) {
      const start = await unlessTemporalDown(() =>
        c.var.temporal.startBatch(workflowId, {
          batchId: id,
          userId,
          items: body.queries.map((q, i) => ({
            analysisId: ids[i] as string,
            query: q.query,
            ...requestOptions(q),
          })),
        }),
      );
      if (start === 'deferred') await setStartDeferred(c.var.db, 'batch', id, true);
    }
    return c.json({ id, status: batch.status, total: batch.total, analyses: ids, links: links(id) }, 202);
  })
  .get('/batches/:id', validate('param', BatchIdParamSchema), async (c) => {
    const batch = await findBatch(c.var.db, c.var.userId, c.req.valid('param').id);
    if (!batch) throw notFound('batch');
    const items = await batchAnalyses(c.var.db, batch.id);
    return c.json({
      id: batch.id,
      status: batch.status,
      cancelRequested: batch.cancelRequested,
      total: batch.total,
      counts: countStatuses(items),
      createdAt: batch.createdAt,
      updatedAt: batch.updatedAt,
      analyses: items.map((a) => ({
        id: a.id,
        index: a.index ?? 0,
        query: a.query,
        status: a.status,
        links: { self: `/api/analyses/${a.id}`, events: `/api/analyses/${a.id}/events` },
      })),
      links: links(batch.id),
    });
  })
  .post('/batches/:id/cancel', validate('param', BatchIdParamSchema), async (c) => {
    const batch = await findBatch(c.var.db, c.var.userId, c.req.valid('param').id);
    if (!batch) throw notFound('batch');
    if (batch.status !== 'running')
      throw new ApiError(409, 'conflict', `the batch is already ${batch.status}`);
    await markBatchCancelRequested(c.var.db, batch.id);
    // Cancelling the batch workflow cancels its running children and skips the rest. The request is
    // recorded first, so in a Temporal outage the reconciler delivers it.
    await unlessTemporalDown(() => c.var.temporal.cancel(batch.workflowId));
    return c.json({ id: batch.id, status: batch.status, cancelRequested: true }, 202);
  })
  /**
   * An item of a batch that has not started yet has no workflow to cancel: the batch workflow is told to
   * skip it (and to cancel it should it start meanwhile). Everything else falls through to the analyses
   * route, which cancels the analysis's own workflow.
   */
  .post('/analyses/:id/cancel', requireUser, async (c, next) => {
    const id = c.req.param('id');
    const row = ANALYSIS_ID.test(id) ? await findAnalysis(c.var.db, c.var.userId, id) : undefined;
    if (!row?.batchId || row.status !== 'queued') return next();
    const batch = await findBatchById(c.var.db, row.batchId);
    if (batch?.status !== 'running') return next();
    if (!(await c.var.temporal.signal(batch.workflowId, 'cancelItem', row.id))) return next();
    await c.var.temporal.cancel(row.workflowId);
    return c.json({ id: row.id, status: row.status, cancelRequested: true }, 202);
  });
