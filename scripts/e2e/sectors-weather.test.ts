import { type Analysis, ChartSchema } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
import { apiClient } from './client.ts';
import { useStack } from './stack-fixture.ts';

/**
 * Speed traps, sector times and weather through the API with the builtin assistant, on every real
 * process. Figures were read by hand from the staged files: openf1/laps_2023_2026.csv (session_key 9590,
 * the 2024 Italian GP: max st_speed, min duration_sector_1..3 and lap_duration per driver_number),
 * openf1/weather_summary_by_race_2023_2026.csv (temperatures, rainfall_any) and
 * fastf1_laps/grand_prix/transformed_grand_prix_laps_2024.csv (Compound per lap).
 */
const { stack } = useStack('pitwall-sectors-weather');

async function ask(user: string, question: string) {
  const api = apiClient(stack().urls.api);
  await api.register(user);
  const analysis = await api.settled(await api.ask(question), 90_000);
  return { analysis, api };
}

function succeeded(analysis: Analysis, intent: string) {
  expect(analysis.status, JSON.stringify(analysis.error ?? analysis.clarification)).toBe('succeeded');
  expect(analysis.plan?.intent).toBe(intent);
}

/** Every number in the answer is one of the result's facts (as a value, or inside a fact's label or text). */
function numbersAreFacts(analysis: Analysis) {
  const result = analysis.result;
  const values = new Set(result?.facts.map((f) => String(f.value)));
  const labels = result?.facts.map((f) => `${f.label} ${f.value}`).join(' ') ?? '';
  const spoken = (result?.answer ?? '').match(/\d+(?:\.\d+)?/g) ?? [];
  for (const n of spoken) {
    const known =
      values.has(n) ||
      new RegExp(`(^|[^\\d.])${n.replace('.', '\\.')}($|[^\\d])`).test(labels) ||
      n === String(analysis.plan?.season);
    expect(known, `${n} in the answer is no fact`).toBe(true);
  }
}

async function chartsStored(analysis: Analysis, api: ReturnType<typeof apiClient>, ids: string[]) {
  const charts = analysis.result?.charts ?? [];
  expect(charts.map((c) => c.id)).toEqual(ids);
  for (const chart of charts) {
    const svg = await api.request(
      'GET',
      `/api/analyses/${analysis.id}/files/${ChartSchema.parse(chart).files.svg}`,
    );
    expect(svg.status).toBe(200);
    expect(await svg.text()).toMatch(/^<svg/);
  }
}

describe('speed traps, sectors and weather through the API', () => {
  it('names the fastest speed trap at Monza 2024', async () => {
    // 9590 max st_speed: driver 20 (Magnussen) 357; 14 (Alonso) 356.
    const { analysis } = await ask('speed_trap_monza', 'fastest speed trap at Monza 2024');
    succeeded(analysis, 'metric');
    expect(analysis.result?.answer).toMatch(
      /^Kevin Magnussen reached 357 km\/h in the speed trap at the 2024 Italian Grand Prix, the best\./,
    );
    expect(analysis.result?.facts).toContainEqual({
      label: 'Kevin Magnussen: top speeds',
      value: 357,
    });
    numbersAreFacts(analysis);
  });

  it('compares Verstappen and Leclerc sector by sector at Monza 2024, with a chart and a table', async () => {
    // VER best S1 26.877, S2 27.614, S3 27.177 → 1:21.668, 0.077 s under his 1:21.745 fastest lap;
    // LEC 27.189 / 28.259 / 27.592 → 1:23.040, 0.186 s under 1:23.226.
    const { analysis, api } = await ask('sectors_monza', 'sector times verstappen leclerc monza 2024');
    succeeded(analysis, 'sectors');
    expect(analysis.result?.answer).toMatch(
      /^At the 2024 Italian Grand Prix, Max Verstappen had a theoretical best of 1:21\.668 from best sectors of 26\.877 \/ 27\.614 \/ 27\.177 s, 0\.077 s under the fastest lap of 1:21\.745; Charles Leclerc had a theoretical best of 1:23\.040 from best sectors of 27\.189 \/ 28\.259 \/ 27\.592 s, 0\.186 s under the fastest lap of 1:23\.226\./,
    );
    numbersAreFacts(analysis);
    expect(analysis.result?.tables[0]?.rows[1]?.slice(0, 8)).toEqual([
      'Charles Leclerc',
      'Ferrari',
      27.189,
      28.259,
      27.592,
      '1:23.040',
      '1:23.226',
      0.186,
    ]);
    await chartsStored(analysis, api, ['sector-deficits']);
  });

  it('answers that the 2024 Canadian GP was wet', async () => {
    // rainfall_any 1 (meeting 1237); FastF1 round 9: 827 INTERMEDIATE + 19 WET laps, 20 drivers, laps 1–47.
    const { analysis, api } = await ask('wet_canada', 'was the 2024 canadian gp wet');
    succeeded(analysis, 'weather');
    expect(analysis.result?.answer).toMatch(
      /^Yes, the 2024 Canadian Grand Prix was wet: 20 drivers ran wet-weather tyres between laps 1 and 47 \(827 laps on intermediates and 19 on full wets\), and rain was recorded during the race\./,
    );
    numbersAreFacts(analysis);
    await chartsStored(analysis, api, ['wet-tyre-laps']);
  });

  it('gives the track temperature at Bahrain 2024', async () => {
    // meeting 1229: track 21.9 / 22.8 / 23.8 °C, air 17.6 / 18.0 / 18.3 °C.
    const { analysis } = await ask('temp_bahrain', 'track temperature bahrain 2024');
    succeeded(analysis, 'weather');
    expect(analysis.result?.answer).toMatch(
      /^Track temperature at the 2024 Bahrain Grand Prix ran from 21\.9 °C to 23\.8 °C \(mean 22\.8 °C\), air from 17\.6 °C to 18\.3 °C/,
    );
    numbersAreFacts(analysis);
  });

  it('lists the wet races of 2024', async () => {
    // Wet tyres at rounds 9, 12 and 21; rain on slicks at Spain (1238) and Austria (1239).
    const { analysis, api } = await ask('wet_2024', 'wet races in 2024');
    succeeded(analysis, 'weather');
    expect(analysis.result?.answer).toMatch(
      /^3 races of 2024 were wet, run partly on intermediates or wets \(of 24 with lap data\): the Canadian Grand Prix, the British Grand Prix and the São Paulo Grand Prix\. Rain was also recorded at the Spanish Grand Prix and the Austrian Grand Prix, where everyone stayed on slicks\./,
    );
    numbersAreFacts(analysis);
    await chartsStored(analysis, api, ['season-temperatures', 'wet-races']);
  });

  it('finds the hottest race of 2023', async () => {
    // Highest 2023 track_temp_mean: Hungary 48.1 (max 50.3; air mean 29.2); by air: Qatar 31.3.
    const { analysis } = await ask('hottest_2023', 'hottest race of 2023');
    succeeded(analysis, 'weather');
    expect(analysis.result?.answer).toMatch(
      /^The hottest race of 2023 by track temperature was the Hungarian Grand Prix: a mean of 48\.1 °C on track, peaking at 50\.3 °C/,
    );
    numbersAreFacts(analysis);
  });

  it('says plainly that sector times start in 2023 rather than answering another question', async () => {
    const { analysis } = await ask('sectors_2021', 'sector times at Monza 2021');
    expect(analysis.status).not.toBe('succeeded');
    const said = JSON.stringify(analysis.error ?? analysis.clarification ?? analysis.result);
    expect(said).toMatch(/from 2023 on/);
  });
});
