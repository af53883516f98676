import type { Aggregate, CatalogEntry, Query, QuerySession } from '@pitwall/db/contracts';
import { metricName, titleCase } from './understood.ts';

/** One choice of a chip's list: the value the edit applies, its words, and the group it is listed under. */
export type ChipOption = { value: string; label: string; group?: string };

/**
 * One part of the understood query as a chip: what it is, its value in words, and, when it can be edited,
 * the values it can take (`current` is the option that matches the query as it stands).
 */
export type QueryChip = {
  key: string;
  kind: string;
  value: string;
  current?: string;
  options?: ChipOption[];
};

/** What the chips offer besides the query itself: the seasons in the data and what one season holds. */
export type ChipContext = {
  /** Every season with data, oldest first. */
  seasons: readonly number[];
  /** The races of a season in round order, when known. */
  races: (season: number) => readonly { round: number; name: string }[] | undefined;
  /** The drivers and teams of the query's season, when known (from the season's data bundle). */
  drivers?: readonly { ref: string; name: string }[];
  teams?: readonly { ref: string; name: string }[];
  /** The metrics and views a query may name (GET /api/catalog), when published. */
  metrics?: readonly CatalogEntry[];
};

const SESSIONS: Record<QuerySession, string> = {
  race: 'Race',
  sprint: 'Sprint',
  qualifying: 'Qualifying',
  fp1: 'FP1',
  fp2: 'FP2',
  fp3: 'FP3',
  sprint_qualifying: 'Sprint qualifying',
};
const AGGREGATES: Record<Aggregate, string> = {
  total: 'Total',
  average: 'Average',
  median: 'Median',
  best: 'Best',
  worst: 'Worst',
  value: 'One race',
  list: 'Everyone',
  first: 'First time',
  last: 'Last time',
};
/** The session option that leaves the metric's own session. */
const OWN_SESSION = '';
const ALL_SEASONS = 'all';
const WHOLE_SEASON = 'season';
const REMOVE = '';

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const GROUPS = { metric: 'Numbers', view: 'Charts' } as const;

/**
 * The metric chip: what is measured, or the charted view. With the catalog it offers every metric and view
 * the query's season has data for; without it, it only shows.
 */
function metricChip(query: Query, ctx: ChipContext): QueryChip {
  const entries = ctx.metrics ?? [];
  const current = entries.find((e) => e.id === query.metric);
  const value = current ? capital(current.label) : metricName(query.metric);
  if (entries.length === 0) return { key: 'metric', kind: 'Metric', value };
  const season = singleSeason(query);
  const offered = entries.filter(
    (e) => e.id === query.metric || season === undefined || e.since === undefined || e.since <= season,
  );
  const options = (['metric', 'view'] as const).flatMap((kind) =>
    offered
      .filter((e) => e.kind === kind)
      .map((e) => ({ value: e.id, label: capital(e.label), group: GROUPS[kind] })),
  );
  if (!current) options.unshift({ value: query.metric, label: value, group: GROUPS.metric });
  return { key: 'metric', kind: 'Metric', value, current: query.metric, options };
}

/**
 * A new metric's aggregation: a view reads its one race or season (`value`); a metric after a view reads
 * one race's list (or a named driver's value) or its own aggregation; a metric after a metric keeps it.
 */
function aggregateFor(query: Query, metric: string, ctx: ChipContext): Aggregate {
  const entries = ctx.metrics ?? [];
  const next = entries.find((e) => e.id === metric);
  const previous = entries.find((e) => e.id === query.metric);
  if (next?.kind === 'view') return 'value';
  if (previous?.kind === 'metric') return query.aggregate;
  if (query.scope.race) return query.drivers.length + query.teams.length > 0 ? 'value' : 'list';
  return next?.aggregate ?? 'total';
}

/** The one season a query is about, if it is about one. */
export function singleSeason(query: Query): number | undefined {
  const { race, seasons } = query.scope;
  if (race) return race.season;
  return seasons && seasons.from === seasons.to ? seasons.from : undefined;
}

function seasonChip(query: Query, ctx: ChipContext): QueryChip {
  const { race, seasons } = query.scope;
  const one = singleSeason(query);
  const value = one !== undefined ? String(one) : seasons ? `${seasons.from}–${seasons.to}` : 'All';
  const current = one !== undefined ? String(one) : seasons ? `${seasons.from}-${seasons.to}` : ALL_SEASONS;
  const options: ChipOption[] = [...ctx.seasons]
    .reverse()
    .map((s) => ({ value: String(s), label: String(s) }));
  if (seasons && seasons.from !== seasons.to) options.unshift({ value: current, label: value });
  // A race is one season; the others may widen to every season (a career, an all-time record).
  if (!race) options.unshift({ value: ALL_SEASONS, label: 'All seasons' });
  if (!options.some((o) => o.value === current)) options.unshift({ value: current, label: value });
  return { key: 'season', kind: one !== undefined ? 'Season' : 'Seasons', value, current, options };
}

function raceChip(query: Query, ctx: ChipContext): QueryChip | undefined {
  const { race } = query.scope;
  const season = singleSeason(query);
  if (season === undefined) return undefined;
  const races = ctx.races(season) ?? (race ? [race] : []);
  const options = [
    { value: WHOLE_SEASON, label: `Whole ${season} season` },
    ...races.map((r) => ({ value: String(r.round), label: r.name })),
  ];
  if (race && !races.some((r) => r.round === race.round))
    options.push({ value: String(race.round), label: race.name });
  return {
    key: 'race',
    kind: 'Race',
    value: race ? race.name : 'Every race',
    current: race ? String(race.round) : WHOLE_SEASON,
    options,
  };
}

function subjectChips(
  kind: 'Driver' | 'Team',
  refs: readonly string[],
  known: readonly { ref: string; name: string }[] | undefined,
): QueryChip[] {
  return refs.map((ref, i) => {
    const others = (known ?? []).filter((k) => k.ref === ref || !refs.includes(k.ref));
    const options = [
      { value: REMOVE, label: `No ${kind.toLowerCase()} (everyone)` },
      ...others.map((k) => ({ value: k.ref, label: k.name })),
    ];
    if (!others.some((k) => k.ref === ref)) options.push({ value: ref, label: titleCase(ref) });
    const name = known?.find((k) => k.ref === ref)?.name ?? titleCase(ref);
    return { key: `${kind.toLowerCase()}:${i}`, kind, value: name, current: ref, options };
  });
}

/**
 * The understood query as chips: metric, whom, season(s), race, circuit, session and aggregation. Every
 * chip but the circuit can be edited (the metric once the catalog is known); what it can become comes
 * from `ctx`.
 */
export function queryChips(query: Query, ctx: ChipContext): QueryChip[] {
  const race = raceChip(query, ctx);
  const circuit = query.scope.circuit;
  const isView = ctx.metrics?.find((e) => e.id === query.metric)?.kind === 'view';
  return [
    metricChip(query, ctx),
    ...subjectChips('Driver', query.drivers, ctx.drivers),
    ...subjectChips('Team', query.teams, ctx.teams),
    seasonChip(query, ctx),
    ...(race ? [race] : []),
    ...(circuit ? [{ key: 'circuit', kind: 'Circuit', value: circuit.name }] : []),
    {
      key: 'session',
      kind: 'Session',
      value: query.session ? SESSIONS[query.session] : 'Default',
      current: query.session ?? OWN_SESSION,
      options: [
        { value: OWN_SESSION, label: 'Default (the metric’s own)' },
        ...Object.entries(SESSIONS).map(([value, label]) => ({ value, label })),
      ],
    },
    // A view draws its race or season whole: there is nothing to aggregate.
    ...(isView
      ? []
      : [
          {
            key: 'aggregate',
            kind: 'Aggregation',
            value: AGGREGATES[query.aggregate],
            current: query.aggregate,
            options: Object.entries(AGGREGATES).map(([value, label]) => ({ value, label })),
          },
        ]),
  ];
}

function withSeason(query: Query, value: string, ctx: ChipContext): Query['scope'] {
  const { rounds, circuit, race } = query.scope;
  const rest = { ...(rounds ? { rounds } : {}), ...(circuit ? { circuit } : {}) };
  if (value === ALL_SEASONS) return rest;
  const range = /^(\d{4})-(\d{4})$/.exec(value);
  if (range) return { ...rest, seasons: { from: Number(range[1]), to: Number(range[2]) } };
  const season = Number(value);
  if (race) {
    // The same Grand Prix in the other season, where it was held; otherwise that season as a whole.
    const same = ctx.races(season)?.find((r) => r.name === race.name);
    if (same) return { ...rest, race: { season, round: same.round, name: same.name } };
  }
  return { ...rest, seasons: { from: season, to: season } };
}

function withRace(query: Query, value: string, ctx: ChipContext): Query['scope'] {
  const { race: _race, seasons: _seasons, ...rest } = query.scope;
  const season = singleSeason(query);
  if (season === undefined) return query.scope;
  if (value === WHOLE_SEASON) return { ...rest, seasons: { from: season, to: season } };
  const round = Number(value);
  const picked =
    ctx.races(season)?.find((r) => r.round === round) ??
    (query.scope.race?.round === round ? query.scope.race : undefined);
  return picked ? { ...rest, race: { season, round, name: picked.name } } : query.scope;
}

function withSubject(refs: readonly string[], index: number, value: string): string[] {
  const next = [...refs];
  if (value === REMOVE) next.splice(index, 1);
  else next[index] = value;
  return next.filter((ref, i) => next.indexOf(ref) === i);
}

/**
 * The query with one chip changed, to run as is. The question's notes described what the typed words
 * did not say; an edited query says exactly what it asks, so they are dropped.
 */
export function editQuery(query: Query, key: string, value: string, ctx: ChipContext): Query {
  const base: Query = { ...query, notes: [] };
  const [part, at] = key.split(':');
  switch (part) {
    case 'metric':
      return { ...base, metric: value, aggregate: aggregateFor(query, value, ctx) };
    case 'season':
      return { ...base, scope: withSeason(query, value, ctx) };
    case 'race':
      return { ...base, scope: withRace(query, value, ctx) };
    case 'session': {
      const { session: _session, ...rest } = base;
      return value === OWN_SESSION ? rest : { ...rest, session: value as QuerySession };
    }
    case 'aggregate':
      return { ...base, aggregate: value as Aggregate };
    case 'driver':
      return { ...base, drivers: withSubject(query.drivers, Number(at), value) };
    case 'team':
      return { ...base, teams: withSubject(query.teams, Number(at), value) };
    default:
      return query;
  }
}
