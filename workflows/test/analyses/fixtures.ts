import { ChartSchema, FactSchema, QualityNoteSchema, SourceSchema, TableSchema } from '@pitwall/db/contracts';
import { expect } from 'vitest';
import type { AnalysisOutput, DriverInfo, LapInput, RaceInfo } from '../../src/analyses/types.ts';

/** Tiny hand-made inputs for the analysis tests; every expected figure is worked out beside its test. */

export const race: RaceInfo = { season: 2030, round: 4, name: 'Testland Grand Prix', laps: 6 };

export const driver = (ref: string, code: string, teamRef = 'mclaren', colour = '#FF8000'): DriverInfo => ({
  ref,
  code,
  name: `${code[0]}${code.slice(1).toLowerCase()} Driver`,
  teamRef,
  teamName: teamRef,
  colour,
});

export const lap = (
  driverRef: string,
  n: number,
  seconds: number | null,
  over: Partial<LapInput> = {},
): LapInput => ({
  driver: driverRef,
  lap: n,
  position: null,
  timeMs: seconds === null ? null : Math.round(seconds * 1000),
  compound: 'MEDIUM',
  tyreLife: n,
  stint: 1,
  trackStatus: '1',
  pitIn: false,
  pitOut: false,
  isAccurate: true,
  ...over,
});

export const fact = (out: AnalysisOutput, label: string) => out.facts.find((f) => f.label === label)?.value;
export const codes = (out: AnalysisOutput) => out.quality.map((q) => q.code);

/** Every part of an output must pass the shared contracts; charts as they will be stored (with files). */
export function expectValidOutput(out: AnalysisOutput): void {
  for (const c of out.charts) expect(() => ChartSchema.parse({ ...c, files: {} })).not.toThrow();
  for (const f of out.facts) expect(() => FactSchema.parse(f), JSON.stringify(f)).not.toThrow();
  for (const f of out.facts) if (typeof f.value === 'number') expect(Number.isFinite(f.value)).toBe(true);
  for (const t of out.tables) expect(() => TableSchema.parse(t)).not.toThrow();
  for (const s of out.sources) expect(SourceSchema.parse(s).license.length).toBeGreaterThan(0);
  for (const q of out.quality) QualityNoteSchema.parse(q);
}

/**
 * A full-size race for timing checks: 20 drivers × 60 laps = 1,200 laps, one stop each, a safety car on
 * laps 30–32, positions rotating so the lead changes. Deterministic, no randomness.
 */
export function syntheticRace(): { drivers: DriverInfo[]; laps: LapInput[] } {
  const drivers = Array.from({ length: 20 }, (_, i) => driver(`d${i}`, `D${String(i).padStart(2, '0')}`));
  const laps: LapInput[] = [];
  drivers.forEach((d, i) => {
    for (let n = 1; n <= 60; n++) {
      const stint = n <= 25 + (i % 5) ? 1 : 2;
      const age = stint === 1 ? n : n - 25 - (i % 5);
      const sc = n >= 30 && n <= 32;
      const seconds = (sc ? 120 : 90) + i * 0.05 + age * 0.04 + ((n * 7 + i * 3) % 11) * 0.03;
      laps.push(
        lap(d.ref, n, seconds, {
          position: ((i + Math.floor(n / 10)) % 20) + 1,
          compound: stint === 1 ? 'MEDIUM' : 'HARD',
          tyreLife: age,
          stint,
          trackStatus: sc ? '4' : '1',
          pitIn: n === 25 + (i % 5),
          pitOut: n === 26 + (i % 5),
        }),
      );
    }
  });
  return { drivers, laps };
}

/**
 * Six laps, two drivers, a safety car on lap 4, one pit stop. What counts as clean, by hand:
 * AAA: lap 1 out (lap 1); laps 2, 3, 5 clean (90.0, 90.4, 90.2); lap 4 out (SC); lap 6 at 99.0 s is
 *      over 107 % of the median of 90.0/90.4/90.2/99.0 (90.3 → limit 96.621), so an outlier.
 * BBB: lap 1 out; lap 2 clean (91.0); lap 3 has no time; lap 4 out (SC); lap 5 in-lap; lap 6 out-lap.
 */
export function sixLapRace(flags: 'lap-flags' | 'pit-stops' = 'lap-flags') {
  const pit = flags === 'lap-flags';
  const laps = [
    lap('a', 1, 96.0),
    lap('a', 2, 90.0),
    lap('a', 3, 90.4),
    lap('a', 4, 125.0, { trackStatus: '14' }),
    lap('a', 5, 90.2),
    lap('a', 6, 99.0),
    lap('b', 1, 97.0),
    lap('b', 2, 91.0),
    lap('b', 3, null),
    lap('b', 4, 126.0, { trackStatus: '4' }),
    lap('b', 5, 109.0, { pitIn: pit ? true : null }),
    lap('b', 6, 91.8, { pitOut: pit ? true : null, stint: 2, compound: 'HARD', tyreLife: 1 }),
  ];
  const pitStops = pit ? [] : [{ driver: 'b', stop: 1, lap: 5, durationMs: 21_000 }];
  return { drivers: [driver('a', 'AAA'), driver('b', 'BBB', 'ferrari', '#E8002D')], laps, pitStops };
}
