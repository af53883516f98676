import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { openApiDocument } from '../openapi/document.ts';
import { renderDocsPage } from '../openapi/page.ts';

/** The API's own description: public, like the contract says, and cacheable for a few minutes. */
export const docs = new Hono<AppEnv>()
  .get('/openapi.json', (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.json(openApiDocument() as Record<string, unknown>);
  })
  .get('/docs', (c) => {
    const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
    c.header(
      'content-security-policy',
      `default-src 'none'; style-src 'nonce-${nonce}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
    );
    c.header('cache-control', 'no-cache');
    return c.html(renderDocsPage(openApiDocument(), nonce));
  });
