import { NEVER_A_NAME } from './aliases.ts';
import type { Catalog, RaceEntry } from './catalog.ts';
import { isEnglishWord } from './english.ts';
import { nearestKeys } from './fuzzy.ts';
import { fold, type KeyTarget } from './keys.ts';
import { type Lineage, lineageOf, lineagesOf } from './lineages.ts';

/**
 * Pure matching over a catalog. Every candidate gets a score = how strongly the words name it (full name
 * beats surname beats forename; each typo costs 20) + how well it fits the season (raced that season: +40)
 * or, without a season, how recent it is (up to +20) + how prominent it is (starts, wins, races held; up to
 * +20). Candidates within AMBIGUITY_GAP of the best are real contenders, and then the answer is ambiguous.
 */
export const AMBIGUITY_GAP = 15;
const VIA_SCORE = { name: 100, alias: 100, nickname: 95, circuit: 90, surname: 85, code: 80, number: 75 };
const FORENAME = 65;
const COUNTRY = 75;
const TYPO_COST = 20;
const IN_SEASON = 40;
/** A lineage match ("Sauber" for 2023's Alfa Romeo) is weaker than a team that raced under the name. */
const LINEAGE_IN_SEASON = 20;

export type ResolveOptions = { season?: number };
type Scored = { score: number; reason: string; inSeason?: boolean };
export type DriverMatch = Scored & { kind: 'driver'; id: number; ref: string; name: string };
export type TeamMatch = Scored & {
  kind: 'team';
  lineage: string;
  /** The name in the season asked about, else the lineage's current name. */
  name: string;
  constructors: { id: number; ref: string; name: string }[];
};
export type EventMatch = Scored & { kind: 'event'; key: string; name: string; races: RaceEntry[] };
export type Match = DriverMatch | TeamMatch | EventMatch;
export type Resolution<T extends Match> = { candidates: T[]; ambiguous: boolean };
export type Hit = { target: KeyTarget; edits: number; phrase: string };

const recency = (catalog: Catalog, last: number) => 20 * Math.max(0, 1 - (catalog.latestSeason - last) / 10);
const fit = (catalog: Catalog, seasons: Iterable<number>, season: number | undefined) => {
  const list = [...seasons];
  if (season === undefined) return { bonus: recency(catalog, Math.max(0, ...list)), note: '' };
  return list.includes(season)
    ? { bonus: IN_SEASON, note: `, in ${season}`, inSeason: true }
    : { bonus: 0, note: `, not in ${season}`, inSeason: false };
};
const how = (hit: Hit) => `${hit.target.via} "${hit.phrase}"${hit.edits ? ` (${hit.edits} typo)` : ''}`;

/** Ranks candidates and keeps the best-scored one per id. */
export function rank<T extends Match>(matches: T[], id: (m: T) => string | number): Resolution<T> {
  const best = new Map<string | number, T>();
  for (const m of matches) if ((best.get(id(m))?.score ?? -1) < m.score) best.set(id(m), m);
  const candidates = [...best.values()].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  const top = candidates[0]?.score ?? 0;
  return { candidates, ambiguous: candidates.filter((c) => c.score >= top - AMBIGUITY_GAP).length > 1 };
}

export function scoreDrivers(catalog: Catalog, hits: Hit[], season?: number): DriverMatch[] {
  return hits.flatMap((hit) => {
    const d = hit.target.kind === 'driver' ? catalog.drivers.get(hit.target.id) : undefined;
    if (!d || hit.target.kind !== 'driver') return [];
    const base = hit.target.via === 'forename' ? FORENAME : VIA_SCORE[hit.target.via];
    const { bonus, note, inSeason } = fit(catalog, d.seasons.keys(), season);
    const prominence = Math.min(10, d.starts / 30) + Math.min(10, d.wins / 5);
    const score = base - TYPO_COST * hit.edits + bonus + prominence;
    return [{ kind: 'driver', id: d.id, ref: d.ref, name: d.name, score, inSeason, reason: how(hit) + note }];
  });
}

/** Drivers by car number: that season's numbers, or without a season the permanent-number era (2014+). */
export function scoreNumber(catalog: Catalog, number: number, season?: number): DriverMatch[] {
  return (catalog.numbers.get(number) ?? []).flatMap((d) => {
    const seasons = [...d.seasons].filter(([s, e]) => e.numbers.has(number) && (season ?? s) >= 2014);
    const used = seasons.map(([s]) => s);
    if (used.length === 0 && d.number !== number) return [];
    const { bonus, note, inSeason } = fit(catalog, used.length ? used : [d.lastSeason], season);
    const score = VIA_SCORE.number + bonus + Math.min(10, d.starts / 30);
    const reason = `car number ${number}${note}`;
    return [{ kind: 'driver' as const, id: d.id, ref: d.ref, name: d.name, score, inSeason, reason }];
  });
}

function teamMatch(
  catalog: Catalog,
  lineage: Lineage,
  season: number | undefined,
  base: number,
  why: string,
) {
  const inSeason = season === undefined ? [] : [...lineage.seasons].filter(([, s]) => s.has(season));
  const ids = inSeason.length ? inSeason.map(([id]) => id) : [...lineage.seasons.keys()];
  const constructors = ids.flatMap((id) => {
    const c = catalog.constructors.get(id);
    return c ? [{ id: c.id, ref: c.ref, name: c.name }] : [];
  });
  const seasonName =
    season === undefined ? undefined : catalog.constructors.get(ids[0] ?? -1)?.seasons.get(season);
  const name = inSeason.length === 1 && seasonName ? seasonName : lineage.name;
  const bonus = season === undefined ? recency(catalog, lineage.lastSeason) : inSeason.length ? base : 0;
  const note = season === undefined ? '' : inSeason.length ? `, ${name} in ${season}` : `, not in ${season}`;
  const flag = season === undefined ? undefined : inSeason.length > 0;
  return {
    kind: 'team' as const,
    lineage: lineage.key,
    name,
    constructors,
    score: 100 + bonus,
    inSeason: flag,
    reason: why + note,
  };
}

export function scoreTeams(catalog: Catalog, hits: Hit[], season?: number): TeamMatch[] {
  return hits.flatMap((hit) => {
    const t = hit.target;
    const typo = TYPO_COST * hit.edits;
    if (t.kind === 'team' && t.via === 'alias') {
      const lineage = catalog.lineages.get(t.lineage);
      if (!lineage || lineage.seasons.size === 0) return [];
      const m = teamMatch(
        catalog,
        lineage,
        season,
        LINEAGE_IN_SEASON,
        `${how(hit)} of the ${lineage.name} lineage`,
      );
      return [{ ...m, score: m.score - typo }];
    }
    if (t.kind !== 'team') return [];
    const own = season === undefined ? undefined : lineageOf(catalog.lineages, t.constructorId, season);
    const lineages = own ? [own] : lineagesOf(catalog.lineages, t.constructorId);
    return lineages.map((l) => {
      // "Racing Point" in 2021 is the lineage's Aston Martin: a lineage match, not the name that raced.
      const why = own ? `raced as "${hit.phrase}"` : `name "${hit.phrase}" of the ${l.name} lineage`;
      const m = teamMatch(catalog, l, season, own ? IN_SEASON : LINEAGE_IN_SEASON, why);
      return { ...m, score: m.score - typo };
    });
  });
}

function racesOf(catalog: Catalog, t: KeyTarget): RaceEntry[] {
  if (t.kind !== 'event') return [];
  if (t.via === 'name') return catalog.events.get(t.group)?.races ?? [];
  if (t.via === 'circuit') return catalog.racesByCircuit.get(t.circuitId) ?? [];
  const races = t.countries.flatMap((c) => catalog.racesByCountry.get(c) ?? []);
  return races.sort((a, b) => a.season - b.season || a.round - b.round);
}

export function scoreEvents(catalog: Catalog, hits: Hit[], season?: number): EventMatch[] {
  return hits.flatMap((hit): EventMatch[] => {
    const t = hit.target;
    if (t.kind !== 'event') return [];
    const base = (t.via === 'country' ? COUNTRY : VIA_SCORE[t.via]) - TYPO_COST * hit.edits;
    const all = racesOf(catalog, t);
    const those = all.filter((r) => r.season === season);
    if (those.length) {
      return those.map((r) => {
        const score = base + IN_SEASON + Math.min(10, (catalog.events.get(r.group)?.races.length ?? 0) / 3);
        const reason = `${how(hit)}, ${r.season} round ${r.round}`;
        return {
          kind: 'event' as const,
          key: `${r.season}/${r.round}`,
          name: r.name,
          races: [r],
          score,
          reason,
          inSeason: true,
        };
      });
    }
    const groups = new Map<string, RaceEntry[]>();
    for (const r of all) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
    return [...groups].map(([key, races]) => {
      const last = races.at(-1)?.season ?? 0;
      const score =
        base + (season === undefined ? recency(catalog, last) : 0) + Math.min(10, races.length / 3);
      const note = season === undefined ? '' : `, not held in ${season}`;
      const name = catalog.events.get(key)?.name ?? key;
      return {
        kind: 'event' as const,
        key,
        name,
        races,
        score,
        reason: how(hit) + note,
        inSeason: season === undefined ? undefined : false,
      };
    });
  });
}

/** Phrase-index hits for a whole phrase, else typo-tolerant hits for a single word. */
export function lookup(catalog: Catalog, phrase: string): Hit[] {
  const key = fold(phrase);
  const exact = catalog.keys.phrases.get(key);
  if (exact) return exact.map((target) => ({ target, edits: 0, phrase: key }));
  // Typos are guessed only for words that are not English already: "under" was meant as written.
  if (key.includes(' ') || NEVER_A_NAME.has(key) || isEnglishWord(key)) return [];
  return nearestKeys(key, catalog.keys.fuzzy).flatMap(({ key: near, edits }) =>
    (catalog.keys.phrases.get(near) ?? [])
      // A typo'd forename or code is too weak a signal to guess from.
      .filter((t) => t.via !== 'forename' && t.via !== 'code')
      .map((target) => ({ target, edits, phrase: near })),
  );
}

/** A driver named by full name, surname, forename, nickname, code or car number ("#44", "33"). */
export function resolveDriver(catalog: Catalog, text: string, { season }: ResolveOptions = {}) {
  const number = /^\s*#?\s*(\d{1,2})\s*$/.exec(text);
  if (number) return rank(scoreNumber(catalog, Number(number[1]), season), (m) => m.id);
  return rank(scoreDrivers(catalog, lookup(catalog, text), season), (m) => m.id);
}

/** A team by any of its names; with a season, the constructor(s) that raced under it then. */
export function resolveTeam(catalog: Catalog, text: string, { season }: ResolveOptions = {}) {
  return rank(scoreTeams(catalog, lookup(catalog, text), season), (m) => m.lineage);
}

/** An event by GP name, country, city or circuit: that season's races, or each event across seasons. */
export function resolveEvent(catalog: Catalog, text: string, { season }: ResolveOptions = {}) {
  let hits = lookup(catalog, text);
  // A bare adjective ("Italian") is not indexed, since it is usually a nationality; asked alone, it is the race.
  if (!hits.some((h) => h.target.kind === 'event')) hits = lookup(catalog, `${text} grand prix`);
  return rank(scoreEvents(catalog, hits, season), (m) => m.key);
}
