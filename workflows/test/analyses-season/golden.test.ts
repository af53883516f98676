import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChartSchema } from '@pitwall/db/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { careerSummary, driverComparison } from '../../src/analyses/career.ts';
import { pitStopAnalysis } from '../../src/analyses/pit-stops.ts';
import { qualifyingResults } from '../../src/analyses/qualifying.ts';
import { seasonSummary } from '../../src/analyses/season.ts';
import { teamPace } from '../../src/analyses/team-pace.ts';
import { teammateHeadToHead } from '../../src/analyses/teammate-h2h.ts';
import type { AnalysisOutput, LapInput } from '../../src/analyses/types.ts';
import { warehouseConfig } from '../../src/config.ts';
import { int } from '../../src/loaders/csv.ts';
import { importErgast } from '../../src/loaders/ergast-csv.ts';
import { openWarehouse } from '../../src/warehouse.ts';
import { RealData } from './real-data.ts';

// Golden figures from the real Ergast dump, imported into a throwaway warehouse.
const f1data = warehouseConfig({}).PITWALL_F1DATA;
const tmp = mkdtempSync(join(tmpdir(), 'pitwall-season-'));
let data: RealData;
let close: () => void;

beforeAll(async () => {
  const wh = await openWarehouse(`file:${join(tmp, 'wh.db')}`);
  close = wh.close;
  await importErgast(wh.db, join(f1data, 'ergast'));
  data = await RealData.open(wh.db, join(f1data, 'ergast'));
}, 180_000);
afterAll(() => {
  close?.();
  rmSync(tmp, { recursive: true, force: true });
});

const fact = (out: AnalysisOutput, label: string) => out.facts.find((f) => f.label === label)?.value;
const validCharts = (out: AnalysisOutput) => {
  for (const chart of out.charts) ChartSchema.parse({ ...chart, files: {} });
};
/** Runs an analysis and checks it stays well inside the one-second budget on real-sized input. */
const timed = <T>(run: () => T): T => {
  const start = performance.now();
  const out = run();
  expect(performance.now() - start).toBeLessThan(1000);
  return out;
};

describe('teammate head-to-heads (qualifying position, not grid)', () => {
  it('2024: Hamilton 5 – Russell 19', async () => {
    const races = await data.seasons(2024);
    const out = timed(() =>
      teammateHeadToHead({
        season: 2024,
        races,
        driverA: 'hamilton',
        driverB: 'russell',
        drivers: data.driverInfo(races),
      }),
    );
    expect(fact(out, 'qualifying head-to-head Lewis Hamilton')).toBe(5);
    expect(fact(out, 'qualifying head-to-head George Russell')).toBe(19);
    validCharts(out);
  });

  it('2023: Leclerc 15 – Sainz 7 (Sainz withdrew from Qatar after qualifying; both took part in all 22 sessions)', async () => {
    const races = await data.seasons(2023);
    const out = teammateHeadToHead({
      season: 2023,
      races,
      driverA: 'leclerc',
      driverB: 'sainz',
      drivers: data.driverInfo(races),
    });
    expect(fact(out, 'qualifying head-to-head Charles Leclerc')).toBe(15);
    expect(fact(out, 'qualifying head-to-head Carlos Sainz')).toBe(7);
    expect(fact(out, 'qualifying sessions compared')).toBe(22);
  });
});

describe('season summaries', () => {
  it('2023: Verstappen champion with 19 wins; summed points match the official final standings', async () => {
    const races = await data.seasons(2023);
    const out = timed(() => seasonSummary({ season: 2023, races, drivers: data.driverInfo(races) }));
    expect(fact(out, "drivers' champion")).toBe('Max Verstappen');
    expect(fact(out, 'Max Verstappen wins')).toBe(19);
    expect(fact(out, 'Max Verstappen points')).toBe(575);
    const official = data.driverStandings(races.at(-1)?.raceId ?? 0);
    const computed = new Map(out.tables[0]?.rows.map((r) => [r[1], r[3]]));
    const names = new Map(data.driverInfo(races).map((d) => [d.ref, d.name]));
    for (const o of official)
      expect([o.driver, computed.get(names.get(o.driver) ?? '')]).toEqual([o.driver, o.points]);
    validCharts(out);
  });

  it("2024: McLaren constructors' champion with 666 points", async () => {
    const races = await data.seasons(2024);
    const out = seasonSummary({ season: 2024, races, drivers: data.driverInfo(races) });
    expect(fact(out, "constructors' champion")).toBe('McLaren');
    expect(fact(out, "McLaren constructors' points")).toBe(666);
  });

  it('2025 after round 18: five drivers can still win the title', async () => {
    const races = await data.seasons(2025);
    // The calendar's remaining rounds; f1db knows which of them are sprint weekends.
    const calendar = join(f1data, 'f1db/src/data/seasons/2025/races');
    const remaining = readdirSync(calendar)
      .map((dir) => ({
        round: int(dir.slice(0, 2)) ?? 0,
        sprint: existsSync(join(calendar, dir, 'sprint-race-results.yml')),
      }))
      .filter((r) => r.round > 18);
    const out = seasonSummary({ season: 2025, races, remaining, drivers: data.driverInfo(races) });
    expect(fact(out, "drivers' championship leader")).toBe('Oscar Piastri');
    expect(fact(out, 'Oscar Piastri points')).toBe(336);
    // 6 × 25 + 3 sprints × 8 (no fastest-lap point from 2025) = 174; Leclerc 173 + 174 ≥ 336, Hamilton 125 + 174 < 336.
    expect(fact(out, 'maximum points still available to one driver')).toBe(174);
    expect(fact(out, 'drivers who can still win the title')).toBe(
      'Oscar Piastri, Lando Norris, Max Verstappen, George Russell, Charles Leclerc',
    );
  });
});

describe('single races', () => {
  it('2023 Qatar: every classified driver stopped at least three times (18-lap tyre limit)', async () => {
    const race = (await data.seasons(2023)).find((r) => r.race.name === 'Qatar Grand Prix');
    if (!race) throw new Error('2023 Qatar GP missing');
    const out = timed(() =>
      pitStopAnalysis({
        race: race.race,
        pitStops: data.pitStops(race.raceId),
        results: race.results,
        drivers: data.driverInfo([race]),
      }),
    );
    expect(fact(out, 'fewest stops by a classified driver')).toBe(3);
    validCharts(out);
  });

  it('2023 Monaco qualifying: Verstappen on pole by 0.084 s from Alonso', async () => {
    const race = (await data.seasons(2023)).find((r) => r.race.name === 'Monaco Grand Prix');
    if (!race) throw new Error('2023 Monaco GP missing');
    const out = qualifyingResults({
      race: race.race,
      qualifying: race.qualifying,
      drivers: data.driverInfo([race]),
    });
    expect(fact(out, 'pole position')).toBe('Max Verstappen');
    expect(fact(out, 'pole lap')).toBe('1:11.365');
    expect(fact(out, 'second on the qualifying order')).toBe('Fernando Alonso');
    expect(fact(out, 'pole margin')).toBe(0.084);
    validCharts(out);
  });

  it('2023 Bahrain race pace: Red Bull fastest on clean laps', async () => {
    const race = (await data.seasons(2023)).find((r) => r.race.round === 1);
    if (!race) throw new Error('2023 round 1 missing');
    const stops = data.pitStops(race.raceId);
    const refs = new Map(data.driverInfo([race]).map((d) => [d.ref, d]));
    const driverRefs = new Map(data.csv('drivers.csv').map((d) => [d.driverId, d.driverRef ?? '']));
    // A test-local cleaning: lap 1, in- and out-laps and laps over 107 % of the fastest are dropped.
    const laps: LapInput[] = data
      .csv('lap_times_2020plus_DERIVED.csv')
      .filter((r) => int(r.raceId) === race.raceId)
      .map((r) => ({
        driver: driverRefs.get(r.driverId) ?? '',
        lap: int(r.lap) ?? 0,
        timeMs: int(r.milliseconds),
      }))
      .filter(
        (l) =>
          l.lap > 1 && !stops.some((s) => s.driver === l.driver && (s.lap === l.lap || s.lap + 1 === l.lap)),
      )
      .map((l) => ({
        ...l,
        position: null,
        compound: null,
        tyreLife: null,
        stint: null,
        trackStatus: null,
        pitIn: false,
        pitOut: false,
        isAccurate: null,
      }));
    const fastest = Math.min(...laps.flatMap((l) => (l.timeMs === null ? [] : [l.timeMs])));
    const clean = laps.filter((l) => l.timeMs !== null && l.timeMs <= fastest * 1.07 && refs.has(l.driver));
    const out = timed(() => teamPace({ race: race.race, laps: clean, drivers: [...refs.values()] }));
    expect(fact(out, 'fastest team on race pace')).toBe('Red Bull');
    expect(out.tables[0]?.rows).toHaveLength(10);
    validCharts(out);
  });
});

describe('careers', () => {
  it('Hamilton to the end of 2024: 356 starts, 105 wins, 202 podiums, 7 titles, 4862.5 points', async () => {
    const races = await data.seasons(2007, 2024);
    const lastRaces = new Map(races.map((r) => [r.race.season, r.raceId]));
    const finalStandings = [...lastRaces].flatMap(([season, raceId]) =>
      data.driverStandings(raceId).map((s) => ({ season, ...s })),
    );
    const out = timed(() =>
      careerSummary({
        driver: 'hamilton',
        races,
        finalStandings,
        drivers: data.driverInfo(races),
        teamNames: Object.fromEntries(data.teamNames),
      }),
    );
    expect(fact(out, 'Lewis Hamilton starts')).toBe(356);
    expect(fact(out, 'Lewis Hamilton wins')).toBe(105);
    expect(fact(out, 'Lewis Hamilton podiums')).toBe(202);
    // Qualifying position 1 gives 107; the official 104 leaves out 2012 Spain (excluded from qualifying) and
    // 2021 Britain and São Paulo (the sprint decided pole that year).
    expect(fact(out, 'Lewis Hamilton poles')).toBe(107);
    expect(fact(out, 'Lewis Hamilton world titles')).toBe(7);
    expect(fact(out, 'Lewis Hamilton title seasons')).toBe('2008, 2014, 2015, 2017, 2018, 2019, 2020');
    expect(fact(out, 'Lewis Hamilton career points')).toBe(4862.5);
    expect(fact(out, 'Lewis Hamilton teams')).toBe('McLaren, Mercedes');
    validCharts(out);
  });

  it('Verstappen vs Pérez 2023: 19 wins to 2, qualifying 20–2 (Pérez ahead in Jeddah and Miami)', async () => {
    const races = await data.seasons(2023);
    const out = driverComparison({
      driverA: 'max_verstappen',
      driverB: 'perez',
      races,
      drivers: data.driverInfo(races),
    });
    expect(fact(out, '2023 Max Verstappen wins')).toBe(19);
    expect(fact(out, '2023 Sergio Pérez wins')).toBe(2);
    expect(fact(out, '2023 qualifying head-to-head Max Verstappen')).toBe(20);
    expect(fact(out, '2023 qualifying head-to-head Sergio Pérez')).toBe(2);
    validCharts(out);
  });
});
