import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { requireService } from '../middleware/auth.ts';
import {
  BundleParamSchema,
  bundleCacheKey,
  bundleManifest,
  edgeCache,
  storeBundle,
} from '../services/bundles.ts';
import { validate } from '../validate.ts';

/**
 * Where the compute plane publishes data bundles. A PUT of content the edge already holds writes
 * nothing (content-addressed by the sha256 of the JSON), so publishing again after an import only
 * rewrites what changed, and Temporal's retries are harmless.
 */
export const internalData = new Hono<AppEnv>()
  .use(requireService)
  .get('/', async (c) => c.json({ items: await bundleManifest(c.env.FILES) }))
  .put('/:type/:id', validate('param', BundleParamSchema), async (c) => {
    const { type, id } = c.req.valid('param');
    const body = new Uint8Array(await c.req.arrayBuffer());
    const stored = await storeBundle(c.env.FILES, type, id, body);
    // This location's cached copy goes now; other locations drop theirs within the edge TTL.
    if (stored.stored) await edgeCache().delete(bundleCacheKey(new URL(c.req.url).origin, type, id));
    return c.json(stored, stored.stored ? 201 : 200);
  });
