import { describe, expect, it, onTestFinished } from 'vitest';
import { client, expectEnvelope } from './support/http.ts';

/**
 * GET /api/analyses/:id/events on the main stack (SSE_STREAMS_PER_USER at its default, 4). No Node worker
 * runs, so analyses stay queued; the tests play the compute plane through the internal API.
 */
const { stack, call, newUser, service } = client();
const STREAMS_PER_USER = 4;

type OpenStream = {
  status: number;
  close(): void;
  readUntil(pattern: RegExp, timeoutMs?: number): Promise<string>;
};

async function openStream(token: string, id: string): Promise<OpenStream> {
  const controller = new AbortController();
  const res = await fetch(`${stack.api}/api/analyses/${id}/events`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  const reader = res.body?.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  const stream: OpenStream = {
    status: res.status,
    close: () => controller.abort(),
    /** Reads until the text so far matches, or the stream ends (then the text is returned as it is). */
    async readUntil(pattern, timeoutMs = 15_000) {
      const deadline = setTimeout(() => controller.abort(), timeoutMs);
      try {
        while (reader && !pattern.test(text)) {
          const { done, value } = await reader.read();
          if (done) break;
          text += value;
        }
      } finally {
        clearTimeout(deadline);
      }
      return text;
    },
  };
  onTestFinished(() => controller.abort());
  return stream;
}

async function submit(token: string) {
  const res = await call('POST', '/api/analyze', {
    token,
    body: { query: 'Who won the 2023 Monaco Grand Prix?' },
  });
  expect(res.status).toBe(202);
  return res.json.id as string;
}

const emit = (id: string, key: string) =>
  call('POST', `/api/internal/analyses/${id}/events`, {
    headers: service(),
    body: { key, step: 'plan', phase: 'info', message: `event ${key}` },
  });

const finish = (id: string) =>
  call('POST', `/api/internal/analyses/${id}/outcome`, { headers: service(), body: { status: 'cancelled' } });

/** Opens streams until one is answered 200 (a released slot can take a moment to reach the limiter). */
async function openWhenFree(token: string, id: string, timeoutMs = 10_000) {
  const started = Date.now();
  for (;;) {
    const stream = await openStream(token, id);
    if (stream.status === 200) return { stream, waitedMs: Date.now() - started };
    stream.close();
    if (Date.now() - started > timeoutMs) throw new Error(`no stream slot came free in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('event streams per user', () => {
  it('holds at most SSE_STREAMS_PER_USER open streams; one more is 429; closing one frees a slot', async () => {
    const { token } = await newUser();
    const other = await newUser();
    const id = await submit(token);
    const open: OpenStream[] = [];
    for (let i = 0; i < STREAMS_PER_USER; i++) open.push(await openStream(token, id));
    expect(open.map((s) => s.status)).toEqual(Array(STREAMS_PER_USER).fill(200));

    const extra = await call('GET', `/api/analyses/${id}/events`, { token });
    expect(extra.status).toBe(429);
    expectEnvelope(extra, 'rate_limited');
    expect(extra.json.error.message).toBe(
      `too many open event streams: at most ${STREAMS_PER_USER} per user at once; close one and try again`,
    );
    expect(extra.headers.get('retry-after')).toBe('5');

    // The limit is per user: someone else still gets a stream.
    const theirs = await openStream(other.token, await submit(other.token));
    expect(theirs.status).toBe(200);

    open[0]?.close();
    const { stream, waitedMs } = await openWhenFree(token, id);
    console.log(`a closed stream's slot was free again after ${waitedMs} ms`);
    expect(stream.status).toBe(200);
    // And the limit holds again with the new stream in the freed slot.
    expect((await call('GET', `/api/analyses/${id}/events`, { token })).status).toBe(429);
  });

  it('streams the events, ends once the analysis is final, and the ended stream frees its slot', async () => {
    const { token } = await newUser();
    const waiting = await submit(token);
    const held: OpenStream[] = [];
    for (let i = 0; i < STREAMS_PER_USER - 1; i++) held.push(await openStream(token, waiting));

    const id = await submit(token);
    expect((await emit(id, 'a')).status).toBe(201);
    const stream = await openStream(token, id);
    expect(stream.status).toBe(200);
    expect(await stream.readUntil(/event a/)).toMatch(
      // The SSE id is the event's seq (global across analyses, so not 1 when other tests wrote events first).
      /event: progress\ndata: \{"seq":(\d+),.*"message":"event a".*\nid: \1\n/,
    );
    expect((await call('GET', `/api/analyses/${id}/events`, { token })).status).toBe(429);

    expect((await emit(id, 'b')).status).toBe(201);
    expect((await finish(id)).status).toBe(200);
    const finishedAt = Date.now();
    const text = await stream.readUntil(/(?!)/); // to the end of the stream
    console.log(`the stream ended ${Date.now() - finishedAt} ms after the analysis was final`);
    expect(text).toMatch(/"message":"event b"[\s\S]*event: end\ndata: \{"status":"cancelled"\}\n\n$/);

    const { stream: next, waitedMs } = await openWhenFree(token, waiting);
    console.log(`an ended stream's slot was free again after ${waitedMs} ms`);
    expect(next.status).toBe(200);
  });

  it('ends at once for an analysis that is already final, after its events', async () => {
    const { token } = await newUser();
    const id = await submit(token);
    await emit(id, 'only');
    await finish(id);
    const startedAt = Date.now();
    const stream = await openStream(token, id);
    const text = await stream.readUntil(/(?!)/);
    expect(text).toMatch(/"message":"event only"[\s\S]*event: end\ndata: \{"status":"cancelled"\}\n\n$/);
    expect(Date.now() - startedAt).toBeLessThan(3000);
  });
});
