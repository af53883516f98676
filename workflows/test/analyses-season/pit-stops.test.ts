import { ChartSchema } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
import { pitStopAnalysis } from '../../src/analyses/pit-stops.ts';
import type { PitStopInput } from '../../src/analyses/types.ts';
import { dnf, driver, raceInfo, result } from './builders.ts';

const drivers = [
  driver('ann', 'ANN', 'Ann One', 'mclaren', 'McLaren'),
  driver('amy', 'AMY', 'Amy Two', 'mclaren', 'McLaren'),
  driver('bob', 'BOB', 'Bob Three', 'ferrari', 'Ferrari'),
  driver('ben', 'BEN', 'Ben Four', 'ferrari', 'Ferrari'),
];
const results = [
  result('ann', 'mclaren', 1),
  result('amy', 'mclaren', 2),
  result('bob', 'ferrari', 3),
  dnf('ben', 'ferrari', 4),
];
const stop = (driver: string, stop: number, lap: number, durationMs: number | null): PitStopInput => ({
  driver,
  stop,
  lap,
  durationMs,
});
const pitStops = [
  stop('ann', 1, 10, 22_000),
  stop('ann', 2, 30, 23_000),
  stop('amy', 1, 12, 24_000),
  stop('bob', 1, 11, 21_000),
  stop('bob', 2, 25, 1_409_303), // waited out a red flag in the pit lane (23:29.303)
  stop('bob', 3, 40, 26_000),
  stop('ben', 1, 5, null),
];

describe('pitStopAnalysis', () => {
  const out = pitStopAnalysis({ race: raceInfo(7), pitStops, results, drivers });
  const fact = (label: string) => out.facts.find((f) => f.label === label)?.value;

  it('counts every stop but times only the racing ones against the field median', () => {
    // Timed stops 21, 22, 23, 24, 26 s → median 23 s; the red-flag wait and the untimed stop are out.
    expect(fact('pit stops')).toBe(7);
    expect(fact('median pit-lane time')).toBe(23);
    expect(fact('quickest pit-lane time')).toBe(21);
    expect(fact('quickest stop by')).toBe('Bob Three (lap 11)');
    expect(fact('fewest stops by a classified driver')).toBe(1);
    expect(fact('most stops by a classified driver')).toBe(3);
    expect(fact('Ann One time lost against the median stop')).toBe(-1); // 45 − 2 × 23
    expect(fact('Bob Three time lost against the median stop')).toBe(1); // 47 − 2 × 23
    expect(fact('Ben Four pit stops')).toBe(1);
    expect(fact('Ben Four time lost against the median stop')).toBeUndefined();
    expect(out.tables[0]?.rows).toEqual([
      ['1', 'Ann One', 'McLaren', 2, '10, 30', 45, -1],
      ['2', 'Amy Two', 'McLaren', 1, '12', 24, 1],
      ['3', 'Bob Three', 'Ferrari', 3, '11, 25, 40', 47, 1],
      ['R', 'Ben Four', 'Ferrari', 1, '5', null, null],
    ]);
  });

  it('ranks teams by their median stop', () => {
    // McLaren 22, 23, 24 → 23 s; Ferrari 21, 26 → 23.5 s.
    expect(out.tables[1]?.rows).toEqual([
      [1, 'McLaren', 3, 23, 0],
      [2, 'Ferrari', 2, 23.5, 0.5],
    ]);
    expect(fact('team with the quickest median stop')).toBe('McLaren');
    for (const chart of out.charts) ChartSchema.parse({ ...chart, files: {} });
    expect(out.charts[0]?.spec.color?.range).toEqual(['#FF8000', '#E8002D']);
    expect(out.charts[1]?.spec.data.map((d) => d.driver)).toEqual(['ANN', 'AMY', 'BOB']);
  });

  it('flags red-flag waits and untimed stops', () => {
    expect(out.quality.map((q) => q.code)).toEqual(['suspension_stops', 'untimed_stops']);
    expect(out.quality[0]?.message).toContain('Bob Three lap 25');
  });
});
