import type { Metric } from './metric.ts';
import { championshipPoints } from './metrics/championship-points.ts';
import { championshipPosition } from './metrics/championship-position.ts';
import { dnfs } from './metrics/dnfs.ts';
import { fastestLapTime } from './metrics/fastest-lap-time.ts';
import { fastestLaps } from './metrics/fastest-laps.ts';
import { finishPosition } from './metrics/finish-position.ts';
import { finishers } from './metrics/finishers.ts';
import { gapToPole } from './metrics/gap-to-pole.ts';
import { gridPosition } from './metrics/grid-position.ts';
import { lapPosition } from './metrics/lap-position.ts';
import { lapsLed } from './metrics/laps-led.ts';
import { mechanicalDnfs } from './metrics/mechanical-dnfs.ts';
import { pitStopTime } from './metrics/pit-stop-time.ts';
import { pitStops } from './metrics/pit-stops.ts';
import { placesGained } from './metrics/places-gained.ts';
import { podiums } from './metrics/podiums.ts';
import { points } from './metrics/points.ts';
import { pointsFinishes } from './metrics/points-finishes.ts';
import { poles } from './metrics/poles.ts';
import { practicePosition } from './metrics/practice-position.ts';
import { q3Appearances } from './metrics/q3-appearances.ts';
import { qualifyingPosition } from './metrics/qualifying-position.ts';
import { qualifyingTime } from './metrics/qualifying-time.ts';
import { redFlags } from './metrics/red-flags.ts';
import { safetyCars } from './metrics/safety-cars.ts';
import { sprintQualifyingPosition } from './metrics/sprint-qualifying-position.ts';
import { starts } from './metrics/starts.ts';
import { titles } from './metrics/titles.ts';
import { topSpeed } from './metrics/top-speed.ts';
import { wins } from './metrics/wins.ts';
import { VIEWS } from './views.ts';

/**
 * Every metric, once. Adding one is a module in metrics/ and a line here; the key must be the metric's id
 * (checked below), and the planner, executor, prompts and eval read this list.
 */
export const METRICS = {
  wins,
  podiums,
  points,
  points_finishes: pointsFinishes,
  starts,
  dnfs,
  mechanical_dnfs: mechanicalDnfs,
  finishers,
  finish_position: finishPosition,
  grid_position: gridPosition,
  places_gained: placesGained,
  fastest_laps: fastestLaps,
  fastest_lap_time: fastestLapTime,
  poles,
  qualifying_position: qualifyingPosition,
  qualifying_time: qualifyingTime,
  q3_appearances: q3Appearances,
  gap_to_pole: gapToPole,
  laps_led: lapsLed,
  lap_position: lapPosition,
  pit_stops: pitStops,
  pit_stop_time: pitStopTime,
  championship_position: championshipPosition,
  championship_points: championshipPoints,
  titles,
  safety_cars: safetyCars,
  red_flags: redFlags,
  top_speed: topSpeed,
  practice_position: practicePosition,
  sprint_qualifying_position: sprintQualifyingPosition,
} satisfies Record<string, Metric>;

export type MetricId = keyof typeof METRICS;
export const metricIds = Object.keys(METRICS) as MetricId[];
export const metricOf = (id: string): Metric | undefined => (METRICS as Record<string, Metric>)[id];
export const viewOf = (id: string) => VIEWS.find((v) => v.id === id);
/** Every id a query may name: metrics and views. */
export const queryMetricIds = (): string[] => [...metricIds, ...VIEWS.map((v) => v.id)];

for (const [key, metric] of Object.entries(METRICS)) {
  if (key !== metric.id) throw new Error(`metric ${metric.id} is listed as ${key}`);
}
