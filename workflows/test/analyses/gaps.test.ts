import { describe, expect, it } from 'vitest';
import { gaps } from '../../src/analyses/gaps.ts';
import type { LapInput } from '../../src/analyses/types.ts';
import { codes, driver, expectValidOutput, fact, lap, race } from './fixtures.ts';

const run = (ref: string, times: (number | null)[], over: (n: number) => Partial<LapInput> = () => ({})) =>
  times.map((t, i) => lap(ref, i + 1, t, over(i + 1)));

// Cumulative times (s):  AAA 90 180 270 360     BBB 91 179.5 271.5 360.5
//                        CCC 95 190 285 (retires)  EEE 150 300 450 (lapped)   FFF 92, then no time
// Leader per lap: AAA 90, BBB 179.5, AAA 270, AAA 360.
const laps = [
  ...run('a', [90, 90, 90, 90], (n) => ({ trackStatus: n === 2 ? '4' : '1' })),
  ...run('b', [91, 88.5, 92, 89]),
  ...run('c', [95, 95, 95, null]), // retires on lap 4: an untimed last row is no hole
  ...run('e', [150, 150, 150]),
  ...run('f', [92, null, 90]),
];
const drivers = ['a', 'b', 'c', 'e', 'f'].map((r) => driver(r, r.repeat(3).toUpperCase()));

describe('gaps', () => {
  const out = gaps({ race, drivers, laps });
  const line = (code: string) => out.charts[0]?.spec.data.filter((r) => r.driver === code).map((r) => r.gap);

  it('measures each lap against the first car to complete it', () => {
    expect(line('AAA')).toEqual([0, 0.5, 0, 0]);
    expect(line('BBB')).toEqual([1, 0, 1.5, 0.5]);
    expect(fact(out, 'leader after lap 4')).toBe('Aaa Driver');
    expect(fact(out, 'BBB gap to leader after lap 4')).toBe(0.5);
    expect(fact(out, 'BBB largest gap to leader')).toBe(1.5);
    expect(fact(out, 'BBB largest gap lap')).toBe(3);
  });

  it('stops a retired car and counts laps down for a lapped one', () => {
    expect(line('CCC')).toEqual([5, 10.5, 15]); // lap 2 is measured against BBB's 179.5
    expect(fact(out, 'CCC laps timed')).toBe(3);
    expect(fact(out, 'CCC laps down')).toBeUndefined(); // 285 s: the leader had done 3 laps (270)
    // EEE after 3 laps: 450 s, by when the leader had done all 4 (360 s) → 1 lap down
    expect(line('EEE')).toEqual([60, 120.5, 180]);
    expect(fact(out, 'EEE laps down')).toBe(1);
  });

  it('stops a trace at a missing lap time and says the leader is the fastest complete record', () => {
    expect(line('FFF')).toEqual([2]);
    expect(codes(out)).toEqual(['trace_incomplete']);
    expect(out.quality[0]?.message).toContain('f at lap 2');
  });

  it('charts gap lines, leader on top, with the safety car shaded', () => {
    const chart = out.charts[0];
    expect(chart?.kind).toBe('gaps');
    expect(chart?.spec.y).toMatchObject({ unit: 's', reverse: true });
    expect(chart?.spec.bands).toEqual([{ from: 1.5, to: 2.5, label: 'Safety car', colour: '#FFB800' }]);
    expect(out.tables[0]?.rows[3]).toEqual(['EEE', 3, 180, 180, 3, 1]);
    expectValidOutput(out);
  });

  it('uses the session clock at each lap end when every car has it, even without a lap-1 time', () => {
    // Clock at lap ends (s): A 100, 190, 280; B 101.5, 192, 283. Lap 1 has no lap time, as in FastF1.
    const at = (ref: string, n: number, end: number, seconds: number | null) =>
      lap(ref, n, seconds, { endTimeMs: end * 1000 });
    const out = gaps({
      race,
      drivers: [driver('a', 'AAA'), driver('b', 'BBB')],
      laps: [
        at('a', 1, 100, null),
        at('a', 2, 190, 90),
        at('a', 3, 280, 90),
        at('b', 1, 101.5, null),
        at('b', 2, 192, 90.5),
        at('b', 3, 283, 91),
      ],
    });
    const rows = out.charts[0]?.spec.data.filter((r) => r.driver === 'BBB' || r.driver === 'b') ?? [];
    // B's gap: 1.5 s after lap 1, 2 s after lap 2, 3 s after lap 3.
    expect(rows.map((r) => r.gap)).toEqual([1.5, 2, 3]);
    expect(codes(out)).not.toContain('trace_incomplete');
  });
});
