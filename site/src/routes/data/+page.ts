import { loadCalendar } from '#lib/calendar/index.ts';
import type { PageLoad } from './$types';

/** The curated calendar and the season/round picked in the URL (`?season=2023&round=6`), newest by default. */
export const load: PageLoad = async ({ url, parent }) => {
  await parent();
  const calendar = await loadCalendar();
  const seasons = Object.keys(calendar.seasons).sort().reverse();
  const asked = url.searchParams.get('season') ?? '';
  const season = seasons.includes(asked) ? asked : (seasons[0] ?? '');
  const races = calendar.seasons[season] ?? [];
  const round = Number(url.searchParams.get('round'));
  const race = races.find((r) => r.round === round) ?? null;
  return { source: calendar.source, seasons, season, races, race };
};
