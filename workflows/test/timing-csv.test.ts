import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { warehouseConfig } from '../src/config.ts';
import { parseCsvRows } from '../src/loaders/csv.ts';
import { readSeason } from '../src/loaders/f1db/source.ts';
import { timingFiles } from '../src/loaders/laps.ts';
import { readAhead } from '../src/loaders/read-ahead.ts';
import { DERIVED_COLUMNS } from '../src/loaders/timing/ergast-laps.ts';
import {
  bool,
  type ColumnSpec,
  cellNumber,
  int,
  num,
  parseTable,
  text,
} from '../src/loaders/timing/fast-csv.ts';
import { FASTF1_COLUMNS } from '../src/loaders/timing/fastf1.ts';
import { OPENF1_LAP_COLUMNS } from '../src/loaders/timing/openf1-laps.ts';

const f1data = warehouseConfig({}).PITWALL_F1DATA;

describe('parseTable', () => {
  it('reads numbers, bools, timedeltas and text by column name', () => {
    const table = parseTable(
      'LapTime,Driver,FreshTyre,Time,Position\n' +
        '79.106,VER,True,0 days 01:01:37.510000,1.0\n' +
        ',NOR,False,,\n' +
        'nan,PIA,1,0 days 00:00:01,-3\n' +
        '1e3,LEC,true,bad,\\N\n',
      { LapTime: 'number', Driver: 'text', FreshTyre: 'bool', Time: 'timedelta', Position: 'number' },
    );
    const c = table.columns;
    expect(table.length).toBe(4);
    expect([...c.LapTime].map(num)).toEqual([79.106, null, null, 1000]);
    expect([0, 1, 2, 3].map((i) => text(c.Driver, i))).toEqual(['VER', 'NOR', 'PIA', 'LEC']);
    expect([...c.FreshTyre].map(bool)).toEqual([true, false, true, true]);
    expect([...c.Time].map(num)).toEqual([3_697_510, null, 1000, null]);
    expect([...c.Position].map(int)).toEqual([1, null, -3, null]);
  });

  it('handles quotes, CRLF, a byte-order mark, blank lines, short rows and absent columns', () => {
    const table = parseTable('\ufeffa,b,c\r\n"1,5","say ""hi""\nthere",x\r\n\r\n2\n', {
      a: 'text',
      b: 'text',
      c: 'bool',
      missing: 'number',
    });
    const c = table.columns;
    expect(table.length).toBe(2);
    expect([text(c.a, 0), text(c.b, 0), bool(c.c[0])]).toEqual(['1,5', 'say "hi"\nthere', false]);
    expect([text(c.a, 1), text(c.b, 1), bool(c.c[1])]).toEqual(['2', undefined, null]);
    expect([...c.missing].map(num)).toEqual([null, null]);
  });

  // The parser reads numbers from the characters instead of through Number(); on every cell of the real
  // timing files it must agree with splitting the rows and converting each cell the plain way.
  it('reads every cell of the staged timing files exactly as a plain split and Number() would', async () => {
    const specs: [string, ColumnSpec][] = [
      ['openf1/laps_2023_2026.csv', OPENF1_LAP_COLUMNS],
      ['ergast/lap_times_2020plus_DERIVED.csv', DERIVED_COLUMNS],
      ...(await timingFiles(f1data))
        .filter((f) => f.startsWith('fastf1_laps/'))
        .map((f): [string, ColumnSpec] => [f, FASTF1_COLUMNS]),
    ];
    let cells = 0;
    for (const [file, spec] of specs) {
      const content = readFileSync(join(f1data, file), 'utf8');
      const [header = [], ...rows] = parseCsvRows(content);
      const table = parseTable(content, spec);
      expect(table.length, file).toBe(rows.length);
      for (const [name, kind] of Object.entries(spec)) {
        const at = header.indexOf(name);
        if (at < 0 || kind === 'timedelta') continue;
        const column = table.columns[name] as Float64Array & Int8Array & { codes: Uint32Array };
        rows.forEach((row, i) => {
          const cell = row[at];
          const got =
            kind === 'number' ? num(column[i]) : kind === 'bool' ? bool(column[i]) : text(column, i);
          const want =
            kind === 'number'
              ? cellNumber(cell)
              : kind === 'bool'
                ? cell === undefined || cell === ''
                  ? null
                  : cell === 'True' || cell === 'true' || cell === '1'
                : cell;
          if (!Object.is(got, want))
            expect({ file, row: i, name, got }).toEqual({ file, row: i, name, got: want });
          cells++;
        });
      }
    }
    expect(cells).toBeGreaterThan(3_000_000);
  }, 60_000);
});

describe('readAhead', () => {
  const jobs = [
    { file: 'ergast/lap_times_2020plus_DERIVED.csv', spec: DERIVED_COLUMNS },
    { file: 'openf1/laps_2023_2026.csv', spec: OPENF1_LAP_COLUMNS },
  ];

  it('hashes first, then hands back the same tables as parsing on this thread', async () => {
    const parse = readAhead(f1data, { csv: jobs });
    const hashes = await parse.hashes;
    const tables = await parse.tables;
    for (const [i, { file, spec }] of jobs.entries()) {
      const bytes = readFileSync(join(f1data, file));
      expect(hashes[i]).toEqual({ file, sha256: createHash('sha256').update(bytes).digest('hex') });
      expect(tables[i]?.table).toEqual(parseTable(bytes, spec));
    }
  });

  it('reads f1db seasons whole, as the importer would read them here', async () => {
    const dir = join(f1data, 'f1db');
    const ahead = readAhead(f1data, { f1db: { dir, seasons: [2025, 2026] } });
    const seasons = await ahead.f1db;
    await ahead.tables;
    for (const season of [2025, 2026]) {
      const here = await readSeason(join(dir, 'src', 'data'), season);
      const read = seasons.find((s) => s.season === season);
      expect(read?.sha256).toBe(here.sha256);
      expect(read?.races()).toEqual(here.races().map((race) => ({ ...race })));
      expect(read?.races().length).toBeGreaterThan(10);
    }
  });

  it('reports a file it cannot read', async () => {
    const parse = readAhead(f1data, { csv: [{ file: 'openf1/no_such_file.csv', spec: DERIVED_COLUMNS }] });
    await expect(parse.hashes).rejects.toThrow(/no_such_file/);
    await expect(parse.tables).rejects.toThrow(/no_such_file/);
  });

  it('stops on request', async () => {
    // Hashes go out before any parsing starts, and these files take the worker well over a second.
    const parse = readAhead(f1data, { csv: [...jobs, ...jobs, ...jobs] });
    await parse.hashes;
    parse.stop();
    await expect(parse.tables).rejects.toThrow(/stopped early/);
  });
});
