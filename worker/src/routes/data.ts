import {
  BUNDLE_ID_HINTS,
  BUNDLE_ID_PATTERNS,
  BUNDLE_SCHEMAS,
  BUNDLE_TYPES,
  type BundleType,
  bundleKey,
} from '@pitwall/db/contracts';
import { listUploads } from '@pitwall/db/queries/app';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { requireUser } from '../middleware/auth.ts';
import { limitByUser } from '../middleware/rate-limit.ts';
import { jsonFormField } from '../openapi/json-form-field.ts';
import type { RouteDoc } from '../openapi/route-doc.ts';
import {
  BundleParamSchema,
  bundleCacheKey,
  EDGE_TTL_SECONDS,
  edgeCache,
  etagOf,
  gunzip,
  matchesEtag,
} from '../services/bundles.ts';
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

const METADATA_MAX_KEYS = 50;
const MetadataSchema = z
  .record(z.string().max(64), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]))
  .refine((m) => Object.keys(m).length <= METADATA_MAX_KEYS, `metadata has at most ${METADATA_MAX_KEYS} keys`)
  // zod has no key count for records: the refinement above, as JSON Schema says it.
  .meta({ maxProperties: METADATA_MAX_KEYS });

// Strict: a form field the upload does not know is refused, as the document says.
const UploadFormSchema = z.strictObject({
  file: z.file().describe('the data: CSV with a header row, or JSON'),
  type: z.enum(UPLOAD_TYPES).describe('what the data is; the format comes from the file'),
  metadata: jsonFormField(MetadataSchema, {
    maxLength: 8192,
    message: 'metadata must be a JSON object',
  })
    .optional()
    .describe('a JSON object of string, number, boolean or null values (at most 8192 characters of JSON)'),
});

const UploadFieldsSchema = UploadFormSchema.omit({ file: true });

/** The upload's other fields, checked as `validate('form', …)` would, in the same error envelope. */
function parseUploadFields(fields: Record<string, string>) {
  const parsed = UploadFieldsSchema.safeParse(fields);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new ApiError(400, 'invalid_request', `invalid form: ${issues[0]?.message ?? 'bad input'}`, {
      issues,
    });
  }
  return parsed.data;
}

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
const UPLOAD_TYPE = `(?:${UPLOAD_TYPES.join('|')})`;
/** Upload types, comma-separated; empty means all. */
const UPLOAD_TYPE_LIST = new RegExp(`^(?:${UPLOAD_TYPE}(?:,${UPLOAD_TYPE})*)?$`);
const UploadListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  type: z
    .string()
    .max(200)
    .regex(UPLOAD_TYPE_LIST, `type lists upload types, comma-separated: ${UPLOAD_TYPES.join(', ')}`)
    .optional()
    .describe('only these types, comma-separated (e.g. laps,results)')
    .transform((s) => (s ? s.split(',') : [])),
});
const UploadListSchema = z.object({ items: z.array(UploadSchema) });
const DownloadQuerySchema = z.object({ download: z.enum(['0', '1']).optional() });
const BUNDLE_SUMMARIES: Record<BundleType, string> = {
  season: 'A season’s published data: calendar, winners, standings, points per round (e.g. 2024)',
  race:
    'A race’s published data: event, race and sprint results, qualifying, grid, laps, stints, pit stops, ' +
    'weather (e.g. 2024-21: season and round)',
  driver: 'A driver’s published data: per-season summary and career (e.g. max_verstappen)',
};
const BundleQuerySchema = z.object({
  v: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'v is a bundle’s sha256 (its ETag)')
    .optional()
    .describe('the sha256 you expect (the ETag): when it is current the answer may be cached for a year'),
});

/**
 * Bundles are public data, the same for everyone and readable without an account, so any cache may keep
 * them. The unversioned URL moves when data is re-imported: a short max-age, then revalidation with the
 * ETag (a 304 costs no R2 read when the edge cache holds it). A URL pinned to the current content
 * (`?v=<sha256>`) never changes meaning, so it is immutable.
 */
const CLIENT_CACHE = `public, max-age=${EDGE_TTL_SECONDS}`;
const PINNED_CACHE = 'public, max-age=31536000, immutable';

type Held = { json: string; sha256: string; cache: 'HIT' | 'MISS' };

const cacheKeyOf = (c: Context<AppEnv>, type: BundleType, id: string) =>
  bundleCacheKey(new URL(c.req.url).origin, type, id);

/**
 * The current hash of a bundle without reading its body: from the edge cache, else R2's metadata (a
 * revalidation that ends in 304 costs no R2 body read).
 */
async function currentSha(c: Context<AppEnv>, type: BundleType, id: string) {
  const hit = await edgeCache().match(cacheKeyOf(c, type, id));
  const cached = hit?.headers.get('x-bundle-sha256');
  await hit?.body?.cancel();
  if (cached) return { sha256: cached, cache: 'HIT' as const };
  const head = await c.env.FILES.head(bundleKey(type, id));
  const sha256 = head?.customMetadata?.sha256;
  return sha256 ? { sha256, cache: 'MISS' as const } : undefined;
}

/**
 * A bundle from the edge cache, else from R2 (then cached here for EDGE_TTL_SECONDS). The cached copy is
 * `public` so the Cache API keeps it; clients never see that header.
 */
async function readBundle(c: Context<AppEnv>, type: BundleType, id: string): Promise<Held | undefined> {
  const cache = edgeCache();
  const cacheKey = cacheKeyOf(c, type, id);
  const hit = await cache.match(cacheKey);
  const cachedSha = hit?.headers.get('x-bundle-sha256');
  if (hit && cachedSha) return { json: await hit.text(), sha256: cachedSha, cache: 'HIT' };
  const object = await c.env.FILES.get(bundleKey(type, id));
  const sha256 = object?.customMetadata?.sha256;
  if (!object || !sha256) return undefined;
  const raw = new Uint8Array(await object.arrayBuffer());
  const json = new TextDecoder().decode(object.customMetadata?.encoding === 'gzip' ? await gunzip(raw) : raw);
  const copy = new Response(json, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': `public, max-age=${EDGE_TTL_SECONDS}`,
      'x-bundle-sha256': sha256,
    },
  });
  c.executionCtx.waitUntil(cache.put(cacheKey, copy));
  return { json, sha256, cache: 'MISS' };
}

export const dataDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/data/upload',
    summary: 'Upload a CSV or JSON data file (stored encrypted, expires)',
    tag: 'data',
    auth: 'user',
    idempotent: true,
    body: {
      schema: UploadFormSchema,
      type: 'multipart/form-data',
      // The file's media type (or else its extension) says its format; metadata is a JSON part.
      partTypes: { file: 'text/csv, application/json', metadata: 'application/json' },
    },
    responses: { 201: { description: 'stored', schema: UploadSchema } },
    errors: {
      400: 'invalid form fields, or a file that is empty or not valid CSV/JSON (`invalid_request`)',
      409: 'an Idempotency-Key reused with another upload, or one still being stored (`conflict`)',
      413: 'the file is larger than the upload limit (`payload_too_large`)',
      415: 'not multipart/form-data, or a file that is not CSV or JSON text (`unsupported_media_type`)',
    },
  },
  {
    method: 'get',
    path: '/api/data/uploads',
    summary: 'Your uploads that have not expired, newest first',
    tag: 'data',
    auth: 'user',
    query: UploadListQuerySchema,
    responses: { 200: { description: 'your uploads', schema: UploadListSchema } },
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
        description: 'the upload’s metadata, or with ?download=1 the file as uploaded (CSV or JSON)',
        content: {
          'application/json': z.union([UploadSchema, z.unknown().describe('the uploaded JSON file')]),
          'text/csv': z.string().describe('the uploaded CSV file'),
        },
      },
    },
  },
  ...BUNDLE_TYPES.map(
    (type): RouteDoc => ({
      method: 'get',
      path: `/api/data/${type}/{id}`,
      summary: `${BUNDLE_SUMMARIES[type]}. ETag = sha256 of the JSON; If-None-Match → 304`,
      tag: 'data',
      // Public data: read without an account (still limited per address).
      auth: 'none',
      // One path per type: each type's ids have their own pattern, which the route checks.
      params: z.object({
        id: BundleParamSchema.shape.id
          .regex(BUNDLE_ID_PATTERNS[type], BUNDLE_ID_HINTS[type])
          .describe(BUNDLE_ID_HINTS[type]),
      }),
      query: BundleQuerySchema,
      responses: {
        200: { description: `the ${type} bundle`, schema: BUNDLE_SCHEMAS[type] },
        304: { description: 'not modified: If-None-Match names the current ETag' },
      },
      errors: { 404: `no such ${type} bundle has been published (\`not_found\`)` },
    }),
  ),
];

export const data = new Hono<AppEnv>()
  // Uploads are the caller's own; the bundles below are public.
  .use('/upload', requireUser, limitByUser)
  .use('/upload/*', requireUser, limitByUser)
  .use('/uploads', requireUser, limitByUser)
  .post(
    '/upload',
    async (c, next) => {
      const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'multipart/form-data') {
        throw new ApiError(415, 'unsupported_media_type', 'send the upload as multipart/form-data');
      }
      await next();
    },
    async (c) => {
      // The body is read as a stream, not parsed by a validator: the file goes to R2 as it arrives.
      const row = await storeUpload(c, parseUploadFields);
      return c.json(presentUpload(row), 201);
    },
  )
  .get('/uploads', validate('query', UploadListQuerySchema), async (c) => {
    const { limit, type } = c.req.valid('query');
    const rows = await listUploads(c.var.db, c.var.userId, {
      nowIso: new Date().toISOString(),
      limit,
      types: type,
    });
    return c.json({ items: rows.map(presentUpload) });
  })
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
          'content-disposition': `attachment; filename="${row.id}.${row.format}"; filename*=UTF-8''${encodeURIComponent(row.name)}`,
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'; sandbox",
          etag: `"${row.sha256}"`,
        },
      });
    },
  )
  .get(
    '/:type/:id',
    validate('param', BundleParamSchema),
    validate('query', BundleQuerySchema),
    async (c) => {
      const { type, id } = c.req.valid('param');
      const { v } = c.req.valid('query');
      const headersFor = (sha256: string, cache: 'HIT' | 'MISS') => ({
        etag: etagOf(sha256),
        'cache-control': v === sha256 ? PINNED_CACHE : CLIENT_CACHE,
        'x-edge-cache': cache,
      });
      const ifNoneMatch = c.req.header('if-none-match');
      if (ifNoneMatch) {
        const current = await currentSha(c, type, id);
        if (current && matchesEtag(ifNoneMatch, etagOf(current.sha256))) {
          return c.body(null, 304, headersFor(current.sha256, current.cache));
        }
      }
      const held = await readBundle(c, type, id);
      if (!held) throw new ApiError(404, 'not_found', `no ${type} bundle ${id} has been published`);
      return c.body(held.json, 200, {
        ...headersFor(held.sha256, held.cache),
        'content-type': 'application/json; charset=utf-8',
      });
    },
  );
