import { Hono } from 'hono';
import type { AppEnv, Bindings } from './env.ts';
import { methodNotAllowed, notFound, renderError } from './errors.ts';
import { internalBatches } from './internal/batches.ts';
import { internalData } from './internal/data.ts';
import { internalMetrics } from './internal/metrics.ts';
import { internalResultCache } from './internal/result-cache.ts';
import { internal } from './internal/routes.ts';
import { internalUploads } from './internal/uploads.ts';
import { services } from './middleware/context.ts';
import { observe } from './middleware/metrics.ts';
import { limitByIp } from './middleware/rate-limit.ts';
import { requestLimits } from './middleware/request-limits.ts';
import { apiHeaders, corsPolicy } from './middleware/security.ts';
import { allowedMethods } from './openapi/allowed-methods.ts';
import { analyses } from './routes/analyses.ts';
import { auth } from './routes/auth.ts';
import { batches } from './routes/batches.ts';
import { catalog, internalCatalog } from './routes/catalog.ts';
import { data } from './routes/data.ts';
import { docs } from './routes/docs.ts';
import { health } from './routes/health.ts';
import { metrics } from './routes/metrics.ts';
import { models } from './routes/models.ts';
import { shares } from './routes/shares.ts';
import { serveSite } from './routes/site.ts';
import { usage } from './routes/usage.ts';
import { CLEANUP_CRON, cleanupUploads, reconcileNow } from './scheduled.ts';

export { RateLimiter } from './durable/rate-limiter.ts';

const app = new Hono<AppEnv>()
  // The benchmark's baseline: Hono with no middleware at all, present only when BENCH_ROUTES=1.
  .get('/api/bench/bare', (c, next) => (c.env.BENCH_ROUTES === '1' ? c.json({ ok: true }) : next()))
  // observe first: it times everything after it and gives the request its id.
  .use('/api/*', observe, apiHeaders, services, corsPolicy, requestLimits)
  .route('/api/health', health)
  // Scrapers authenticate with their own token and are not counted against a client IP.
  .route('/api/metrics', metrics)
  .route('/api', docs)
  // Health and the compute plane's service-token API are not counted against a client IP.
  .use('/api/*', async (c, next) => (c.req.path.startsWith('/api/internal/') ? next() : limitByIp(c, next)))
  .route('/api/auth', auth)
  .route('/api/internal/metrics', internalMetrics)
  .route('/api/internal/data', internalData)
  .route('/api/internal/catalog', internalCatalog)
  .route('/api/internal', internal)
  .route('/api/internal', internalBatches)
  .route('/api/internal', internalResultCache)
  .route('/api/internal', internalUploads)
  .route('/api/models', models)
  .route('/api/catalog', catalog)
  .route('/api/usage', usage)
  .route('/api/data', data)
  .route('/api', shares)
  // Before analyses: it answers the cancellation of a batch item that has not started yet.
  .route('/api', batches)
  .route('/api', analyses);

app.onError(renderError);
app.notFound((c) => {
  const allowed = c.req.path.startsWith('/api/') ? allowedMethods(c.req.path) : undefined;
  if (allowed) {
    // OPTIONS asks what a path serves; any other method that reached here is one the path does not serve.
    if (c.req.method === 'OPTIONS') return c.body(null, 204, { Allow: allowed.join(', ') });
    return renderError(methodNotAllowed(c.req.method, allowed), c);
  }
  return c.req.path.startsWith('/api/') || !['GET', 'HEAD'].includes(c.req.method)
    ? renderError(notFound('route'), c)
    : serveSite(c);
});

export type AppType = typeof app;

export default {
  fetch: app.fetch,
  // Awaited rather than left to waitUntil: a cron run (or a test that fires one) ends when its work does.
  async scheduled(controller: ScheduledController, env: Bindings) {
    if (controller.cron === CLEANUP_CRON) await cleanupUploads(env);
    else await reconcileNow(env);
  },
} satisfies ExportedHandler<Bindings>;

export { app };
