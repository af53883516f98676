import { describe, expect, it } from 'vitest';
import { client, type Json } from './support/http.ts';

/** The OpenAPI document is generated from the routes' own zod schemas; the docs page renders it. */
const { call } = client();

describe('OpenAPI', () => {
  it('describes every public route, without auth', async () => {
    const res = await call('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.json;
    expect(doc.openapi).toBe('3.1.0');
    const routes = Object.entries(doc.paths as Record<string, Json>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    for (const route of [
      'GET /api/health',
      'POST /api/auth/register',
      'POST /api/auth/login',
      'POST /api/analyze',
      'GET /api/analyses',
      'GET /api/analyses/{id}',
      'GET /api/analyses/{id}/events',
      'POST /api/analyses/{id}/cancel',
      'GET /api/analyses/{id}/files/{name}',
      'POST /api/data/upload',
      'GET /api/data/upload/{id}',
      'GET /api/data/{type}/{id}',
      'GET /api/models',
      'GET /api/openapi.json',
    ]) {
      expect(routes).toContain(route);
    }
  });

  it('carries the validation rules the routes enforce', async () => {
    const doc = (await call('GET', '/api/openapi.json')).json;
    const analyze = doc.paths['/api/analyze'].post;
    const body = analyze.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['query']);
    expect(body.properties.query).toMatchObject({ type: 'string' });
    // `data` is one shape per type; an upload names its id.
    const kinds = body.properties.data.oneOf as { properties: Record<string, { const?: string }> }[];
    expect(kinds.map((k) => k.properties.type?.const)).toEqual(['race', 'qualifying', 'season', 'upload']);
    expect(kinds[3]?.properties.parameters).toMatchObject({ required: ['uploadId'] });
    expect(analyze.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }),
    );
    expect(analyze.responses['429'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/ErrorEnvelope',
    );
    const register = doc.paths['/api/auth/register'].post.requestBody.content['application/json'].schema;
    expect(register.properties.password.minLength).toBe(10);
    const list = doc.paths['/api/analyses'].get.parameters as Json[];
    expect(list.find((p) => p.name === 'limit')?.schema).toMatchObject({ maximum: 100 });
    const upload = doc.paths['/api/data/upload'].post.requestBody.content['multipart/form-data'].schema;
    expect(upload.properties.type.enum).toContain('laps');
    expect(doc.paths['/api/analyses/{id}'].get.security).toEqual([{ bearer: [] }]);
  });

  it('renders a self-contained docs page', async () => {
    const res = await call('GET', '/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text).toContain('/api/analyses/{id}');
    expect(res.text).not.toMatch(/<script|<link|src=|https?:\/\//);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
    expect(res.text).toContain(`<style nonce="${nonce}">`);
  });
});
