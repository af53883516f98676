import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { client, csvUpload, expectEnvelope } from './support/http.ts';
import { d1, r2Put } from './support/wrangler.ts';

/** POST /api/data/upload and GET /api/data/upload/:id: checked, encrypted at rest, owner only. */
const { stack, call, newUser } = client();

describe('uploads', () => {
  it('stores a CSV with its metadata and gives it back, decrypted, to its owner', async () => {
    const { token, user } = await newUser();
    const content = 'lap,driver,time_ms\n1,VER,81234\n2,"NOR, L",80987\n';
    const res = await call('POST', '/api/data/upload', {
      token,
      body: csvUpload({
        content,
        name: '../../etc/Monza laps<script>.csv',
        metadata: '{"season":2024,"note":"fp2"}',
      }),
    });
    expect(res.status).toBe(201);
    const digest = Buffer.from(
      await crypto.subtle.digest('SHA-256', new TextEncoder().encode(content)),
    ).toString('hex');
    expect(res.json).toMatchObject({
      id: expect.stringMatching(/^up_[a-z0-9]{20}$/),
      type: 'laps',
      format: 'csv',
      name: 'Monza laps_script_.csv',
      size: content.length,
      sha256: digest,
      metadata: { season: 2024, note: 'fp2' },
    });
    const meta = await call('GET', `/api/data/upload/${res.json.id}`, { token });
    expect(meta.json).toEqual(res.json);
    const file = await call('GET', `/api/data/upload/${res.json.id}?download=1`, { token });
    expect(file.text).toBe(content);
    expect(file.headers.get('content-type')).toContain('text/csv');
    expect(file.headers.get('content-disposition')).toContain('attachment');

    // At rest: the object key is ours (user id + random), not the file name, and the row says how it is sealed.
    const [row] = await d1(
      stack,
      `select r2_key, encryption, status from uploads where id = '${res.json.id}'`,
    );
    expect(row).toMatchObject({ encryption: 'aes-256-gcm-chunked:v2', status: 'stored' });
    expect(String(row?.r2_key)).toMatch(new RegExp(`^uploads/${user.id}/obj_[a-z0-9]{20}$`));
  });

  it('accepts JSON', async () => {
    const { token } = await newUser();
    const form = csvUpload({
      content: '{"results":[{"pos":1}]}',
      name: 'r.json',
      fileType: 'application/json',
      type: 'results',
    });
    const res = await call('POST', '/api/data/upload', { token, body: form });
    expect(res.status).toBe(201);
    expect(res.json.format).toBe('json');
  });

  it('hides uploads from other users and unknown ids', async () => {
    const alice = await newUser();
    const bob = await newUser();
    const { json } = await call('POST', '/api/data/upload', { token: alice.token, body: csvUpload() });
    for (const path of [
      `/api/data/upload/${json.id}`,
      `/api/data/upload/${json.id}?download=1`,
      '/api/data/upload/up_aaaaaaaaaaaaaaaaaaaa',
    ]) {
      const res = await call('GET', path, { token: bob.token });
      expect(res.status, path).toBe(404);
      expectEnvelope(res, 'not_found');
    }
    expect((await call('GET', `/api/data/upload/${json.id}`)).status).toBe(401);
    expect((await call('GET', '/api/data/upload/nope', { token: bob.token })).status).toBe(400);
  });

  it('rejects content that is not what it claims to be', async () => {
    const { token } = await newUser();
    const cases: [string, FormData, number][] = [
      ['binary', csvUpload({ content: 'a,b\n\u0000\u0001,2\n' }), 415],
      [
        'not utf-8',
        (() => {
          const f = new FormData();
          f.set('file', new Blob([new Uint8Array([0xff, 0xfe, 0x00, 0x41])], { type: 'text/csv' }), 'x.csv');
          f.set('type', 'laps');
          return f;
        })(),
        415,
      ],
      ['html as csv', csvUpload({ content: '<!doctype html><script>alert(1)</script>' }), 415],
      [
        'svg as json',
        csvUpload({ content: '<svg onload=alert(1)>', name: 'x.json', fileType: 'application/json' }),
        415,
      ],
      ['exe', csvUpload({ name: 'x.exe', fileType: 'application/octet-stream' }), 415],
      ['no header', csvUpload({ content: '1,2,3\n4,5,6\n' }), 400],
      ['ragged rows', csvUpload({ content: 'a,b\n1,2,3\n' }), 400],
      ['repeated header', csvUpload({ content: 'a,a\n1,2\n' }), 400],
      ['unclosed quote', csvUpload({ content: 'a,b\n"1,2\n' }), 400],
      ['broken json', csvUpload({ content: '{"a":', name: 'x.json', fileType: 'application/json' }), 400],
      ['empty', csvUpload({ content: '' }), 400],
      ['unknown type', csvUpload({ type: 'telemetry' }), 400],
      ['metadata not json', csvUpload({ metadata: '{nope' }), 400],
      ['metadata nested', csvUpload({ metadata: '{"a":{"b":1}}' }), 400],
      [
        'no file',
        (() => {
          const f = new FormData();
          f.set('type', 'laps');
          return f;
        })(),
        400,
      ],
      [
        'two files',
        (() => {
          const f = csvUpload();
          f.append('file', new Blob(['a\n1\n'], { type: 'text/csv' }), 'b.csv');
          return f;
        })(),
        400,
      ],
    ];
    for (const [name, form, status] of cases) {
      const res = await call('POST', '/api/data/upload', { token, body: form });
      expect(res.status, name).toBe(status);
      expect(res.json.error?.code, name).toBe(status === 415 ? 'unsupported_media_type' : 'invalid_request');
    }
    const explained: [string, FormData, number, string][] = [
      [
        'ragged widths',
        csvUpload({ content: 'a,b\n1,2\n\n3,4,5\n6,7\n' }),
        400,
        'CSV row 4 has 3 fields; the header has 2',
      ],
      [
        'short row',
        csvUpload({ content: 'a,b,c\n1,2,3\n4,5\n' }),
        400,
        'CSV row 3 has 2 fields; the header has 3',
      ],
      [
        'numeric header',
        csvUpload({ content: '1,2\n3,4\n' }),
        400,
        'the first CSV row looks like data, not a header',
      ],
      ['blank header', csvUpload({ content: '\na,b\n' }), 400, 'a CSV file needs a header row'],
      [
        'unnamed column',
        csvUpload({ content: 'a,,c\n1,2,3\n' }),
        400,
        'every CSV header column needs a name',
      ],
      [
        'too many columns',
        csvUpload({ content: `${Array.from({ length: 501 }, (_, i) => `c${i}`).join(',')}\n` }),
        400,
        'a CSV file may have at most 500 columns',
      ],
      [
        'field too wide',
        csvUpload({ content: `a,b\n1,"${'x'.repeat(70_000)}"\n` }),
        400,
        'CSV row 2 has a field longer than 65536 characters',
      ],
      [
        'json nested too deep',
        csvUpload({
          content: `${'['.repeat(600)}${']'.repeat(600)}`,
          name: 'x.json',
          fileType: 'application/json',
        }),
        400,
        'the file is not valid JSON',
      ],
    ];
    for (const [name, form, status, message] of explained) {
      const res = await call('POST', '/api/data/upload', { token, body: form });
      expect(res.status, name).toBe(status);
      expect(res.json.error?.message, name).toBe(message);
    }
    const json = await call('POST', '/api/data/upload', { token, body: { file: 'a,b' } });
    expect(json.status).toBe(415);
    const broken = await call('POST', '/api/data/upload', {
      token,
      body: '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nunterminated',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    });
    expect(broken.status).toBe(400);
    expectEnvelope(broken, 'invalid_request');
  });
});

describe('uploads sealed by the previous scheme', () => {
  it('still decrypts an aes-256-gcm:v1 object, sealed whole', async () => {
    const { token, user } = await newUser();
    const content = 'lap,driver,time_ms\n1,LEC,80123\n';
    const id = `up_${'v1legacy'.padEnd(20, 'a')}`;
    const r2Key = `uploads/${user.id}/obj_v1legacyobject0000`;
    const key = await crypto.subtle.importKey(
      'raw',
      Buffer.from(stack.uploadKey, 'base64'),
      'AES-GCM',
      false,
      ['encrypt'],
    );
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = new Uint8Array(
      await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(`${id}\n${user.id}`) },
        key,
        new TextEncoder().encode(content),
      ),
    );
    const scratch = mkdtempSync(join(tmpdir(), 'pitwall-v1-'));
    onTestFinished(() => rmSync(scratch, { recursive: true, force: true }));
    const file = join(scratch, 'sealed.bin');
    writeFileSync(file, Buffer.concat([iv, sealed]));
    await r2Put(stack, r2Key, file);
    const digest = createHash('sha256').update(content).digest('hex');
    await d1(
      stack,
      `insert into uploads (id, user_id, type, format, name, size, sha256, r2_key, encryption, status, created_at, expires_at)
       values ('${id}', '${user.id}', 'laps', 'csv', 'old.csv', ${content.length}, '${digest}', '${r2Key}', 'aes-256-gcm:v1', 'stored', '2026-01-01T00:00:00.000Z', '2999-01-01T00:00:00.000Z')`,
    );
    const res = await call('GET', `/api/data/upload/${id}?download=1`, { token });
    expect(res.status).toBe(200);
    expect(res.text).toBe(content);
  });
});

describe('GET /api/data/uploads', () => {
  it('lists the caller’s unexpired uploads, newest first, by type and up to a limit', async () => {
    const alice = await newUser();
    const bob = await newUser();
    const ids: string[] = [];
    for (const [name, type] of [
      ['first.csv', 'laps'],
      ['second.csv', 'weather'],
      ['third.csv', 'results'],
    ] as const) {
      const res = await call('POST', '/api/data/upload', {
        token: alice.token,
        body: csvUpload({ name, type }),
      });
      expect(res.status).toBe(201);
      ids.push(res.json.id);
    }
    await call('POST', '/api/data/upload', { token: bob.token, body: csvUpload() });
    // An expired one is no longer offered.
    const expired = await call('POST', '/api/data/upload', { token: alice.token, body: csvUpload() });
    await d1(
      stack,
      `update uploads set expires_at = '2000-01-01T00:00:00.000Z' where id = '${expired.json.id}'`,
    );

    const all = await call('GET', '/api/data/uploads', { token: alice.token });
    expect(all.status).toBe(200);
    expect(all.json.items.map((u: { id: string }) => u.id)).toEqual([...ids].reverse());
    const meta = await call('GET', `/api/data/upload/${ids[2]}`, { token: alice.token });
    expect(all.json.items[0]).toEqual(meta.json);

    const tables = await call('GET', '/api/data/uploads?type=laps,results', { token: alice.token });
    expect(tables.json.items.map((u: { name: string }) => u.name)).toEqual(['third.csv', 'first.csv']);
    const one = await call('GET', '/api/data/uploads?limit=1', { token: alice.token });
    expect(one.json.items.map((u: { id: string }) => u.id)).toEqual([ids[2]]);
    expect((await call('GET', '/api/data/uploads', { token: bob.token })).json.items).toHaveLength(1);

    for (const query of ['limit=0', 'limit=101', 'type=telemetry', 'type=laps,nope']) {
      const res = await call('GET', `/api/data/uploads?${query}`, { token: alice.token });
      expect(res.status, query).toBe(400);
      expectEnvelope(res, 'invalid_request');
    }
    expect((await call('GET', '/api/data/uploads')).status).toBe(401);
  });
});
