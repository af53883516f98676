import { BatchRequestSchema, BatchSchema } from '@pitwall/db/contracts';
import { z } from 'zod';
import type { RouteDoc } from '../openapi/route-doc.ts';

const IdParams = z.object({ id: z.string() });
const Accepted = z.object({
  id: z.string(),
  analyses: z.array(z.string()),
  links: z.object({ self: z.string() }).catchall(z.string()),
});

/** The batch routes as documented, with the schemas `batches.ts` validates with. */
export const batchDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/analyze/batch',
    summary: 'Ask 1–100 questions as one durable batch',
    tag: 'batches',
    auth: 'user',
    idempotent: true,
    body: { schema: BatchRequestSchema, type: 'application/json' },
    responses: { 202: { description: 'accepted', schema: Accepted } },
  },
  {
    method: 'get',
    path: '/api/batches/{id}',
    summary: 'A batch with its counts and items',
    tag: 'batches',
    auth: 'user',
    params: IdParams,
    responses: { 200: { description: 'the batch', schema: BatchSchema } },
  },
  {
    method: 'post',
    path: '/api/batches/{id}/cancel',
    summary: 'Cancel what has not finished',
    tag: 'batches',
    auth: 'user',
    params: IdParams,
    responses: {
      202: { description: 'cancellation requested', schema: z.object({ id: z.string() }).passthrough() },
    },
  },
];
