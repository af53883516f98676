import { type ChartDraft, type Fact, type Table, teamColour } from '@pitwall/db/contracts';
import { ERGAST_SOURCE } from './race-classification.ts';
import type { AnalysisOutput, DriverInfo, ResultInput, SeasonRaceInput } from './types.ts';

export type SeasonStats = {
  /** Race + sprint points, as the results award them (fastest-lap points included). */
  points: number;
  wins: number;
  podiums: number;
  /** Qualifying position 1 (the pole-sitter before any grid penalty). */
  poles: number;
  fastestLaps: number;
  starts: number;
  /** Classified race finishing positions, for averages and countback. */
  finishes: number[];
  /** Teams in the order the driver raced for them. */
  teams: string[];
};

/** Ergast codes for entries that never took the start: withdrew, failed to qualify. */
const NOT_STARTED = /^(Did not|Withdrew|Not qualified|107%)/i;
export const started = (r: ResultInput) =>
  r.positionText !== 'W' && r.positionText !== 'F' && !NOT_STARTED.test(r.status);

/** Per-driver tallies over the given races. Main-race wins/podiums only; points include sprints. */
export function seasonStats(races: SeasonRaceInput[]): Map<string, SeasonStats> {
  const stats = new Map<string, SeasonStats>();
  const of = (driver: string) => {
    let s = stats.get(driver);
    if (!s) {
      s = { points: 0, wins: 0, podiums: 0, poles: 0, fastestLaps: 0, starts: 0, finishes: [], teams: [] };
      stats.set(driver, s);
    }
    return s;
  };
  for (const { results, sprintResults, qualifying } of races) {
    for (const r of results) {
      const s = of(r.driver);
      s.points += r.points;
      if (r.position === 1) s.wins++;
      if (r.position !== null && r.position <= 3) s.podiums++;
      if (r.fastestLapRank === 1) s.fastestLaps++;
      if (started(r)) s.starts++;
      if (r.position !== null) s.finishes.push(r.position);
      if (!s.teams.includes(r.teamRef)) s.teams.push(r.teamRef);
    }
    for (const r of sprintResults) of(r.driver).points += r.points;
    for (const q of qualifying) if (q.position === 1) of(q.driver).poles++;
  }
  return stats;
}

/** Points one remaining weekend can still give one driver (2010+ scoring). */
export function maxWeekendPoints(season: number, sprint: boolean, doublePoints = false): number {
  const win = doublePoints ? 50 : 25;
  const fastestLap = season >= 2019 && season <= 2024 ? 1 : 0;
  const sprintWin = sprint ? (season === 2021 ? 3 : 8) : 0;
  return win + fastestLap + sprintWin;
}

const byCountback = (a: SeasonStats, b: SeasonStats) => {
  if (a.points !== b.points) return b.points - a.points;
  // Ties go to the better finishing record: most wins, then most seconds, and so on.
  for (let p = 1; p <= 40; p++) {
    const diff = b.finishes.filter((x) => x === p).length - a.finishes.filter((x) => x === p).length;
    if (diff !== 0) return diff;
  }
  return 0;
};

/**
 * Who can still be champion: the drivers whose points plus the most the remaining weekends can give
 * (`maxWeekendPoints`, double points at the 2014 finale) reach the leader's. A tie counts, because
 * countback could still decide it their way. `standings` must be ordered, leader first.
 */
export function titleContenders(
  season: number,
  standings: [string, SeasonStats][],
  remaining: { round: number; sprint: boolean }[],
) {
  const last = Math.max(...remaining.map((r) => r.round));
  const available = remaining.reduce(
    (t, r) => t + maxWeekendPoints(season, r.sprint, season === 2014 && r.round === last),
    0,
  );
  const leader = standings[0]?.[1].points ?? 0;
  return {
    available,
    contenders: standings.filter(([, s]) => s.points + available >= leader).map(([d]) => d),
  };
}

type Row = Record<string, string | number>;
/** One line per series (`[label, colour]`), keeping only the rows of those series. */
const pointsChart = (
  id: string,
  title: string,
  field: 'driver' | 'team',
  rows: Row[],
  series: string[][],
) => {
  const domain = series.map(([label]) => label ?? '');
  const chart: ChartDraft = {
    id,
    kind: 'points',
    title,
    spec: {
      mark: 'line',
      orientation: 'vertical',
      x: { field: 'round', label: 'Round', type: 'ordinal', format: 'integer' },
      y: { field: 'points', label: 'Points', type: 'quantitative', unit: 'pts' },
      series: { field, label: field === 'driver' ? 'Driver' : 'Team' },
      color: {
        field,
        label: field === 'driver' ? 'Driver' : 'Team',
        domain,
        range: series.map(([, c]) => c ?? ''),
      },
      tooltip: [{ field: 'race', label: 'Race' }],
      data: rows.filter((row) => domain.includes(String(row[field]))),
    },
  };
  return chart;
};

/** Empty (0 pts) to full colour; a low score stays visibly tinted. */
const HEAT_RANGE: [string, string] = ['#f3f1ea', '#b3122e'];

/**
 * Points each driver scored at each round (Grand Prix plus that weekend's sprint), drivers in
 * championship order and rounds across: a cell per driver and round, null where the driver was not
 * entered, so a missed round reads differently from a pointless one.
 */
function pointsHeatmap(
  season: number,
  races: SeasonRaceInput[],
  drivers: string[],
  code: (ref: string) => string,
): ChartDraft {
  const data: Record<string, string | number | null>[] = [];
  for (const { race, results, sprintResults } of races) {
    const scored = new Map<string, number>();
    for (const r of [...results, ...sprintResults])
      scored.set(r.driver, (scored.get(r.driver) ?? 0) + r.points);
    for (const d of drivers) {
      data.push({ driver: code(d), round: race.round, race: race.name, points: scored.get(d) ?? null });
    }
  }
  return {
    id: 'points-heatmap',
    kind: 'heatmap',
    title: `${season} points by round`,
    subtitle:
      'Grand Prix and sprint points each weekend; drivers in championship order, blank where not entered',
    spec: {
      mark: 'heatmap',
      orientation: 'vertical',
      x: { field: 'round', label: 'Round', type: 'ordinal', format: 'integer' },
      y: { field: 'driver', label: 'Driver', type: 'nominal' },
      heat: { field: 'points', label: 'Points', unit: 'pts', range: HEAT_RANGE, labels: true },
      tooltip: [{ field: 'race', label: 'Race' }],
      data,
    },
  };
}

/**
 * A season's championship picture: cumulative points per round (race + sprint of that weekend), driver and
 * constructor standings summed from the results (ties on countback), wins, podiums, poles (qualifying
 * position 1) and fastest laps (Ergast fastest-lap rank 1, recorded from 2004).
 *
 * When `remaining` lists the rounds still to run, the title is open for every driver `titleContenders`
 * returns; it assumes 2010+ scoring and covers the drivers' title only. Standings are sums of the points
 * awarded: before 1991 (dropped scores) they can exceed the official table (flagged). Points charts show
 * the top ten drivers and twelve teams; the tables hold everyone.
 */
export function seasonSummary(input: {
  season: number;
  races: SeasonRaceInput[];
  remaining?: { round: number; sprint: boolean }[];
  drivers: DriverInfo[];
}): AnalysisOutput {
  const { season } = input;
  const races = [...input.races].sort((a, b) => a.race.round - b.race.round);
  const remaining = input.remaining ?? [];
  const open = remaining.length > 0;
  const info = new Map(input.drivers.map((d) => [d.ref, d]));
  const name = (ref: string) => info.get(ref)?.name ?? ref;
  const code = (ref: string) => info.get(ref)?.code ?? ref;
  const teamNames = new Map(input.drivers.map((d) => [d.teamRef, d.teamName]));
  const teamName = (ref: string) => teamNames.get(ref) ?? ref;

  const stats = seasonStats(races);
  const standings = [...stats.entries()].sort(([, a], [, b]) => byCountback(a, b));
  const [leader, second] = standings;
  if (!leader) throw new Error(`no results are recorded for the ${season} season`);

  // Cumulative points after each round, for every driver and team of the season.
  const driverTotals = new Map<string, number>();
  const teamTotals = new Map<string, number>();
  const driverRows: Row[] = [];
  const teamRows: Row[] = [];
  for (const { race, results, sprintResults } of races) {
    for (const r of [...results, ...sprintResults]) {
      driverTotals.set(r.driver, (driverTotals.get(r.driver) ?? 0) + r.points);
      teamTotals.set(r.teamRef, (teamTotals.get(r.teamRef) ?? 0) + r.points);
    }
    const at = { round: race.round, race: race.name };
    for (const [d] of standings)
      driverRows.push({ ...at, driver: code(d), points: driverTotals.get(d) ?? 0 });
    for (const [t, points] of teamTotals) teamRows.push({ ...at, team: teamName(t), points });
  }
  const teams = [...teamTotals.entries()].sort(([, a], [, b]) => b - a);
  const [topTeam] = teams;

  const facts: Fact[] = [
    { label: 'season', value: season },
    { label: 'rounds with results', value: races.length },
    { label: open ? "drivers' championship leader" : "drivers' champion", value: name(leader[0]) },
  ];
  if (second) {
    const margin = Math.round((leader[1].points - second[1].points) * 10) / 10;
    facts.push({ label: 'margin over second', value: margin, unit: 'pts' });
  }
  if (topTeam) {
    facts.push({
      label: open ? "constructors' leader" : "constructors' champion",
      value: teamName(topTeam[0]),
    });
    facts.push({ label: `${teamName(topTeam[0])} constructors' points`, value: topTeam[1], unit: 'pts' });
  }
  for (const [d, s] of standings) {
    if (s.points === 0 && s.wins === 0 && s.poles === 0) continue;
    const n = name(d);
    facts.push({ label: `${n} points`, value: s.points, unit: 'pts' }, { label: `${n} wins`, value: s.wins });
    facts.push({ label: `${n} podiums`, value: s.podiums }, { label: `${n} poles`, value: s.poles });
    facts.push({ label: `${n} fastest laps`, value: s.fastestLaps });
  }

  const quality: AnalysisOutput['quality'] = [];
  if (open) {
    const { available, contenders } = titleContenders(season, standings, remaining);
    facts.push({ label: 'races remaining', value: remaining.length });
    facts.push({ label: 'sprints remaining', value: remaining.filter((r) => r.sprint).length });
    facts.push({ label: 'maximum points still available to one driver', value: available, unit: 'pts' });
    facts.push({ label: 'drivers who can still win the title', value: contenders.map(name).join(', ') });
    facts.push({ label: 'title decided', value: contenders.length === 1 ? 'yes' : 'no' });
    if (season < 2010)
      quality.push({ code: 'old_scoring', message: 'Title contention assumes 2010+ scoring.' });
  }
  if (season < 1991) {
    const message =
      "Before 1991 only a driver's best results counted; these sums can exceed the official totals.";
    quality.push({ code: 'dropped_scores', message });
  }
  if (season < 2004)
    quality.push({ code: 'no_fastest_lap_rank', message: 'Fastest laps are recorded from 2004.' });

  const standingsTable: Table = {
    name: "Drivers' standings",
    columns: ['Pos', 'Driver', 'Team(s)', 'Points', 'Wins', 'Podiums', 'Poles', 'Fastest laps'],
    rows: standings.map(([d, s], i) => [
      i + 1,
      name(d),
      s.teams.map(teamName).join(', '),
      s.points,
      s.wins,
      s.podiums,
      s.poles,
      s.fastestLaps,
    ]),
  };
  const teamTable: Table = {
    name: "Constructors' standings",
    columns: ['Pos', 'Team', 'Points'],
    rows: teams.map(([t, p], i) => [i + 1, teamName(t), p]),
  };

  const topDrivers = standings.slice(0, 10).map(([d, st]) => [code(d), teamColour(st.teams.at(-1) ?? '')]);
  const topTeams = teams.slice(0, 12).map(([t]) => [teamName(t), teamColour(t)]);
  return {
    facts,
    tables: [standingsTable, teamTable],
    charts: [
      pointsChart(
        'points-drivers',
        `${season} drivers' points, round by round`,
        'driver',
        driverRows,
        topDrivers,
      ),
      pointsChart(
        'points-constructors',
        `${season} constructors' points, round by round`,
        'team',
        teamRows,
        topTeams,
      ),
      pointsHeatmap(
        season,
        races,
        standings.map(([d]) => d),
        code,
      ),
    ],
    sources: [ERGAST_SOURCE(`${season} race, sprint and qualifying classifications (ergast)`)],
    quality,
  };
}
