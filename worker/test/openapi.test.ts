import { describe, expect, it } from 'vitest';
import { client, expectEnvelope, type Json } from './support/http.ts';

/** The OpenAPI document is generated from the routes' own zod schemas; the docs page renders it. */
const { call, newUser } = client();

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
      'GET /api/data/uploads',
      'GET /api/data/season/{id}',
      'GET /api/data/race/{id}',
      'GET /api/data/driver/{id}',
      'POST /api/analyze/batch',
      'GET /api/batches/{id}',
      'POST /api/batches/{id}/cancel',
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
    expect(body.anyOf).toEqual([{ required: ['query'] }, { required: ['structured'] }]);
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

  it('says exactly which values the routes accept, in patterns any regex dialect reads alike', async () => {
    const { token } = await newUser();
    const doc = (await call('GET', '/api/openapi.json')).json;
    const param = (path: string, name: string) =>
      (doc.paths[path].get.parameters as Json[]).find((p) => p.name === name)?.schema;
    // The page cursor the list answers is one the document allows, and one it does not is refused.
    for (const query of ['who won monaco 2023?', 'who won monza 2023?']) {
      await call('POST', '/api/analyze', { token, body: { query } });
    }
    const page = await call('GET', '/api/analyses?limit=1', { token });
    const cursor = new RegExp(param('/api/analyses', 'cursor').pattern);
    expect(page.json.nextCursor).toMatch(cursor);
    expect((await call('GET', `/api/analyses?cursor=${btoa('x|y')}`, { token })).status).toBe(400);
    // Each bundle type has its own path and id pattern; `\d` is spelled [0-9] (Python reads \d as any digit).
    expect(param('/api/data/season/{id}', 'id').pattern).toBe('^(19[5-9][0-9]|2[0-9]{3})$');
    expect(param('/api/data/race/{id}', 'id').pattern).toBe('^(19[5-9][0-9]|2[0-9]{3})-([1-9][0-9]?)$');
    expect(JSON.stringify(doc)).not.toMatch(/\\\\d/);
    // A question counts from its first to its last visible character, as the route trims it.
    const question = new RegExp(
      doc.paths['/api/analyze'].post.requestBody.content['application/json'].schema.properties.query.pattern,
      'u',
    );
    for (const [query, accepted] of [
      ['abc', true],
      ['  ab \u0001', false],
      ['\ta b\n', true],
      ['x'.repeat(501), false],
    ] as const) {
      expect(question.test(query), query).toBe(accepted);
      const res = await call('POST', '/api/analyze', { token, body: { query } });
      expect(res.status, query).toBe(accepted ? 202 : 400);
    }
    // Upload form fields are exactly these; metadata is a JSON part.
    const upload = doc.paths['/api/data/upload'].post.requestBody.content['multipart/form-data'];
    expect(upload.schema.additionalProperties).toBe(false);
    expect(upload.schema.properties.metadata).toMatchObject({ type: 'object', maxProperties: 50 });
    expect(upload.encoding.metadata.contentType).toBe('application/json');
    // Tuples of one type are fixed-length arrays; nothing refers to definitions outside the document.
    expect(JSON.stringify(doc)).not.toContain('prefixItems');
    expect(JSON.stringify(doc)).not.toContain('$defs');
  });

  it('declares the error answers each route gives', async () => {
    const doc = (await call('GET', '/api/openapi.json')).json;
    const statuses = (path: string, method: string) =>
      Object.keys(doc.paths[path][method].responses).map(Number);
    expect(statuses('/api/auth/register', 'post')).toEqual(expect.arrayContaining([201, 400, 409, 429]));
    expect(statuses('/api/auth/login', 'post')).toEqual(expect.arrayContaining([200, 400, 401, 429]));
    expect(statuses('/api/analyses/{id}/cancel', 'post')).toEqual(expect.arrayContaining([404, 409, 503]));
    expect(statuses('/api/batches/{id}/cancel', 'post')).toEqual(expect.arrayContaining([404, 409, 503]));
    expect(statuses('/api/data/upload', 'post')).toEqual(expect.arrayContaining([400, 409, 413, 415]));
    // Health and the documents are not rate limited, and take nothing a client could get wrong.
    expect(statuses('/api/health', 'get')).not.toContain(429);
    expect(statuses('/api/health', 'get')).not.toContain(400);
    expect(statuses('/api/metrics', 'get')).toContain(401);
    expect(doc.paths['/api/metrics'].get.security).toEqual([{ serviceToken: [] }]);
    const login = doc.paths['/api/auth/login'].post.responses['401'];
    expect(login.content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorEnvelope');
  });

  it('answers 405 with Allow to a method a documented path does not serve', async () => {
    const { token } = await newUser();
    const patched = await call('PATCH', '/api/health');
    expect(patched.status).toBe(405);
    expect(patched.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expectEnvelope(patched, 'method_not_allowed');
    const deleted = await call('DELETE', '/api/analyses/an_aaaaaaaaaaaaaaaaaaaa', { token });
    expect(deleted.status).toBe(405);
    expect(deleted.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    const got = await call('GET', '/api/analyze', { token });
    expect(got.status).toBe(405);
    expect(got.headers.get('allow')).toBe('POST, OPTIONS');
    // OPTIONS says what a path serves; a path the API does not have is still 404.
    const options = await call('OPTIONS', '/api/data/season/2024', { token });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expectEnvelope(await call('PATCH', '/api/nothing-here', { token }), 'not_found');
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
