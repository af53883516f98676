import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANALYSIS_STEPS } from '@pitwall/db/contracts';
import { z } from 'zod';

export const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../..');

/** How to reach Temporal: the worker's, and the HTTP relay's (cli/temporal-relay.ts). */
const TemporalConfigSchema = z.object({
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('pit-wall'),
  /** Temporal Cloud or an authorizing cluster: an API key (sent as a bearer token, over TLS) ... */
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  /** ... or mTLS: a client certificate and key (PEM files). Either turns TLS on. */
  TEMPORAL_TLS_CERT: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY: z.string().min(1).optional(),
  /** A private CA for the server's certificate, and the name to check it against, when not the address's. */
  TEMPORAL_TLS_CA: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  /** TLS without client credentials (a cluster that authorizes by other means); on whenever credentials are set. */
  TEMPORAL_TLS: z.enum(['0', '1']).optional(),
});
export type TemporalConfig = z.infer<typeof TemporalConfigSchema>;

const ConfigSchema = TemporalConfigSchema.extend({
  PITWALL_EDGE_URL: z.url('PITWALL_EDGE_URL must be a URL').default('http://127.0.0.1:8787'),
  PITWALL_SERVICE_TOKEN: z.string().min(32, 'PITWALL_SERVICE_TOKEN must be at least 32 characters'),
  PITWALL_WAREHOUSE_URL: z.string().default(`file:${resolve(REPO_ROOT, '.data/warehouse.db')}`),
  PITWALL_F1DATA: z.string().default(resolve(REPO_ROOT, '../shared/f1data')),
  /** A token for a remote libSQL server (Turso, sqld with auth); unused for a local file. */
  PITWALL_WAREHOUSE_AUTH_TOKEN: z.string().min(1).optional(),
  PITWALL_FAULT_KILL_AFTER: z.enum(ANALYSIS_STEPS).optional(),
  /** Serve `GET /health` on this port (a container's HEALTHCHECK, an orchestrator's probe); off when unset. */
  PITWALL_HEALTH_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  PITWALL_HEALTH_HOST: z.string().default('127.0.0.1'),
  /**
   * On SIGTERM the worker stops polling and lets running activities finish for this long before cancelling
   * them; the orchestrator's own stop timeout must be longer (Docker's `--stop-timeout`).
   */
  PITWALL_SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(3_600).default(30),
});
export type WorkerConfig = z.infer<typeof ConfigSchema>;

/** Reads the Node worker's environment once; a bad variable stops start-up with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return parseOrExplain(ConfigSchema, env);
}

/** Only the Temporal settings, for processes that connect to Temporal and nothing else. */
export function temporalConfig(env: NodeJS.ProcessEnv = process.env): TemporalConfig {
  return parseOrExplain(TemporalConfigSchema, env);
}

function parseOrExplain<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ');
    throw new Error(`configuration is invalid:\n  ${problems}`);
  }
  return parsed.data;
}

export function warehouseConfig(env: NodeJS.ProcessEnv = process.env) {
  return z
    .object({
      PITWALL_WAREHOUSE_URL: ConfigSchema.shape.PITWALL_WAREHOUSE_URL,
      PITWALL_F1DATA: ConfigSchema.shape.PITWALL_F1DATA,
    })
    .parse(env);
}
