import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { client, expectEnvelope } from './support/http.ts';
import { d1 } from './support/wrangler.ts';

/** Accounts and tokens, inside workerd against local D1. */
const { stack, call, newUser } = client();
const now = () => Math.floor(Date.now() / 1000);

describe('register and login', () => {
  it('registers, refuses a taken name and logs in', async () => {
    const username = `driver_${Date.now()}`;
    const body = { username, password: 'correct horse battery' };
    const created = await call('POST', '/api/auth/register', { body });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      token: expect.any(String),
      user: { id: expect.stringMatching(/^usr_/), username },
    });
    expectEnvelope(await call('POST', '/api/auth/register', { body }), 'conflict');
    const login = await call('POST', '/api/auth/login', { body });
    expect(login.status).toBe(200);
    expect(login.json.user).toEqual(created.json.user);
  });

  it('rejects wrong passwords and unknown users alike', async () => {
    const { user } = await newUser();
    const wrong = await call('POST', '/api/auth/login', {
      body: { username: user.username, password: 'not the password' },
    });
    const unknown = await call('POST', '/api/auth/login', {
      body: { username: 'nobody_here', password: 'whatever123' },
    });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.json).toEqual(unknown.json);
  });

  it('takes as long to refuse an unknown name as a wrong password, and to refuse a taken name as to register', async () => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const timed = async (request: () => Promise<{ status: number }>, status: number) => {
      const started = performance.now();
      expect((await request()).status).toBe(status);
      return performance.now() - started;
    };
    // Three accounts, three wrong passwords each: under the per-account lock (five failures).
    const users = [await newUser(), await newUser(), await newUser()];
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 9; i++) {
      const username = users[i % 3]?.user.username;
      wrong.push(
        await timed(
          () => call('POST', '/api/auth/login', { body: { username, password: 'not the password' } }),
          401,
        ),
      );
      unknown.push(
        await timed(
          () =>
            call('POST', '/api/auth/login', {
              body: { username: `nobody_${i}_${Date.now()}`, password: 'not the password' },
            }),
          401,
        ),
      );
    }
    const taken: number[] = [];
    const fresh: number[] = [];
    for (let i = 0; i < 9; i++) {
      const body = (username: string) => ({ username, password: 'correct horse battery' });
      taken.push(
        await timed(
          () => call('POST', '/api/auth/register', { body: body(users[0]?.user.username ?? '') }),
          409,
        ),
      );
      fresh.push(
        await timed(
          () => call('POST', '/api/auth/register', { body: body(`fresh_${i}_${Date.now()}`) }),
          201,
        ),
      );
    }
    const [w, u, t, f] = [median(wrong), median(unknown), median(taken), median(fresh)];
    console.log(
      `median ms: login wrong password ${w.toFixed(1)}, unknown name ${u.toFixed(1)}; register taken ${t.toFixed(1)}, new ${f.toFixed(1)}`,
    );
    // Both paths derive one PBKDF2 hash (100,000 iterations), which dominates; a shortcut would show as a
    // factor of several.
    expect(u / w).toBeGreaterThan(0.6);
    expect(u / w).toBeLessThan(1.6);
    expect(t / f).toBeGreaterThan(0.6);
    expect(t / f).toBeLessThan(1.6);
  }, 60_000);

  it('explains invalid credentials and malformed JSON', async () => {
    const bad = await call('POST', '/api/auth/register', {
      body: { username: 'No Spaces', password: 'short' },
    });
    expect(bad.status).toBe(400);
    expectEnvelope(bad, 'invalid_request');
    expect(bad.json.error.details.issues.length).toBeGreaterThanOrEqual(2);
    const malformed = await call('POST', '/api/auth/login', { body: '{"username":' });
    expect(malformed.status).toBe(400);
    expectEnvelope(malformed, 'invalid_request');
    const notJson = await call('POST', '/api/auth/login', {
      body: 'username=a',
      headers: { 'content-type': 'text/plain' },
    });
    expect(notJson.status).toBe(415);
    expectEnvelope(notJson, 'unsupported_media_type');
  });

  it('stores PBKDF2-SHA256 hashes at 100,000 iterations, the most the Workers runtime computes', async () => {
    const { user } = await newUser();
    const [row] = await d1(stack, `select password_hash from users where id = '${user.id}'`);
    expect(String(row?.password_hash)).toMatch(/^pbkdf2\$100000\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
  });
});

describe('tokens', () => {
  const probe = (token: string) => call('GET', '/api/analyses', { token });

  it('issues one-hour tokens with iat and exp', async () => {
    const { token } = await newUser();
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(3600);
    expect(Math.abs(claims.iat - now())).toBeLessThan(60);
  });

  it('requires a valid token', async () => {
    expectEnvelope(await call('GET', '/api/analyses'), 'unauthorized');
    expect((await probe('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.AAAA')).status).toBe(401);
    expect((await call('GET', '/api/analyses', { headers: { authorization: 'Basic abc' } })).status).toBe(
      401,
    );
  });

  it('refuses expired, long-lived, future and iat-less tokens even when correctly signed', async () => {
    const { user } = await newUser();
    const base = { sub: user.id, name: user.username };
    const secret = stack.jwtSecret;
    const cases = {
      expired: { ...base, iat: now() - 7200, exp: now() - 3600 },
      longLived: { ...base, iat: now(), exp: now() + 30 * 24 * 3600 },
      future: { ...base, iat: now() + 3600, exp: now() + 5400 },
      noIat: { ...base, exp: now() + 600 },
    };
    for (const [name, claims] of Object.entries(cases)) {
      const res = await probe(await sign(claims, secret, 'HS256'));
      expect(res.status, name).toBe(401);
      expectEnvelope(res, 'unauthorized');
    }
    expect((await probe(await sign({ ...base, iat: now(), exp: now() + 600 }, secret, 'HS256'))).status).toBe(
      200,
    );
    expect(
      (await probe(await sign({ ...base, iat: now(), exp: now() + 600 }, 'x'.repeat(64), 'HS256'))).status,
    ).toBe(401);
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ ...base, iat: now(), exp: now() + 600 }),
    ).toString('base64url')}.`;
    expect((await probe(none)).status).toBe(401);
  });
});
