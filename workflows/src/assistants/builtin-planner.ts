import type { Clarification, Plan } from '@pitwall/db/contracts';
import type { RaceRow } from '@pitwall/db/queries/warehouse';
import { containsPhrase, normalize } from '@pitwall/db/text';

export type PlanOutcome = { kind: 'plan'; plan: Plan } | { kind: 'clarify'; clarification: Clarification };

export type PlannerContext = {
  /** The newest season and round that have results: "last race" and a question without a year use it. */
  latest: { season: number; round: number };
  racesOf: (season: number) => Promise<RaceRow[]>;
};

const WINNER_INTENT = /\b(who won|winner|won|win|results?|classification|podium|finishing order)\b/;

/** Names people use for a race that its official name, circuit and country do not contain. */
const EXTRA_ALIASES: Record<string, string[]> = {
  interlagos: ['brazil', 'brazilian', 'sao paulo', 'interlagos'],
  rodriguez: ['mexico', 'mexican', 'mexico city'],
  americas: ['austin', 'cota', 'usa', 'us', 'united states', 'american'],
  vegas: ['las vegas', 'vegas'],
  miami: ['miami'],
  monaco: ['monaco', 'monte carlo'],
  monza: ['monza', 'italy', 'italian'],
  imola: ['imola', 'emilia romagna'],
  silverstone: ['silverstone', 'britain', 'british', 'uk', 'great britain'],
  spa: ['spa', 'belgium', 'belgian'],
  zandvoort: ['zandvoort', 'dutch', 'netherlands', 'holland'],
  red_bull_ring: ['spielberg', 'austria', 'austrian', 'red bull ring'],
  hungaroring: ['hungaroring', 'hungary', 'hungarian', 'budapest'],
  villeneuve: ['montreal', 'canada', 'canadian'],
  catalunya: ['barcelona', 'spain', 'spanish', 'catalunya'],
  baku: ['baku', 'azerbaijan'],
  marina_bay: ['singapore', 'marina bay'],
  suzuka: ['suzuka', 'japan', 'japanese'],
  losail: ['qatar', 'losail', 'lusail'],
  yas_marina: ['abu dhabi', 'yas marina'],
  bahrain: ['bahrain', 'sakhir'],
  jeddah: ['jeddah', 'saudi', 'saudi arabia', 'saudi arabian'],
  albert_park: ['melbourne', 'australia', 'australian', 'albert park'],
  shanghai: ['shanghai', 'china', 'chinese'],
};

function aliasesOf(race: RaceRow): string[] {
  const official = normalize(race.name);
  const short = official.replace(/ grand prix$/, '');
  return [
    official,
    short,
    `${short} gp`,
    normalize(race.circuitName),
    race.location ? normalize(race.location) : '',
    race.country ? normalize(race.country) : '',
    ...(EXTRA_ALIASES[race.circuitRef] ?? []),
  ].filter((alias) => alias.length >= 3 || alias === 'us');
}

/** Races whose longest matching alias is the longest of all; several means the question is ambiguous. */
export function matchRaces(question: string, races: RaceRow[]): RaceRow[] {
  const text = normalize(question);
  let best = 0;
  let matches: RaceRow[] = [];
  for (const race of races) {
    const score = Math.max(
      0,
      ...aliasesOf(race)
        .filter((a) => containsPhrase(text, a))
        .map((a) => a.length),
    );
    if (score === 0) continue;
    if (score > best) {
      best = score;
      matches = [race];
    } else if (score === best) {
      matches.push(race);
    }
  }
  return matches;
}

function seasonOf(text: string, latest: PlannerContext['latest']): number | undefined {
  const year = text.match(/\b(1[89]\d\d|20\d\d)\b/);
  if (year) return Number(year[1]);
  if (/\blast (year|season)\b/.test(text)) return latest.season - 1;
  if (/\b(this|current) (year|season)\b/.test(text)) return latest.season;
  return undefined;
}

const winnerQuestion = (season: number, race: RaceRow) => `Who won the ${season} ${race.name}?`;

/**
 * The planner that needs no language model. It understands race-result questions ("who won …"), resolves
 * the season (a year, "last year", "this season", or the newest season with results) and the race (by name,
 * circuit, city, country, with or without diacritics), and asks back instead of guessing.
 */
export async function builtinPlan(question: string, ctx: PlannerContext): Promise<PlanOutcome> {
  const text = normalize(question);
  const isLastRace = /\b(last|latest|most recent) (race|grand prix|gp)\b/.test(text);
  if (!WINNER_INTENT.test(text) && !isLastRace) {
    return {
      kind: 'clarify',
      clarification: {
        question: 'I can tell you who won a race and how the race finished. Which race do you mean?',
        options: [
          'Who won the 2023 Monaco Grand Prix?',
          'Who won the last race?',
          'Who won the 2024 São Paulo Grand Prix?',
        ],
      },
    };
  }
  const explicitSeason = seasonOf(text, ctx.latest);
  const season = explicitSeason ?? ctx.latest.season;
  const races = await ctx.racesOf(season);
  if (races.length === 0) {
    return {
      kind: 'clarify',
      clarification: {
        question: `There is no ${season} season in the data. Which season do you mean?`,
        options: [ctx.latest.season, ctx.latest.season - 1, ctx.latest.season - 2].map(String),
      },
    };
  }
  const roundMatch = text.match(/\bround (\d{1,2})\b/);
  let matches = roundMatch
    ? races.filter((r) => r.round === Number(roundMatch[1]))
    : matchRaces(question, races);
  if (matches.length === 0 && isLastRace && explicitSeason === undefined) {
    matches = races.filter((r) => r.round === ctx.latest.round);
  }
  const [race] = matches;
  if (matches.length === 1 && race) {
    return {
      kind: 'plan',
      plan: {
        intent: 'race_winner',
        season,
        round: race.round,
        raceName: race.name,
        drivers: [],
        teams: [],
        compounds: [],
      },
    };
  }
  const options = (matches.length > 1 ? matches : races).map((r) => winnerQuestion(season, r));
  return {
    kind: 'clarify',
    clarification: {
      question:
        matches.length > 1
          ? `Several ${season} races fit that question. Which one do you mean?`
          : `Which ${season} race do you mean?`,
      options: options.slice(0, 30),
    },
  };
}
