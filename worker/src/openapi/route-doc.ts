import type { z } from 'zod';

/**
 * One documented route. Route files declare these next to their handlers, with the very schemas the
 * handlers validate with, so the OpenAPI document cannot drift from what the API accepts.
 */
export type RouteDoc = {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI path syntax: `/api/analyses/{id}`. */
  path: string;
  summary: string;
  tag: string;
  auth: 'none' | 'user' | 'service';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: {
    schema: z.ZodType;
    type: 'application/json' | 'multipart/form-data';
    /** The media types each form part may have (OpenAPI's Encoding Object `contentType`). */
    partTypes?: Record<string, string>;
  };
  /** Accepts an Idempotency-Key header. */
  idempotent?: boolean;
  /** `false` for the routes mounted ahead of the per-IP and per-user rate limits (they never answer 429). */
  rateLimited?: false;
  responses: Record<
    number,
    {
      description: string;
      schema?: z.ZodType;
      contentType?: string;
      /** An answer that comes in several media types: each with its schema, if it has one. */
      content?: Record<string, z.ZodType | undefined>;
    }
  >;
  /**
   * Error answers particular to this route, with when they happen (e.g. 409 for a taken username, 503
   * when Temporal is unreachable). The document adds the ones every route shares; see `document.ts`.
   */
  errors?: Partial<Record<number, string>>;
};
