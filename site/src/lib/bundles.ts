import type { Chart, DriverBundle } from '@pitwall/db/contracts';

/**
 * A driver's points per season as a bar chart spec (drawn by the shared chart components): one bar per
 * season, coloured by the first team the driver raced for that season.
 */
export function pointsPerSeasonChart(bundle: DriverBundle): Chart {
  const rows = bundle.seasons.map((s) => ({
    season: String(s.season),
    points: s.points,
    team: s.teams[0]?.name ?? '—',
    wins: s.wins,
  }));
  const teams = new Map<string, string>();
  for (const s of bundle.seasons) for (const t of s.teams.slice(0, 1)) teams.set(t.name, t.colour);
  return {
    id: 'points-per-season',
    kind: 'bar',
    title: `${bundle.driver.name}: points per season`,
    subtitle: 'Race and sprint points scored',
    spec: {
      mark: 'bar',
      orientation: 'vertical',
      x: { field: 'season', label: 'Season', type: 'ordinal' },
      y: { field: 'points', label: 'Points', type: 'quantitative', format: 'number' },
      color: { field: 'team', label: 'Team', domain: [...teams.keys()], range: [...teams.values()] },
      tooltip: [
        { field: 'team', label: 'Team' },
        { field: 'wins', label: 'Wins' },
      ],
      data: rows,
    },
    files: {},
  };
}

/** Championship places as people say them: 1st, 2nd, 3rd, 4th, 11th, 21st. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  const suffixes: Record<number, string> = { 1: 'st', 2: 'nd', 3: 'rd' };
  return `${n}${suffixes[n % 10] ?? 'th'}`;
}
