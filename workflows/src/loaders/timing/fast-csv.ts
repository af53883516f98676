/**
 * A small RFC 4180 reader for the large timing files (~40 MB, ~370k rows per import). Splitting each row
 * into strings and converting them cost more than everything else the import does with a row, so this
 * reader never splits: a cursor walks the text, finds a row's cells only as far as they are needed, and
 * parses numbers straight from the characters into typed columns. Typed columns also cross threads for
 * free (see read-ahead.ts). Quoted cells ("" escapes, embedded commas or newlines), CRLF, a leading BOM
 * and blank lines are handled; a row with quotes is split the plain way.
 */

/**
 * How a column is read. `number`: written plainly or by pandas ("12.0"); empty, `\N`, `nan` or not a
 * number read as null. `bool`: "True"/"true"/"1" true, other text false, empty null. `timedelta`: pandas
 * Timedelta text ("0 days 01:04:15.961000") in ms, null when empty or malformed. `text`: as written.
 */
export type ColumnKind = 'number' | 'bool' | 'timedelta' | 'text';
export type ColumnSpec = Record<string, ColumnKind>;

/** Numbers and timedeltas as float64 (NaN = null); bools as int8 (-1 = null); text by dictionary. */
export type TextColumn = { codes: Uint32Array; values: (string | undefined)[] };
type ColumnOf<K extends ColumnKind> = K extends 'bool'
  ? Int8Array
  : K extends 'text'
    ? TextColumn
    : Float64Array;

/**
 * The spec's columns of a file, row by row. A column the file lacks reads as null (or undefined text) in
 * every row, as does a short row's missing cell.
 */
export type ParsedTable<S extends ColumnSpec> = {
  length: number;
  columns: { [Name in keyof S]: ColumnOf<S[Name]> };
};

export const num = (v: number | undefined): number | null => (v === undefined || Number.isNaN(v) ? null : v);
export const int = (v: number | undefined): number | null =>
  v === undefined || Number.isNaN(v) ? null : Math.trunc(v);
export const bool = (v: number | undefined): boolean | null => (v === undefined || v < 0 ? null : v === 1);
export const text = (column: TextColumn, row: number): string | undefined =>
  column.values[column.codes[row] as number];

export function parseTable<S extends ColumnSpec>(input: string | Buffer, spec: S): ParsedTable<S> {
  const raw = typeof input === 'string' ? input : input.toString('utf8');
  const cursor = new Cursor(raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw);
  const header: string[] = [];
  if (cursor.advance()) for (let c = 0; cursor.has(c); c++) header.push(cursor.text(c) as string);

  const capacity = cursor.linesLeft();
  const names = Object.keys(spec);
  const kinds = names.map((name) => spec[name] as ColumnKind);
  const at = names.map((name) => header.indexOf(name));
  const dictionaries = names.map(() => new Map<string, number>());
  const arrays = kinds.map((kind) =>
    kind === 'bool'
      ? new Int8Array(capacity)
      : kind === 'text'
        ? { codes: new Uint32Array(capacity), values: [undefined] as (string | undefined)[] }
        : new Float64Array(capacity),
  );
  let length = 0;
  while (cursor.advance()) {
    for (let c = 0; c < names.length; c++) {
      const column = at[c] as number;
      switch (kinds[c]) {
        case 'number':
          (arrays[c] as Float64Array)[length] = cursor.number(column);
          break;
        case 'timedelta':
          (arrays[c] as Float64Array)[length] = timedeltaMs(cursor.text(column));
          break;
        case 'bool':
          (arrays[c] as Int8Array)[length] = cursor.bool(column);
          break;
        default: {
          const value = cursor.text(column);
          const { codes, values } = arrays[c] as TextColumn;
          if (value === undefined) break; // code 0
          const dictionary = dictionaries[c] as Map<string, number>;
          let code = dictionary.get(value);
          if (code === undefined) {
            code = values.push(value) - 1;
            dictionary.set(value, code);
          }
          codes[length] = code;
        }
      }
    }
    length++;
  }
  // Views of exactly `length` rows (the arrays were sized by the newlines, an upper bound).
  const trimmed = arrays.map((a) =>
    'codes' in a ? { codes: a.codes.subarray(0, length), values: a.values } : a.subarray(0, length),
  );
  return {
    length,
    columns: Object.fromEntries(names.map((name, c) => [name, trimmed[c]])),
  } as ParsedTable<S>;
}

/** Every ArrayBuffer behind a table, to hand it to another thread without copying. */
export function buffersOf(table: ParsedTable<ColumnSpec>): ArrayBuffer[] {
  return Object.values(table.columns).map((column) =>
    'codes' in column ? (column.codes.buffer as ArrayBuffer) : (column.buffer as ArrayBuffer),
  );
}

/** pandas Timedelta text ("0 days 01:04:15.961000") → ms; NaN when absent or malformed. */
function timedeltaMs(v: string | undefined): number {
  const m = v?.match(/^(\d+) days (\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)$/);
  if (!m) return Number.NaN;
  const [, days, hours, minutes, seconds] = m;
  return Math.round(
    ((Number(days) * 24 + Number(hours)) * 3600 + Number(minutes) * 60 + Number(seconds)) * 1000,
  );
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;

/** Powers of ten that doubles hold exactly; dividing by one of them rounds correctly. */
const EXACT_POWERS = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** Walks the rows of a CSV text; the current row's cells are located lazily, left to right. */
class Cursor {
  private readonly source: string;
  /** Where the next row starts. */
  private next = 0;
  /** The current row's end (before any CR). */
  private end = 0;
  /** Where the next unlocated cell starts; past `end` once the whole row is located. */
  private scan = 0;
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private located = 0;
  /** The current row's cells when it has quotes; null for a plain row. */
  private quoted: string[] | null = null;
  /** The first quote at or after `next`: quote checks cost one search per quote, not one per row. */
  private nextQuote: number;

  constructor(source: string) {
    this.source = source;
    this.nextQuote = source.indexOf('"');
  }

  /** An upper bound on the rows left: the newlines left, plus one. */
  linesLeft(): number {
    let lines = 1;
    for (let i = this.source.indexOf('\n', this.next); i >= 0; i = this.source.indexOf('\n', i + 1)) lines++;
    return lines;
  }

  /** Moves to the next non-blank row; false at the end. */
  advance(): boolean {
    const text = this.source;
    const n = text.length;
    while (this.next < n) {
      const start = this.next;
      const newline = text.indexOf('\n', start);
      const lineEnd = newline < 0 ? n : newline;
      if (this.nextQuote >= 0 && this.nextQuote < start) this.nextQuote = text.indexOf('"', start);
      if (this.nextQuote >= 0 && this.nextQuote < lineEnd) {
        const [cells, after] = quotedRow(text, start);
        this.quoted = cells;
        this.next = after;
        return true;
      }
      this.next = lineEnd + 1;
      const end = lineEnd > start && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
      if (end === start) continue;
      this.quoted = null;
      this.end = end;
      this.scan = start;
      this.located = 0;
      return true;
    }
    return false;
  }

  has(column: number): boolean {
    if (column < 0) return false;
    if (this.quoted) return column < this.quoted.length;
    while (this.located <= column && this.scan <= this.end) {
      const comma = this.source.indexOf(',', this.scan);
      const cellEnd = comma < 0 || comma > this.end ? this.end : comma;
      this.starts[this.located] = this.scan;
      this.ends[this.located] = cellEnd;
      this.located++;
      this.scan = cellEnd + 1;
    }
    return column < this.located;
  }

  text(column: number): string | undefined {
    if (!this.has(column)) return undefined;
    if (this.quoted) return this.quoted[column];
    return this.source.slice(this.starts[column], this.ends[column]);
  }

  /** The cell as a number, NaN for null. */
  number(column: number): number {
    if (!this.has(column)) return Number.NaN;
    if (this.quoted) return textNumber(this.quoted[column] as string);
    const text = this.source;
    const start = this.starts[column] as number;
    const end = this.ends[column] as number;
    // Plain decimals ("79.106", "-3", "12.0") exactly as Number() reads them: up to 15 digits fit a
    // double exactly, and one division by an exact power of ten rounds correctly. Anything else
    // (empty, nan, \N, exponents) goes the slow way.
    let i = start;
    const negative = text.charCodeAt(i) === MINUS;
    if (negative) i++;
    let mantissa = 0;
    let digits = 0;
    let scale = -1;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === DOT && scale < 0) scale = 0;
      else if (c >= ZERO && c <= ZERO + 9) {
        mantissa = mantissa * 10 + (c - ZERO);
        digits++;
        if (scale >= 0) scale++;
      } else return textNumber(text.slice(start, end));
    }
    if (digits === 0 || digits > 15 || scale > 22) return textNumber(text.slice(start, end));
    const value = scale > 0 ? mantissa / (EXACT_POWERS[scale] as number) : mantissa;
    return negative ? -value : value;
  }

  /** The cell as 1 (true), 0 (false) or -1 (null). */
  bool(column: number): number {
    if (!this.has(column)) return -1;
    if (this.quoted) return textBool(this.quoted[column] as string);
    const start = this.starts[column] as number;
    const length = (this.ends[column] as number) - start;
    if (length === 0) return -1;
    const text = this.source;
    if (length === 1) return text.charCodeAt(start) === ZERO + 1 ? 1 : 0;
    return length === 4 && (text.startsWith('True', start) || text.startsWith('true', start)) ? 1 : 0;
  }
}

/** A number cell written by pandas ("12.0") or plainly; null when empty, `\\N`, `nan` or not a number. */
export function cellNumber(v: string | undefined): number | null {
  if (v === undefined || v === '' || v === '\\N' || v === 'nan' || v === 'NaN') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

const textNumber = (v: string) => cellNumber(v) ?? Number.NaN;

const textBool = (v: string) => (v === '' ? -1 : v === 'True' || v === 'true' || v === '1' ? 1 : 0);

/** Reads one row that has quoted cells, starting at `i`; returns the cells and where the next row starts. */
function quotedRow(text: string, start: number): [string[], number] {
  const row: string[] = [];
  const n = text.length;
  let i = start;
  for (;;) {
    let cell = '';
    if (text.charCodeAt(i) === QUOTE) {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted CSV cell');
        cell += text.slice(i, q);
        i = q + 1;
        if (text.charCodeAt(i) !== QUOTE) break;
        cell += '"';
        i++;
      }
    }
    let j = i;
    while (j < n && text.charCodeAt(j) !== COMMA && text.charCodeAt(j) !== LF && text.charCodeAt(j) !== CR)
      j++;
    row.push(cell + text.slice(i, j));
    i = j;
    if (text.charCodeAt(i) === COMMA) {
      i++;
      continue;
    }
    if (text.charCodeAt(i) === CR) i++;
    if (text.charCodeAt(i) === LF) i++;
    return [row, i];
  }
}
