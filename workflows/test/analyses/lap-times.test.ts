import { describe, expect, it } from 'vitest';
import { lapTimes } from '../../src/analyses/lap-times.ts';
import { codes, expectValidOutput, fact, race, sixLapRace } from './fixtures.ts';

describe('lapTimes', () => {
  const { drivers, laps } = sixLapRace();
  const out = lapTimes({ race, drivers, laps });
  const chart = out.charts[0];

  it('plots laps up to 107 % of the driver median as points coloured by compound', () => {
    // AAA limit 1.07 × 90.2 = 96.514: laps 1 (96.0), 2, 3, 5 shown; 4 (125) and 6 (99) not.
    // BBB limit 1.07 × 91.0 = 97.37: laps 1 (97.0), 2, 6 shown; 3 has no time; 4 and 5 too slow.
    expect(chart?.kind).toBe('lap_times');
    expect(chart?.spec.data.map((r) => `${r.driver}${r.lap}`)).toEqual([
      'AAA1',
      'AAA2',
      'AAA3',
      'AAA5',
      'BBB1',
      'BBB2',
      'BBB6',
    ]);
    expect(chart?.spec.data.find((r) => r.driver === 'BBB' && r.lap === 6)).toMatchObject({
      compound: 'HARD',
      status: 'pit_out',
      time: 91.8,
    });
    expect(chart?.spec.color).toMatchObject({ domain: ['MEDIUM', 'HARD'], range: ['#FFD12E', '#D8D8D8'] });
    expect(chart?.spec.y).toMatchObject({ unit: 's', format: 'laptime' });
    expect(codes(out)).toEqual(['laps_excluded', 'slow_laps_not_plotted']);
    expect(out.quality[1]?.message).toMatch(/^4 laps slower/);
  });

  it('shades the safety-car lap and names it in the facts', () => {
    expect(chart?.spec.bands).toEqual([{ from: 3.5, to: 4.5, label: 'Safety car', colour: '#FFB800' }]);
    expect(fact(out, 'Safety car laps')).toBe('4');
    expect(fact(out, 'laps shaded as neutralised')).toBe(1);
  });

  it('keeps every lap in the table and reports fastest laps over all timed laps', () => {
    expect(out.tables[0]?.rows).toHaveLength(12);
    expect(out.tables[0]?.rows[8]).toEqual(['BBB', 3, null, 'MEDIUM', 3, 'no_time']);
    expect(fact(out, 'AAA fastest lap')).toBe(90);
    expect(fact(out, 'AAA fastest lap number')).toBe(2);
    expect(fact(out, 'BBB fastest lap')).toBe(91);
    expect(fact(out, 'BBB timed laps')).toBe(5);
    expectValidOutput(out);
  });
});
