import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.ts';
import { requireUser } from '../middleware/auth.ts';
import { limitByUser } from '../middleware/rate-limit.ts';
import type { RouteDoc } from '../openapi/route-doc.ts';
import { listModels } from '../services/models.ts';

const ModelListSchema = z.object({
  items: z.array(
    z.object({ id: z.string(), name: z.string(), description: z.string(), available: z.boolean() }),
  ),
});

export const modelDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/models',
    summary: 'The assistants an analysis can use',
    tag: 'analyses',
    auth: 'user',
    responses: { 200: { description: 'the models', schema: ModelListSchema } },
  },
];

export const models = new Hono<AppEnv>()
  .use(requireUser, limitByUser)
  .get('/', async (c) => c.json({ items: await listModels(c.env.FILES) }));
