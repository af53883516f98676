export type Cell = string | number | null;
export type SortDirection = 'asc' | 'desc';

/** Time strings such as "1:36.512", "+12.345" or "36.5s" sort by their value, not as text. */
const DURATION = /^\+?(?:(\d+):)?(\d+(?:\.\d+)?)s?$/;

/** A sortable number for a cell, or null when the cell is text (or empty). */
export function numericValue(cell: Cell): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (cell === null) return null;
  const text = cell.trim().replace(/,/g, '');
  if (text === '') return null;
  if (/^[-+]?\d+(?:\.\d+)?%?$/.test(text)) return Number.parseFloat(text.replace('%', ''));
  const duration = DURATION.exec(text);
  if (duration) return Number(duration[1] ?? 0) * 60 + Number(duration[2]);
  return null;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Rows sorted by one column. Numbers (and number-like text) compare numerically and come before text,
 * so "DNF" sorts after every finishing time; empty cells always go last, whatever the direction.
 */
export function sortRows<R extends Cell[]>(
  rows: readonly R[],
  column: number,
  direction: SortDirection,
): R[] {
  const sign = direction === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const x = a.row[column] ?? null;
      const y = b.row[column] ?? null;
      const xEmpty = x === null || x === '';
      const yEmpty = y === null || y === '';
      if (xEmpty || yEmpty) return xEmpty === yEmpty ? a.index - b.index : xEmpty ? 1 : -1;
      const nx = numericValue(x);
      const ny = numericValue(y);
      let order: number;
      if (nx !== null && ny !== null) order = nx - ny;
      else if (nx !== null) return -1;
      else if (ny !== null) return 1;
      else order = collator.compare(String(x), String(y));
      // Equal keys keep their original order, so sorting is stable in both directions.
      return order === 0 ? a.index - b.index : sign * order;
    })
    .map(({ row }) => row);
}

function csvField(cell: Cell): string {
  if (cell === null) return '';
  const text = String(cell);
  // Leading =, +, - or @ would run as a formula in a spreadsheet; a quote prefix keeps it text.
  const safe =
    typeof cell === 'string' && /^[=+\-@\t\r]/.test(text) && numericValue(cell) === null ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV with a header row and CRLF line ends. */
export function toCsv(columns: readonly string[], rows: readonly Cell[][]): string {
  return `${[columns, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** A file name from a table title: "Race result — Monaco 2023" → "race-result-monaco-2023.csv". */
export function csvName(title: string): string {
  const slug = title
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${slug || 'table'}.csv`;
}
