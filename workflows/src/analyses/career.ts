import { type ChartDraft, type Fact, type Table, teamColour } from '@pitwall/db/contracts';
import { ERGAST_SOURCE } from './race-classification.ts';
import { seasonStats } from './season.ts';
import { lighten, qualifyingDuels } from './teammate-h2h.ts';
import type { AnalysisOutput, DriverInfo, SeasonRaceInput } from './types.ts';

/** A driver's place in the standings after a season's last round (Ergast driver_standings). */
export type FinalStanding = { season: number; driver: string; position: number; points: number };

const r2 = (x: number) => Math.round(x * 100) / 100;
const bySeason = (races: SeasonRaceInput[]) => {
  const seasons = new Map<number, SeasonRaceInput[]>();
  for (const r of races) seasons.set(r.race.season, [...(seasons.get(r.race.season) ?? []), r]);
  return [...seasons.entries()].sort(([a], [b]) => a - b);
};
/** Team names come from `teamNames` (ref → name) first: `drivers` only knows each driver's latest team. */
const labels = (drivers: DriverInfo[], teamNames: Record<string, string> = {}) => {
  const info = new Map(drivers.map((d) => [d.ref, d]));
  const teams = new Map([
    ...drivers.map((d): [string, string] => [d.teamRef, d.teamName]),
    ...Object.entries(teamNames),
  ]);
  return {
    name: (ref: string) => info.get(ref)?.name ?? ref,
    code: (ref: string) => info.get(ref)?.code ?? ref.slice(0, 3).toUpperCase(),
    team: (ref: string) => teams.get(ref) ?? ref,
  };
};

/**
 * Two drivers season by season: points (race + sprint), wins, podiums, average finish (mean classified
 * race position; retirements are left out, so compare it with the number of finishes) and, in seasons
 * where they were teammates, the qualifying head-to-head under `qualifyingDuels`' rules.
 * `races` holds every race of the seasons to compare; only seasons where either driver raced are shown.
 */
export function driverComparison(input: {
  driverA: string;
  driverB: string;
  races: SeasonRaceInput[];
  drivers: DriverInfo[];
  teamNames?: Record<string, string>;
}): AnalysisOutput {
  const { driverA: a, driverB: b } = input;
  const { name, code, team } = labels(input.drivers, input.teamNames);
  const facts: Fact[] = [];
  const rows: Table['rows'] = [];
  const chartRows: Record<string, string | number>[] = [];
  const totals = { a: { points: 0, wins: 0, podiums: 0 }, b: { points: 0, wins: 0, podiums: 0 } };
  let lastTeams = { a: '', b: '' };
  for (const [season, races] of bySeason(input.races)) {
    const stats = seasonStats(races);
    const sa = stats.get(a);
    const sb = stats.get(b);
    if (!sa && !sb) continue;
    const duels = qualifyingDuels(races, a, b, true);
    const qa = duels.filter((d) => d.ahead === 'a').length;
    const qb = duels.filter((d) => d.ahead === 'b').length;
    const avg = (s: typeof sa) =>
      s && s.finishes.length > 0 ? r2(s.finishes.reduce((t, x) => t + x, 0) / s.finishes.length) : null;
    for (const [ref, s, key] of [
      [a, sa, 'a'],
      [b, sb, 'b'],
    ] as const) {
      if (!s) continue;
      totals[key].points += s.points;
      totals[key].wins += s.wins;
      totals[key].podiums += s.podiums;
      lastTeams = { ...lastTeams, [key]: s.teams.at(-1) ?? '' };
      facts.push({ label: `${season} ${name(ref)} points`, value: s.points, unit: 'pts' });
      facts.push(
        { label: `${season} ${name(ref)} wins`, value: s.wins },
        { label: `${season} ${name(ref)} podiums`, value: s.podiums },
      );
      const av = avg(s);
      if (av !== null) facts.push({ label: `${season} ${name(ref)} average finish`, value: av });
      chartRows.push({ season: String(season), driver: code(ref), points: s.points });
    }
    if (qa + qb > 0) {
      facts.push({ label: `${season} qualifying head-to-head ${name(a)}`, value: qa });
      facts.push({ label: `${season} qualifying head-to-head ${name(b)}`, value: qb });
    }
    rows.push([
      season,
      sa ? sa.teams.map(team).join(', ') : null,
      sa?.points ?? null,
      sa?.wins ?? null,
      sa?.podiums ?? null,
      avg(sa),
      sb ? sb.teams.map(team).join(', ') : null,
      sb?.points ?? null,
      sb?.wins ?? null,
      sb?.podiums ?? null,
      avg(sb),
      qa + qb > 0 ? `${qa}–${qb}` : null,
    ]);
  }
  if (rows.length === 0) throw new Error(`neither ${a} nor ${b} raced in the seasons given`);
  for (const [ref, key] of [
    [a, 'a'],
    [b, 'b'],
  ] as const) {
    facts.push({
      label: `${name(ref)} points over the seasons compared`,
      value: totals[key].points,
      unit: 'pts',
    });
    facts.push({ label: `${name(ref)} wins over the seasons compared`, value: totals[key].wins });
    facts.push({ label: `${name(ref)} podiums over the seasons compared`, value: totals[key].podiums });
  }

  const colourA = teamColour(lastTeams.a);
  const colourB = lastTeams.a === lastTeams.b ? lighten(colourA) : teamColour(lastTeams.b);
  const chart: ChartDraft = {
    id: 'season-points',
    kind: 'line',
    title: `${name(a)} vs ${name(b)} — points per season`,
    spec: {
      mark: 'line',
      orientation: 'vertical',
      x: { field: 'season', label: 'Season', type: 'ordinal' },
      y: { field: 'points', label: 'Points', type: 'quantitative', unit: 'pts' },
      series: { field: 'driver', label: 'Driver' },
      color: { field: 'driver', label: 'Driver', domain: [code(a), code(b)], range: [colourA, colourB] },
      data: chartRows,
    },
  };
  const [ca, cb] = [code(a), code(b)];
  return {
    facts,
    tables: [
      {
        name: 'Season by season',
        columns: [
          'Season',
          `${ca} team`,
          `${ca} pts`,
          `${ca} wins`,
          `${ca} podiums`,
          `${ca} avg finish`,
          `${cb} team`,
          `${cb} pts`,
          `${cb} wins`,
          `${cb} podiums`,
          `${cb} avg finish`,
          'Quali H2H (teammates)',
        ],
        rows,
      },
    ],
    charts: [chart],
    sources: [
      ERGAST_SOURCE(
        'race, sprint and qualifying classifications (ergast/results.csv, sprint_results.csv, qualifying.csv)',
      ),
    ],
    quality: [],
  };
}

/**
 * A driver's career: seasons, teams, starts (entries minus withdrawals and non-qualifications), wins,
 * podiums, poles (qualifying position 1), points and titles.
 * - Points per season come from the final standings where given (they apply dropped scores and
 *   disqualifications), otherwise from the summed race + sprint results (flagged).
 * - Titles = seasons the driver finished first in the final standings; `unfinishedSeasons` (the season in
 *   progress) never count as a title.
 * - Poles by qualifying position can exceed the official count: in 2021 the sprint winner was credited with
 *   pole, and Ergast keeps position 1 for a driver excluded from qualifying (Hamilton, Spain 2012). Flagged.
 */
export function careerSummary(input: {
  driver: string;
  races: SeasonRaceInput[];
  finalStandings: FinalStanding[];
  drivers: DriverInfo[];
  teamNames?: Record<string, string>;
  unfinishedSeasons?: number[];
}): AnalysisOutput {
  const { driver } = input;
  const { name, team } = labels(input.drivers, input.teamNames);
  const unfinished = new Set(input.unfinishedSeasons ?? []);
  const seasons = bySeason(input.races).flatMap(([season, races]) => {
    const s = seasonStats(races).get(driver);
    if (!s) return [];
    const standing = input.finalStandings.find((f) => f.season === season && f.driver === driver);
    return [{ season, s, standing, points: standing?.points ?? s.points }];
  });
  if (seasons.length === 0) throw new Error(`${driver} has no results in the seasons given`);
  const sum = (f: (x: (typeof seasons)[number]) => number) => seasons.reduce((t, x) => t + f(x), 0);
  const titles = seasons
    .filter((x) => x.standing?.position === 1 && !unfinished.has(x.season))
    .map((x) => x.season);
  const teams = [...new Set(seasons.flatMap((x) => x.s.teams))];
  const positions = seasons.flatMap((x) => (x.standing ? [x.standing.position] : []));
  const n = name(driver);
  const facts: Fact[] = [
    { label: `${n} seasons`, value: seasons.length },
    { label: `${n} first season`, value: seasons[0]?.season ?? 0 },
    { label: `${n} latest season`, value: seasons.at(-1)?.season ?? 0 },
    { label: `${n} teams`, value: teams.map(team).join(', ') },
    { label: `${n} starts`, value: sum((x) => x.s.starts) },
    { label: `${n} wins`, value: sum((x) => x.s.wins) },
    { label: `${n} podiums`, value: sum((x) => x.s.podiums) },
    { label: `${n} poles`, value: sum((x) => x.s.poles) },
    { label: `${n} fastest laps`, value: sum((x) => x.s.fastestLaps) },
    { label: `${n} career points`, value: r2(sum((x) => x.points)), unit: 'pts' },
    { label: `${n} world titles`, value: titles.length },
  ];
  if (titles.length > 0) facts.push({ label: `${n} title seasons`, value: titles.join(', ') });
  if (positions.length > 0)
    facts.push({ label: `${n} best championship position`, value: Math.min(...positions) });

  const chart: ChartDraft = {
    id: 'career-points',
    kind: 'bar',
    title: `${n} — points per season`,
    spec: {
      mark: 'bar',
      orientation: 'vertical',
      x: { field: 'season', label: 'Season', type: 'ordinal' },
      y: { field: 'points', label: 'Points', type: 'quantitative', unit: 'pts' },
      color: {
        field: 'team',
        label: 'Team',
        domain: teams.map(team),
        range: teams.map((t) => teamColour(t)),
      },
      tooltip: [{ field: 'position', label: 'Championship position' }],
      data: seasons.map((x) => ({
        season: String(x.season),
        points: x.points,
        team: team(x.s.teams.at(-1) ?? ''),
        position: x.standing?.position ?? null,
      })),
    },
  };
  const unofficial = seasons.filter((x) => !x.standing).map((x) => x.season);
  const quality: AnalysisOutput['quality'] = [];
  if (unofficial.length > 0) {
    const message = `No final standings for ${unofficial.join(', ')}: points there are summed from results.`;
    quality.push({ code: 'points_from_results', message });
  }
  if (sum((x) => x.s.poles) > 0) {
    const message =
      'Poles count qualifying position 1; official tallies can differ (2021 sprint poles, exclusions).';
    quality.push({ code: 'pole_definition', message });
  }
  return {
    facts,
    tables: [
      {
        name: 'Career by season',
        columns: [
          'Season',
          'Team(s)',
          'Starts',
          'Wins',
          'Podiums',
          'Poles',
          'Points',
          'Championship position',
        ],
        rows: seasons.map((x) => [
          x.season,
          x.s.teams.map(team).join(', '),
          x.s.starts,
          x.s.wins,
          x.s.podiums,
          x.s.poles,
          x.points,
          x.standing?.position ?? null,
        ]),
      },
    ],
    charts: [chart],
    sources: [ERGAST_SOURCE('race, sprint and qualifying classifications and driver standings (ergast)')],
    quality,
  };
}
