import { z } from 'zod';
import { parseCsvRows } from '../loaders/csv.ts';

/**
 * Reading a user's uploaded lap or results table. Uploads are untrusted and made by hand or by other
 * tools, so column names and time units vary: columns are matched by name ignoring case and punctuation
 * (`LapTime`, `lap_time`, `Lap time`), and lap times may be ms, seconds, `1:32.456` or pandas' `0 days
 * 00:01:32.456000`. Every row is checked with zod; the first problems are reported by row number.
 * Pure: the activity fetches the content, this only reads it.
 */

export const UPLOAD_LIMITS = {
  /** Bytes of content read at most; a season of laps as CSV is about 2 MB. */
  maxBytes: 5_000_000,
  /** Rows at most; a season of laps is about 25,000. */
  maxRows: 50_000,
  maxColumns: 100,
};

/** Content that cannot be read as the table it claims to be; the message is for the user. */
export class UploadDataError extends Error {
  override name = 'UploadDataError';
}

export type UploadedLap = {
  driver: string;
  team: string | null;
  lap: number;
  timeMs: number | null;
  position: number | null;
  compound: string | null;
  tyreLife: number | null;
  stint: number | null;
  trackStatus: string | null;
  pitIn: boolean | null;
  pitOut: boolean | null;
};

export type UploadedResult = {
  /** Null when not classified (DNF, DSQ…); `positionText` says which. */
  position: number | null;
  positionText: string;
  /** 1… in finishing order: classified by position, then the rest in file order. */
  positionOrder: number;
  driver: string;
  team: string | null;
  points: number;
  grid: number | null;
  laps: number | null;
  /** Race time in ms; a gap (`+5.123`) is added to the winner's time. */
  timeMs: number | null;
  status: string | null;
};

export type UploadTable = { type: 'laps'; rows: UploadedLap[] } | { type: 'results'; rows: UploadedResult[] };

/** Column name → lower-case letters and digits only. */
const key = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

type Unit = 'ms' | 's' | 'auto';
type Column = { names: string[]; unit?: Unit };
const col = (names: string[], unit?: Unit): Column => ({ names, ...(unit ? { unit } : {}) });

const DRIVER = col([
  'driver',
  'drivercode',
  'code',
  'abbreviation',
  'driverref',
  'driverid',
  'drivername',
  'name',
]);
const TEAM = col(['team', 'teamname', 'constructor', 'constructorname', 'constructorref']);
const LAP_TIME = [
  col(['laptimems', 'timems', 'milliseconds', 'ms', 'laptimemilliseconds'], 'ms'),
  col(['laptimes', 'laptimesec', 'laptimeseconds', 'times', 'timesec', 'seconds', 'secs'], 's'),
  col(['laptime', 'time'], 'auto'),
];
const LAP_COLUMNS = {
  lap: col(['lap', 'lapnumber', 'lapno', 'lapnum']),
  position: col(['position', 'pos']),
  compound: col(['compound', 'tyre', 'tire', 'compoundname']),
  tyreLife: col(['tyrelife', 'tirelife', 'tyreage', 'tireage']),
  stint: col(['stint']),
  trackStatus: col(['trackstatus']),
  pitIn: col(['pitin', 'inlap', 'pitintime']),
  pitOut: col(['pitout', 'outlap', 'pitouttime']),
};
const RESULT_COLUMNS = {
  position: col([
    'position',
    'pos',
    'finishposition',
    'finishingposition',
    'result',
    'place',
    'positiontext',
  ]),
  points: col(['points', 'pts']),
  grid: col(['grid', 'gridposition', 'startingposition', 'start']),
  laps: col(['laps', 'lapscompleted']),
  status: col(['status']),
};
const RACE_TIME = [
  col(['timems', 'milliseconds', 'ms', 'racetimems'], 'ms'),
  col(['time', 'racetime', 'totaltime', 'timeorgap', 'gap'], 'auto'),
];

type Records = { header: string[]; rows: string[][] };

/** CSV or JSON content → a header and string cells, within the limits. */
function records(content: string, format: 'csv' | 'json'): Records {
  if (content.length > UPLOAD_LIMITS.maxBytes) {
    throw new UploadDataError(`the file is larger than ${UPLOAD_LIMITS.maxBytes} bytes`);
  }
  const text = content.replace(/^\uFEFF/, '');
  if (format === 'csv') {
    let rows: string[][];
    try {
      rows = parseCsvRows(text);
    } catch (err) {
      throw new UploadDataError(`the CSV cannot be read: ${(err as Error).message}`);
    }
    const header = rows.shift() ?? [];
    return checked({ header: header.map((h) => h.trim()), rows });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UploadDataError('the file is not valid JSON');
  }
  const list = Array.isArray(json)
    ? json
    : typeof json === 'object' && json !== null
      ? Object.values(json).find(Array.isArray)
      : undefined;
  if (!list)
    throw new UploadDataError('a JSON upload must be an array of row objects (or an object holding one)');
  if (list.length > UPLOAD_LIMITS.maxRows) tooMany(list.length);
  const header = [
    ...new Set(list.flatMap((r) => (typeof r === 'object' && r !== null ? Object.keys(r) : []))),
  ].slice(0, UPLOAD_LIMITS.maxColumns + 1);
  const rows = list.map((r, i) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) {
      throw new UploadDataError(`row ${i + 1} of the JSON array is not an object`);
    }
    const row = r as Record<string, unknown>;
    return header.map((h) => {
      const v = row[h];
      if (v === null || v === undefined) return '';
      if (typeof v === 'object') throw new UploadDataError(`row ${i + 1}: ${h} holds an object, not a value`);
      return String(v);
    });
  });
  return checked({ header, rows });
}

const tooMany = (n: number): never => {
  throw new UploadDataError(`the table has ${n} rows; at most ${UPLOAD_LIMITS.maxRows} can be analysed`);
};

function checked(r: Records): Records {
  if (r.header.length === 0 || r.header.every((h) => h === ''))
    throw new UploadDataError('the table has no header row');
  if (r.header.length > UPLOAD_LIMITS.maxColumns) {
    throw new UploadDataError(`the table has more than ${UPLOAD_LIMITS.maxColumns} columns`);
  }
  if (r.rows.length === 0) throw new UploadDataError('the table has no rows');
  if (r.rows.length > UPLOAD_LIMITS.maxRows) tooMany(r.rows.length);
  return r;
}

/** The index of the first header that any of `names` matches, or -1. */
function find(header: string[], column: Column): number {
  const keys = header.map(key);
  for (const name of column.names) {
    const i = keys.indexOf(name);
    if (i >= 0) return i;
  }
  return -1;
}

function required(header: string[], column: Column, what: string, table: string): number {
  const i = find(header, column);
  if (i < 0) {
    throw new UploadDataError(
      `the ${table} table needs a ${what} column (named e.g. ${column.names.slice(0, 4).join(', ')}); its columns are ${header.join(', ')}`,
    );
  }
  return i;
}

const NULLS = new Set(['', '\\n', 'nan', 'nat', 'null', 'none', 'na', 'n/a', '-']);
const blank = (v: string | undefined) => v === undefined || NULLS.has(v.trim().toLowerCase());

/**
 * A duration as ms: `1:32.456`, `1:31:30.616`, `0 days 00:01:32.456000`, `92.456s`, `92456ms`, or a bare
 * number in `unit` (seconds or ms). Null for a blank cell; NaN for anything else.
 */
export function parseTime(value: string, unit: 's' | 'ms'): number | null {
  const v = value.trim().toLowerCase();
  if (blank(v)) return null;
  const days = /^(\d+) days? (\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(v);
  if (days) {
    const [, d, h, m, s] = days.map(Number) as number[];
    return Math.round(((((d ?? 0) * 24 + (h ?? 0)) * 60 + (m ?? 0)) * 60 + (s ?? 0)) * 1000);
  }
  if (/^\d+(:\d{1,2}){1,2}(\.\d+)?$/.test(v)) {
    const seconds = v.split(':').reduce((total, part) => total * 60 + Number(part), 0);
    return Math.round(seconds * 1000);
  }
  const suffixed = /^(\d+(?:\.\d+)?)\s*(ms|s|sec|secs|seconds)$/.exec(v);
  if (suffixed) return Math.round(Number(suffixed[1]) * (suffixed[2] === 'ms' ? 1 : 1000));
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * (unit === 'ms' ? 1 : 1000));
  return Number.NaN;
}

/** For a column of bare numbers of unknown unit: an F1 lap is 60–200 s, or 60,000–200,000 ms. */
function guessUnit(cells: (string | undefined)[]): 's' | 'ms' {
  const numbers = cells
    .filter((c): c is string => c !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(c))
    .map(Number)
    .sort((a, b) => a - b);
  const median = numbers[Math.floor(numbers.length / 2)] ?? 0;
  return median >= 1000 ? 'ms' : 's';
}

function timeColumn(header: string[], rows: string[][], columns: Column[]) {
  for (const c of columns) {
    const index = find(header, c);
    if (index < 0) continue;
    const unit = c.unit === 'auto' ? guessUnit(rows.map((r) => r[index])) : (c.unit ?? 's');
    return { index, unit };
  }
  return undefined;
}

const TRUE = new Set(['true', '1', 'yes', 'y', 't']);
const FALSE = new Set(['false', '0', 'no', 'n', 'f']);

/** A flag: true/false words, or, for `…time` columns (FastF1's PitInTime), whether a time is there. */
function flag(value: string | undefined, timeLike: boolean): boolean | null | string {
  if (blank(value)) return timeLike ? false : null;
  const v = (value as string).trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  if (timeLike) return true;
  return value as string;
}

const integer = (value: string | undefined) => (blank(value) ? null : Number((value as string).trim()));

const Text = (max: number) => z.string().trim().min(1).max(max);
const Count = (max: number) => z.number().int().min(0).max(max);

const LapSchema = z.object({
  driver: Text(60),
  team: Text(60).nullable(),
  lap: z.number().int().min(1, 'lap must be 1 or more').max(300),
  timeMs: z
    .number({ error: 'the lap time is not a time' })
    .min(10_000, 'the lap time is under 10 s: is the unit right?')
    .max(3_600_000, 'the lap time is over an hour: is the unit right?')
    .nullable(),
  position: Count(40).nullable(),
  compound: Text(20).nullable(),
  tyreLife: Count(200).nullable(),
  stint: Count(20).nullable(),
  trackStatus: z
    .string()
    .regex(/^\d{0,10}$/, 'track status must be digits')
    .nullable(),
  pitIn: z.boolean({ error: 'pit in must be true or false' }).nullable(),
  pitOut: z.boolean({ error: 'pit out must be true or false' }).nullable(),
});

const ResultSchema = z.object({
  position: z.number().int().min(1).max(40).nullable(),
  positionText: Text(10),
  driver: Text(60),
  team: Text(60).nullable(),
  points: z.number().min(0).max(100),
  grid: Count(40).nullable(),
  laps: Count(300).nullable(),
  timeMs: z
    .number()
    .positive()
    .max(6 * 3_600_000)
    .nullable(),
  gapMs: z
    .number()
    .min(0)
    .max(6 * 3_600_000)
    .nullable(),
  status: Text(60).nullable(),
});

/** Validates every row; reports the first few problems by row (the header is row 1, as in a spreadsheet). */
function validateRows<S extends z.ZodType>(schema: S, raw: unknown[], table: string): z.infer<S>[] {
  const out: z.infer<S>[] = [];
  const problems: string[] = [];
  raw.forEach((row, i) => {
    const parsed = schema.safeParse(row);
    if (parsed.success) out.push(parsed.data);
    else if (problems.length < 3) {
      const issue = parsed.error.issues[0];
      problems.push(`row ${i + 2}: ${issue?.path.join('.') || 'row'}: ${issue?.message}`);
    }
  });
  const bad = raw.length - out.length;
  if (bad > 0) {
    throw new UploadDataError(
      `${bad} of ${raw.length} rows of the ${table} table are not valid (${problems.join('; ')})`,
    );
  }
  return out;
}

export function parseLapsTable(content: string, format: 'csv' | 'json'): UploadedLap[] {
  const { header, rows } = records(content, format);
  const driver = required(header, DRIVER, 'driver', 'laps');
  const lap = required(header, LAP_COLUMNS.lap, 'lap number', 'laps');
  const time = timeColumn(header, rows, LAP_TIME);
  if (!time) {
    throw new UploadDataError(
      `the laps table needs a lap time column (e.g. lap_time, time_ms, lap_time_s); its columns are ${header.join(', ')}`,
    );
  }
  const team = find(header, TEAM);
  const at = (row: string[], i: number) => (i < 0 ? undefined : row[i]);
  const idx = Object.fromEntries(
    Object.entries(LAP_COLUMNS).map(([name, c]) => [name, find(header, c)]),
  ) as Record<keyof typeof LAP_COLUMNS, number>;
  const timeLike = (i: number) => i >= 0 && (header[i] ?? '').toLowerCase().includes('time');
  const raw = rows.map((row) => ({
    driver: at(row, driver)?.trim() ?? '',
    team: blank(at(row, team)) ? null : at(row, team),
    lap: integer(at(row, lap)),
    timeMs: parseTime(at(row, time.index) ?? '', time.unit),
    position: integer(at(row, idx.position)),
    compound: blank(at(row, idx.compound)) ? null : at(row, idx.compound)?.trim().toUpperCase(),
    tyreLife: integer(at(row, idx.tyreLife)),
    stint: integer(at(row, idx.stint)),
    trackStatus: blank(at(row, idx.trackStatus)) ? null : at(row, idx.trackStatus)?.trim(),
    pitIn: idx.pitIn < 0 ? null : flag(at(row, idx.pitIn), timeLike(idx.pitIn)),
    pitOut: idx.pitOut < 0 ? null : flag(at(row, idx.pitOut), timeLike(idx.pitOut)),
  }));
  const laps = validateRows(LapSchema, raw, 'laps');
  const seen = new Set<string>();
  for (const l of laps) {
    const id = `${l.driver.toLowerCase()}:${l.lap}`;
    if (seen.has(id)) throw new UploadDataError(`${l.driver} has lap ${l.lap} twice`);
    seen.add(id);
  }
  return laps;
}

const UNCLASSIFIED = /^(r|ret|dnf|dns|dsq|dq|nc|ex|w|f|d|n)$/i;

export function parseResultsTable(content: string, format: 'csv' | 'json'): UploadedResult[] {
  const { header, rows } = records(content, format);
  const driver = required(header, DRIVER, 'driver', 'results');
  const position = required(header, RESULT_COLUMNS.position, 'position', 'results');
  const team = find(header, TEAM);
  const idx = Object.fromEntries(
    Object.entries(RESULT_COLUMNS).map(([name, c]) => [name, find(header, c)]),
  ) as Record<keyof typeof RESULT_COLUMNS, number>;
  const time = timeColumn(header, rows, RACE_TIME);
  const at = (row: string[], i: number) => (i < 0 ? undefined : row[i]);
  const raw = rows.map((row) => {
    const pos = (at(row, position) ?? '').trim().replace(/^p(?=\d)/i, '');
    const numeric = /^\d+$/.test(pos);
    if (!numeric && !UNCLASSIFIED.test(pos) && !blank(pos)) {
      return { position: Number.NaN, positionText: pos };
    }
    const cell = time ? (at(row, time.index) ?? '').trim() : '';
    const gap = cell.startsWith('+');
    const ms = /lap/i.test(cell)
      ? null
      : parseTime(cell.replace(/^\+/, '').replace(/s$/, ''), time?.unit ?? 's');
    return {
      position: numeric ? Number(pos) : null,
      positionText: numeric ? pos : blank(pos) ? 'NC' : pos.toUpperCase(),
      driver: at(row, driver)?.trim() ?? '',
      team: blank(at(row, team)) ? null : at(row, team),
      points: blank(at(row, idx.points)) ? 0 : Number(at(row, idx.points)),
      grid: integer(at(row, idx.grid)),
      laps: integer(at(row, idx.laps)),
      timeMs: gap ? null : ms,
      gapMs: gap ? ms : null,
      status: blank(at(row, idx.status)) ? null : at(row, idx.status),
    };
  });
  const parsed = validateRows(ResultSchema, raw, 'results');
  const taken = new Set<number>();
  for (const r of parsed) {
    if (r.position === null) continue;
    if (taken.has(r.position)) throw new UploadDataError(`position ${r.position} appears twice`);
    taken.add(r.position);
  }
  const winner = parsed.find((r) => r.position === 1);
  if (!winner) throw new UploadDataError('the results table has no winner (no row with position 1)');
  const ordered = [
    ...parsed.filter((r) => r.position !== null).sort((a, b) => (a.position ?? 0) - (b.position ?? 0)),
    ...parsed.filter((r) => r.position === null),
  ];
  return ordered.map(({ gapMs, ...r }, i) => ({
    ...r,
    positionOrder: i + 1,
    timeMs: r.timeMs ?? (gapMs !== null && winner.timeMs !== null ? winner.timeMs + gapMs : null),
  }));
}

/** Reads an upload as the table its type names. */
export function parseUploadTable(content: string, format: 'csv' | 'json', type: string): UploadTable {
  if (type === 'laps') return { type, rows: parseLapsTable(content, format) };
  if (type === 'results') return { type, rows: parseResultsTable(content, format) };
  throw new UploadDataError(`an analysis can read an uploaded laps or results table, not ${type}`);
}
