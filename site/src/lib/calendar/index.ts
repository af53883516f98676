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

/** What the data explorer can ask about one race; each becomes a plain question to the analysis API. */
export const RACE_VIEWS = [
  { id: 'results', label: 'Results', query: (race: string) => `Results of the ${race}` },
  { id: 'laps', label: 'Lap times', query: (race: string) => `Lap times at the ${race}` },
  { id: 'positions', label: 'Lap chart', query: (race: string) => `Position changes at the ${race}` },
  { id: 'stints', label: 'Tyre stints', query: (race: string) => `Tyre strategy at the ${race}` },
  { id: 'pace', label: 'Race pace', query: (race: string) => `Race pace at the ${race}` },
] as const;

/** The calendar is a separate chunk: only the data explorer needs it. */
export async function loadCalendar(): Promise<Calendar> {
  return (await import('./calendar.json')).default as Calendar;
}
