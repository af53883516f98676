import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { client, expectEnvelope } from './support/http.ts';

/**
 * Uploads are checked and sealed as their bodies stream in (main stack: UPLOAD_MAX_BYTES 25 MiB, at most
 * 1,000,000 CSV rows): a 25 MB-class file goes through, a bad one is answered as soon as the problem is
 * read, before the rest of the body has been sent.
 */
const { stack, call, newUser } = client();
const MAX_BYTES = 25 * 1024 * 1024;

/** A laps table of about `bytes` bytes. */
function lapsCsv(bytes: number): string {
  const lines = ['season,round,driver,lap,lap_time_ms,position,compound,tyre_life'];
  let size = lines[0]?.length ?? 0;
  const drivers = ['VER', 'NOR', 'LEC', 'PIA', 'SAI', 'HAM', 'RUS', 'PER'];
  for (let i = 0; size < bytes; i++) {
    const line = `2024,21,${drivers[i % 8]},${1 + (i % 71)},${80_000 + ((i * 37) % 5000)},${1 + (i % 20)},SOFT,${i % 30}`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

const form = (content: string, name = 'laps.csv') => {
  const f = new FormData();
  f.set('file', new Blob([content], { type: 'text/csv' }), name);
  f.set('type', 'laps');
  return f;
};

/** The workerd process of this stack: the one holding files open under its data folder (Linux only). */
function workerdPid(): number | undefined {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'workerd') continue;
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith(stack.dataDir)) return Number(pid);
      }
    } catch {}
  }
  return undefined;
}

const rssMb = (pid: number) =>
  Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)?.[1] ?? 0) / 1024;

/**
 * Sends a multipart upload declaring its full Content-Length but writing only `head`, then waits for the
 * answer: a Worker that reads the body as a stream answers a bad start before the rest is sent; one that
 * buffers the body would wait for bytes that never come.
 */
function answerToPartialBody(token: string, head: string, declaredBytes: number) {
  const boundary = 'pitwallpartialboundary';
  const start = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="laps.csv"\r\nContent-Type: text/csv\r\n\r\n`;
  const end = `\r\n--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\nlaps\r\n--${boundary}--\r\n`;
  const url = new URL('/api/data/upload', stack.api);
  return new Promise<{ status: number; body: string; sentBytes: number; declaredBytes: number }>(
    (resolve, reject) => {
      const body = Buffer.from(start + head);
      const total = body.length + declaredBytes + end.length;
      const req = request(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(total),
        },
      });
      const timer = setTimeout(() => {
        req.destroy();
        reject(new Error('no answer before the body was complete: the body is being buffered'));
      }, 10_000);
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          clearTimeout(timer);
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body: text, sentBytes: body.length, declaredBytes: total });
        });
      });
      req.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      req.write(body);
    },
  );
}

describe('streamed uploads', () => {
  it('stores a 25 MB-class CSV and gives it back byte for byte (printing workerd memory)', async () => {
    const { token } = await newUser();
    const content = lapsCsv(24 * 1024 * 1024);
    const bytes = Buffer.byteLength(content);
    const pid = workerdPid();
    const before = pid ? rssMb(pid) : 0;
    let peak = before;
    const sampler = setInterval(() => {
      if (pid) peak = Math.max(peak, rssMb(pid));
    }, 20);
    const started = performance.now();
    const res = await call('POST', '/api/data/upload', { token, body: form(content) });
    const uploadMs = performance.now() - started;
    clearInterval(sampler);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      size: bytes,
      sha256: createHash('sha256').update(content).digest('hex'),
      format: 'csv',
    });

    const download = await fetch(`${stack.api}/api/data/upload/${res.json.id}?download=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-length')).toBe(String(bytes));
    const back = Buffer.from(await download.arrayBuffer());
    expect(back.length).toBe(bytes);
    expect(createHash('sha256').update(back).digest('hex')).toBe(res.json.sha256);
    const rows = content.split('\n').length - 2;
    console.log(
      `${(bytes / 1024 / 1024).toFixed(1)} MB, ${rows} rows uploaded in ${uploadMs.toFixed(0)} ms; ` +
        (pid
          ? `workerd RSS ${before.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB during (+${(peak - before).toFixed(0)} MB)`
          : 'workerd process not found: memory not sampled'),
    );
  }, 120_000);

  it('refuses a file over UPLOAD_MAX_BYTES once that many bytes have streamed in', async () => {
    const { token } = await newUser();
    const content = lapsCsv(MAX_BYTES + 1024);
    const res = await call('POST', '/api/data/upload', { token, body: form(content) });
    expect(res.status).toBe(413);
    expectEnvelope(res, 'payload_too_large');
    expect(res.json.error.message).toBe(`files may be at most ${MAX_BYTES} bytes`);
  }, 120_000);

  it('answers a wrong header or a ragged row before the rest of the body has been sent', async () => {
    const { token } = await newUser();
    const declared = 20 * 1024 * 1024;
    const header = await answerToPartialBody(token, 'lap,lap\n1,2\n', declared);
    expect(header.status).toBe(400);
    expect(JSON.parse(header.body).error).toEqual({
      code: 'invalid_request',
      message: 'CSV header names repeat',
    });
    const ragged = await answerToPartialBody(
      token,
      `lap,driver\n${'1,VER\n'.repeat(1000)}2,VER,extra\n`,
      declared,
    );
    expect(ragged.status).toBe(400);
    expect(JSON.parse(ragged.body).error).toMatchObject({
      code: 'invalid_request',
      message: 'CSV row 1002 has 3 fields; the header has 2',
    });
    console.log(
      `refused after ${header.sentBytes} and ${ragged.sentBytes} of ${header.declaredBytes} declared bytes`,
    );
  });
});
