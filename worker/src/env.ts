import type * as schema from '@pitwall/db/schema/app';
import type { DrizzleD1Database } from 'drizzle-orm/d1';
import { z } from 'zod';
import type { TemporalService } from './services/temporal.ts';

export type Bindings = {
  DB: D1Database;
  FILES: R2Bucket;
  ASSETS?: Fetcher;
  JWT_SECRET?: string;
  SERVICE_TOKEN?: string;
  TEMPORAL_HTTP_URL?: string;
  TEMPORAL_NAMESPACE?: string;
  TEMPORAL_TASK_QUEUE?: string;
};

const ConfigSchema = z.object({
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters'),
  SERVICE_TOKEN: z.string().min(32, 'SERVICE_TOKEN must be at least 32 characters'),
  TEMPORAL_HTTP_URL: z.url('TEMPORAL_HTTP_URL must be a URL'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('pit-wall'),
});
export type Config = z.infer<typeof ConfigSchema>;

let cached: { env: Bindings; config: Config } | undefined;

/** Parses the Worker's variables once per isolate; a missing or bad one fails with its name. */
export function configFrom(env: Bindings): Config {
  if (cached?.env === env) return cached.config;
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Worker configuration is invalid: ${problems}`);
  }
  cached = { env, config: parsed.data };
  return parsed.data;
}

export type AppDb = DrizzleD1Database<typeof schema>;

export type AppEnv = {
  Bindings: Bindings;
  Variables: {
    config: Config;
    db: AppDb;
    temporal: TemporalService;
    userId: string;
    username: string;
  };
};
