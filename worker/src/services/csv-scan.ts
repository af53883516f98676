import { ApiError } from '../errors.ts';

/** Wider tables, or longer fields, are not data Pit Wall can use; they also bound what a scan holds. */
export const CSV_MAX_COLUMNS = 500;
export const CSV_MAX_FIELD_CHARS = 64 * 1024;
const CSV_MAX_HEADER_CHARS = 64 * 1024;

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

const invalid = (message: string, details?: Record<string, unknown>) =>
  new ApiError(400, 'invalid_request', message, details);

export type CsvSummary = { columns: number; rows: number };

/**
 * Checks CSV text fed in pieces (RFC 4180: commas, CRLF or LF, double quotes escaped by doubling) without
 * keeping it: a header row of distinct, non-empty names that does not look like data, then every data row
 * with as many fields as the header, at most `maxRows` of them. Only the header's names are held; data
 * fields are counted, not stored. Blank lines are skipped. Throws a 400 (413 past `maxRows`) naming the row.
 */
export class CsvScan {
  private header: string[] | undefined;
  private names: string[] = [];
  private name = '';
  private headerChars = 0;
  private fieldChars = 0;
  private fields = 0;
  private rowHasChars = false;
  private quoted = false;
  /** Inside quotes, a `"` was just read: the next character says whether it was `""` or the closing one. */
  private quoteJustRead = false;
  private crJustRead = false;
  /** 1-based record number; the header is row 1. */
  private row = 1;
  private dataRows = 0;

  constructor(private readonly maxRows: number) {}

  push(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (this.crJustRead) {
        this.crJustRead = false;
        if (ch === LF) continue;
      }
      if (this.quoted) {
        if (!this.quoteJustRead) {
          if (ch === QUOTE) this.quoteJustRead = true;
          else this.addChar(text, i);
          continue;
        }
        this.quoteJustRead = false;
        if (ch === QUOTE) {
          this.addChar(text, i);
          continue;
        }
        this.quoted = false; // the quote closed the field's quoted part; read this character as unquoted
      }
      if (ch === QUOTE && this.fieldChars === 0) this.quoted = true;
      else if (ch === COMMA) this.endField();
      else if (ch === LF || ch === CR) {
        this.crJustRead = ch === CR;
        this.endField();
        this.endRow();
      } else this.addChar(text, i);
    }
  }

  end(): CsvSummary {
    if (this.quoted && !this.quoteJustRead) throw invalid('a CSV quoted field is not closed');
    this.quoted = false;
    if (this.fieldChars > 0 || this.fields > 0) {
      this.endField();
      this.endRow();
    }
    if (!this.header) throw invalid('a CSV file needs a header row');
    return { columns: this.header.length, rows: this.dataRows };
  }

  private addChar(text: string, i: number) {
    this.fieldChars += 1;
    if (this.fieldChars > CSV_MAX_FIELD_CHARS) {
      throw invalid(`CSV row ${this.row} has a field longer than ${CSV_MAX_FIELD_CHARS} characters`);
    }
    if (!this.header) {
      this.name += text[i];
      if (++this.headerChars > CSV_MAX_HEADER_CHARS) {
        throw invalid(`the CSV header row is longer than ${CSV_MAX_HEADER_CHARS} characters`);
      }
    }
  }

  private endField() {
    if (!this.header) {
      this.names.push(this.name);
      this.name = '';
      if (this.names.length > CSV_MAX_COLUMNS) {
        throw invalid(`a CSV file may have at most ${CSV_MAX_COLUMNS} columns`);
      }
    }
    this.rowHasChars ||= this.fieldChars > 0;
    this.fields += 1;
    this.fieldChars = 0;
  }

  private endRow() {
    const fields = this.fields;
    const blank = fields === 1 && !this.rowHasChars;
    this.fields = 0;
    this.rowHasChars = false;
    if (!this.header) {
      this.header = checkHeader(this.names);
    } else if (!blank) {
      if (fields !== this.header.length) {
        throw invalid(`CSV row ${this.row} has ${fields} fields; the header has ${this.header.length}`, {
          row: this.row,
        });
      }
      this.dataRows += 1;
      if (this.dataRows > this.maxRows) {
        throw new ApiError(413, 'payload_too_large', `a CSV file may have at most ${this.maxRows} rows`, {
          maxRows: this.maxRows,
        });
      }
    }
    this.row += 1;
  }
}

function checkHeader(header: string[]): string[] {
  if (header.length === 0 || header.every((h) => h.trim() === '')) {
    throw invalid('a CSV file needs a header row');
  }
  if (header.some((h) => h.trim() === '')) throw invalid('every CSV header column needs a name');
  if (new Set(header.map((h) => h.trim())).size !== header.length) throw invalid('CSV header names repeat');
  if (header.some((h) => /^\s*[-+]?\d+(\.\d+)?\s*$/.test(h))) {
    throw invalid('the first CSV row looks like data, not a header');
  }
  return header;
}
