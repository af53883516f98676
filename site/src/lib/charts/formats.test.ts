import { describe, expect, it } from 'vitest';
import { formatGap, formatLaptime, integerTicks, tickDecimals, tickFormatter, valueText } from './formats.ts';

describe('chart formats', () => {
  it('prints lap times as m:ss.sss and gaps signed, like the file renderer', () => {
    expect(formatLaptime(96.123)).toBe('1:36.123');
    expect(formatLaptime(59.9996)).toBe('1:00.000');
    expect(formatGap(0.4119)).toBe('+0.412');
    expect(formatGap(0)).toBe('0.000');
  });

  it('chooses tick decimals from the axis span', () => {
    expect(tickDecimals(30)).toBe(0);
    expect(tickDecimals(2)).toBe(1);
    const lap = { field: 't', label: 'Lap time', type: 'quantitative', format: 'laptime' } as const;
    expect(tickFormatter(lap, 30)(95)).toBe('1:35');
    expect(tickFormatter(lap, 2)(95.5)).toBe('1:35.5');
  });

  it('gives integer axes whole-number ticks only', () => {
    expect(integerTicks({ domain: () => [1, 10] })).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(integerTicks({ domain: () => [0, 57] })).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55]);
    expect(integerTicks({ domain: () => [8, 8.5] })).toEqual([8]);
  });

  it('shows full precision with units in tooltips and tables', () => {
    const gap = { field: 'g', label: 'Gap', type: 'quantitative', unit: 's', format: 'gap' } as const;
    expect(valueText(gap, 1.5)).toBe('+1.500 s');
    expect(valueText(gap, null)).toBe('—');
  });
});
