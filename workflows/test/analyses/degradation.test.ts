import { describe, expect, it } from 'vitest';
import { degradation } from '../../src/analyses/degradation.ts';
import type { LapInput } from '../../src/analyses/types.ts';
import { codes, driver, expectValidOutput, fact, lap } from './fixtures.ts';

// 20-lap race: fuel effect 3.3 s / 20 = 0.165 s per lap; lap L carries (21 − L) laps of fuel.
const race = { season: 2030, round: 4, name: 'Testland Grand Prix', laps: 20 };
const fuelS = (n: number) => 0.165 * (21 - n);

// AAA stint 1 (SOFT), laps 2–7, tyre age = lap: fuel-corrected time is exactly 80 + 0.1 · age.
const exact: LapInput[] = [2, 3, 4, 5, 6, 7].map((n) =>
  lap('a', n, 80 + 0.1 * n + fuelS(n), { compound: 'SOFT', tyreLife: n, stint: 1 }),
);
// AAA stint 2 (HARD): four clean laps only, too few to fit.
const short: LapInput[] = [9, 10, 11, 12].map((n) =>
  lap('a', n, 81 + fuelS(n), { compound: 'HARD', tyreLife: n - 8, stint: 2 }),
);
// BBB stint 1 (MEDIUM), laps 11–15, tyre ages 1–5; corrected times 90 + (2, 4, 5, 4, 5): the stats test's
// small set, so slope 0.6 s/lap, r² 0.6, 95 % CI [−0.300132, 1.500132] (worked in stats.test.ts).
const noisy: LapInput[] = [2, 4, 5, 4, 5].map((y, i) =>
  lap('b', 11 + i, 90 + y + fuelS(11 + i), { tyreLife: i + 1, stint: 1 }),
);
const drivers = [driver('a', 'AAA'), driver('b', 'BBB', 'ferrari', '#E8002D')];

describe('degradation', () => {
  const out = degradation({ race, drivers, laps: [lap('a', 1, 99), ...exact, ...short, ...noisy] });

  it('fits fuel-corrected time against tyre age: an exact line gives its slope and r² = 1', () => {
    expect(fact(out, 'AAA stint 1 (SOFT) degradation')).toBe(0.1);
    expect(fact(out, 'AAA stint 1 (SOFT) r²')).toBe(1);
    expect(fact(out, 'AAA stint 1 (SOFT) degradation 95% CI low')).toBe(0.1);
    expect(fact(out, 'AAA stint 1 (SOFT) degradation 95% CI high')).toBe(0.1);
    expect(fact(out, 'AAA stint 1 (SOFT) clean laps')).toBe(6);
  });

  it('gives the hand-computed slope, interval and r² on a noisy stint', () => {
    expect(fact(out, 'BBB stint 1 (MEDIUM) degradation')).toBe(0.6);
    expect(fact(out, 'BBB stint 1 (MEDIUM) degradation 95% CI low')).toBe(-0.3);
    expect(fact(out, 'BBB stint 1 (MEDIUM) degradation 95% CI high')).toBe(1.5);
    expect(fact(out, 'BBB stint 1 (MEDIUM) r²')).toBe(0.6);
    expect(out.tables[0]?.rows[1]).toEqual(['BBB', 1, 'MEDIUM', 5, 1, 5, 0.6, -0.3, 1.5, 0.6]);
  });

  it('skips short stints, says so, and summarises per compound', () => {
    expect(fact(out, 'AAA stint 2 (HARD) degradation')).toBeUndefined();
    expect(codes(out)).toEqual(['laps_excluded', 'fuel_corrected', 'stints_not_fitted']);
    expect(out.quality[2]?.message).toContain('AAA stint 2 (HARD): 4 clean laps');
    expect(out.quality[1]?.message).toContain('0.165 s per lap');
    expect(fact(out, 'SOFT median degradation')).toBe(0.1);
    expect(fact(out, 'MEDIUM median degradation')).toBe(0.6);
    expect(fact(out, 'MEDIUM stints fitted')).toBe(1);
    expect(out.tables[1]?.rows).toEqual([
      ['SOFT', 1, 0.1],
      ['MEDIUM', 1, 0.6],
    ]);
  });

  it('charts the points by compound with one fitted line per stint as an overlay', () => {
    const chart = out.charts[0];
    expect(chart?.kind).toBe('degradation');
    expect(chart?.spec.data).toHaveLength(11);
    expect(chart?.spec.data[0]).toMatchObject({ stint: 'AAA stint 1 (SOFT)', tyreAge: 2, time: 80.2 });
    expect(chart?.spec.overlays?.[0]?.data).toEqual([
      { stint: 'AAA stint 1 (SOFT)', compound: 'SOFT', tyreAge: 2, time: 80.2 },
      { stint: 'AAA stint 1 (SOFT)', compound: 'SOFT', tyreAge: 7, time: 80.7 },
      { stint: 'BBB stint 1 (MEDIUM)', compound: 'MEDIUM', tyreAge: 1, time: 92.8 },
      { stint: 'BBB stint 1 (MEDIUM)', compound: 'MEDIUM', tyreAge: 5, time: 95.2 },
    ]);
    expect(chart?.spec.color?.domain).toEqual(['SOFT', 'MEDIUM']);
    expectValidOutput(out);
  });

  it('lets the caller require more laps per stint', () => {
    const strict = degradation({ race, drivers, laps: exact, minLaps: 7 });
    expect(strict.facts.filter((f) => f.unit === 's/lap')).toEqual([]);
    expect(codes(strict)).toContain('stints_not_fitted');
  });
});
