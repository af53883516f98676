import { type Query, QuerySchema } from '@pitwall/db/contracts';
import type { Catalog, RaceEntry } from '../entities/catalog.ts';
import type { ParseContext } from './parse.ts';
import type { Words } from './words.ts';

/** The parser's readings of when and where, and the questions it offers back. */

export function seasonScope(words: Words, ctx: ParseContext, years: number[]) {
  const latest = ctx.latest.season;
  const range = words.take(
    /\b(?:between |from )?(19[5-9]\d|20\d\d) (?:to|and|until|through|-) (19[5-9]\d|20\d\d)\b/,
  );
  if (range) return { from: Number(range[1]), to: Number(range[2]) };
  const since = words.take(/\bsince (19[5-9]\d|20\d\d)\b/);
  if (since) return { from: Number(since[1]), to: latest };
  const until = words.take(
    /\b(?:by|until|up to|before|through|to)(?: the)?(?: end of)?(?: the)? (19[5-9]\d|20\d\d)(?: season)?\b/,
  );
  if (until) return { from: 1950, to: Number(until[1]) };
  if (years.length === 1) {
    words.take(String(years[0]));
    return { from: years[0] as number, to: years[0] as number };
  }
  if (words.take(/\b(last|previous) (year|season)\b/)) return { from: latest - 1, to: latest - 1 };
  if (words.take(/\b(this|current) (year|season)\b|\bso far\b|\bthis year s\b/))
    return { from: latest, to: latest };
  return undefined;
}

/** Queries about what the question names that Pit Wall can answer, for a question back. */
export function suggestions(question: string, events: { races: RaceEntry[] }[]): Query[] {
  const year = question.match(/\b(19[5-9]\d|20\d\d)\b/)?.[1];
  const race = events
    .flatMap((e) => e.races)
    .filter((r) => (year ? r.season === Number(year) : true))
    .sort((a, b) => b.date.localeCompare(a.date))[0];
  if (!race) return EXAMPLES;
  const scope = { race: { season: race.season, round: race.round, name: race.name } };
  return [
    { metric: 'wins', aggregate: 'list' },
    { metric: 'retirements', aggregate: 'value' },
    { metric: 'tyre_strategy', aggregate: 'value' },
    { metric: 'pit_stop_analysis', aggregate: 'value' },
    { metric: 'race_pace', aggregate: 'value' },
    { metric: 'poles', aggregate: 'list' },
  ].map((q) => QuerySchema.parse({ ...q, scope }));
}

/**
 * First names that are everyday words too ("max", "hunt", "hill"): the resolver counts them only with a
 * capital, and a question typed all in lower case has none, so they are given one.
 */
export const LOWERCASE_NAMES =
  /\b(max|hill|hunt|mark|jack|bruce|moss|scott|nelson|walker|taylor|ferguson|frank|brambilla|jo)\b/g;
/** Three-letter words that are English before they are driver codes. */
const NOT_CODES = new Set([
  'per',
  'had',
  'ant',
  'law',
  'gas',
  'col',
  'bot',
  'str',
  'sat',
  'sun',
  'mon',
  'the',
  'and',
  'who',
  'was',
  'how',
  'did',
  'win',
  'won',
  'top',
  'max',
  'hul',
  'bea',
  'ric',
  'mag',
  'sar',
]);

/** Driver codes typed in lower case ("lec vs sai"), written as codes are ("LEC vs SAI"), when the question has no capitals. */
export function casedCodes(question: string, codes: Set<string>): string {
  if (/\p{Lu}/u.test(question)) return question;
  return question.replace(/\b[a-z]{3}\b/g, (w) => (codes.has(w) && !NOT_CODES.has(w) ? w.toUpperCase() : w));
}

export const cased = (question: string) =>
  /\p{Lu}/u.test(question)
    ? question
    : question.replace(LOWERCASE_NAMES, (w) => `${w[0]?.toUpperCase()}${w.slice(1)}`);

/** Words that stand before "Grand Prix" without naming one: "the last grand prix", "his first GP win". */
export const FILLER_BEFORE_RACE =
  /^(the|a|an|last|latest|first|next|previous|final|this|that|each|every|per|one|his|her|their|which|what|any|same|home|wet|sprint|whole|entire|opening|season|race|career|f1|won|win|most|many|of|in|at|by|for|from|to|its|after|before|during|gps|grands|single|ever|both|all)$/;

export const uniqueRaces = (races: RaceEntry[]) => [...new Map(races.map((r) => [r.id, r])).values()];

/** A race as a query's scope holds it. */
export const raceScope = (r: RaceEntry) => ({ season: r.season, round: r.round, name: r.name });

/** Every race of a season, in calendar order. */
export const seasonRaces = (catalog: Catalog, season: number): RaceEntry[] =>
  catalog.races.filter((r) => r.season === season).sort((a, b) => a.round - b.round);

/** Questions Pit Wall answers, as the queries they are: a question back offers them when nothing else fits. */
export const EXAMPLES: Query[] = [
  {
    metric: 'wins',
    scope: { race: { season: 2023, round: 6, name: 'Monaco Grand Prix' } },
    aggregate: 'list',
  },
  {
    metric: 'wins',
    drivers: ['max_verstappen'],
    scope: { seasons: { from: 2023, to: 2023 } },
    aggregate: 'total',
  },
  {
    metric: 'race_pace',
    drivers: ['max_verstappen', 'norris'],
    scope: { race: { season: 2024, round: 21, name: 'São Paulo Grand Prix' } },
    aggregate: 'value',
  },
  {
    metric: 'tyre_strategy',
    scope: { race: { season: 2024, round: 16, name: 'Italian Grand Prix' } },
    aggregate: 'value',
  },
  { metric: 'poles', aggregate: 'total', per: 'season', rank: { order: 'most', limit: 1 } },
  {
    metric: 'championship_position',
    scope: { seasons: { from: 2024, to: 2024 }, rounds: { to: 10 } },
    filters: { position: { max: 1 } },
    aggregate: 'list',
  },
].map((q) => QuerySchema.parse(q));
