import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finalStandings, raceResult } from '../../db/src/queries/standings.ts';
import { warehouseConfig } from '../src/config.ts';
import { importErgast } from '../src/loaders/ergast-csv.ts';
import { gridSlot, positionText, statusText, winsByRound } from '../src/loaders/f1db/map.ts';
import { sessionsOf } from '../src/loaders/f1db/races.ts';
import type { RaceData } from '../src/loaders/f1db/source.ts';
import { F1DB_SEASONS, importF1db } from '../src/loaders/f1db.ts';
import { openWarehouse, type Warehouse } from '../src/warehouse.ts';

describe('f1db mapping (hand-computed)', () => {
  const row = { position: 5 as number | string, reasonRetired: null, gap: null, laps: 57 };
  it('status text follows Ergast', () => {
    expect(statusText(row, 57)).toBe('Finished');
    expect(statusText({ ...row, gap: '+1 lap' }, 57)).toBe('+1 Lap');
    expect(statusText({ ...row, gap: '+15 laps' }, 57)).toBe('+15 Laps');
    // No gap given: laps down counted from the winner's 57.
    expect(statusText({ ...row, laps: 55 }, 57)).toBe('+2 Laps');
    expect(statusText({ ...row, position: 'DNF', reasonRetired: 'Gearbox', laps: 30 }, 57)).toBe('Gearbox');
    // Classified although retired (ran 90% of the distance): the reason is the status, as in Ergast.
    expect(statusText({ ...row, reasonRetired: 'Collision', laps: 54 }, 57)).toBe('Collision');
    expect(statusText({ ...row, position: 'DSQ', reasonRetired: 'Illegal skid block wear' }, 57)).toBe(
      'Disqualified',
    );
    expect(statusText({ ...row, position: 'DNS', laps: null }, 57)).toBe('Did not start');
  });
  it('position text and grid slot follow Ergast', () => {
    expect([3, 'DNF', 'DSQ', 'DNS', 'NC', 'EX'].map(positionText)).toEqual(['3', 'R', 'D', 'W', 'N', 'E']);
    expect([7, 'PL', null].map(gridSlot)).toEqual([7, 0, 0]);
  });
  it('rebuilds cumulative wins per round', () => {
    const race = (round: number, winner: string, team: string) =>
      ({
        race: { round },
        results: [{ position: 1, driverId: winner, constructorId: team }],
      }) as unknown as RaceData;
    const wins = winsByRound([race(2, 'nor', 'mcl'), race(1, 'ver', 'rbr'), race(3, 'nor', 'mcl')]);
    expect(Object.fromEntries(wins.get(2)?.drivers ?? [])).toEqual({ ver: 1, nor: 1 });
    expect(Object.fromEntries(wins.get(3)?.teams ?? [])).toEqual({ rbr: 1, mcl: 2 });
  });
  it('session starts are UTC timestamps', () => {
    const s = sessionsOf({ date: '2025-11-09', time: '17:00', sprintRaceDate: '2025-11-08' } as never);
    expect(s).toEqual([
      { kind: 'sprint', startsAt: '2025-11-08' },
      { kind: 'race', startsAt: '2025-11-09T17:00:00Z' },
    ]);
  });
});

// The staged Ergast dump, then f1db over it, in a fresh libSQL file once for the whole file.
const dir = mkdtempSync(join(tmpdir(), 'pitwall-f1db-'));
const f1data = warehouseConfig({}).PITWALL_F1DATA;
let db: Warehouse;
let close: () => void;

beforeAll(async () => {
  ({ db, close } = await openWarehouse(`file:${join(dir, 'wh.db')}`));
  await importErgast(db, join(f1data, 'ergast'));
  await importF1db(db, join(f1data, 'f1db'));
}, 180_000);
afterAll(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

const perRace = (season: number, session = 'race') =>
  db.all<{ round: number; n: number; sources: string }>(sql`
    SELECT ra.round, count(*) AS n, group_concat(DISTINCT r.source) AS sources
    FROM results r JOIN races ra ON ra.id = r.race_id
    WHERE ra.season = ${season} AND r.session = ${session} GROUP BY ra.round ORDER BY ra.round`);

describe('f1db gap-filling over Ergast', () => {
  it('fills 2025 rounds 19–24 from f1db and keeps Ergast rounds 1–18', async () => {
    const rounds = await perRace(2025);
    expect(rounds.map((r) => r.round)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    // Ergast leaves out Stroll, who withdrew injured before the 2025 Spanish GP (f1db lists him as DNS); the
    // race stays Ergast's as a whole.
    for (const r of rounds)
      expect(r).toMatchObject({ n: r.round === 9 ? 19 : 20, sources: r.round <= 18 ? 'ergast' : 'f1db' });
    expect((await perRace(2025, 'sprint')).map((r) => r.round)).toEqual([2, 6, 13, 19, 21, 23]);
  });

  it('creates 2026 races (ids ≥ 100000) with 22-car results for rounds 1–11 and the rest of the calendar', async () => {
    const rounds = await perRace(2026);
    expect(rounds.map((r) => [r.round, r.n, r.sources])).toEqual(
      Array.from({ length: 11 }, (_, i) => [i + 1, 22, 'f1db']),
    );
    const races = await db.all<{ id: number; round: number }>(
      sql`SELECT id, round FROM races WHERE season = 2026`,
    );
    expect(races).toHaveLength(23);
    expect(races.every((r) => r.id >= 100_000)).toBe(true);
  });

  it('matches f1db entities to Ergast ones; only 2026 newcomers are created', async () => {
    const newTeams = await db.all<{ ref: string }>(
      sql`SELECT ref FROM constructors WHERE id >= 100000 ORDER BY ref`,
    );
    expect(newTeams.map((t) => t.ref)).toEqual(['audi', 'cadillac']);
    const newDrivers = await db.all<{ ref: string }>(sql`SELECT ref FROM drivers WHERE id >= 100000`);
    expect(newDrivers.map((d) => d.ref)).toEqual(['arvid_lindblad']);
    const [ver] = await db.all<{ f1dbId: string }>(
      sql`SELECT f1db_id AS f1dbId FROM drivers WHERE ref = 'max_verstappen'`,
    );
    expect(ver?.f1dbId).toBe('max-verstappen');
    const rb = await raceResult(db, 2026, 1);
    expect(rb.filter((r) => r.constructorRef === 'rb')).toHaveLength(2);
  });

  it('2025 São Paulo (f1db): Norris won from pole', async () => {
    const [winner] = await raceResult(db, 2025, 21);
    expect(winner).toMatchObject({ driverRef: 'norris', grid: 1, position: 1, points: 25, source: 'f1db' });
  });

  it('the 2025 drivers’ champion per the data: Norris, 423 points to Verstappen’s 421', async () => {
    const [first, second] = await finalStandings(db, 2025, 'drivers');
    expect(first).toMatchObject({
      round: 24,
      ref: 'norris',
      points: 423,
      position: 1,
      wins: 7,
      source: 'f1db',
    });
    expect(second).toMatchObject({ ref: 'max_verstappen', points: 421, wins: 8 });
    const [team] = await finalStandings(db, 2025, 'constructors');
    expect(team).toMatchObject({ ref: 'mclaren', round: 24 });
  });

  it('fills the starting grid for every race with results, and never duplicates Ergast rows', async () => {
    const [missing] = await db.all<{ n: number }>(sql`
      SELECT count(*) AS n FROM races ra WHERE ra.season >= 2018
        AND EXISTS (SELECT 1 FROM results r WHERE r.race_id = ra.id)
        AND NOT EXISTS (SELECT 1 FROM starting_grid g WHERE g.race_id = ra.id AND g.session = 'race')`);
    expect(missing?.n).toBe(0);
    const [mixed] = await db.all<{ n: number }>(sql`
      SELECT count(*) AS n FROM (SELECT race_id FROM qualifying GROUP BY race_id HAVING count(DISTINCT source) > 1)`);
    expect(mixed?.n).toBe(0);
  });

  it('a second import skips every season and changes nothing', async () => {
    const snapshot = () =>
      db.all(sql`SELECT (SELECT count(*) FROM results) AS results, (SELECT count(*) FROM pit_stops) AS pits,
        (SELECT count(*) FROM driver_standings) AS standings, (SELECT count(*) FROM drivers) AS drivers,
        (SELECT count(*) FROM sessions) AS sessions, (SELECT count(*) FROM starting_grid) AS grid`);
    const before = await snapshot();
    const seen: { file: string; skipped: boolean }[] = [];
    const started = performance.now();
    await importF1db(db, join(f1data, 'f1db'), (e) => seen.push(e));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(seen.map((e) => e.file)).toEqual(F1DB_SEASONS.map((s) => `seasons/${s}`));
    expect(seen.every((e) => e.skipped)).toBe(true);
    expect(await snapshot()).toEqual(before);
  });
});
