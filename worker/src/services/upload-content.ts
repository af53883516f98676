import { ApiError } from '../errors.ts';
import { CsvScan } from './csv-scan.ts';
import { JsonScan } from './json-scan.ts';

export type UploadFormat = 'csv' | 'json';

const invalid = (message: string, details?: Record<string, unknown>) =>
  new ApiError(400, 'invalid_request', message, details);

/** The format a file claims by its media type or, failing that, its extension. */
export function formatOf(file: { type: string; name: string }): UploadFormat {
  const mediaType = file.type.split(';')[0]?.trim().toLowerCase() ?? '';
  const extension = file.name.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (mediaType === 'text/csv' || (mediaType !== 'application/json' && extension === 'csv')) return 'csv';
  if (mediaType === 'application/json' || extension === 'json') return 'json';
  throw new ApiError(
    415,
    'unsupported_media_type',
    'upload a CSV (text/csv, .csv) or JSON (application/json, .json) file',
  );
}

/** A display name with no path, control or markup characters; never used to address storage. */
export function sanitiseName(name: string, format: UploadFormat): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}._ -]/gu, '_')
    .replace(/^[.\s]+/, '')
    .slice(0, 100)
    .trim();
  return clean || `upload.${format}`;
}

/** Markup that a browser would render, after any leading whitespace. */
const HTML_START = /^<(?:!doctype|html|head|body|script|svg|\?xml|iframe)/i;
/** Text after leading whitespace that starts with `<` is held until this long, to tell markup from data. */
const SNIFF_CHARS = 16;
/** Leading whitespace past this is not waited through: it cannot be a CSV header or markup worth sniffing. */
const SNIFF_MAX_CHARS = 64 * 1024;

export type ContentLimits = { maxBytes: number; maxRows: number };
export type ContentSummary = { bytes: number; columns?: number; rows?: number };

/**
 * Checks a file's bytes as they arrive, holding none of them: UTF-8 without NULs (not binary), not
 * markup, at most `maxBytes`, and well-formed as the declared format (a CSV table of at most `maxRows`
 * rows, or JSON). Each problem is a 400, 413 or 415 naming it, thrown as soon as it is seen.
 */
export class ContentCheck {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly scan: CsvScan | JsonScan;
  private bytes = 0;
  /** Text held back until it shows whether the file is markup (at most SNIFF_MAX_CHARS). */
  private head: string | undefined = '';

  constructor(
    format: UploadFormat,
    private readonly limits: ContentLimits,
  ) {
    this.scan = format === 'csv' ? new CsvScan(limits.maxRows) : new JsonScan();
  }

  push(bytes: Uint8Array): void {
    this.bytes += bytes.byteLength;
    if (this.bytes > this.limits.maxBytes) {
      throw new ApiError(413, 'payload_too_large', `files may be at most ${this.limits.maxBytes} bytes`, {
        maxBytes: this.limits.maxBytes,
      });
    }
    this.text(this.decode(bytes, true), false);
  }

  end(): ContentSummary {
    if (this.bytes === 0) throw invalid('the file is empty');
    this.text(this.decode(undefined, false), true);
    if (this.scan instanceof JsonScan) {
      this.scan.end();
      return { bytes: this.bytes };
    }
    return { bytes: this.bytes, ...this.scan.end() };
  }

  private decode(bytes: Uint8Array | undefined, stream: boolean): string {
    let text: string;
    try {
      text = this.decoder.decode(bytes, { stream });
    } catch {
      throw new ApiError(415, 'unsupported_media_type', 'the file is not UTF-8 text');
    }
    if (text.includes('\u0000')) throw new ApiError(415, 'unsupported_media_type', 'the file looks binary');
    return text;
  }

  private text(text: string, final: boolean) {
    if (this.head === undefined) {
      if (text) this.scan.push(text);
      return;
    }
    this.head += text;
    const start = this.head.trimStart();
    const undecided = start.length < SNIFF_CHARS && (start === '' || start.startsWith('<'));
    if (undecided && this.head.length < SNIFF_MAX_CHARS && !final) return;
    if (HTML_START.test(start))
      throw new ApiError(415, 'unsupported_media_type', 'HTML or markup is not accepted');
    const held = this.head;
    this.head = undefined;
    if (held) this.scan.push(held);
  }
}
