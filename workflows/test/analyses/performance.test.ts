import { describe, expect, it } from 'vitest';
import { degradation } from '../../src/analyses/degradation.ts';
import { gaps } from '../../src/analyses/gaps.ts';
import { lapTimes } from '../../src/analyses/lap-times.ts';
import { positions } from '../../src/analyses/positions.ts';
import { racePace } from '../../src/analyses/race-pace.ts';
import type { AnalysisOutput } from '../../src/analyses/types.ts';
import { stintsFromLaps, tyreStrategy } from '../../src/analyses/tyre-strategy.ts';
import { expectValidOutput, syntheticRace } from './fixtures.ts';

// A full race (20 drivers × 60 laps). The budget is 50 ms per analysis; the median of several runs keeps
// one slow run on a busy machine from failing the suite.
describe('analyses on a full-size race', () => {
  const { drivers, laps } = syntheticRace();
  const race = { season: 2030, round: 1, name: 'Benchmark Grand Prix', laps: 60 };
  const runs: [string, () => AnalysisOutput][] = [
    ['racePace', () => racePace({ race, drivers, laps, fuelCorrected: true })],
    ['lapTimes', () => lapTimes({ race, drivers, laps })],
    ['tyreStrategy', () => tyreStrategy({ race, drivers, stints: stintsFromLaps(laps) })],
    ['degradation', () => degradation({ race, drivers, laps })],
    ['positions', () => positions({ race, drivers, laps })],
    ['gaps', () => gaps({ race, drivers, laps })],
  ];

  it.each(runs)('%s runs well under 50 ms on 1,200 laps', (_, analyse) => {
    expectValidOutput(analyse());
    const times = Array.from({ length: 7 }, () => {
      const start = performance.now();
      analyse();
      return performance.now() - start;
    }).sort((a, b) => a - b);
    expect(times[3]).toBeLessThan(50);
  });

  it('excludes the synthetic pit and safety-car laps from the pace figures', () => {
    const out = racePace({ race, drivers, laps });
    // 60 laps each: lap 1, in-lap, out-lap and three SC laps (30–32) go → 54 clean laps per driver
    expect(out.facts.find((f) => f.label === 'D00 clean laps')?.value).toBe(54);
  });
});
