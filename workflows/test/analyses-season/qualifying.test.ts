import { ChartSchema } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
import { qualifyingResults } from '../../src/analyses/qualifying.ts';
import { driver, quali, raceInfo } from './builders.ts';

const drivers = [
  driver('ann', 'ANN', 'Ann One', 'mclaren', 'McLaren'),
  driver('bob', 'BOB', 'Bob Two', 'ferrari', 'Ferrari'),
  driver('cat', 'CAT', 'Cat Three', 'mclaren', 'McLaren'),
  driver('dan', 'DAN', 'Dan Four', 'red_bull', 'Red Bull'),
  driver('eve', 'EVE', 'Eve Five', 'red_bull', 'Red Bull'),
  driver('fay', 'FAY', 'Fay Six', 'haas', 'Haas'),
];
// A mini format: five set a Q1 time, four reach Q2, two reach Q3; Fay sets no time at all.
const session = [
  quali('eve', 'red_bull', 5, 80_900),
  quali('ann', 'mclaren', 1, 80_500, 80_200, 79_900),
  quali('bob', 'ferrari', 2, 80_400, 80_300, 80_050),
  quali('cat', 'mclaren', 3, 80_600, 80_350),
  quali('dan', 'red_bull', 4, 80_700, 80_500),
  quali('fay', 'haas', 6, null),
];

describe('qualifyingResults', () => {
  const out = qualifyingResults({ race: raceInfo(3), qualifying: session, drivers });
  const fact = (label: string) => out.facts.find((f) => f.label === label)?.value;

  it('measures each gap to pole from the lap that decided the place', () => {
    expect(fact('pole position')).toBe('Ann One');
    expect(fact('pole lap')).toBe('1:19.900');
    expect(fact('pole margin')).toBe(0.15); // 80.050 − 79.900 (both Q3)
    expect(fact('Cat Three gap to pole')).toBe(0.45); // Q2 80.350 − 79.900
    expect(fact('Dan Four gap to pole')).toBe(0.6); // Q2 80.500 − 79.900
    expect(fact('Eve Five gap to pole')).toBe(1); // Q1 80.900 − 79.900
    expect(fact('Fay Six gap to pole')).toBeUndefined();
    expect(fact('Fay Six qualifying position')).toBe(6);
  });

  it('follows Q1 → Q2 → Q3: fastest and the cut-off margin between last through and first out', () => {
    expect(fact('Q1 fastest')).toBe('Bob Two');
    expect(fact('Q1 cut-off margin')).toBe(0.2); // Eve 80.900 out, Dan 80.700 through
    expect(fact('Q2 fastest')).toBe('Ann One');
    expect(fact('Q2 cut-off margin')).toBe(0.05); // Cat 80.350 out, Bob 80.300 through
    expect(fact('Q3 fastest lap')).toBe('1:19.900');
    expect(out.tables[1]?.rows).toEqual([
      ['Q1', 5, 'Bob Two', '1:20.400', 'Dan Four', 'Eve Five', 0.2],
      ['Q2', 4, 'Ann One', '1:20.200', 'Bob Two', 'Cat Three', 0.05],
      ['Q3', 2, 'Ann One', '1:19.900', null, null, null],
    ]);
  });

  it('tabulates the classification and charts gaps in team colours', () => {
    expect(out.tables[0]?.rows.map((r) => r[1])).toEqual([
      'Ann One',
      'Bob Two',
      'Cat Three',
      'Dan Four',
      'Eve Five',
      'Fay Six',
    ]);
    const chart = ChartSchema.parse({ ...out.charts[0], files: {} });
    expect(chart.kind).toBe('quali_gaps');
    expect(chart.spec.data.map((d) => [d.driver, d.gap])).toEqual([
      ['ANN', 0],
      ['BOB', 0.15],
      ['CAT', 0.45],
      ['DAN', 0.6],
      ['EVE', 1],
    ]);
    expect(chart.spec.color?.range).toEqual(['#FF8000', '#E8002D', '#3671C6']);
    expect(out.quality.map((q) => q.code)).toEqual(['no_qualifying_time']);
  });

  it('flags a wet Q3 that makes a knocked-out driver look faster than pole', () => {
    const wet = session.map((q) =>
      q.q3Ms === null ? q : { ...q, q3Ms: q.driver === 'ann' ? 85_000 : 85_400 },
    );
    const res = qualifyingResults({ race: raceInfo(3), qualifying: wet, drivers });
    expect(res.facts.find((f) => f.label === 'Cat Three gap to pole')?.value).toBe(-4.65);
    expect(res.quality.map((q) => q.code)).toContain('changing_conditions');
  });

  it('refuses a session without a pole lap', () => {
    expect(() =>
      qualifyingResults({
        race: raceInfo(3),
        qualifying: session.filter((q) => q.driver === 'fay'),
        drivers,
      }),
    ).toThrow(/no pole/);
  });
});
