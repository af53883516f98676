/**
 * A small RFC 4180 reader for the large timing files. csv-parse building one object per record takes
 * seconds per FastF1 season here; this keeps rows as arrays and looks columns up once. Quoted cells (""
 * escapes, embedded commas or newlines), CRLF, a leading BOM and blank lines are handled.
 */
export type CsvTable = {
  rows: string[][];
  /** One cell by header name; a missing column or a short row reads as undefined. */
  get: (row: string[], name: string) => string | undefined;
};

export function readCsvTable(input: string | Buffer): CsvTable {
  const text = typeof input === 'string' ? input : input.toString('utf8');
  const rows = splitRows(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const header = rows.shift() ?? [];
  const index = new Map(header.map((name, i) => [name, i]));
  return {
    rows,
    get: (row, name) => {
      const i = index.get(name);
      return i === undefined ? undefined : row[i];
    },
  };
}

function splitRows(text: string): string[][] {
  const rows: string[][] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const newline = text.indexOf('\n', i);
    const end = newline < 0 ? n : newline;
    const line = text.slice(i, end > i && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    if (line.indexOf('"') < 0) {
      // The common case: no quotes, so a plain split is exact.
      if (line !== '') rows.push(line.split(','));
      i = end + 1;
    } else {
      const [row, next] = quotedRow(text, i);
      rows.push(row);
      i = next;
    }
  }
  return rows;
}

/** Reads one row that has quoted cells, starting at `i`; returns the cells and where the next row starts. */
function quotedRow(text: string, start: number): [string[], number] {
  const row: string[] = [];
  const n = text.length;
  let i = start;
  for (;;) {
    let cell = '';
    if (text.charCodeAt(i) === 34) {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted CSV cell');
        cell += text.slice(i, q);
        i = q + 1;
        if (text.charCodeAt(i) !== 34) break;
        cell += '"';
        i++;
      }
    }
    let j = i;
    while (j < n && text.charCodeAt(j) !== 44 && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
    row.push(cell + text.slice(i, j));
    i = j;
    if (text.charCodeAt(i) === 44) {
      i++;
      continue;
    }
    if (text.charCodeAt(i) === 13) i++;
    if (text.charCodeAt(i) === 10) i++;
    return [row, i];
  }
}
