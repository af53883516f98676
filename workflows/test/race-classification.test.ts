import type { RaceRow, ResultRow } from '@pitwall/db/queries/warehouse';
import { describe, expect, it } from 'vitest';
import { formatRaceTime, raceClassification } from '../src/analyses/race-classification.ts';

const race: RaceRow = {
  id: 1,
  season: 2030,
  round: 4,
  name: 'Testland Grand Prix',
  date: '2030-05-01',
  circuitName: 'Test Ring',
  circuitRef: 'test_ring',
  location: 'Testville',
  country: 'Testland',
};

const row = (over: Partial<ResultRow>): ResultRow => ({
  positionOrder: 1,
  position: 1,
  positionText: '1',
  grid: 1,
  points: 0,
  laps: 50,
  timeMs: null,
  status: 'Finished',
  fastestLapRank: null,
  fastestLapTimeMs: null,
  driverRef: 'x',
  driverCode: 'XXX',
  forename: 'X',
  surname: 'X',
  constructorRef: 'mclaren',
  constructorName: 'McLaren',
  ...over,
});

// Rows arrive out of order on purpose: the analysis orders by positionOrder.
const rows = [
  row({
    positionOrder: 4,
    position: null,
    positionText: 'R',
    grid: 2,
    laps: 10,
    status: 'Engine',
    driverCode: 'DNF',
    forename: 'Dee',
    surname: 'Nef',
  }),
  row({
    positionOrder: 2,
    position: 2,
    positionText: '2',
    grid: 1,
    timeMs: 5_402_345,
    driverCode: 'TWO',
    forename: 'Tom',
    surname: 'Two',
    constructorRef: 'ferrari',
    constructorName: 'Ferrari',
    fastestLapRank: 1,
    fastestLapTimeMs: 80_000,
  }),
  row({
    positionOrder: 1,
    position: 1,
    positionText: '1',
    grid: 3,
    timeMs: 5_400_000,
    points: 25,
    driverCode: 'ONE',
    forename: 'Ann',
    surname: 'One',
  }),
  row({
    positionOrder: 3,
    position: 3,
    positionText: '3',
    grid: 4,
    laps: 49,
    status: '+1 Lap',
    driverCode: 'THR',
    forename: 'Tia',
    surname: 'Three',
  }),
];

describe('raceClassification', () => {
  const out = raceClassification(race, rows);
  const fact = (label: string) => out.facts.find((f) => f.label === label)?.value;

  it('names the winner, the podium and the margin from the classification', () => {
    expect(fact('winner')).toBe('Ann One');
    expect(fact("winner's grid position")).toBe(3);
    expect(fact('second place')).toBe('Tom Two');
    expect(fact('third place')).toBe('Tia Three');
    // 5,402,345 ms − 5,400,000 ms = 2.345 s
    expect(fact('winning margin')).toBe(2.345);
    expect(fact('winning race time')).toBe('1:30:00.000');
    expect(fact('classified finishers')).toBe(3);
    expect(fact('fastest lap')).toBe('Tom Two 1:20.000');
  });

  it('tabulates every driver in finishing order with time, gap or status', () => {
    const [table] = out.tables;
    expect(table?.rows.map((r) => r[1])).toEqual(['Ann One', 'Tom Two', 'Tia Three', 'Dee Nef']);
    expect(table?.rows.map((r) => r[5])).toEqual(['1:30:00.000', '+2.345s', '+1 Lap', 'Engine']);
  });

  it('charts only drivers with a race time, in team colours, and says who was left out', () => {
    const [chart] = out.charts;
    expect(chart?.spec.data).toEqual([
      { driver: 'ONE', name: 'Ann One', team: 'McLaren', gap: 0 },
      { driver: 'TWO', name: 'Tom Two', team: 'Ferrari', gap: 2.345 },
    ]);
    expect(chart?.spec.color).toMatchObject({
      domain: ['McLaren', 'Ferrari'],
      range: ['#FF8000', '#E8002D'],
    });
    expect(out.quality.map((q) => q.code)).toEqual(['lapped_finishers']);
    expect(out.sources[0]?.license).toBe('CC BY-NC-SA 4.0');
  });

  it('refuses a race without a winner rather than inventing one', () => {
    expect(() =>
      raceClassification(
        race,
        rows.filter((r) => r.position !== 1),
      ),
    ).toThrow(/no winner/);
  });
});

describe('formatRaceTime', () => {
  it('prints hours only when there are any', () => {
    expect(formatRaceTime(6_531_980)).toBe('1:48:51.980');
    expect(formatRaceTime(83_456)).toBe('1:23.456');
    expect(formatRaceTime(5_400_000)).toBe('1:30:00.000');
  });
});
