import * as schema from '@pitwall/db/schema/app';
import { drizzle } from 'drizzle-orm/d1';
import { createMiddleware } from 'hono/factory';
import { type AppEnv, configFrom } from '../env.ts';
import { createTemporalHttp } from '../services/temporal.ts';

/** Puts typed configuration, the D1 database and the Temporal service on the context. */
export const services = createMiddleware<AppEnv>(async (c, next) => {
  const config = configFrom(c.env);
  c.set('config', config);
  c.set('db', drizzle(c.env.DB, { schema }));
  c.set(
    'temporal',
    createTemporalHttp({
      baseUrl: config.TEMPORAL_HTTP_URL,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
    }),
  );
  await next();
});
