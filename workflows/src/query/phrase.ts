import type { Fact, Query } from '@pitwall/db/contracts';
import { formatValue, type Metric, type Observation, plural } from './metric.ts';

/** How the parser reports the words it did not use, among a query's notes. */
export const UNUSED = 'not used:';

/** One subject's (or subject-season's) folded observations. */
export type Group = {
  subject: string;
  name: string;
  team: string;
  season: number | undefined;
  rows: Observation[];
  value: number;
  races: number;
  /** The observation a best, worst, first or last answer points at. */
  pick?: Observation | undefined;
};

export function joinNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** "lap 13", "lap 36" → "laps 13 and 36". */
const laps = (details: string[]) =>
  details.every((d) => d.startsWith('lap ')) && details.length > 1
    ? `laps ${joinNames(details.map((d) => d.slice(4)))}`
    : joinNames(details);

const titleRef = (ref: string) =>
  ref
    .split('_')
    .map((w) => `${w[0]?.toUpperCase()}${w.slice(1)}`)
    .join(' ');

const raceName = (o: Pick<Observation, 'season' | 'race'>) => `the ${o.season} ${o.race}`;

/** Where and when, as words: "at the 2023 Monaco Grand Prix", "in 2024 after round 10", "in his career". */
export function describeScope(query: Query): string {
  const { race, seasons, rounds, circuit } = query.scope;
  if (race) return `at the ${race.season} ${race.name}`;
  const parts: string[] = [];
  // A driver's races for one team: "for Mercedes".
  if (query.drivers.length > 0 && query.teams.length > 0)
    parts.push(`for ${query.teams.map(titleRef).join(' and ')}`);
  if (circuit) parts.push(`at ${circuit.name}`);
  if (seasons)
    parts.push(
      seasons.from === seasons.to
        ? `in ${seasons.from}`
        : seasons.from <= 1950
          ? `up to the end of ${seasons.to}`
          : `from ${seasons.from} to ${seasons.to}`,
    );
  if (rounds?.to !== undefined && rounds.from === undefined) parts.push(`after round ${rounds.to}`);
  else if (rounds?.from !== undefined && rounds.to === undefined) parts.push(`from round ${rounds.from}`);
  else if (rounds?.from !== undefined && rounds.to !== undefined)
    parts.push(`in rounds ${rounds.from} to ${rounds.to}`);
  if (parts.length === 0)
    parts.push(query.drivers.length + query.teams.length > 0 ? 'in total' : 'of all time');
  if (query.per === 'season' && !seasons) parts[parts.length - 1] = 'in a single season';
  if (query.per === 'race') parts.push('in a single race');
  return parts.join(' ');
}

/** Sessions named beside an answer about them: "(FP2)", "(sprint qualifying)". */
const CLASSIFIED_SESSION_WORDS: Partial<Record<string, string>> = {
  fp1: 'FP1',
  fp2: 'FP2',
  fp3: 'FP3',
  sprint_qualifying: 'sprint qualifying',
};

/**
 * "(sprint)" beside one race's answer, "(sprints)" beside a season's, "(FP2)" beside a practice answer,
 * nothing for a Grand Prix.
 */
const sessionWords = (query: Query, metric: Metric) =>
  CLASSIFIED_SESSION_WORDS[query.session ?? metric.defaultSession ?? '']
    ? ` (${CLASSIFIED_SESSION_WORDS[query.session ?? metric.defaultSession ?? '']})`
    : query.session === 'sprint' && metric.sessions.includes('race')
      ? query.scope.race
        ? ' (sprint)'
        : ' (sprints)'
      : '';

const shown = (metric: Metric, value: number) => formatValue(metric.unit, value);

function subjectLabel(g: Group, query: Query) {
  if (query.per === 'race' && g.rows[0]) return `${g.name} (${g.rows[0].season} ${g.rows[0].race})`;
  return query.per === 'season' && g.season ? `${g.name} (${g.season})` : g.name;
}

/**
 * The answer's opening: a sentence that answers the question asked, with full names and units, then a
 * sentence or two of context, each with the facts that carry its numbers. What the query noted (a
 * qualifier answered differently) comes first, so nothing is substituted silently.
 */
export function phraseAnswer(
  metric: Metric,
  query: Query,
  groups: Group[],
  notes: string[],
  /** Every observation in scope before filters: context such as the lead over second place reads it. */
  field: Observation[] = [],
): { text: string; facts: Fact[] } {
  const facts: Fact[] = [];
  const sentences: string[] = [];
  // What was answered differently leads the answer; words merely not used are shown with the understanding.
  const substitutions = notes.filter((n) => !n.startsWith(UNUSED));
  if (substitutions.length > 0) sentences.push(`Note: ${substitutions.join('; ')}.`);
  const scope = describeScope(query);
  const session = sessionWords(query, metric);
  const named = query.drivers.length + query.teams.length;
  const top = groups[0];
  if (!top) return { text: `No ${metric.label} ${scope}.`, facts };

  if (query.aggregate === 'list') {
    // One race: everyone the metric holds for, in order.
    const held = groups
      .flatMap((g) => g.rows.filter((r) => metric.kind === 'value' || r.value > 0))
      .sort((a, b) => (a.position ?? 99) - (b.position ?? 99));
    if (held.length === 0) {
      sentences.push(`Nobody ${metric.event ?? metric.label} ${scope.replace(/^at /, '')}.`);
    } else if (
      metric.kind === 'value' &&
      held.length === 1 &&
      metric.unit === 'position' &&
      held[0]?.position === 1 &&
      metric.id.startsWith('championship')
    ) {
      // "Who won the 2021 constructors' title", "who led after round 5": the leader, said so.
      const leader = held[0];
      const table = query.subject === 'team' || query.teams.length > 0 ? "constructors'" : "drivers'";
      sentences.push(`${leader.driverName} topped the ${table} standings ${scope}.`);
      facts.push({ label: `${leader.driverName} ${metric.label}`, value: 1 });
    } else if (metric.kind === 'value' && held.length === 1 && held[0]) {
      // "Who finished P2": one driver, one sentence.
      const only = held[0];
      sentences.push(
        `${only.driverName} (${only.teamName}) ${metric.say(formatValue(metric.unit, only.value), only.value)} at ${raceName(only)}${session}.`,
      );
      facts.push({ label: `${only.driverName} ${metric.label}`, value: only.value });
    } else if (metric.kind === 'value') {
      const order = held
        .slice(0, 10)
        .map(
          (r) =>
            `${formatValue(metric.unit, r.value)} ${r.driverName}${r.teamName !== r.driverName ? ` (${r.teamName})` : ''}`,
        );
      sentences.push(
        `${query.filters.lap ? `After lap ${query.filters.lap}` : 'The order'} ${scope}${session}: ${order.join(', ')}.`,
      );
      for (const r of held.slice(0, 10))
        facts.push({ label: `${r.driverName} ${metric.label}`, value: r.value });
    } else {
      const names = held.map(
        (r) =>
          `${r.driverName}${held.length <= 3 ? ` (${r.teamName})` : ''}${metric.id === 'dnfs' && r.detail ? ` — ${r.detail}` : ''}`,
      );
      const where = held[0] ? raceName(held[0]) : scope;
      sentences.push(`${joinNames(names)} ${metric.event ?? metric.label} ${where}${session}.`);
    }
    for (const c of metric.context?.(field) ?? []) {
      sentences.push(c.text);
      facts.push(...c.facts);
    }
    return { text: sentences.join(' '), facts };
  }

  if (query.aggregate === 'first' || query.aggregate === 'last') {
    const which = query.aggregate === 'first' ? 'first' : 'last';
    const pick = top.pick;
    if (!pick) return { text: `No ${metric.label} ${scope}.`, facts };
    const who = named > 0 ? top.name : `${pick.driverName} (${pick.teamName})`;
    const where = query.scope.seasons || query.scope.circuit ? ` ${scope}` : '';
    const what =
      metric.kind === 'count'
        ? `${query.session === 'sprint' ? 'sprint ' : ''}${metric.label.replace(/s$/, '')}`
        : `${metric.label} of ${shown(metric, pick.value)}`;
    sentences.push(
      named > 0
        ? `${who}'s ${which} ${what}${where} was ${raceName(pick)} at ${pick.circuit}, on ${pick.date}.`
        : `The ${which} ${what}${where} went to ${who}: ${raceName(pick)} at ${pick.circuit}, on ${pick.date}.`,
    );
    facts.push({ label: `${which} ${metric.label.replace(/s$/, '')}`, value: `${pick.season} ${pick.race}` });
    return { text: sentences.join(' '), facts };
  }

  const amount = (g: Group) => shown(metric, g.value);
  const outOf = (g: Group) =>
    metric.perStart && g.races > 1 && query.aggregate === 'total' && !query.per
      ? ` from ${g.races} ${plural(g.races, 'start')}`
      : '';
  const said = (g: Group) => {
    const text = metric.say(amount(g), g.value);
    // "won 4 races" of sprints is "won 4 sprints".
    return query.session === 'sprint' ? text.replace(/\braces?\b/, plural(g.value, 'sprint')) : text;
  };
  const valueWords = (g: Group) =>
    query.aggregate === 'average' && metric.unit === 'ms'
      ? `${said(g)} on average`
      : query.aggregate === 'average'
        ? `averaged ${metric.kind === 'count' ? `${g.value.toFixed(2)} ${metric.label} per race` : `${metric.label === 'finishing position' || metric.unit === 'position' ? 'a position of ' : ''}${g.value.toFixed(2)}`}`
        : query.aggregate === 'median'
          ? `had a median ${metric.label} of ${metric.unit === 'ms' ? amount(g) : g.value}`
          : said(g);
  // Which race a best or worst came in (one race's answer only says where in it), or one value's detail.
  const pickWords = (g: Group) => {
    const pick = g.pick;
    if (!pick) return '';
    if (query.aggregate === 'value')
      return pick.detail && metric.unit === 'position' ? ` (${pick.detail})` : '';
    if (query.aggregate !== 'best' && query.aggregate !== 'worst') return '';
    const where = query.scope.race ? '' : raceName(pick);
    const parts = [where, pick.detail ?? ''].filter(Boolean);
    return parts.length ? ` (${parts.join(', ')})` : '';
  };
  // Filters on the races counted read after the count: "won 12 races from pole".
  const racesFilter = [
    query.filters.fromPole ? ' from pole' : '',
    query.filters.finished === true
      ? ' (finished races)'
      : query.filters.finished === false
        ? ' (races not finished)'
        : '',
  ].join('');
  // Titles, or wins at one circuit: the years they came in, when there are few.
  const heldWords = (g: Group) => {
    const held = g.rows.filter((r) => r.value > 0);
    const listed =
      metric.kind === 'count' &&
      query.aggregate === 'total' &&
      (metric.id === 'titles' || query.scope.circuit);
    return listed && held.length > 0 && held.length <= 12
      ? ` (${joinNames(held.map((r) => String(r.season)))})`
      : '';
  };
  // Several events in one race (pit stops): when each came.
  const eventWords = (g: Group) =>
    query.scope.race && g.rows.length <= 10 && g.rows.every((r) => r.detail?.startsWith('lap '))
      ? `, on ${laps(g.rows.map((r) => r.detail as string))}`
      : '';
  const sessionOf = (g: Group) =>
    query.session === 'sprint' && said(g) !== metric.say(amount(g), g.value) ? '' : session;

  if (named > 0) {
    // About the subjects the question names, in its order; two or more are compared.
    const parts = groups.map(
      (g) =>
        `${subjectLabel(g, query)} ${valueWords(g)}${sessionOf(g)}${racesFilter}${outOf(g)}${pickWords(g)}${eventWords(g)}${heldWords(g)}`,
    );
    sentences.push(`${joinNames(parts)} ${scope}.`);
    if (groups.length === 2 && groups[0] && groups[1] && query.aggregate !== 'average') {
      const [a, b] = [groups[0], groups[1]];
      const diff = Math.abs(a.value - b.value);
      if (diff > 0) {
        const ahead = (metric.better === 'higher') === a.value > b.value ? a : b;
        const gap =
          metric.unit === 'ms'
            ? `${(diff / 1000).toFixed(3)} s`
            : metric.unit === 'position'
              ? `${diff} ${plural(diff, 'place')}`
              : metric.unit === 'kmh'
                ? `${shown(metric, diff)} km/h`
                : `${shown(metric, diff)} ${metric.unit === 'points' ? plural(diff, 'point') : metric.label}`;
        sentences.push(`${ahead.name} was ahead by ${gap}.`);
        facts.push({
          label: `difference in ${metric.label}`,
          value: metric.unit === 'ms' ? Number((diff / 1000).toFixed(3)) : Math.round(diff * 10) / 10,
          ...(metric.unit === 'ms' ? { unit: 's' } : metric.unit === 'kmh' ? { unit: 'km/h' } : {}),
        });
      } else sentences.push('They were level.');
    }
    if (groups.length === 1 && query.scope.race) {
      for (const c of metric.context?.(field) ?? []) {
        sentences.push(c.text);
        facts.push(...c.facts);
      }
    }
    return { text: sentences.join(' '), facts };
  }

  // Nobody named: a ranking, or a total over everyone.
  if (!query.rank && query.aggregate === 'total' && metric.kind === 'count' && query.scope.race) {
    const total = groups.reduce((s, g) => s + g.value, 0);
    const who = groups.filter((g) => g.value > 0).map((g) => g.name);
    sentences.push(
      `${total} ${plural(total, 'driver')} ${metric.event ?? metric.label} ${raceName(top.rows[0] as Observation)}${session}${who.length <= 10 ? `: ${joinNames(who)}` : ''}.`,
    );
    facts.push({ label: `${metric.label} ${scope}`, value: total });
    return { text: sentences.join(' '), facts };
  }
  const limit = query.rank?.limit ?? 1;
  const cut = groups[Math.min(limit, groups.length) - 1];
  const leaders = groups.filter((g, i) => i < limit || (cut && g.value === cut.value));
  const filters = [
    query.filters.withoutWin ? 'without a win' : '',
    query.filters.neverChampion ? 'without a world title' : '',
  ].filter(Boolean);
  const best =
    metric.unit === 'ms'
      ? query.aggregate === 'worst'
        ? 'the slowest'
        : 'the quickest'
      : query.aggregate === 'worst'
        ? 'the worst'
        : 'the best';
  const superlative = `${query.rank?.order === 'fewest' ? 'the fewest' : metric.kind === 'value' && query.aggregate !== 'total' ? best : 'the most'}${filters.length ? ` of anyone ${filters.join(' and ')}` : ''}`;
  if (limit === 1) {
    const tied = leaders.length > 1 ? leaders : [top];
    sentences.push(
      `${joinNames(tied.map((g) => subjectLabel(g, query)))} ${valueWords(top)}${sessionOf(top)}${racesFilter}${pickWords(top)} ${scope}, ${superlative}.`,
    );
    const next = groups[tied.length];
    if (next) sentences.push(`Next: ${subjectLabel(next, query)} with ${amount(next)}.`);
  } else {
    const list = leaders.map((g, i) => `${i + 1}. ${subjectLabel(g, query)} ${amount(g)}`);
    sentences.push(
      `${metric.label[0]?.toUpperCase()}${metric.label.slice(1)}${session} ${scope}, ${superlative}: ${list.join('; ')}.`,
    );
  }
  return { text: sentences.join(' '), facts };
}

const AGGREGATE_WORDS: Record<Query['aggregate'], string> = {
  total: 'Total',
  average: 'Average',
  median: 'Median',
  best: 'Best',
  worst: 'Worst',
  value: '',
  list: 'Who had',
  first: 'First',
  last: 'Last',
};

const titled = (ref: string) =>
  ref
    .split('_')
    .map((w) => `${w[0]?.toUpperCase()}${w.slice(1)}`)
    .join(' ');

/**
 * A query in words, for "what I understood": the aggregation, the metric, whom, where and when, the
 * filters and the ranking ("Total wins of Max Verstappen in 2023", "Most points in 2022, without a win").
 */
export function describeQuery(
  query: Query,
  label: string,
  nameOf: (ref: string) => string = titled,
  /** The metric's verb ("won", "set the fastest lap at"): a list reads "Who won at the 2023 Monaco Grand Prix". */
  event?: string,
): string {
  const who = [...query.drivers, ...query.teams].map(nameOf);
  const { position, lap, withoutWin, neverChampion, fromPole, finished } = query.filters;
  const filters = [
    position
      ? `position ${position.min ?? 1}${position.max !== position.min ? `–${position.max ?? ''}` : ''}`
      : '',
    lap ? `after lap ${lap}` : '',
    withoutWin ? 'without a win' : '',
    neverChampion ? 'never world champion' : '',
    fromPole ? 'from pole' : '',
    finished === true ? 'finished races' : finished === false ? 'races not finished' : '',
  ].filter(Boolean);
  const rank = query.rank
    ? `${query.rank.order === 'fewest' ? 'Fewest' : 'Most'}${query.rank.limit > 1 ? ` (top ${query.rank.limit})` : ''} `
    : '';
  const head = rank
    ? `${rank}${label}`
    : query.aggregate === 'list' && event
      ? `Who ${event.replace(/ (at|for|in)$/, '')}`
      : `${AGGREGATE_WORDS[query.aggregate]} ${label}`.trim();
  const session = query.session && query.session !== 'race' ? ` (${query.session})` : '';
  const scope = describeScope(query);
  return [
    `${head[0]?.toUpperCase()}${head.slice(1)}${session}`,
    who.length ? `of ${joinNames(who)}` : query.subject === 'team' ? 'by team' : '',
    scope === 'in total' ? 'in their career' : scope,
    query.per === 'season' && query.scope.seasons ? 'per season' : '',
    filters.length ? `— ${filters.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}
