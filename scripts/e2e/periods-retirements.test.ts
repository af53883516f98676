import { type Analysis, ChartSchema, type Intent } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
import { apiClient } from './client.ts';
import { useStack } from './stack-fixture.ts';

/**
 * Retirements, safety-car periods and tyre age through the API with the builtin assistant, on every real
 * process. The figures were read by hand from the staged files: ergast/results.csv with status.csv
 * (retirements), ergast/safety_cars.csv, red_flags.csv and pit_stops.csv (periods and who pitted), the
 * lap positions of lap_times_2020plus_DERIVED.csv and FastF1 transformed_grand_prix_laps_2024.csv.
 */
const { stack } = useStack('pitwall-periods-retirements');

async function ask(user: string, question: string, intent: Intent) {
  const api = apiClient(stack().urls.api);
  await api.register(user);
  const analysis = await api.settled(await api.ask(question), 90_000);
  expect(analysis.status, JSON.stringify(analysis.error ?? analysis.clarification)).toBe('succeeded');
  expect(analysis.plan?.intent).toBe(intent);
  return { analysis, api };
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

async function expectChartFiles(api: ReturnType<typeof apiClient>, analysis: Analysis, ids: string[]) {
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

describe('retirements through the API', () => {
  it('names who retired from the 2024 Australian GP and why', async () => {
    const { analysis } = await ask(
      'retire_aus',
      'Who retired from the 2024 Australian GP and why?',
      'retirements',
    );
    // results.csv raceId 1123: Hamilton R after 15 laps (statusId 5, Engine); Verstappen R after 3 laps
    // (statusId 23, Brakes).
    expect(analysis.result?.answer).toMatch(
      /^2 drivers retired at the 2024 Australian Grand Prix\. Lewis Hamilton \(Mercedes\): engine, after 15 laps; Max Verstappen \(Red Bull\): brakes, after 3 laps\./,
    );
    numbersAreFacts(analysis);
  });

  it('lists every retirement of 2023 with counts by reason, a table and a bar chart', async () => {
    const { analysis, api } = await ask('retire_2023', 'retirements 2023 season', 'retirements');
    // results.csv 2023, positionText R or N: 49; Collision damage 11, Engine 8, Accident 7, Collision 5;
    // Retired, Illness and Withdrew one each.
    expect(analysis.result?.answer).toMatch(
      /^There were 49 retirements in 2023: 23 accident or collision, 23 mechanical, 3 for other or unstated reasons\. The commonest reasons were collision damage \(11\), engine \(8\), accident \(7\)\./,
    );
    numbersAreFacts(analysis);
    expect(analysis.result?.tables[0]?.rows).toHaveLength(49);
    expect(analysis.result?.tables[1]?.rows[0]).toEqual(['Collision damage', 'accident or collision', 11]);
    await expectChartFiles(api, analysis, ['retirement-reasons']);
  });

  it('counts Ferrari’s mechanical retirements in 2022', async () => {
    const { analysis } = await ask(
      'retire_ferrari',
      'how many mechanical retirements did Ferrari have in 2022',
      'metric',
    );
    // results.csv 2022, Ferrari R: Turbo and Power Unit (Leclerc), Hydraulics and Power Unit (Sainz).
    expect(analysis.plan?.query?.metric).toBe('mechanical_dnfs');
    expect(analysis.result?.answer).toMatch(/^Ferrari had 4 mechanical retirements/);
  });
});

describe('safety-car periods through the API', () => {
  it('says exactly what Monaco 2024 had: a red flag on lap 1 and no safety car', async () => {
    const { analysis } = await ask(
      'sc_monaco',
      'Safety car periods at the 2024 Monaco GP',
      'neutralisations',
    );
    // safety_cars.csv: no 2024 Monaco row; red_flags.csv: lap 1, Pérez/Hülkenberg/Magnussen crash;
    // pit_stops.csv raceId 1128: 16 stops on lap 1 lasting the suspension (tyres changed).
    expect(analysis.result?.answer).toMatch(
      /^There was 1 red flag \(lap 1\) at the 2024 Monaco Grand Prix, and no safety car or virtual safety car\. Under the red flag \(Crash involving Sergio Pérez, Nico Hülkenberg and Kevin Magnussen, resulting in debris on the track\), 16 drivers stopped/,
    );
    numbersAreFacts(analysis);
  });

  it('reads “under” as a word, and says nobody pitted under a safety car at Monza 2023', async () => {
    const { analysis } = await ask(
      'sc_monza',
      'who pitted under the safety car at Monza 2023',
      'neutralisations',
    );
    expect(analysis.plan).toMatchObject({ season: 2023, round: 14, drivers: [] });
    expect(analysis.result?.answer).toMatch(
      /^There was no safety car, virtual safety car or red flag at the 2023 Italian Grand Prix, so nobody pitted under one\./,
    );
  });

  it('tells what the 2024 Canadian GP safety cars changed, with a table and the periods shaded', async () => {
    const { analysis, api } = await ask(
      'sc_canada',
      'what did the safety car change at the 2024 Canadian GP',
      'neutralisations',
    );
    // safety_cars.csv: out 25 / in 30 and out 53 / in 59 (stranded cars). pit_stops.csv laps 25–29: 15
    // drivers (Norris and Ricciardo on lap 26, a lap after the rest); laps 53–58: Hamilton, Magnussen,
    // Russell on lap 54. Positions lap 24 → lap 32: Norris 1 → 3, Verstappen 2 → 1.
    expect(analysis.result?.answer).toMatch(
      /^There were 2 safety car periods \(laps 25–29 and 53–58\) at the 2024 Canadian Grand Prix, and no virtual safety car or red flag\. Under the first safety car \(Stranded car\), 15 drivers pitted\. From the lap before it to 3 laps after it, Lando Norris lost the lead to Max Verstappen \(P1 to P3\)/,
    );
    expect(analysis.result?.answer).toContain(
      'Under the second safety car (Stranded car), 3 drivers pitted: George Russell, Lewis Hamilton and Kevin Magnussen.',
    );
    numbersAreFacts(analysis);
    expect(analysis.result?.tables[0]?.rows.map((r) => r.slice(0, 6))).toEqual([
      [1, 'safety car', 25, 29, 'Stranded car', 15],
      [2, 'safety car', 53, 58, 'Stranded car', 3],
    ]);
    await expectChartFiles(api, analysis, ['neutralisations']);
    const chart = analysis.result?.charts[0];
    expect(chart && 'spec' in chart ? chart.spec.bands?.map((b) => [b.from, b.to]) : chart).toEqual([
      [24.5, 29.5],
      [52.5, 58.5],
    ]);
  });
});

describe('tyre age against lap time through the API', () => {
  it('plots lap time against tyre age per compound at the 2024 Hungarian GP, slopes as facts', async () => {
    const { analysis, api } = await ask('tyre_age_hun', 'tyre age vs lap time hungary 2024', 'tyre_age');
    // FastF1 2024 round 13 clean laps with a TyreLife: SOFT 34 (0.059 s per lap of age), MEDIUM 399
    // (0.003), HARD 821 (0.033), OLS of LapTime on TyreLife.
    expect(analysis.result?.answer).toMatch(
      /^On clean laps at the 2024 Hungarian Grand Prix, lap time rose 0\.059 s per lap of tyre age on the soft, rose 0\.003 s on the medium and rose 0\.033 s on the hard;/,
    );
    numbersAreFacts(analysis);
    expect(analysis.result?.facts).toContainEqual({
      label: 'hard lap time per lap of tyre age',
      value: 0.033,
      unit: 's/lap',
    });
    await expectChartFiles(api, analysis, ['tyre-age-lap-time']);
  });
});
