import * as schema from '@pitwall/db/schema/app';
import { drizzle } from 'drizzle-orm/d1';
import { createMiddleware } from 'hono/factory';
import { type AppDb, type AppEnv, configFrom } from '../env.ts';
import { type TemporalService, temporalFromConfig } from '../services/temporal.ts';

type Services = { env: AppEnv['Bindings']; db: AppDb; temporal: TemporalService };
let built: Services | undefined;

/**
 * Puts typed configuration, the D1 database and the Temporal service on the context. They depend only on
 * the bindings, so they are built once per isolate (per env object) rather than per request.
 */
export const services = createMiddleware<AppEnv>(async (c, next) => {
  const config = configFrom(c.env);
  if (built?.env !== c.env) {
    built = {
      env: c.env,
      db: drizzle(c.env.DB, { schema }),
      temporal: temporalFromConfig(config),
    };
  }
  c.set('config', config);
  c.set('db', built.db);
  c.set('temporal', built.temporal);
  await next();
});
