import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@pitwall/scripts/services';
import { type Stack, type StackOptions, startStack } from '@pitwall/scripts/stack';
import type { TestProject } from 'vitest/node';
import { startTemporalRelay } from './temporal-relay.ts';

/**
 * Two stacks for the whole suite, started side by side: `main` with generous limits (so the fuzz and
 * concurrency tests measure the routes, not the limiter), and `tight` with small rate, body and upload
 * limits, a short upload lifetime and a CORS origin, for the tests of those limits.
 */
export const TIGHT_VARS = {
  RATE_LIMIT_USER: '5',
  RATE_LIMIT_IP: '40',
  RATE_LIMIT_WINDOW_SECONDS: '60',
  BODY_MAX_BYTES: '2048',
  UPLOAD_MAX_BYTES: '4096',
  UPLOAD_TTL_SECONDS: '2',
  UPLOAD_ABANDON_SECONDS: '1',
  CORS_ORIGINS: 'https://app.example',
  REGISTER_LIMIT_IP: '3',
  LOGIN_LOCK_AFTER_FAILURES: '3',
  LOGIN_LOCK_SECONDS: '1',
  UPLOAD_MAX_ROWS: '50',
  SSE_STREAMS_PER_USER: '2',
};

/** The main stack's daily quotas: large, so only the quota tests (which set a user's count) meet them. */
export const MAIN_DAILY_ANALYSES = 100_000;
export const TEST_TEMPORAL_API_KEY = 'temporal-test-api-key';

export type StackInfo = {
  api: string;
  temporalHttp: string;
  /** The main stack reaches Temporal through a recording relay (support/temporal-relay.ts). */
  temporalRelay?: string;
  serviceToken: string;
  jwtSecret: string;
  /** The key uploads are sealed with (base64), to write objects as older versions did. */
  uploadKey: string;
  dataDir: string;
};

declare module 'vitest' {
  export interface ProvidedContext {
    main: StackInfo;
    tight: StackInfo;
  }
}

const info = (stack: Stack): StackInfo => ({
  api: stack.urls.api,
  temporalHttp: stack.urls.temporalHttp,
  serviceToken: stack.secrets.serviceToken,
  jwtSecret: stack.secrets.jwtSecret,
  uploadKey: stack.secrets.uploadKey,
  dataDir: stack.dataDir,
});

/**
 * Ports are picked free and then bound by the child a moment later, so a busy machine can hand one to
 * someone else in between: a stack that fails to come up gets one more try in a fresh folder.
 */
async function startEdgeStack(
  name: string,
  vars: Record<string, string>,
  dirs: string[],
  options: Partial<StackOptions> = {},
): Promise<Stack> {
  for (let attempt = 1; ; attempt++) {
    const dataDir = mkdtempSync(join(tmpdir(), `pitwall-${name}-`));
    dirs.push(dataDir);
    try {
      return await startStack({ dataDir, worker: false, warehouse: false, vars, ...options });
    } catch (err) {
      if (attempt >= 2) throw err;
    }
  }
}

export default async function setup(project: TestProject) {
  const dirs: string[] = [];
  // The main stack's Worker reaches its Temporal through a recording relay, with an API key configured, so
  // tests can see what the Worker sends to Temporal and play a Temporal outage.
  const temporalHttpPort = await freePort();
  const relay = await startTemporalRelay(`http://127.0.0.1:${temporalHttpPort}`);
  const started = await Promise.allSettled([
    startEdgeStack(
      'edge',
      {
        RATE_LIMIT_USER: '100000',
        RATE_LIMIT_IP: '100000',
        REGISTER_LIMIT_IP: '100000',
        QUOTA_ANALYSES_PER_DAY: String(MAIN_DAILY_ANALYSES),
        QUOTA_BATCH_ITEMS_PER_DAY: String(MAIN_DAILY_ANALYSES),
        TEMPORAL_HTTP_URL: relay.url,
        TEMPORAL_API_KEY: TEST_TEMPORAL_API_KEY,
        RECONCILE_AFTER_SECONDS: '0',
      },
      dirs,
      { temporalHttpPort, cronSeconds: 3600 },
    ),
    startEdgeStack('tight', TIGHT_VARS, dirs),
  ]);
  const stacks = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const teardown = async () => {
    await relay.close();
    for (const stack of stacks) await stack.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await teardown();
    throw failed.reason;
  }
  project.provide('main', { ...info(stacks[0] as Stack), temporalRelay: relay.url });
  project.provide('tight', info(stacks[1] as Stack));
  return teardown;
}
