import { describe, expect, it } from 'vitest';
import { CsvScan } from '../src/services/csv-scan.ts';
import { JsonScan } from '../src/services/json-scan.ts';
import { ContentCheck } from '../src/services/upload-content.ts';

/**
 * The streaming checks on their own (pure code, no Worker): however a file is cut into pieces, the verdict
 * is the same, and it is the verdict of reading the whole text at once (JSON.parse for JSON; for CSV the
 * whole-text checker the streaming one replaced, kept below as the reference).
 */

/** A seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** `text` cut at random places into 1–6 pieces. */
function pieces(text: string, rand: () => number): string[] {
  const cuts = Array.from({ length: Math.floor(rand() * 6) }, () => Math.floor(rand() * (text.length + 1)));
  const at = [0, ...cuts.sort((a, b) => a - b), text.length];
  return at.slice(1).map((end, i) => text.slice(at[i], end));
}

const verdict = (run: () => unknown): string => {
  try {
    run();
    return 'ok';
  } catch (err) {
    return (err as Error).message;
  }
};

const scanCsv = (parts: string[]) =>
  verdict(() => {
    const scan = new CsvScan(1_000_000);
    for (const part of parts) scan.push(part);
    scan.end();
  });

const scanJson = (parts: string[]) =>
  verdict(() => {
    const scan = new JsonScan();
    for (const part of parts) scan.push(part);
    scan.end();
  });

/** The whole-text CSV check uploads used before they were streamed: the reference for CsvScan. */
function referenceCsv(text: string): string {
  return verdict(() => {
    const rows: string[][] = [];
    let row: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') {
          field += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else field += ch;
      } else if (ch === '"' && field === '') quoted = true;
      else if (ch === ',') {
        row.push(field);
        field = '';
      } else if (ch === '\n' || ch === '\r') {
        if (ch === '\r' && text[i + 1] === '\n') i++;
        row.push(field);
        rows.push(row);
        row = [];
        field = '';
      } else field += ch;
    }
    if (quoted) throw new Error('a CSV quoted field is not closed');
    if (field !== '' || row.length > 0) {
      row.push(field);
      rows.push(row);
    }
    const header = rows[0];
    if (!header || header.length === 0 || header.every((h) => h.trim() === '')) {
      throw new Error('a CSV file needs a header row');
    }
    if (header.some((h) => h.trim() === '')) throw new Error('every CSV header column needs a name');
    if (new Set(header.map((h) => h.trim())).size !== header.length)
      throw new Error('CSV header names repeat');
    if (header.some((h) => /^\s*[-+]?\d+(\.\d+)?\s*$/.test(h))) {
      throw new Error('the first CSV row looks like data, not a header');
    }
    for (let i = 1; i < rows.length; i++) {
      const r = rows[i] ?? [];
      if (r.length === 1 && r[0] === '') continue;
      if (r.length !== header.length)
        throw new Error(`CSV row ${i + 1} has ${r.length} fields; the header has ${header.length}`);
    }
  });
}

describe('CsvScan', () => {
  const CSV_TOKENS = ['a', 'b', 'lap', '1', '2.5', ',', ',', '"', '""', '\n', '\n', '\r\n', '\r', ' ', 'x y'];

  it('accepts and refuses what the whole-text check did, however the text is cut', () => {
    const rand = random(15);
    let refused = 0;
    for (let n = 0; n < 20_000; n++) {
      const start =
        rand() < 0.7 ? ['a,b\n', 'lap,driver\r\n', '"a,1",b\n', 'a\n'][Math.floor(rand() * 4)] : '';
      let text = start ?? '';
      const length = Math.floor(rand() * 24);
      for (let i = 0; i < length; i++) text += CSV_TOKENS[Math.floor(rand() * CSV_TOKENS.length)];
      const expected = referenceCsv(text);
      const whole = scanCsv([text]);
      // Where a file has two problems, the stream reports the first it reads, the old check the first it
      // looked for: compare the messages when there is at most one.
      if (expected === 'ok' || whole === 'ok') expect(whole, JSON.stringify(text)).toBe(expected);
      else expect(whole, JSON.stringify(text)).not.toBe('ok');
      expect(scanCsv(pieces(text, rand)), JSON.stringify(text)).toBe(whole);
      if (whole !== 'ok') refused++;
    }
    // Both kinds were exercised in quantity.
    expect(refused).toBeGreaterThan(2000);
    expect(refused).toBeLessThan(18_000);
  });

  it('counts data rows, not the header or blank lines, and stops at the limit', () => {
    const scan = new CsvScan(2);
    scan.push('a,b\n1,2\n\n3,');
    scan.push('4\n');
    expect(scan.end()).toEqual({ columns: 2, rows: 2 });
    const over = new CsvScan(2);
    expect(() => over.push('a,b\n1,2\n3,4\n5,6\n')).toThrow('a CSV file may have at most 2 rows');
  });
});

describe('JsonScan', () => {
  const JSON_TOKENS = [
    '{',
    '}',
    '[',
    ']',
    ':',
    ',',
    '"a"',
    '"é\\u00e9"',
    '"\\q"',
    '"\\u12"',
    '"',
    '1',
    '-0',
    '0.5',
    '1e5',
    '1E+2',
    '01',
    '-',
    '.5',
    '1.',
    '2e',
    'true',
    'tru',
    'false',
    'null',
    'nul',
    ' ',
    '\n',
    '\t',
    'x',
    '"\u0001"',
  ];

  it('accepts exactly what JSON.parse accepts, however the text is cut', () => {
    const rand = random(8259);
    let accepted = 0;
    for (let n = 0; n < 20_000; n++) {
      let text = '';
      if (rand() < 0.5) {
        // Valid JSON with one character changed, inserted or removed.
        const value = { a: [1, -2.5e3, 'x"y', null, true, { b: false }], c: '\\u' };
        text = JSON.stringify(value, null, rand() < 0.5 ? 0 : 1);
        const at = Math.floor(rand() * text.length);
        const op = rand();
        const ch = JSON_TOKENS[Math.floor(rand() * JSON_TOKENS.length)] ?? '';
        if (op < 0.3) text = text.slice(0, at) + text.slice(at + 1);
        else if (op < 0.6) text = text.slice(0, at) + ch + text.slice(at);
        else if (op < 0.9) text = text.slice(0, at) + ch + text.slice(at + 1);
      } else {
        const length = 1 + Math.floor(rand() * 12);
        for (let i = 0; i < length; i++) text += JSON_TOKENS[Math.floor(rand() * JSON_TOKENS.length)];
      }
      const expected = verdict(() => JSON.parse(text)) === 'ok';
      expect(scanJson([text]) === 'ok', JSON.stringify(text)).toBe(expected);
      expect(scanJson(pieces(text, rand)) === 'ok', JSON.stringify(text)).toBe(expected);
      if (expected) accepted++;
    }
    expect(accepted).toBeGreaterThan(2000);
    expect(accepted).toBeLessThan(18_000);
  });

  it('says where the text stops being JSON', () => {
    expect(() => {
      const scan = new JsonScan();
      scan.push('{"a": [1, 2,');
      scan.push(' }');
    }).toThrow(expect.objectContaining({ details: { reason: 'an unexpected "}" (at character 14)' } }));
  });
});

describe('ContentCheck', () => {
  const check = (format: 'csv' | 'json', chunks: Uint8Array[]) =>
    verdict(() => {
      const content = new ContentCheck(format, { maxBytes: 1000, maxRows: 100 });
      for (const chunk of chunks) content.push(chunk);
      content.end();
    });
  const bytes = (s: string) => new TextEncoder().encode(s);

  it('decodes UTF-8 split inside a character, and refuses bytes that are not UTF-8', () => {
    const text = bytes('naïve,é\nü,ß\n');
    for (let cut = 0; cut <= text.length; cut++) {
      expect(check('csv', [text.subarray(0, cut), text.subarray(cut)])).toBe('ok');
    }
    expect(check('csv', [bytes('a,b\n'), new Uint8Array([0xc3])])).toBe('the file is not UTF-8 text');
  });

  it('sniffs markup behind leading whitespace, even when it arrives a byte at a time', () => {
    const html = bytes('\n\n   <!DOCTYPE html><html><body>hi</body></html>');
    expect(
      check(
        'csv',
        [...html].map((b) => new Uint8Array([b])),
      ),
    ).toBe('HTML or markup is not accepted');
    expect(check('json', [bytes('<svg/>')])).toBe('HTML or markup is not accepted');
    expect(check('csv', [bytes('\uFEFFlap,driver\n1,VER\n')])).toBe('ok');
  });
});
