import type { AnalysisEvent } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
import { followEvents } from './events.ts';

function sse(text: string): Response {
  return new Response(new Blob([text]).stream(), { headers: { 'content-type': 'text/event-stream' } });
}

const progress = (seq: number, step: string) =>
  `id: ${seq}\nevent: progress\ndata: ${JSON.stringify({ seq, step, phase: 'done', message: '', data: null, createdAt: '' })}\n\n`;

describe('followEvents', () => {
  it('reconnects after the last seen seq when the stream drops before end', async () => {
    const urls: string[] = [];
    const responses = [
      sse(progress(1, 'plan') + progress(2, 'data')),
      sse(`${progress(3, 'analyse')}event: end\ndata: {"status":"succeeded"}\n\n`),
    ];
    const fakeFetch = (async (url: string) => {
      urls.push(url);
      const next = responses.shift();
      if (!next) throw new Error('unexpected request');
      return next;
    }) as unknown as typeof fetch;

    const seen: AnalysisEvent[] = [];
    let status: string | null = null;
    let reconnects = 0;
    await followEvents(
      'an_abc',
      {
        onProgress: (e) => seen.push(e),
        onEnd: (s) => (status = s),
        onReconnecting: () => reconnects++,
      },
      { fetch: fakeFetch, backoff: () => 0 },
    );

    expect(urls).toEqual(['/api/analyses/an_abc/events?after=0', '/api/analyses/an_abc/events?after=2']);
    expect(seen.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(status).toBe('succeeded');
    expect(reconnects).toBe(1);
  });

  it('stops and reports client errors without retrying', async () => {
    let calls = 0;
    const fakeFetch = (async () => {
      calls++;
      return new Response(JSON.stringify({ error: { code: 'not_found', message: 'analysis not found' } }), {
        status: 404,
        headers: { 'content-type': 'application/json' },
      });
    }) as unknown as typeof fetch;

    let message = '';
    await followEvents(
      'an_missing',
      { onProgress: () => {}, onEnd: () => {}, onError: (e) => (message = e.message) },
      { fetch: fakeFetch, backoff: () => 0 },
    );
    expect(calls).toBe(1);
    expect(message).toBe('analysis not found');
  });

  it('waits as long as a 429 asks before trying again, and passes on why', async () => {
    const refused = new Response(
      JSON.stringify({ error: { code: 'rate_limited', message: 'too many open event streams' } }),
      { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '0.05' } },
    );
    const responses = [refused, sse('event: end\ndata: {"status":"succeeded"}\n\n')];
    const fakeFetch = (async () => responses.shift() as Response) as unknown as typeof fetch;
    const reasons: (string | undefined)[] = [];
    const started = performance.now();
    await followEvents(
      'an_abc',
      { onProgress: () => {}, onEnd: () => {}, onReconnecting: (_attempt, reason) => reasons.push(reason) },
      { fetch: fakeFetch, backoff: () => 0 },
    );
    expect(reasons).toEqual(['too many open event streams']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });
});
