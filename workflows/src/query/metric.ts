import type { Aggregate, Intent, Query, QuerySession } from '@pitwall/db/contracts';
import type { Warehouse } from '../warehouse.ts';

/**
 * One observation of a metric: a subject's value in one race (a win is 1 or 0, points are points, a
 * position is a position), or one event within it (a pit stop, a lap). Names travel with the row so
 * answers and tables need no second lookup.
 */
export type Observation = {
  raceId: number;
  season: number;
  round: number;
  race: string;
  date: string;
  circuit: string;
  driver: string;
  driverName: string;
  /** Date of birth (ISO), where known: ages on race day. */
  dob?: string | null;
  team: string;
  teamName: string;
  value: number;
  /** The subject's place in this race's order (finishing, qualifying, running), for lists and filters. */
  position: number | null;
  grid?: number | null;
  /** Whether the subject was classified (race and sprint results). */
  classified?: boolean;
  /** Words shown beside the value: a retirement reason, a lap, a compound. */
  detail?: string;
};

/** How a metric's values read: counts of events, amounts, times, positions. */
/** `kmh`: speeds, km/h. */
export type MetricUnit = 'count' | 'points' | 'ms' | 'position' | 'laps' | 'kmh';

/**
 * A metric, declared once: the words that name it, how it is observed in the warehouse, its unit, which
 * way is better, and how an answer about it is phrased. Planner, executor, narrator, the language model's
 * prompt and the eval all read these declarations; nothing else lists metrics.
 */
export type Metric = {
  id: string;
  /** What it is, in a few words ("Grand Prix wins"). */
  label: string;
  /** Normalised words and phrases that name it; the longest match in a question wins. */
  words: string[];
  /** Words that name it only when nothing more specific does ("races" for starts, "leading" for laps led). */
  hints?: string[];
  unit: MetricUnit;
  /** A count of events (wins, DNFs) sums to "how many"; a value (a position, a time) is read per race. */
  kind: 'count' | 'value';
  better: 'higher' | 'lower';
  sessions: QuerySession[];
  /** The session when a question names none; `undefined` reads every session the metric has (points). */
  defaultSession?: QuerySession;
  /**
   * How its observations fold when a question says nothing of it; the parser reads `best` (times: the
   * fastest lap, the quickest stop) and otherwise reads the question's shape.
   */
  defaultAggregate: Aggregate;
  /** The first season the data can answer it for (lap-by-lap data starts in 2020). */
  since?: number;
  /**
   * What one observation is about: a driver (or team) in a race, or the race itself (safety cars, red
   * flags), whose answers count events per race rather than per subject.
   */
  level?: 'race';
  /** Counted once per start, so a total reads "19 from 22 starts". */
  perStart?: boolean;
  /**
   * The view that answers a question about this metric at one race when nobody is named and nothing is
   * counted or ranked: "Pit stops at the 2023 Qatar GP" wants the pit-stop analysis, not a list. A view
   * that spans seasons also answers such a question about a season ("retirements 2023").
   */
  raceView?: string;
  /** Read from a race's classification: one Grand Prix's answer shows the whole classification and its chart. */
  classification?: boolean;
  observe: (db: Warehouse, query: Query, session: QuerySession | undefined) => Promise<Observation[]>;
  /** The predicate of a sentence about n of it: `won 19 races`, `scored 437 points`. */
  say: (value: string, n: number) => string;
  /** The predicate for one race's list: "won", "finished on the podium at". */
  event?: string;
  /** Facts of context for one race (margins, times), as sentences built from the observations. */
  context?: (
    observations: Observation[],
  ) => { text: string; facts: { label: string; value: number | string; unit?: string }[] }[];
};

/** A metric that is one of the analyses with charts (race pace, strategy…): the executor runs it. */
export type View = {
  id: string;
  label: string;
  words: string[];
  hints?: string[];
  view: Intent;
  /** Needs one race. */
  race: boolean;
  since?: number;
  /**
   * The sessions a race view can run on, where it runs on more than the Grand Prix: the lap views also run
   * on a sprint's laps. Absent: the Grand Prix only.
   */
  sessions?: readonly ('race' | 'sprint')[];
};

export const plural = (n: number, one: string, many = `${one}s`) => (n === 1 ? one : many);

/** 81712 → "1:21.712"; 22328 → "22.328 s"; 6531980 → "1:48:51.980". */
export function formatMs(ms: number): string {
  if (ms >= 3_600_000) {
    const minutes = String(Math.floor((ms % 3_600_000) / 60_000)).padStart(2, '0');
    return `${Math.floor(ms / 3_600_000)}:${minutes}:${((ms % 60_000) / 1000).toFixed(3).padStart(6, '0')}`;
  }
  const minutes = Math.floor(ms / 60_000);
  const seconds = ((ms % 60_000) / 1000).toFixed(3);
  return minutes > 0 ? `${minutes}:${seconds.padStart(6, '0')}` : `${seconds} s`;
}

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${n % 10 > 3 ? 'th' : suffix}`;
}

/** Points keep their half points (2021 Spa, 1950s shared drives) and nothing more. */
export const formatPoints = (p: number) => String(Math.round(p * 10) / 10);

export function formatValue(unit: MetricUnit, value: number): string {
  if (unit === 'ms') return formatMs(value);
  if (unit === 'position') return ordinal(Math.round(value));
  if (unit === 'points') return formatPoints(value);
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
