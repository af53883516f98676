import { describe, expect, it } from 'vitest';
import {
  cleanLaps,
  countExclusions,
  exclusionNote,
  lapSource,
  neutralisation,
  neutralisedBands,
} from '../../src/analyses/clean-laps.ts';
import { median } from '../../src/analyses/stats.ts';
import { lap, race, sixLapRace } from './fixtures.ts';

const ids = (ls: { driver: string; lap: number }[]) => ls.map((l) => `${l.driver}${l.lap}`).sort();

describe('cleanLaps', () => {
  it('keeps exactly the hand-picked laps and names the reason for each of the others', () => {
    const { laps } = sixLapRace();
    const { kept, excluded } = cleanLaps(laps);
    expect(ids(kept)).toEqual(['a2', 'a3', 'a5', 'b2']);
    const reasons = Object.fromEntries(excluded.map((e) => [`${e.lap.driver}${e.lap.lap}`, e.reason]));
    expect(reasons).toEqual({
      a1: 'lap_one',
      a4: 'neutralised',
      a6: 'outlier',
      b1: 'lap_one',
      b3: 'no_time',
      b4: 'neutralised',
      b5: 'pit_in',
      b6: 'pit_out',
    });
    // AAA's clean median: 90.0 90.2 90.4 → 90.2 s
    expect(median(kept.filter((l) => l.driver === 'a').map((l) => l.timeMs))).toBe(90_200);
  });

  it('finds in- and out-laps from pit stops when the rows carry no flags (Ergast)', () => {
    const { laps, pitStops } = sixLapRace('pit-stops');
    const { kept, excluded } = cleanLaps(laps, { pitStops });
    expect(ids(kept)).toEqual(['a2', 'a3', 'a5', 'b2']);
    expect(countExclusions(excluded)).toEqual({
      lap_one: 2,
      no_time: 1,
      pit_in: 1,
      pit_out: 1,
      neutralised: 2,
      outlier: 1,
    });
  });

  it('says how many laps were left out and why', () => {
    const { laps } = sixLapRace();
    const note = exclusionNote(cleanLaps(laps).excluded, laps.length);
    expect(note.code).toBe('laps_excluded');
    expect(note.message).toMatch(/^8 of 12 laps were left out: 2 lap 1/);
    expect(note.message).toContain(
      '1 in-laps; 1 out-laps; 2 run under SC, VSC or red flag; 1 slower than 107 %',
    );
  });
});

describe('track status', () => {
  it('reads FastF1 status digits, the strongest first', () => {
    expect(neutralisation('1')).toBeNull();
    expect(neutralisation('12')).toBeNull();
    expect(neutralisation('124')).toBe('sc');
    expect(neutralisation('67')).toBe('vsc');
    expect(neutralisation('45')).toBe('red');
    expect(neutralisation(null)).toBeNull();
  });

  it('shades consecutive neutralised laps as one band per kind', () => {
    const bands = neutralisedBands([
      lap('a', 2, 90),
      lap('a', 3, 120, { trackStatus: '4' }),
      lap('b', 4, 120, { trackStatus: '4' }), // another car's lap extends the same SC period
      lap('a', 5, 110, { trackStatus: '6' }),
      lap('b', 5, 110, { trackStatus: '4' }), // SC outranks VSC on the same lap
      lap('a', 6, 110, { trackStatus: '7' }),
      lap('a', 8, null, { trackStatus: '5' }),
    ]);
    expect(bands.map((b) => [b.label, b.from, b.to])).toEqual([
      ['Safety car', 2.5, 5.5],
      ['Virtual safety car', 5.5, 6.5],
      ['Red flag', 7.5, 8.5],
    ]);
  });
});

describe('lapSource', () => {
  it('names the licence of each lap source', () => {
    expect(lapSource('openf1', race, 'laps').license).toBe('CC BY-NC-SA 4.0');
    expect(lapSource('ergast', race, 'laps').license).toBe('CC BY-NC-SA 4.0');
    expect(lapSource('fastf1', race, 'laps')).toMatchObject({
      license: expect.stringContaining('Apache-2.0'),
    });
    expect(lapSource('fastf1', race, 'laps').detail).toContain('F1 live timing');
  });
});
