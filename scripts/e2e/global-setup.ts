import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, run } from '../src/services.ts';

/**
 * Imports the staged F1 data once for the whole end-to-end run; every stack starts from a copy
 * (see seedWarehouse in stack.ts). The data command checkpoints its write-ahead log, so one file is all.
 */
export default async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'pitwall-seed-'));
  const file = join(dir, 'warehouse.db');
  await run(join(REPO_ROOT, 'workflows/node_modules/.bin/tsx'), ['src/cli/data.ts', 'import'], {
    cwd: join(REPO_ROOT, 'workflows'),
    env: { PITWALL_WAREHOUSE_URL: `file:${file}` },
  });
  process.env.PITWALL_WAREHOUSE_SEED = file;
  return () => rmSync(dir, { recursive: true, force: true });
}
