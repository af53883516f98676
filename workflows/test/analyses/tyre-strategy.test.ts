import { describe, expect, it } from 'vitest';
import type { StintInput } from '../../src/analyses/types.ts';
import {
  compoundScale,
  normaliseCompound,
  stintsFromLaps,
  tyreStrategy,
} from '../../src/analyses/tyre-strategy.ts';
import { codes, driver, expectValidOutput, fact, lap, race } from './fixtures.ts';

const stint = (over: Partial<StintInput>): StintInput => ({
  driver: 'a',
  stint: 1,
  compound: 'MEDIUM',
  lapStart: 1,
  lapEnd: 3,
  tyreAgeAtStart: 0,
  fresh: null,
  ...over,
});
const drivers = [driver('a', 'AAA'), driver('b', 'BBB', 'ferrari', '#E8002D')];

describe('tyreStrategy', () => {
  const stints = [
    stint({ stint: 2, compound: 'HARD', lapStart: 4, lapEnd: 6, tyreAgeAtStart: 3, fresh: false }),
    stint({}),
    stint({ driver: 'b', compound: 'soft', lapStart: 1, lapEnd: 6, tyreAgeAtStart: null }),
  ];
  // BBB's stop is a red-flag stop with no new stint: the counts disagree and the note says so.
  const pitStops = [
    { driver: 'a', stop: 1, lap: 3, durationMs: 22_000 },
    { driver: 'b', stop: 1, lap: 4, durationMs: 600_000 },
  ];
  const out = tyreStrategy({ race, drivers, stints, pitStops });

  it('lists stints, stops and stop laps per driver', () => {
    expect(fact(out, 'AAA pit stops')).toBe(1);
    expect(fact(out, 'AAA stop laps')).toBe('3');
    expect(fact(out, 'AAA strategy')).toBe('MEDIUM → HARD');
    expect(fact(out, 'AAA stint 2 (HARD) length')).toBe(3);
    expect(fact(out, 'AAA stint 2 tyre age at start')).toBe(3);
    expect(fact(out, 'BBB strategy')).toBe('SOFT');
    expect(out.tables[0]?.rows).toEqual([
      ['AAA', 1, 'MEDIUM', 1, 3, 3, 0, 'new'],
      ['AAA', 2, 'HARD', 4, 6, 3, 3, 'used'],
      ['BBB', 1, 'SOFT', 1, 6, 6, null, 'unknown'],
    ]);
    expect(codes(out)).toEqual(['stops_mismatch']);
    expect(out.quality[0]?.message).toContain('BBB: 1 pit stops recorded but 1 stints');
  });

  it('counts stops from stint changes when no pit stops are given', () => {
    const alone = tyreStrategy({ race, drivers, stints });
    expect(fact(alone, 'AAA stop laps')).toBe('3');
    expect(fact(alone, 'BBB pit stops')).toBe(0);
    expect(fact(alone, 'BBB stop laps')).toBe('none');
    expect(alone.sources).toHaveLength(1);
  });

  it('draws range bars per stint, touching at the stop, coloured by compound', () => {
    const chart = out.charts[0];
    expect(chart?.kind).toBe('stints');
    expect(chart?.spec.mark).toBe('range');
    expect(chart?.spec.data.map((r) => [r.driver, r.start, r.end, r.compound, r.ageAtStart])).toEqual([
      ['AAA', 0, 3, 'MEDIUM', 0],
      ['AAA', 3, 6, 'HARD', 3],
      ['BBB', 0, 6, 'SOFT', null],
    ]);
    expect(chart?.spec.color).toMatchObject({
      domain: ['SOFT', 'MEDIUM', 'HARD'],
      range: ['#E10600', '#FFD12E', '#D8D8D8'],
    });
    expect(chart?.spec.x.domain).toEqual([0, 6]);
    expect(chart?.spec.tooltip?.map((t) => t.field)).toContain('ageAtStart');
    expectValidOutput(out);
  });

  it('flags one-lap stints and drivers without stints', () => {
    const odd = tyreStrategy({
      race,
      drivers: [...drivers, driver('c', 'CCC')],
      stints: [stint({ lapEnd: 1 }), stint({ stint: 2, lapStart: 2, lapEnd: 6, tyreAgeAtStart: 1 })],
    });
    expect(codes(odd)).toEqual(['short_stint', 'no_stints', 'no_stints']);
  });
});

describe('compound helpers', () => {
  it('normalises spellings and orders the scale like the tyre range', () => {
    expect(['soft', 'INTER', 'Wet', null, 'nan', 'TEST_UNKNOWN'].map(normaliseCompound)).toEqual([
      'SOFT',
      'INTERMEDIATE',
      'WET',
      'UNKNOWN',
      'UNKNOWN',
      'UNKNOWN',
    ]);
    expect(compoundScale(['UNKNOWN', 'WET', 'HARD'])).toMatchObject({
      domain: ['HARD', 'WET', 'UNKNOWN'],
      range: ['#D8D8D8', '#0067AD', '#888888'],
    });
  });

  it('rebuilds stints from FastF1 lap rows (TyreLife counts the current lap)', () => {
    const laps = [
      lap('a', 2, 90, { stint: 1, tyreLife: 2 }),
      lap('a', 1, 95, { stint: 1, tyreLife: 1 }),
      lap('a', 3, 90, { stint: 2, compound: 'HARD', tyreLife: 4 }),
      lap('a', 4, 90, { stint: 2, compound: 'HARD', tyreLife: 5 }),
      lap('a', 5, 90, { stint: null }),
    ];
    expect(stintsFromLaps(laps)).toEqual([
      { driver: 'a', stint: 1, compound: 'MEDIUM', lapStart: 1, lapEnd: 2, tyreAgeAtStart: 0, fresh: null },
      { driver: 'a', stint: 2, compound: 'HARD', lapStart: 3, lapEnd: 4, tyreAgeAtStart: 3, fresh: null },
    ]);
  });
});
