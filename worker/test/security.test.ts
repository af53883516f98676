import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { client, expectEnvelope } from './support/http.ts';
import { d1 } from './support/wrangler.ts';

/** Headers, CSP, CORS, and errors that never leak internals. */
const main = client();
const tight = client('tight');

describe('security headers', () => {
  it('sends strict headers on API answers, errors included', async () => {
    for (const res of [await main.call('GET', '/api/health'), await main.call('GET', '/api/nope')]) {
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('strict-transport-security')).toContain('max-age=');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('gives the site a CSP that allows its own inline boot script by hash and nothing inline else', async () => {
    const res = await fetch(`${main.stack.api}/history`);
    const html = await res.text();
    const csp = res.headers.get('content-security-policy') ?? '';
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map(
      (m) => m[1] ?? '',
    );
    expect(inline.length).toBeGreaterThan(0);
    for (const script of inline) {
      expect(csp).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    }
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });
});

describe('CORS', () => {
  it('is same-origin only by default', async () => {
    const res = await fetch(`${main.stack.api}/api/health`, { headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows exactly the origins in CORS_ORIGINS', async () => {
    const allowed = await fetch(`${tight.stack.api}/api/health`, {
      headers: { origin: 'https://app.example' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    // A cross-origin client can read a data bundle's ETag and revalidate with If-None-Match.
    expect(allowed.headers.get('access-control-expose-headers')).toContain('etag');
    const revalidate = await fetch(`${tight.stack.api}/api/data/race/2024-21`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization, if-none-match',
      },
    });
    expect(revalidate.headers.get('access-control-allow-headers')).toContain('if-none-match');
    const preflight = await fetch(`${tight.stack.api}/api/analyze`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    const other = await fetch(`${tight.stack.api}/api/health`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('internal errors', () => {
  it('answers the envelope with a stable word and no internals', async () => {
    // A stored hash the runtime cannot verify (more PBKDF2 iterations than Workers computes) is an
    // internal fault, not a wrong password: it must surface as a 500 that says nothing else.
    const { user } = await main.newUser();
    await d1(
      main.stack,
      `update users set password_hash = 'pbkdf2$600000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' where id = '${user.id}'`,
    );
    const res = await main.call('POST', '/api/auth/login', {
      body: { username: user.username, password: 'correct horse battery' },
    });
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ error: { code: 'internal', message: 'internal error' } });
    expect(res.text).not.toMatch(/at |\.ts|stack|pbkdf2|600000/i);
    expectEnvelope(res, 'internal');
  });
});
