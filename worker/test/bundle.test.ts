import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The production build, exactly as `wrangler deploy --env production` would upload it, without uploading:
 * `--dry-run --outdir` bundles the Worker and reads the assets offline.
 *
 * The limit is the Workers Free plan's: 3 MiB for the Worker after gzip (Cloudflare measures the
 * compressed upload; Paid allows 10 MiB). Staying under the smaller one keeps Pit Wall deployable on
 * either plan, and the margin is printed so growth is seen long before it fails. Static assets have
 * their own limits: 20,000 files on Free, 25 MiB per file.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const WORKER_GZIP_LIMIT = 3 * 1024 * 1024;
const ASSET_FILES_LIMIT = 20_000;
const ASSET_FILE_BYTES_LIMIT = 25 * 1024 * 1024;
/** The secrets the Worker's configuration needs (worker/src/env.ts), which production must declare. */
const SECRETS = ['JWT_SECRET', 'SERVICE_TOKEN', 'UPLOAD_KEY', 'TEMPORAL_API_KEY'];

const outdir = mkdtempSync(join(tmpdir(), 'pitwall-bundle-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe('production bundle', () => {
  it('builds with wrangler deploy --dry-run and fits the Workers size limit', () => {
    const log = execFileSync(
      resolve(ROOT, 'worker/node_modules/.bin/wrangler'),
      ['deploy', '--dry-run', '--env', 'production', '--outdir', outdir, '--config', 'wrangler.toml'],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', WRANGLER_SEND_METRICS: 'false' } },
    );
    // The production bindings all resolved (wrangler lists what the Worker can reach).
    for (const binding of ['env.DB', 'env.FILES', 'env.RATE_LIMITER (RateLimiter)', 'env.ASSETS']) {
      expect(log).toContain(binding);
    }
    const script = readFileSync(join(outdir, 'index.js'));
    const gzipped = gzipSync(script, { level: 9 }).length;
    const assets = filesUnder(resolve(ROOT, 'site/build'));
    const largestAsset = Math.max(...assets.map((f) => statSync(f).size));
    console.log(
      `worker bundle: ${kib(script.length)} raw, ${kib(gzipped)} gzipped ` +
        `(${((100 * gzipped) / WORKER_GZIP_LIMIT).toFixed(1)}% of the ${kib(WORKER_GZIP_LIMIT)} Workers Free limit); ` +
        `assets: ${assets.length} files, largest ${kib(largestAsset)}`,
    );
    expect(gzipped).toBeLessThan(WORKER_GZIP_LIMIT);
    expect(assets.length).toBeLessThan(ASSET_FILES_LIMIT);
    expect(largestAsset).toBeLessThan(ASSET_FILE_BYTES_LIMIT);
  });

  it('declares every secret the Worker needs for production', () => {
    const toml = readFileSync(resolve(ROOT, 'wrangler.toml'), 'utf8');
    const section = toml.split('[env.production.secrets]')[1]?.split('\n[')[0] ?? '';
    for (const name of SECRETS) expect(section).toContain(`"${name}"`);
    // A placeholder the reader replaces, never a real id in the repository.
    expect(toml).toContain('database_id = "REPLACE-WITH-THE-ID-FROM-wrangler-d1-create"');
  });
});
