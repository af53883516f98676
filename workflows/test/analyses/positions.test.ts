import { describe, expect, it } from 'vitest';
import { positions } from '../../src/analyses/positions.ts';
import type { ResultInput } from '../../src/analyses/types.ts';
import { codes, driver, expectValidOutput, fact, lap, race } from './fixtures.ts';

const drivers = [
  driver('a', 'AAA'),
  driver('b', 'BBB', 'ferrari', '#E8002D'),
  driver('c', 'CCC', 'haas', '#B6BABD'),
];
// Positions at the end of laps 1–4:   AAA 1 1 2 2   BBB 2 3 1 1   CCC 3 2 3 3
const order: Record<string, number[]> = { a: [1, 1, 2, 2], b: [2, 3, 1, 1], c: [3, 2, 3, 3] };
const laps = Object.entries(order).flatMap(([ref, ps]) =>
  ps.map((p, i) => lap(ref, i + 1, 90, { position: p })),
);
const result = (driverRef: string, grid: number): ResultInput => ({
  driver: driverRef,
  teamRef: 'mclaren',
  grid,
  position: null,
  positionText: '',
  positionOrder: 1,
  points: 0,
  laps: 4,
  timeMs: null,
  status: 'Finished',
  fastestLapRank: null,
  fastestLapTimeMs: null,
});
const results = [result('a', 2), result('b', 1), result('c', 3)];

describe('positions', () => {
  const out = positions({ race, drivers, laps, results });

  it('counts laps led, lead changes and places gained and lost lap by lap', () => {
    // AAA leads laps 1–2, BBB laps 3–4; the lead changes once (lap 3).
    expect(fact(out, 'AAA laps led')).toBe(2);
    expect(fact(out, 'BBB laps led')).toBe(2);
    expect(fact(out, 'CCC laps led')).toBe(0);
    expect(fact(out, 'lead changes')).toBe(1);
    // BBB from the grid: 1 → 2 → 3 → 1 → 1: lost 1 + 1, gained 2, net 0
    expect(fact(out, 'BBB grid position')).toBe(1);
    expect(fact(out, 'BBB places gained lap by lap')).toBe(2);
    expect(fact(out, 'BBB places lost lap by lap')).toBe(2);
    expect(fact(out, 'BBB net places gained')).toBe(0);
    // AAA: 2 → 1 → 1 → 2 → 2
    expect(fact(out, 'AAA position after lap 4')).toBe(2);
    expect(out.tables[0]?.rows[0]).toEqual(['AAA', 2, 1, 2, 4, 0, 1, 1, 1, 2, 2]);
    expect(fact(out, 'most laps led')).toBe('Aaa Driver (2)');
  });

  it('charts lines per driver from the grid (lap 0), P1 at the top, in team colours', () => {
    const chart = out.charts[0];
    expect(chart?.kind).toBe('positions');
    expect(chart?.spec.y).toMatchObject({ reverse: true, domain: [1, 3] });
    expect(chart?.spec.series?.field).toBe('driver');
    expect(chart?.spec.data.filter((r) => r.driver === 'BBB').map((r) => [r.lap, r.position])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 1],
      [4, 1],
    ]);
    expect(chart?.spec.color?.range).toEqual(['#FF8000', '#E8002D', '#B6BABD']);
    expect(out.charts[1]?.spec.data).toEqual([
      { driver: 'AAA', team: 'mclaren', laps: 2 },
      { driver: 'BBB', team: 'ferrari', laps: 2 },
    ]);
    expectValidOutput(out);
  });

  it('works from lap 1 without results and reports positions two cars share', () => {
    const phantom = lap('x', 1, null, { position: 1 }); // a non-starter's row the caller failed to drop
    const bare = positions({ race, drivers, laps: [...laps, phantom] });
    expect(fact(bare, 'BBB position after lap 1')).toBe(2);
    expect(fact(bare, 'BBB net places gained')).toBe(1);
    expect(codes(bare)).toEqual(['duplicate_positions']);
    expect(bare.quality[0]?.message).toContain('lap 1');
  });
});
