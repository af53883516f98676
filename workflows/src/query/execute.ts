import type { Fact, Query, Table } from '@pitwall/db/contracts';
import { ERGAST_SOURCE } from '../analyses/race-classification.ts';
import type { AnalysisOutput } from '../analyses/types.ts';
import type { Warehouse } from '../warehouse.ts';
import { metricOf } from './catalog.ts';
import { metricChart } from './chart.ts';
import { formatValue, type Metric, type Observation } from './metric.ts';
import { describeScope, type Group, phraseAnswer } from './phrase.ts';
import { championRefs } from './reads.ts';

/** A query the executor cannot run as asked: the message says why, for the answer or the question back. */
export class QueryError extends Error {
  constructor(
    message: string,
    readonly code: 'unknown_metric' | 'no_data' | 'unsupported',
  ) {
    super(message);
  }
}

/** An answer to a metric query: the analysis output plus the sentence that answers the question. */
export type QueryAnswer = AnalysisOutput & { headline: string };

const teamLevel = (q: Query) => q.subject === 'team' || (q.teams.length > 0 && q.drivers.length === 0);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The observations of one subject (or subject and season/race) folded by the query's aggregation. */
function fold(metric: Metric, query: Query, rows: Observation[]): Pick<Group, 'value' | 'races' | 'pick'> {
  const races = new Set(rows.map((r) => r.raceId)).size;
  const values = rows.map((r) => r.value);
  const sum = values.reduce((a, b) => a + b, 0);
  const lowerIsBetter = metric.better === 'lower';
  const byValue = [...rows].sort((a, b) => (lowerIsBetter ? a.value - b.value : b.value - a.value));
  switch (query.aggregate) {
    case 'average':
      return {
        value: metric.kind === 'count' ? sum / Math.max(races, 1) : sum / Math.max(values.length, 1),
        races,
      };
    case 'median':
      return { value: median(values), races };
    case 'best':
      return { value: byValue[0]?.value ?? 0, races, pick: byValue[0] };
    case 'worst':
      return { value: byValue.at(-1)?.value ?? 0, races, pick: byValue.at(-1) };
    case 'first':
    case 'last': {
      const held = metric.kind === 'count' ? rows.filter((r) => r.value > 0) : rows;
      const pick = query.aggregate === 'first' ? held[0] : held.at(-1);
      return { value: pick?.value ?? 0, races, pick };
    }
    case 'value':
      if (metric.kind === 'value' && rows.length === 1)
        return { value: values[0] ?? 0, races, pick: rows[0] };
      if (metric.kind === 'value') return { value: sum / Math.max(values.length, 1), races };
      return { value: sum, races };
    default:
      return { value: sum, races };
  }
}

function groupKey(query: Query, r: Observation): string {
  const subject = teamLevel(query) ? r.team : r.driver;
  if (query.per === 'season') return `${subject}|${r.season}`;
  if (query.per === 'race') return `${subject}|${r.raceId}`;
  return subject;
}

/**
 * Runs a metric query over the warehouse: observe, filter, group by subject (and season or race), fold,
 * rank, and phrase. Every number in the headline is one of the facts returned with it.
 */
export async function executeQuery(db: Warehouse, query: Query): Promise<QueryAnswer> {
  const metric = metricOf(query.metric);
  if (!metric) throw new QueryError(`there is no metric called "${query.metric}"`, 'unknown_metric');
  const session = query.session ?? metric.defaultSession;
  if (session && !metric.sessions.includes(session)) {
    throw new QueryError(`${metric.label} are not recorded for the ${session}`, 'unsupported');
  }
  const notes = [...query.notes];
  const from = query.scope.race?.season ?? query.scope.seasons?.from;
  const to = query.scope.race?.season ?? query.scope.seasons?.to;
  if (metric.since && to !== undefined && to < metric.since) {
    throw new QueryError(`${metric.label} are in the data from ${metric.since} on, not for ${to}`, 'no_data');
  }
  if (metric.since && (from === undefined || from < metric.since)) {
    notes.push(`${metric.label} are counted from ${metric.since}, where the data starts`);
  }

  const observed = await metric.observe(db, query, session);
  let rows = observed;
  const { position, finished, fromPole, withoutWin, neverChampion } = query.filters;
  if (position) {
    rows = rows.filter(
      (r) => r.position !== null && r.position >= (position.min ?? 1) && r.position <= (position.max ?? 99),
    );
  }
  if (finished !== undefined) rows = rows.filter((r) => r.classified === finished);
  if (fromPole) rows = rows.filter((r) => r.grid === 1);
  const subjectOf = (r: Observation) => (teamLevel(query) ? r.team : r.driver);
  if (withoutWin) {
    const wins = metricOf('wins');
    const winners = new Set(
      (await wins?.observe(db, query, session === 'sprint' ? 'sprint' : 'race'))
        ?.filter((r) => r.value > 0)
        .map(subjectOf),
    );
    rows = rows.filter((r) => !winners.has(subjectOf(r)));
  }
  if (neverChampion) {
    const champions = await championRefs(db);
    rows = rows.filter((r) => !champions.has(r.driver));
  }
  const named = teamLevel(query) ? query.teams : query.drivers;
  if (named.length > 0) rows = rows.filter((r) => named.includes(subjectOf(r)));
  // A driver and a team named together: the driver's races for that team ("Hamilton's starts for Mercedes").
  if (!teamLevel(query) && query.teams.length > 0) rows = rows.filter((r) => query.teams.includes(r.team));
  if (rows.length === 0) {
    throw new QueryError(
      `no ${metric.label} ${describeScope(query)} match that question in the data`,
      'no_data',
    );
  }

  if (query.age) return youngestOrOldest(metric, query, rows);
  if (metric.level === 'race') return raceLevel(metric, query, rows);

  const buckets = new Map<string, Observation[]>();
  for (const r of rows) {
    const key = groupKey(query, r);
    const list = buckets.get(key);
    if (list) list.push(r);
    else buckets.set(key, [r]);
  }
  let groups: Group[] = [...buckets.values()].map((list) => {
    const first = list[0] as Observation;
    return {
      subject: subjectOf(first),
      name: teamLevel(query) ? first.teamName : first.driverName,
      team: first.teamName,
      season:
        query.per === 'season' || new Set(list.map((r) => r.season)).size === 1 ? first.season : undefined,
      rows: list,
      ...fold(metric, query, list),
    };
  });
  // Named subjects keep the question's order; everyone else is ranked.
  const most = query.rank?.order !== 'fewest';
  if (named.length > 0) groups.sort((a, b) => named.indexOf(a.subject) - named.indexOf(b.subject));
  else if (query.aggregate === 'first' || query.aggregate === 'last') {
    groups = groups.filter((g) => g.pick);
    groups.sort((a, b) => (a.pick?.date ?? '').localeCompare(b.pick?.date ?? ''));
    if (query.aggregate === 'last') groups.reverse();
  } else {
    // Counts rank most-first ("fewest" reverses); values rank best-first by the metric's direction
    // ("worst" reverses): the quickest stop, the best average finish.
    const ascending =
      metric.kind === 'value' && query.aggregate !== 'total'
        ? (metric.better === 'lower') !== (query.aggregate === 'worst')
        : !most;
    groups.sort((a, b) => (ascending ? a.value - b.value : b.value - a.value));
  }

  const facts: Fact[] = [];
  for (const g of groups.slice(0, 10)) {
    facts.push({
      label: `${g.name}${g.season && query.per === 'season' ? ` (${g.season})` : ''}: ${metric.label}`,
      value: round(g.value),
    });
  }
  const answer = phraseAnswer(metric, query, groups, notes, observed);
  facts.push(...answer.facts);
  const chart = metricChart(metric, query, groups, rows);
  return {
    headline: answer.text,
    facts,
    tables: [tableOf(metric, query, groups, rows)],
    charts: chart ? [chart] : [],
    sources: [ERGAST_SOURCE(`${metric.label} ${describeScope(query)}`.trim())],
    // Notes on the question are shown with what was understood; quality notes are about the data.
    quality: [],
  };
}

/**
 * Events that belong to races (safety cars, red flags): how many in one race and when, how many over a
 * scope and in how many races, or the race that had the most.
 */
function raceLevel(metric: Metric, query: Query, rows: Observation[]): QueryAnswer {
  const where = describeScope(query);
  const races = new Map<number, Observation[]>();
  for (const r of rows) races.set(r.raceId, [...(races.get(r.raceId) ?? []), r]);
  const total = rows.length;
  let headline: string;
  if (query.scope.race) {
    const details = rows.map((r) => r.detail ?? '').filter(Boolean);
    headline = `There ${total === 1 ? 'was' : 'were'} ${metric.say(String(total), total)} ${where}${details.length ? `: ${details.join('; ')}` : ''}.`;
  } else if (query.rank) {
    const ranked = [...races.values()].sort((a, b) =>
      query.rank?.order === 'fewest' ? a.length - b.length : b.length - a.length,
    );
    const [top] = ranked;
    const first = top?.[0] as Observation;
    headline = `The ${first.season} ${first.race} had the ${query.rank.order === 'fewest' ? 'fewest' : 'most'} ${metric.label} ${where}: ${top?.length}.`;
  } else {
    headline = `There ${total === 1 ? 'was' : 'were'} ${metric.say(String(total), total)} ${where}, in ${races.size} ${races.size === 1 ? 'race' : 'races'}.`;
  }
  return {
    headline,
    facts: [
      { label: `${metric.label} ${where}`, value: total },
      { label: `races with ${metric.label} ${where}`, value: races.size },
    ],
    tables: [
      {
        name: `${metric.label[0]?.toUpperCase()}${metric.label.slice(1)} ${where}`,
        columns: ['Season', 'Round', 'Race', 'Detail'],
        rows: rows.map((r) => [r.season, r.round, r.race, r.detail ?? null]),
      },
    ],
    charts: [],
    sources: [ERGAST_SOURCE(`${metric.label} ${where}`)],
    quality: [],
  };
}

/** Whole years and days from a birth date to a race date (both ISO). */
export function ageOn(dob: string, date: string): { years: number; days: number } {
  const born = new Date(`${dob}T00:00:00Z`);
  const day = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  let years = day.getUTCFullYear() - born.getUTCFullYear();
  const birthday = (y: number) => Date.UTC(y, born.getUTCMonth(), born.getUTCDate());
  if (day.getTime() < birthday(day.getUTCFullYear())) years -= 1;
  const last = birthday(born.getUTCFullYear() + years);
  return { years, days: Math.round((day.getTime() - last) / 86_400_000) };
}

/** "The youngest winner": the race where the metric held for the youngest (or oldest) driver that day. */
function youngestOrOldest(metric: Metric, query: Query, rows: Observation[]): QueryAnswer {
  const held = rows.filter((r) => r.dob && (metric.kind === 'value' || r.value > 0));
  if (held.length === 0)
    throw new QueryError(`no ${metric.label} ${describeScope(query)} with a known date of birth`, 'no_data');
  const days = (r: Observation) => (Date.parse(r.date) - Date.parse(r.dob as string)) / 86_400_000;
  const sorted = [...held].sort((a, b) => (query.age === 'oldest' ? days(b) - days(a) : days(a) - days(b)));
  const pick = sorted[0] as Observation;
  const age = ageOn(pick.dob as string, pick.date);
  const where = describeScope(query);
  const headline = `${pick.driverName} (${pick.teamName}) ${metric.event ?? metric.label} the ${pick.season} ${pick.race} aged ${age.years} years and ${age.days} days, the ${query.age} driver ${where === 'of all time' ? 'ever' : where} to do so.`;
  const seen = new Set<string>();
  const table = sorted
    .filter((r) => !seen.has(r.driver) && seen.add(r.driver))
    .slice(0, 10)
    .map((r, i) => {
      const a = ageOn(r.dob as string, r.date);
      return [i + 1, r.driverName, r.teamName, `${r.season} ${r.race}`, `${a.years} y ${a.days} d`];
    });
  return {
    headline,
    facts: [
      { label: `${pick.driverName} age in years`, value: age.years },
      { label: `${pick.driverName} and days`, value: age.days },
    ],
    tables: [
      {
        name: `${query.age} (${metric.label}) ${where}`,
        columns: ['Rank', 'Driver', 'Team', 'Race', 'Age'],
        rows: table,
      },
    ],
    charts: [],
    sources: [ERGAST_SOURCE(`${metric.label} and dates of birth ${where}`)],
    quality: [],
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** The table behind the answer: one row per subject when ranking or comparing, else one per race. */
function tableOf(metric: Metric, query: Query, groups: Group[], rows: Observation[]): Table {
  const perRace = groups.length <= 3 && rows.length <= 80 && !query.rank;
  if (perRace) {
    return {
      name: `${metric.label} ${describeScope(query)}`.trim(),
      columns: [
        'season',
        'round',
        'race',
        teamLevel(query) ? 'team' : 'driver',
        'team',
        metric.label,
        'detail',
      ],
      rows: rows.map((r) => [
        r.season,
        r.round,
        r.race,
        teamLevel(query) ? r.teamName : r.driverName,
        r.teamName,
        metric.unit === 'ms' || metric.unit === 'position'
          ? formatValue(metric.unit, r.value)
          : round(r.value),
        r.detail ?? null,
      ]),
    };
  }
  return {
    name: `${metric.label} ${describeScope(query)}`.trim(),
    columns: [
      'rank',
      teamLevel(query) ? 'team' : 'driver',
      ...(query.per === 'season' ? ['season'] : []),
      metric.label,
      'races',
    ],
    rows: groups
      .slice(0, 30)
      .map((g, i) => [
        i + 1,
        g.name,
        ...(query.per === 'season' ? [g.season ?? null] : []),
        metric.unit === 'ms' || metric.unit === 'position'
          ? formatValue(metric.unit, g.value)
          : round(g.value),
        g.races,
      ]),
  };
}
