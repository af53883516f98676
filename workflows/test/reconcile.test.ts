import { describe, expect, it } from 'vitest';
import {
  type Classification,
  type LapRow,
  lapFlag,
  lapKey,
  recomputePositions,
  reconcileLaps,
  type SourceLap,
} from '../src/loaders/timing/reconcile.ts';
import {
  flagSpuriousStints,
  type StintRow,
  separateOverlaps,
  stintsFromLaps,
} from '../src/loaders/timing/stints.ts';

// Hand-built rows: race 1, drivers 10..14; times in ms.
const lap = (driverId: number, n: number, extra: Partial<SourceLap> = {}): SourceLap => ({
  raceId: 1,
  driverId,
  lap: n,
  position: null,
  timeMs: 90_000,
  source: 'fastf1',
  ...extra,
});
const finished: Classification = { laps: 50, started: true };

describe('lap precedence', () => {
  const classification = () => finished;

  it('keeps the FastF1 time and position and takes sectors and speed traps from OpenF1', () => {
    const rows = reconcileLaps(
      {
        fastf1: [lap(10, 5, { position: 3, timeMs: 91_234 })],
        openf1: [lap(10, 5, { source: 'openf1', timeMs: 91_300, sector1Ms: 30_000, stSpeed: 312 })],
        derived: [lap(10, 5, { position: 4, timeMs: 91_000 })],
      },
      classification,
    );
    expect(rows.get(lapKey({ raceId: 1, driverId: 10, lap: 5 }))).toMatchObject({
      position: 3,
      timeMs: 91_234,
      sector1Ms: 30_000,
      stSpeed: 312,
      source: 'fastf1',
      flag: null,
    });
  });

  it('uses OpenF1 where FastF1 has no lap, with the derived position, and flags its lap-1 time', () => {
    const rows = reconcileLaps(
      {
        fastf1: [],
        openf1: [lap(10, 1, { source: 'openf1', timeMs: 100_300 }), lap(10, 2, { source: 'openf1' })],
        derived: [
          lap(10, 1, { position: 2, source: 'openf1' }),
          lap(10, 2, { position: 1, source: 'openf1' }),
        ],
      },
      classification,
    );
    expect(rows.get(lapKey({ raceId: 1, driverId: 10, lap: 1 }))).toMatchObject({
      position: 2,
      timeMs: 100_300,
      source: 'openf1',
      flag: 'openf1_lap1_offset',
    });
    expect(rows.get(lapKey({ raceId: 1, driverId: 10, lap: 2 }))).toMatchObject({
      position: 1,
      source: 'openf1',
      flag: null,
    });
  });

  it('fills a lap neither timing feed has from the derived file', () => {
    const rows = reconcileLaps(
      { fastf1: [lap(10, 1)], openf1: [], derived: [lap(10, 2, { position: 7, timeMs: 88_000 })] },
      classification,
    );
    expect([...rows.values()].map((r) => r.lap).sort()).toEqual([1, 2]);
    expect(rows.get(lapKey({ raceId: 1, driverId: 10, lap: 2 }))).toMatchObject({
      position: 7,
      timeMs: 88_000,
    });
  });
});

describe('lap keys', () => {
  it('are distinct for Ergast ids and the ids Pit Wall creates, and small where the ids are', () => {
    const triples = [
      [1, 1, 1],
      [2047, 2047, 255],
      [2048, 1, 1],
      [1, 2048, 1],
      [1, 1, 256],
      [100_022, 100_000, 1],
      [100_022, 1, 1],
      [1, 100_000, 1],
    ];
    const keys = triples.map(([raceId, driverId, lap]) => lapKey({ raceId, driverId, lap } as SourceLap));
    expect(new Set(keys).size).toBe(triples.length);
    expect(keys.every(Number.isSafeInteger)).toBe(true);
    expect(keys[1]).toBeLessThan(2 ** 30);
    expect(() => lapKey({ raceId: 1, driverId: 1, lap: 1024 } as SourceLap)).toThrow(RangeError);
  });
});

describe('lap flags, most serious first', () => {
  it.each([
    ['no result row', undefined, lap(10, 3), 'not_in_classification'],
    ['withdrawn before the start', { laps: 0, started: false }, lap(10, 1), 'did_not_start'],
    ['an unfinished last lap', { laps: 30, started: true }, lap(10, 31), 'beyond_classified_laps'],
    ['a classified lap', { laps: 30, started: true }, lap(10, 30), null],
    ['disqualified: classified laps unknown', { laps: null, started: true }, lap(10, 56), null],
    ['no time', finished, lap(10, 4, { timeMs: null }), 'no_lap_time'],
    [
      'a non-starter without a time',
      { laps: 0, started: false },
      lap(10, 1, { timeMs: null }),
      'did_not_start',
    ],
    ['OpenF1 lap 1', finished, lap(10, 1, { source: 'openf1' }), 'openf1_lap1_offset'],
    ['OpenF1 lap 2', finished, lap(10, 2, { source: 'openf1' }), null],
  ] as const)('%s', (_, c, row, flag) => {
    expect(lapFlag(row, c)).toBe(flag);
  });
});

describe('running positions without cars that were not there', () => {
  it('closes the gaps a non-starter and a lap-1 retirement leave', () => {
    // Source order on lap 1: G (did not start) 1, R 2, H 3, X (out on lap 1) 4, V 5, N (no position).
    const rows: LapRow[] = [
      { ...lap(10, 1, { position: 1 }), flag: 'did_not_start' },
      { ...lap(11, 1, { position: 2 }), flag: 'no_lap_time' },
      { ...lap(12, 1, { position: 3 }), flag: null },
      { ...lap(13, 1, { position: 4 }), flag: 'beyond_classified_laps' },
      { ...lap(14, 1, { position: 5 }), flag: null },
      { ...lap(15, 1, { position: null }), flag: null },
      { ...lap(11, 2, { position: 2 }), flag: null },
    ];
    recomputePositions(rows);
    expect(rows.map((r) => r.position)).toEqual([1, 1, 2, 4, 3, null, 2]);
  });
});

describe('stints', () => {
  const stint = (driverId: number, n: number, lapStart: number, lapEnd: number): StintRow => ({
    raceId: 1,
    driverId,
    stint: n,
    lapStart,
    lapEnd,
    compound: 'SOFT',
    source: 'openf1',
    flag: null,
  });
  const lapsOf = (rows: SourceLap[]) => new Map(rows.map((r) => [lapKey(r), r as LapRow]));

  it('derives stints from FastF1 laps, with tyre age at the start counted from 0', () => {
    const rows = [1, 2, 3].map((n) =>
      lap(10, n, {
        stint: n < 3 ? 1 : 2,
        compound: n < 3 ? 'MEDIUM' : 'HARD',
        tyreLife: n < 3 ? n + 3 : 1,
        freshTyre: n === 3,
      }),
    );
    expect(stintsFromLaps(rows as LapRow[])).toMatchObject([
      {
        stint: 1,
        lapStart: 1,
        lapEnd: 2,
        compound: 'MEDIUM',
        tyreAgeAtStart: 3,
        fresh: false,
        source: 'fastf1',
      },
      { stint: 2, lapStart: 3, lapEnd: 3, compound: 'HARD', tyreAgeAtStart: 0, fresh: true },
    ]);
  });

  it('starts a rebuilt stint one lap after the previous one ends', () => {
    const fixed = separateOverlaps([stint(10, 2, 34, 44), stint(10, 1, 4, 34), stint(10, 3, 44, 57)]);
    expect(fixed.map((s) => [s.lapStart, s.lapEnd])).toEqual([
      [4, 34],
      [35, 44],
      [45, 57],
    ]);
  });

  it('flags a one-lap stint only when the lap data shows the same tyres carrying on', () => {
    // Driver 10: pit lane on lap 2, same inters, tyre life 2 → 3 → 4 (the 2025 Australia pattern).
    // Driver 11: a real change after lap 1 (tyre life resets). Driver 12: OpenF1 laps, a pit-out on lap 2.
    const data = lapsOf([
      ...[1, 2, 3].map((n) => lap(10, n, { compound: 'INTERMEDIATE', tyreLife: n + 1 })),
      lap(11, 1, { compound: 'SOFT', tyreLife: 4 }),
      lap(11, 2, { compound: 'SOFT', tyreLife: 1 }),
      lap(11, 3, { compound: 'HARD', tyreLife: 1 }),
      lap(12, 1, { source: 'openf1' }),
      lap(12, 2, { source: 'openf1', pitOut: true }),
      lap(12, 3, { source: 'openf1', pitOut: true }),
    ]);
    const flagged = flagSpuriousStints(
      [
        stint(10, 1, 1, 1),
        stint(10, 2, 2, 2),
        stint(10, 3, 3, 3),
        stint(11, 2, 2, 2),
        stint(12, 2, 2, 2),
        stint(13, 1, 5, 5),
      ],
      data,
    );
    expect(flagged.map((s) => s.flag ?? null)).toEqual([
      'spurious_stint',
      'spurious_stint',
      'spurious_stint',
      null,
      null,
      null,
    ]);
  });
});
