import {
  AnalysisStatusSchema,
  FILE_NAME_PATTERN,
  type Plan,
  PlanSchema,
  type Result,
  ResultSchema,
  readsUpload,
} from '@pitwall/db/contracts';
import { type AnalysisRow, findAnalysis, findArtifact } from '@pitwall/db/queries/app';
import { findShare, findSharedAnalysis, revokeShare, shareAnalysis } from '@pitwall/db/queries/shares';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.ts';
import { ApiError, notFound } from '../errors.ts';
import { requireUser } from '../middleware/auth.ts';
import { limitByUser } from '../middleware/rate-limit.ts';
import type { RouteDoc } from '../openapi/route-doc.ts';
import { questionOf } from '../services/analysis-requests.ts';
import { newShareToken, SHARE_TOKEN_PATTERN, shareTokenHash } from '../services/share-tokens.ts';
import { validate } from '../validate.ts';

const IdParamSchema = z.object({ id: z.string().regex(/^an_[a-z0-9]{20}$/, 'not an analysis id') });
/** Documented with the token's shape; any other token is answered 404 like a revoked one. */
const TokenParamSchema = z.object({
  token: z
    .string()
    .regex(SHARE_TOKEN_PATTERN)
    .describe('the token of a shared link (32 characters of base64url)'),
});
const TokenFileParamSchema = TokenParamSchema.extend({
  name: z.string().regex(FILE_NAME_PATTERN).describe('a file the result names (a chart’s SVG or PNG, a CSV)'),
});

const ShareCreatedSchema = z.object({
  url: z.string().describe('the page anyone with the link opens, signed in or not'),
  token: z.string().describe('the secret part of the link; only its SHA-256 is stored, so it is shown once'),
  sharedAt: z.string(),
});
const ShareStateSchema = z.object({ sharedAt: z.string() });
const RevokedSchema = z.object({ revoked: z.boolean().describe('false when the analysis was not shared') });
const SharedAnalysisSchema = z.object({
  query: z.string(),
  status: AnalysisStatusSchema,
  createdAt: z.string(),
  sharedAt: z.string(),
  plan: PlanSchema.nullable(),
  result: ResultSchema.nullable(),
  links: z.object({ self: z.string(), files: z.string() }),
});

const sharedPath = (token: string) => `/api/shared/${token}`;

/** An upload's analysis belongs to one user and one file, so it is never shared (nor cached). */
function readsAnUpload(row: AnalysisRow) {
  const request = row.request as { data?: { type?: string } | null } | null;
  return request?.data?.type === 'upload' || (row.plan ? readsUpload(row.plan as Plan) : false);
}

async function ownAnalysis(c: Context<AppEnv>, id: string) {
  const row = await findAnalysis(c.var.db, c.var.userId, id);
  if (!row) throw notFound('analysis');
  return row;
}

/** The analysis a token opens, or 404 for a token of the wrong shape, revoked or never issued. */
async function sharedByToken(c: Context<AppEnv>, token: string) {
  const found = SHARE_TOKEN_PATTERN.test(token)
    ? await findSharedAnalysis(c.var.db, await shareTokenHash(token))
    : undefined;
  if (found?.analysis.status !== 'succeeded') throw notFound('shared analysis');
  return found;
}

/**
 * What a shared link shows: the question, what was understood and the result, as its owner sees them,
 * without what belongs to the owner alone (ids, the request, the analysis the cache copied from).
 */
function presentShared(row: AnalysisRow, sharedAt: string, token: string, result: Result | null) {
  const { cachedFrom: _source, ...shown } = result ?? ({} as Result);
  return {
    query: questionOf(row),
    status: row.status,
    createdAt: row.createdAt,
    sharedAt,
    plan: row.plan ?? null,
    result: result ? shown : null,
    links: { self: sharedPath(token), files: `${sharedPath(token)}/files/` },
  };
}

async function loadResult(bucket: R2Bucket, row: AnalysisRow): Promise<Result | null> {
  const object = row.resultKey ? await bucket.get(row.resultKey) : null;
  return object ? ((await object.json()) as Result) : null;
}

/** Shared answers must not be indexed or kept by shared caches; revoking has to take effect at once. */
const SHARED_HEADERS = { 'cache-control': 'private, no-cache', 'x-robots-tag': 'noindex, nofollow' };

export const shareDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/analyses/{id}/share',
    summary: 'Share one of your answered analyses by an unguessable link; a new link replaces the old one',
    tag: 'shares',
    auth: 'user',
    params: IdParamSchema,
    responses: { 201: { description: 'shared: the link, shown once', schema: ShareCreatedSchema } },
    errors: {
      409: 'the analysis has no answer yet, or it reads one of your uploads, which are never shared (`conflict`)',
    },
  },
  {
    method: 'get',
    path: '/api/analyses/{id}/share',
    summary: 'Whether your analysis is shared, and since when (the link itself is not stored)',
    tag: 'shares',
    auth: 'user',
    params: IdParamSchema,
    responses: { 200: { description: 'shared', schema: ShareStateSchema } },
    errors: { 404: 'not yours, or not shared (`not_found`)' },
  },
  {
    method: 'delete',
    path: '/api/analyses/{id}/share',
    summary: 'Stop sharing your analysis: its link answers 404 from now on',
    tag: 'shares',
    auth: 'user',
    params: IdParamSchema,
    responses: { 200: { description: 'not shared any more', schema: RevokedSchema } },
  },
  {
    method: 'get',
    path: '/api/shared/{token}',
    summary: 'A shared analysis, read-only, for anyone with its link (no account needed)',
    tag: 'shares',
    auth: 'none',
    params: TokenParamSchema,
    responses: { 200: { description: 'the shared analysis', schema: SharedAnalysisSchema } },
    errors: {
      404: 'no analysis is shared under this token: never issued, revoked or replaced (`not_found`)',
    },
  },
  {
    method: 'get',
    path: '/api/shared/{token}/files/{name}',
    summary: 'One file of a shared analysis (chart SVG/PNG, CSV), for anyone with its link',
    tag: 'shares',
    auth: 'none',
    params: TokenFileParamSchema,
    responses: { 200: { description: 'the file with its content type', contentType: '*/*' } },
    errors: { 404: 'no such shared analysis, or no such file of it (`not_found`)' },
  },
];

export const shares = new Hono<AppEnv>()
  // Mounted at /api ahead of the analyses routes: the owner's share routes carry their own guard.
  .use('/analyses/:id/share', requireUser, limitByUser)
  .post('/analyses/:id/share', validate('param', IdParamSchema), async (c) => {
    const row = await ownAnalysis(c, c.req.valid('param').id);
    if (readsAnUpload(row)) {
      throw new ApiError(409, 'conflict', 'an analysis of your own upload is never shared');
    }
    if (row.status !== 'succeeded') {
      throw new ApiError(
        409,
        'conflict',
        `only an answered analysis can be shared; this one is ${row.status}`,
      );
    }
    const token = newShareToken();
    const share = await shareAnalysis(c.var.db, row.id, await shareTokenHash(token));
    const url = `${new URL(c.req.url).origin}/shared/${token}`;
    return c.json({ url, token, sharedAt: share.createdAt }, 201, { 'cache-control': 'no-store' });
  })
  .get('/analyses/:id/share', validate('param', IdParamSchema), async (c) => {
    const row = await ownAnalysis(c, c.req.valid('param').id);
    const share = await findShare(c.var.db, row.id);
    if (!share) throw notFound('share');
    return c.json({ sharedAt: share.createdAt });
  })
  .delete('/analyses/:id/share', validate('param', IdParamSchema), async (c) => {
    const row = await ownAnalysis(c, c.req.valid('param').id);
    return c.json({ revoked: await revokeShare(c.var.db, row.id) });
  })
  .get('/shared/:token', async (c) => {
    const token = c.req.param('token');
    const { analysis, sharedAt } = await sharedByToken(c, token);
    const result = await loadResult(c.env.FILES, analysis);
    return c.json(presentShared(analysis, sharedAt, token, result), 200, SHARED_HEADERS);
  })
  .get('/shared/:token/files/:name', async (c) => {
    const { token, name } = c.req.param();
    const { analysis } = await sharedByToken(c, token);
    // The result's own JSON is served as the analysis above, without what is the owner's alone.
    const served = FILE_NAME_PATTERN.test(name) && name !== 'result.json';
    const artifact = served ? await findArtifact(c.var.db, analysis.id, name) : undefined;
    const object = artifact && (await c.env.FILES.get(artifact.r2Key));
    if (!artifact || !object) throw notFound('file');
    return new Response(object.body, {
      headers: {
        ...SHARED_HEADERS,
        'content-type': artifact.contentType,
        'content-length': String(artifact.size),
        'content-disposition': `inline; filename="${name}"`,
        etag: `"${artifact.sha256}"`,
        'x-content-type-options': 'nosniff',
        // Stored files are data: an SVG opened directly must not run anything.
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      },
    });
  });
