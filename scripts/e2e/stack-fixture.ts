import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { REPO_ROOT, run } from '../src/services.ts';
import { type Stack, type StackOptions, startStack } from '../src/stack.ts';

type Options = Omit<StackOptions, 'dataDir'>;

/**
 * One whole stack for a test file, in a fresh temporary data folder named after `name`: started before
 * the file's tests, stopped afterwards and its folder removed. Hooks run in the order they are registered
 * (teardown in reverse), so a file registers setup the options need before calling this and setup that
 * needs the stack after. `options` may be a function, read when the stack starts. `stack()` gives the
 * started stack.
 */
export function useStack(name: string, options: Options | (() => Options) = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), `${name}-`));
  let started: Stack | undefined;
  beforeAll(async () => {
    const chosen = typeof options === 'function' ? options() : options;
    // A test file signs up more accounts from one address than the public default allows in an hour.
    const vars = { REGISTER_LIMIT_IP: '1000', ...chosen.vars };
    started = await startStack({ ...chosen, vars, dataDir });
  }, 240_000);
  afterAll(async () => {
    await started?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const stack = () => {
    if (!started) throw new Error('the stack has not started');
    return started;
  };
  return { stack, dataDir };
}

/** `pnpm data publish --season N` against a running stack: the season's bundles written to its R2. Its output. */
export function publishSeason(stack: Stack, season: number): Promise<string> {
  return run(
    join(REPO_ROOT, 'workflows/node_modules/.bin/tsx'),
    ['src/cli/data.ts', 'publish', '--season', String(season)],
    {
      cwd: join(REPO_ROOT, 'workflows'),
      env: {
        PITWALL_WAREHOUSE_URL: `file:${join(stack.dataDir, 'warehouse.db')}`,
        PITWALL_EDGE_URL: stack.urls.api,
        PITWALL_SERVICE_TOKEN: stack.secrets.serviceToken,
      },
    },
  );
}
