import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../env.ts';

/**
 * API answers are data, never documents: nothing in them may load or run, frame them or be cached by a
 * shared cache. Handlers that serve something else (stored files, the docs page) set their own CSP, which
 * `overwrite: false` leaves in place.
 */
const apiSecureHeaders = secureHeaders({
  overwrite: false,
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
  crossOriginResourcePolicy: 'same-origin',
  crossOriginOpenerPolicy: 'same-origin',
  referrerPolicy: 'no-referrer',
  strictTransportSecurity: 'max-age=63072000; includeSubDomains',
  xFrameOptions: 'DENY',
  permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [] },
});

export const apiHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await apiSecureHeaders(c, async () => {
    await next();
    if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
  });
});

/** Cross-origin access only for the origins listed in CORS_ORIGINS; by default none (same origin only). */
export const corsPolicy = createMiddleware<AppEnv>(async (c, next) => {
  const origins = c.var.config.CORS_ORIGINS;
  if (origins.length === 0) return next();
  return cors({
    origin: origins,
    allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'last-event-id', 'if-none-match'],
    // ETag: clients revalidate data bundles with If-None-Match.
    exposeHeaders: ['retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'etag', 'x-request-id'],
    maxAge: 600,
  })(c, next);
});
