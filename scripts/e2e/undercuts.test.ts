import { type Analysis, ChartSchema } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
import { apiClient } from './client.ts';
import { useStack } from './stack-fixture.ts';

/**
 * Undercut and overcut questions through the API with the builtin assistant, on every real process. The
 * figures were read by hand from fastf1_laps/grand_prix/transformed_grand_prix_laps_2024.csv (Time = the
 * session clock at a lap's end, Position) and ergast/pit_stops.csv (the in-lap of each stop).
 */
const { stack } = useStack('pitwall-undercuts');

async function ask(
  user: string,
  question: string,
): Promise<{ analysis: Analysis; api: ReturnType<typeof apiClient> }> {
  const api = apiClient(stack().urls.api);
  await api.register(user);
  const analysis = await api.settled(await api.ask(question), 90_000);
  expect(analysis.status, JSON.stringify(analysis.error ?? analysis.clarification)).toBe('succeeded');
  expect(analysis.plan?.intent).toBe('undercuts');
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

describe('undercuts and overcuts through the API', () => {
  it("says yes, in positions and gaps, to “Did Norris's undercut work at the 2024 Hungarian GP?”", async () => {
    const { analysis, api } = await ask(
      'undercut_norris',
      "Did Norris's undercut work at the 2024 Hungarian GP?",
    );
    expect(analysis.plan).toMatchObject({ season: 2024, round: 13, drivers: ['norris'] });
    // Lap 44: Piastri P1 at 01:56:59.068, Norris P2 at 01:57:01.119 (2.051 s); Norris stops on lap 45,
    // Piastri on lap 47; lap 48: Norris P2 at 02:02:51.642, Piastri P3 at 02:02:55.019 (3.377 s ahead).
    expect(analysis.result?.answer).toMatch(
      /^Yes: Lando Norris's undercut on Oscar Piastri worked at the 2024 Hungarian Grand Prix\. Norris was 2nd, 2\.051 s behind Piastri in 1st, and stopped first, on lap 45; once Piastri had stopped on lap 47, Norris was 2nd, 3\.377 s ahead of Piastri in 3rd\./,
    );
    numbersAreFacts(analysis);
    expect(analysis.result?.facts).toContainEqual({
      label: 'NOR undercut on PIA (lap 45) outcome',
      value: 'worked',
    });
    expect(analysis.result?.tables[0]?.rows[0]).toEqual([
      'undercut',
      'NOR',
      'PIA',
      45,
      47,
      'P2 vs P1, −2.051',
      'P2 vs P3, +3.377',
      5.428,
      'worked',
    ]);
    const charts = analysis.result?.charts ?? [];
    expect(charts.map((c) => c.id)).toEqual(['undercut-attempts', 'undercut-gap-trace']);
    for (const chart of charts) {
      const svg = await api.request(
        'GET',
        `/api/analyses/${analysis.id}/files/${ChartSchema.parse(chart).files.svg}`,
      );
      expect(svg.status).toBe(200);
      expect(await svg.text()).toMatch(/^<svg/);
    }
  });

  it("says no to “Did Verstappen's overcut on Hamilton work at the 2024 Hungarian GP?”", async () => {
    const { analysis } = await ask(
      'overcut_verstappen',
      "Did Verstappen's overcut on Hamilton work at the 2024 Hungarian GP?",
    );
    expect(analysis.plan).toMatchObject({ season: 2024, round: 13, drivers: ['max_verstappen', 'hamilton'] });
    // Lap 39: Hamilton P3 at 01:50:09.173, Verstappen P4 at 01:50:09.829 (0.656 s); Hamilton stops on lap
    // 40, Verstappen stays out to lap 49; lap 50: Hamilton P3 at 02:05:44.318, Verstappen P5 at
    // 02:05:50.626 (6.308 s behind).
    expect(analysis.result?.answer).toMatch(/^No: Max Verstappen's overcut on Lewis Hamilton did not work/);
    expect(analysis.result?.answer).toContain('0.656 s');
    expect(analysis.result?.answer).toContain('6.308 s');
    numbersAreFacts(analysis);
  });

  it('lists every attempt at the 2024 British GP with its outcome, a table and a chart', async () => {
    const { analysis } = await ask('undercut_british', 'undercuts at the 2024 British GP');
    expect(analysis.plan).toMatchObject({ season: 2024, round: 12, drivers: [] });
    expect(analysis.result?.answer).toMatch(
      /^There were 12 undercut and overcut attempts at the 2024 British Grand Prix: 6 worked, 5 did not and 1 met a rival that did not stop again\./,
    );
    numbersAreFacts(analysis);
    const rows = analysis.result?.tables[0]?.rows ?? [];
    expect(rows).toHaveLength(12);
    // Lap 37: Norris P1 at 01:57:39.337, Hamilton P2 at 01:57:41.272 (1.935 s); Hamilton stops for slicks
    // on lap 38, Norris on lap 39; lap 40: Hamilton P1 at 02:02:46.199, Norris P2 at 02:02:48.922 (2.723 s).
    expect(rows).toContainEqual([
      'undercut',
      'HAM',
      'NOR',
      38,
      39,
      'P2 vs P1, −1.935',
      'P1 vs P2, +2.723',
      4.658,
      'worked',
    ]);
    const bars = analysis.result?.charts[0];
    expect(bars?.id).toBe('undercut-attempts');
    expect(bars?.files.svg).toBeTruthy();
  });

  it('tells a driver with no attempt so, with the attempts the race had to ask about instead', async () => {
    const { analysis } = await ask('undercut_sainz', "Did Sainz's overcut work at the 2024 Hungarian GP?");
    expect(analysis.result?.answer).toMatch(
      /^Carlos Sainz made no undercut or overcut attempt at the 2024 Hungarian Grand Prix: no stop of theirs had a rival within 3 s/,
    );
    expect(analysis.result?.answer).toContain("Hamilton's undercut on Verstappen");
    expect(analysis.result?.answer).toMatch(
      /ask, for example, “Did .+'s (undercut|overcut) work at the 2024 Hungarian Grand Prix\?”/,
    );
    numbersAreFacts(analysis);
  });
});
