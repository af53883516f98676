import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '@pitwall/scripts/services';
import type { StackInfo } from './global-setup.ts';

const run = promisify(execFile);
const WRANGLER = join(REPO_ROOT, 'scripts/node_modules/.bin/wrangler');
const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  CI: 'true',
};

/** Reads or writes the stack's local D1 directly, the way an operator would, to set up rare states. */
export async function d1(stack: StackInfo, sql: string): Promise<Record<string, unknown>[]> {
  const { stdout } = await run(
    WRANGLER,
    [
      'd1',
      'execute',
      'DB',
      '--local',
      '--persist-to',
      join(stack.dataDir, 'wrangler'),
      '--json',
      '--command',
      sql,
    ],
    { cwd: REPO_ROOT, env },
  );
  const parsed = JSON.parse(stdout) as { results: Record<string, unknown>[] }[];
  return parsed[0]?.results ?? [];
}

/** Writes an object straight into the stack's local R2 bucket (an object no row refers to). */
export async function r2Put(stack: StackInfo, key: string, file: string) {
  await run(
    WRANGLER,
    [
      'r2',
      'object',
      'put',
      `pit-wall-files/${key}`,
      '--local',
      '--persist-to',
      join(stack.dataDir, 'wrangler'),
      '--file',
      file,
    ],
    { cwd: REPO_ROOT, env },
  );
}

export async function r2Exists(stack: StackInfo, key: string): Promise<boolean> {
  try {
    await run(
      WRANGLER,
      [
        'r2',
        'object',
        'get',
        `pit-wall-files/${key}`,
        '--local',
        '--persist-to',
        join(stack.dataDir, 'wrangler'),
        '--pipe',
      ],
      { cwd: REPO_ROOT, env },
    );
    return true;
  } catch {
    return false;
  }
}
