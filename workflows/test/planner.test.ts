import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { latestResults } from '@pitwall/db/queries/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warehouseConfig } from '../src/config.ts';
import { loadCatalog } from '../src/entities/catalog.ts';
import { importErgast } from '../src/loaders/ergast-csv.ts';
import { metricOf } from '../src/query/catalog.ts';
import { type ParseContext, parseQuestion, type Understanding } from '../src/query/parse.ts';
import { openWarehouse } from '../src/warehouse.ts';

/**
 * The builtin parser against the real catalog (Ergast dump: results to 2025 round 18). Each case is a
 * question a user could type with what a fan means by it: what is asked (`Asks`, read as the metrics and
 * views of the query language that answer it, see ACCEPTED), where (one race, a whole season, or a
 * career) and whom; or only the question, when the parser must ask back or decline rather than answer.
 */
type Asks =
  | 'race_winner'
  | 'race_pace'
  | 'lap_times'
  | 'tyre_strategy'
  | 'degradation'
  | 'positions'
  | 'gaps'
  | 'pit_stops'
  | 'qualifying'
  | 'team_pace'
  | 'undercuts'
  | 'teammate_h2h'
  | 'season_standings'
  | 'points_progression'
  | 'driver_comparison'
  | 'career';
/** One race, a whole season, or no season at all (a career, across the years). */
type When = { season?: number; round?: number };
const at = (season: number, round: number): When => ({ season, round });
const over = (season: number): When => ({ season });
const ever: When = {};
/** Drivers by ref, or teams; each must be in the query (others may be too). */
type Who = string[] | { teams: string[] };
type Case =
  | readonly [question: string, asks: Asks, when: When, who?: Who]
  | readonly [question: string, asks: null];

/** The metric and view ids that answer what is asked. */
const ACCEPTED: Record<Asks, readonly string[]> = {
  race_winner: ['wins', 'finish_position', 'podiums'],
  race_pace: ['race_pace'],
  lap_times: ['lap_times'],
  tyre_strategy: ['tyre_strategy'],
  degradation: ['degradation'],
  positions: ['position_changes', 'laps_led', 'places_gained'],
  gaps: ['gaps'],
  pit_stops: ['pit_stops', 'pit_stop_time', 'pit_stop_analysis'],
  qualifying: [
    'qualifying_session',
    'poles',
    'qualifying_position',
    'qualifying_time',
    'q3_appearances',
    'gap_to_pole',
  ],
  team_pace: ['team_pace'],
  undercuts: ['undercuts'],
  teammate_h2h: ['teammate_h2h'],
  season_standings: [
    'championship_position',
    'championship_points',
    'season_summary',
    'wins',
    'points',
    'podiums',
    'poles',
    'titles',
  ],
  points_progression: ['points_progression'],
  // Or any count metric (wins, podiums…) of the drivers named, over their careers.
  driver_comparison: ['driver_comparison'],
  career: ['career_summary'],
};

const CASES: Case[] = [
  // Race results, with spelling variants, diacritics, nicknames for races, relative dates.
  ['Who won the 2023 Monaco Grand Prix?', 'race_winner', at(2023, 6)],
  ['who won monaco 2023', 'race_winner', at(2023, 6)],
  ['WHO WON THE 2024 SÃO PAULO GRAND PRIX', 'race_winner', at(2024, 21)],
  ['Who won the 2024 Sao Paulo GP?', 'race_winner', at(2024, 21)],
  ['Winner of the 2024 Brazilian GP', 'race_winner', at(2024, 21)],
  ['who won at interlagos in 2024', 'race_winner', at(2024, 21)],
  ['2023 Monza results', 'race_winner', at(2023, 14)],
  ['Who won the 2023 Italian Grand Prix?', 'race_winner', at(2023, 14)],
  ['Who won the 2021 Abu Dhabi Grand Prix?', 'race_winner', at(2021, 22)],
  ['who won at yas marina 2021', 'race_winner', at(2021, 22)],
  ['Who won the 2023 Las Vegas GP?', 'race_winner', at(2023, 21)],
  ['who won in vegas 2023', 'race_winner', at(2023, 21)],
  ['2022 Silverstone winner', 'race_winner', at(2022, 10)],
  ['Who won the British GP in 2022?', 'race_winner', at(2022, 10)],
  ['who won at spa 2023', 'race_winner', at(2023, 12)],
  ['Belgian Grand Prix 2023 podium', 'race_winner', at(2023, 12)],
  ['who won the 2019 German Grand Prix', 'race_winner', at(2019, 11)],
  ['Who won the 2021 Brazilian Grand Prix?', 'race_winner', at(2021, 19)],
  ['who won round 7 of 2023', 'race_winner', at(2023, 7)],
  ['2024 round 1 result', 'race_winner', at(2024, 1)],
  ['Who won the first race of 2024?', 'race_winner', at(2024, 1)],
  ['Who won the season opener in 2022?', 'race_winner', at(2022, 1)],
  ['who won the 2023 race before Monaco', 'race_winner', at(2023, 5)],
  ['who won the race after Monza in 2023', 'race_winner', at(2023, 15)],
  ['who won the 2023 Japanese GP at Suzuka', 'race_winner', at(2023, 16)],
  ['Who won in Jeddah in 2023?', 'race_winner', at(2023, 2)],
  ['Who won the 2023 Saudi Arabian Grand Prix?', 'race_winner', at(2023, 2)],
  ['Who won the 2023 Austrian GP?', 'race_winner', at(2023, 9)],
  ['who won in austin in 2023', 'race_winner', at(2023, 18)],
  ['Who won the 2023 US GP at COTA?', 'race_winner', at(2023, 18)],
  ['Who won the 2023 Mexico City Grand Prix?', 'race_winner', at(2023, 19)],
  ['who won in mexico 2023', 'race_winner', at(2023, 19)],
  ['Who won the 2024 Miami GP?', 'race_winner', at(2024, 6)],
  ['Who won the 2024 Emilia Romagna Grand Prix?', 'race_winner', at(2024, 7)],
  ['who won at imola in 2024', 'race_winner', at(2024, 7)],
  ['Who won the 2024 Dutch GP?', 'race_winner', at(2024, 15)],
  ['who won zandvoort 2024', 'race_winner', at(2024, 15)],
  ['Who won the 2024 Singapore Grand Prix?', 'race_winner', at(2024, 18)],
  ['Who won the 2024 Qatar GP?', 'race_winner', at(2024, 23)],
  ['who won in baku 2024', 'race_winner', at(2024, 17)],
  ['Who won the 2024 Canadian GP in Montreal?', 'race_winner', at(2024, 9)],
  ['Who won the 2024 Hungarian Grand Prix?', 'race_winner', at(2024, 13)],
  ['who won in melbourne 2024', 'race_winner', at(2024, 3)],
  ['Who won the 2024 Chinese Grand Prix?', 'race_winner', at(2024, 5)],
  ['Who won the 2024 Spanish GP in Barcelona?', 'race_winner', at(2024, 10)],
  ['who won the 2020 70th Anniversary Grand Prix', 'race_winner', at(2020, 5)],
  ['Who won the 2020 Tuscan Grand Prix at Mugello?', 'race_winner', at(2020, 9)],
  ['Who won the 2020 Sakhir Grand Prix?', 'race_winner', at(2020, 16)],
  ['who won the 2008 singapore grand prix', 'race_winner', at(2008, 15)],
  ['who won the 1998 Belgian Grand Prix', 'race_winner', at(1998, 13)],
  ['Who won the 1976 Japanese Grand Prix?', 'race_winner', at(1976, 16)],
  ['Who won the 2025 Monaco Grand Prix?', 'race_winner', at(2025, 8)],
  ['who won the last race', 'race_winner', at(2025, 18)],
  ['Who won the latest grand prix?', 'race_winner', at(2025, 18)],
  ['who won monaco this season', 'race_winner', at(2025, 8)],
  ['who won monaco last year', 'race_winner', at(2024, 8)],
  ['Who won the 2023 Monaco Grand Prx?', 'race_winner', at(2023, 6)],
  ['who wonn the 2023 monaco gp', 'race_winner', at(2023, 6)],
  // Race pace.
  [
    'Compare Verstappen and Norris race pace at the 2024 São Paulo GP',
    'race_pace',
    at(2024, 21),
    ['max_verstappen', 'norris'],
  ],
  ['Max vs Lando pace Brazil 2024', 'race_pace', at(2024, 21), ['max_verstappen', 'norris']],
  ['race pace of Leclerc and Sainz at Monza 2023', 'race_pace', at(2023, 14), ['leclerc', 'sainz']],
  [
    'Was Hamilton faster than Russell in the race at Silverstone 2024?',
    'race_pace',
    at(2024, 12),
    ['hamilton', 'russell'],
  ],
  ['Checo vs Max long run pace Bahrain 2023', 'race_pace', at(2023, 1), ['perez', 'max_verstappen']],
  ['clean laps comparison Piastri Norris Hungary 2024', 'race_pace', at(2024, 13), ['piastri', 'norris']],
  [
    'fuel corrected race pace Verstappen Hamilton Abu Dhabi 2021',
    'race_pace',
    at(2021, 22),
    ['max_verstappen', 'hamilton'],
  ],
  ['Who had the best race pace at the 2023 Dutch GP?', 'race_pace', at(2023, 13)],
  ['Alonso pace at Monaco 2023', 'race_pace', at(2023, 6), ['alonso']],
  ['Pérez pace in Jeddah 2023', 'race_pace', at(2023, 2), ['perez']],
  ['Leclrec vs Sainz pace at Monza 2023', 'race_pace', at(2023, 14), ['leclerc', 'sainz']],
  ['Verstapen pace Monaco 2023', 'race_pace', at(2023, 6), ['max_verstappen']],
  ['Hulk pace at Interlagos 2024', 'race_pace', at(2024, 21), ['hulkenberg']],
  // Lap times.
  ['Show lap times for Verstappen at Monaco 2023', 'lap_times', at(2023, 6), ['max_verstappen']],
  ['lap times Norris Piastri Monza 2024', 'lap_times', at(2024, 16), ['norris', 'piastri']],
  ['laptimes of the top three at the 2023 Bahrain GP', 'lap_times', at(2023, 1)],
  ['Hamilton lap chart Silverstone 2024', 'lap_times', at(2024, 12), ['hamilton']],
  ['VER lap times Suzuka 2024', 'lap_times', at(2024, 4), ['max_verstappen']],
  ['lap times at the last race', 'lap_times', at(2025, 18)],
  // Tyre strategy.
  ['What tyre strategies were used at the 2023 Qatar GP?', 'tyre_strategy', at(2023, 17)],
  ['tyre strategy Monza 2023', 'tyre_strategy', at(2023, 14)],
  [
    'Which compounds did Verstappen use at Silverstone 2024?',
    'tyre_strategy',
    at(2024, 12),
    ['max_verstappen'],
  ],
  ['stints at the 2024 Hungarian GP', 'tyre_strategy', at(2024, 13)],
  ['one stop or two stop at Bahrain 2024?', 'tyre_strategy', at(2024, 1)],
  ['Ferrari strategy at Monaco 2024', 'tyre_strategy', at(2024, 8), { teams: ['ferrari'] }],
  ['tire strategy for McLaren at Zandvoort 2024', 'tyre_strategy', at(2024, 15), { teams: ['mclaren'] }],
  // Degradation.
  ['How fast did the softs degrade at Monza 2023?', 'degradation', at(2023, 14)],
  ['tyre degradation at Bahrain 2024', 'degradation', at(2024, 1)],
  ['Hard tyre wear Silverstone 2023', 'degradation', at(2023, 10)],
  ['degradation of the mediums at Barcelona 2023', 'degradation', at(2023, 7)],
  ['Leclerc tyre degradation in Austin 2024', 'degradation', at(2024, 19), ['leclerc']],
  ['tyre drop off for Red Bull at Jeddah 2024', 'degradation', at(2024, 2), { teams: ['red_bull'] }],
  // Positions.
  ['Position changes at the 2024 British GP', 'positions', at(2024, 12)],
  ['Who led the most laps at Silverstone 2024?', 'positions', at(2024, 12)],
  ['laps led at the 2023 Singapore GP', 'positions', at(2023, 15)],
  ['How many places did Verstappen gain at Interlagos 2024?', 'positions', at(2024, 21), ['max_verstappen']],
  ['overtakes at the 2023 Belgian GP', 'positions', at(2023, 12)],
  ['lead changes Monza 2024', 'positions', at(2024, 16)],
  // Gaps.
  ['Gap to the leader at the 2024 British GP', 'gaps', at(2024, 12)],
  ['race trace Monaco 2023', 'gaps', at(2023, 6)],
  ['gaps between Norris and Verstappen at Imola 2024', 'gaps', at(2024, 7), ['norris', 'max_verstappen']],
  ['intervals at the 2023 Qatar GP', 'gaps', at(2023, 17)],
  // Pit stops.
  ['Pit stops at the 2023 Qatar GP', 'pit_stops', at(2023, 17)],
  ['Who had the fastest pit stop at Monza 2023?', 'pit_stops', at(2023, 14)],
  ['pitstops Silverstone 2024', 'pit_stops', at(2024, 12)],
  ['How many stops did Hamilton make at the 2023 Dutch GP?', 'pit_stops', at(2023, 13), ['hamilton']],
  ['pit lane times at the 2024 Hungarian Grand Prix', 'pit_stops', at(2024, 13)],
  // Qualifying.
  ['Who took pole at the 2024 São Paulo GP?', 'qualifying', at(2024, 21)],
  ['qualifying results Monaco 2023', 'qualifying', at(2023, 6)],
  ['2024 Singapore quali', 'qualifying', at(2024, 18)],
  ['Q3 at Monza 2023', 'qualifying', at(2023, 14)],
  ['Gap to pole at Silverstone 2024', 'qualifying', at(2024, 12)],
  ['How far off pole was Hamilton at Spa 2024?', 'qualifying', at(2024, 14), ['hamilton']],
  ['Who was on pole for the last race?', 'qualifying', at(2025, 18)],
  // Team pace.
  ['Team pace ranking at the 2024 Hungarian GP', 'team_pace', at(2024, 13)],
  ['Which team was fastest at Monza 2023?', 'team_pace', at(2023, 14)],
  ['fastest team at the 2024 British Grand Prix', 'team_pace', at(2024, 12)],
  // Undercuts and overcuts: the words are the view's, whoever is named.
  ["Did Norris's undercut work at the 2024 Hungarian GP?", 'undercuts', at(2024, 13), ['norris']],
  ['undercuts at the 2024 British GP', 'undercuts', at(2024, 12)],
  [
    'Did Hamilton jump Verstappen in the pits at Hungary 2024?',
    'undercuts',
    at(2024, 13),
    ['hamilton', 'max_verstappen'],
  ],
  ['did the overcut work for Leclerc at Monza 2024', 'undercuts', at(2024, 16), ['leclerc']],
  // Teammate head-to-head.
  ['Qualifying head-to-head Leclerc vs Sainz 2023', 'teammate_h2h', over(2023), ['leclerc', 'sainz']],
  ['Hamilton vs Russell head to head 2024', 'teammate_h2h', over(2024), ['hamilton', 'russell']],
  ['Verstappen teammate battle 2023', 'teammate_h2h', over(2023), ['max_verstappen', 'perez']],
  ['McLaren teammate head-to-head 2024', 'teammate_h2h', over(2024), { teams: ['mclaren'] }],
  ['h2h Norris Piastri 2024', 'teammate_h2h', over(2024), ['norris', 'piastri']],
  ['How did Checo do against his teammate in 2023?', 'teammate_h2h', over(2023), ['perez', 'max_verstappen']],
  ['Alonso vs Stroll teammate comparison 2023', 'teammate_h2h', over(2023), ['alonso', 'stroll']],
  ['qualifying battle Ocon Gasly 2024', 'teammate_h2h', over(2024), ['ocon', 'gasly']],
  // Season standings and title.
  ['2023 drivers championship standings', 'season_standings', over(2023)],
  ['Who won the 2021 championship?', 'season_standings', over(2021)],
  ['Who won the constructors title in 2024?', 'season_standings', over(2024)],
  ['Who can still win the 2025 title?', 'season_standings', over(2025)],
  ['How many wins did Verstappen have in 2023?', 'season_standings', over(2023), ['max_verstappen']],
  ['standings this season', 'season_standings', over(2025)],
  ['F1 champion 2008', 'season_standings', over(2008)],
  ['championship standings last year', 'season_standings', over(2024)],
  // Points progression.
  ['Points progression 2021', 'points_progression', over(2021)],
  [
    '2024 title fight between Norris and Verstappen',
    'points_progression',
    over(2024),
    ['norris', 'max_verstappen'],
  ],
  ['championship battle 2025', 'points_progression', over(2025)],
  ['points over the 2010 season', 'points_progression', over(2010)],
  // Driver comparison across seasons.
  [
    'Compare Hamilton and Verstappen across seasons',
    'driver_comparison',
    ever,
    ['hamilton', 'max_verstappen'],
  ],
  ['Alonso vs Räikkönen over the years', 'driver_comparison', ever, ['alonso', 'raikkonen']],
  ['compare Vettel and Webber across their seasons', 'driver_comparison', ever, ['vettel', 'webber']],
  // Careers.
  ['Lewis Hamilton career summary', 'career', ever, ['hamilton']],
  ['Fernando Alonso career', 'career', ever, ['alonso']],
  // Three Schumachers raced; Michael has many times the others' wins and starts, so he is meant (and the
  // answer says so in a note).
  ['How many wins has Schumacher had in his career?', 'career', ever, ['michael_schumacher']],
  ['Michael Schumacher career stats', 'career', ever, ['michael_schumacher']],
  ['Ayrton Senna career', 'career', ever, ['senna']],
  ['Kimi Räikkönen all time stats', 'career', ever, ['raikkonen']],
  ['Nico Hülkenberg career', 'career', ever, ['hulkenberg']],
  // Season-wide: every race of the season, aggregated.
  ['Tyre degradation on softs across 2024', 'degradation', over(2024)],
  ['Who gained the most places on lap 1 in 2023?', 'positions', over(2023)],
  ['pit stops across the 2023 season', 'pit_stops', over(2023)],
  ['tyre strategies throughout 2024', 'tyre_strategy', over(2024)],
  // Unanswerable or unclear: the parser must ask back or decline.
  ['What is the meaning of life?', null],
  ['Who will win the 2026 championship?', null],
  ['Predict the next race winner', null],
  ['Who won the 2023 Atlantis Grand Prix?', null],
  ['Who won the 1949 Monaco Grand Prix?', null],
  ['Who won the 2031 Monaco Grand Prix?', null],
  ['hello', null],
  ['tell me a joke', null],
  ['Who won in Italy in 2020?', null],
  ['race pace 2023', null],
  ['Compare careers', null],
  ['head to head 2023', null],
  ['what should I cook tonight', null],
  ['lap times', null],
  ['Who is going to win Monaco?', null],
];

/** What the parser made of a question, in one line. */
function said(outcome: Understanding): string {
  if (outcome.kind === 'decline') return `declined: ${outcome.reason}`;
  if (outcome.kind === 'clarify') return `asked back: ${outcome.clarification.question}`;
  const { metric, scope, drivers, teams } = outcome.query;
  return JSON.stringify({ metric, scope, drivers, teams });
}

/** Where the outcome differs from what the question means; empty when it answers as meant. */
function differences(outcome: Understanding, c: Case): string[] {
  const [, asks, when, who] = c;
  if (asks === null) return outcome.kind === 'query' ? ['answered instead of asking back'] : [];
  if (outcome.kind !== 'query') return [`${outcome.kind} instead of answering`];
  const { metric, scope, drivers, teams } = outcome.query;
  const out: string[] = [];
  const namedDrivers = Array.isArray(who) ? who : [];
  const namedTeams = who && !Array.isArray(who) ? who.teams : [];
  // Career-long questions may be answered by a count of the drivers named (wins, podiums…).
  const countOfNamed =
    (asks === 'career' || asks === 'driver_comparison') &&
    metricOf(metric)?.kind === 'count' &&
    namedDrivers.length > 0;
  if (!ACCEPTED[asks].includes(metric) && !countOfNamed) out.push(`metric ${metric}`);
  if (when.round !== undefined) {
    if (scope.race?.season !== when.season || scope.race?.round !== when.round)
      out.push(`not the ${when.season} round ${when.round} race`);
  } else if (when.season !== undefined) {
    const wholeSeason =
      !scope.race && scope.seasons?.from === when.season && scope.seasons.to === when.season;
    const standingsAt = asks === 'season_standings' && scope.race?.season === when.season;
    if (!wholeSeason && !standingsAt) out.push(`not the ${when.season} season`);
  } else {
    // A career: no race, and no single season unless the view is career-long itself.
    const careerView = metric === 'career_summary' || metric === 'driver_comparison';
    const oneSeason = scope.seasons !== undefined && scope.seasons.from === scope.seasons.to;
    if (scope.race || (!careerView && oneSeason)) out.push('not across the seasons');
  }
  const missing = [
    ...namedDrivers.filter((d) => !drivers.includes(d)),
    ...namedTeams.filter((t) => !teams.includes(t)),
  ];
  if (missing.length) out.push(`missing ${missing.join(', ')}`);
  return out;
}

let ctx: ParseContext;
let close: () => void;
const dir = mkdtempSync(join(tmpdir(), 'pitwall-planner-'));

beforeAll(async () => {
  const wh = await openWarehouse(`file:${join(dir, 'wh.db')}`);
  close = wh.close;
  await importErgast(wh.db, join(warehouseConfig({}).PITWALL_F1DATA, 'ergast'));
  const latest = await latestResults(wh.db);
  if (!latest) throw new Error('no results');
  ctx = { latest, catalog: await loadCatalog(wh.db) };
}, 60_000);
afterAll(() => {
  close?.();
  rmSync(dir, { recursive: true, force: true });
});

describe('the builtin parser on a set of real questions', () => {
  it('has the whole question set', () => expect(CASES.length).toBeGreaterThanOrEqual(150));

  it.each(CASES.map((c) => [c[0], c] as const))('%s', (question, c) => {
    const outcome = parseQuestion(question, ctx);
    expect(differences(outcome, c), said(outcome)).toEqual([]);
  });

  it('offers concrete options when a race is ambiguous, each the query of one race', () => {
    const outcome = parseQuestion('Who won in Italy in 2020?', ctx);
    expect(outcome.kind).toBe('clarify');
    const options = outcome.kind === 'clarify' ? outcome.clarification.options : [];
    const labels = options.map((o) => o.label).join(' ');
    expect(labels).toMatch(/Italian Grand Prix/);
    expect(labels).toMatch(/Emilia Romagna|Tuscan/);
    for (const option of options) {
      expect(option.query).toMatchObject({ metric: 'wins', aggregate: 'list' });
      expect(option.query.scope.race?.season).toBe(2020);
      expect(option.label).toContain(option.query.scope.race?.name);
    }
  });

  it('offers options that are the queries meant, ready to run without being parsed again', () => {
    const outcome = parseQuestion('Race pace of Verstappen and Norris in 2024', ctx);
    expect(outcome.kind).toBe('clarify');
    const options = outcome.kind === 'clarify' ? outcome.clarification.options : [];
    expect(options.length).toBe(ctx.catalog.races.filter((r) => r.season === 2024).length);
    for (const option of options) {
      const chosen: Understanding = { kind: 'query', query: option.query };
      const round = option.query.scope.race?.round ?? 0;
      const meant: Case = [option.label, 'race_pace', at(2024, round), ['max_verstappen', 'norris']];
      expect(differences(chosen, meant), `${option.label} → ${said(chosen)}`).toEqual([]);
      expect(option.label).toMatch(/^Race pace of Max Verstappen and Lando Norris at the 2024 /);
    }
  });

  it('offers each reading of an ambiguous name as the question with that driver', () => {
    const outcome = parseQuestion('how many poles did Rosberg get', ctx);
    expect(outcome.kind).toBe('clarify');
    const options = outcome.kind === 'clarify' ? outcome.clarification.options : [];
    expect(options.map((o) => o.query.drivers)).toEqual([['rosberg'], ['keke_rosberg']]);
    expect(options.map((o) => o.label)).toEqual([
      'Total pole positions of Nico Rosberg in their career',
      'Total pole positions of Keke Rosberg in their career',
    ]);
    for (const option of options) expect(option.query).toMatchObject({ metric: 'poles', aggregate: 'total' });
  });
});
