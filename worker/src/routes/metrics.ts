import { readSeries } from '@pitwall/db/queries/metrics';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { flushMetrics, metricsConfig } from '../middleware/metrics.ts';
import type { RouteDoc } from '../openapi/route-doc.ts';
import { renderExposition } from '../services/metrics.ts';
import { timingSafeEqual } from '../services/passwords.ts';

const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export const metricsDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/metrics',
    summary: 'Prometheus metrics (text format 0.0.4); bearer METRICS_TOKEN or the service token',
    tag: 'meta',
    auth: 'service',
    rateLimited: false,
    responses: { 200: { description: 'metrics', schema: z.string(), contentType: 'text/plain' } },
    errors: { 401: 'no token, or not a metrics or service token (`unauthorized`)' },
  },
];

const encoder = new TextEncoder();
const matches = (given: string, expected: string | undefined) =>
  expected !== undefined && timingSafeEqual(encoder.encode(given), encoder.encode(expected));

/**
 * Metrics name routes, models and volumes: operators only. A scraper holds METRICS_TOKEN (a separate
 * secret, so it cannot write through the internal API); the compute plane's service token also reads.
 */
const requireMetricsReader = createMiddleware<AppEnv>(async (c, next) => {
  const token = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? '';
  const { METRICS_TOKEN } = metricsConfig(c.env);
  if (!matches(token, METRICS_TOKEN) && !matches(token, c.var.config.SERVICE_TOKEN)) {
    throw new ApiError(401, 'unauthorized', 'a metrics or service token is required', undefined, {
      'WWW-Authenticate': 'Bearer realm="metrics"',
    });
  }
  await next();
});

export const metrics = new Hono<AppEnv>().get('/', requireMetricsReader, async (c) => {
  // This isolate's unflushed sums go in first, so a scrape sees at least everything this isolate saw.
  await flushMetrics(c.var.db);
  const body = renderExposition(await readSeries(c.var.db));
  return c.body(body, 200, { 'content-type': CONTENT_TYPE });
});
