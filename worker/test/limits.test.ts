import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { client, csvUpload, expectEnvelope } from './support/http.ts';
import { d1, r2Exists, r2Put } from './support/wrangler.ts';

/**
 * Against the `tight` stack: 5 requests per user and 40 per IP a minute, 2 KB JSON bodies, 4 KB uploads
 * living 2 s. Each test speaks from its own client IP (CF-Connecting-IP, which the edge sets in production
 * and local dev passes through), so their budgets do not mix.
 */
const { stack, call } = client('tight');
let ipCount = 0;
const asIp = () => {
  ipCount += 1;
  return { 'cf-connecting-ip': `203.0.113.${ipCount}` };
};

async function register(ip: Record<string, string>) {
  const username = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const res = await call('POST', '/api/auth/register', {
    body: { username, password: 'correct horse battery' },
    headers: ip,
  });
  expect(res.status).toBe(201);
  return res.json as { token: string; user: { id: string } };
}

describe('rate limits', () => {
  it('limits each user, with Retry-After, and leaves other users alone', async () => {
    const ip = asIp();
    const alice = await register(ip);
    const bob = await register(ip);
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 7; i++) {
      const res = await call('GET', '/api/analyses', { token: alice.token, headers: ip });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(limited).toBeDefined();
    if (!limited) return;
    expectEnvelope(limited, 'rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await call('GET', '/api/analyses', { token: bob.token, headers: ip })).status).toBe(200);
    // The limit is per user, not per address: alice is limited from anywhere.
    expect((await call('GET', '/api/analyses', { token: alice.token, headers: asIp() })).status).toBe(429);
  });

  it('limits each client IP, including sign-in attempts', async () => {
    const ip = asIp();
    const statuses: number[] = [];
    // A different name each time: one name would be locked by the per-account limit first.
    for (let i = 0; i < 42; i++) {
      statuses.push(
        (
          await call('POST', '/api/auth/login', {
            body: { username: `nobody${i}`, password: 'x'.repeat(10) },
            headers: ip,
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 40).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(40)).toEqual([429, 429]);
    const other = await call('POST', '/api/auth/login', {
      body: { username: 'nobody', password: 'x'.repeat(10) },
      headers: asIp(),
    });
    expect(other.status).toBe(401);
    expect((await call('GET', '/api/health', { headers: ip })).status).toBe(200);
  });
});

describe('body limits', () => {
  it('refuses JSON bodies over BODY_MAX_BYTES, declared or streamed', async () => {
    const ip = asIp();
    const big = JSON.stringify({ username: 'x'.repeat(3000), password: 'y'.repeat(10) });
    const declared = await call('POST', '/api/auth/login', { body: big, headers: ip });
    expect(declared.status).toBe(413);
    expectEnvelope(declared, 'payload_too_large');
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const res = await fetch(`${stack.api}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...ip },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('refuses uploads over UPLOAD_MAX_BYTES', async () => {
    const ip = asIp();
    const { token } = await register(ip);
    const content = `a,b\n${'1,2\n'.repeat(1200)}`;
    const res = await call('POST', '/api/data/upload', { token, body: csvUpload({ content }), headers: ip });
    expect(res.status).toBe(413);
    expectEnvelope(res, 'payload_too_large');
    const huge = await call('POST', '/api/data/upload', {
      token,
      body: csvUpload({ content: content.repeat(40) }),
      headers: ip,
    });
    expect(huge.status).toBe(413);
  });
});

describe('row limit', () => {
  it('refuses a CSV with more than UPLOAD_MAX_ROWS data rows (50), counting neither header nor blank lines', async () => {
    const ip = asIp();
    const { token } = await register(ip);
    const rows = (n: number) => `a,b\n${'1,2\n'.repeat(n)}\n\n`;
    const within = await call('POST', '/api/data/upload', {
      token,
      body: csvUpload({ content: rows(50) }),
      headers: ip,
    });
    expect(within.status).toBe(201);
    const over = await call('POST', '/api/data/upload', {
      token,
      body: csvUpload({ content: rows(51) }),
      headers: ip,
    });
    expect(over.status).toBe(413);
    expectEnvelope(over, 'payload_too_large');
    expect(over.json.error).toMatchObject({
      message: 'a CSV file may have at most 50 rows',
      details: { maxRows: 50 },
    });
  });
});

describe('upload lifetime', () => {
  it('hides expired uploads and the scheduled cleanup removes them, abandoned ones and orphan objects', async () => {
    const ip = asIp();
    const { token, user } = await register(ip);
    const up = await call('POST', '/api/data/upload', { token, body: csvUpload(), headers: ip });
    expect(up.status).toBe(201);
    const scratch = mkdtempSync(join(tmpdir(), 'pitwall-orphan-'));
    const file = join(scratch, 'orphan.bin');
    writeFileSync(file, 'sealed bytes');
    onTestFinished(() => rmSync(scratch, { recursive: true, force: true }));
    // A row left pending by a request that died, and an object no row refers to.
    const [[stored]] = await Promise.all([
      d1(stack, `select r2_key from uploads where id = '${up.json.id}'`),
      d1(
        stack,
        `insert into uploads (id, user_id, type, format, name, size, sha256, r2_key, encryption, status, created_at, expires_at)
         values ('up_abandonedabandoned1', '${user.id}', 'laps', 'csv', 'x.csv', 1, 'x', 'uploads/${user.id}/obj_abandoned', 'aes-256-gcm:v1', 'pending', '2000-01-01T00:00:00.000Z', '2999-01-01T00:00:00.000Z')`,
      ),
      r2Put(stack, `uploads/${user.id}/obj_orphan`, file),
      new Promise((r) => setTimeout(r, 2500)), // past UPLOAD_TTL_SECONDS and UPLOAD_ABANDON_SECONDS
    ]);
    const key = String(stored?.r2_key);
    expect((await call('GET', `/api/data/upload/${up.json.id}`, { token, headers: ip })).status).toBe(404);
    expect(await r2Exists(stack, key)).toBe(true);

    const cron = await fetch(
      `${stack.api}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent('*/15 * * * *')}`,
    );
    expect(cron.status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    const [left, sealed, orphan] = await Promise.all([
      d1(stack, `select id from uploads where user_id = '${user.id}'`),
      r2Exists(stack, key),
      r2Exists(stack, `uploads/${user.id}/obj_orphan`),
    ]);
    expect(left).toEqual([]);
    expect([sealed, orphan]).toEqual([false, false]);
  }, 90_000);
});

describe('sign-in limits per account (3 failures lock for 1 s, doubling)', () => {
  const signIn = (username: string, password: string) =>
    call('POST', '/api/auth/login', { body: { username, password }, headers: asIp() });
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('locks after the third failure from any address, doubles the lock per failure, and a success resets it', async () => {
    const ip = asIp();
    const res = await call('POST', '/api/auth/register', {
      body: { username: `lock${Date.now().toString(36)}`, password: 'correct horse battery' },
      headers: ip,
    });
    const { username } = res.json.user as { username: string };
    const right = 'correct horse battery';
    const wrong = 'not the password';

    expect((await signIn(username, wrong)).status).toBe(401);
    expect((await signIn(username, wrong)).status).toBe(401);
    const locked = await signIn(username, wrong);
    expect(locked.status).toBe(429);
    expectEnvelope(locked, 'rate_limited');
    expect(locked.json.error.message).toBe('too many failed sign-ins for this account: try again in 1 s');
    // While locked even the right password is refused, without being checked.
    const refused = await signIn(username, right);
    expect(refused.status).toBe(429);

    const retryAfters = [Number(locked.headers.get('retry-after'))];
    for (const wait of [1, 2]) {
      await pause(wait * 1000 + 150);
      const again = await signIn(username, wrong);
      expect(again.status).toBe(429);
      retryAfters.push(Number(again.headers.get('retry-after')));
    }
    expect(retryAfters).toEqual([1, 2, 4]);
    await pause(4150);
    expect((await signIn(username, right)).status).toBe(200);
    // The success forgot the failures: the next wrong password is an ordinary 401.
    expect((await signIn(username, wrong)).status).toBe(401);
  }, 30_000);

  it('treats a name nobody has exactly like an account: the lock says nothing about which names exist', async () => {
    const ip = asIp();
    const real = await call('POST', '/api/auth/register', {
      body: { username: `real${Date.now().toString(36)}`, password: 'correct horse battery' },
      headers: ip,
    });
    const known = real.json.user.username as string;
    const unknown = `ghost${Date.now().toString(36)}`;
    const answers = async (username: string) => {
      const out = [];
      for (let i = 0; i < 4; i++) {
        const res = await signIn(username, 'not the password');
        out.push({ status: res.status, retryAfter: res.headers.get('retry-after'), body: res.json });
      }
      return out;
    };
    const [forKnown, forUnknown] = [await answers(known), await answers(unknown)];
    expect(forKnown.map((a) => a.status)).toEqual([401, 401, 429, 429]);
    expect(forUnknown).toEqual(forKnown);
  });
});

describe('registration limit per address (3 an hour)', () => {
  it('allows a few registrations per address, still says a name is taken, then answers 429', async () => {
    const ip = asIp();
    const username = `reg${Date.now().toString(36)}`;
    const register = (name: string, from = ip) =>
      call('POST', '/api/auth/register', {
        body: { username: name, password: 'correct horse battery' },
        headers: from,
      });
    expect((await register(username)).status).toBe(201);
    const taken = await register(username);
    expect(taken.status).toBe(409);
    expect(taken.json.error).toEqual({ code: 'conflict', message: 'that username is taken' });
    expect((await register(`${username}b`)).status).toBe(201);
    const limited = await register(`${username}c`);
    expect(limited.status).toBe(429);
    expectEnvelope(limited, 'rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    // Probing names from this address is over too: a taken name gets the same 429.
    expect((await register(username)).status).toBe(429);
    expect((await register(`${username}c`, asIp())).status).toBe(201);
  });
});
