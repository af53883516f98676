import { ApiError } from '../errors.ts';

/** One part of a multipart/form-data body, as its headers describe it. */
export type PartInfo = { name: string; filename: string | undefined; contentType: string };

/** Receives one part's content, chunk by chunk, in order; each call is awaited before more is read. */
export type PartSink = {
  data(bytes: Uint8Array): void | Promise<void>;
  end(): void | Promise<void>;
};

const MAX_HEADER_BYTES = 16 * 1024;
const MAX_PARTS = 20;

const encoder = new TextEncoder();
const CRLF = encoder.encode('\r\n');
const CRLF_CRLF = encoder.encode('\r\n\r\n');

const malformed = (why: string) =>
  new ApiError(400, 'invalid_request', `the multipart/form-data body is malformed: ${why}`);

/** The boundary of a `multipart/form-data; boundary=…` content type (RFC 2046: 1–70 characters). */
export function boundaryOf(contentType: string | undefined): string {
  const match = contentType?.match(/;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw malformed('the Content-Type names no boundary');
  return boundary;
}

/** Where `needle` starts in `hay` at or after `from`, or -1. */
function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  const first = needle[0];
  for (let i = hay.indexOf(first as number, from); i !== -1; i = hay.indexOf(first as number, i + 1)) {
    if (i + needle.length > hay.length) return -1;
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

/** Where the end of `bytes` could be the start of `delimiter` (so must wait for more), or its length. */
function boundaryPrefixAt(bytes: Uint8Array, delimiter: Uint8Array): number {
  for (let i = Math.max(0, bytes.length - delimiter.length + 1); i < bytes.length; i++) {
    if (bytes[i] !== delimiter[0]) continue;
    let j = 1;
    while (i + j < bytes.length && bytes[i + j] === delimiter[j]) j++;
    if (i + j === bytes.length) return i;
  }
  return bytes.length;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** `form-data; name="file"; filename="laps.csv"` → its parameters. */
function dispositionOf(value: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const m of value.matchAll(/;\s*([A-Za-z0-9_*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g)) {
    const key = m[1]?.toLowerCase();
    if (key) params[key] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '').trim();
  }
  return params;
}

function partInfoOf(headerBytes: Uint8Array): PartInfo {
  const headers = new Map<string, string>();
  for (const line of new TextDecoder().decode(headerBytes).split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get('content-disposition');
  if (!disposition || !/^form-data\s*(;|$)/i.test(disposition)) {
    throw malformed('a part has no Content-Disposition: form-data header');
  }
  const params = dispositionOf(disposition);
  if (params.name === undefined) throw malformed('a part has no name');
  return {
    name: params.name,
    filename: params.filename,
    contentType: headers.get('content-type') ?? '',
  };
}

/**
 * Reads a multipart/form-data body as it arrives, handing each part's content to the sink `onPart` gives
 * for it, so a large file passes through without being held. Only the bytes that may still be the start
 * of a boundary are kept between chunks. Throws a 400 for a malformed body, and whatever a sink throws.
 */
export async function readMultipart(
  body: ReadableStream<Uint8Array>,
  boundary: string,
  onPart: (part: PartInfo) => PartSink | Promise<PartSink>,
): Promise<void> {
  const delimiter = encoder.encode(`\r\n--${boundary}`);
  // The first boundary has no CRLF before it; starting with one lets every boundary match alike.
  let held: Uint8Array = CRLF;
  let state: 'preamble' | 'boundary' | 'headers' | 'body' | 'done' = 'preamble';
  let sink: PartSink | undefined;
  let parts = 0;

  const closed = () => state === 'done';
  const advance = async (final: boolean) => {
    for (;;) {
      if (state === 'preamble') {
        const at = indexOfBytes(held, delimiter);
        if (at === -1) {
          held = held.subarray(Math.max(0, held.length - delimiter.length + 1));
          return;
        }
        held = held.subarray(at + delimiter.length);
        state = 'boundary';
      } else if (state === 'boundary') {
        // After a boundary: `--` closes the body; otherwise optional padding, then CRLF and a part.
        if (held.length < 2 && !final) return;
        if (held[0] === 0x2d && held[1] === 0x2d) {
          state = 'done';
          return;
        }
        const eol = indexOfBytes(held, CRLF);
        if (eol === -1) {
          if (held.length > 256 || final) throw malformed('a boundary line does not end');
          return;
        }
        if (held.subarray(0, eol).some((b) => b !== 0x20 && b !== 0x09)) throw malformed('bad boundary line');
        held = held.subarray(eol + 2);
        if (++parts > MAX_PARTS) throw malformed(`more than ${MAX_PARTS} parts`);
        state = 'headers';
      } else if (state === 'headers') {
        // A part with no headers at all starts straight after an empty line.
        const end = held[0] === 0x0d && held[1] === 0x0a ? 0 : indexOfBytes(held, CRLF_CRLF);
        if (end === -1) {
          if (held.length > MAX_HEADER_BYTES) throw malformed('a part’s headers are too long');
          if (final) throw malformed('a part’s headers do not end');
          return;
        }
        const info = partInfoOf(held.subarray(0, end));
        held = held.subarray(end === 0 ? 2 : end + 4);
        sink = await onPart(info);
        state = 'body';
      } else if (state === 'body') {
        const at = indexOfBytes(held, delimiter);
        if (at !== -1) {
          if (at > 0) await sink?.data(held.subarray(0, at));
          await sink?.end();
          sink = undefined;
          held = held.subarray(at + delimiter.length);
          state = 'boundary';
          continue;
        }
        // Everything but a possible start of the next boundary is content.
        const safe = boundaryPrefixAt(held, delimiter);
        if (safe > 0) {
          await sink?.data(held.subarray(0, safe));
          held = held.subarray(safe);
        }
        return;
      } else {
        held = new Uint8Array(0); // the epilogue is ignored
        return;
      }
    }
  };

  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      held = concat(held, value);
      await advance(false);
    }
    await advance(true);
  } finally {
    reader.releaseLock();
  }
  if (!closed()) throw malformed('the body ends before its closing boundary');
}
