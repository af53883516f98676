import { CAPITALISED_ONLY, NEVER_A_NAME, NOT_A_CODE } from './aliases.ts';
import type { Catalog } from './catalog.ts';
import { fold } from './keys.ts';
import {
  type DriverMatch,
  type EventMatch,
  type Hit,
  lookup,
  type Match,
  type Resolution,
  rank,
  scoreDrivers,
  scoreEvents,
  scoreNumber,
  scoreTeams,
  type TeamMatch,
} from './resolve.ts';

/**
 * Finds every driver, team and event a whole question names. Phrases are matched longest first and each
 * word belongs to one mention at most, so "Red Bull Ring" is a circuit, not a team plus a word.
 */
export type Mention<T extends Match> = {
  /** The words as written, and their character offsets in the question. */
  text: string;
  start: number;
  end: number;
  resolution: Resolution<T>;
};
export type Extraction = {
  /** Every season year written in the question; `season` is set when there is exactly one (or it was given). */
  seasons: number[];
  season?: number;
  drivers: Mention<DriverMatch>[];
  teams: Mention<TeamMatch>[];
  events: Mention<EventMatch>[];
};

type Token = { raw: string; norm: string; start: number; end: number; year: boolean };

const YEAR = /^(19[5-9]\d|20[0-4]\d)$/;
const NUMBER_CUES = new Set(['car', 'number', 'no', 'nr', 'num']);

function tokenize(question: string): Token[] {
  return [...question.matchAll(/#?[\p{L}\p{M}\p{N}]+/gu)].map((m) => {
    const raw = m[0];
    const norm = fold(raw);
    return { raw, norm, start: m.index, end: m.index + raw.length, year: YEAR.test(norm) };
  });
}

/** Which of a one-word phrase's targets the word, as written, may stand for. */
function allowed(token: Token, hits: Hit[]): Hit[] {
  const word = token.raw.replace(/^#/, '');
  const upper = word === word.toUpperCase() && /\p{L}/u.test(word);
  const capitalised = /^\p{Lu}/u.test(word);
  return hits.filter((h) => {
    // Codes and two-letter names ("PER", "US") are ordinary words unless written in capitals.
    if (h.target.via === 'code') return upper && word.length === 3 && !NOT_A_CODE.has(token.norm);
    if (h.phrase.length <= 2) return upper;
    if (CAPITALISED_ONLY.has(token.norm) && h.edits === 0) return capitalised;
    return true;
  });
}

type Found = { tokens: Token[]; drivers: DriverMatch[]; teams: TeamMatch[]; events: EventMatch[] };

function score(catalog: Catalog, hits: Hit[], season: number | undefined): Omit<Found, 'tokens'> {
  return {
    drivers: scoreDrivers(catalog, hits, season),
    teams: scoreTeams(catalog, hits, season),
    events: scoreEvents(catalog, hits, season),
  };
}

/**
 * All mentions in one question. Measured against the full catalog on the same busy machine as the load:
 * 0.06–0.3 ms per question, the upper end for questions with typos (edit distance over similar keys).
 */
export function extractEntities(
  catalog: Catalog,
  question: string,
  options: { season?: number } = {},
): Extraction {
  const tokens = tokenize(question);
  const seasons = [...new Set(tokens.filter((t) => t.year).map((t) => Number(t.norm)))];
  const season = options.season ?? (seasons.length === 1 ? seasons[0] : undefined);
  const found: Found[] = [];
  for (let i = 0; i < tokens.length; ) {
    let matched = 0;
    const reach = catalog.keys.reach.get(tokens[i]?.norm ?? '') ?? 0;
    for (let n = Math.min(reach, tokens.length - i); n >= 1 && !matched; n--) {
      const span = tokens.slice(i, i + n);
      if (span.some((t) => t.year)) continue;
      const phrase = span.map((t) => t.norm).join(' ');
      let hits = catalog.keys.phrases.get(phrase)?.map((target) => ({ target, edits: 0, phrase })) ?? [];
      if (n === 1 && span[0]) hits = allowed(span[0], hits);
      if (hits.length) {
        found.push({ tokens: span, ...score(catalog, hits, season) });
        matched = n;
      }
    }
    const token = tokens[i];
    if (!matched && token) {
      const numbered = /^\d{1,2}$/.test(token.norm) && (token.raw.startsWith('#') || cue(tokens[i - 1]));
      if (numbered) {
        found.push({
          tokens: [token],
          drivers: scoreNumber(catalog, Number(token.norm), season),
          teams: [],
          events: [],
        });
      } else if (
        token.norm.length >= 5 &&
        !NEVER_A_NAME.has(token.norm) &&
        !CAPITALISED_ONLY.has(token.norm)
      ) {
        const hits = lookup(catalog, token.norm);
        if (hits.length) found.push({ tokens: [token], ...score(catalog, hits, season) });
      }
    }
    i += matched || 1;
  }
  return { seasons, season, ...assemble(question, merge(found)) };
}

const cue = (token: Token | undefined) => token !== undefined && NUMBER_CUES.has(token.norm);
const top = (matches: Match[]) => Math.max(-1, ...matches.map((m) => m.score));

/** "Charles Leclrec": words side by side that name the same driver are one mention. */
function merge(found: Found[]): Found[] {
  const out: Found[] = [];
  for (const f of found) {
    const prev = out.at(-1);
    const touching = prev && (f.tokens[0]?.start ?? 0) - (prev.tokens.at(-1)?.end ?? 0) <= 1;
    const ids = new Set(prev?.drivers.map((d) => d.id));
    const both = f.drivers.filter((d) => ids.has(d.id));
    if (prev && touching && both.length) {
      const drivers = both.map((d) => ({
        ...d,
        score: d.score + 10,
        reason: `${d.reason} + "${prev.tokens[0]?.raw}"`,
      }));
      out[out.length - 1] = { tokens: [...prev.tokens, ...f.tokens], drivers, teams: [], events: [] };
    } else out.push(f);
  }
  return out;
}

function assemble(question: string, found: Found[]) {
  const result: Pick<Extraction, 'drivers' | 'teams' | 'events'> = { drivers: [], teams: [], events: [] };
  for (const f of found) {
    const start = f.tokens[0]?.start ?? 0;
    const end = f.tokens.at(-1)?.end ?? 0;
    const text = question.slice(start, end);
    // One span names one kind of thing: whichever names it most strongly ("Williams" the team).
    const best = Math.max(top(f.drivers), top(f.teams), top(f.events));
    if (best < 0) continue;
    if (top(f.events) === best)
      result.events.push({ text, start, end, resolution: rank(f.events, (m) => m.key) });
    else if (top(f.teams) === best)
      result.teams.push({ text, start, end, resolution: rank(f.teams, (m) => m.lineage) });
    else result.drivers.push({ text, start, end, resolution: rank(f.drivers, (m) => m.id) });
  }
  return result;
}
