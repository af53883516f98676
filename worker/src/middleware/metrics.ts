import { REQUEST_ID_PATTERN } from '@pitwall/db/contracts';
import { addToSeries } from '@pitwall/db/queries/metrics';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import { z } from 'zod';
import type { AppDb, AppEnv, Bindings } from '../env.ts';
import { MetricBuffer } from '../services/metrics.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** The request's id: the client's valid x-request-id, or a new one. Logs and the workflow carry it. */
    requestId: string;
  }
}

const MetricsConfigSchema = z.object({
  /** Bearer token that may read GET /api/metrics; without it only the service token may. */
  METRICS_TOKEN: z.string().min(32, 'METRICS_TOKEN must be at least 32 characters').optional(),
  /** Longest time an isolate keeps observations before adding them to D1, in seconds. */
  METRICS_FLUSH_SECONDS: z.coerce
    .number()
    .int()
    .min(1, 'METRICS_FLUSH_SECONDS must be at least 1')
    .default(10),
});
export type MetricsConfig = z.infer<typeof MetricsConfigSchema>;
type MetricsBindings = Bindings & { METRICS_TOKEN?: string; METRICS_FLUSH_SECONDS?: string };

let cachedConfig: { env: Bindings; config: MetricsConfig } | undefined;

/** Parsed once per isolate (per env object); a bad value fails with its variable's name. */
export function metricsConfig(env: MetricsBindings): MetricsConfig {
  if (cachedConfig?.env === env) return cachedConfig.config;
  const parsed = MetricsConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Worker configuration is invalid: ${problems}`);
  }
  cachedConfig = { env, config: parsed.data };
  return parsed.data;
}

/**
 * This isolate's observations since its last flush. Summing in memory keeps D1 off the hot path: a flush
 * adds the sums to D1 (one batched call) after the response, at most every METRICS_FLUSH_SECONDS or
 * FLUSH_AT_OBSERVATIONS. Flushes commute (they only add), so isolates never coordinate; an evicted
 * isolate loses at most its unflushed window.
 */
export const isolateMetrics = new MetricBuffer();
const FLUSH_AT_OBSERVATIONS = 500;
let lastFlush = Date.now();

/** Adds this isolate's sums to D1 now; on failure they stay in memory for the next flush. */
export async function flushMetrics(db: AppDb): Promise<void> {
  lastFlush = Date.now();
  const deltas = isolateMetrics.drain();
  try {
    await addToSeries(db, deltas);
  } catch (err) {
    isolateMetrics.restore(deltas);
    console.error(JSON.stringify({ level: 'warn', msg: 'metrics flush failed', error: String(err) }));
  }
}

/** Flushes after the response when enough was observed or enough time passed. */
export function maybeFlush(c: Context<AppEnv>) {
  const db = c.get('db') as AppDb | undefined;
  if (!db || isolateMetrics.pending === 0) return;
  const dueMs = metricsConfig(c.env).METRICS_FLUSH_SECONDS * 1000;
  if (isolateMetrics.pending < FLUSH_AT_OBSERVATIONS && Date.now() - lastFlush < dueMs) return;
  const flushing = flushMetrics(db);
  try {
    c.executionCtx.waitUntil(flushing);
  } catch {
    // No execution context (an in-process test): the promise still runs to completion.
  }
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The route pattern that answered (or would have, when a middleware refused first); never a raw path. */
function routeOf(c: Context<AppEnv>): string {
  const routes = matchedRoutes(c);
  const answering = routes[c.req.routeIndex];
  if (answering && answering.method !== 'ALL') return answering.path;
  return routes.findLast((r) => r.method !== 'ALL')?.path ?? 'unmatched';
}

/**
 * Gives every API request an id (x-request-id, echoed back), times it into the per-route histogram and
 * counter, and logs one JSON line for writes and server errors. Successful reads are the hot path and are
 * counted only in the metrics.
 */
export const observe = createMiddleware<AppEnv>(async (c, next) => {
  const incoming = c.req.header('x-request-id');
  const requestId = incoming && REQUEST_ID_PATTERN.test(incoming) ? incoming : crypto.randomUUID();
  c.set('requestId', requestId);
  const started = Date.now();
  await next();
  // workerd advances the clock only across I/O: this is the request's wall time spent waiting on I/O.
  const ms = Date.now() - started;
  const status = c.res.status;
  const method = METHODS.has(c.req.method) ? c.req.method : 'OTHER';
  const route = routeOf(c);
  const labels = { route, method, status: `${Math.floor(status / 100)}xx` };
  isolateMetrics.observe('pitwall_http_request_duration_seconds', labels, ms / 1000);
  isolateMetrics.inc('pitwall_http_requests_total', labels);
  try {
    c.res.headers.set('x-request-id', requestId);
  } catch {
    // A response passed through with immutable headers keeps them.
  }
  if ((method !== 'GET' && method !== 'HEAD') || status >= 500) {
    const line = { ts: new Date().toISOString(), level: status >= 500 ? 'error' : 'info', msg: 'request' };
    const userId = c.get('userId') as string | undefined;
    console.log(
      JSON.stringify({
        ...line,
        requestId,
        method,
        route,
        path: c.req.path,
        status,
        ms,
        ...(userId ? { userId } : {}),
      }),
    );
  }
  maybeFlush(c);
});
