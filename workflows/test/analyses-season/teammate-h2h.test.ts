import { ChartSchema } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
import { qualifyingDuels, raceDuels, teammateHeadToHead } from '../../src/analyses/teammate-h2h.ts';
import { dnf, driver, quali, result, seasonRace } from './builders.ts';

const drivers = [
  driver('ann', 'ANN', 'Ann One', 'mclaren', 'McLaren'),
  driver('amy', 'AMY', 'Amy Two', 'mclaren', 'McLaren'),
  driver('bob', 'BOB', 'Bob Three', 'ferrari', 'Ferrari'),
];
const M = 'mclaren';
const races = [
  // R1: Ann ahead in both, 0.3 s quicker in Q3.
  seasonRace(1, {
    qualifying: [quali('ann', M, 3, 81_000, 80_500, 80_000), quali('amy', M, 5, 81_000, 80_600, 80_300)],
    results: [result('ann', M, 2), result('amy', M, 4)],
  }),
  // R2: Ann qualifies P2 but starts 12th on a grid penalty: qualifying counts, not the grid. Amy retires.
  seasonRace(2, {
    qualifying: [quali('ann', M, 2, 81_000, 80_500, 79_900), quali('amy', M, 4, 81_000, 80_600, 80_100)],
    results: [result('ann', M, 5, { grid: 12 }), dnf('amy', M, 18)],
  }),
  // R3: Ann took part but set no time; she loses even though listed ahead.
  seasonRace(3, {
    qualifying: [quali('ann', M, 18, null), quali('amy', M, 19, 81_500)],
    results: [result('amy', M, 7), result('ann', M, 9)],
  }),
  // R4: Ann fails to qualify (107%): she has a qualifying place but no race result.
  seasonRace(4, {
    qualifying: [quali('amy', M, 10, 81_000, 80_600, 80_400), quali('ann', M, 22, 90_000)],
    results: [result('amy', M, 6)],
  }),
  // R5: Amy is replaced for the weekend: nothing to compare.
  seasonRace(5, {
    qualifying: [quali('ann', M, 8, 81_000, 80_700)],
    results: [result('ann', M, 8)],
  }),
  // R6: qualifying rained off (order from practice, no times) and both retire.
  seasonRace(6, {
    qualifying: [quali('ann', M, 1, null), quali('amy', M, 2, null)],
    results: [dnf('ann', M, 19), dnf('amy', M, 20, 3)],
  }),
];

describe('teammate head-to-head rules', () => {
  it('qualifying: position not grid; no time loses; no entry or no times at all is not counted', () => {
    expect(qualifyingDuels(races, 'ann', 'amy', true).map((d) => d.ahead ?? d.reason)).toEqual([
      'a',
      'a',
      'b',
      'b',
      'did not both take part in qualifying',
      'neither set a time',
    ]);
  });

  it('race: both classified → positionOrder; a DNF is reported apart, never counted as a duel', () => {
    expect(raceDuels(races, 'ann', 'amy', true).map((d) => d.ahead ?? d.reason)).toEqual([
      'a',
      'only A classified',
      'b',
      'did not both enter the race',
      'did not both enter the race',
      'neither classified',
    ]);
  });
});

describe('teammateHeadToHead', () => {
  const out = teammateHeadToHead({ season: 2030, races, driverA: 'ann', driverB: 'amy', drivers });
  const fact = (label: string) => out.facts.find((f) => f.label === label)?.value;

  it('tallies both head-to-heads as facts', () => {
    expect(fact('qualifying head-to-head Ann One')).toBe(2);
    expect(fact('qualifying head-to-head Amy Two')).toBe(2);
    expect(fact('qualifying sessions compared')).toBe(4);
    expect(fact('race head-to-head Ann One')).toBe(1);
    expect(fact('race head-to-head Amy Two')).toBe(1);
    expect(fact('races Ann One finished and Amy Two did not')).toBe(1);
    expect(fact('races Amy Two finished and Ann One did not')).toBe(0);
    expect(fact('races neither was classified')).toBe(1);
    // Same-segment gaps only: R1 −0.3 s, R2 −0.2 s (R4 compares Q1 with Q3, so it is left out).
    expect(fact('median qualifying gap Ann One to Amy Two')).toBe(-0.25);
  });

  it('charts the counts as bars, teammates told apart by shade', () => {
    const chart = ChartSchema.parse({ ...out.charts[0], files: {} });
    expect(chart.spec.data.map((d) => d.count)).toEqual([2, 2, 1, 1]);
    expect(chart.spec.color?.range).toEqual(['#FF8000', '#FFC080']);
    expect(out.tables[0]?.rows[1]).toEqual([
      2,
      'Round 2 Grand Prix',
      'Ann One',
      -0.2,
      null,
      'race: only ANN classified',
    ]);
    expect(out.quality.map((q) => q.code)).toEqual(['qualifying_not_compared']);
  });

  it('counts only the races two drivers shared a team when one moved mid-season', () => {
    const swap = [
      seasonRace(1, {
        qualifying: [quali('ann', 'rb', 1, 80_000), quali('amy', M, 2, 80_100)],
        results: [result('ann', 'rb', 1), result('amy', M, 2)],
      }),
      seasonRace(2, {
        qualifying: [quali('ann', M, 2, 80_000), quali('amy', M, 1, 79_900)],
        results: [result('ann', M, 2), result('amy', M, 1)],
      }),
    ];
    const res = teammateHeadToHead({ season: 2030, races: swap, driverA: 'ann', driverB: 'amy', drivers });
    expect(res.facts.find((f) => f.label === 'qualifying head-to-head Amy Two')?.value).toBe(1);
    expect(res.facts.find((f) => f.label === 'qualifying sessions compared')?.value).toBe(1);
    expect(res.quality.map((q) => q.code)).toEqual([]);
  });

  it('compares across teams, and says so, when the two were never teammates', () => {
    const cross = [
      seasonRace(1, {
        qualifying: [quali('ann', M, 1, 80_000), quali('bob', 'ferrari', 2, 80_100)],
        results: [result('ann', M, 1), result('bob', 'ferrari', 2)],
      }),
    ];
    const res = teammateHeadToHead({ season: 2030, races: cross, driverA: 'ann', driverB: 'bob', drivers });
    expect(res.facts.find((f) => f.label === 'qualifying head-to-head Ann One')?.value).toBe(1);
    expect(res.quality.map((q) => q.code)).toEqual(['not_teammates']);
    expect(res.charts[0]?.spec.color?.range).toEqual(['#FF8000', '#E8002D']);
  });
});
