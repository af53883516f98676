import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChartDraft, type Plan, PlanSchema } from '@pitwall/db/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnalysis } from '../../src/activities/run-analysis.ts';
import { OUTLIER_FACTOR } from '../../src/analyses/clean-laps.ts';
import { warehouseConfig } from '../../src/config.ts';
import { importErgast } from '../../src/loaders/ergast-csv.ts';
import { importTiming } from '../../src/loaders/laps.ts';
import { openWarehouse, type Warehouse } from '../../src/warehouse.ts';
import { expectValidOutput } from './fixtures.ts';

/**
 * The analyst's chart canon on real races, through the same dispatch the workflow uses: the staged Ergast
 * dump and timing files imported into a fresh warehouse. The 2024 São Paulo GP (raceId 1141) has OpenF1
 * laps, which carry no track status, so its shading comes from the recorded neutralisations:
 * ergast/safety_cars.csv rows "2024 São Paulo Grand Prix,Stranded car,30,34,3" and "…,39,43,4", and
 * ergast/red_flags.csv "2024 São Paulo Grand Prix,32,S,Crash of Franco Colapinto.".
 */
const dir = mkdtempSync(join(tmpdir(), 'pitwall-chart-canon-'));
const f1data = warehouseConfig({}).PITWALL_F1DATA;
let db: Warehouse;
let close: () => void;

beforeAll(async () => {
  ({ db, close } = await openWarehouse(`file:${join(dir, 'wh.db')}`));
  await importErgast(db, join(f1data, 'ergast'));
  await importTiming(db, f1data);
}, 300_000);
afterAll(() => {
  close?.();
  rmSync(dir, { recursive: true, force: true });
});

const plan = (fields: Partial<Plan> & Pick<Plan, 'intent' | 'season'>) => PlanSchema.parse(fields);
const chart = (charts: ChartDraft[], id: string) => {
  const found = charts.find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} chart among ${charts.map((c) => c.id).join(', ')}`);
  return found;
};
const SAO_PAULO_2024_BANDS = [
  { from: 29.5, to: 31.5, label: 'Safety car', colour: '#FFB800' },
  { from: 31.5, to: 32.5, label: 'Red flag', colour: '#E10600' },
  { from: 32.5, to: 34.5, label: 'Safety car', colour: '#FFB800' },
  { from: 38.5, to: 43.5, label: 'Safety car', colour: '#FFB800' },
];

describe('Verstappen and Norris race pace at the 2024 São Paulo GP', () => {
  let charts: ChartDraft[];
  beforeAll(async () => {
    const out = await runAnalysis(
      db,
      plan({ intent: 'race_pace', season: 2024, round: 21, drivers: ['max_verstappen', 'norris'] }),
    );
    expectValidOutput(out);
    charts = out.charts;
  });

  it('draws a box of each driver’s clean laps, from the same laps as the median', () => {
    // By hand from ergast/lap_times_2020plus_DERIVED.csv (raceId 1141; VER driverId 830, NOR 846), leaving
    // out lap 1, in- and out-laps (pit_stops.csv: NOR laps 28 and 32, VER 32), laps 30–34 and 39–43 (SC and
    // red flag above) and laps over 107 % of the rest's median (VER laps 28 and 29: 111.717 s, 105.014 s):
    // 56 clean laps each. Type-7 quartiles of VER's: 82.0335, 83.965, 84.66; whiskers at his fastest
    // clean lap (lap 67, 80.472) and slowest (lap 27, 88.393), none beyond 1.5 × IQR. NOR's: 82.79025,
    // 84.08, 84.8775; whiskers 81.517 (lap 67) and 87.235 (lap 36); lap 35, 89.337, is beyond the upper
    // fence 84.8775 + 1.5 × 2.08725 = 88.008.
    const spread = chart(charts, 'race-pace-spread');
    expect(spread.kind).toBe('distribution');
    expect(spread.spec.mark).toBe('box');
    expect(spread.spec.data).toEqual([
      {
        driver: 'VER',
        team: 'Red Bull',
        lower: 80.472,
        q1: 82.034,
        median: 83.965,
        q3: 84.66,
        upper: 88.393,
        n: 56,
      },
      {
        driver: 'NOR',
        team: 'McLaren',
        lower: 81.517,
        q1: 82.79,
        median: 84.08,
        q3: 84.878,
        upper: 87.235,
        n: 56,
      },
    ]);
    expect(spread.spec.box?.outliers).toEqual([{ driver: 'NOR', team: 'McLaren', time: 89.337 }]);
    expect(spread.spec.color?.range).toEqual(['#3671C6', '#FF8000']);
  });

  it('shows both drivers’ laps over the race, with the safety cars and the red flag shaded', () => {
    const laps = chart(charts, 'race-pace-laps');
    expect(laps.spec.mark).toBe('line');
    expect(laps.spec.bands).toEqual(SAO_PAULO_2024_BANDS);
    expect(laps.spec.color).toMatchObject({ domain: ['VER', 'NOR'], range: ['#3671C6', '#FF8000'] });
    for (const [code, median] of [
      ['VER', 83.965],
      ['NOR', 84.08],
    ] as const) {
      const own = laps.spec.data.filter((r) => r.driver === code);
      // Every clean lap is drawn, nothing from the standing start, nothing over 107 % of the median.
      expect(own.filter((r) => r.clean === 'yes')).toHaveLength(56);
      expect(own.some((r) => r.lap === 1)).toBe(false);
      expect(Math.max(...own.map((r) => r.time as number))).toBeLessThanOrEqual(OUTLIER_FACTOR * median);
    }
    // The red-flag lap is not a clean lap for anyone.
    expect(laps.spec.data.filter((r) => r.lap === 32 && r.clean === 'yes')).toEqual([]);
  });
});

describe('the other lap-based charts of the 2024 São Paulo GP', () => {
  it('shades the neutralised laps on the positions chart, and tells teammates apart', async () => {
    const out = await runAnalysis(db, plan({ intent: 'positions', season: 2024, round: 21 }));
    const positions = chart(out.charts, 'positions');
    expect(positions.spec.bands).toEqual(SAO_PAULO_2024_BANDS);
    const colour = (code: string) =>
      positions.spec.color?.range[positions.spec.color.domain.indexOf(code)] ?? 'missing';
    // Every classified car has a line (results.csv lists 20 for raceId 1141).
    expect(positions.spec.color?.domain).toHaveLength(20);
    // Red Bull: Verstappen (1st) keeps #3671C6, Pérez behind him gets it halfway to white.
    expect(colour('VER')).toBe('#3671C6');
    expect(colour('PER')).toBe('#9bb8e3');
  });

  it('shades them behind the tyre stints too', async () => {
    const out = await runAnalysis(db, plan({ intent: 'tyre_strategy', season: 2024, round: 21 }));
    expect(chart(out.charts, 'tyre-strategy').spec.bands).toEqual(SAO_PAULO_2024_BANDS);
  });
});

describe('team pace at the 2024 Bahrain GP', () => {
  it('draws a box per team in ranking order, from the laps of its table', async () => {
    const out = await runAnalysis(db, plan({ intent: 'team_pace', season: 2024, round: 1 }));
    const table = out.tables[0];
    const spread = chart(out.charts, 'team-pace-spread');
    expect(spread.spec.mark).toBe('box');
    expect(spread.spec.data.map((r) => r.team)).toEqual(table?.rows.map((r) => r[1]));
    // The box counts the table's clean laps and its width is the table's IQR (both rounded to ms).
    spread.spec.data.forEach((box, i) => {
      expect(box.n).toBe(table?.rows[i]?.[3]);
      expect(
        Math.abs((box.q3 as number) - (box.q1 as number) - (table?.rows[i]?.[5] as number)),
      ).toBeLessThan(0.0015);
    });
    expect(spread.spec.data[0]?.team).toBe('Red Bull');
    expect(spread.spec.color?.range[0]).toBe('#3671C6');
  });
});

describe('the 2023 points heatmap', () => {
  it('has a cell per driver and round, race and sprint together, blank where a driver was not entered', async () => {
    const out = await runAnalysis(db, plan({ intent: 'points_progression', season: 2023 }));
    const heatmap = chart(out.charts, 'points-heatmap');
    expect(heatmap.spec.mark).toBe('heatmap');
    const cell = (driver: string, round: number) =>
      heatmap.spec.data.find((r) => r.driver === driver && r.round === round)?.points;
    // results.csv raceId 1098 (round 1): VER won, 25. Round 4, Baku (raceId 1101): VER 2nd, 18, and 3rd in
    // the sprint (sprint_results.csv), 6: 24 for the weekend.
    expect(cell('VER', 1)).toBe(25);
    expect(cell('VER', 4)).toBe(24);
    // Ricciardo (driverId 817) has no result until round 11 (raceId 1109), where he was 13th: 0 points.
    expect(cell('RIC', 1)).toBeNull();
    expect(cell('RIC', 11)).toBe(0);
    // Drivers in championship order, the champion first; 22 rounds in 2023.
    expect(heatmap.spec.data[0]?.driver).toBe('VER');
    expect(new Set(heatmap.spec.data.map((r) => r.round)).size).toBe(22);
  });
});
