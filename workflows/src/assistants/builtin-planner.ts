import { type Clarification, type Intent, isRaceIntent, type Plan } from '@pitwall/db/contracts';
import type { RaceRow } from '@pitwall/db/queries/warehouse';
import { normalize } from '@pitwall/db/text';
import type { Catalog, RaceEntry } from '../entities/catalog.ts';
import { extractEntities } from '../entities/extract.ts';
import type { DriverMatch } from '../entities/resolve.ts';
import { compoundsIn, detectIntent, FUTURE, SEASON_WIDE } from './intents.ts';

export type PlanOutcome = { kind: 'plan'; plan: Plan } | { kind: 'clarify'; clarification: Clarification };

export type PlannerContext = {
  /** The newest season and round with results: "last race", "this season" and a question without a year. */
  latest: { season: number; round: number };
  catalog: Catalog;
  /** A season's calendar straight from the warehouse. */
  racesOf: (season: number) => Promise<RaceRow[]>;
  /**
   * What the caller picked besides the question (`data` of POST /api/analyze): it fills what the question
   * leaves out and never overrides what it says.
   */
  defaults?: PlanDefaults;
};
export type PlanDefaults = { season?: number; round?: number; intent?: Intent };

const EXAMPLES = [
  'Who won the 2023 Monaco Grand Prix?',
  'Compare Verstappen and Norris race pace at the 2024 São Paulo GP',
  'How fast did the softs degrade at Monza 2023?',
  'Qualifying head-to-head Leclerc vs Sainz 2023',
  'Who can still win the 2025 title?',
];

const clarify = (question: string, options: string[]): PlanOutcome => ({
  kind: 'clarify',
  clarification: { question, options: [...new Set(options)].slice(0, 12) },
});

function seasonOf(text: string, latest: PlannerContext['latest']): number | undefined {
  // Any year, even one outside the data, so "1949" is asked back rather than replaced by this season.
  const written = text.match(/\b(1[89]\d\d|20\d\d)\b/);
  if (written) return Number(written[1]);
  if (/\b(last|previous) (year|season)\b/.test(text)) return latest.season - 1;
  if (/\b(this|current) (year|season)\b|\bso far\b/.test(text)) return latest.season;
  return undefined;
}

/** The race a question names: by event, "round N", "last race", "first race", "the race before X". */
function raceOf(
  text: string,
  season: number,
  events: RaceEntry[][],
  catalog: Catalog,
  latest: PlannerContext['latest'],
) {
  const inSeason = catalog.races.filter((r) => r.season === season).sort((a, b) => a.round - b.round);
  const lastRound = season === latest.season ? latest.round : (inSeason.at(-1)?.round ?? 0);
  const at = (round: number) => inSeason.filter((r) => r.round === round);
  const round = text.match(/\bround (\d{1,2})\b/);
  if (round) return at(Number(round[1]));
  if (/\b(last|latest|most recent) (race|grand prix|gp)\b/.test(text)) return at(lastRound);
  if (/\b(first race|season opener|opening race)\b/.test(text)) return at(1);
  const named = events.map((races) => races.filter((r) => r.season === season)).filter((r) => r.length > 0);
  const shift = /\b(race|grand prix|gp) before\b/.test(text)
    ? -1
    : /\b(race|grand prix|gp) after\b/.test(text)
      ? 1
      : 0;
  const candidates = named.flat();
  if (shift !== 0 && candidates.length === 1 && candidates[0]) return at(candidates[0].round + shift);
  return candidates;
}

const nameOf = (d: DriverMatch) => d.name;

/** Race intents that can also be answered over a whole season, race by race, then aggregated. */
const SEASON_WIDE_INTENTS: Intent[] = ['degradation', 'positions', 'pit_stops', 'tyre_strategy'];

const nameOfRef = (catalog: Catalog, ref: string) =>
  [...catalog.drivers.values()].find((d) => d.ref === ref)?.name ?? ref;

/** A question for one race that the planner will read back exactly as meant. */
const PHRASES: Partial<Record<Intent, string>> = {
  race_pace: 'Race pace',
  lap_times: 'Lap times',
  tyre_strategy: 'Tyre strategy',
  degradation: 'Tyre degradation',
  positions: 'Position changes',
  gaps: 'Gaps to the leader',
  pit_stops: 'Pit stops',
  qualifying: 'Qualifying',
  team_pace: 'Team pace',
};
function askAbout(intent: Intent, drivers: string[], season: number, race: string): string {
  if (intent === 'race_winner') return `Who won the ${season} ${race}?`;
  const of = drivers.length > 0 ? ` of ${drivers.join(' and ')}` : '';
  return `${PHRASES[intent] ?? 'Results'}${of} at the ${season} ${race}`;
}

/**
 * The planner that needs no language model: intent from the question's words, drivers, teams and races
 * through the entity resolver, seasons from years or relative words. When something is ambiguous or
 * missing it asks back with concrete options; it never guesses and never invents.
 */
export async function builtinPlan(question: string, ctx: PlannerContext): Promise<PlanOutcome> {
  const text = normalize(question);
  if (FUTURE.test(text)) {
    return clarify(
      'Pit Wall answers from recorded timing data; it does not predict. Ask about a race that has been run.',
      EXAMPLES,
    );
  }
  const intent: Intent | undefined =
    detectIntent(text) ??
    (/\b(last|latest) (race|grand prix|gp)\b/.test(text) ? 'race_winner' : ctx.defaults?.intent);
  const found = extractEntities(ctx.catalog, question);
  const season = seasonOf(text, ctx.latest) ?? ctx.defaults?.season ?? ctx.latest.season;
  const extraction = found.season === season ? found : extractEntities(ctx.catalog, question, { season });
  if (!intent) return clarify('What would you like to know? For example:', EXAMPLES);
  if (season > ctx.latest.season || !ctx.catalog.races.some((r) => r.season === season)) {
    return clarify(`There is no ${season} data. Which season do you mean?`, [
      `${question.replace(/\b\d{4}\b/, String(ctx.latest.season))}`,
      `${question.replace(/\b\d{4}\b/, String(ctx.latest.season - 1))}`,
    ]);
  }

  // Drivers: an ambiguous name is asked back, with every candidate.
  const drivers: string[] = [];
  for (const mention of extraction.drivers) {
    const [best, ...rest] = mention.resolution.candidates;
    if (!best) continue;
    if (mention.resolution.ambiguous) {
      return clarify(
        `Which driver do you mean by "${mention.text}"?`,
        [best, ...rest].map((d) => question.replace(mention.text, nameOf(d))),
      );
    }
    if (!drivers.includes(best.ref)) drivers.push(best.ref);
  }
  const teams = [
    ...new Set(
      extraction.teams.flatMap((m) => m.resolution.candidates[0]?.constructors.map((c) => c.ref) ?? []),
    ),
  ];

  const plan: Plan = {
    intent,
    season,
    drivers,
    teams,
    compounds: compoundsIn(text),
    ...(found.seasons.length > 1 ? { seasons: found.seasons } : {}),
    ...(/\bfuel (corrected|adjusted)\b/.test(text) ? { fuelCorrected: true } : {}),
  };

  if (isRaceIntent(intent)) {
    const races = raceOf(
      text,
      season,
      extraction.events.map((e) => e.resolution.candidates.flatMap((c) => c.races)),
      ctx.catalog,
      ctx.latest,
    );
    const picked = ctx.defaults?.round;
    if (races.length === 0 && picked !== undefined && (ctx.defaults?.season ?? season) === season) {
      races.push(...ctx.catalog.races.filter((r) => r.season === season && r.round === picked));
    }
    const unique = [...new Map(races.map((r) => [r.id, r])).values()];
    if (unique.length === 1 && unique[0]) {
      return { kind: 'plan', plan: { ...plan, round: unique[0].round, raceName: unique[0].name } };
    }
    // "Soft degradation across 2024", "who gained the most places on lap 1 in 2023": every race of the season.
    const seasonWide =
      unique.length === 0 &&
      SEASON_WIDE_INTENTS.includes(intent) &&
      (SEASON_WIDE.test(text) ||
        /\b(most|fewest|least|best|worst|average|overall|lap 1|first lap)\b/.test(text));
    if (seasonWide) return { kind: 'plan', plan: { ...plan, seasonWide: true } };
    const options = unique.length > 1 ? unique : ctx.catalog.races.filter((r) => r.season === season);
    const ask =
      unique.length > 1
        ? `Several ${season} races fit that question. Which one do you mean?`
        : `Which ${season} race do you mean?`;
    const who = drivers.map((ref) => nameOfRef(ctx.catalog, ref));
    return clarify(
      ask,
      options.sort((a, b) => a.round - b.round).map((r) => askAbout(intent, who, season, r.name)),
    );
  }

  if (intent === 'teammate_h2h' && drivers.length < 2) {
    const pair = teammates(ctx.catalog, season, drivers[0], teams[0]);
    if (!pair) return clarify(`Which two ${season} teammates?`, teammateOptions(ctx.catalog, season));
    plan.drivers = pair;
  }
  if (intent === 'driver_comparison' && drivers.length < 2) {
    return clarify('Which two drivers should I compare?', ['Compare Hamilton and Verstappen across seasons']);
  }
  if (intent === 'career' && drivers.length < 1) {
    return clarify('Whose career?', ['Lewis Hamilton career summary', 'Fernando Alonso career summary']);
  }
  return { kind: 'plan', plan };
}

/** The driver's (or team's) teammate pairing in a season: the two who raced most for that team. */
function teammates(
  catalog: Catalog,
  season: number,
  driverRef?: string,
  teamRef?: string,
): string[] | undefined {
  const entries = [...catalog.drivers.values()].flatMap((d) => {
    const s = d.seasons.get(season);
    return s ? [...s.constructorIds].map((team) => ({ driver: d, team })) : [];
  });
  const driver = driverRef ? entries.find((e) => e.driver.ref === driverRef) : undefined;
  const teamId = driver?.team ?? [...catalog.constructors.values()].find((c) => c.ref === teamRef)?.id;
  if (teamId === undefined) return undefined;
  const mates = entries.filter((e) => e.team === teamId).sort((a, b) => b.driver.starts - a.driver.starts);
  const pair = [
    ...(driver ? [driver.driver.ref] : []),
    ...mates.map((m) => m.driver.ref).filter((ref) => ref !== driverRef),
  ].slice(0, 2);
  return pair.length === 2 ? pair : undefined;
}

function teammateOptions(catalog: Catalog, season: number): string[] {
  return [...catalog.constructors.values()]
    .filter((c) => c.seasons.has(season))
    .map((c) => `${c.seasons.get(season) ?? c.name} teammate head-to-head ${season}`);
}
