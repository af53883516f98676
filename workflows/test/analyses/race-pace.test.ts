import { describe, expect, it } from 'vitest';
import { racePace } from '../../src/analyses/race-pace.ts';
import { codes, driver, expectValidOutput, fact, race, sixLapRace } from './fixtures.ts';

describe('racePace', () => {
  const { drivers, laps } = sixLapRace();
  const out = racePace({ race, drivers, laps });

  it('summarises clean laps by hand-checked figures', () => {
    // AAA clean laps 90.0, 90.4, 90.2 (see fixtures): median 90.2, mean 90.2,
    // sd √((0.2² + 0.2² + 0) / 2) = 0.2, IQR 90.3 − 90.1 = 0.2 (type-7 quartiles of three values)
    expect(fact(out, 'AAA clean laps')).toBe(3);
    expect(fact(out, 'AAA median lap')).toBe(90.2);
    expect(fact(out, 'AAA mean lap')).toBe(90.2);
    expect(fact(out, 'AAA lap time standard deviation')).toBe(0.2);
    expect(fact(out, 'AAA lap time IQR')).toBe(0.2);
    // BBB has one clean lap, 91.0: no spread, but a median and a delta of 91.0 − 90.2 = 0.8 s
    expect(fact(out, 'BBB median lap')).toBe(91);
    expect(fact(out, 'BBB lap time standard deviation')).toBeUndefined();
    expect(fact(out, 'BBB median gap to AAA')).toBe(0.8);
    expect(fact(out, 'fastest median pace')).toBe('Aaa Driver');
    expect(fact(out, 'laps excluded')).toBe(8);
    expect(fact(out, 'fuel corrected')).toBe('no');
  });

  it('flags thin samples and says what was excluded', () => {
    expect(codes(out)).toEqual(['laps_excluded', 'few_clean_laps']);
    expect(out.quality[1]?.message).toBe(
      'Fewer than 5 clean laps: AAA (3), BBB (1); treat their pace figures as indicative.',
    );
  });

  it('tabulates per driver and per stint, and charts the gap to the fastest median', () => {
    expect(out.tables[0]?.rows).toEqual([
      ['AAA', 3, 90.2, 90.2, 0.2, 0.2, 0],
      ['BBB', 1, 91, 91, null, 0, 0.8],
    ]);
    expect(out.tables[1]?.rows).toEqual([
      ['AAA', 1, 'MEDIUM', 3, 90.2, 90.2, 0.2, 0.2],
      ['BBB', 1, 'MEDIUM', 1, 91, 91, null, 0],
    ]);
    expect(out.charts[0]?.spec.data.map((r) => [r.driver, r.delta])).toEqual([
      ['AAA', 0],
      ['BBB', 0.8],
    ]);
    expect(out.charts[0]?.spec.color?.range).toEqual(['#FF8000', '#E8002D']);
    expectValidOutput(out);
  });

  it('applies the fuel model when asked', () => {
    // 6-lap race: 3.3 s / 6 = 0.55 s per lap of fuel; lap L carries (7 − L) laps of it.
    // AAA: 90.0 − 2.75, 90.4 − 2.2, 90.2 − 1.1 → 87.25, 88.2, 89.1 → median 88.2
    // BBB: 91.0 − 2.75 = 88.25 → gap 0.05 s
    const fuelled = racePace({ race, drivers, laps, fuelCorrected: true });
    expect(fact(fuelled, 'fuel corrected')).toBe('yes');
    expect(fact(fuelled, 'AAA median lap')).toBe(88.2);
    expect(fact(fuelled, 'BBB median gap to AAA')).toBe(0.05);
    const unknownDistance = racePace({ race: { ...race, laps: null }, drivers, laps, fuelCorrected: true });
    expect(codes(unknownDistance)).toContain('race_distance_assumed');
    expect(fact(unknownDistance, 'AAA median lap')).toBe(88.2); // the data's last lap is 6 too
  });

  it('reports a driver without clean laps instead of inventing a figure', () => {
    const lone = racePace({ race, drivers: [...drivers, driver('z', 'ZZZ')], laps });
    expect(codes(lone)).toContain('no_clean_laps');
    expect(fact(lone, 'ZZZ median lap')).toBeUndefined();
  });
});
