import { type InternalUpload, UPLOAD_ID_PATTERN } from '@pitwall/db/contracts';
import { findAnalysisById, findUpload } from '@pitwall/db/queries/app';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { requireService } from '../middleware/auth.ts';
import { readUpload } from '../services/uploads.ts';
import { validate } from '../validate.ts';

const ParamSchema = z.object({
  id: z.string().regex(/^an_[a-z0-9]{20}$/),
  uploadId: z.string().regex(UPLOAD_ID_PATTERN),
});

/**
 * The upload an analysis was submitted with, for the compute plane. The service token alone is not
 * enough: the upload must belong to the analysis's owner and be the one its request named, so a bug or a
 * forged plan in the compute plane still cannot read another user's file. Anything else is 404.
 */
async function uploadOfAnalysis(c: Context<AppEnv>, analysisId: string, uploadId: string) {
  const analysis = await findAnalysisById(c.var.db, analysisId);
  const requested = (analysis?.request as { data?: { type?: string; parameters?: { uploadId?: unknown } } })
    ?.data;
  if (!analysis || requested?.type !== 'upload' || requested.parameters?.uploadId !== uploadId) {
    throw notFound('upload');
  }
  const row = await findUpload(c.var.db, analysis.userId, uploadId);
  if (row?.status !== 'stored' || row.expiresAt < new Date().toISOString()) throw notFound('upload');
  return row;
}

export const internalUploads = new Hono<AppEnv>()
  .use(requireService)
  .get('/analyses/:id/uploads/:uploadId', validate('param', ParamSchema), async (c) => {
    const { id, uploadId } = c.req.valid('param');
    const row = await uploadOfAnalysis(c, id, uploadId);
    const body: InternalUpload = {
      id: row.id,
      type: row.type,
      format: row.format as InternalUpload['format'],
      name: row.name,
      size: row.size,
      metadata: (row.metadata ?? null) as Record<string, unknown> | null,
    };
    return c.json(body);
  })
  .get('/analyses/:id/uploads/:uploadId/content', validate('param', ParamSchema), async (c) => {
    const { id, uploadId } = c.req.valid('param');
    const row = await uploadOfAnalysis(c, id, uploadId);
    return new Response(await readUpload(c, row), {
      headers: {
        'content-type': row.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        'cache-control': 'no-store',
      },
    });
  });
