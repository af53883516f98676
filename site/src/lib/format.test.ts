import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatNumber, formatValue } from './format.ts';

describe('formatNumber', () => {
  it('prints seasons and small counts without a separator, large counts with one', () => {
    expect(formatNumber(2023)).toBe('2023');
    expect(formatNumber(27_118)).toBe('27,118');
    expect(formatNumber(27.921, 's')).toBe('27.921 s');
    expect(formatNumber(0.12345)).toBe('0.123');
  });

  it('shows a dash for missing values', () => {
    expect(formatValue(null)).toBe('—');
    expect(formatValue('1:48:51.980')).toBe('1:48:51.980');
  });
});

describe('formatDuration and formatBytes', () => {
  it('picks a unit people read at a glance', () => {
    expect(formatDuration(420)).toBe('420 ms');
    expect(formatDuration(3400)).toBe('3.4 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatBytes(812)).toBe('812 B');
    expect(formatBytes(14_540)).toBe('14.2 KB');
  });
});
