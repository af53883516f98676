import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './env.ts';
import { notFound, renderError } from './errors.ts';
import { internal } from './internal/routes.ts';
import { services } from './middleware/context.ts';
import { analyses } from './routes/analyses.ts';
import { auth } from './routes/auth.ts';
import { health } from './routes/health.ts';

const app = new Hono<AppEnv>()
  .use('/api/*', secureHeaders(), services)
  .route('/api/health', health)
  .route('/api/auth', auth)
  .route('/api/internal', internal)
  .route('/api', analyses);

app.onError(renderError);
app.notFound((c) => renderError(notFound('route'), c));

export type AppType = typeof app;
export default app;
