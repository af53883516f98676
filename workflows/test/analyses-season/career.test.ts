import { ChartSchema } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
import { careerSummary, driverComparison } from '../../src/analyses/career.ts';
import { dnf, driver, quali, result, seasonRace } from './builders.ts';

const drivers = [
  driver('ann', 'ANN', 'Ann One', 'mclaren', 'McLaren'),
  driver('amy', 'AMY', 'Amy Two', 'mclaren', 'McLaren'),
];
const M = 'mclaren';
const F = 'ferrari';
const p = (d: string, team: string, order: number, points: number) => result(d, team, order, { points });

// 2029 on different teams; 2030 teammates at McLaren.
const races = [
  seasonRace(
    1,
    { results: [p('ann', F, 1, 25), p('amy', M, 2, 18)], qualifying: [quali('ann', F, 1, 80_000)] },
    2029,
  ),
  seasonRace(2, { results: [p('amy', M, 1, 25), p('ann', F, 3, 15)] }, 2029),
  seasonRace(
    1,
    {
      results: [p('amy', M, 1, 25), p('ann', M, 2, 18)],
      qualifying: [quali('amy', M, 1, 80_000), quali('ann', M, 2, 80_100)],
    },
    2030,
  ),
  seasonRace(
    2,
    {
      results: [p('ann', M, 1, 25), dnf('amy', M, 5)],
      qualifying: [quali('ann', M, 1, 80_000), quali('amy', M, 3, 80_300)],
    },
    2030,
  ),
  seasonRace(
    3,
    {
      results: [p('ann', M, 4, 12), p('amy', M, 5, 10)],
      sprintResults: [p('ann', M, 6, 3)],
      qualifying: [quali('ann', M, 1, 80_000), quali('amy', M, 2, 80_100)],
    },
    2030,
  ),
  // Ann withdraws before the start: an entry, not a start.
  seasonRace(
    4,
    {
      results: [
        p('amy', M, 1, 25),
        result('ann', M, 20, { position: null, positionText: 'W', laps: 0, status: 'Withdrew' }),
      ],
    },
    2030,
  ),
];

describe('driverComparison', () => {
  const out = driverComparison({ driverA: 'ann', driverB: 'amy', races, drivers });
  const fact = (label: string) => out.facts.find((f) => f.label === label)?.value;

  it('lines the two up season by season, with a quali head-to-head only when teammates', () => {
    expect(out.tables[0]?.rows).toEqual([
      [2029, 'ferrari', 40, 1, 2, 2, 'McLaren', 43, 1, 2, 1.5, null],
      // Ann 18 + 25 + 12 + sprint 3 = 58, finishes 2, 1, 4 → 2.33; Amy 25 + 0 + 10 + 25 = 60, finishes 1, 5, 1.
      [2030, 'McLaren', 58, 1, 2, 2.33, 'McLaren', 60, 2, 2, 2.33, '2–1'],
    ]);
    expect(fact('2030 qualifying head-to-head Ann One')).toBe(2);
    expect(fact('2029 qualifying head-to-head Ann One')).toBeUndefined();
    expect(fact('Ann One points over the seasons compared')).toBe(98);
    expect(fact('Amy Two wins over the seasons compared')).toBe(3);
    const chart = ChartSchema.parse({ ...out.charts[0], files: {} });
    expect(chart.spec.data).toHaveLength(4);
  });
});

describe('careerSummary', () => {
  const standings = [
    { season: 2029, driver: 'ann', position: 2, points: 40 },
    { season: 2030, driver: 'ann', position: 1, points: 58 },
  ];
  const fact = (o: ReturnType<typeof careerSummary>, label: string) =>
    o.facts.find((f) => f.label === label)?.value;

  it('totals starts, wins, podiums, poles, points and titles from the final standings', () => {
    const out = careerSummary({
      driver: 'ann',
      races,
      finalStandings: standings,
      drivers,
      teamNames: { ferrari: 'Ferrari' },
    });
    expect(fact(out, 'Ann One seasons')).toBe(2);
    expect(fact(out, 'Ann One teams')).toBe('Ferrari, McLaren');
    expect(fact(out, 'Ann One starts')).toBe(5); // six entries, one withdrawal
    expect(fact(out, 'Ann One wins')).toBe(2);
    expect(fact(out, 'Ann One podiums')).toBe(4);
    expect(fact(out, 'Ann One poles')).toBe(3);
    expect(fact(out, 'Ann One career points')).toBe(98);
    expect(fact(out, 'Ann One world titles')).toBe(1);
    expect(fact(out, 'Ann One title seasons')).toBe('2030');
    expect(out.quality.map((q) => q.code)).toEqual(['pole_definition']);
    ChartSchema.parse({ ...out.charts[0], files: {} });
  });

  it('does not crown the leader of a season still running, and flags points summed from results', () => {
    const out = careerSummary({
      driver: 'ann',
      races,
      finalStandings: standings.slice(1),
      drivers,
      unfinishedSeasons: [2030],
    });
    expect(fact(out, 'Ann One world titles')).toBe(0);
    expect(fact(out, 'Ann One career points')).toBe(98);
    expect(out.quality.map((q) => q.code)).toEqual(['points_from_results', 'pole_definition']);
  });
});
