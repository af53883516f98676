import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANALYSIS_STEPS } from '@pitwall/db/contracts';
import { z } from 'zod';

export const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../..');

const ConfigSchema = z.object({
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('pit-wall'),
  PITWALL_EDGE_URL: z.url('PITWALL_EDGE_URL must be a URL').default('http://127.0.0.1:8787'),
  PITWALL_SERVICE_TOKEN: z.string().min(32, 'PITWALL_SERVICE_TOKEN must be at least 32 characters'),
  PITWALL_WAREHOUSE_URL: z.string().default(`file:${resolve(REPO_ROOT, '.data/warehouse.db')}`),
  PITWALL_F1DATA: z.string().default(resolve(REPO_ROOT, '../shared/f1data')),
  PITWALL_FAULT_KILL_AFTER: z.enum(ANALYSIS_STEPS).optional(),
});
export type WorkerConfig = z.infer<typeof ConfigSchema>;

/** Reads the Node worker's environment once; a bad variable stops start-up with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = ConfigSchema.safeParse(env);
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
