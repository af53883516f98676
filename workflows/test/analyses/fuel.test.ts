import { describe, expect, it } from 'vitest';
import { fuelCorrectedMs, fuelCorrectionMs, fuelEffectPerLapS } from '../../src/analyses/fuel.ts';

describe('fuel correction', () => {
  it('spreads 110 kg × 0.03 s/kg = 3.3 s over the race distance', () => {
    expect(fuelEffectPerLapS(66)).toBeCloseTo(0.05, 12); // 3.3 / 66
    // lap 1 of 66 carries all 66 laps of fuel: 3.3 s; lap 66 carries one lap's: 0.05 s
    expect(fuelCorrectionMs(1, 66)).toBeCloseTo(3300, 9);
    expect(fuelCorrectionMs(66, 66)).toBeCloseTo(50, 9);
    expect(fuelCorrectionMs(70, 66)).toBe(0);
    expect(fuelCorrectedMs(90_000, 34, 66)).toBeCloseTo(90_000 - 33 * 50, 9);
  });

  it('needs a race distance', () => {
    expect(() => fuelEffectPerLapS(0)).toThrow(/race distance/);
  });
});
