import type { ErrorCode } from '@pitwall/db/contracts';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An error the client may see: it becomes the `{ error: { code, message, details } }` envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what = 'resource') => new ApiError(404, 'not_found', `${what} not found`);

/** A known path asked with a method it does not serve: 405 and, as RFC 9110 asks, the methods it does. */
export const methodNotAllowed = (method: string, allowed: readonly string[]) =>
  new ApiError(
    405,
    'method_not_allowed',
    `${method} is not allowed here; this path answers ${allowed.join(', ')}`,
    { allowed },
    { Allow: allowed.join(', ') },
  );

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

export function renderError(err: Error, c: Context) {
  if (err instanceof ApiError) {
    return c.json(
      { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } },
      err.status,
      err.headers,
    );
  }
  if (err instanceof HTTPException && err.status < 500) {
    const code = STATUS_CODES[err.status] ?? 'invalid_request';
    return c.json({ error: { code, message: err.message || code } }, err.status);
  }
  // Internal details stay in the log; the client gets a stable word.
  console.error(JSON.stringify({ level: 'error', path: c.req.path, error: String(err?.stack ?? err) }));
  return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
}
