import { describe, expect, it } from 'vitest';
import {
  groupBy,
  iqr,
  linearRegression,
  mean,
  median,
  quantile,
  round,
  stddev,
  studentTCdf,
  studentTQuantile,
} from '../../src/analyses/stats.ts';

describe('summary statistics', () => {
  const xs = [4, 1, 10, 3, 2];

  it('mean, median and type-7 quantiles', () => {
    expect(mean(xs)).toBe(4); // 20 / 5
    expect(median(xs)).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // sorted 1 2 3 4 10; Q1 at h = 4·0.25 = 1 → 2; Q3 at h = 3 → 4
    expect(quantile(xs, 0.25)).toBe(2);
    expect(quantile(xs, 0.75)).toBe(4);
    expect(iqr(xs)).toBe(2);
    // interpolation: [1, 2] at p = 0.25 → h = 0.25 → 1.25
    expect(quantile([2, 1], 0.25)).toBe(1.25);
    expect(Number.isNaN(median([]))).toBe(true);
  });

  it('sample standard deviation', () => {
    // deviations −3 −2 −1 0 6 → squares sum 50 → 50 / 4 = 12.5 → √12.5
    expect(stddev(xs)).toBeCloseTo(Math.sqrt(12.5), 12);
    expect(Number.isNaN(stddev([1]))).toBe(true);
  });

  it('rounds and groups', () => {
    expect(round(1.23456, 3)).toBe(1.235);
    expect([...groupBy([1, 2, 3, 4], (x) => x % 2)]).toEqual([
      [1, [1, 3]],
      [0, [2, 4]],
    ]);
  });
});

describe('Student t', () => {
  it('matches published two-sided 95 % and 99 % critical values, including small df', () => {
    const table: [number, number, number][] = [
      // df, t(0.975), t(0.995) from standard tables
      [1, 12.7062, 63.6567],
      [2, 4.3027, 9.9248],
      [3, 3.1824, 5.8409],
      [4, 2.7764, 4.6041],
      [5, 2.5706, 4.0321],
      [10, 2.2281, 3.1693],
      [30, 2.0423, 2.75],
      [1000, 1.9623, 2.5808],
    ];
    for (const [df, t975, t995] of table) {
      expect(studentTQuantile(0.975, df)).toBeCloseTo(t975, 4);
      expect(studentTQuantile(0.995, df)).toBeCloseTo(t995, 4);
    }
  });

  it('is symmetric and inverts the CDF', () => {
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.7764, 4);
    expect(studentTCdf(0, 7)).toBeCloseTo(0.5, 12);
    expect(studentTCdf(studentTQuantile(0.9, 7), 7)).toBeCloseTo(0.9, 10);
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
  });
});

describe('linearRegression', () => {
  it('recovers an exact line with r² = 1 and a zero-width interval', () => {
    const xs = [1, 2, 3, 4, 5, 6];
    const fit = linearRegression(
      xs,
      xs.map((x) => 95.2 + 0.085 * x),
    );
    expect(fit?.slope).toBeCloseTo(0.085, 10);
    expect(fit?.intercept).toBeCloseTo(95.2, 10);
    expect(fit?.r2).toBeCloseTo(1, 12);
    expect(fit?.n).toBe(6);
    expect(fit?.slopeCi95[0]).toBeCloseTo(0.085, 8);
    expect(fit?.slopeCi95[1]).toBeCloseTo(0.085, 8);
  });

  it('gives the hand-computed slope, r² and 95 % CI on a small noisy set', () => {
    // x 1..5, y 2 4 5 4 5: x̄ 3, ȳ 4, Sxx 10, Sxy 6, Syy 6 → slope 0.6, intercept 2.2
    // SSE = Syy − b·Sxy = 6 − 3.6 = 2.4, r² = 1 − 2.4/6 = 0.6
    // s² = 2.4 / 3 = 0.8, SE = √(0.8/10) = 0.282843; t(0.975, 3) = 3.182446
    // half-width 3.182446 · 0.282843 = 0.900132 → CI [−0.300132, 1.500132]
    const fit = linearRegression([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
    expect(fit?.slope).toBeCloseTo(0.6, 12);
    expect(fit?.intercept).toBeCloseTo(2.2, 12);
    expect(fit?.r2).toBeCloseTo(0.6, 12);
    expect(fit?.slopeStdErr).toBeCloseTo(0.282843, 6);
    expect(fit?.slopeCi95[0]).toBeCloseTo(-0.300132, 5);
    expect(fit?.slopeCi95[1]).toBeCloseTo(1.500132, 5);
  });

  it('refuses what cannot be fitted and leaves the CI open with two points', () => {
    expect(linearRegression([1], [2])).toBeNull();
    expect(linearRegression([3, 3, 3], [1, 2, 3])).toBeNull();
    const two = linearRegression([0, 1], [0, 2]);
    expect(two?.slope).toBe(2);
    expect(Number.isNaN(two?.slopeCi95[0])).toBe(true);
  });
});
