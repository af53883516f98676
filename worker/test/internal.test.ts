import { describe, expect, it } from 'vitest';
import { client } from './support/http.ts';

/** The compute plane's door (service token) and what users then see of its writes. */
const { stack, call, newUser, service } = client();
const api = stack.api;

describe('internal API (the compute plane)', () => {
  it('requires the service token', async () => {
    const res = await call('POST', '/api/internal/analyses/an_aaaaaaaaaaaaaaaaaaaa/events', {
      body: { key: 'k', step: 'plan', phase: 'started', message: 'm' },
    });
    expect(res.status).toBe(401);
    const user = await newUser();
    const asUser = await call('POST', '/api/internal/analyses/an_aaaaaaaaaaaaaaaaaaaa/events', {
      token: user.token,
      body: { key: 'k', step: 'plan', phase: 'started', message: 'm' },
    });
    expect(asUser.status).toBe(401);
  });

  it('stores events once per key, streams them resumably, and stores files and the result', async () => {
    const { token } = await newUser();
    const { json } = await call('POST', '/api/analyze', { token, body: { query: 'who won monaco 2023?' } });
    const id = json.id as string;
    const event = {
      key: 'plan:started',
      step: 'plan',
      phase: 'started',
      message: 'plan started',
      progress: { step: 'plan', done: 0, total: 7 },
    };
    expect(
      (await call('POST', `/api/internal/analyses/${id}/events`, { headers: service(), body: event })).status,
    ).toBe(201);
    expect(
      (await call('POST', `/api/internal/analyses/${id}/events`, { headers: service(), body: event })).status,
    ).toBe(200);
    await call('POST', `/api/internal/analyses/${id}/events`, {
      headers: service(),
      body: { ...event, key: 'plan:done', phase: 'done', message: 'plan done' },
    });
    expect((await call('GET', `/api/analyses/${id}`, { token })).json.status).toBe('running');

    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>';
    const put = await fetch(`${api}/api/internal/analyses/${id}/files/chart.svg`, {
      method: 'PUT',
      headers: { ...service(), 'content-type': 'image/svg+xml' },
      body: svg,
    });
    expect(put.status).toBe(201);
    const badType = await fetch(`${api}/api/internal/analyses/${id}/files/x.html`, {
      method: 'PUT',
      headers: { ...service(), 'content-type': 'text/html' },
      body: '<script>alert(1)</script>',
    });
    expect(badType.status).toBe(415);

    const result = {
      answer: 'done',
      facts: [{ label: 'season', value: 2023 }],
      tables: [],
      charts: [],
      sources: [{ name: 'test', detail: 'd', license: 'CC BY 4.0' }],
      quality: [],
      model: { assistant: 'builtin', model: 'm', usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 } },
    };
    const outcome = await call('POST', `/api/internal/analyses/${id}/outcome`, {
      headers: service(),
      body: { status: 'succeeded', result },
    });
    expect(outcome.json).toEqual({ status: 'succeeded', changed: true });
    const late = await call('POST', `/api/internal/analyses/${id}/outcome`, {
      headers: service(),
      body: { status: 'failed', error: { code: 'x', message: 'late' } },
    });
    expect(late.json).toEqual({ status: 'succeeded', changed: false });

    const done = await call('GET', `/api/analyses/${id}`, { token });
    expect(done.json).toMatchObject({ status: 'succeeded', result });
    const file = await fetch(`${api}/api/analyses/${id}/files/chart.svg`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(file.headers.get('content-type')).toBe('image/svg+xml');
    expect(await file.text()).toBe(svg);

    const all = await fetch(`${api}/api/analyses/${id}/events`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(all.headers.get('content-type')).toContain('text/event-stream');
    const stream = await all.text();
    expect(stream.match(/event: progress/g)).toHaveLength(2);
    expect(stream).toContain('event: end');
    // Sequence numbers are global to the database: resume after this analysis's first event.
    const firstSeq = Number(/^id: (\d+)$/m.exec(stream)?.[1]);
    expect(firstSeq).toBeGreaterThan(0);
    const resumed = await (
      await fetch(`${api}/api/analyses/${id}/events?after=${firstSeq}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).text();
    expect(resumed.match(/event: progress/g)).toHaveLength(1);
    expect(resumed).toContain('"step":"plan","phase":"done"');
  });
});
