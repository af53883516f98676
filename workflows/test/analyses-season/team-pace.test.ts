import { ChartSchema } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
import { teamPace } from '../../src/analyses/team-pace.ts';
import type { LapInput } from '../../src/analyses/types.ts';
import { driver, raceInfo } from './builders.ts';

const drivers = [
  driver('ann', 'ANN', 'Ann One', 'mclaren', 'McLaren'),
  driver('amy', 'AMY', 'Amy Two', 'mclaren', 'McLaren'),
  driver('bob', 'BOB', 'Bob Three', 'ferrari', 'Ferrari'),
  driver('ben', 'BEN', 'Ben Four', 'ferrari', 'Ferrari'),
  driver('hal', 'HAL', 'Hal Five', 'haas', 'Haas'),
];
const laps = (driver: string, times: (number | null)[]): LapInput[] =>
  times.map((timeMs, i) => ({
    driver,
    lap: i + 2,
    position: null,
    timeMs,
    compound: 'MEDIUM',
    tyreLife: i + 1,
    stint: 1,
    trackStatus: '1',
    pitIn: false,
    pitOut: false,
    isAccurate: true,
  }));

const clean = [
  ...laps('ann', [90_000, 90_200, 90_400]),
  ...laps('amy', [90_600, 90_800, null]),
  ...laps('bob', [90_500, 90_900, 91_000]),
  ...laps('ben', [91_100, 91_300, 91_500]),
  ...laps('hal', [92_000, 92_000]),
  ...laps('zed', [95_000]),
];

describe('teamPace', () => {
  const out = teamPace({ race: raceInfo(5), laps: clean, drivers });
  const fact = (label: string) => out.facts.find((f) => f.label === label)?.value;

  it('ranks teams by the median of their pooled clean laps', () => {
    // McLaren 90.0, 90.2, 90.4, 90.6, 90.8 → 90.4 s; Ferrari 90.5 … 91.5 (six laps) → (91.0 + 91.1) / 2 = 91.05 s.
    expect(fact('fastest team on race pace')).toBe('McLaren');
    expect(fact('McLaren median clean lap')).toBe('1:30.400');
    expect(fact('Ferrari gap to the fastest team')).toBe(0.65);
    expect(fact('Ferrari gap to the fastest team (%)')).toBe(0.72); // 0.65 / 90.4
    // IQR by type-7 quantiles: McLaren 90.2 → 90.6 = 0.4 s; Ferrari 90.925 → 91.25 = 0.325 s.
    expect(out.tables[0]?.rows).toEqual([
      [1, 'McLaren', 'ANN, AMY', 5, '1:30.400', 0.4, 0, 0],
      [2, 'Ferrari', 'BOB, BEN', 6, '1:31.050', 0.325, 0.65, 0.72],
    ]);
  });

  it('leaves thin teams and unknown drivers out of the ranking, and says so', () => {
    expect(out.quality.map((q) => q.code)).toEqual(['few_clean_laps', 'unknown_team']);
    expect(out.quality[0]?.message).toContain('Haas (2)');
    const ranked = teamPace({ race: raceInfo(5), laps: clean, drivers, minLaps: 2 });
    expect(ranked.facts.find((f) => f.label === 'Haas gap to the fastest team')?.value).toBe(1.6);
  });

  it('draws valid gap and spread charts', () => {
    const [gap, spread] = out.charts.map((c) => ChartSchema.parse({ ...c, files: {} }));
    expect(gap?.spec.data).toEqual([
      { team: 'McLaren', gap: 0, pct: 0, laps: 5 },
      { team: 'Ferrari', gap: 0.65, pct: 0.72, laps: 6 },
    ]);
    // A box per ranked team: McLaren's five laps 90.0–90.8 have quartiles 90.2 and 90.6 and all lie
    // within 1.5 × 0.4 of them, so the whiskers reach the fastest and slowest lap.
    expect(spread?.spec.mark).toBe('box');
    expect(spread?.spec.data[0]).toEqual({
      team: 'McLaren',
      lower: 90,
      q1: 90.2,
      median: 90.4,
      q3: 90.6,
      upper: 90.8,
      n: 5,
    });
    expect(spread?.spec.box?.outliers).toEqual([]);
  });
});
