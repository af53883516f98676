import { type Query, QuerySchema } from '@pitwall/db/contracts';
import type { Catalog, RaceEntry } from '../entities/catalog.ts';
import { metricOf, viewOf } from './catalog.ts';
import { raceScope, seasonRaces } from './parse-scope.ts';
import type { Words } from './words.ts';

/**
 * A follow-up ("and in 2023?", "what about Norris?", "same for qualifying", "show his lap times") is read
 * as a partial query: the parser reads the question's own words as it reads any question, and every part
 * of the query they do not name — metric, subjects, season, race, session, filters, aggregation — is the
 * previous query's. These are the pieces of that reading that only a follow-up has.
 */

/** Words that say a question follows the previous one rather than standing alone. */
export const FOLLOW_UP_CUE =
  /^(and|but|so|then|now|ok|okay|also|same|compare|how about)\b|\b(what about|how about|same for|same at|same in|the same|instead|as well|too|also|that race|that season|that year|the year before|the season before|a year earlier|a year later|the year after|the season after)\b/;

/** The words that only mark a follow-up, taken first so that no metric is read from them. */
export const FOLLOW_UP_WORDS =
  /^(?:and|but|so|then|now|ok|okay|also)\b|\b(?:what|how) about\b|\bsame\b|\binstead\b|\bas well\b|\btoo\b|\bcompared? (?:with|to|against)\b/;

/** A driver or team the follow-up names joins the previous ones ("compare with Leclerc", "Norris too"). */
export const ADDING =
  /\b(compare|compared|comparison|vs|versus|against|alongside|too|also|as well|add|include|next to|beside)\b/;

/** A pronoun that points at the previous question's driver ("show his lap times"). */
export const PRONOUN = /\b(his|her|hers|him|he|she)\b/;

/** "In total", "overall", "in his career": the previous count, widened one step (a race to its season, a season to all). */
export const WIDENING = /\b(in total|overall|altogether|in all|all time|in (?:his|her|their) careers?)\b/;

/** Aggregation words: a follow-up that has none keeps the previous aggregation and ranking. */
export const AGGREGATION =
  /\b(most|fewest|least|highest|lowest|best|worst|record|average|avg|median|how many|number of|total|top \d+|first|last|latest|debut|maiden|youngest|oldest|single|per season|each season|in a season|how much)\b/;

/** The one season a query is about: its race's, or its season range when it is one season. */
export function seasonOf(query: Query): number | undefined {
  const { race, seasons } = query.scope;
  return race?.season ?? (seasons && seasons.from === seasons.to ? seasons.from : undefined);
}

/**
 * "The year before", "a year later", "the season after": a season counted from the previous question's,
 * its words taken. Undefined when the follow-up says none of these.
 */
export function relativeSeason(words: Words, season: number | undefined): number | undefined {
  if (season === undefined) return undefined;
  const m = words.take(
    /\b(?:the |a )?(?:year|season) (before|after|earlier|later)\b|\bthe (previous|prior|following) (?:year|season)\b/,
  );
  if (!m) return undefined;
  return /before|earlier|previous|prior/.test(m[1] ?? m[2] ?? '') ? season - 1 : season + 1;
}

/**
 * The race of another season that is the same event: the same name, else a race at the same circuit
 * ("the Monaco Grand Prix" of 2023 for 2024's). Undefined when the season ran no such race.
 */
export function sameEvent(
  catalog: Catalog,
  race: NonNullable<Query['scope']['race']>,
  season: number,
): RaceEntry | undefined {
  const races = seasonRaces(catalog, season);
  const was = catalog.races.find((r) => r.season === race.season && r.round === race.round);
  return (
    races.find((r) => r.name === race.name) ??
    (was ? races.find((r) => r.circuit.ref === was.circuit.ref) : undefined)
  );
}

/** The circuit a query's race was held at. */
export function circuitOfRace(catalog: Catalog, race: NonNullable<Query['scope']['race']>) {
  const entry = catalog.races.find((r) => r.season === race.season && r.round === race.round);
  return entry ? { ref: entry.circuit.ref, name: entry.circuit.name } : undefined;
}

type Race = NonNullable<Query['scope']['race']>;
type Circuit = NonNullable<Query['scope']['circuit']>;
type Seasons = NonNullable<Query['scope']['seasons']>;
/** Where a follow-up that names no place asks about, or the race it cannot find in the season it names. */
export type Place =
  | { race?: Race; circuit?: Circuit; seasons: Seasons | undefined | 'kept'; note?: string }
  | { missing: Race; season: number };

/**
 * The place of a follow-up that names none: the previous race or circuit, kept; in a season the follow-up
 * names, the same event's race that year (or a race at the same circuit), else the race it cannot find;
 * widened by "in total", a race to its whole season and a season to every season, with a note that says so.
 * `named` is the seasons the follow-up names, if any.
 */
export function placeOf(
  catalog: Catalog,
  was: Query['scope'],
  named: Seasons | undefined,
  widen: boolean,
): Place {
  const single = named && named.from === named.to ? named.from : undefined;
  if (widen && was.race)
    return {
      seasons: { from: was.race.season, to: was.race.season },
      note: `every race of ${was.race.season}, not only the ${was.race.name}`,
    };
  if (widen && was.seasons) {
    const when =
      was.seasons.from === was.seasons.to ? was.seasons.from : `${was.seasons.from}–${was.seasons.to}`;
    return {
      ...(was.circuit ? { circuit: was.circuit } : {}),
      seasons: 'kept',
      note: `every season in the data, not only ${when}`,
    };
  }
  if (!named)
    return {
      ...(was.race ? { race: was.race } : {}),
      ...(was.circuit ? { circuit: was.circuit } : {}),
      seasons: 'kept',
    };
  if (was.race && single !== undefined) {
    const moved = sameEvent(catalog, was.race, single);
    if (!moved) return { missing: was.race, season: single };
    return {
      race: raceScope(moved),
      seasons: 'kept',
      ...(moved.name !== was.race.name
        ? { note: `the ${moved.name}, held at ${moved.circuit.name} in ${single}` }
        : {}),
    };
  }
  const circuit = was.circuit ?? (was.race ? circuitOfRace(catalog, was.race) : undefined);
  if (!circuit) return { seasons: 'kept' };
  const there =
    single !== undefined
      ? seasonRaces(catalog, single).find((r) => r.circuit.ref === circuit.ref)
      : undefined;
  return there ? { race: raceScope(there), seasons: 'kept' } : { circuit, seasons: 'kept' };
}

/** A driver the follow-up names who raced in none of the seasons it keeps from the previous question. */
export function absentDriver(catalog: Catalog, drivers: string[], before: string[], seasons: Seasons) {
  return [...catalog.drivers.values()].find(
    (d) =>
      drivers.includes(d.ref) &&
      !before.includes(d.ref) &&
      ![...d.seasons.keys()].some((y) => y >= seasons.from && y <= seasons.to),
  );
}

/** The previous query moved to another season: its race's event that year, or that season. */
export function inSeason(catalog: Catalog, query: Query, season: number): Query | undefined {
  const { race, seasons } = query.scope;
  if (race) {
    const moved = sameEvent(catalog, race, season);
    return moved ? { ...query, scope: { race: raceScope(moved) }, notes: [] } : undefined;
  }
  if (seasons && seasons.from === seasons.to) {
    return { ...query, scope: { ...query.scope, seasons: { from: season, to: season } }, notes: [] };
  }
  return undefined;
}

/**
 * What a follow-up that names nothing could have meant: the previous question a season earlier or later,
 * in qualifying, or as it was. Each is a query that runs as it is when picked.
 */
export function variations(catalog: Catalog, previous: Query, latest: number): Query[] {
  const season = seasonOf(previous);
  const out: Query[] = [];
  if (season !== undefined) {
    for (const s of [season - 1, season + 1]) {
      const moved = s >= 1950 && s <= latest ? inSeason(catalog, previous, s) : undefined;
      if (moved) out.push(moved);
    }
  }
  const metric = metricOf(previous.metric);
  if (previous.session !== 'qualifying' && metric?.sessions.includes('qualifying'))
    out.push({ ...previous, session: 'qualifying', notes: [] });
  if (!viewOf(previous.metric) && previous.metric !== 'finish_position' && previous.scope.race)
    out.push({ ...previous, metric: 'finish_position', notes: [] });
  out.push({ ...previous, notes: [] });
  return out.flatMap((q) => {
    const parsed = QuerySchema.safeParse(q);
    return parsed.success ? [parsed.data] : [];
  });
}
