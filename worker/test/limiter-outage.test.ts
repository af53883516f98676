import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, httpOk, launch, REPO_ROOT, run, type Service, waitFor } from '@pitwall/scripts/services';
import { sign } from 'hono/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The Worker with its rate limiter's Durable Object unreachable: the same code and wrangler.toml, except
 * that the RATE_LIMITER binding names a Worker that is not running, so every call to the object fails the
 * way an outage does ("Worker … not found"). Sign-in and registration must refuse (503), other routes
 * must still be served.
 */
const WRANGLER = join(REPO_ROOT, 'scripts/node_modules/.bin/wrangler');
const JWT_SECRET = 'limiter-outage-test-secret-0123456789abcdef';
const env = { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' };

/** wrangler.toml with absolute paths, and the limiter bound to a Worker that does not run. */
function offlineLimiterConfig(): string {
  const config = readFileSync(join(REPO_ROOT, 'wrangler.toml'), 'utf8')
    // Only the local (top-level) environment runs here; the production one declares its own migration.
    .replace(/^\[env\.production\][\s\S]*$/m, '')
    .replace(/^main = .*$/m, `main = "${join(REPO_ROOT, 'worker/src/index.ts')}"`)
    .replace(/^directory = .*$/m, `directory = "${join(REPO_ROOT, 'site/build')}"`)
    .replace(/^migrations_dir = .*$/m, `migrations_dir = "${join(REPO_ROOT, 'db/migrations/app')}"`)
    .replace(
      /^class_name = "RateLimiter"$/m,
      'class_name = "RateLimiter"\nscript_name = "pit-wall-limiter-offline"',
    )
    // The class lives in that other Worker now, so this one declares no migration for it.
    .replace(/\[\[migrations\]\]\ntag = "v1"\nnew_sqlite_classes = \["RateLimiter"\]\n/, '');
  expect(config).toContain('script_name = "pit-wall-limiter-offline"');
  expect(config).not.toContain('new_sqlite_classes = ["RateLimiter"]');
  return config;
}

let dir: string;
let edge: Service | undefined;
let api: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pitwall-limiter-outage-'));
  const configFile = join(dir, 'wrangler.toml');
  writeFileSync(configFile, offlineLimiterConfig());
  writeFileSync(
    join(dir, 'worker.env'),
    [
      `JWT_SECRET=${JWT_SECRET}`,
      `SERVICE_TOKEN=${'s'.repeat(40)}`,
      `UPLOAD_KEY=${Buffer.alloc(32, 7).toString('base64')}`,
      // Nothing listens here: the routes used below do not need Temporal.
      `TEMPORAL_HTTP_URL=http://127.0.0.1:9`,
    ].join('\n'),
  );
  const state = join(dir, 'state');
  await run(
    WRANGLER,
    ['d1', 'migrations', 'apply', 'DB', '--local', '--config', configFile, '--persist-to', state],
    {
      cwd: dir,
      env,
    },
  );
  const port = await freePort();
  api = `http://127.0.0.1:${port}`;
  edge = launch(
    'wrangler-offline-limiter',
    WRANGLER,
    [
      'dev',
      '--config',
      configFile,
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      String(await freePort()),
      '--persist-to',
      state,
      '--env-file',
      join(dir, 'worker.env'),
      '--show-interactive-dev-session=false',
      '--live-reload=false',
    ],
    { cwd: dir, env, logDir: join(dir, 'logs') },
  );
  await waitFor(edge, httpOk(`${api}/api/health`));
}, 180_000);

afterAll(async () => {
  await edge?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: unknown) =>
  fetch(`${api}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('rate limiter unavailable', () => {
  it('refuses sign-in and registration with 503 in the error envelope', async () => {
    for (const path of ['/api/auth/login', '/api/auth/register']) {
      const res = await post(path, { username: 'outage_user', password: 'correct horse battery' });
      expect(res.status, path).toBe(503);
      expect(res.headers.get('retry-after'), path).toBe('5');
      expect(await res.json(), path).toEqual({
        error: { code: 'unavailable', message: 'sign-in is unavailable for a moment: try again shortly' },
      });
    }
  });

  it('keeps serving the other routes, whose limits fail open', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await sign(
      { sub: 'usr_outage', name: 'outage', iat: now, exp: now + 600 },
      JWT_SECRET,
      'HS256',
    );
    // Past the per-IP and per-user limiters, both unable to count.
    const listed = await fetch(`${api}/api/analyses`, { headers: { authorization: `Bearer ${token}` } });
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual({ items: [], nextCursor: null });
    expect((await fetch(`${api}/api/nope`)).status).toBe(404);
  });
});
