import {
  BUNDLE_ID_HINTS,
  BUNDLE_ID_PATTERNS,
  BUNDLE_SCHEMAS,
  BUNDLE_TYPES,
  type BundleType,
  bundleKey,
} from '@pitwall/db/contracts';
import { z } from 'zod';
import { ApiError } from '../errors.ts';
import { sha256Hex } from './passwords.ts';

/**
 * Data bundles (season, race, driver) as the edge keeps them: gzipped JSON in R2 under
 * `data/<type>/<id>.json`, with the sha256 of the JSON text in the object's custom metadata. That hash is
 * the ETag. The compute plane publishes them; GET /api/data/:type/:id serves them.
 */

/** `{ type, id }` of a bundle, each id checked against its type's pattern. */
export const BundleParamSchema = z
  .object({
    type: z.enum(BUNDLE_TYPES).describe('season, race or driver'),
    id: z.string().max(64).describe('2024 (season), 2024-21 (race: season-round), max_verstappen (driver)'),
  })
  .superRefine((p, ctx) => {
    if (!BUNDLE_ID_PATTERNS[p.type].test(p.id)) {
      ctx.addIssue({ code: 'custom', path: ['id'], message: `bad ${p.type} id: ${BUNDLE_ID_HINTS[p.type]}` });
    }
  });

/** A stored bundle's ETag value (quoted). */
export const etagOf = (sha256: string) => `"${sha256}"`;

/**
 * Whether an If-None-Match header names this ETag: `*`, or any listed tag, weak or strong (RFC 9110 uses
 * the weak comparison for If-None-Match).
 */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

const isGzip = (bytes: Uint8Array) => bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

async function transform(bytes: Uint8Array<ArrayBuffer>, stream: CompressionStream | DecompressionStream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

export const gunzip = (bytes: Uint8Array<ArrayBuffer>) => transform(bytes, new DecompressionStream('gzip'));
const gzip = (bytes: Uint8Array<ArrayBuffer>) => transform(bytes, new CompressionStream('gzip'));

export type StoredBundle = { stored: boolean; sha256: string; bytes: number; gzipBytes: number };

/**
 * Checks a bundle from the compute plane (gzipped or plain JSON) against its schema and stores it,
 * unless the edge already holds the same content (same sha256 of the JSON text): then nothing is written.
 */
export async function storeBundle(
  bucket: R2Bucket,
  type: BundleType,
  id: string,
  body: Uint8Array<ArrayBuffer>,
): Promise<StoredBundle> {
  let jsonBytes: Uint8Array<ArrayBuffer>;
  try {
    jsonBytes = isGzip(body) ? await gunzip(body) : body;
  } catch {
    throw new ApiError(400, 'invalid_request', 'the bundle is not valid gzip');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(jsonBytes));
  } catch {
    throw new ApiError(400, 'invalid_request', 'the bundle is not JSON');
  }
  const checked = BUNDLE_SCHEMAS[type].safeParse(parsed);
  if (!checked.success) {
    const issues = checked.error.issues
      .slice(0, 10)
      .map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new ApiError(400, 'invalid_request', `not a ${type} bundle: ${issues[0]?.message}`, { issues });
  }
  if (checked.data.id !== id) {
    throw new ApiError(400, 'invalid_request', `the bundle is ${type}/${checked.data.id}, not ${type}/${id}`);
  }
  const sha256 = await sha256Hex(jsonBytes);
  const key = bundleKey(type, id);
  const held = await bucket.head(key);
  if (held?.customMetadata?.sha256 === sha256) {
    return { stored: false, sha256, bytes: jsonBytes.byteLength, gzipBytes: held.size };
  }
  const gzipped = isGzip(body) ? body : await gzip(body);
  await bucket.put(key, gzipped, {
    httpMetadata: { contentType: 'application/json' },
    customMetadata: { sha256, encoding: 'gzip', bytes: String(jsonBytes.byteLength) },
  });
  return { stored: true, sha256, bytes: jsonBytes.byteLength, gzipBytes: gzipped.byteLength };
}

/** Every published bundle (`race/2024-21`) and the sha256 of its JSON. */
export async function bundleManifest(bucket: R2Bucket): Promise<Record<string, string>> {
  const items: Record<string, string> = {};
  let cursor: string | undefined;
  do {
    const page = await bucket.list({
      prefix: 'data/',
      include: ['customMetadata'],
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    for (const object of page.objects) {
      const name = object.key.slice('data/'.length).replace(/\.json$/, '');
      const sha256 = object.customMetadata?.sha256;
      if (sha256) items[name] = sha256;
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return items;
}

/**
 * The edge cache entry of a bundle. Bundles are the same for every user, so one entry per bundle serves
 * them all; it is only ever read after the request has been authenticated, and it lives under a path no
 * client can request (the Worker runs before the cache for every API route anyway).
 */
export const bundleCacheKey = (origin: string, type: BundleType, id: string) =>
  new Request(`${origin}/api/__edge-cache/${bundleKey(type, id)}`);

/** The data centre's cache (`caches.default`; the DOM typings in scope do not know it). */
export const edgeCache = () => (caches as unknown as { default: Cache }).default;

/** How long the edge keeps a bundle before it reads R2 again (a republished bundle elsewhere shows within this). */
export const EDGE_TTL_SECONDS = 300;
