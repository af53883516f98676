import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { neutralisations } from '../../src/analyses/neutralisations.ts';
import { retirementKind, retirements } from '../../src/analyses/retirements.ts';
import type { DriverInfo, LapInput, PitStopInput, RaceInfo, ResultInput } from '../../src/analyses/types.ts';
import { tyreAge } from '../../src/analyses/tyre-age.ts';
import { warehouseConfig } from '../../src/config.ts';
import { parseCsv } from '../../src/loaders/csv.ts';
import { expectValidOutput, fact } from './fixtures.ts';

/**
 * The retirements, neutralisations and tyre-age analyses on real races, their inputs read straight from
 * the staged Ergast and FastF1 files (no importer in between), every expected figure checked by hand in
 * those files as each comment says.
 */
const f1data = warehouseConfig({}).PITWALL_F1DATA;
type Row = Record<string, string>;
// The importers' own reader: the staged files have rows of fewer columns (2025 races.csv) that it allows.
const csv = (path: string): Row[] => parseCsv(readFileSync(join(f1data, path)));
const num = (s: string | undefined) => (s === undefined || s === '' || s === '\\N' ? null : Number(s));

const ergastDrivers = new Map(csv('ergast/drivers.csv').map((d) => [d.driverId, d]));
const status = new Map(csv('ergast/status.csv').map((s) => [s.statusId, s.status]));
const constructors = new Map(csv('ergast/constructors.csv').map((c) => [c.constructorId, c]));
const results = csv('ergast/results.csv');
const races = csv('ergast/races.csv');
const refOf = (driverId: string) => ergastDrivers.get(driverId)?.driverRef ?? driverId;

function raceOf(season: number, round: number): { id: string; info: RaceInfo } {
  const r = races.find((x) => x.year === String(season) && x.round === String(round));
  if (!r) throw new Error(`no ${season} round ${round} in races.csv`);
  return { id: r.raceId as string, info: { season, round, name: r.name as string, laps: null } };
}

function resultsOf(raceId: string): ResultInput[] {
  return results
    .filter((r) => r.raceId === raceId)
    .map((r) => ({
      driver: refOf(r.driverId as string),
      teamRef: constructors.get(r.constructorId as string)?.constructorRef ?? '',
      grid: Number(r.grid),
      position: num(r.position),
      positionText: r.positionText as string,
      positionOrder: Number(r.positionOrder),
      points: Number(r.points),
      laps: Number(r.laps),
      timeMs: num(r.milliseconds),
      status: status.get(r.statusId as string) ?? '',
      fastestLapRank: num(r.rank),
      fastestLapTimeMs: null,
    }));
}

function driversOf(raceIds: string[]): DriverInfo[] {
  const seen = new Map<string, DriverInfo>();
  for (const r of results.filter((x) => raceIds.includes(x.raceId as string))) {
    const d = ergastDrivers.get(r.driverId as string) as Row;
    const team = constructors.get(r.constructorId as string) as Row;
    seen.set(d.driverRef as string, {
      ref: d.driverRef as string,
      code: d.code as string,
      name: `${d.forename} ${d.surname}`,
      teamRef: team.constructorRef as string,
      teamName: team.name as string,
      colour: '#777777',
    });
  }
  return [...seen.values()];
}

describe('retirements', () => {
  it('names the 2024 Australian GP retirements and their reasons', () => {
    // results.csv raceId 1123: Hamilton (driverId 1) R after 15 laps, statusId 5 "Engine"; Verstappen
    // (830) R after 3 laps, statusId 23 "Brakes". Russell crashed on lap 57 but is classified 17th.
    const race = raceOf(2024, 3);
    const out = retirements({
      races: [{ race: race.info, results: resultsOf(race.id) }],
      drivers: driversOf([race.id]),
      where: 'at the 2024 Australian Grand Prix',
    });
    expectValidOutput(out);
    expect(out.headline).toBe(
      '2 drivers retired at the 2024 Australian Grand Prix. Lewis Hamilton (Mercedes): engine, after 15 laps; Max Verstappen (Red Bull): brakes, after 3 laps.',
    );
    expect(fact(out, 'retirements')).toBe(2);
    expect(fact(out, 'mechanical retirements')).toBe(2);
    expect(out.tables[0]?.rows.map((r) => [r[3], r[6]])).toEqual([
      ['Lewis Hamilton', 'Engine'],
      ['Max Verstappen', 'Brakes'],
    ]);
  });

  it('counts a season by reason and by kind, with a bar per reason', () => {
    // results.csv, 2023 races, positionText R or N: 49 rows. By status: Collision damage 11, Engine 8,
    // Accident 7, Collision 5 (accidents 11 + 7 + 5 = 23); Retired, Illness, Withdrew 1 each (other 3);
    // the 23 left are failures of the car (Brakes 2, Overheating 2, Undertray 2, 17 single reasons).
    const season = races.filter((r) => r.year === '2023').sort((a, b) => Number(a.round) - Number(b.round));
    const out = retirements({
      races: season.map((r) => ({
        race: { season: 2023, round: Number(r.round), name: r.name as string, laps: null },
        results: resultsOf(r.raceId as string),
      })),
      drivers: driversOf(season.map((r) => r.raceId as string)),
      where: 'in 2023',
    });
    expectValidOutput(out);
    expect(out.headline).toBe(
      'There were 49 retirements in 2023: 23 accident or collision, 23 mechanical, 3 for other or unstated reasons. The commonest reasons were collision damage (11), engine (8), accident (7).',
    );
    expect(fact(out, 'retirements: Collision')).toBe(5);
    expect(out.tables[0]?.rows).toHaveLength(49);
    const bars = out.charts[0]?.spec.data ?? [];
    expect(bars[0]).toEqual({ reason: 'Collision damage', kind: 'accident or collision', count: 11 });
    expect(bars.reduce((sum, b) => sum + Number(b.count), 0)).toBe(49);
  });

  it('narrows to a team: Ferrari 2022 had 4 mechanical retirements of 9', () => {
    // results.csv 2022, constructorId 6 (Ferrari), R: Leclerc Turbo (Spain) and Power Unit (Azerbaijan);
    // Sainz Hydraulics (Azerbaijan) and Power Unit (Austria); the other five are Spun off, Collision,
    // Accident (twice) and Collision damage.
    const season = races.filter((r) => r.year === '2022');
    const out = retirements({
      races: season.map((r) => ({
        race: { season: 2022, round: Number(r.round), name: r.name as string, laps: null },
        results: resultsOf(r.raceId as string),
      })),
      drivers: driversOf(season.map((r) => r.raceId as string)),
      where: 'in 2022',
      onlyTeams: ['ferrari'],
    });
    expect(fact(out, 'retirements')).toBe(9);
    expect(fact(out, 'mechanical retirements')).toBe(4);
    expect(fact(out, 'accident or collision retirements')).toBe(5);
  });

  it('sorts reasons into kinds', () => {
    expect(retirementKind('Collision damage')).toBe('accident or collision');
    expect(retirementKind('Spun off')).toBe('accident or collision');
    expect(retirementKind('Hydraulics')).toBe('mechanical');
    expect(retirementKind('Puncture')).toBe('mechanical');
    expect(retirementKind('Retired')).toBe('other');
    expect(retirementKind('+9 Laps')).toBe('other');
  });
});

const vscEstimates = JSON.parse(
  readFileSync(join(f1data, 'ergast/virtual_safety_car_estimates.json'), 'utf8'),
) as Record<string, unknown>;
const vscLaps = (title: string) =>
  (Array.isArray(vscEstimates[title]) ? (vscEstimates[title] as unknown[]) : []).filter(
    (l): l is number => typeof l === 'number' && l > 0,
  );

/** One race's Ergast laps (positions), pit stops and results, and its safety cars and red flags. */
function ergastRace(season: number, round: number) {
  const race = raceOf(season, round);
  const title = `${season} ${race.info.name}`;
  const laps: LapInput[] = csv('ergast/lap_times_2020plus_DERIVED.csv')
    .filter((l) => l.raceId === race.id)
    .map((l) => ({
      driver: refOf(l.driverId as string),
      lap: Number(l.lap),
      position: num(l.position),
      timeMs: num(l.milliseconds),
      compound: null,
      tyreLife: null,
      stint: null,
      trackStatus: null,
      pitIn: null,
      pitOut: null,
      isAccurate: null,
    }));
  const stops: (PitStopInput & { ms: number })[] = csv('ergast/pit_stops.csv')
    .filter((p) => p.raceId === race.id)
    .map((p) => ({
      driver: refOf(p.driverId as string),
      stop: Number(p.stop),
      lap: Number(p.lap),
      durationMs: num(p.milliseconds),
      ms: Number(p.milliseconds),
    }));
  return {
    race: race.info,
    drivers: driversOf([race.id]),
    laps,
    results: resultsOf(race.id),
    // The importer keeps stops that include a red-flag suspension apart (they last minutes, not seconds).
    pitStops: stops.filter((s) => s.ms < 600_000),
    redFlagStops: stops.filter((s) => s.ms >= 600_000),
    safetyCars: csv('ergast/safety_cars.csv')
      .filter((s) => s.Race === title)
      .map((s) => ({
        deployedLap: Number(s.Deployed),
        retreatedLap: num(s.Retreated) === null ? null : Math.round(Number(s.Retreated)),
        cause: s.Cause || null,
      })),
    // virtual_safety_car_estimates.json: race name → laps run under a VSC; consecutive laps are one period.
    vsc: vscLaps(title).reduce<{ firstLap: number; lastLap: number }[]>((runs, lap) => {
      const last = runs.at(-1);
      if (last && last.lastLap === lap - 1) last.lastLap = lap;
      else runs.push({ firstLap: lap, lastLap: lap });
      return runs;
    }, []),
    redFlags: csv('ergast/red_flags.csv')
      .filter((s) => s.Race === title)
      .map((s) => ({ lap: Number(s.Lap), resumed: s.Resumed !== 'N', incident: s.Incident || null })),
  };
}

describe('neutralisations', () => {
  it('finds the two 2024 Canadian GP safety cars, who pitted under each and what it changed', () => {
    // safety_cars.csv "2024 Canadian Grand Prix": deployed 25 / in 30 and deployed 53 / in 59, both
    // "Stranded car": run under on laps 25–29 and 53–58.
    const out = neutralisations(ergastRace(2024, 9));
    expectValidOutput(out);
    expect(fact(out, 'safety car periods')).toBe(2);
    expect(fact(out, 'virtual safety car periods')).toBe(0);
    expect(fact(out, 'red flag periods')).toBe(0);
    expect(out.tables[0]?.rows.map((r) => r.slice(0, 6))).toEqual([
      [1, 'safety car', 25, 29, 'Stranded car', 15],
      [2, 'safety car', 53, 58, 'Stranded car', 3],
    ]);
    // pit_stops.csv raceId 1129, laps 25–29: 13 drivers on lap 25 (HAM, ALO, HUL, PER, MAG, VER, SAI, STR,
    // GAS, LEC, RUS, ALB, PIA), RIC and NOR on lap 26, LEC again on lap 28: 15 drivers. Laps 53–58: HAM,
    // MAG and RUS on lap 54 (Zhou's lap-52 stop came before it).
    const pitted = (n: number) =>
      String(out.tables[0]?.rows[n - 1]?.[6])
        .split(', ')
        .sort();
    expect(pitted(1)).toEqual(
      [
        'ALB',
        'ALO',
        'GAS',
        'HAM',
        'HUL',
        'LEC',
        'MAG',
        'NOR',
        'PER',
        'PIA',
        'RIC',
        'RUS',
        'SAI',
        'STR',
        'VER',
      ].sort(),
    );
    expect(pitted(2)).toEqual(['HAM', 'MAG', 'RUS']);
    // lap_times_2020plus_DERIVED.csv raceId 1129: Norris (846) P1 on lap 24 and P3 on lap 32, having
    // pitted a lap later than the rest; Verstappen (830) P2 → P1; Russell (847) P3 → P2; Leclerc (844)
    // P11 → P19 (three stops). Russell P3 on lap 52, P4 on lap 61.
    expect(fact(out, 'period 1: NOR position before')).toBe(1);
    expect(fact(out, 'period 1: NOR position after')).toBe(3);
    expect(fact(out, 'period 1: VER places gained')).toBe(1);
    expect(fact(out, 'period 1: LEC places gained')).toBe(-8);
    expect(fact(out, 'period 2: RUS places gained')).toBe(-1);
    expect(out.headline).toContain('Lando Norris lost the lead to Max Verstappen (P1 to P3)');
    expect(out.headline?.startsWith('There were 2 safety car periods (laps 25–29 and 53–58)')).toBe(true);
    const bands = out.charts[0]?.spec.bands ?? [];
    expect(bands.map((b) => [b.from, b.to, b.label])).toEqual([
      [24.5, 29.5, 'Safety car'],
      [52.5, 58.5, 'Safety car'],
    ]);
  });

  it('says exactly what Monaco 2024 had: no safety car, a red flag on lap 1 with everyone changing tyres', () => {
    // safety_cars.csv has no "2024 Monaco Grand Prix" row; red_flags.csv has lap 1, resumed (R), the
    // Pérez/Hülkenberg/Magnussen crash. pit_stops.csv raceId 1128 holds 16 stops on lap 1 lasting about
    // 39 minutes (2,327,072–2,394,053 ms): tyre changes during the suspension.
    const out = neutralisations(ergastRace(2024, 8));
    expectValidOutput(out);
    expect(out.headline).toMatch(
      /^There was 1 red flag \(lap 1\) at the 2024 Monaco Grand Prix, and no safety car or virtual safety car\./,
    );
    expect(fact(out, 'safety car periods')).toBe(0);
    expect(fact(out, 'period 1: drivers who pitted')).toBe(16);
  });

  it('says there was nothing at the 2023 Italian GP', () => {
    // No "2023 Italian Grand Prix" row in safety_cars.csv or red_flags.csv, and no lap has a track status.
    const out = neutralisations(ergastRace(2023, 14));
    expect(out.headline).toBe(
      'There was no safety car, virtual safety car or red flag at the 2023 Italian Grand Prix, so nobody pitted under one.',
    );
  });
});

describe('neutralisations without lap data', () => {
  it('takes the estimated VSC and the pit stops of a race before lap data (2019 German GP)', () => {
    // safety_cars.csv "2019 German Grand Prix": 2/5, 29/34, 41/46, 57/60 (laps 2–4, 29–33, 41–45, 57–59);
    // virtual_safety_car_estimates.json: laps 14 and 15. pit_stops.csv raceId 1020 on laps 14–15:
    // Leclerc (844) and Hülkenberg (807), both on lap 15. No lap positions before 2020: no gains.
    const out = neutralisations(ergastRace(2019, 11));
    expectValidOutput(out);
    expect(out.headline).toMatch(
      /^There were 4 safety car periods \(laps 2–4, 29–33, 41–45 and 57–59\) and 1 virtual safety car period \(laps 14–15\) at the 2019 German Grand Prix, and no red flag\./,
    );
    expect(out.headline).toContain(
      'Under the virtual safety car, 2 drivers pitted: Charles Leclerc and Nico Hülkenberg.',
    );
    expect(out.charts).toEqual([]);
  });

  it('says who pitted is not known before 2011, where pit stops start (2008 Singapore GP)', () => {
    // safety_cars.csv "2008 Singapore Grand Prix": 16/20 and 51/54, both "Accident"; pit_stops.csv starts
    // with 2011.
    const out = neutralisations(ergastRace(2008, 15));
    expect(out.headline).toBe(
      'There were 2 safety car periods (laps 16–19 and 51–53) at the 2008 Singapore Grand Prix, and no virtual safety car or red flag. Pit stops are in the data from 2011 on, so who pitted under them is not known. The first safety car was for accident. The second safety car was for accident.',
    );
  });
});

describe('tyre age against lap time', () => {
  it('fits a line per compound through the 2024 Hungarian GP clean laps', () => {
    // FastF1 transformed_grand_prix_laps_2024.csv, RoundNumber 13, with the clean-lap rules (no lap 1, a
    // time, no pit in/out time, TrackStatus without 4/5/6/7, within 107 % of the driver's median) and a
    // TyreLife: SOFT 34 laps, slope 0.059 s per lap of age; MEDIUM 399, 0.003; HARD 821, 0.033 (OLS of
    // LapTime on TyreLife, worked out independently over those rows).
    const rows = csv('fastf1_laps/grand_prix/transformed_grand_prix_laps_2024.csv').filter(
      (r) => r.RoundNumber === '13',
    );
    const laps: LapInput[] = rows.map((r) => ({
      driver: r.Driver as string,
      lap: Number(r.LapNumber),
      position: num(r.Position),
      timeMs: r.LapTime ? Math.round(Number(r.LapTime) * 1000) : null,
      compound: r.Compound || null,
      tyreLife: num(r.TyreLife),
      stint: num(r.Stint),
      trackStatus: r.TrackStatus || null,
      pitIn: r.PitInTime !== '',
      pitOut: r.PitOutTime !== '',
      isAccurate: r.IsAccurate === 'True',
    }));
    const drivers = [...new Set(laps.map((l) => l.driver))].map((code) => ({
      ref: code,
      code,
      name: code,
      teamRef: '',
      teamName: '',
      colour: '#777777',
    }));
    const out = tyreAge({
      race: { season: 2024, round: 13, name: 'Hungarian Grand Prix', laps: 70 },
      drivers,
      laps,
    });
    expectValidOutput(out);
    expect(fact(out, 'soft clean laps')).toBe(34);
    expect(fact(out, 'medium clean laps')).toBe(399);
    expect(fact(out, 'hard clean laps')).toBe(821);
    expect(fact(out, 'soft lap time per lap of tyre age')).toBe(0.059);
    expect(fact(out, 'medium lap time per lap of tyre age')).toBe(0.003);
    expect(fact(out, 'hard lap time per lap of tyre age')).toBe(0.033);
    expect(out.headline).toMatch(
      /^On clean laps at the 2024 Hungarian Grand Prix, lap time rose 0\.059 s per lap/,
    );
    const chart = out.charts[0];
    expect(chart?.kind).toBe('scatter');
    expect(chart?.spec.data).toHaveLength(34 + 399 + 821);
    expect(chart?.spec.overlays?.[0]?.data).toHaveLength(6);
  });
});
