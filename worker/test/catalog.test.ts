import { describe, expect, it } from 'vitest';
import { client } from './support/http.ts';

/** The query catalog: published by the compute plane with the service token, read by anyone. */
const { call, newUser, service } = client();

const CATALOG = {
  items: [
    { id: 'wins', label: 'wins', kind: 'metric', aggregate: 'total' },
    { id: 'lap_times', label: 'lap times', kind: 'view', race: true, since: 2020 },
  ],
};

describe('GET /api/catalog', () => {
  it('is empty and not cached until the compute plane publishes, then serves what it published to anyone', async () => {
    const before = await call('GET', '/api/catalog');
    expect(before.status).toBe(200);
    expect(before.json).toEqual({ items: [] });
    expect(before.headers.get('cache-control')).toBe('no-store');

    const put = await call('PUT', '/api/internal/catalog', { headers: service(), body: CATALOG });
    expect(put.status).toBe(200);

    // Signed out: the catalog is public, and caches may keep it a few minutes.
    const after = await call('GET', '/api/catalog');
    expect(after.status).toBe(200);
    expect(after.json).toEqual(CATALOG);
    expect(after.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('takes a catalog only from the compute plane, and only in the catalog’s shape', async () => {
    expect((await call('PUT', '/api/internal/catalog', { body: CATALOG })).status).toBe(401);
    const { token } = await newUser();
    expect((await call('PUT', '/api/internal/catalog', { token, body: CATALOG })).status).toBe(401);
    const bad = await call('PUT', '/api/internal/catalog', {
      headers: service(),
      body: { items: [{ id: 'wins', label: 'wins', kind: 'chart' }] },
    });
    expect(bad.status).toBe(400);
    expect((bad.json as { error: { code: string } }).error.code).toBe('invalid_request');
    expect((await call('GET', '/api/catalog')).json).toEqual(CATALOG);
  });
});
