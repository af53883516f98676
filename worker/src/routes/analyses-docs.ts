import {
  AnalysisIdSchema,
  AnalysisStatusSchema,
  AnalyzeRequestSchema,
  AnalysisSchema as ContractAnalysisSchema,
} from '@pitwall/db/contracts';
import { z } from 'zod';
import type { RouteDoc } from '../openapi/route-doc.ts';
import { EventsQuerySchema, FileParamSchema, IdParamSchema, ListQuerySchema } from './analyses.ts';

const LinksSchema = z.object({ self: z.string(), events: z.string() });
const AcceptedSchema = z.object({ id: z.string(), status: AnalysisStatusSchema, links: LinksSchema });
const AnalysisSchema = ContractAnalysisSchema.extend({ links: LinksSchema });

/** The analyses routes as documented: the same schemas `analyses.ts` validates with. */
export const analysisDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/analyze',
    summary: 'Ask a question: stores a queued analysis and starts its workflow',
    tag: 'analyses',
    auth: 'user',
    idempotent: true,
    body: { schema: AnalyzeRequestSchema, type: 'application/json' },
    responses: { 202: { description: 'accepted', schema: AcceptedSchema } },
    errors: {
      400: 'invalid request (`invalid_request`): neither `query` nor `structured`, a `structured` query the query schema refuses, or an upload that is not a laps or results table',
      404: 'the upload named in `data` is not yours or has expired, or the analysis named in `followUp` is not yours (`not_found`)',
      409: 'an Idempotency-Key reused with another request, or a `followUp` of an analysis with no query to follow: not understood yet, ended before it was, or about an upload (`conflict`)',
      429: 'rate limited (`rate_limited`), or the daily quota of analyses is used up (`quota_exceeded`); see Retry-After',
    },
  },
  {
    method: 'get',
    path: '/api/analyses',
    summary: 'The caller’s analyses, newest first; each names its `threadId`, so a history can group them',
    tag: 'analyses',
    auth: 'user',
    query: ListQuerySchema,
    responses: {
      200: {
        description: 'a page',
        schema: z.object({ items: z.array(AnalysisSchema), nextCursor: z.string().nullable() }),
      },
    },
  },
  {
    method: 'get',
    path: '/api/analyses/{id}/thread',
    summary:
      'The thread (conversation) the analysis belongs to: the caller’s analyses of it, oldest first, the first 100',
    tag: 'analyses',
    auth: 'user',
    params: IdParamSchema,
    responses: {
      200: {
        description: 'the thread',
        schema: z.object({ threadId: AnalysisIdSchema, items: z.array(AnalysisSchema) }),
      },
    },
  },
  {
    method: 'get',
    path: '/api/analyses/{id}',
    summary: 'One analysis with its result once finished',
    tag: 'analyses',
    auth: 'user',
    params: IdParamSchema,
    responses: { 200: { description: 'the analysis', schema: AnalysisSchema } },
  },
  {
    method: 'get',
    path: '/api/analyses/{id}/events',
    summary: 'Progress events as server-sent events until a final status; resumable',
    tag: 'analyses',
    auth: 'user',
    params: IdParamSchema,
    query: EventsQuerySchema,
    responses: {
      200: { description: '`progress` events, then one `end`', contentType: 'text/event-stream' },
    },
  },
  {
    method: 'get',
    path: '/api/analyses/{id}/files/{name}',
    summary: 'One stored file of an analysis (chart SVG/PNG, CSV, result JSON)',
    tag: 'analyses',
    auth: 'user',
    params: FileParamSchema,
    responses: { 200: { description: 'the file with its content type', contentType: '*/*' } },
  },
  {
    method: 'post',
    path: '/api/analyses/{id}/cancel',
    summary: 'Cancel a queued or running analysis',
    tag: 'analyses',
    auth: 'user',
    params: IdParamSchema,
    responses: {
      202: {
        description: 'cancellation requested',
        schema: z.object({ id: z.string(), status: AnalysisStatusSchema, cancelRequested: z.boolean() }),
      },
    },
    errors: {
      409: 'the analysis has already finished (`conflict`)',
      503: 'Temporal is unreachable, so the running workflow could not be cancelled (`unavailable`)',
    },
  },
];
