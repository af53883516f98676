import type { z } from 'zod';

/**
 * One documented route. Route files declare these next to their handlers, with the very schemas the
 * handlers validate with, so the OpenAPI document cannot drift from what the API accepts.
 */
export type RouteDoc = {
  method: 'get' | 'post' | 'put';
  /** OpenAPI path syntax: `/api/analyses/{id}`. */
  path: string;
  summary: string;
  tag: string;
  auth: 'none' | 'user' | 'service';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: { schema: z.ZodType; type: 'application/json' | 'multipart/form-data' };
  /** Accepts an Idempotency-Key header. */
  idempotent?: boolean;
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
};
