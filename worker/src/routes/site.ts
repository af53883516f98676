import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';

/**
 * The site's HTML goes through the Worker (see run_worker_first) only to get a strict CSP: SvelteKit's
 * page boots from an inline script, so the policy names that script's hash instead of allowing
 * 'unsafe-inline'. Hashed assets under /_app/immutable are served directly, without the Worker.
 */
const policies = new Map<string, string>();

async function sha256Base64(text: string) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

async function policyFor(html: string): Promise<string> {
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map(
    (m) => m[1] ?? '',
  );
  const hashes = await Promise.all(inline.map(async (s) => `'sha256-${await sha256Base64(s)}'`));
  return [
    "default-src 'self'",
    `script-src 'self' ${hashes.join(' ')}`.trim(),
    // Svelte and the chart library set style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export async function serveSite(c: Context<AppEnv>) {
  if (!c.env.ASSETS) return c.text('the site is not built', 404);
  let asset = await c.env.ASSETS.fetch(c.req.raw);
  // The asset router falls back to index.html only for browser navigations; any client asking for a
  // page route (no file extension) gets the app shell too, as it did before the Worker ran first.
  if (asset.status === 404 && !/\.[a-z0-9]+$/i.test(c.req.path)) {
    asset = await c.env.ASSETS.fetch(new Request(new URL('/', c.req.url), { headers: c.req.raw.headers }));
  }
  const headers = new Headers(asset.headers);
  headers.set('x-content-type-options', 'nosniff');
  headers.set('referrer-policy', 'strict-origin-when-cross-origin');
  headers.set('x-frame-options', 'DENY');
  if (!(headers.get('content-type') ?? '').includes('text/html')) {
    return new Response(asset.body, { status: asset.status, headers });
  }
  const html = await asset.text();
  const tag = headers.get('etag') ?? (await sha256Base64(html));
  let policy = policies.get(tag);
  if (!policy) {
    policy = await policyFor(html);
    policies.set(tag, policy);
  }
  headers.set('content-security-policy', policy);
  headers.delete('content-length');
  return new Response(html, { status: asset.status, headers });
}
