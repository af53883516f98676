/**
 * Fuel correction. A car gets lighter as it burns fuel, so raw lap times fall through a stint even on
 * tyres that do not wear; comparing pace across a race or fitting tyre degradation without removing that
 * trend credits the tyres with the fuel's effect.
 *
 * Model, with the constants of the FastF1 lap data set's FuelAdjLapTime column (Armchair-Strategist:
 * 110 kg at the start, 0.03 s per lap per kg), so our figures line up with that source:
 * - the car starts with {@link FUEL_START_KG} kg, the maximum race fuel allowed since 2019;
 * - it burns fuel at a constant rate, reaching zero at the end of the race distance;
 * - every kilogram on board costs {@link FUEL_SECONDS_PER_KG} s per lap.
 * Published estimates of the weight effect range from about 0.03 to 0.08 s per kg per lap and vary by
 * circuit, so corrected times are a model, not a measurement; answers that use them say so.
 */

/** Race fuel at the start, kg. */
export const FUEL_START_KG = 110;
/** Lap-time cost of one kilogram of fuel, s per lap. */
export const FUEL_SECONDS_PER_KG = 0.03;

/** Lap-time gain from one lap's fuel burn, in s per lap: 0.03 s/kg × 110 kg / race laps. */
export function fuelEffectPerLapS(raceLaps: number): number {
  if (!(raceLaps > 0)) throw new RangeError('fuel correction needs the race distance in laps');
  return (FUEL_SECONDS_PER_KG * FUEL_START_KG) / raceLaps;
}

/**
 * Time the fuel still on board costs on lap `lap` (1-based) of a `raceLaps`-lap race, in ms. Uses the
 * fuel at the start of the lap: lap 1 carries the full load, and laps past the race distance carry none.
 */
export function fuelCorrectionMs(lap: number, raceLaps: number): number {
  const lapsOfFuelLeft = Math.max(0, Math.min(raceLaps, raceLaps - (lap - 1)));
  return fuelEffectPerLapS(raceLaps) * lapsOfFuelLeft * 1000;
}

/** A lap time in ms as if run with an empty tank: raw time minus {@link fuelCorrectionMs}. */
export function fuelCorrectedMs(timeMs: number, lap: number, raceLaps: number): number {
  return timeMs - fuelCorrectionMs(lap, raceLaps);
}
