import type { Aggregate, Query } from '@pitwall/db/contracts';

/** One race of the curated calendar (generated from the Ergast dump by site/scripts/build-calendar.ts). */
export interface CalendarRace {
  round: number;
  name: string;
  date: string;
  place: string;
}
export interface Calendar {
  source: string;
  seasons: Record<string, CalendarRace[]>;
}

/**
 * What the data explorer can ask about one race: a metric or view of the query language and how it is
 * aggregated. Each is sent as a structured query, so the explorer never writes a question to be parsed.
 */
export const RACE_VIEWS = [
  { id: 'results', label: 'Results', metric: 'finish_position', aggregate: 'list' },
  { id: 'laps', label: 'Lap times', metric: 'lap_times', aggregate: 'value' },
  { id: 'positions', label: 'Lap chart', metric: 'position_changes', aggregate: 'value' },
  { id: 'stints', label: 'Tyre stints', metric: 'tyre_strategy', aggregate: 'value' },
  { id: 'pace', label: 'Race pace', metric: 'race_pace', aggregate: 'value' },
] as const satisfies readonly { id: string; label: string; metric: string; aggregate: Aggregate }[];
export type RaceView = (typeof RACE_VIEWS)[number];

/** The query one of the explorer's views runs over one race: everyone, the race's own session. */
export const raceViewQuery = (
  view: RaceView,
  race: { season: number; round: number; name: string },
): Query => ({
  metric: view.metric,
  drivers: [],
  teams: [],
  subject: 'driver',
  scope: { race: { season: race.season, round: race.round, name: race.name } },
  filters: {},
  aggregate: view.aggregate,
  notes: [],
});

/** The calendar is a separate chunk: only the data explorer needs it. */
export async function loadCalendar(): Promise<Calendar> {
  return (await import('./calendar.json')).default as Calendar;
}
