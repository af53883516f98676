import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Intent, type Plan, PlanSchema, RACE_INTENTS } from '@pitwall/db/contracts';
import { findRace, raceResults, seasonRaces } from '@pitwall/db/queries/warehouse';
import { warehouseConfig } from '@pitwall/workflows/config';
import { importAll } from '@pitwall/workflows/loaders/import-all';
import { openWarehouse, type Warehouse } from '@pitwall/workflows/warehouse';
import { raceInputs } from '../workflows/src/activities/inputs.ts';
import { runAnalysis } from '../workflows/src/activities/run-analysis.ts';
import { machine, seconds, table } from './lib/report.ts';

/**
 * Analysis compute per race and per season: every analysis the workflow can run (through `runAnalysis`,
 * as the analyse activity does, warehouse reads included) on one real race, and on every race of a full
 * season, from a warehouse imported once. Targets: < 50 ms per race, < 1 s per season.
 */
const SEASON = Number(process.env.BENCH_SEASON ?? 2024);
const ROUND = Number(process.env.BENCH_ROUND ?? 21);
const REPEATS = 5;
const RACE_TARGET_MS = 50;
const SEASON_TARGET_MS = 1000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function medianOf(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) times.push(await timed(work));
  return median(times);
}

/** A plan as the planner would make it, naming the race's top two finishers and their teams. */
async function planFor(db: Warehouse, intent: Intent, season: number, round?: number): Promise<Plan> {
  const race = round === undefined ? undefined : await findRace(db, season, round);
  const results = race ? await raceResults(db, race.id) : [];
  const [first, second] = results;
  const drivers = intent === 'race_winner' || !first || !second ? [] : [first.driverRef, second.driverRef];
  return PlanSchema.parse({ intent, season, ...(round === undefined ? {} : { round }), drivers });
}

/** Teammates who both raced the season's opener: a head-to-head needs a real pair. */
async function teammates(db: Warehouse, season: number): Promise<[string, string]> {
  const [opener] = await seasonRaces(db, season);
  const rows = opener ? await raceResults(db, opener.id) : [];
  for (const row of rows) {
    const mate = rows.find((r) => r.constructorRef === row.constructorRef && r.driverRef !== row.driverRef);
    if (mate) return [row.driverRef, mate.driverRef];
  }
  throw new Error(`no teammates in the ${season} opener`);
}

export async function benchAnalyses(): Promise<string> {
  const { PITWALL_F1DATA: f1data } = warehouseConfig({});
  const dir = mkdtempSync(join(tmpdir(), 'pitwall-bench-analyses-'));
  const { db, close } = await openWarehouse(`file:${join(dir, 'warehouse.db')}`);
  try {
    const importMs = await timed(() => importAll(db, f1data));
    const race = await findRace(db, SEASON, ROUND);
    if (!race) throw new Error(`the warehouse has no ${SEASON} round ${ROUND}`);
    const rounds = (await seasonRaces(db, SEASON)).map((r) => r.round);

    const rows: (string | number)[][] = [];
    let worstRace = 0;
    let worstSeason = 0;
    for (const intent of RACE_INTENTS) {
      const plan = await planFor(db, intent, SEASON, ROUND);
      await runAnalysis(db, plan); // warm-up: statement preparation, JIT
      const total = await medianOf(() => runAnalysis(db, plan));
      // The analyses are pure; what runAnalysis adds on top of them is reading their inputs.
      const reads = await medianOf(() => raceInputs(db, race));
      const perRace = Math.max(0, total - reads);
      let seasonMs = 0;
      let skipped = 0;
      for (const round of rounds) {
        const roundPlan = await planFor(db, intent, SEASON, round);
        // A race without the data an intent needs (no stints yet, a cancelled race) is skipped, as the
        // workflow would answer it with a NoData failure.
        seasonMs += await timed(() => runAnalysis(db, roundPlan).catch(() => void skipped++));
      }
      worstRace = Math.max(worstRace, perRace);
      worstSeason = Math.max(worstSeason, seasonMs);
      rows.push([
        intent,
        `${perRace.toFixed(1)} ms`,
        `${total.toFixed(1)} ms`,
        `${seasonMs.toFixed(0)} ms (${rounds.length - skipped} races)`,
      ]);
    }

    const [a, b] = await teammates(db, SEASON);
    const seasonPlans: [string, Plan][] = [
      ['season_standings', await planFor(db, 'season_standings', SEASON)],
      ['points_progression', await planFor(db, 'points_progression', SEASON)],
      ['teammate_h2h', PlanSchema.parse({ intent: 'teammate_h2h', season: SEASON, drivers: [a, b] })],
      [
        'driver_comparison',
        PlanSchema.parse({ intent: 'driver_comparison', season: SEASON, seasons: [SEASON], drivers: [a, b] }),
      ],
      ['career', PlanSchema.parse({ intent: 'career', season: SEASON, drivers: [a] })],
      ['retirements', await planFor(db, 'retirements', SEASON)],
      ['weather', await planFor(db, 'weather', SEASON)],
    ];
    for (const [intent, plan] of seasonPlans) {
      await runAnalysis(db, plan);
      const ms = await medianOf(() => runAnalysis(db, plan));
      // A career spans many seasons: it is shown, but the per-season target does not apply to it.
      if (intent !== 'career') worstSeason = Math.max(worstSeason, ms);
      rows.push([
        intent,
        '—',
        '—',
        `${ms.toFixed(0)} ms (${intent === 'career' ? `${a}'s career` : SEASON})`,
      ]);
    }

    const verdict = (ms: number, target: number) => (ms < target ? 'met' : '**missed**');
    return [
      '## Analysis compute',
      '',
      `One race: ${SEASON} round ${ROUND} (${race.name}), median of ${REPEATS} runs. Season: every round of ` +
        `${SEASON} in turn, once each (race intents), or the season-wide analysis (median of ${REPEATS}).`,
      '',
      table(['intent', 'one race: compute', 'one race: with reads', 'full season (with reads)'], rows),
      '',
      `Slowest compute per race: **${worstRace.toFixed(1)} ms** (target < ${RACE_TARGET_MS} ms: ${verdict(worstRace, RACE_TARGET_MS)}). ` +
        `Slowest per season: **${seconds(worstSeason)}** (target < 1 s: ${verdict(worstSeason, SEASON_TARGET_MS)}).`,
      `Compute is the analysis with its inputs already read (runAnalysis minus the race's input reads, ` +
        '`raceInputs`); "with reads" and the season figures include the reads (local libSQL file), as in ' +
        'the analyse activity. ' +
        `Warehouse imported once for this run in ${seconds(importMs)}. Career spans every season of the driver.`,
      `Machine: ${machine()}.`,
    ].join('\n');
  } finally {
    close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchAnalyses());
