import { describe, expect, it } from 'vitest';
import { client } from './support/http.ts';

/**
 * Malformed requests across the routes from a seeded generator (set FUZZ_SEED to replay a run): whatever
 * arrives, the API answers below 500, and every non-2xx answer is the error envelope.
 */
const { stack, newUser } = client();
const SEED = Number(process.env.FUZZ_SEED ?? 20241103);
const COUNT = Number(process.env.FUZZ_COUNT ?? 1200);

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Case = { method: string; path: string; headers: Record<string, string>; body?: BodyInit };

function generator(seed: number, tokens: { user: string; service: string }) {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const int = (n: number) => Math.floor(rand() * n);
  const weird = [
    '',
    'null',
    '%00',
    '..%2F..%2Fetc%2Fpasswd',
    'an_aaaaaaaaaaaaaaaaaaaa',
    'up_aaaaaaaaaaaaaaaaaaaa',
    '%F0%9F%8F%8E%EF%B8%8F',
    'x'.repeat(300),
    "'; drop table users; --",
    '%E2%80%AE',
    '-1',
    '1e309',
    '<script>',
  ];
  const seg = () =>
    rand() < 0.5
      ? pick(weird)
      : encodeURIComponent(
          String.fromCharCode(...Array.from({ length: 1 + int(12) }, () => 32 + int(0x2000))),
        );
  const paths = [
    () => '/api/health',
    () => '/api/auth/register',
    () => '/api/auth/login',
    () => '/api/analyze',
    () => `/api/analyses?status=${seg()}&limit=${pick(['0', '-5', '1000', 'abc', '20', ''])}&cursor=${seg()}`,
    () => `/api/analyses/${seg()}`,
    () =>
      `/api/analyses/${pick(['an_aaaaaaaaaaaaaaaaaaaa', seg()])}/events?after=${pick(['-1', 'x', '99999999999999999999'])}`,
    () => `/api/analyses/${seg()}/cancel`,
    () => `/api/analyses/${pick(['an_aaaaaaaaaaaaaaaaaaaa', seg()])}/files/${seg()}`,
    () => '/api/data/upload',
    () => `/api/data/upload/${seg()}?download=${pick(['1', '0', 'yes', ''])}`,
    () => `/api/data/${seg()}/${seg()}`,
    () =>
      `/api/data/${pick(['race', 'season', 'driver'])}/${pick(['2024-21', '2024', 'max_verstappen', '1950-0', '99999', seg()])}?v=${seg()}`,
    () => '/api/models',
    () => '/api/openapi.json',
    () =>
      `/api/internal/analyses/${pick(['an_aaaaaaaaaaaaaaaaaaaa', seg()])}/${pick(['events', 'outcome', 'files/x.svg'])}`,
    () => `/api/internal/data/${pick(['race', 'season', 'driver', seg()])}/${seg()}`,
    () => `/api/internal/result-cache${pick(['', '/lookup', `/${seg()}`])}`,
    () =>
      `/api/internal/analyses/${pick(['an_aaaaaaaaaaaaaaaaaaaa', seg()])}/uploads/${seg()}${pick(['', '/content'])}`,
    () => `/api/${seg()}`,
  ];
  const json = (): string => {
    switch (int(13)) {
      case 0:
        return '{"query":';
      case 1:
        return 'null';
      case 2:
        return JSON.stringify({ query: 'x'.repeat(int(2) ? 600 : 300_000) });
      case 3:
        return JSON.stringify({ query: 42, data: 'race', model: null });
      case 4:
        return JSON.stringify({
          query: '🏎️ wer hat gewonnen? ¿quién ganó? 谁赢了',
          data: { type: 'race', parameters: [1, 2] },
        });
      case 5:
        return JSON.stringify([{ query: 'a' }]);
      case 6:
        return JSON.stringify({ username: { $ne: null }, password: ['x'] });
      case 7:
        return '\u0000\u0001\u0002';
      case 8:
        return JSON.stringify({ key: 'k', step: 'plan', phase: 'nope', message: 1 });
      case 9:
        return `{"a":${'['.repeat(2000)}`;
      case 10:
        return JSON.stringify({ status: 'succeeded', result: { answer: null } });
      case 11:
        return JSON.stringify({
          query: 'race pace',
          cache: pick(['no', 0, null, false]),
          data: {
            type: pick(['upload', 'race', 'season']),
            parameters: pick([
              { uploadId: seg() },
              { season: '2024', round: -1 },
              { season: 2024.5, round: 99999999999 },
              null,
            ]),
          },
        });
      default:
        return JSON.stringify({
          query: 'who won monaco 2023?',
          data: { type: pick(['race', 'upload', 'x']) },
        });
    }
  };
  const multipart = (): { body: string; type: string } => {
    const boundary = pick(['b', 'xyz', '']);
    const bodies = [
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\na,b\n1,2\n\r\n--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\n${pick(['laps', 'x', ''])}\r\n--${boundary}--\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="file"\r\n\r\nno end`,
      'not multipart at all',
      `--${boundary}--`,
    ];
    return {
      body: pick(bodies),
      type: pick([
        `multipart/form-data; boundary=${boundary}`,
        'multipart/form-data',
        'multipart/mixed; boundary=b',
      ]),
    };
  };

  return (): Case => {
    const method = pick(['GET', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);
    const path = pick(paths)();
    const headers: Record<string, string> = {};
    const auth = int(5);
    if (auth === 0 || auth === 3) headers.authorization = `Bearer ${tokens.user}`;
    if (auth === 1) headers.authorization = `Bearer ${tokens.user.slice(0, -3)}abc`;
    if (auth === 2)
      headers.authorization = pick([
        'Bearer',
        'Basic Zm9vOmJhcg==',
        'Bearer a.b.c',
        `Bearer ${tokens.service}`,
      ]);
    if (rand() < 0.2) headers['idempotency-key'] = pick(['k', 'x'.repeat(250), 'a b', `key-${int(5)}`]);
    let body: BodyInit | undefined;
    if (method !== 'GET' && method !== 'HEAD' && rand() < 0.85) {
      const kind = int(4);
      if (kind === 3) {
        const m = multipart();
        body = m.body;
        headers['content-type'] = m.type;
      } else {
        body = json();
        // Mostly JSON, so that most bodies get past the media-type check and reach validation.
        headers['content-type'] =
          rand() < 0.6
            ? 'application/json'
            : pick([
                'application/json; charset=utf-8',
                'text/plain',
                'application/x-www-form-urlencoded',
                'application/xml',
                '',
                'application/jsonx',
              ]);
      }
    }
    return { method, path, headers, ...(body !== undefined ? { body } : {}) };
  };
}

describe('fuzz', () => {
  it(`answers ${COUNT} malformed requests without a 5xx, always in the envelope`, async () => {
    const { token } = await newUser();
    const next = generator(SEED, { user: token, service: stack.serviceToken });
    const counts = new Map<number, number>();
    const failures: string[] = [];
    const cases = Array.from({ length: COUNT }, next);
    let index = 0;
    const worker = async () => {
      while (index < cases.length) {
        const i = index++;
        const c = cases[i] as Case;
        const res = await fetch(`${stack.api}${c.path}`, {
          method: c.method,
          headers: c.headers,
          ...(c.body !== undefined ? { body: c.body } : {}),
          signal: AbortSignal.timeout(15_000),
        });
        const text = await res.text();
        counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
        const label = `#${i} ${c.method} ${c.path.slice(0, 80)} → ${res.status}`;
        if (res.status >= 500) failures.push(`${label}: ${text.slice(0, 200)}`);
        else if (res.status >= 300 && c.method !== 'HEAD') {
          let ok = false;
          try {
            const json = JSON.parse(text);
            ok = typeof json?.error?.code === 'string' && typeof json?.error?.message === 'string';
          } catch {}
          if (!ok) failures.push(`${label}: not the envelope: ${text.slice(0, 200)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 12 }, worker));
    const summary = [...counts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ');
    console.log(`fuzz seed ${SEED}, ${COUNT} requests — ${summary}`);
    expect(failures).toEqual([]);
  }, 120_000);
});
