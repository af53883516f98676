import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Intent } from '@pitwall/db/contracts';
import { latestResults, seasonRaces } from '@pitwall/db/queries/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinPlan, type PlannerContext } from '../src/assistants/builtin-planner.ts';
import { warehouseConfig } from '../src/config.ts';
import { loadCatalog } from '../src/entities/catalog.ts';
import { importErgast } from '../src/loaders/ergast-csv.ts';
import { openWarehouse } from '../src/warehouse.ts';

/**
 * The builtin planner against the real catalog (Ergast dump: results to 2025 round 18). Each case is a
 * question a user could type, with the plan it must produce, or `null` when the planner must ask back.
 */
type Expect = {
  intent: Intent;
  season: number;
  round?: number;
  drivers?: string[];
  teams?: string[];
  seasonWide?: boolean;
} | null;
const CASES: [string, Expect][] = [
  // Race results, with spelling variants, diacritics, nicknames for races, relative dates.
  ['Who won the 2023 Monaco Grand Prix?', { intent: 'race_winner', season: 2023, round: 6 }],
  ['who won monaco 2023', { intent: 'race_winner', season: 2023, round: 6 }],
  ['WHO WON THE 2024 SÃO PAULO GRAND PRIX', { intent: 'race_winner', season: 2024, round: 21 }],
  ['Who won the 2024 Sao Paulo GP?', { intent: 'race_winner', season: 2024, round: 21 }],
  ['Winner of the 2024 Brazilian GP', { intent: 'race_winner', season: 2024, round: 21 }],
  ['who won at interlagos in 2024', { intent: 'race_winner', season: 2024, round: 21 }],
  ['2023 Monza results', { intent: 'race_winner', season: 2023, round: 14 }],
  ['Who won the 2023 Italian Grand Prix?', { intent: 'race_winner', season: 2023, round: 14 }],
  ['Who won the 2021 Abu Dhabi Grand Prix?', { intent: 'race_winner', season: 2021, round: 22 }],
  ['who won at yas marina 2021', { intent: 'race_winner', season: 2021, round: 22 }],
  ['Who won the 2023 Las Vegas GP?', { intent: 'race_winner', season: 2023, round: 21 }],
  ['who won in vegas 2023', { intent: 'race_winner', season: 2023, round: 21 }],
  ['2022 Silverstone winner', { intent: 'race_winner', season: 2022, round: 10 }],
  ['Who won the British GP in 2022?', { intent: 'race_winner', season: 2022, round: 10 }],
  ['who won at spa 2023', { intent: 'race_winner', season: 2023, round: 12 }],
  ['Belgian Grand Prix 2023 podium', { intent: 'race_winner', season: 2023, round: 12 }],
  ['who won the 2019 German Grand Prix', { intent: 'race_winner', season: 2019, round: 11 }],
  ['Who won the 2021 Brazilian Grand Prix?', { intent: 'race_winner', season: 2021, round: 19 }],
  ['who won round 7 of 2023', { intent: 'race_winner', season: 2023, round: 7 }],
  ['2024 round 1 result', { intent: 'race_winner', season: 2024, round: 1 }],
  ['Who won the first race of 2024?', { intent: 'race_winner', season: 2024, round: 1 }],
  ['Who won the season opener in 2022?', { intent: 'race_winner', season: 2022, round: 1 }],
  ['who won the 2023 race before Monaco', { intent: 'race_winner', season: 2023, round: 5 }],
  ['who won the race after Monza in 2023', { intent: 'race_winner', season: 2023, round: 15 }],
  ['who won the 2023 Japanese GP at Suzuka', { intent: 'race_winner', season: 2023, round: 16 }],
  ['Who won in Jeddah in 2023?', { intent: 'race_winner', season: 2023, round: 2 }],
  ['Who won the 2023 Saudi Arabian Grand Prix?', { intent: 'race_winner', season: 2023, round: 2 }],
  ['Who won the 2023 Austrian GP?', { intent: 'race_winner', season: 2023, round: 9 }],
  ['who won in austin in 2023', { intent: 'race_winner', season: 2023, round: 18 }],
  ['Who won the 2023 US GP at COTA?', { intent: 'race_winner', season: 2023, round: 18 }],
  ['Who won the 2023 Mexico City Grand Prix?', { intent: 'race_winner', season: 2023, round: 19 }],
  ['who won in mexico 2023', { intent: 'race_winner', season: 2023, round: 19 }],
  ['Who won the 2024 Miami GP?', { intent: 'race_winner', season: 2024, round: 6 }],
  ['Who won the 2024 Emilia Romagna Grand Prix?', { intent: 'race_winner', season: 2024, round: 7 }],
  ['who won at imola in 2024', { intent: 'race_winner', season: 2024, round: 7 }],
  ['Who won the 2024 Dutch GP?', { intent: 'race_winner', season: 2024, round: 15 }],
  ['who won zandvoort 2024', { intent: 'race_winner', season: 2024, round: 15 }],
  ['Who won the 2024 Singapore Grand Prix?', { intent: 'race_winner', season: 2024, round: 18 }],
  ['Who won the 2024 Qatar GP?', { intent: 'race_winner', season: 2024, round: 23 }],
  ['who won in baku 2024', { intent: 'race_winner', season: 2024, round: 17 }],
  ['Who won the 2024 Canadian GP in Montreal?', { intent: 'race_winner', season: 2024, round: 9 }],
  ['Who won the 2024 Hungarian Grand Prix?', { intent: 'race_winner', season: 2024, round: 13 }],
  ['who won in melbourne 2024', { intent: 'race_winner', season: 2024, round: 3 }],
  ['Who won the 2024 Chinese Grand Prix?', { intent: 'race_winner', season: 2024, round: 5 }],
  ['Who won the 2024 Spanish GP in Barcelona?', { intent: 'race_winner', season: 2024, round: 10 }],
  ['who won the 2020 70th Anniversary Grand Prix', { intent: 'race_winner', season: 2020, round: 5 }],
  ['Who won the 2020 Tuscan Grand Prix at Mugello?', { intent: 'race_winner', season: 2020, round: 9 }],
  ['Who won the 2020 Sakhir Grand Prix?', { intent: 'race_winner', season: 2020, round: 16 }],
  ['who won the 2008 singapore grand prix', { intent: 'race_winner', season: 2008, round: 15 }],
  ['who won the 1998 Belgian Grand Prix', { intent: 'race_winner', season: 1998, round: 13 }],
  ['Who won the 1976 Japanese Grand Prix?', { intent: 'race_winner', season: 1976, round: 16 }],
  ['Who won the 2025 Monaco Grand Prix?', { intent: 'race_winner', season: 2025, round: 8 }],
  ['who won the last race', { intent: 'race_winner', season: 2025, round: 18 }],
  ['Who won the latest grand prix?', { intent: 'race_winner', season: 2025, round: 18 }],
  ['who won monaco this season', { intent: 'race_winner', season: 2025, round: 8 }],
  ['who won monaco last year', { intent: 'race_winner', season: 2024, round: 8 }],
  ['Who won the 2023 Monaco Grand Prx?', { intent: 'race_winner', season: 2023, round: 6 }],
  ['who wonn the 2023 monaco gp', { intent: 'race_winner', season: 2023, round: 6 }],
  // Race pace.
  [
    'Compare Verstappen and Norris race pace at the 2024 São Paulo GP',
    { intent: 'race_pace', season: 2024, round: 21, drivers: ['max_verstappen', 'norris'] },
  ],
  [
    'Max vs Lando pace Brazil 2024',
    { intent: 'race_pace', season: 2024, round: 21, drivers: ['max_verstappen', 'norris'] },
  ],
  [
    'race pace of Leclerc and Sainz at Monza 2023',
    { intent: 'race_pace', season: 2023, round: 14, drivers: ['leclerc', 'sainz'] },
  ],
  [
    'Was Hamilton faster than Russell in the race at Silverstone 2024?',
    { intent: 'race_pace', season: 2024, round: 12, drivers: ['hamilton', 'russell'] },
  ],
  [
    'Checo vs Max long run pace Bahrain 2023',
    { intent: 'race_pace', season: 2023, round: 1, drivers: ['perez', 'max_verstappen'] },
  ],
  [
    'clean laps comparison Piastri Norris Hungary 2024',
    { intent: 'race_pace', season: 2024, round: 13, drivers: ['piastri', 'norris'] },
  ],
  [
    'fuel corrected race pace Verstappen Hamilton Abu Dhabi 2021',
    { intent: 'race_pace', season: 2021, round: 22, drivers: ['max_verstappen', 'hamilton'] },
  ],
  ['Who had the best race pace at the 2023 Dutch GP?', { intent: 'race_pace', season: 2023, round: 13 }],
  ['Alonso pace at Monaco 2023', { intent: 'race_pace', season: 2023, round: 6, drivers: ['alonso'] }],
  ['Pérez pace in Jeddah 2023', { intent: 'race_pace', season: 2023, round: 2, drivers: ['perez'] }],
  [
    'Leclrec vs Sainz pace at Monza 2023',
    { intent: 'race_pace', season: 2023, round: 14, drivers: ['leclerc', 'sainz'] },
  ],
  [
    'Verstapen pace Monaco 2023',
    { intent: 'race_pace', season: 2023, round: 6, drivers: ['max_verstappen'] },
  ],
  ['Hulk pace at Interlagos 2024', { intent: 'race_pace', season: 2024, round: 21, drivers: ['hulkenberg'] }],
  // Lap times.
  [
    'Show lap times for Verstappen at Monaco 2023',
    { intent: 'lap_times', season: 2023, round: 6, drivers: ['max_verstappen'] },
  ],
  [
    'lap times Norris Piastri Monza 2024',
    { intent: 'lap_times', season: 2024, round: 16, drivers: ['norris', 'piastri'] },
  ],
  ['laptimes of the top three at the 2023 Bahrain GP', { intent: 'lap_times', season: 2023, round: 1 }],
  [
    'Hamilton lap chart Silverstone 2024',
    { intent: 'lap_times', season: 2024, round: 12, drivers: ['hamilton'] },
  ],
  ['VER lap times Suzuka 2024', { intent: 'lap_times', season: 2024, round: 4, drivers: ['max_verstappen'] }],
  ['lap times at the last race', { intent: 'lap_times', season: 2025, round: 18 }],
  // Tyre strategy.
  [
    'What tyre strategies were used at the 2023 Qatar GP?',
    { intent: 'tyre_strategy', season: 2023, round: 17 },
  ],
  ['tyre strategy Monza 2023', { intent: 'tyre_strategy', season: 2023, round: 14 }],
  [
    'Which compounds did Verstappen use at Silverstone 2024?',
    { intent: 'tyre_strategy', season: 2024, round: 12, drivers: ['max_verstappen'] },
  ],
  ['stints at the 2024 Hungarian GP', { intent: 'tyre_strategy', season: 2024, round: 13 }],
  ['one stop or two stop at Bahrain 2024?', { intent: 'tyre_strategy', season: 2024, round: 1 }],
  [
    'Ferrari strategy at Monaco 2024',
    { intent: 'tyre_strategy', season: 2024, round: 8, teams: ['ferrari'] },
  ],
  [
    'tire strategy for McLaren at Zandvoort 2024',
    { intent: 'tyre_strategy', season: 2024, round: 15, teams: ['mclaren'] },
  ],
  // Degradation.
  ['How fast did the softs degrade at Monza 2023?', { intent: 'degradation', season: 2023, round: 14 }],
  ['tyre degradation at Bahrain 2024', { intent: 'degradation', season: 2024, round: 1 }],
  ['Hard tyre wear Silverstone 2023', { intent: 'degradation', season: 2023, round: 10 }],
  ['degradation of the mediums at Barcelona 2023', { intent: 'degradation', season: 2023, round: 7 }],
  [
    'Leclerc tyre degradation in Austin 2024',
    { intent: 'degradation', season: 2024, round: 19, drivers: ['leclerc'] },
  ],
  [
    'tyre drop off for Red Bull at Jeddah 2024',
    { intent: 'degradation', season: 2024, round: 2, teams: ['red_bull'] },
  ],
  // Positions.
  ['Position changes at the 2024 British GP', { intent: 'positions', season: 2024, round: 12 }],
  ['Who led the most laps at Silverstone 2024?', { intent: 'positions', season: 2024, round: 12 }],
  ['laps led at the 2023 Singapore GP', { intent: 'positions', season: 2023, round: 15 }],
  [
    'How many places did Verstappen gain at Interlagos 2024?',
    { intent: 'positions', season: 2024, round: 21, drivers: ['max_verstappen'] },
  ],
  ['overtakes at the 2023 Belgian GP', { intent: 'positions', season: 2023, round: 12 }],
  ['lead changes Monza 2024', { intent: 'positions', season: 2024, round: 16 }],
  // Gaps.
  ['Gap to the leader at the 2024 British GP', { intent: 'gaps', season: 2024, round: 12 }],
  ['race trace Monaco 2023', { intent: 'gaps', season: 2023, round: 6 }],
  [
    'gaps between Norris and Verstappen at Imola 2024',
    { intent: 'gaps', season: 2024, round: 7, drivers: ['norris', 'max_verstappen'] },
  ],
  ['intervals at the 2023 Qatar GP', { intent: 'gaps', season: 2023, round: 17 }],
  // Pit stops.
  ['Pit stops at the 2023 Qatar GP', { intent: 'pit_stops', season: 2023, round: 17 }],
  ['Who had the fastest pit stop at Monza 2023?', { intent: 'pit_stops', season: 2023, round: 14 }],
  ['pitstops Silverstone 2024', { intent: 'pit_stops', season: 2024, round: 12 }],
  [
    'How many stops did Hamilton make at the 2023 Dutch GP?',
    { intent: 'pit_stops', season: 2023, round: 13, drivers: ['hamilton'] },
  ],
  ['pit lane times at the 2024 Hungarian Grand Prix', { intent: 'pit_stops', season: 2024, round: 13 }],
  // Qualifying.
  ['Who took pole at the 2024 São Paulo GP?', { intent: 'qualifying', season: 2024, round: 21 }],
  ['qualifying results Monaco 2023', { intent: 'qualifying', season: 2023, round: 6 }],
  ['2024 Singapore quali', { intent: 'qualifying', season: 2024, round: 18 }],
  ['Q3 at Monza 2023', { intent: 'qualifying', season: 2023, round: 14 }],
  ['Gap to pole at Silverstone 2024', { intent: 'qualifying', season: 2024, round: 12 }],
  [
    'How far off pole was Hamilton at Spa 2024?',
    { intent: 'qualifying', season: 2024, round: 14, drivers: ['hamilton'] },
  ],
  ['Who was on pole for the last race?', { intent: 'qualifying', season: 2025, round: 18 }],
  // Team pace.
  ['Team pace ranking at the 2024 Hungarian GP', { intent: 'team_pace', season: 2024, round: 13 }],
  ['Which team was fastest at Monza 2023?', { intent: 'team_pace', season: 2023, round: 14 }],
  ['fastest team at the 2024 British Grand Prix', { intent: 'team_pace', season: 2024, round: 12 }],
  // Teammate head-to-head.
  [
    'Qualifying head-to-head Leclerc vs Sainz 2023',
    { intent: 'teammate_h2h', season: 2023, drivers: ['leclerc', 'sainz'] },
  ],
  [
    'Hamilton vs Russell head to head 2024',
    { intent: 'teammate_h2h', season: 2024, drivers: ['hamilton', 'russell'] },
  ],
  [
    'Verstappen teammate battle 2023',
    { intent: 'teammate_h2h', season: 2023, drivers: ['max_verstappen', 'perez'] },
  ],
  ['McLaren teammate head-to-head 2024', { intent: 'teammate_h2h', season: 2024, teams: ['mclaren'] }],
  ['h2h Norris Piastri 2024', { intent: 'teammate_h2h', season: 2024, drivers: ['norris', 'piastri'] }],
  [
    'How did Checo do against his teammate in 2023?',
    { intent: 'teammate_h2h', season: 2023, drivers: ['perez', 'max_verstappen'] },
  ],
  [
    'Alonso vs Stroll teammate comparison 2023',
    { intent: 'teammate_h2h', season: 2023, drivers: ['alonso', 'stroll'] },
  ],
  ['qualifying battle Ocon Gasly 2024', { intent: 'teammate_h2h', season: 2024, drivers: ['ocon', 'gasly'] }],
  // Season standings and title.
  ['2023 drivers championship standings', { intent: 'season_standings', season: 2023 }],
  ['Who won the 2021 championship?', { intent: 'season_standings', season: 2021 }],
  ['Who won the constructors title in 2024?', { intent: 'season_standings', season: 2024 }],
  ['Who can still win the 2025 title?', { intent: 'season_standings', season: 2025 }],
  [
    'How many wins did Verstappen have in 2023?',
    { intent: 'season_standings', season: 2023, drivers: ['max_verstappen'] },
  ],
  ['standings this season', { intent: 'season_standings', season: 2025 }],
  ['F1 champion 2008', { intent: 'season_standings', season: 2008 }],
  ['championship standings last year', { intent: 'season_standings', season: 2024 }],
  // Points progression.
  ['Points progression 2021', { intent: 'points_progression', season: 2021 }],
  [
    '2024 title fight between Norris and Verstappen',
    { intent: 'points_progression', season: 2024, drivers: ['norris', 'max_verstappen'] },
  ],
  ['championship battle 2025', { intent: 'points_progression', season: 2025 }],
  ['points over the 2010 season', { intent: 'points_progression', season: 2010 }],
  // Driver comparison across seasons.
  [
    'Compare Hamilton and Verstappen across seasons',
    { intent: 'driver_comparison', season: 2025, drivers: ['hamilton', 'max_verstappen'] },
  ],
  [
    'Alonso vs Räikkönen over the years',
    { intent: 'driver_comparison', season: 2025, drivers: ['alonso', 'raikkonen'] },
  ],
  [
    'compare Vettel and Webber across their seasons',
    { intent: 'driver_comparison', season: 2025, drivers: ['vettel', 'webber'] },
  ],
  // Careers.
  ['Lewis Hamilton career summary', { intent: 'career', season: 2025, drivers: ['hamilton'] }],
  ['Fernando Alonso career', { intent: 'career', season: 2025, drivers: ['alonso'] }],
  ['How many wins has Schumacher had in his career?', null],
  ['Michael Schumacher career stats', { intent: 'career', season: 2025, drivers: ['michael_schumacher'] }],
  ['Ayrton Senna career', { intent: 'career', season: 2025, drivers: ['senna'] }],
  ['Kimi Räikkönen all time stats', { intent: 'career', season: 2025, drivers: ['raikkonen'] }],
  ['Nico Hülkenberg career', { intent: 'career', season: 2025, drivers: ['hulkenberg'] }],
  // Season-wide: every race of the season, aggregated.
  ['Tyre degradation on softs across 2024', { intent: 'degradation', season: 2024, seasonWide: true }],
  ['Who gained the most places on lap 1 in 2023?', { intent: 'positions', season: 2023, seasonWide: true }],
  ['pit stops across the 2023 season', { intent: 'pit_stops', season: 2023, seasonWide: true }],
  ['tyre strategies throughout 2024', { intent: 'tyre_strategy', season: 2024, seasonWide: true }],
  // Unanswerable or unclear: the planner must ask back.
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

let ctx: PlannerContext;
let close: () => void;
const dir = mkdtempSync(join(tmpdir(), 'pitwall-planner-'));

beforeAll(async () => {
  const wh = await openWarehouse(`file:${join(dir, 'wh.db')}`);
  close = wh.close;
  await importErgast(wh.db, join(warehouseConfig({}).PITWALL_F1DATA, 'ergast'));
  const latest = await latestResults(wh.db);
  if (!latest) throw new Error('no results');
  ctx = { latest, catalog: await loadCatalog(wh.db), racesOf: (season) => seasonRaces(wh.db, season) };
}, 60_000);
afterAll(() => {
  close?.();
  rmSync(dir, { recursive: true, force: true });
});

function matches(outcome: Awaited<ReturnType<typeof builtinPlan>>, expected: Expect): boolean {
  if (expected === null) return outcome.kind === 'clarify';
  if (outcome.kind !== 'plan') return false;
  const { plan } = outcome;
  if (plan.intent !== expected.intent || plan.season !== expected.season) return false;
  if (expected.round !== undefined && plan.round !== expected.round) return false;
  if (Boolean(expected.seasonWide) !== Boolean(plan.seasonWide)) return false;
  if (expected.drivers?.some((d) => !plan.drivers.includes(d))) return false;
  if (expected.teams?.some((t) => !plan.teams.includes(t))) return false;
  return true;
}

describe('the builtin planner on a set of real questions', () => {
  it(`produces the expected plan for at least 95% of ${CASES.length} questions, and never answers the unanswerable`, async () => {
    expect(CASES.length).toBeGreaterThanOrEqual(150);
    const misses: string[] = [];
    let unanswerableAnswered = 0;
    for (const [question, expected] of CASES) {
      const outcome = await builtinPlan(question, ctx);
      if (!matches(outcome, expected)) {
        misses.push(
          `${question} → ${JSON.stringify(outcome.kind === 'plan' ? outcome.plan : outcome.clarification.question)}`,
        );
        if (expected === null) unanswerableAnswered += 1;
      }
    }
    const rate = (CASES.length - misses.length) / CASES.length;
    console.log(
      `planner: ${CASES.length - misses.length}/${CASES.length} (${(rate * 100).toFixed(1)}%)\n${misses.join('\n')}`,
    );
    expect(unanswerableAnswered).toBe(0);
    expect(rate).toBeGreaterThanOrEqual(0.95);
  });

  it('offers concrete options when a race is ambiguous', async () => {
    const outcome = await builtinPlan('Who won in Italy in 2020?', ctx);
    expect(outcome.kind).toBe('clarify');
    if (outcome.kind === 'clarify') {
      expect(outcome.clarification.options.join(' ')).toMatch(/Italian Grand Prix/);
      expect(outcome.clarification.options.join(' ')).toMatch(/Emilia Romagna|Tuscan/);
    }
  });

  it('offers options that plan exactly as meant when chosen', async () => {
    const outcome = await builtinPlan('Race pace of Verstappen and Norris in 2024', ctx);
    expect(outcome.kind).toBe('clarify');
    const options = outcome.kind === 'clarify' ? outcome.clarification.options : [];
    expect(options.length).toBeGreaterThan(5);
    for (const option of options) {
      const chosen = await builtinPlan(option, ctx);
      expect(chosen).toMatchObject({
        kind: 'plan',
        plan: { intent: 'race_pace', season: 2024, drivers: ['max_verstappen', 'norris'] },
      });
    }
  });
});
