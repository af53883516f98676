import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lapsLed, raceLaps, raceStints } from '@pitwall/db/queries/laps';
import { neutralisationPeriods } from '@pitwall/db/queries/neutralisations';
import { findRace } from '@pitwall/db/queries/warehouse';
import { drivers, imports, sessionResults } from '@pitwall/db/schema/warehouse';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raceInputs } from '../src/activities/inputs.ts';
import { warehouseConfig } from '../src/config.ts';
import { importAll } from '../src/loaders/import-all.ts';
import { lapRuns } from '../src/loaders/neutralisations.ts';
import { openWarehouse, type Warehouse } from '../src/warehouse.ts';

// The whole staged data imported into a fresh warehouse, then read back through the query functions.
const f1data = warehouseConfig({}).PITWALL_F1DATA;
const dir = mkdtempSync(join(tmpdir(), 'pitwall-sessions-'));
let db: Warehouse;
let close: () => void;

beforeAll(async () => {
  ({ db, close } = await openWarehouse(`file:${join(dir, 'wh.db')}`));
  await importAll(db, f1data);
}, 240_000);
afterAll(() => {
  close?.();
  rmSync(dir, { recursive: true, force: true });
});

const raceOf = async (season: number, round: number) => {
  const race = await findRace(db, season, round);
  if (!race) throw new Error(`no ${season} round ${round}`);
  return race;
};

describe('sprint laps', () => {
  // fastf1_laps/sprint/transformed_sprint_laps_2024.csv, RoundNumber 11 (Austrian Grand Prix): 460 rows,
  // 20 drivers × 23 laps, 20 of them (every driver's lap 1) without a LapTime.
  it('stores the 2024 Austrian sprint apart from the Grand Prix', async () => {
    const austria = await raceOf(2024, 11);
    const sprint = await raceLaps(db, austria.id, { session: 'sprint', includeFlagged: true });
    expect(sprint).toHaveLength(460);
    expect(new Set(sprint.map((l) => l.driverRef)).size).toBe(20);
    expect(Math.max(...sprint.map((l) => l.lap))).toBe(23);
    expect(sprint.filter((l) => l.flag === 'no_lap_time')).toHaveLength(20);
    expect(sprint.every((l) => l.session === 'sprint' && l.source === 'fastf1')).toBe(true);
    // Unflagged by default: the 440 timed laps.
    expect(await raceLaps(db, austria.id, { session: 'sprint' })).toHaveLength(440);
    // The Grand Prix is read unless the sprint is asked for: 71 laps (ergast results, winner Russell).
    const race = await raceLaps(db, austria.id);
    expect(race.every((l) => l.session === 'race')).toBe(true);
    expect(Math.max(...race.map((l) => l.lap))).toBe(71);
  });

  it('derives sprint stints and laps led from the sprint laps', async () => {
    const austria = await raceOf(2024, 11);
    const stints = await raceStints(db, austria.id, { session: 'sprint' });
    // The CSV: VER ran the whole sprint on one set (Stint 1.0 on laps 1–23).
    const ver = stints.filter((s) => s.driverCode === 'VER');
    expect(ver.map((s) => [s.lapStart, s.lapEnd])).toEqual([[1, 23]]);
    // Position 1.0 on all 23 rows of VER in the sprint file; the Grand Prix's laps led are another count.
    const led = await lapsLed(db, austria.id, 'sprint');
    expect(led[0]).toMatchObject({ driverCode: 'VER', laps: 23 });
  });

  it('gives the analyses the sprint: its classification, distance and name', async () => {
    const austria = await raceOf(2024, 11);
    const input = await raceInputs(db, austria, 'sprint');
    expect(input.race.name).toBe('Austrian Grand Prix Sprint');
    // ergast/sprint_results.csv raceId 1131: Verstappen (830) won over 23 laps, Piastri 2nd, Norris 3rd.
    expect(input.race.laps).toBe(23);
    expect(input.results.slice(0, 3).map((r) => r.driver)).toEqual(['max_verstappen', 'piastri', 'norris']);
    expect(input.pitStops).toEqual([]);
    expect(input.laps).toHaveLength(460);
  });

  it('keeps Miami 2024 sprint drive-throughs under the safety car out of the stints', async () => {
    // The CSV: VER's Stint goes 1, 2, 3 on laps 1–3 with PitIn/PitOut times but TyreLife 4, 5, 6 on the
    // same MEDIUM set: the field went through the pit lane behind the safety car, no tyres changed.
    const miami = await raceOf(2024, 6);
    const all = await raceStints(db, miami.id, { session: 'sprint', includeFlagged: true });
    const ver = all.filter((s) => s.driverCode === 'VER').map((s) => [s.stint, s.lapStart, s.lapEnd, s.flag]);
    expect(ver).toEqual([
      [1, 1, 1, 'spurious_stint'],
      [2, 2, 2, 'spurious_stint'],
      [3, 3, 19, null],
    ]);
  });

  it('records each sprint file: rows and flags', async () => {
    const record = await db.query.imports.findFirst({
      where: eq(imports.dataset, 'fastf1_laps/sprint/transformed_sprint_laps_2024.csv'),
    });
    // 2,418 data rows in the file, all tied to a race and driver.
    expect(record?.rows).toBe(2418);
    expect(record?.rejected).toBe(0);
    expect(record?.flagged).toBeGreaterThan(0);
  });
});

describe('practice and sprint-qualifying classifications', () => {
  const order = async (
    season: number,
    round: number,
    session: 'fp1' | 'fp2' | 'fp3' | 'sprint_qualifying',
  ) => {
    const race = await raceOf(season, round);
    return db
      .select({
        ref: drivers.ref,
        position: sessionResults.position,
        timeMs: sessionResults.timeMs,
        laps: sessionResults.laps,
        gapMs: sessionResults.gapMs,
        q3Ms: sessionResults.q3Ms,
      })
      .from(sessionResults)
      .innerJoin(drivers, eq(drivers.id, sessionResults.driverId))
      .where(and(eq(sessionResults.raceId, race.id), eq(sessionResults.session, session)))
      .orderBy(asc(sessionResults.position));
  };

  it('FP1 Bahrain 2024: Ricciardo fastest in 1:32.869', async () => {
    // f1db 2024/races/01-bahrain/free-practice-1-results.yml: 1 daniel-ricciardo 1:32.869 (23 laps),
    // 2 lando-norris 1:32.901 (+0.032, 25 laps), 20 rows.
    const rows = await order(2024, 1, 'fp1');
    expect(rows).toHaveLength(20);
    expect(rows[0]).toMatchObject({ ref: 'ricciardo', position: 1, timeMs: 92_869, laps: 23 });
    expect(rows[1]).toMatchObject({ ref: 'norris', position: 2, timeMs: 92_901, gapMs: 32 });
  });

  it('sprint qualifying China 2024: Norris on pole with 1:57.940 in SQ3', async () => {
    // f1db 2024/races/05-china/sprint-qualifying-results.yml: 1 lando-norris q3 1:57.940, 2 lewis-hamilton
    // q3 1:59.201 (+1.261).
    const rows = await order(2024, 5, 'sprint_qualifying');
    expect(rows[0]).toMatchObject({ ref: 'norris', position: 1, timeMs: 117_940, q3Ms: 117_940 });
    expect(rows[1]).toMatchObject({ ref: 'hamilton', position: 2, timeMs: 119_201, gapMs: 1_261 });
  });

  it('FP2 Monza 2024 is a session of its own', async () => {
    // f1db 2024/races/16-italy/free-practice-2-results.yml: 20 rows, the first Lewis Hamilton.
    const rows = await order(2024, 16, 'fp2');
    expect(rows).toHaveLength(20);
    expect(rows[0]?.ref).toBe('hamilton');
  });

  it('records a dataset per season', async () => {
    const record = await db.query.imports.findFirst({ where: eq(imports.dataset, 'f1db/sessions/2024') });
    // 2024's files hold 480 FP1 rows (24 files), 351 FP2 (18 files; Japan's has 13 rows, Australia's
    // and Mexico's 19), 359 FP3 and 120 sprint-qualifying rows: 1,310, every one stored.
    expect(record?.rows).toBe(1310);
    expect(record?.rejected).toBe(0);
  });
});

describe('virtual safety car periods', () => {
  it('groups consecutive laps into periods', () => {
    expect(lapRuns([13, 14, 36])).toEqual([
      [13, 14],
      [36, 36],
    ]);
    expect(lapRuns([2, 1, 1])).toEqual([[1, 2]]);
  });

  it('reads SC and VSC periods of a race in lap order', async () => {
    // virtual_safety_car_estimates.json "2024 Austrian Grand Prix": [64, 65]; safety_cars.csv has no
    // 2024 Austrian row.
    const austria = await raceOf(2024, 11);
    expect(await neutralisationPeriods(db, austria.id)).toEqual([
      { kind: 'vsc', period: 1, firstLap: 64, lastLap: 65, fullLaps: null, cause: null, source: 'ergast' },
    ]);
    // "2015 Singapore Grand Prix": [13, 14, 36] → VSC 13–14 and 36; safety_cars.csv has two periods,
    // Accident 16–19 and Man on track 37–41. In lap order they interleave.
    const singapore = await raceOf(2015, 13);
    const periods = await neutralisationPeriods(db, singapore.id);
    expect(periods.map((p) => [p.kind, p.firstLap, p.lastLap, p.cause])).toEqual([
      ['vsc', 13, 14, null],
      ['sc', 16, 19, 'Accident'],
      ['vsc', 36, 36, null],
      ['sc', 37, 41, 'Man on track'],
    ]);
  });

  it('reconciles the source: a renamed race and a lap before the start', async () => {
    // "2022 Brazilian Grand Prix" is the warehouse's 2022 São Paulo Grand Prix (round 21): [51, 52, 53].
    const brazil = await raceOf(2022, 21);
    expect((await neutralisationPeriods(db, brazil.id)).filter((p) => p.kind === 'vsc')).toMatchObject([
      { firstLap: 51, lastLap: 53 },
    ]);
    // "2022 Hungarian Grand Prix": [0, 1, 66, 67, 68]; lap 0 is before the start and is left out.
    const hungary = await raceOf(2022, 13);
    const vsc = (await neutralisationPeriods(db, hungary.id)).filter((p) => p.kind === 'vsc');
    expect(vsc.map((p) => [p.firstLap, p.lastLap])).toEqual([
      [1, 1],
      [66, 68],
    ]);
    const record = await db.query.imports.findFirst({
      where: eq(imports.dataset, 'ergast/virtual_safety_car_estimates.json'),
    });
    // 72 races in the file, all matched; 214 laps, 1 of them lap 0.
    expect(record).toMatchObject({ rejected: 0, issues: { lap_before_start: 1 } });
  });
});
