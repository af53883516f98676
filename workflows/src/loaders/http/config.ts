import { resolve } from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from '../../config.ts';

const baseUrl = (name: string, fallback: string) =>
  z
    .url(`${name} must be a URL`)
    .default(fallback)
    // Paths are appended with a leading slash.
    .transform((u) => u.replace(/\/+$/, ''));
const positiveInt = (name: string, fallback: number) =>
  z.coerce
    .number()
    .int(`${name} must be a whole number`)
    .positive(`${name} must be positive`)
    .default(fallback);

const HttpConfigSchema = z.object({
  PITWALL_JOLPICA_URL: baseUrl('PITWALL_JOLPICA_URL', 'https://api.jolpi.ca/ergast/f1'),
  PITWALL_OPENF1_URL: baseUrl('PITWALL_OPENF1_URL', 'https://api.openf1.org/v1'),
  PITWALL_HTTP_CACHE_DIR: z.string().min(1).default(resolve(REPO_ROOT, '.data/http-cache')),
  /** Jolpica allows 500 anonymous requests an hour; stay under it by default. */
  PITWALL_JOLPICA_HOURLY_BUDGET: positiveInt('PITWALL_JOLPICA_HOURLY_BUDGET', 500),
  PITWALL_OPENF1_HOURLY_BUDGET: positiveInt('PITWALL_OPENF1_HOURLY_BUDGET', 1800),
});
export type HttpConfig = z.infer<typeof HttpConfigSchema>;

/** The data APIs' settings, read once from the environment; a bad value fails with its variable's name. */
export function httpConfig(env: NodeJS.ProcessEnv = process.env): HttpConfig {
  const parsed = HttpConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ');
    throw new Error(`data API configuration is invalid:\n  ${problems}`);
  }
  return parsed.data;
}
