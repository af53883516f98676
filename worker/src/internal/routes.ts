import {
  ANALYSIS_STEPS,
  FILE_NAME_PATTERN,
  InternalEventSchema,
  InternalOutcomeSchema,
  type StoredFile,
} from '@pitwall/db/contracts';
import { findAnalysisById, finishAnalysis, recordEvent, upsertArtifact } from '@pitwall/db/queries/app';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.ts';
import { ApiError, notFound } from '../errors.ts';
import { requireService } from '../middleware/auth.ts';
import { fileKey, storeResult } from '../services/analysis-files.ts';
import { MODELS_KEY, PublishedModelsSchema } from '../services/models.ts';
import { sha256Hex } from '../services/passwords.ts';
import { modelBudget } from '../services/quotas.ts';
import { validate } from '../validate.ts';

/**
 * The compute plane's door to D1 and R2. Every write is idempotent (events by key, files by name, the
 * outcome only once), because Temporal retries activities.
 */
const MAX_FILE_BYTES = 20 * 1024 * 1024;
const ALLOWED_TYPES = new Set(['image/svg+xml', 'image/png', 'text/csv', 'application/json']);

const IdParamSchema = z.object({ id: z.string().regex(/^an_[a-z0-9]{20}$/) });
const FileParamSchema = IdParamSchema.extend({ name: z.string().regex(FILE_NAME_PATTERN) });

async function requireAnalysis(c: { var: AppEnv['Variables'] }, id: string) {
  const row = await findAnalysisById(c.var.db, id);
  if (!row) throw notFound('analysis');
  return row;
}

export const internal = new Hono<AppEnv>()
  .use(requireService)
  // The compute plane says which assistants it can run; GET /api/models reads this list.
  .put('/models', validate('json', PublishedModelsSchema), async (c) => {
    await c.env.FILES.put(MODELS_KEY, JSON.stringify(c.req.valid('json')), {
      httpMetadata: { contentType: 'application/json' },
    });
    return c.json({ stored: true });
  })
  .post(
    '/analyses/:id/events',
    validate('param', IdParamSchema),
    validate('json', InternalEventSchema),
    async (c) => {
      const { id } = c.req.valid('param');
      await requireAnalysis(c, id);
      const { created } = await recordEvent(c.var.db, id, c.req.valid('json'));
      return c.json({ created }, created ? 201 : 200);
    },
  )
  // Whether the analysis's owner may still call a paid model today (asked before each model call).
  .get('/analyses/:id/model-budget', validate('param', IdParamSchema), async (c) => {
    const row = await requireAnalysis(c, c.req.valid('param').id);
    return c.json(await modelBudget(c.var.db, c.var.config, row.userId));
  })
  .put('/analyses/:id/files/:name', validate('param', FileParamSchema), async (c) => {
    const { id, name } = c.req.valid('param');
    await requireAnalysis(c, id);
    const contentType = (c.req.header('content-type') ?? '').split(';')[0]?.trim() ?? '';
    if (!ALLOWED_TYPES.has(contentType)) {
      throw new ApiError(415, 'unsupported_media_type', `files may be ${[...ALLOWED_TYPES].join(', ')}`);
    }
    const body = await c.req.arrayBuffer();
    if (body.byteLength > MAX_FILE_BYTES) throw new ApiError(413, 'payload_too_large', 'file too large');
    const file: StoredFile = { name, contentType, size: body.byteLength, sha256: await sha256Hex(body) };
    const r2Key = fileKey(id, name);
    await c.env.FILES.put(r2Key, body, { httpMetadata: { contentType }, sha256: file.sha256 });
    await upsertArtifact(c.var.db, {
      analysisId: id,
      name,
      r2Key,
      contentType,
      size: file.size,
      sha256: file.sha256,
    });
    return c.json(file, 201);
  })
  .post(
    '/analyses/:id/outcome',
    validate('param', IdParamSchema),
    validate('json', InternalOutcomeSchema),
    async (c) => {
      const { id } = c.req.valid('param');
      const row = await requireAnalysis(c, id);
      const outcome = c.req.valid('json');
      if (row.status === outcome.status) return c.json({ status: row.status, changed: false });
      let changed: boolean;
      switch (outcome.status) {
        case 'succeeded': {
          const resultKey = await storeResult(c.env.FILES, c.var.db, id, outcome.result);
          // Every step is done once the result is stored, even if the persist step's own `done` event
          // (sent after this) has not landed yet.
          const total = ANALYSIS_STEPS.length;
          ({ changed } = await finishAnalysis(c.var.db, id, {
            status: 'succeeded',
            resultKey,
            progress: { step: 'persist', done: total, total },
          }));
          break;
        }
        case 'needs_clarification':
          ({ changed } = await finishAnalysis(c.var.db, id, outcome));
          break;
        case 'failed':
          ({ changed } = await finishAnalysis(c.var.db, id, outcome));
          break;
        case 'cancelled':
          ({ changed } = await finishAnalysis(c.var.db, id, outcome));
          break;
      }
      const current = await requireAnalysis(c, id);
      return c.json({ status: current.status, changed });
    },
  );
