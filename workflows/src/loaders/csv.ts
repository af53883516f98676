import { parse } from 'csv-parse/sync';

export type CsvRow = Record<string, string>;

/** Parses a CSV with a header row; short rows (Ergast's 2025 races) are allowed. */
export function parseCsv(text: string | Buffer): CsvRow[] {
  return parse(text, { columns: true, relax_column_count: true, skip_empty_lines: true, bom: true });
}

/** Ergast writes `\N` for null; other sources leave the cell empty. */
export const str = (v: string | undefined) => (v === undefined || v === '\\N' || v === '' ? null : v);
export const int = (v: string | undefined) => {
  const s = str(v);
  return s === null ? null : Math.trunc(Number(s));
};
export const num = (v: string | undefined) => {
  const s = str(v);
  return s === null ? null : Number(s);
};
export const bool = (v: string | undefined) => {
  const s = str(v)?.toLowerCase();
  return s === undefined || s === null ? null : s === 'true' || s === '1';
};
export function req<T>(v: T | null, what: string): T {
  if (v === null) throw new Error(`missing ${what}`);
  return v;
}

/** "1:27.452" or "27.452" or "1:31:30.616" → ms. */
export function parseDuration(v: string | undefined): number | null {
  const s = str(v);
  if (s === null) return null;
  const parts = s.split(':').map(Number);
  if (parts.some((p) => Number.isNaN(p))) return null;
  const seconds = parts.reduce((total, part) => total * 60 + part, 0);
  return Math.round(seconds * 1000);
}
