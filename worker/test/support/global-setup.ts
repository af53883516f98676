import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Stack, startStack } from '@pitwall/scripts/stack';
import type { TestProject } from 'vitest/node';

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

export type StackInfo = {
  api: string;
  temporalHttp: string;
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
async function startEdgeStack(name: string, vars: Record<string, string>, dirs: string[]): Promise<Stack> {
  for (let attempt = 1; ; attempt++) {
    const dataDir = mkdtempSync(join(tmpdir(), `pitwall-${name}-`));
    dirs.push(dataDir);
    try {
      return await startStack({ dataDir, worker: false, warehouse: false, vars });
    } catch (err) {
      if (attempt >= 2) throw err;
    }
  }
}

export default async function setup(project: TestProject) {
  const dirs: string[] = [];
  const started = await Promise.allSettled([
    startEdgeStack(
      'edge',
      { RATE_LIMIT_USER: '100000', RATE_LIMIT_IP: '100000', REGISTER_LIMIT_IP: '100000' },
      dirs,
    ),
    startEdgeStack('tight', TIGHT_VARS, dirs),
  ]);
  const stacks = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const teardown = async () => {
    for (const stack of stacks) await stack.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await teardown();
    throw failed.reason;
  }
  project.provide('main', info(stacks[0] as Stack));
  project.provide('tight', info(stacks[1] as Stack));
  return teardown;
}
