import { describe, expect, it } from 'vitest';
import { boxStats } from '../../src/analyses/stats.ts';

/**
 * Max Verstappen's third stint at the 2024 Bahrain Grand Prix: laps 39–57 on softs, the LapTime column of
 * fastf1_laps/grand_prix/transformed_grand_prix_laps_2024.csv (RoundNumber 1, Driver VER), in seconds.
 * Lap 39 is his fastest lap of the race (1:32.608).
 */
const VER_BAHRAIN_2024_STINT_3 = [
  92.608, 96.589, 95.29, 94.667, 94.151, 94.531, 94.249, 94.193, 94.239, 94.35, 94.403, 94.783, 94.34, 94.906,
  95.6, 95.334, 95.184, 94.671, 94.923,
];

describe('boxStats', () => {
  it('gives type-7 quartiles, 1.5 × IQR whiskers and the outliers beyond them', () => {
    // Sorted: 92.608 94.151 94.193 94.239 94.249 | 94.34 94.35 94.403 94.531 94.667 (median, 10th of 19)
    //         94.671 94.783 94.906 94.923 | 95.184 95.29 95.334 95.6 96.589.
    // Q1 at rank 18 × 0.25 = 4.5: 94.249 + 0.5 × (94.34 − 94.249) = 94.2945.
    // Q3 at rank 13.5: 94.923 + 0.5 × (95.184 − 94.923) = 95.0535. IQR 0.759, reach 1.1385.
    // Fences 93.156 and 96.192: the fastest lap (92.608) and lap 40 (96.589) lie beyond them; the whiskers
    // end at the furthest laps inside, 94.151 (lap 43) and 95.6 (lap 53).
    const stats = boxStats(VER_BAHRAIN_2024_STINT_3);
    expect(stats?.n).toBe(19);
    expect(stats?.median).toBe(94.667);
    expect(stats?.q1).toBeCloseTo(94.2945, 9);
    expect(stats?.q3).toBeCloseTo(95.0535, 9);
    expect(stats?.lower).toBe(94.151);
    expect(stats?.upper).toBe(95.6);
    expect(stats?.outliers).toEqual([92.608, 96.589]);
  });

  it('keeps whiskers on the box when every value is inside it, and has nothing to say of no values', () => {
    // Laps 19–21 of his second stint: 95.283, 95.16, 95.316. Q1 95.2215, Q3 95.2995: no value is an outlier.
    expect(boxStats([95.283, 95.16, 95.316])).toMatchObject({ lower: 95.16, upper: 95.316, outliers: [] });
    expect(boxStats([])).toBeNull();
  });
});
