import { describe, expect, it } from 'vitest';
import { uploadedClassification, uploadedLapsAnalysis } from '../../src/analyses/uploaded.ts';
import {
  parseLapsTable,
  parseResultsTable,
  parseTime,
  parseUploadTable,
  UPLOAD_LIMITS,
  UploadDataError,
} from '../../src/uploads/parse.ts';

/**
 * Reading uploaded lap and results tables: column names and time units as people and tools write them,
 * every row checked, limits enforced, and content that is not a table fails with a message saying why.
 */
const fail = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UploadDataError);
    return (err as Error).message;
  }
  throw new Error('expected an UploadDataError');
};

describe('parseTime', () => {
  it('reads lap times in every common notation', () => {
    expect(parseTime('1:32.456', 's')).toBe(92_456);
    expect(parseTime('1:31:30.616', 's')).toBe(5_490_616);
    expect(parseTime('0 days 00:01:32.456000', 's')).toBe(92_456);
    expect(parseTime('92.456', 's')).toBe(92_456);
    expect(parseTime('92456', 'ms')).toBe(92_456);
    expect(parseTime('92.456s', 'ms')).toBe(92_456);
    expect(parseTime('92456ms', 's')).toBe(92_456);
    expect(parseTime('', 's')).toBeNull();
    expect(parseTime('NaN', 's')).toBeNull();
    expect(parseTime('fast', 's')).toBeNaN();
  });
});

describe('parseLapsTable', () => {
  it('reads a CSV with m:ss.sss times and optional columns under other names', () => {
    const csv = [
      'Driver,LapNumber,LapTime,Compound,TyreLife,Stint,TrackStatus,PitInTime,PitOutTime,Team',
      'VER,1,0 days 00:01:39.019000,soft,1,1,1,,,Red Bull Racing',
      'VER,2,0 days 00:01:37.284000,SOFT,2,1,1,,,Red Bull Racing',
      'VER,3,0 days 00:01:49.001000,SOFT,3,1,4,0 days 01:02:03.000,,Red Bull Racing',
    ].join('\n');
    const laps = parseLapsTable(csv, 'csv');
    expect(laps).toHaveLength(3);
    expect(laps[0]).toEqual({
      driver: 'VER',
      team: 'Red Bull Racing',
      lap: 1,
      timeMs: 99_019,
      position: null,
      compound: 'SOFT',
      tyreLife: 1,
      stint: 1,
      trackStatus: '1',
      pitIn: false,
      pitOut: false,
    });
    expect(laps[2]).toMatchObject({ timeMs: 109_001, trackStatus: '4', pitIn: true, pitOut: false });
  });

  it('tells milliseconds from seconds by the column name, or else by the values', () => {
    expect(parseLapsTable('driver,lap,time_ms\nVER,2,92456\n', 'csv')[0]?.timeMs).toBe(92_456);
    expect(parseLapsTable('driver,lap,lap_time_s\nVER,2,92.456\n', 'csv')[0]?.timeMs).toBe(92_456);
    expect(parseLapsTable('driver,lap,time\nVER,2,92456\nNOR,2,92501\n', 'csv')[1]?.timeMs).toBe(92_501);
    expect(parseLapsTable('driver,lap,lap time\nVER,2,92.4\nNOR,2,92.5\n', 'csv')[0]?.timeMs).toBe(92_400);
    // Ergast's lap_times.csv: `time` as m:ss.sss next to `milliseconds`, which wins.
    expect(
      parseLapsTable('driverId,lap,position,time,milliseconds\nmax,2,1,1:32.456,92456\n', 'csv')[0],
    ).toMatchObject({ driver: 'max', position: 1, timeMs: 92_456 });
  });

  it('reads JSON arrays, and arrays held by an object', () => {
    const rows = [
      { driver: 'Lando Norris', lap: 5, lap_time_ms: 81_234, pit_in: false },
      { driver: 'Lando Norris', lap: 6, lap_time_ms: null },
    ];
    expect(parseLapsTable(JSON.stringify(rows), 'json')).toMatchObject([
      { driver: 'Lando Norris', lap: 5, timeMs: 81_234, pitIn: false },
      { lap: 6, timeMs: null },
    ]);
    expect(parseLapsTable(JSON.stringify({ laps: rows }), 'json')).toHaveLength(2);
  });

  it('names the missing column and the columns there are', () => {
    expect(fail(() => parseLapsTable('who,lap,time\nVER,1,90.1\n', 'csv'))).toMatch(
      /needs a driver column .*its columns are who, lap, time/,
    );
    expect(fail(() => parseLapsTable('driver,lap,tyre\nVER,1,SOFT\n', 'csv'))).toMatch(/lap time column/);
  });

  it('reports bad rows by row number', () => {
    const message = fail(() =>
      parseLapsTable('driver,lap,lap_time\nVER,1,1:32.1\nVER,x,1:32.2\nVER,3,soon\nVER,4,0.9\n', 'csv'),
    );
    expect(message).toMatch(/^3 of 4 rows of the laps table are not valid/);
    expect(message).toContain('row 3: lap');
    expect(message).toContain('row 4: timeMs');
    expect(message).toContain('row 5: timeMs: the lap time is under 10 s');
  });

  it('refuses a lap that appears twice, an empty table and non-tables', () => {
    expect(fail(() => parseLapsTable('driver,lap,time_s\nVER,2,90\nver,2,91\n', 'csv'))).toBe(
      'ver has lap 2 twice',
    );
    expect(fail(() => parseLapsTable('driver,lap,time_s\n', 'csv'))).toBe('the table has no rows');
    expect(fail(() => parseLapsTable('{"a":1}', 'json'))).toMatch(/array of row objects/);
    expect(fail(() => parseLapsTable('[1,2]', 'json'))).toMatch(/row 1 of the JSON array is not an object/);
    expect(fail(() => parseLapsTable('{nope', 'json'))).toBe('the file is not valid JSON');
    expect(fail(() => parseLapsTable('[{"driver":{"x":1},"lap":1,"time_s":90}]', 'json'))).toMatch(
      /holds an object/,
    );
  });

  it('enforces the size and row limits', () => {
    const big = `driver,lap,time_s\n${'VER,2,90.000\n'.repeat(UPLOAD_LIMITS.maxBytes / 12)}`;
    expect(fail(() => parseLapsTable(big, 'csv'))).toMatch(/larger than 5000000 bytes/);
    const rows = Array.from({ length: UPLOAD_LIMITS.maxRows + 1 }, (_, i) => `D${i % 20},${i},90`).join('\n');
    expect(fail(() => parseLapsTable(`driver,lap,time_s\n${rows}`, 'csv'))).toMatch(
      /has 50001 rows; at most 50000/,
    );
  });
});

describe('parseResultsTable', () => {
  it('reads positions, retirements and gaps, in finishing order', () => {
    const csv = [
      'Pos,Driver,Team,Pts,Grid,Laps,Time,Status',
      '2,Fernando Alonso,Aston Martin,18,2,78,+27.921,Finished',
      'R,Logan Sargeant,Williams,0,20,50,,Accident',
      '1,Max Verstappen,Red Bull,25,1,78,1:48:51.980,Finished',
      '3,Esteban Ocon,Alpine,15,4,77,+1 Lap,+1 Lap',
    ].join('\n');
    const rows = parseResultsTable(csv, 'csv');
    expect(rows.map((r) => [r.positionOrder, r.driver, r.position, r.positionText])).toEqual([
      [1, 'Max Verstappen', 1, '1'],
      [2, 'Fernando Alonso', 2, '2'],
      [3, 'Esteban Ocon', 3, '3'],
      [4, 'Logan Sargeant', null, 'R'],
    ]);
    expect(rows[0]?.timeMs).toBe(6_531_980);
    expect(rows[1]?.timeMs).toBe(6_531_980 + 27_921);
    expect(rows[2]?.timeMs).toBeNull();
    expect(rows[1]).toMatchObject({ team: 'Aston Martin', points: 18, grid: 2, laps: 78 });
  });

  it('needs a winner and distinct positions', () => {
    expect(fail(() => parseResultsTable('position,driver\n2,A\n3,B\n', 'csv'))).toMatch(/no winner/);
    expect(fail(() => parseResultsTable('position,driver\n1,A\n1,B\n', 'csv'))).toBe(
      'position 1 appears twice',
    );
    expect(fail(() => parseResultsTable('position,driver\nfirst,A\n', 'csv'))).toMatch(/row 2: position/);
  });

  it('is chosen by the upload type', () => {
    expect(parseUploadTable('position,driver\n1,A\n', 'csv', 'results').type).toBe('results');
    expect(fail(() => parseUploadTable('a\n1\n', 'csv', 'weather'))).toMatch(/laps or results table/);
  });
});

describe('the built-in analyses over an upload', () => {
  const upload = { id: 'up_aaaaaaaaaaaaaaaaaaaa', name: 'laps.csv', type: 'laps' as const };

  it('computes race pace on clean laps and cites the upload', () => {
    // VER: lap 1 is excluded, lap 5 (130 s) is over 107 % of the median; clean laps 90, 91, 92 → median 91.
    // NOR: clean laps 91, 93 → median 92, so 1 s slower.
    const csv = [
      'driver,lap,lap_time_s',
      'VER,1,100',
      'VER,2,90',
      'VER,3,91',
      'VER,4,92',
      'VER,5,130',
      'NOR,2,91',
      'NOR,3,93',
    ].join('\n');
    const out = uploadedLapsAnalysis({
      intent: 'race_pace',
      upload,
      label: 'uploaded “laps.csv”',
      season: 2024,
      laps: parseLapsTable(csv, 'csv'),
      focus: [],
    });
    expect(out.facts).toContainEqual({ label: 'VER median lap', value: 91, unit: 's' });
    expect(out.facts).toContainEqual({ label: 'NOR median lap', value: 92, unit: 's' });
    expect(out.facts).toContainEqual({ label: 'NOR median gap to VER', value: 1, unit: 's' });
    expect(out.facts).toContainEqual({ label: 'fastest median pace', value: 'VER' });
    expect(out.sources).toEqual([
      expect.objectContaining({ name: 'Your upload “laps.csv”', detail: expect.stringContaining(upload.id) }),
    ]);
    expect(out.charts[0]?.title).toBe('Race pace — uploaded “laps.csv”');
    expect(out.quality.map((q) => q.code)).toContain('no_lap_flags');
  });

  it('gives the classification of an uploaded results table', () => {
    const rows = parseResultsTable(
      'position,driver,team,points\n1,VER,Red Bull,25\n2,NOR,McLaren,18\n',
      'csv',
    );
    const out = uploadedClassification({
      upload: { ...upload, type: 'results' },
      label: 'My race',
      season: 2024,
      results: rows,
    });
    expect(out.facts).toContainEqual({ label: 'winner', value: 'VER' });
    expect(out.facts).toContainEqual({ label: 'second place', value: 'NOR' });
    expect(out.facts.find((f) => f.label === 'season')).toBeUndefined();
    expect(out.tables[0]?.rows[0]?.slice(0, 3)).toEqual(['1', 'VER', 'Red Bull']);
    expect(out.sources[0]?.name).toBe('Your upload “laps.csv”');
  });
});
