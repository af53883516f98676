import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imports } from '@pitwall/db/schema/warehouse';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { racePitStops } from '../../db/src/queries/standings.ts';
import { warehouseConfig } from '../src/config.ts';
import { ERGAST_FILES, importErgast } from '../src/loaders/ergast-csv.ts';
import { openWarehouse, type Warehouse } from '../src/warehouse.ts';

// The staged Ergast dump, loaded into a fresh libSQL file once for the whole file.
const dir = mkdtempSync(join(tmpdir(), 'pitwall-ergast-'));
const ergast = join(warehouseConfig({}).PITWALL_F1DATA, 'ergast');
let db: Warehouse;
let close: () => void;
let seconds = 0;

beforeAll(async () => {
  ({ db, close } = await openWarehouse(`file:${join(dir, 'wh.db')}`));
  const started = performance.now();
  await importErgast(db, ergast);
  seconds = (performance.now() - started) / 1000;
}, 120_000);
afterAll(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

const count = async (table: string, where = 'true') =>
  (await db.get<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table} WHERE ${where}`)))?.n;

describe('ergast import', () => {
  it('loads every fact file of the dump, row for row, in a few seconds', async () => {
    // Row counts from PROVENANCE.md.
    expect(await count('qualifying')).toBe(10854);
    expect(await count('results', "session = 'sprint'")).toBe(420);
    expect(await count('pit_stops')).toBe(12016);
    expect(await count('driver_standings')).toBe(35235);
    expect(await count('constructor_standings')).toBe(13571);
    expect(seconds).toBeLessThan(30);
  });

  it('has 440 race results for 2023 (22 races × 20 cars)', async () => {
    expect(
      await count('results r JOIN races ra ON ra.id = r.race_id', "ra.season = 2023 AND r.session = 'race'"),
    ).toBe(440);
  });

  it('flags the 2024 São Paulo red-flag pit stop (23:29.303) and keeps it out of default queries', async () => {
    const all = await racePitStops(db, 2024, 21, { includeFlagged: true });
    const redFlag = all.find((s) => s.durationMs === 1_409_303);
    expect(redFlag).toMatchObject({ driverRef: 'max_verstappen', flag: 'red_flag_stop' });
    const clean = await racePitStops(db, 2024, 21);
    expect(clean.every((s) => (s.durationMs ?? 0) < 5 * 60_000)).toBe(true);
    expect(all.length - clean.length).toBe(16);
    const log = await db.query.imports.findFirst({
      where: (t, { eq }) => eq(t.dataset, 'ergast/pit_stops.csv'),
    });
    expect(log).toMatchObject({ rows: 12016, rejected: 0 });
    expect(log?.flagged).toBeGreaterThan(400);
  });

  it('derives sessions, driver seasons and team colours', async () => {
    const [miami] = await db.all<{ kind: string; startsAt: string }>(
      sql`SELECT kind, starts_at AS startsAt FROM sessions WHERE race_id = 1126 AND kind = 'sprint_qualifying'`,
    );
    expect(miami).toEqual({ kind: 'sprint_qualifying', startsAt: '2024-05-03T20:30:00Z' });
    expect(await count('sessions', 'race_id = 1126')).toBe(5);
    const [ver] = await db.all<{ number: number; code: string; ref: string }>(sql`
      SELECT ds.number, ds.code, c.ref FROM driver_seasons ds JOIN drivers d ON d.id = ds.driver_id
      JOIN constructors c ON c.id = ds.constructor_id WHERE ds.season = 2023 AND d.ref = 'max_verstappen'`);
    expect(ver).toEqual({ number: 1, code: 'VER', ref: 'red_bull' });
    const [mclaren] = await db.all<{ colour: string; name: string }>(sql`
      SELECT cs.colour, cs.name FROM constructor_seasons cs JOIN constructors c ON c.id = cs.constructor_id
      WHERE cs.season = 2024 AND c.ref = 'mclaren'`);
    expect(mclaren).toEqual({ colour: '#FF8000', name: 'McLaren' });
  });

  it('skips every unchanged file on a second import', async () => {
    const seen: { file: string; skipped: boolean }[] = [];
    const before = await db.select().from(imports);
    await importErgast(db, ergast, (e) => seen.push(e));
    expect(seen.map((e) => e.file)).toEqual(ERGAST_FILES);
    expect(seen.every((e) => e.skipped)).toBe(true);
    expect(await db.select().from(imports)).toEqual(before);
  });
});
