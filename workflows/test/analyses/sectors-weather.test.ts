import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { latestResults } from '@pitwall/db/queries/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bestSectors } from '../../src/analyses/sectors.ts';
import { lapRanges } from '../../src/analyses/weather.ts';
import { warehouseConfig } from '../../src/config.ts';
import { loadCatalog } from '../../src/entities/catalog.ts';
import { importErgast } from '../../src/loaders/ergast-csv.ts';
import { importTiming } from '../../src/loaders/laps.ts';
import { answerQuery, planOf } from '../../src/query/answer.ts';
import { parseQuestion } from '../../src/query/parse.ts';
import { openWarehouse, type Warehouse } from '../../src/warehouse.ts';
import { driver, expectValidOutput, fact } from './fixtures.ts';

/**
 * Speed traps, sectors and weather on real races: the staged Ergast dump and the FastF1/OpenF1 timing
 * imported into a fresh warehouse, asked as people type. Figures were read by hand from the staged files:
 * - openf1/laps_2023_2026.csv, session_key 9590 (2024 Italian GP): max st_speed per driver_number and min
 *   duration_sector_1..3 / lap_duration per driver;
 * - openf1/weather_summary_by_race_2023_2026.csv (track/air temp min, mean, max; rainfall_any);
 * - fastf1_laps/grand_prix/transformed_grand_prix_laps_2024.csv, Compound per lap (RoundNumber).
 */
const dir = mkdtempSync(join(tmpdir(), 'pitwall-sectors-weather-'));
const f1data = warehouseConfig({}).PITWALL_F1DATA;
let db: Warehouse;
let close: () => void;

beforeAll(async () => {
  ({ db, close } = await openWarehouse(`file:${join(dir, 'wh.db')}`));
  await importErgast(db, join(f1data, 'ergast'));
  await importTiming(db, f1data);
}, 240_000);
afterAll(() => {
  close?.();
  rmSync(dir, { recursive: true, force: true });
});

async function ask(question: string) {
  const latest = await latestResults(db);
  if (!latest) throw new Error('no results imported');
  const understood = parseQuestion(question, { catalog: await loadCatalog(db), latest });
  if (understood.kind !== 'query') return { understood, answer: undefined };
  const answer = await answerQuery(db, planOf(understood.query, latest.season, question));
  expectValidOutput(answer);
  return { understood, answer };
}
const opening = (headline: string | undefined) => headline?.split('\n')[0] ?? '';

describe('speed traps', () => {
  it('ranks the top speeds at Monza 2024', async () => {
    // Monza 2024 (9590) max st_speed: driver 20 Magnussen 357; then 356 for 14 Alonso,
    // 18 Stroll and 43 Colapinto.
    const { understood, answer } = await ask('fastest speed trap at Monza 2024');
    expect(understood.kind === 'query' && understood.query.metric).toBe('top_speed');
    expect(opening(answer?.headline)).toMatch(
      /^Kevin Magnussen reached 357 km\/h in the speed trap at the 2024 Italian Grand Prix, the best/,
    );
    expect(fact(answer as never, 'Kevin Magnussen: top speeds')).toBe(357);
    expect(fact(answer as never, 'Fernando Alonso: top speeds')).toBe(356);
  });

  it('compares two drivers in km/h', async () => {
    // 9590 max st_speed: driver 1 (Verstappen) 338, driver 4 (Norris) 353: 15 km/h apart.
    const { answer } = await ask('compare verstappen and norris top speed monza 2024');
    expect(opening(answer?.headline)).toMatch(/Lando Norris was ahead by 15 km\/h\.$/);
    expect(fact(answer as never, 'difference in top speeds')).toBe(15);
  });

  it('says plainly that speed traps start in 2023', async () => {
    const { understood } = await ask('top speed at Monza 2022');
    expect(understood.kind).toBe('decline');
    expect(understood.kind === 'decline' && understood.reason).toMatch(/from 2023 on/);
  });
});

describe('sector times', () => {
  it('compares Verstappen and Leclerc at Monza 2024, with the theoretical best lap', async () => {
    // VER (1): S1 26.877 (lap 43), S2 27.614 (lap 43), S3 27.177 (lap 50) → 81.668 s = 1:21.668; his
    // fastest lap_duration 81.745 (lap 43), 0.077 s slower. LEC (16): 27.189 / 28.259 / 27.592 → 1:23.040;
    // fastest lap 83.226 (lap 33), 0.186 s slower.
    const { understood, answer } = await ask('sector times verstappen leclerc monza 2024');
    expect(understood.kind === 'query' && understood.query.metric).toBe('sector_times');
    const out = answer as NonNullable<typeof answer>;
    expect(fact(out, 'VER best sector 1')).toBe(26.877);
    expect(fact(out, 'VER best sector 2')).toBe(27.614);
    expect(fact(out, 'VER best sector 3')).toBe(27.177);
    expect(fact(out, 'VER theoretical best lap')).toBe('1:21.668');
    expect(fact(out, 'VER fastest lap')).toBe('1:21.745');
    expect(fact(out, 'VER fastest lap over theoretical best')).toBe(0.077);
    expect(fact(out, 'LEC theoretical best lap')).toBe('1:23.040');
    expect(fact(out, 'LEC fastest lap over theoretical best')).toBe(0.186);
    expect(opening(out.headline)).toMatch(
      /^At the 2024 Italian Grand Prix, Max Verstappen had a theoretical best of 1:21\.668 from best sectors of 26\.877 \/ 27\.614 \/ 27\.177 s, 0\.077 s under the fastest lap of 1:21\.745; Charles Leclerc/,
    );
    const chart = out.charts.find((c) => c.id === 'sector-deficits');
    // Leclerc's S1 deficit: 27.189 − 26.877 = 0.312 s.
    expect(chart?.spec.data).toContainEqual(
      expect.objectContaining({ bar: 'S1 LEC', driver: 'LEC', deficit: 0.312, lap: 33 }),
    );
    expect(out.tables[0]?.rows.map((r) => r[0])).toEqual(['Max Verstappen', 'Charles Leclerc']);
  });

  it('names the best theoretical lap and the quickest sector of the whole field', async () => {
    // Field minima at 9590: S1 26.877 VER, S2 27.439 HAM (lap 53), S3 26.804 NOR (lap 53); NOR's three
    // best (26.936 + 27.492 + 26.804) = 81.232 s is the lowest sum, 0.2 s under his 81.432 fastest lap.
    const { answer } = await ask('sector times monza 2024');
    const out = answer as NonNullable<typeof answer>;
    expect(fact(out, 'fastest sector 2 by')).toBe('Lewis Hamilton');
    expect(fact(out, 'fastest sector 2')).toBe(27.439);
    expect(opening(out.headline)).toMatch(
      /^Lando Norris had the best theoretical lap at the 2024 Italian Grand Prix: a theoretical best of 1:21\.232/,
    );
  });

  it('says plainly when a season has no sector times', async () => {
    const { understood } = await ask('sector times monza 2021');
    expect(understood.kind === 'decline' && understood.reason).toMatch(/from 2023 on.*2021/);
  });

  it('keeps the best of each sector, whichever lap set it', () => {
    const ver = driver('max_verstappen', 'VER');
    const laps = [
      {
        driver: 'max_verstappen',
        lap: 1,
        timeMs: 90_000,
        sector1Ms: 30_000,
        sector2Ms: 31_000,
        sector3Ms: 29_000,
        stSpeed: 300,
      },
      {
        driver: 'max_verstappen',
        lap: 2,
        timeMs: 89_500,
        sector1Ms: 29_000,
        sector2Ms: 31_500,
        sector3Ms: 29_000,
        stSpeed: 310,
      },
      {
        driver: 'max_verstappen',
        lap: 3,
        timeMs: null,
        sector1Ms: null,
        sector2Ms: 30_500,
        sector3Ms: null,
        stSpeed: null,
      },
    ];
    const [row] = bestSectors([ver], laps);
    // 29.0 (lap 2) + 30.5 (lap 3) + 29.0 (lap 1, the first of two equal) = 88.5 s, 1.0 s under lap 2.
    expect(row?.best).toEqual([29_000, 30_500, 29_000]);
    expect(row?.bestLap).toEqual([2, 3, 1]);
    expect(row?.theoreticalMs).toBe(88_500);
    expect(row?.fastestLapMs).toBe(89_500);
    expect(row?.topSpeed).toBe(310);
  });
});

describe('weather', () => {
  it('answers that the 2024 Canadian GP was wet, with the laps on intermediates and wets', async () => {
    // weather csv 2024/1237: rainfall_any 1, track 19.9/24.6/28.5, air 15.9/17.8/19.1. FastF1 2024 round 9:
    // 827 INTERMEDIATE and 19 WET laps by 20 drivers, laps 1–47.
    const { understood, answer } = await ask('was the 2024 canadian gp wet');
    expect(understood.kind === 'query' && understood.query.metric).toBe('wet_races');
    const out = answer as NonNullable<typeof answer>;
    expect(opening(out.headline)).toBe(
      'Yes, the 2024 Canadian Grand Prix was wet: 20 drivers ran wet-weather tyres between laps 1 and 47 (827 laps on intermediates and 19 on full wets), and rain was recorded during the race. Track temperature at the 2024 Canadian Grand Prix ran from 19.9 °C to 28.5 °C (mean 24.6 °C), air from 15.9 °C to 19.1 °C (mean 17.8 °C); humidity 73.4 %, wind 1.2 m/s.',
    );
    expect(fact(out, 'rain recorded')).toBe('yes');
    expect(out.charts.map((c) => c.id)).toContain('wet-tyre-laps');
  });

  it('says a race with rain in the feed but no wet tyres was dry (2024 Spain)', async () => {
    // weather csv 2024/1238 rainfall_any 1; FastF1 2024 round 10 has no INTERMEDIATE or WET lap.
    const { answer } = await ask('was the 2024 spanish gp wet');
    expect(opening(answer?.headline)).toMatch(
      /^No, the 2024 Spanish Grand Prix was dry: rain was recorded during the race, but nobody ran intermediates or wets\./,
    );
  });

  it('gives the track temperature at Bahrain 2024', async () => {
    // weather csv 2024/1229: track 21.9/22.8/23.8, air 17.6/18.0/18.3, rainfall 0.
    const { understood, answer } = await ask('track temperature bahrain 2024');
    expect(understood.kind === 'query' && understood.query.metric).toBe('weather');
    expect(opening(answer?.headline)).toMatch(
      /^Track temperature at the 2024 Bahrain Grand Prix ran from 21\.9 °C to 23\.8 °C \(mean 22\.8 °C\)/,
    );
  });

  it('lists the wet races of 2024, and the races where rain fell on slicks', async () => {
    // FastF1 2024 compounds: INTERMEDIATE/WET laps at rounds 9 (Canada), 12 (Britain), 21 (São Paulo).
    // rainfall_any 1 also at 1238 Spain and 1239 Austria, where every lap was on slicks.
    const { answer } = await ask('wet races in 2024');
    expect(opening(answer?.headline)).toBe(
      '3 races of 2024 were wet, run partly on intermediates or wets (of 24 with lap data): the Canadian Grand Prix, the British Grand Prix and the São Paulo Grand Prix. Rain was also recorded at the Spanish Grand Prix and the Austrian Grand Prix, where everyone stayed on slicks.',
    );
  });

  it('finds the hottest race of 2023', async () => {
    // weather csv 2023: highest track_temp_mean is Hungary 48.1 (max 50.3, air mean 29.2); highest
    // air_temp_mean is Qatar 31.3.
    const { understood, answer } = await ask('hottest race of 2023');
    expect(understood.kind === 'query' && understood.query.metric).toBe('hottest_race');
    expect(opening(answer?.headline)).toBe(
      'The hottest race of 2023 by track temperature was the Hungarian Grand Prix: a mean of 48.1 °C on track, peaking at 50.3 °C, with the air at 29.2 °C; by air temperature the hottest was the Qatar Grand Prix (mean 31.3 °C).',
    );
  });

  it('keeps a result question "in the rain" a result question', async () => {
    const { understood } = await ask('who won the 2021 belgian grand prix, the one in the rain?');
    expect(understood.kind === 'query' && understood.query.metric).toBe('wins');
  });

  it('declines a season before the data', async () => {
    const { understood } = await ask('was the 2019 british gp wet');
    expect(understood.kind === 'decline' && understood.reason).toMatch(/from 2020 on/);
  });

  it('writes laps as ranges', () => {
    expect(lapRanges([1, 2, 3, 7, 8, 10])).toBe('1–3, 7–8, 10');
  });
});
