import type { Aggregate, Clarification, Query, QueryInput, QuerySession } from '@pitwall/db/contracts';
import { QuerySchema } from '@pitwall/db/contracts';
import { normalize } from '@pitwall/db/text';
import { COMPOUND_WORDS } from '../assistants/intents.ts';
import type { Catalog, RaceEntry } from '../entities/catalog.ts';
import { extractEntities } from '../entities/extract.ts';
import { METRICS, metricOf, viewOf } from './catalog.ts';
import { chooseMetric, consume, VOCABULARY } from './choose-metric.ts';
import {
  ADDING,
  AGGREGATION,
  absentDriver,
  FOLLOW_UP_CUE,
  FOLLOW_UP_WORDS,
  PRONOUN,
  placeOf,
  relativeSeason,
  seasonOf,
  variations,
  WIDENING,
} from './follow-up.ts';
import { distinctOptions } from './label.ts';
import type { View } from './metric.ts';
import {
  cased,
  casedCodes,
  EXAMPLES,
  FILLER_BEFORE_RACE,
  raceScope,
  seasonScope,
  suggestions,
  uniqueRaces,
} from './parse-scope.ts';
import { viewQuery } from './parse-view.ts';
import { UNUSED } from './phrase.ts';
import { VIEWS } from './views.ts';
import { isFiller, Words } from './words.ts';

/**
 * Of drivers who share a name ("Senna", "Schumacher", "Kimi"), the one a fan means without saying more:
 * the one with at least three times the wins and starts of any other. None when it is close.
 */
function prominentOf(catalog: Catalog, candidates: { id: number; ref: string; name: string }[]) {
  const weight = (id: number) => {
    const d = catalog.drivers.get(id);
    return d ? d.wins * 10 + d.starts : 0;
  };
  const [first, second] = [...candidates].sort((a, b) => weight(b.id) - weight(a.id));
  return first && second && weight(first.id) >= 3 * Math.max(1, weight(second.id)) ? first : undefined;
}

const CODES = new WeakMap<Catalog, Set<string>>();
/** Lower-case driver codes of the catalog, read once. */
function codesOf(catalog: Catalog): Set<string> {
  let codes = CODES.get(catalog);
  if (!codes) {
    codes = new Set([...catalog.drivers.values()].flatMap((d) => (d.code ? [d.code.toLowerCase()] : [])));
    CODES.set(catalog, codes);
  }
  return codes;
}

/**
 * A question that no metric or view of the catalog names, and that is not about the future or another
 * sport: code-interpreter mode may answer it when a model is configured.
 */
export function outsideCatalog(question: string): boolean {
  const words = new Words(question);
  return (
    !OTHER_SPORTS.test(words.text) && !FUTURE.test(words.text) && chooseMetric(words, undefined) === undefined
  );
}

/** What the builtin parser made of a question. */
export type Understanding =
  | { kind: 'query'; query: Query }
  | { kind: 'clarify'; clarification: Clarification }
  | { kind: 'decline'; reason: string };

export type ParseContext = {
  catalog: Catalog;
  /** The newest season and round with results: "this season", "last year", "so far". */
  latest: { season: number; round: number };
  /** What the caller picked besides the question; the question's own words win. */
  defaults?: { season?: number; round?: number };
  /**
   * The previous question's query, when this one follows it up: the question's words change what they
   * name, and everything they do not name is the previous query's ("and in 2023?", "what about Norris?").
   */
  context?: Query;
};

/** Readings fixed while the options of a question back are built: a mention's driver, the race. */
type Pick = { drivers?: Record<string, string>; race?: { season: number; round: number } };
/** What a question's own words named: whether it stands alone, beside a previous question. */
type Seen = { metric?: boolean; scope?: boolean; subjects?: boolean; occurrence?: boolean };

const OTHER_SPORTS =
  /\b(nba|nfl|nhl|mlb|basketball|football|soccer|baseball|tennis|golf|cricket|rugby|premier league|champions league|world cup|super bowl|nascar|indycar|indy 500|indianapolis 500|daytona|motogp|wimbledon|olympics?|formula e|wrc|le mans|dakar|super gt|dtm|btcc|nhra|supercars)\b/;
const FUTURE =
  /\b(will|predict\w*|prediction|forecast|going to (win|be)|odds|bet|betting|next (year|season)s?|who wins next|favou?rite to win)\b/;

const decline = (reason: string): Understanding => ({ kind: 'decline', reason });
const clarifyWith = (question: string, options: Query[], catalog: Catalog): Understanding => ({
  kind: 'clarify',
  clarification: { question, options: distinctOptions(options, 30, catalog) },
});

/** The queries of readings made with a choice fixed; a reading that asks back again offers its own options. */
const queriesOf = (readings: Understanding[]): Query[] =>
  readings.flatMap((u) =>
    u.kind === 'query' ? [u.query] : u.kind === 'clarify' ? u.clarification.options.map((o) => o.query) : [],
  );

/**
 * Plain language to a query, with no language model. Each rule consumes the words it reads; what no rule
 * reads is reported with the answer. A qualifier that the query cannot honour is asked back or said first;
 * questions about the future, other sports or what the data does not hold are declined with the reason.
 */
/** "FP2", "free practice 2", "second practice", "practice 3". */
const PRACTICE_SESSION =
  /\b(?:fp ?([123])|(?:free )?practice (?:session )?([123])|(first|second|third) (?:free )?practice(?: session)?)\b/;
const practiceSession = (m: RegExpMatchArray | undefined): QuerySession => {
  const n = m?.[1] ?? m?.[2] ?? String(['first', 'second', 'third'].indexOf(m?.[3] ?? '') + 1);
  return `fp${n}` as QuerySession;
};
/** Words that ask about teams rather than drivers. */
const TEAM_WORDS = /\b(which|what) (team|constructor)s?\b|\bconstructors?\b|\bteams?\b|\bwcc\b/;

/** The result in one race of a driver named after a question about who did something there. */
const RESULT_OF: Partial<Record<string, 'finish_position' | 'qualifying_position'>> = {
  wins: 'finish_position',
  podiums: 'finish_position',
  points_finishes: 'finish_position',
  poles: 'qualifying_position',
};

/** The words that name qualifying, which a follow-up reads as its session only. */
const SESSION_WORDS = /\b(qualifying|quali|qualified|qualify)\b/;
/** Sessions the warehouse holds a classification of, and no laps or results beyond it. */
const CLASSIFIED_ONLY = new Set<QuerySession>(['fp1', 'fp2', 'fp3', 'sprint_qualifying']);

export function parseQuestion(question: string, ctx: ParseContext): Understanding {
  if (!ctx.context) return parse(question, ctx, {});
  // A question with no word of a follow-up that names what it measures, and when or of whom (or its first
  // or last time), stands alone: "How many GP starts did Vettel make?" is not asked of the previous season.
  // "His" with nobody named points back; with a driver named it is his.
  const { context, ...alone } = ctx;
  const text = normalize(question);
  if (!FOLLOW_UP_CUE.test(text)) {
    const seen: Seen = {};
    const standalone = parse(question, alone, {}, seen);
    const pointsBack = PRONOUN.test(text) && !seen.subjects;
    if (standalone.kind === 'decline') return standalone;
    if (!pointsBack && seen.metric && (seen.scope || seen.subjects || seen.occurrence)) return standalone;
  }
  return parse(question, ctx, {});
}

function parse(question: string, ctx: ParseContext, pick: Pick, seen: Seen = {}): Understanding {
  const words = new Words(question);
  const text = words.text;
  const previous = ctx.context;
  const clarify = (about: string, options: Query[]) => clarifyWith(about, options, ctx.catalog);
  if (OTHER_SPORTS.test(text)) return decline('Pit Wall answers questions about Formula 1 only.');
  if (FUTURE.test(text)) {
    return decline(
      'Pit Wall answers from recorded timing data; it does not predict races or seasons that have not been run.',
    );
  }
  const years = [...new Set([...text.matchAll(/\b(1[89]\d\d|20\d\d)\b/g)].map((m) => Number(m[1])))];
  const future = years.find((y) => y > ctx.latest.season);
  if (future)
    return decline(
      `${future} has not been raced yet: the data runs to round ${ctx.latest.round} of ${ctx.latest.season}.`,
    );
  const early = years.find((y) => y < 1950);
  if (early) return decline(`The Formula 1 world championship began in 1950; there is no data for ${early}.`);

  words.correct(VOCABULARY, (w) => ctx.catalog.keys.phrases.has(w));
  const notes: string[] = [];
  if (previous) while (words.take(FOLLOW_UP_WORDS));
  // Session words first: "GPs only, not sprints" must not read as a question about sprints.
  let session: QuerySession | undefined;
  // "The very first sprint", "his last Grand Prix win": an occurrence, not a session or a race.
  const occurrence = words.take(
    /\b(?:very )?(first|maiden|debut|last|latest|most recent) (?:ever )?(?:f1 )?(sprint)(?: race)?\b|\bvery (first|last) (?:f1 )?(race|grand prix|gp)\b|\b(first|last) ever (?:f1 )?(race|grand prix|gp)\b/,
  );
  if (occurrence?.[2] === 'sprint') session = 'sprint';
  const occurrenceWord = occurrence ? (occurrence[1] ?? occurrence[3] ?? occurrence[5]) : undefined;
  const firstLast =
    occurrence ??
    words.take(
      /\b(first|maiden|debut|last|latest|most recent) (?=(grand prix |gp |race |f1 |career |ever )*(wins?|victory|victories|poles?|pole position|podiums?|fastest lap|point|points finish|sprint win|win))/,
    );
  if (session) {
    // taken above
  } else if (
    [
      words.take(/\b(gps?|grands? prix|races?) only\b/),
      words.take(/\b(not|no|excluding|without|excl) (the )?sprints?( races?)?\b/),
    ].some(Boolean)
  )
    session = 'race';
  else if (words.take(/\bsprint (qualifying|shootout|quali)\b|\bshootout\b/)) session = 'sprint_qualifying';
  else if (words.has(PRACTICE_SESSION)) session = practiceSession(words.take(PRACTICE_SESSION));
  else if (words.take(/\bsprints?( races?)?\b/)) session = 'sprint';
  else if (words.has(/\b(qualifying|quali|qualified|qualify|q1|q2|q3)\b/)) session = 'qualifying';
  if (session === 'race') words.take(/\b(in )?(grands prix|grand prix|gps)\b/);

  // "Most recent" is an occurrence, before "most" can be read as a ranking.
  const mostRecent = words.take(/\bmost recent\b/);
  // Filters.
  const filters: Query['filters'] = {};
  if (
    words.take(
      /\bwithout (ever )?(winning|taking|having won) (the |a )?(world )?(title|championship|drivers title)s?\b|\bnever (won|winning) (the |a )?(world )?(title|championship)\b|\bwithout (a |the )?(world )?(title|championship)\b|\bnon champions?\b/,
    )
  ) {
    filters.neverChampion = true;
  }
  if (
    words.take(
      /\bwithout (ever )?(winning|a win|a victory|any wins?|a race win|a grand prix win)( a race| a grand prix)?\b|\bwinless\b|\bno wins\b/,
    )
  )
    filters.withoutWin = true;
  // "Wins from pole": a filter on the races counted, not the gap to pole.
  if (words.take(/\b(?<!far )from (the )?pole( position)?\b/)) filters.fromPole = true;
  const lap = words.take(
    /\b(?:after|end of|on|at the end of|by the end of) (?:the )?lap (\d{1,3})\b|\b(?:after|end of) (?:the )?(first|1st|opening) lap\b/,
  );
  if (lap) filters.lap = lap[1] ? Number(lap[1]) : 1;

  // Scope: seasons, rounds. "From round 13 to the end of 2024" is one season from a round.
  const roundToEnd = words.take(
    /\b(?:from|since) round (\d{1,2}) (?:to|until|through) the end of (?:the )?(?:(19[5-9]\d|20\d\d)(?: season)?|season)\b/,
  );
  // A follow-up may count its season from the previous one's: "the year before".
  const previousSeason = previous ? seasonOf(previous) : undefined;
  const relativeYear = relativeSeason(words, previousSeason);
  if (relativeYear !== undefined && (relativeYear > ctx.latest.season || relativeYear < 1950))
    return decline(`There is no data for ${relativeYear}: the data runs from 1950 to ${ctx.latest.season}.`);
  let seasons =
    relativeYear !== undefined ? { from: relativeYear, to: relativeYear } : seasonScope(words, ctx, years);
  if (roundToEnd?.[2]) seasons = { from: Number(roundToEnd[2]), to: Number(roundToEnd[2]) };
  let rounds: Query['scope']['rounds'];
  const afterRound = words.take(
    /\b(?:after|through|up to|by) (?:round|race) (\d{1,2})\b|\bafter (\d{1,2}) (?:rounds|races)\b|\b(?:in )?(?:the )?(?:first|opening) (\d{1,2}) (?:rounds|races)\b/,
  );
  if (afterRound) rounds = { to: Number(afterRound[1] ?? afterRound[2] ?? afterRound[3]) };
  // "From round 11 on", "round 13 onwards", "rounds 5 to 10", "the last five rounds".
  if (roundToEnd) rounds = { from: Number(roundToEnd[1]) };
  const fromRound = words.take(
    /\b(?:from|since|starting (?:at|from)) (?:round|race) (\d{1,2})(?: on(?:wards)?| to the end)?\b|\b(?:round|race) (\d{1,2}) (?:on(?:wards)?|to the end)\b/,
  );
  if (fromRound) rounds = { ...rounds, from: Number(fromRound[1] ?? fromRound[2]) };
  const between = words.take(/\brounds? (\d{1,2}) (?:to|through|-|and) (?:round )?(\d{1,2})\b/);
  if (between) rounds = { from: Number(between[1]), to: Number(between[2]) };
  const lastRounds = words.take(/\b(?:in )?(?:the )?last (\d{1,2}) (?:rounds|races)\b/);
  const inRound = words.take(/\b(?:in |at )?round (\d{1,2})\b/);
  if (lastRounds && seasons && seasons.from === seasons.to) {
    const season = seasons.from;
    const finalRound =
      season === ctx.latest.season
        ? ctx.latest.round
        : Math.max(...ctx.catalog.races.filter((r) => r.season === season).map((r) => r.round));
    rounds = { from: Math.max(1, finalRound - Number(lastRounds[1]) + 1), to: finalRound };
  }
  const half = words.take(/\b(first|second) half\b/);
  const seasonsNamed = seasons !== undefined;
  const roundsNamed = rounds !== undefined || half !== undefined || inRound !== undefined;
  const widen = previous && !seasonsNamed && WIDENING.test(text);
  if (widen) words.take(WIDENING);
  // What the follow-up does not say of when is the previous question's; a race is kept further down.
  if (previous && !seasonsNamed && !widen) {
    seasons =
      previous.scope.seasons ??
      (previous.scope.race
        ? { from: previous.scope.race.season, to: previous.scope.race.season }
        : undefined);
    if (!roundsNamed && !previous.scope.race) rounds = previous.scope.rounds;
  }

  // Entities: the resolver reads the original question, with the one season when there is one.
  const extraction = extractEntities(
    ctx.catalog,
    casedCodes(cased(question), codesOf(ctx.catalog)),
    seasons && seasons.from === seasons.to ? { season: seasons.from } : {},
  );
  // A race named in a follow-up without a year is looked for in the previous question's season, else anywhere.
  if (
    previous &&
    !seasonsNamed &&
    seasons &&
    extraction.events.some(
      (m) =>
        !m.resolution.candidates
          .flatMap((c) => c.races)
          .some((r) => r.season >= (seasons?.from ?? 0) && r.season <= (seasons?.to ?? 0)),
    )
  )
    seasons = undefined;
  const drivers: string[] = [];
  for (const mention of extraction.drivers) {
    const [best, ...rest] = mention.resolution.candidates;
    // A word the parser reads ("margin") is not a misspelt name ("Martin").
    // …nor is a word of chat ("please" is not Pease).
    const said = normalize(mention.text);
    const forced = pick.drivers?.[mention.text];
    if (forced) {
      words.takeWords(mention.text);
      if (!drivers.includes(forced)) drivers.push(forced);
      continue;
    }
    if (!best || VOCABULARY.has(said) || isFiller(said)) continue;
    const prominent = mention.resolution.ambiguous ? prominentOf(ctx.catalog, [best, ...rest]) : undefined;
    if (prominent) {
      notes.push(`"${mention.text}" read as ${prominent.name}`);
      words.takeWords(mention.text);
      if (!drivers.includes(prominent.ref)) drivers.push(prominent.ref);
      continue;
    }
    if (mention.resolution.ambiguous) {
      return clarify(
        `Which driver do you mean by "${mention.text}"?`,
        queriesOf(
          [best, ...rest]
            .slice(0, 6)
            .map((d) =>
              parse(question, ctx, { ...pick, drivers: { ...pick.drivers, [mention.text]: d.ref } }),
            ),
        ),
      );
    }
    words.takeWords(mention.text);
    if (!drivers.includes(best.ref)) drivers.push(best.ref);
  }
  const teams: string[] = [];
  for (const mention of extraction.teams) {
    const best = mention.resolution.candidates[0];
    if (!best) continue;
    words.takeWords(mention.text);
    const season = seasons?.to ?? ctx.latest.season;
    const ref =
      best.constructors.find((c) => ctx.catalog.races.some((r) => r.season === season) && c)?.ref ??
      best.constructors[0]?.ref;
    const inSeason = best.constructors.filter((c) =>
      [...ctx.catalog.constructors.values()].some((k) => k.ref === c.ref && k.seasons.has(season)),
    );
    const chosen = (inSeason[0] ?? best.constructors[0])?.ref ?? ref;
    if (chosen && !teams.includes(chosen)) teams.push(chosen);
  }
  // A follow-up's drivers and teams replace the previous ones, or join them ("compare with Leclerc");
  // one that names none keeps them ("show his lap times").
  const subjectsNamed = drivers.length + teams.length > 0;
  seen.subjects = subjectsNamed;
  // "And the constructors?": the same question of teams, the drivers dropped.
  const teamsAsked = TEAM_WORDS.test(text);
  const driversAsked = !teamsAsked && /\bdrivers?\b/.test(text);
  // "Who won?" after "where did Norris finish?" asks who: the previous drivers are not the answer's subject.
  const whoAsked = /\b(who|whom|whose)\b/.test(text);
  if (previous && !subjectsNamed && !whoAsked) {
    if (!teamsAsked) drivers.push(...previous.drivers);
    if (!driversAsked) teams.push(...previous.teams);
    if (PRONOUN.test(text) && previous.drivers.length === 0)
      notes.push('the previous question named no driver, so this covers every driver');
    else if (PRONOUN.test(text) && previous.drivers.length > 1) {
      const names = previous.drivers.map(
        (ref) => [...ctx.catalog.drivers.values()].find((d) => d.ref === ref)?.name ?? ref,
      );
      notes.push(`"${text.match(PRONOUN)?.[1]}" read as ${names.join(' and ')}, named before`);
    }
  } else if (previous && ADDING.test(text)) {
    drivers.unshift(...previous.drivers.filter((d) => !drivers.includes(d)));
    teams.unshift(...previous.teams.filter((t) => !teams.includes(t)));
  }
  const events = extraction.events.flatMap((m) => {
    const best = m.resolution.candidates[0];
    if (!best) return [];
    words.takeWords(m.text);
    return [{ text: m.text, races: m.resolution.candidates.flatMap((c) => c.races) }];
  });

  // Position words before the metric takes "finished" and "P2" as its own: P2, 2nd, "second place".
  const position = words.take(
    /\b(?:p|position |place |finished |finish |came |in )(\d{1,2})(?:st|nd|rd|th)?\b|\b(\d{1,2})(?:st|nd|rd|th)(?: place| position)?\b|\b(second) (place|position)\b|\b(?:finished|finish|came|was) (second)\b/,
  );
  // Compounds are read by the views that use them (degradation on softs, strategy).
  const compoundsNamed = words.has(COMPOUND_WORDS);
  while (words.take(COMPOUND_WORDS));
  // Teams or drivers: decided on the whole question, before the metric takes its words.
  const teamWords = TEAM_WORDS.test(text);
  const howManyAsked = /\bhow many\b|\bnumber of\b|\bcount\b/.test(text);
  const top = words.take(/\b(?:top|first) (\d{1,2})\b(?! (?:rounds|races|laps|seasons|years))/);
  // The metric.
  let chosen = chooseMetric(words, session);
  if (previous && chosen && session) {
    // "Same for qualifying" names a session, not the qualifying session's view: the metric stays.
    const rest = words.clone();
    while (rest.take(SESSION_WORDS));
    if (!chooseMetric(rest, session)) chosen = undefined;
  }
  if (chosen)
    consume(words, [
      ...(chosen.metric?.words ?? chosen.view?.words ?? []),
      ...(chosen.metric?.hints ?? chosen.view?.hints ?? []),
    ]);
  else if (previous) while (words.take(SESSION_WORDS));
  const metricNamed = chosen !== undefined;
  let metric = chosen?.metric;
  let view = chosen?.view;
  const filtersNamed = Object.keys(filters).length > 0;
  if (previous && !chosen) {
    // A follow-up that names no metric asks the previous one again, with its filters and session.
    metric = metricOf(previous.metric);
    view = viewOf(previous.metric) as View | undefined;
    for (const [key, value] of Object.entries(previous.filters))
      if (filters[key as keyof typeof filters] === undefined) Object.assign(filters, { [key]: value });
  }
  const sessionNamed = session !== undefined;
  if (previous && !sessionNamed && previous.session) {
    const kept = previous.session;
    if (!metricNamed || metric?.sessions.includes(kept) || view?.sessions?.includes(kept as 'sprint'))
      session = kept;
  }
  const metricBefore = metric;
  if (
    !previous &&
    !chosen &&
    drivers.length === 2 &&
    /\b(compare|comparison|vs|versus|against|or)\b/.test(text)
  ) {
    view = VIEWS.find((v) => v.id === 'teammate_h2h') as View;
    notes.push('compared head to head in qualifying and races');
  }
  // Readings that depend on the rest of the question.
  if (filters.lap && (!metric || metric.id === 'finish_position' || metric.id === 'laps_led')) {
    // "Where was Max after lap 10", "who led after lap 1": the running order at that lap.
    if (metric?.id === 'laps_led' || /\b(lead|led|leading|leader)\b/.test(text))
      filters.position = { max: 1 };
    metric = METRICS.lap_position;
    view = undefined;
  }
  if (metric?.id === 'starts' && (/\bwhere\b|\bwhat position\b/.test(text) || position || top)) {
    // "Where did Verstappen start", "started in the top 3": the grid, not a count of starts.
    metric = METRICS.grid_position;
  }
  if (
    (metric?.id === 'starts' || metric?.id === 'finish_position') &&
    /\bfinish(ed|es)?\b/.test(text) &&
    (howManyAsked || /\bmost\b/.test(text))
  ) {
    // "How many races did Hülkenberg finish", "who finished the most races": classified finishes.
    metric = METRICS.finishers;
  }
  if (metric?.id === 'titles' && /\bpoints\b/.test(text)) {
    // "How many points did Hamilton win the 2008 title with": the championship table's points.
    metric = METRICS.championship_points;
  }
  if (view?.id === 'qualifying_session' && drivers.length > 0) {
    // "NOR vs PIA quali Monza 2024": their qualifying places, not the whole session.
    view = undefined;
    metric = METRICS.qualifying_position;
  }
  if (session && CLASSIFIED_ONLY.has(session) && !metric?.sessions.includes(session)) {
    // Practice and the shootout have an order and times only: whatever was asked of them ("results",
    // "fastest", "pole") is that order, and "fastest"/"pole"/"top" its first place.
    metric = session === 'sprint_qualifying' ? METRICS.sprint_qualifying_position : METRICS.practice_position;
    if (view)
      notes.push(
        `${view.label} is not recorded for ${session === 'sprint_qualifying' ? 'sprint qualifying' : session.toUpperCase()}, so this is its order`,
      );
    view = undefined;
    if (/\b(fastest|quickest|top|pole|won|first|p1|1st|on top|topped)\b/.test(text) && !top)
      filters.position = { max: 1 };
  }
  if (metric === METRICS.practice_position && !session) {
    notes.push('practice with no session named is read as FP1');
    session = 'fp1';
  }
  if (metric && session && !metric.sessions.includes(session)) {
    const alt =
      session === 'qualifying' && metric.id === 'finish_position' ? METRICS.qualifying_position : undefined;
    if (alt) metric = alt;
    else if (session === 'qualifying' && (metric.id === 'wins' || metric.id === 'podiums'))
      metric = METRICS.poles;
    else {
      notes.push(
        `${metric.label} are not recorded for ${session === 'qualifying' ? 'qualifying' : 'sprints'}, so this is about Grands Prix`,
      );
      session = undefined;
    }
  }
  if (previous && !metricNamed && metric && metricBefore && metric !== metricBefore)
    notes.push(
      `${session === 'qualifying' ? 'qualifying' : session === 'sprint' ? 'sprints' : (session ?? 'that session').toUpperCase()}: ${metric.label} rather than ${metricBefore.label}`,
    );

  // Aggregation words.
  let aggregate: Aggregate | undefined;
  let rank: Query['rank'];
  let per: Query['per'];
  if (
    words.take(
      /\b(in|during) (a|one) (single )?(f1 )?(season|year|campaign)\b|\bsingle season\b|\bin a season\b|\bper season record\b/,
    )
  )
    per = 'season';
  if (words.take(/\b(in|during) (a single|one) (race|grand prix|gp)\b|\bsingle race\b/)) per = 'race';
  let age = words.take(/\b(youngest|oldest)\b/)?.[1] as 'youngest' | 'oldest' | undefined;
  const howMany = words.take(/\bhow many\b|\bnumber of\b|\bcount of\b|\bhow much\b|\btotal\b/);
  const mostWord =
    words.take(/\b(most|highest|record|maximum|biggest|greatest|best)\b/) ?? /\b(most|biggest)\b/.test(text);
  const fewestWord = words.take(/\b(fewest|least|lowest|minimum|worst)\b/) ?? /\bfewest\b/.test(text);
  // "I mean" is not an average: "mean" counts only before what is averaged.
  const average =
    words.take(/\b(average|avg|on average|mean (?=lap|finish|position|points|grid))\b/) ??
    (/\b(average|avg)\b/.test(text) && !chosen?.view);
  const medianWord = words.take(/\bmedian\b/) ?? (/\bmedian\b/.test(text) && !chosen?.view);
  const moreWord = words.has(/\b(more|fewer|less|better|higher|ahead)\b/);
  const aggregationNamed = AGGREGATION.test(text);
  if (
    previous &&
    !metricNamed &&
    !sessionNamed &&
    !seasonsNamed &&
    !roundsNamed &&
    !subjectsNamed &&
    !filtersNamed &&
    !aggregationNamed &&
    !teamsAsked &&
    !driversAsked &&
    !(whoAsked && previous.drivers.length + previous.teams.length > 0) &&
    !compoundsNamed &&
    !widen &&
    extraction.events.length === 0 &&
    !/\b(race|round|grand prix|gp|opener|lap)\b/.test(text)
  ) {
    // Nothing the follow-up says changes the previous question: ask what should, with runnable choices.
    const unknown = words.unused();
    return clarify(
      `${unknown.length ? `Pit Wall cannot read "${unknown.slice(0, 4).join(' ')}" as a change to the previous question. ` : ''}What should change from the previous question?`,
      variations(ctx.catalog, previous, ctx.latest.season),
    );
  }

  // Races named relative to others: "the first race of 2024", "the season opener", "the last race",
  // "the race before Monaco".
  const single = seasons && seasons.from === seasons.to ? seasons.from : undefined;
  const roundsOf = (season: number) =>
    ctx.catalog.races.filter((r) => r.season === season).sort((a, b) => a.round - b.round);
  const at = (season: number, round: number) => roundsOf(season).find((r) => r.round === round);
  // "The Atlantis Grand Prix": a race name nobody ran is asked back, never answered as the season.
  // A race chosen among the options of a question back: the reading is made again with it fixed.
  const forced = pick.race ? at(pick.race.season, pick.race.round) : undefined;
  const withRace = (races: RaceEntry[]) =>
    queriesOf(
      races.map((r) => parse(question, ctx, { ...pick, race: { season: r.season, round: r.round } })),
    );
  const namedRace = words.find(/\b([a-z]{3,}) (grand prix|gp)\b/);
  const raceWord = namedRace?.match[1];
  if (raceWord && events.length === 0 && !FILLER_BEFORE_RACE.test(raceWord)) {
    const season = seasons?.to ?? ctx.latest.season;
    const written = new RegExp(`${raceWord}\\s+(grand prix|gp)`, 'i');
    if (!forced)
      return clarify(
        `Pit Wall knows no race called "${question.match(written)?.[0] ?? raceWord}". Which race do you mean?`,
        withRace(roundsOf(season)),
      );
    words.take(/\b([a-z]{3,}) (grand prix|gp)\b/);
  }
  let relative: RaceEntry | undefined;
  const shift = words.take(/\b(?:race|grand prix|gp) (before|after)\b/);
  if (
    words.take(
      /(?<!\b(?:s|his|her|their) )\b(first race|season opener|opening race|opener|first round|first grand prix|first gp)\b(?! (?:where|in which|that|at which|when))/,
    )
  ) {
    relative = at(single ?? ctx.latest.season, 1);
  } else if (
    words.take(
      /(?<!\b(?:s|his|her|their) )\b(last|latest|most recent|previous|final) (race|grand prix|gp|round)\b(?! (?:where|in which|that|at which|when|win|victory))/,
    )
  ) {
    const season = single ?? ctx.latest.season;
    relative = at(
      season,
      season === ctx.latest.season ? ctx.latest.round : (roundsOf(season).at(-1)?.round ?? 0),
    );
  }
  // First and last occurrences: "his debut race", "when did Alonso last take pole", "Max's last DNF".
  // Relative races ("the last race") and seasons ("last season") have taken their words by now.
  const occurrenceLater = !firstLast
    ? (words.take(/\b(first|maiden|debut|last|latest)\b(?! (?:\d|half|lap|season|year|round))/) ??
      (mostRecent ? (['most recent', 'last'] as unknown as RegExpMatchArray) : undefined) ??
      // The metric may have taken "last title" whole.
      text.match(
        /\b(first|last|maiden)\b(?= (?:[a-z]+ ){0,2}(?:title|championship|win|pole|podium|dnf|retirement|start|race))/,
      ) ??
      undefined)
    : undefined;
  if (occurrenceLater && !metric && !view) metric = METRICS.starts;
  // "Lando's first fastest lap" is the first race he set it in, not his first lap time.
  if ((occurrenceLater || firstLast) && metric?.id === 'fastest_lap_time') metric = METRICS.fastest_laps;
  // Where: one race, a circuit across years, or none.
  let race: Query['scope']['race'];
  let circuit: Query['scope']['circuit'];
  if (forced) race = raceScope(forced);
  // Several names of one race ("Silverstone", "70th Anniversary GP") mean the races they all name.
  const common = events.reduce<RaceEntry[] | undefined>(
    (acc, e) => (acc ? acc.filter((r) => e.races.some((x) => x.id === r.id)) : e.races),
    undefined,
  );
  const eventRaces = common?.length ? common : events.flatMap((e) => e.races);
  // A race run once ("the 70th Anniversary GP") needs no year.
  const editions = new Set(eventRaces.map((r) => r.season));
  if (!seasons && eventRaces.length > 0 && editions.size === 1) {
    const only = [...editions][0] as number;
    seasons = { from: only, to: only };
  }
  const afterRace =
    words.take(/\bafter( the)?\b/) && eventRaces.length > 0 && seasons && seasons.from === seasons.to;
  if (eventRaces.length > 0 && !forced) {
    const season = seasons?.from === seasons?.to ? seasons?.from : undefined;
    const inSeason = season !== undefined ? uniqueRaces(eventRaces.filter((r) => r.season === season)) : [];
    if (season !== undefined && inSeason.length === 0) {
      const names = events.map((e) => e.text).join(', ');
      return clarify(
        `There was no ${names} race in ${season}. Which race do you mean?`,
        withRace(roundsOf(season)),
      );
    }
    if (season !== undefined && inSeason.length > 1) {
      return clarify(`Several ${season} races fit "${events[0]?.text}". Which one?`, withRace(inSeason));
    }
    const named = inSeason[0];
    const picked = named && shift ? at(named.season, named.round + (shift[1] === 'before' ? -1 : 1)) : named;
    if (named && shift && !picked) {
      return clarify(
        `There is no ${season} race ${shift[1]} the ${named.name}. Which race do you mean?`,
        withRace(roundsOf(named.season)),
      );
    }
    if (picked && afterRace && !shift) rounds = { to: picked.round };
    else if (picked) race = { season: picked.season, round: picked.round, name: picked.name };
    else {
      // An event without a year: across the years for counts ("wins at Zandvoort"), else which year?
      const circuitRef = eventRaces[0]?.circuit.ref;
      const sameCircuit = circuitRef && eventRaces.every((r) => r.circuit.ref === circuitRef);
      const counts =
        metric?.kind === 'count' && (howMany || drivers.length + teams.length > 0 || mostWord) && !firstLast;
      // Records and averages at a place: "Monza lap record", "Max's average finish at Zandvoort".
      const acrossYears =
        metric &&
        (/\b(ever|all time|record|of all time|history)\b/.test(text) ||
          average ||
          (metric.kind === 'value' && (mostWord || fewestWord || drivers.length + teams.length > 0)));
      // The circuit the words name ("Barcelona"), else the one the event ran at most.
      const mentioned = events.map((e) => normalize(e.text)).join(' ');
      const byCircuit = new Map<string, RaceEntry[]>();
      for (const r of eventRaces) byCircuit.set(r.circuit.ref, [...(byCircuit.get(r.circuit.ref) ?? []), r]);
      const namedCircuit = [...byCircuit.values()]
        .sort((a, b) => b.length - a.length)
        .find((rs) => {
          const c = rs[0]?.circuit;
          return (
            c &&
            [c.name, c.location ?? '', c.ref].some(
              (w) =>
                w &&
                normalize(w)
                  .split(' ')
                  .some((x) => x.length > 3 && mentioned.includes(x)),
            )
          );
        });
      const usual = [...byCircuit.values()].sort((a, b) => b.length - a.length)[0];
      // A follow-up of a question across the years at a place stays across the years at the new one.
      const acrossBefore = previous?.scope.circuit !== undefined;
      if (counts || (firstLast && metric) || (occurrenceLater && metric) || acrossYears || acrossBefore) {
        if (sameCircuit && eventRaces[0])
          circuit = { ref: eventRaces[0].circuit.ref, name: eventRaces[0].circuit.name };
        else if ((namedCircuit ?? usual)?.[0]) {
          const c = ((namedCircuit ?? usual) as RaceEntry[])[0]?.circuit as RaceEntry['circuit'];
          circuit = { ref: c.ref, name: c.name };
          if (!namedCircuit)
            notes.push(`counted at ${c.name}, where the ${eventRaces[0]?.name} was held most often`);
        } else if (eventRaces[0]) {
          const latestRace = [...eventRaces].sort((a, b) => b.date.localeCompare(a.date))[0] as RaceEntry;
          circuit = { ref: latestRace.circuit.ref, name: latestRace.circuit.name };
          notes.push(`counted at ${latestRace.circuit.name}, where the ${latestRace.name} is held now`);
        }
      } else {
        const recent = uniqueRaces(eventRaces)
          .sort((a, b) => b.date.localeCompare(a.date))
          .slice(0, 6);
        return clarify(`Which year's ${recent[0]?.name ?? events[0]?.text}?`, withRace(recent));
      }
    }
  }
  // "round 5 of 2024", or a race the caller picked.
  if (!race && inRound && seasons && seasons.from === seasons.to) {
    const r = ctx.catalog.races.find((x) => x.season === seasons?.from && x.round === Number(inRound[1]));
    if (r) race = { season: r.season, round: r.round, name: r.name };
  }
  if (!race && relative) race = { season: relative.season, round: relative.round, name: relative.name };
  seen.occurrence = Boolean(firstLast || occurrenceLater);
  // What is measured may be named by a lap ("who led after lap 1"), a place ("who came second"), or a
  // driver's first or last time ("his debut race") as well as by a metric's words.
  seen.metric =
    metricNamed ||
    filters.lap !== undefined ||
    position !== undefined ||
    top !== undefined ||
    (seen.occurrence && subjectsNamed);
  seen.scope =
    seasonsNamed ||
    roundsNamed ||
    events.length > 0 ||
    relative !== undefined ||
    per !== undefined ||
    /\b(ever|all time|career|history)\b/.test(text);
  // "And the race before?": the round before (or after) the previous race.
  const previousRace = previous?.scope.race;
  if (previousRace && shift && !race && !forced && eventRaces.length === 0) {
    const next = at(previousRace.season, previousRace.round + (shift[1] === 'before' ? -1 : 1));
    if (!next)
      return clarify(
        `There is no ${previousRace.season} race ${shift[1]} the ${previousRace.name}. Which race do you mean?`,
        withRace(roundsOf(previousRace.season)),
      );
    race = raceScope(next);
  }
  if (previous && !race && !circuit && !forced && eventRaces.length === 0 && !relative && !inRound) {
    const place = placeOf(ctx.catalog, previous.scope, seasonsNamed ? seasons : undefined, Boolean(widen));
    if ('missing' in place)
      return clarify(
        `There was no ${place.missing.name} in ${place.season}. Which race do you mean?`,
        withRace(roundsOf(place.season)),
      );
    ({ race, circuit } = place);
    if (place.seasons !== 'kept') seasons = place.seasons;
    if (place.note) notes.push(place.note);
  }
  // "What about Senna?" after a 2023 question: he did not race then, so which seasons are meant is asked,
  // with his career and his last season as the choices, never an empty answer about 2023.
  const kept = race ? { from: race.season, to: race.season } : seasons;
  const absent =
    previous && subjectsNamed && !seasonsNamed && !forced && eventRaces.length === 0 && kept
      ? absentDriver(ctx.catalog, drivers, previous.drivers, kept)
      : undefined;
  if (previous && kept && absent) {
    const last = { from: absent.lastSeason, to: absent.lastSeason };
    return clarify(
      `${absent.name} did not race in ${kept.from === kept.to ? kept.from : `${kept.from}–${kept.to}`}. Which seasons do you mean?`,
      queriesOf(
        [{}, { seasons: last }].map((scope) =>
          parse(question, { ...ctx, context: { ...previous, scope } }, pick),
        ),
      ),
    );
  }
  // "What about Norris?" after "who won Monaco": Norris's result there, not whether he won it.
  if (
    previous &&
    !metricNamed &&
    race &&
    previous.aggregate === 'list' &&
    previous.drivers.length + previous.teams.length === 0 &&
    drivers.length + teams.length > 0
  ) {
    const result = RESULT_OF[metric?.id ?? ''];
    if (result) metric = METRICS[result];
  }
  if (!race && !seasons && ctx.defaults?.season && ctx.defaults.round) {
    const r = ctx.catalog.races.find(
      (x) => x.season === ctx.defaults?.season && x.round === ctx.defaults?.round,
    );
    if (r) race = { season: r.season, round: r.round, name: r.name };
  }
  if (!seasons && !race && ctx.defaults?.season)
    seasons = { from: ctx.defaults.season, to: ctx.defaults.season };

  if (!metric && !view) {
    // Nothing the catalog measures: a bare race or name gets its result; anything else is asked back
    // with questions that can be answered, never answered as something else.
    const unknown = words.unused().filter((w) => !/^(result|results|recap|summary|report)$/.test(w));
    if (drivers.length + teams.length + events.length === 0 || unknown.length > 0) {
      const about = unknown.length
        ? `Pit Wall cannot answer about "${unknown.slice(0, 4).join(' ')}" yet. `
        : '';
      return clarify(`${about}What would you like to know? For example:`, suggestions(question, events));
    }
    metric = METRICS.finish_position;
  }
  // A race overview the metric names, with nobody named and nothing counted: its view answers. A view that
  // spans seasons answers a season too ("retirements 2023": every retirement and why).
  const overview = VIEWS.find((v) => v.id === metric?.raceView) as View | undefined;
  if (
    !view &&
    overview &&
    (race || (!overview.race && seasons)) &&
    drivers.length + teams.length === 0 &&
    !howMany &&
    !mostWord &&
    !fewestWord &&
    !position
  ) {
    view = overview;
  }
  // Views keep their analyses and charts.
  if (view) return viewQuery(view, { question, ctx, drivers, teams, seasons, race, session, notes, words });
  if (!metric) return clarify('What would you like to know? For example:', EXAMPLES);

  // A season-long question without a season: the latest one, said so.
  const oneRace = race !== undefined;
  const seasonal = ['championship_position', 'championship_points'].includes(metric.id);
  const named = drivers.length + teams.length;
  if (!seasons && !race && !circuit && seasonal) {
    seasons = { from: ctx.latest.season, to: ctx.latest.season };
    if (!words.has(/\bfinal\b/))
      notes.push(`${ctx.latest.season}, the latest season in the data (to round ${ctx.latest.round})`);
  }
  if (half && seasons && seasons.from === seasons.to) {
    const count = ctx.catalog.races.filter((r) => r.season === seasons?.from).length;
    const mid = Math.floor(count / 2);
    rounds = half[1] === 'first' ? { to: mid } : { from: mid + 1 };
  }
  words.take(/\bfinal\b/);

  // How the observations fold.
  if (metric.id === 'lap_position' && !filters.lap) filters.lap = 1;
  if (average) aggregate = 'average';
  else if (medianWord) aggregate = 'median';
  else if (firstLast || occurrenceLater)
    aggregate = /first|maiden|debut/.test(occurrenceWord ?? firstLast?.[1] ?? occurrenceLater?.[1] ?? '')
      ? 'first'
      : 'last';
  else if (metric.defaultAggregate === 'best') {
    // Times (fastest lap, quickest stop, pole lap): the best one unless the question asks for the worst.
    aggregate = fewestWord && metric.better === 'lower' ? 'worst' : 'best';
    if (words.take(/\b(slowest|longest)\b/)) aggregate = 'worst';
    words.take(/\b(quickest|fastest|shortest)\b/);
  } else if (metric.kind === 'value') {
    // A position over many races is an average of them, never one race's value read as the season's.
    aggregate = seasonal || (oneRace && named > 0) ? 'value' : named > 0 ? 'average' : 'list';
    // "Hülkenberg's best ever finish", "Checo's worst qualifying of 2024": the best or worst race.
    if (!oneRace && named > 0 && !seasonal && (mostWord || fewestWord)) {
      const best = /\b(best|highest)\b/.test(text);
      aggregate = best ? 'best' : /\b(worst|lowest)\b/.test(text) ? 'worst' : aggregate;
    }
    if (
      !oneRace &&
      named === 0 &&
      (seasonal || metric.id === 'finish_position' || metric.id === 'qualifying_position')
    )
      aggregate = 'list';
  } else if (oneRace && named === 0 && !howMany && !mostWord && !fewestWord) aggregate = 'list';
  else aggregate = 'total';

  if (position) {
    const n = Number(position[1] ?? position[2] ?? (position[3] || position[5] ? 2 : Number.NaN));
    if (Number.isFinite(n) && n >= 1 && n <= 40) {
      if (metric.id === 'wins' || metric.id === 'podiums') metric = METRICS.finish_position;
      filters.position = { min: n, max: n };
      if (aggregate === 'total' && named === 0) aggregate = 'list';
      if (metric.kind === 'count' && named > 0) {
        // "How many times did X finish 2nd": a count of races at that position.
        metric = METRICS.finish_position;
        notes.push(`counted races where the finishing position was ${n}`);
      }
    }
  }
  if (top) {
    const n = Number(top[1]);
    if (oneRace || aggregate === 'list') filters.position = { max: n };
    else rank = { order: fewestWord ? 'fewest' : 'most', limit: n };
  }
  if (seasonal && aggregate === 'list' && !filters.position && !top) {
    // "Who won the 2021 title", "who led the standings after round 10": the leader, with the gap.
    if (words.has(/\b(who|which)\b/) || /\bchampions?\b/.test(text) || mostWord)
      filters.position = { max: 1 };
  }
  if (seasonal && /\bchampions?\b/.test(text) && named === 0) filters.position = { max: 1 };

  const ranking =
    named === 0 &&
    aggregate !== 'list' &&
    aggregate !== 'first' &&
    aggregate !== 'last' &&
    (!oneRace || Boolean(mostWord || fewestWord) || aggregate === 'best' || aggregate === 'worst') &&
    // Events of races ("safety cars in 2023") are counted; they are ranked only when asked ("most").
    (metric.level !== 'race' || Boolean(mostWord || fewestWord));
  if (ranking && !rank) rank = { order: fewestWord && !mostWord ? 'fewest' : 'most', limit: 1 };
  if (previous && !aggregationNamed && !position && !top) {
    // A follow-up with no word of aggregation keeps the previous one's ("top 5", "in a single season"),
    // when it still fits: the same kind of metric over the same kind of scope and subjects.
    const was = metricOf(previous.metric);
    const sameShape =
      (previous.scope.race !== undefined) === oneRace &&
      previous.drivers.length + previous.teams.length > 0 === named > 0;
    if (was && sameShape && was.kind === metric.kind) {
      aggregate = previous.aggregate;
      rank = previous.rank;
      per = previous.per;
      age = previous.age;
    }
  }
  if (named >= 2 && moreWord) words.take(/\b(more|fewer|less|better|higher|ahead)\b/);
  if (oneRace && metric.since && race && race.season < metric.since) {
    return decline(
      `${metric.label} are in the data from ${metric.since} on; the ${race.season} ${race.name} is before that.`,
    );
  }
  if (seasons && seasons.from > ctx.latest.season) {
    return decline(`${seasons.from} has not been raced yet.`);
  }

  words.take(/\b(which|what) (team|constructor)s?\b|\bconstructors?\b|\bteams?\b/);
  const subject: Query['subject'] =
    teamWords ||
    (teams.length > 0 && drivers.length === 0) ||
    (previous && !subjectsNamed && !driversAsked && previous.subject === 'team')
      ? 'team'
      : 'driver';
  const unused = words.unused();
  const input: QueryInput = {
    metric: metric.id,
    drivers,
    teams,
    subject,
    ...(session ? { session } : {}),
    scope: {
      ...(seasons && !race ? { seasons } : {}),
      ...(rounds && !race ? { rounds } : {}),
      ...(race ? { race } : {}),
      ...(circuit ? { circuit } : {}),
    },
    filters,
    aggregate,
    ...(per ? { per } : {}),
    ...(age ? { age } : {}),
    ...(rank && !age ? { rank } : {}),
    notes: [...notes, ...(unused.length ? [`${UNUSED} ${unused.slice(0, 8).join(', ')}`] : [])].slice(0, 10),
  };
  return { kind: 'query', query: QuerySchema.parse(input) };
}
