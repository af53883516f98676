import { ErrorEnvelopeSchema } from '@pitwall/db/contracts';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { requireUser } from '../middleware/auth.ts';
import { limitByUser } from '../middleware/rate-limit.ts';
import type { RouteDoc } from '../openapi/route-doc.ts';
import { presentUpload, readUpload, requireUpload, storeUpload } from '../services/uploads.ts';
import { validate } from '../validate.ts';

export const UPLOAD_TYPES = [
  'laps',
  'results',
  'qualifying',
  'stints',
  'pit_stops',
  'weather',
  'other',
] as const;

const MetadataSchema = z
  .record(z.string().max(64), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]))
  .refine((m) => Object.keys(m).length <= 50, 'metadata has at most 50 keys');

const UploadFormSchema = z.object({
  file: z.file().describe('the data: CSV with a header row, or JSON'),
  type: z.enum(UPLOAD_TYPES).describe('what the data is; the format comes from the file'),
  metadata: z
    .string()
    .max(8192)
    .optional()
    .describe('a JSON object of string, number, boolean or null values')
    .transform((s, ctx) => {
      if (s === undefined || s === '') return undefined;
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'metadata must be a JSON object' });
        return z.NEVER;
      }
    })
    .pipe(MetadataSchema.optional()),
});

const UploadSchema = z.object({
  id: z.string(),
  type: z.string(),
  format: z.enum(['csv', 'json']),
  name: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  metadata: MetadataSchema.nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
});

const UploadParamSchema = z.object({ id: z.string().regex(/^up_[a-z0-9]{20}$/, 'not an upload id') });
const DownloadQuerySchema = z.object({ download: z.enum(['0', '1']).optional() });
const DataParamSchema = z.object({ type: z.string().max(40), id: z.string().max(100) });

export const dataDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/data/upload',
    summary: 'Upload a CSV or JSON data file (stored encrypted, expires)',
    tag: 'data',
    auth: 'user',
    idempotent: true,
    body: { schema: UploadFormSchema, type: 'multipart/form-data' },
    responses: { 201: { description: 'stored', schema: UploadSchema } },
  },
  {
    method: 'get',
    path: '/api/data/upload/{id}',
    summary: 'An upload’s metadata, or with ?download=1 its decrypted content',
    tag: 'data',
    auth: 'user',
    params: UploadParamSchema,
    query: DownloadQuerySchema,
    responses: {
      200: {
        description: 'metadata (JSON), or the file as text/csv or application/json',
        schema: UploadSchema,
      },
    },
  },
  {
    method: 'get',
    path: '/api/data/{type}/{id}',
    summary: 'Data by type: season, race and driver bundles (not served yet: 404)',
    tag: 'data',
    auth: 'user',
    params: DataParamSchema,
    responses: { 404: { description: 'not served yet', schema: ErrorEnvelopeSchema } },
  },
];

export const data = new Hono<AppEnv>()
  .use(requireUser, limitByUser)
  .post(
    '/upload',
    async (c, next) => {
      const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'multipart/form-data') {
        throw new ApiError(415, 'unsupported_media_type', 'send the upload as multipart/form-data');
      }
      await next();
    },
    validate('form', UploadFormSchema),
    async (c) => {
      const form = c.req.valid('form');
      const row = await storeUpload(c, { file: form.file, type: form.type, metadata: form.metadata });
      return c.json(presentUpload(row), 201);
    },
  )
  .get(
    '/upload/:id',
    validate('param', UploadParamSchema),
    validate('query', DownloadQuerySchema),
    async (c) => {
      const row = await requireUpload(c, c.req.valid('param').id);
      if (c.req.valid('query').download !== '1') return c.json(presentUpload(row));
      const content = await readUpload(c, row);
      const contentType =
        row.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8';
      return new Response(content, {
        headers: {
          'content-type': contentType,
          'content-length': String(content.byteLength),
          'content-disposition': `attachment; filename="${row.id}.${row.format}"; filename*=UTF-8''${encodeURIComponent(row.name)}`,
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'; sandbox",
          etag: `"${row.sha256}"`,
        },
      });
    },
  )
  .get('/:type/:id', validate('param', DataParamSchema), (c) => {
    const { type } = c.req.valid('param');
    throw new ApiError(404, 'not_found', `${type} data is not served yet; only upload/<id> is available`);
  });
