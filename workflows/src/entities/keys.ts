import { normalize } from '@pitwall/db/text';
import { CIRCUIT_ALIASES, COUNTRY_ALIASES, DRIVER_NICKNAMES, EVENT_GROUPS, NEVER_A_NAME } from './aliases.ts';
import type { Catalog, CatalogData } from './catalog.ts';

/**
 * The phrase index: every normalised phrase that names something, and what it names. How strongly a
 * phrase names its target (`via`) drives the ranking in resolve.ts.
 */
export type KeyTarget =
  | { kind: 'driver'; via: 'name' | 'nickname' | 'surname' | 'code' | 'forename'; id: number }
  | { kind: 'team'; via: 'name'; constructorId: number }
  | { kind: 'team'; via: 'alias'; lineage: string }
  | { kind: 'event'; via: 'name'; group: string }
  | { kind: 'event'; via: 'circuit'; circuitId: number }
  | { kind: 'event'; via: 'country'; countries: string[] };

export type KeyIndex = {
  phrases: Map<string, KeyTarget[]>;
  /** First word of each phrase → the most words a phrase starting with it has: how far to look ahead. */
  reach: Map<string, number>;
  /** Single-word keys of ≥ 5 letters by length and first letter (`fuzzyBucket`), for typo matching. */
  fuzzy: Map<string, string[]>;
};

/** Letters `normalize` would split on because Unicode does not decompose them ("Belsø"). */
export function fold(text: string): string {
  // Most names are plain ASCII once lower-cased; the Unicode passes of `normalize` cost most of the build.
  const lower = text.toLowerCase();
  if (/^[a-z0-9]+( [a-z0-9]+)*$/.test(lower)) return lower;
  return normalize(lower.replace(/ø/g, 'o').replace(/æ/g, 'ae').replace(/ß/g, 'ss').replace(/ł/g, 'l'));
}

const SUFFIXES = / (f1 team|f1|team|racing|racing team)$/;
// Generic words that circuit names wrap around the place ("Autodromo Nazionale di Monza").
const CIRCUIT_NOISE = new Set(
  'circuit circuito autodromo autodrome autodrom international internacional internazionale nazionale street city grand prix de di do da del motor speedway raceway'.split(
    ' ',
  ),
);

/**
 * Typos are looked for among keys of about the same length and the same first letter: a wrong first
 * letter is rare in typed names, and checking every key cost more than the rest of a question.
 */
export const fuzzyBucket = (length: number, first: string) => `${length}${first}`;

/** The event a race name belongs to: a curated group, else the name itself. */
export function eventGroupOf(raceName: string): string {
  const name = fold(raceName);
  return EVENT_GROUPS.find((g) => g.names.some((n) => fold(n) === name))?.key ?? name;
}

export function buildKeys(data: CatalogData, catalog: Omit<Catalog, 'keys' | 'numbers' | 'latestSeason'>) {
  const phrases = new Map<string, KeyTarget[]>();
  const seen = new Set<string>();
  const add = (phrase: string, target: KeyTarget) => {
    const key = fold(phrase);
    const id = `${key}|${Object.values(target).join('|')}`;
    if (!key || NEVER_A_NAME.has(key) || seen.has(id)) return;
    seen.add(id);
    phrases.set(key, [...(phrases.get(key) ?? []), target]);
  };

  const driverByRef = new Map(data.drivers.map((d) => [d.ref, d.id]));
  for (const d of data.drivers) {
    add(`${d.forename} ${d.surname}`, { kind: 'driver', via: 'name', id: d.id });
    add(d.surname, { kind: 'driver', via: 'surname', id: d.id });
    add(d.forename, { kind: 'driver', via: 'forename', id: d.id });
    // "Andrea Kimi" Antonelli is "Kimi" too.
    for (const part of fold(d.forename).split(' ')) {
      if (part.length >= 3) add(part, { kind: 'driver', via: 'forename', id: d.id });
    }
    if (d.code) add(d.code, { kind: 'driver', via: 'code', id: d.id });
  }
  for (const [nickname, refs] of Object.entries(DRIVER_NICKNAMES)) {
    for (const ref of refs) {
      const id = driverByRef.get(ref);
      if (id !== undefined) add(nickname, { kind: 'driver', via: 'nickname', id });
    }
  }

  for (const team of catalog.constructors.values()) {
    for (const name of new Set([team.name, ...team.seasons.values()])) {
      add(name, { kind: 'team', via: 'name', constructorId: team.id });
      const core = fold(name)
        .replace(SUFFIXES, '')
        .replace(/^team /, '');
      add(core, { kind: 'team', via: 'name', constructorId: team.id });
    }
  }
  for (const lineage of catalog.lineages.values()) {
    for (const alias of lineage.aliases) add(alias, { kind: 'team', via: 'alias', lineage: lineage.key });
  }

  const places = new Set(data.circuits.flatMap((c) => [fold(c.location ?? ''), fold(c.country ?? '')]));
  const adjectives = new Set<string>();
  for (const event of catalog.events.values()) {
    for (const raceName of new Set(event.races.map((r) => r.name))) {
      const short = fold(raceName).replace(/ grand prix$/, '');
      const target: KeyTarget = { kind: 'event', via: 'name', group: event.key };
      add(raceName, target);
      add(`${short} gp`, target);
      add(`${short} grand prix`, target);
      // "The Austrian sprint": the event's sprint; the parser reads the session from "sprint" itself.
      add(`${short} sprint`, target);
      // "Italian" alone is more often a nationality than the race; places ("Monaco") are safe.
      if (short.includes(' ') || places.has(short)) add(short, target);
      else adjectives.add(short);
    }
  }
  for (const group of EVENT_GROUPS) {
    if (catalog.events.has(group.key)) {
      for (const alias of group.aliases) add(alias, { kind: 'event', via: 'name', group: group.key });
    }
  }
  for (const c of data.circuits) {
    const target: KeyTarget = { kind: 'event', via: 'circuit', circuitId: c.id };
    add(c.name, target);
    const core = fold(c.name)
      .split(' ')
      .filter((w) => !CIRCUIT_NOISE.has(w))
      .join(' ');
    if (core.length >= 4 && !adjectives.has(core)) add(core, target);
    if (c.location) add(c.location, target);
    for (const alias of CIRCUIT_ALIASES[c.ref] ?? []) add(alias, target);
    if (c.country) {
      const country = fold(c.country);
      // One sorted set per country, so "USA" and "United States" rows share a target.
      const countries = [...new Set([country, ...(COUNTRY_ALIASES[country] ?? [])])].sort();
      for (const name of countries) add(name, { kind: 'event', via: 'country', countries });
    }
  }

  const fuzzy = new Map<string, string[]>();
  for (const key of phrases.keys()) {
    if (key.length < 5 || key.includes(' ')) continue;
    const bucket = fuzzyBucket(key.length, key[0] ?? '');
    fuzzy.set(bucket, [...(fuzzy.get(bucket) ?? []), key]);
  }
  const reach = new Map<string, number>();
  for (const key of phrases.keys()) {
    const words = key.split(' ');
    reach.set(words[0] ?? '', Math.max(reach.get(words[0] ?? '') ?? 0, words.length));
  }
  return { phrases, reach, fuzzy } satisfies KeyIndex;
}
