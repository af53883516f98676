import type { Query } from '@pitwall/db/contracts';
import { type ChartDraft, teamColour } from '@pitwall/db/contracts';
import { formatValue, type Metric, type Observation } from './metric.ts';
import { describeScope, type Group } from './phrase.ts';

const TOP = 10;

/**
 * The picture of a metric answer, where one reads faster than a table: a ranking as bars (top ten, in team
 * colours), or the named subjects season by season when the answer spans several seasons. A single race's
 * list or one value needs no chart.
 */
export function metricChart(
  metric: Metric,
  query: Query,
  groups: Group[],
  rows: Observation[],
): ChartDraft | undefined {
  const named = query.drivers.length + query.teams.length > 0;
  // Counts carry their name on the axis already ("wins"); times are seconds; points say so.
  const unit =
    metric.unit === 'ms' ? 's' : metric.unit === 'points' ? 'points' : metric.unit === 'kmh' ? 'km/h' : '';
  const value = (v: number) => (metric.unit === 'ms' ? Math.round(v) / 1000 : Math.round(v * 100) / 100);
  const title = `${metric.label[0]?.toUpperCase()}${metric.label.slice(1)} ${describeScope(query)}`;
  if (
    !named &&
    query.rank &&
    groups.length >= 2 &&
    query.aggregate !== 'first' &&
    query.aggregate !== 'last'
  ) {
    const top = groups.slice(0, TOP);
    // Short labels: a season ranking names "Verstappen 2023", which fits the axis.
    const label = (g: Group) =>
      query.per === 'season' && g.season ? `${g.name.split(' ').slice(-1)[0]} ${g.season}` : g.name;
    const teams = [...new Map(top.map((g) => [g.team, teamColour(refOf(g, rows))])).entries()];
    return {
      id: 'metric-ranking',
      kind: 'bar',
      title,
      subtitle: `Top ${top.length}${query.per === 'season' ? ', one season each' : ''}`,
      spec: {
        mark: 'bar',
        orientation: 'horizontal',
        x: {
          field: 'value',
          label: metric.label,
          type: 'quantitative',
          ...(unit ? { unit } : {}),
          format: metric.unit === 'ms' ? 'laptime' : 'number',
        },
        y: { field: 'subject', label: query.subject === 'team' ? 'Team' : 'Driver', type: 'nominal' },
        color: {
          field: 'team',
          label: 'Team',
          domain: teams.map(([t]) => t),
          range: teams.map(([, c]) => c),
        },
        tooltip: [
          { field: 'shown', label: metric.label },
          { field: 'races', label: 'Races' },
        ],
        data: top.map((g) => ({
          subject: label(g),
          team: g.team,
          value: value(g.value),
          shown: formatValue(metric.unit, g.value),
          races: g.races,
        })),
      },
    };
  }
  const seasons = new Set(rows.map((r) => r.season));
  if (named && metric.kind === 'count' && seasons.size >= 3 && groups.length <= 4) {
    const perSeason = new Map<string, { subject: string; season: number; value: number }>();
    for (const r of rows) {
      const subject = query.teams.length > 0 && query.drivers.length === 0 ? r.teamName : r.driverName;
      const key = `${subject}|${r.season}`;
      const cell = perSeason.get(key) ?? { subject, season: r.season, value: 0 };
      cell.value += r.value;
      perSeason.set(key, cell);
    }
    const data = [...perSeason.values()]
      .sort((a, b) => a.season - b.season)
      .map((c) => ({ ...c, value: value(c.value) }));
    return {
      id: 'metric-seasons',
      kind: groups.length > 1 ? 'line' : 'bar',
      title: `${title}, season by season`,
      spec: {
        mark: groups.length > 1 ? 'line' : 'bar',
        orientation: 'vertical',
        x: {
          field: 'season',
          label: 'Season',
          type: groups.length > 1 ? 'quantitative' : 'ordinal',
          format: 'integer',
        },
        y: { field: 'value', label: metric.label, type: 'quantitative', ...(unit ? { unit } : {}) },
        ...(groups.length > 1 ? { series: { field: 'subject', label: 'Driver' } } : {}),
        data,
      },
    };
  }
  return undefined;
}

/** The team ref of a group, for its colour: from any of its rows. */
function refOf(g: Group, rows: Observation[]): string {
  return (g.rows[0] ?? rows.find((r) => r.teamName === g.team))?.team ?? '';
}
