import { InternalBatchOutcomeSchema } from '@pitwall/db/contracts';
import { findBatchById, finishBatch } from '@pitwall/db/queries/batches';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { requireService } from '../middleware/auth.ts';
import { validate } from '../validate.ts';

const IdParamSchema = z.object({ id: z.string().regex(/^bt_[a-z0-9]{20}$/) });

/**
 * The batch workflow's door to D1: it reports how the batch ended. Items report through the analyses'
 * own internal routes. Repeating a report changes nothing, because Temporal retries activities.
 */
export const internalBatches = new Hono<AppEnv>()
  .use(requireService)
  .post(
    '/batches/:id/outcome',
    validate('param', IdParamSchema),
    validate('json', InternalBatchOutcomeSchema),
    async (c) => {
      const { id } = c.req.valid('param');
      if (!(await findBatchById(c.var.db, id))) throw notFound('batch');
      const { changed } = await finishBatch(c.var.db, id, c.req.valid('json').status);
      const current = await findBatchById(c.var.db, id);
      return c.json({ status: current?.status, changed });
    },
  );
