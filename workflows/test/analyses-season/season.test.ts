import { ChartSchema } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
import { maxWeekendPoints, seasonSummary } from '../../src/analyses/season.ts';
import { dnf, driver, quali, result, seasonRace } from './builders.ts';

const drivers = [
  driver('ann', 'ANN', 'Ann One', 'mclaren', 'McLaren'),
  driver('amy', 'AMY', 'Amy Two', 'mclaren', 'McLaren'),
  driver('bob', 'BOB', 'Bob Three', 'ferrari', 'Ferrari'),
  driver('ben', 'BEN', 'Ben Four', 'ferrari', 'Ferrari'),
];
const M = 'mclaren';
const F = 'ferrari';
const pts = (driver: string, team: string, order: number, points: number, fastest = false) =>
  result(driver, team, order, { points, fastestLapRank: fastest ? 1 : 2 });

/** Three rounds, a sprint at round 2. */
const mini = (season: number) => [
  seasonRace(
    1,
    {
      results: [pts('ann', M, 1, 25, true), pts('bob', F, 2, 18), pts('amy', M, 3, 15), pts('ben', F, 4, 12)],
      qualifying: [quali('bob', F, 1, 80_000), quali('ann', M, 2, 80_100)],
    },
    season,
  ),
  seasonRace(
    2,
    {
      sprintResults: [pts('bob', F, 1, 8), pts('ann', M, 2, 7), pts('ben', F, 3, 6), pts('amy', M, 4, 5)],
      results: [pts('bob', F, 1, 25), pts('ann', M, 2, 18), pts('ben', F, 3, 15), dnf('amy', M, 4)],
      qualifying: [quali('ann', M, 1, 80_000), quali('bob', F, 2, 80_100)],
    },
    season,
  ),
  seasonRace(
    3,
    {
      results: [pts('ann', M, 1, 25), pts('amy', M, 2, 18), pts('bob', F, 3, 15, true), pts('ben', F, 4, 12)],
      qualifying: [quali('ann', M, 1, 80_000)],
    },
    season,
  ),
];

describe('seasonSummary', () => {
  const out = seasonSummary({ season: 2030, races: mini(2030), drivers });
  const fact = (o: typeof out, label: string) => o.facts.find((f) => f.label === label)?.value;

  it('sums race and sprint points into standings, with wins, podiums, poles and fastest laps', () => {
    // Ann 25 + (7 + 18) + 25 = 75; Bob 18 + (8 + 25) + 15 = 66; Ben 12 + (6 + 15) + 12 = 45; Amy 15 + 5 + 0 + 18 = 38.
    expect(out.tables[0]?.rows).toEqual([
      [1, 'Ann One', 'McLaren', 75, 2, 3, 2, 1],
      [2, 'Bob Three', 'Ferrari', 66, 1, 3, 1, 1],
      [3, 'Ben Four', 'Ferrari', 45, 0, 1, 0, 0],
      [4, 'Amy Two', 'McLaren', 38, 0, 2, 0, 0],
    ]);
    expect(out.tables[1]?.rows).toEqual([
      [1, 'McLaren', 113],
      [2, 'Ferrari', 111],
    ]);
    expect(fact(out, "drivers' champion")).toBe('Ann One');
    expect(fact(out, 'margin over second')).toBe(9);
    expect(fact(out, "constructors' champion")).toBe('McLaren');
    expect(fact(out, 'Bob Three poles')).toBe(1);
    expect(fact(out, 'drivers who can still win the title')).toBeUndefined();
  });

  it('charts cumulative points per driver (sprint included in its round) in team colours', () => {
    const chart = ChartSchema.parse({ ...out.charts[0], files: {} });
    expect(chart.kind).toBe('points');
    expect(chart.spec.series?.field).toBe('driver');
    const line = (code: string) => chart.spec.data.filter((d) => d.driver === code).map((d) => d.points);
    expect(line('ANN')).toEqual([25, 50, 75]);
    expect(line('BOB')).toEqual([18, 51, 66]);
    expect(line('AMY')).toEqual([15, 20, 38]);
    expect(chart.spec.color).toMatchObject({
      domain: ['ANN', 'BOB', 'BEN', 'AMY'],
      range: ['#FF8000', '#E8002D', '#E8002D', '#FF8000'],
    });
    const teams = ChartSchema.parse({ ...out.charts[1], files: {} });
    expect(teams.spec.data.filter((d) => d.team === 'McLaren').map((d) => d.points)).toEqual([40, 70, 113]);
  });

  it('keeps the title open while the maximum still available reaches the leader', () => {
    // 2022 rules: a remaining sprint weekend gives at most 25 + 1 (fastest lap) + 8 = 34.
    const open = seasonSummary({
      season: 2022,
      races: mini(2022),
      remaining: [{ round: 4, sprint: true }],
      drivers,
    });
    expect(fact(open, 'maximum points still available to one driver')).toBe(34);
    // Amy: 38 + 34 = 72 < 75, out; Ben: 45 + 34 = 79, still in.
    expect(fact(open, 'drivers who can still win the title')).toBe('Ann One, Bob Three, Ben Four');
    expect(fact(open, 'title decided')).toBe('no');
    expect(fact(open, "drivers' championship leader")).toBe('Ann One');
  });

  it('calls the title decided when no one can reach the leader, and counts a tie as still open', () => {
    const sweep = [1, 2, 3, 4].map((round) =>
      seasonRace(round, { results: [pts('ann', M, 1, 25), pts('bob', F, 2, 18)] }),
    );
    // Ann 100, Bob 72: one race (25) left cannot close 28 points; a sprint weekend (33) can.
    const decided = seasonSummary({
      season: 2030,
      races: sweep,
      remaining: [{ round: 5, sprint: false }],
      drivers,
    });
    expect(fact(decided, 'drivers who can still win the title')).toBe('Ann One');
    expect(fact(decided, 'title decided')).toBe('yes');
    const withSprint = seasonSummary({
      season: 2030,
      races: sweep,
      remaining: [{ round: 5, sprint: true }],
      drivers,
    });
    expect(fact(withSprint, 'title decided')).toBe('no');
    const tie = seasonSummary({
      season: 2030,
      races: [seasonRace(1, { results: [pts('ann', M, 1, 25), dnf('bob', F, 2)] })],
      remaining: [{ round: 2, sprint: false }],
      drivers,
    });
    expect(fact(tie, 'drivers who can still win the title')).toBe('Ann One, Bob Three');
  });

  it('prices a remaining weekend by the rules of its season', () => {
    expect(maxWeekendPoints(2018, false)).toBe(25);
    expect(maxWeekendPoints(2021, true)).toBe(29); // 25 + 1 + sprint win 3
    expect(maxWeekendPoints(2024, true)).toBe(34);
    expect(maxWeekendPoints(2025, true)).toBe(33);
    expect(maxWeekendPoints(2014, false, true)).toBe(50);
  });
});
