import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.ts';
import type { RouteDoc } from '../openapi/route-doc.ts';

const HealthSchema = z.object({
  status: z.literal('ok'),
  temporal: z.enum(['ok', 'down']),
  time: z.string(),
});

export const healthDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/health',
    summary: 'Liveness of the API and reachability of Temporal',
    tag: 'meta',
    auth: 'none',
    rateLimited: false,
    responses: { 200: { description: 'health', schema: HealthSchema } },
  },
];

export const health = new Hono<AppEnv>().get('/', async (c) => {
  const temporal = await c.var.temporal.health();
  return c.json({ status: 'ok' as const, temporal, time: new Date().toISOString() });
});
