import { describe, expect, it } from 'vitest';
import {
  axisTitle,
  formatGap,
  formatGapTick,
  formatLaptime,
  formatLaptimeTick,
  humanize,
  tickDecimals,
} from '../../src/charts/formats.ts';

describe('chart number formats', () => {
  it('prints lap times as m:ss.sss, rounding to the millisecond before splitting minutes', () => {
    expect(formatLaptime(96.123)).toBe('1:36.123');
    expect(formatLaptime(65.4)).toBe('1:05.400');
    expect(formatLaptime(59.9996)).toBe('1:00.000');
    expect(formatLaptime(42.5)).toBe('0:42.500');
    expect(formatLaptime(Number.NaN)).toBe('');
  });

  it('gives lap-time ticks the decimals the axis span needs', () => {
    expect(formatLaptimeTick(95)).toBe('1:35');
    expect(formatLaptimeTick(95.2, 1)).toBe('1:35.2');
    expect(tickDecimals(30)).toBe(0);
    expect(tickDecimals(2.2)).toBe(1);
    expect(tickDecimals(0.8)).toBe(1);
    expect(tickDecimals(0.3)).toBe(2);
  });

  it('signs gaps and leaves the leader at a bare zero', () => {
    expect(formatGap(0.4119)).toBe('+0.412');
    expect(formatGap(-1.5)).toBe('-1.500');
    expect(formatGap(0)).toBe('0.000');
    expect(formatGapTick(5)).toBe('+5');
    expect(formatGapTick(0.2, 1)).toBe('+0.2');
  });

  it('humanizes data keys and labels axes with units', () => {
    expect(humanize('aston_martin')).toBe('Aston Martin');
    expect(humanize('VER')).toBe('VER');
    expect(axisTitle({ field: 'gap', label: 'Gap', type: 'quantitative', unit: 's' })).toBe('Gap (s)');
  });
});
