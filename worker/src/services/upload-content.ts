import { ApiError } from '../errors.ts';

export type UploadFormat = 'csv' | 'json';

const invalid = (message: string, details?: Record<string, unknown>) =>
  new ApiError(400, 'invalid_request', message, details);

/** The format a file claims by its media type or, failing that, its extension. */
export function formatOf(file: File): UploadFormat {
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

const HTML_START = /^\s*<(?:!doctype|html|head|body|script|svg|\?xml|iframe)/i;

/**
 * Checks that the bytes are the text they claim to be: UTF-8 without NULs (not binary), not markup, and
 * parseable as the declared format. Returns the text, or throws a 400/415 naming the problem.
 */
export function checkContent(bytes: ArrayBuffer, format: UploadFormat): string {
  if (bytes.byteLength === 0) throw invalid('the file is empty');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError(415, 'unsupported_media_type', 'the file is not UTF-8 text');
  }
  if (text.includes('\u0000')) throw new ApiError(415, 'unsupported_media_type', 'the file looks binary');
  const body = text.replace(/^\uFEFF/, '');
  if (HTML_START.test(body))
    throw new ApiError(415, 'unsupported_media_type', 'HTML or markup is not accepted');
  if (format === 'json') {
    try {
      JSON.parse(body);
    } catch (err) {
      throw invalid('the file is not valid JSON', { reason: String(err).slice(0, 200) });
    }
  } else {
    checkCsv(body);
  }
  return body;
}

/** A header row of distinct, non-empty names, and every data row with as many fields as the header. */
function checkCsv(text: string) {
  const rows = parseCsv(text);
  const header = rows[0];
  if (!header || header.length === 0 || header.every((h) => h.trim() === '')) {
    throw invalid('a CSV file needs a header row');
  }
  if (header.some((h) => h.trim() === '')) throw invalid('every CSV header column needs a name');
  if (new Set(header.map((h) => h.trim())).size !== header.length) throw invalid('CSV header names repeat');
  if (header.some((h) => /^\s*[-+]?\d+(\.\d+)?\s*$/.test(h))) {
    throw invalid('the first CSV row looks like data, not a header');
  }
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i] ?? [];
    if (row.length === 1 && row[0] === '') continue; // blank line
    if (row.length !== header.length) {
      throw invalid(`CSV row ${i + 1} has ${row.length} fields; the header has ${header.length}`);
    }
  }
}

/** RFC 4180 fields: commas, CRLF or LF, double quotes escaped by doubling. */
function parseCsv(text: string): string[][] {
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
  if (quoted) throw invalid('a CSV quoted field is not closed');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
