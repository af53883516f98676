import { QueryCatalogSchema } from '@pitwall/db/contracts';
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { requireService } from '../middleware/auth.ts';
import type { RouteDoc } from '../openapi/route-doc.ts';
import { validate } from '../validate.ts';

/** Where the compute plane's catalog is kept (R2). */
const CATALOG_KEY = 'system/catalog.json';

export const catalogDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/catalog',
    summary:
      'The metrics and views a query may name (`structured.metric` in POST /api/analyze), with their labels; empty until the compute plane has published them',
    tag: 'analyses',
    auth: 'none',
    rateLimited: false,
    responses: { 200: { description: 'the catalog', schema: QueryCatalogSchema } },
  },
];

/** `GET /api/catalog`: public, the same for everyone, so caches may keep it a few minutes. */
export const catalog = new Hono<AppEnv>().get('/', async (c) => {
  const object = await c.env.FILES.get(CATALOG_KEY);
  const parsed = object ? QueryCatalogSchema.safeParse(await object.json()) : undefined;
  c.header('cache-control', parsed?.success ? 'public, max-age=300' : 'no-store');
  return c.json(parsed?.success ? parsed.data : { items: [] });
});

/** `PUT /api/internal/catalog`: the compute plane publishes its catalog when it starts. */
export const internalCatalog = new Hono<AppEnv>()
  .use(requireService)
  .put('/', validate('json', QueryCatalogSchema), async (c) => {
    await c.env.FILES.put(CATALOG_KEY, JSON.stringify(c.req.valid('json')), {
      httpMetadata: { contentType: 'application/json' },
    });
    return c.json({ stored: true });
  });
