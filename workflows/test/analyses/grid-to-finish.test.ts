import { describe, expect, it } from 'vitest';
import { gridToFinish } from '../../src/analyses/grid-to-finish.ts';
import type { ResultInput } from '../../src/analyses/types.ts';
import { codes, driver, expectValidOutput, fact, race } from './fixtures.ts';

const result = (over: Partial<ResultInput>): ResultInput => ({
  driver: 'a',
  teamRef: 'mclaren',
  grid: 1,
  position: 1,
  positionText: '1',
  positionOrder: 1,
  points: 0,
  laps: 6,
  timeMs: null,
  status: 'Finished',
  fastestLapRank: null,
  fastestLapTimeMs: null,
  ...over,
});
// Five entrants: DDD retires, EEE does not start, CCC starts from the pit lane (counted as P4 of 4 starters).
const results = [
  result({
    driver: 'b',
    grid: 1,
    position: 2,
    positionText: '2',
    positionOrder: 2,
    fastestLapTimeMs: 80_500,
  }),
  result({ driver: 'a', grid: 3, position: 1, positionOrder: 1, fastestLapTimeMs: 81_000 }),
  result({ driver: 'c', teamRef: 'haas', grid: 0, position: 3, positionText: '3', positionOrder: 3 }),
  result({
    driver: 'd',
    grid: 2,
    position: null,
    positionText: 'R',
    positionOrder: 4,
    laps: 3,
    status: 'Engine',
    fastestLapTimeMs: 82_000,
  }),
  result({
    driver: 'e',
    grid: 0,
    position: null,
    positionText: 'W',
    positionOrder: 5,
    laps: 0,
    status: 'Did not start',
  }),
];
const drivers = [driver('a', 'AAA'), driver('b', 'BBB', 'ferrari', '#E8002D'), driver('d', 'DDD')];

describe('gridToFinish', () => {
  const out = gridToFinish({ race, drivers, results });

  it('counts places gained for classified finishers, pit-lane starts from the back', () => {
    expect(fact(out, 'AAA places gained')).toBe(2); // 3 → 1
    expect(fact(out, 'BBB places gained')).toBe(-1); // 1 → 2
    expect(fact(out, 'c places gained')).toBe(1); // pit lane = P4 → 3; no DriverInfo, so the ref
    expect(fact(out, 'DDD places gained')).toBeUndefined();
    expect(fact(out, 'most places gained')).toBe('Aaa Driver (+2)');
    expect(fact(out, 'most places lost')).toBe('Bbb Driver (-1)');
    expect(codes(out)).toEqual(['non_starters', 'pit_lane_start']);
    expect(out.quality[1]?.message).toContain('counted as starting P4');
    expect(out.tables[0]?.rows.map((r) => [r[0], r[2], r[3], r[4]])).toEqual([
      ['AAA', 3, '1', 2],
      ['BBB', 1, '2', -1],
      ['c', 'pit lane', '3', 1],
      ['DDD', 2, 'R', null],
    ]);
  });

  it('ranks fastest laps by time with the gap to the fastest', () => {
    expect(fact(out, 'fastest lap')).toBe('Bbb Driver');
    expect(fact(out, 'fastest lap time')).toBe(80.5);
    expect(fact(out, 'DDD fastest lap rank')).toBe(3);
    expect(out.tables[1]?.rows).toEqual([
      [1, 'BBB', 'ferrari', 80.5, 0],
      [2, 'AAA', 'mclaren', 81, 0.5],
      [3, 'DDD', 'mclaren', 82, 1.5],
    ]);
  });

  it('charts places gained as bars in team colours', () => {
    const chart = out.charts[0];
    expect(chart?.spec.data.map((r) => [r.driver, r.gained])).toEqual([
      ['AAA', 2],
      ['BBB', -1],
      ['c', 1],
    ]);
    expect(chart?.spec.color).toMatchObject({
      domain: ['mclaren', 'ferrari', 'haas'],
      range: ['#FF8000', '#E8002D', '#B6BABD'],
    });
    expectValidOutput(out);
  });
});
