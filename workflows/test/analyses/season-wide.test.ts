import { ChartSchema } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
import { aggregateSeason } from '../../src/analyses/season-wide.ts';
import {
  lapOneGains,
  type RaceSummary,
  stopCounts,
  teamStopMedians,
} from '../../src/analyses/season-wide-races.ts';
import type { DriverInfo, LapInput, ResultInput } from '../../src/analyses/types.ts';

const race = (round: number, extra: Partial<RaceSummary>): RaceSummary => ({
  season: 2024,
  round,
  name: `Race ${round}`,
  source: 'fastf1',
  ...extra,
});
const driver = (ref: string, code: string, teamRef = 't'): DriverInfo => ({
  ref,
  code,
  name: ref.toUpperCase(),
  teamRef,
  teamName: teamRef.toUpperCase(),
  colour: '#123456',
});
const result = (d: string, grid: number, position: number | null, teamRef = 't'): ResultInput => ({
  driver: d,
  teamRef,
  grid,
  position,
  positionText: String(position ?? 'R'),
  positionOrder: position ?? 99,
  points: 0,
  laps: 50,
  timeMs: null,
  status: 'Finished',
  fastestLapRank: null,
  fastestLapTimeMs: null,
});
const lap = (d: string, n: number, position: number): LapInput => ({
  driver: d,
  lap: n,
  position,
  timeMs: 90_000,
  compound: 'SOFT',
  tyreLife: n,
  stint: 1,
  trackStatus: '1',
  pitIn: false,
  pitOut: false,
  isAccurate: true,
});

describe('per-race summaries', () => {
  it('counts lap-1 places gained from the grid, leaving out pit-lane starts', () => {
    const gains = lapOneGains(
      [result('a', 5, 1), result('b', 1, 2), result('c', 0, 3)],
      [lap('a', 1, 2), lap('b', 1, 3), lap('c', 1, 1), lap('a', 2, 1)],
      [driver('a', 'AAA'), driver('b', 'BBB'), driver('c', 'CCC')],
    );
    // a: grid 5 → P2 = +3; b: grid 1 → P3 = −2; c started from the pit lane.
    expect(gains.map((g) => [g.driver, g.gained])).toEqual([
      ['a', 3],
      ['b', -2],
    ]);
  });

  it('takes each team’s median timed stop and ignores red-flag waits', () => {
    const medians = teamStopMedians(
      [
        { driver: 'a', stop: 1, lap: 10, durationMs: 22_000 },
        { driver: 'b', stop: 1, lap: 12, durationMs: 24_000 },
        { driver: 'b', stop: 2, lap: 30, durationMs: 600_000 },
        { driver: 'c', stop: 1, lap: 11, durationMs: 21_000 },
      ],
      [result('a', 1, 1, 'x'), result('b', 2, 2, 'x'), result('c', 3, 3, 'y')],
      [driver('a', 'A', 'x'), driver('b', 'B', 'x'), driver('c', 'C', 'y')],
    );
    expect(medians.map((m) => [m.team, m.stops, m.medianMs])).toEqual([
      ['x', 2, 23_000],
      ['y', 1, 21_000],
    ]);
  });

  it('counts stops per classified driver, from stints when no stop rows exist', () => {
    const stint = (d: string, n: number) => ({
      driver: d,
      stint: n,
      compound: 'HARD',
      lapStart: 1,
      lapEnd: 2,
      tyreAgeAtStart: 0,
      fresh: true,
    });
    const counted = stopCounts(
      [result('a', 1, 1), result('b', 2, 2), result('c', 3, null)],
      [],
      [stint('a', 1), stint('a', 2), stint('b', 1), stint('b', 2), stint('b', 3), stint('c', 1)],
    );
    expect(counted).toEqual({ stops: [1, 2], winnerStops: 1 });
  });
});

describe('aggregateSeason', () => {
  it('takes the median across races of each compound’s median slope', () => {
    const out = aggregateSeason('degradation', 2024, [
      race(1, { degradation: [{ compound: 'SOFT', medianSlope: 0.1, stints: 4 }] }),
      race(2, {
        degradation: [
          { compound: 'SOFT', medianSlope: 0.3, stints: 2 },
          { compound: 'HARD', medianSlope: 0.05, stints: 6 },
        ],
      }),
      race(3, { degradation: [{ compound: 'SOFT', medianSlope: 0.2, stints: 3 }] }),
      race(4, { skipped: 'no lap times with tyre data' }),
    ]);
    expect(out.facts).toEqual(
      expect.arrayContaining([
        { label: 'races analysed', value: 3 },
        { label: 'SOFT season median degradation', value: 0.2, unit: 's/lap' },
        { label: 'SOFT races with fitted stints', value: 3 },
        { label: 'SOFT stints fitted', value: 9 },
        { label: 'HARD season median degradation', value: 0.05, unit: 's/lap' },
      ]),
    );
    expect(out.quality).toContainEqual({
      code: 'race_skipped',
      message: 'Round 4 (Race 4): no lap times with tyre data',
    });
    expect(out.charts).toHaveLength(1);
    for (const chart of out.charts) ChartSchema.omit({ files: true }).parse(chart);
  });

  it('sums lap-1 gains per driver and names the season’s best', () => {
    const g = (d: string, gained: number) => ({
      driver: d,
      code: d.toUpperCase(),
      name: `Driver ${d}`,
      gained,
    });
    const out = aggregateSeason('positions', 2023, [
      race(1, { lapOne: [g('a', 3), g('b', -1), g('c', 5)] }),
      race(2, { lapOne: [g('a', 4), g('b', 2), g('c', -4)] }),
    ]);
    // a: 3 + 4 = 7; c: 5 − 4 = 1; b: −1 + 2 = 1; c's best single race (5) puts it ahead of b.
    expect(out.tables[0]?.rows).toEqual([
      ['Driver a', 7, 2, 4],
      ['Driver c', 1, 2, 5],
      ['Driver b', 1, 2, 2],
    ]);
    expect(out.facts).toEqual(
      expect.arrayContaining([
        { label: 'most net places gained on lap 1', value: 'Driver a' },
        { label: 'Driver a net places gained on lap 1', value: 7 },
        { label: 'biggest lap-1 gain in one race', value: 5 },
        { label: 'biggest lap-1 gain by', value: 'Driver c (Race 1)' },
      ]),
    );
  });

  it('ranks teams by the median of their per-race median stops', () => {
    const t = (team: string, medianMs: number) => ({
      team,
      teamName: team,
      colour: '#000000',
      stops: 2,
      medianMs,
    });
    const out = aggregateSeason('pit_stops', 2024, [
      race(1, { pitStops: [t('x', 22_000), t('y', 23_000)] }),
      race(2, { pitStops: [t('x', 24_000), t('y', 22_500)] }),
      race(3, { pitStops: [t('x', 25_000), t('y', 22_800)] }),
    ]);
    // x: median(22, 24, 25) = 24 s; y: median(23, 22.5, 22.8) = 22.8 s.
    expect(out.facts).toEqual(
      expect.arrayContaining([
        { label: 'team with the quickest median stop across the season', value: 'y' },
        { label: 'y season median pit-lane time', value: 22.8, unit: 's' },
        { label: 'timed pit stops', value: 12 },
      ]),
    );
  });

  it('finds the most common number of stops and what races were won on', () => {
    const out = aggregateSeason('tyre_strategy', 2024, [
      race(1, { strategy: { stops: [1, 1, 2], winnerStops: 1 } }),
      race(2, { strategy: { stops: [2, 2, 2, 1], winnerStops: 2 } }),
      race(3, { strategy: { stops: [1, 3], winnerStops: 1 } }),
    ]);
    expect(out.facts).toEqual(
      expect.arrayContaining([
        { label: 'most common number of pit stops', value: 1 },
        { label: 'classified finishes with that strategy', value: 4 },
        { label: 'races won on a 1-stop strategy', value: 2 },
        { label: 'races won on a 2-stop strategy', value: 1 },
      ]),
    );
  });
});
