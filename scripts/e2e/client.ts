import type { Analysis, AnalysisEvent } from '@pitwall/db/contracts';
import { expect } from 'vitest';

/** A small API client for end-to-end tests: what a script using Pit Wall would do. */
export function apiClient(baseUrl: string) {
  let token = '';
  async function request(method: string, path: string, body?: unknown) {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return res;
  }
  return {
    request,
    async register(username: string) {
      const res = await request('POST', '/api/auth/register', {
        username,
        password: 'a long enough password',
      });
      expect(res.status).toBe(201);
      token = ((await res.json()) as { token: string }).token;
    },
    /** Uploads a data file (POST /api/data/upload) and returns its id. */
    async upload(content: string, name: string, type: string): Promise<string> {
      const form = new FormData();
      form.set('file', new Blob([content], { type: 'text/csv' }), name);
      form.set('type', type);
      const res = await fetch(`${baseUrl}/api/data/upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    },
    async ask(query: string): Promise<string> {
      const res = await request('POST', '/api/analyze', { query });
      expect(res.status).toBe(202);
      return ((await res.json()) as { id: string }).id;
    },
    async analysis(id: string): Promise<Analysis> {
      const res = await request('GET', `/api/analyses/${id}`);
      expect(res.status).toBe(200);
      return (await res.json()) as Analysis;
    },
    /** Polls until the analysis reaches a final status. */
    async settled(id: string, timeoutMs = 60_000): Promise<Analysis> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const analysis = await this.analysis(id);
        if (!['queued', 'running'].includes(analysis.status)) return analysis;
        if (Date.now() > deadline)
          throw new Error(`analysis ${id} still ${analysis.status} after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    /** Every progress event, read from the SSE stream until it ends. */
    async events(id: string): Promise<AnalysisEvent[]> {
      const res = await request('GET', `/api/analyses/${id}/events`);
      const text = await res.text();
      return text
        .split('\n\n')
        .filter((block) => block.includes('event: progress'))
        .map((block) =>
          JSON.parse(
            block
              .split('\n')
              .find((l) => l.startsWith('data: '))
              ?.slice(6) ?? '{}',
          ),
        );
    },
  };
}
