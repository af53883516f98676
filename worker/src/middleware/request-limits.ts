import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';

/** Room for the multipart boundaries and the small `type` and `metadata` fields around an upload's file. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
/** The compute plane stores charts and exports of up to 20 MB through the internal API. */
const INTERNAL_MAX_BYTES = 21 * 1024 * 1024;

const tooLarge = (maxSize: number) => () => {
  throw new ApiError(413, 'payload_too_large', `the request body is larger than ${maxSize} bytes`, {
    maxBytes: maxSize,
  });
};

const hasBody = (req: Request) =>
  req.body !== null &&
  (req.headers.has('transfer-encoding') || Number(req.headers.get('content-length') ?? '0') > 0);

/**
 * Every route has a body limit (streamed bodies are counted as they arrive), and a route that reads JSON
 * refuses other media types up front rather than failing later with a parse error.
 */
export const requestLimits = createMiddleware<AppEnv>(async (c, next) => {
  const { BODY_MAX_BYTES, UPLOAD_MAX_BYTES } = c.var.config;
  const path = c.req.path;
  const isUpload = path === '/api/data/upload';
  const isInternalFile = path.startsWith('/api/internal/') && c.req.method === 'PUT';
  const maxSize = isUpload
    ? UPLOAD_MAX_BYTES + MULTIPART_OVERHEAD_BYTES
    : path.startsWith('/api/internal/')
      ? INTERNAL_MAX_BYTES
      : BODY_MAX_BYTES;
  if (!isUpload && !isInternalFile && hasBody(c.req.raw)) {
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      throw new ApiError(415, 'unsupported_media_type', 'send the body as application/json');
    }
  }
  // The upload route reads its body as a stream and counts the bytes itself; Hono's limit would hold a
  // body sent without Content-Length in memory to count it. A declared size over the limit fails at once.
  if (isUpload) {
    if (Number(c.req.header('content-length') ?? '0') > maxSize) tooLarge(maxSize)();
    return next();
  }
  return bodyLimit({ maxSize, onError: tooLarge(maxSize) })(c, next);
});
