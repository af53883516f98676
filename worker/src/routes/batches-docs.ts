import { BatchRequestSchema, BatchSchema, BatchStatusSchema } from '@pitwall/db/contracts';
import { z } from 'zod';
import type { RouteDoc } from '../openapi/route-doc.ts';
import { BatchIdParamSchema } from './batches.ts';

const BatchLinksSchema = z.object({ self: z.string(), cancel: z.string() });
const AcceptedSchema = z.object({
  id: z.string(),
  status: BatchStatusSchema,
  total: z.number().int(),
  analyses: z.array(z.string()),
  links: BatchLinksSchema,
});
const AnalysisLinksSchema = z.object({ self: z.string(), events: z.string() });
/** The contract's batch with what the route adds: the cancel flag and links. */
const BatchViewSchema = BatchSchema.extend({
  cancelRequested: z.boolean(),
  analyses: z.array(BatchSchema.shape.analyses.element.extend({ links: AnalysisLinksSchema })),
  links: BatchLinksSchema,
});
const CancelledSchema = z.object({ id: z.string(), status: BatchStatusSchema, cancelRequested: z.boolean() });

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
    responses: { 202: { description: 'accepted', schema: AcceptedSchema } },
    errors: {
      400: 'invalid request (`invalid_request`), or an upload that is not a laps or results table',
      404: 'an upload named in an item’s `data` is not yours or has expired (`not_found`)',
      409: 'an Idempotency-Key reused with another request, or a batch id already taken (`conflict`)',
      429: 'rate limited (`rate_limited`), or the daily quota of batch items is used up (`quota_exceeded`); see Retry-After',
    },
  },
  {
    method: 'get',
    path: '/api/batches/{id}',
    summary: 'A batch with its counts and items',
    tag: 'batches',
    auth: 'user',
    params: BatchIdParamSchema,
    responses: { 200: { description: 'the batch', schema: BatchViewSchema } },
  },
  {
    method: 'post',
    path: '/api/batches/{id}/cancel',
    summary: 'Cancel what has not finished',
    tag: 'batches',
    auth: 'user',
    params: BatchIdParamSchema,
    responses: { 202: { description: 'cancellation requested', schema: CancelledSchema } },
    errors: {
      409: 'the batch has already finished or been cancelled (`conflict`)',
      503: 'Temporal is unreachable, so the batch workflow could not be cancelled (`unavailable`)',
    },
  },
];
