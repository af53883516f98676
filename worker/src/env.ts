import type * as schema from '@pitwall/db/schema/app';
import type { DrizzleD1Database } from 'drizzle-orm/d1';
import { z } from 'zod';
import type { RateLimiter } from './durable/rate-limiter.ts';
import type { TemporalService } from './services/temporal.ts';

export type Bindings = {
  DB: D1Database;
  FILES: R2Bucket;
  ASSETS?: Fetcher;
  RATE_LIMITER: DurableObjectNamespace<RateLimiter>;
  JWT_SECRET?: string;
  SERVICE_TOKEN?: string;
  UPLOAD_KEY?: string;
  TEMPORAL_HTTP_URL?: string;
  TEMPORAL_NAMESPACE?: string;
  TEMPORAL_TASK_QUEUE?: string;
  TEMPORAL_API_KEY?: string;
  RATE_LIMIT_WINDOW_SECONDS?: string;
  RATE_LIMIT_USER?: string;
  RATE_LIMIT_IP?: string;
  REGISTER_LIMIT_IP?: string;
  REGISTER_WINDOW_SECONDS?: string;
  LOGIN_LOCK_AFTER_FAILURES?: string;
  LOGIN_LOCK_SECONDS?: string;
  SSE_STREAMS_PER_USER?: string;
  QUOTA_ANALYSES_PER_DAY?: string;
  QUOTA_BATCH_ITEMS_PER_DAY?: string;
  QUOTA_MODEL_TOKENS_PER_DAY?: string;
  QUOTA_MODEL_USD_PER_DAY?: string;
  RECONCILE_AFTER_SECONDS?: string;
  BODY_MAX_BYTES?: string;
  UPLOAD_MAX_BYTES?: string;
  UPLOAD_TTL_SECONDS?: string;
  UPLOAD_ABANDON_SECONDS?: string;
  UPLOAD_MAX_ROWS?: string;
  CORS_ORIGINS?: string;
  BENCH_ROUTES?: string;
};

const count = (min: number) => z.coerce.number().int().min(min);

/** 32 random bytes, base64: the AES-256-GCM key that encrypts uploads at rest. */
const UploadKeySchema = z.string().refine((s) => {
  try {
    return atob(s).length === 32;
  } catch {
    return false;
  }
}, 'UPLOAD_KEY must be 32 bytes, base64-encoded');

const ConfigSchema = z.object({
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters'),
  SERVICE_TOKEN: z.string().min(32, 'SERVICE_TOKEN must be at least 32 characters'),
  UPLOAD_KEY: UploadKeySchema,
  TEMPORAL_HTTP_URL: z.url('TEMPORAL_HTTP_URL must be a URL'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('pit-wall'),
  /** A secret: sent to Temporal as a bearer token. Unset for a local dev server, which checks nothing. */
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  /** Fixed-window rate limits: requests per window, per signed-in user and per client IP. */
  RATE_LIMIT_WINDOW_SECONDS: count(1).default(60),
  RATE_LIMIT_USER: count(1).default(300),
  RATE_LIMIT_IP: count(1).default(600),
  /** Accounts created per client IP per REGISTER_WINDOW_SECONDS: few, so registering cannot probe names. */
  REGISTER_LIMIT_IP: count(1).default(10),
  REGISTER_WINDOW_SECONDS: count(1).default(3600),
  /** The failed sign-in that locks an account, and the first lock; each further failure doubles it. */
  LOGIN_LOCK_AFTER_FAILURES: count(1).default(5),
  LOGIN_LOCK_SECONDS: count(1).default(30),
  /** Event streams (GET /api/analyses/:id/events) one user may hold open at once. */
  SSE_STREAMS_PER_USER: count(1).default(4),
  /**
   * Daily quotas per user (UTC days), sized for a free public instance: analyses submitted one by one,
   * batch items, and language-model tokens and cost (USD), past which answers are narrated by the builtin
   * assistant instead of a paid model.
   */
  QUOTA_ANALYSES_PER_DAY: count(0).default(100),
  QUOTA_BATCH_ITEMS_PER_DAY: count(0).default(300),
  QUOTA_MODEL_TOKENS_PER_DAY: count(0).default(200_000),
  QUOTA_MODEL_USD_PER_DAY: z.coerce.number().min(0).default(0.5),
  /** The reconciler leaves analyses younger than this alone: their own request may still be starting them. */
  RECONCILE_AFTER_SECONDS: count(0).default(30),
  /** Largest request body on JSON routes; uploads and the internal API have their own. */
  BODY_MAX_BYTES: count(1024).default(256 * 1024),
  UPLOAD_MAX_BYTES: count(1).default(25 * 1024 * 1024),
  UPLOAD_TTL_SECONDS: count(1).default(7 * 24 * 3600),
  /** An upload still pending after this long was abandoned mid-way: the cleanup removes it. */
  UPLOAD_ABANDON_SECONDS: count(1).default(3600),
  /** Data rows a CSV upload may have (the header and blank lines not counted). */
  UPLOAD_MAX_ROWS: count(1).default(1_000_000),
  /** Comma-separated origins allowed cross-origin; empty means same origin only. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url('CORS_ORIGINS must list origins such as https://example.com'))),
  BENCH_ROUTES: z.enum(['0', '1']).default('0'),
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
