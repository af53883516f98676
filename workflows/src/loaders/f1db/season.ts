import {
  constructorStandings,
  driverStandings,
  pitStops,
  qualifying,
  races,
  results,
  startingGrid,
} from '@pitwall/db/schema/warehouse';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Warehouse } from '../../warehouse.ts';
import type { ImportOutcome } from '../ergast-csv.ts';
import { upsertRows } from '../upsert.ts';
import type { Resolver } from './entities.ts';
import {
  gridRows,
  type Ids,
  pitStopRows,
  qualifyingRows,
  resultRows,
  SOURCE,
  standingRows,
  winsByRound,
} from './map.ts';
import { ensureRaces } from './races.ts';
import type { F1dbEntry, RaceData } from './source.ts';

/**
 * Fills one season from f1db where the warehouse lacks it. Precedence is per race and table: when a
 * race already has rows from another source (Ergast) in a table, f1db adds nothing there, so a race is
 * never half Ergast, half f1db. f1db's own earlier rows are replaced in place (idempotent).
 */

/** `race_id|session` pairs that rows from another source already cover, per table. */
async function coveredBy(db: Warehouse, season: number) {
  const tables = {
    results: 'session',
    qualifying: "'race'",
    starting_grid: 'session',
    pit_stops: "'race'",
    driver_standings: "'race'",
    constructor_standings: "'race'",
  } as const;
  const covered: Record<string, Set<string>> = {};
  for (const [table, session] of Object.entries(tables)) {
    const rows = await db.all<{ key: string }>(
      sql`SELECT DISTINCT race_id || '|' || ${sql.raw(session)} AS key FROM ${sql.raw(table)}
          WHERE source <> ${SOURCE} AND race_id IN (SELECT id FROM races WHERE season = ${season})`,
    );
    covered[table] = new Set(rows.map((r) => r.key));
  }
  return covered as Record<keyof typeof tables, Set<string>>;
}

type Role = Exclude<keyof RaceData, 'race' | 'fastestLaps'>;
/** Where each role's rows go: table and session, the key of precedence. */
const TARGETS: Record<Role, [keyof Awaited<ReturnType<typeof coveredBy>>, 'race' | 'sprint']> = {
  results: ['results', 'race'],
  sprintResults: ['results', 'sprint'],
  qualifying: ['qualifying', 'race'],
  grid: ['starting_grid', 'race'],
  sprintGrid: ['starting_grid', 'sprint'],
  pitStops: ['pit_stops', 'race'],
  driverStandings: ['driver_standings', 'race'],
  constructorStandings: ['constructor_standings', 'race'],
};
const ENTRY_ROLES = ['results', 'sprintResults', 'qualifying', 'grid', 'sprintGrid', 'pitStops'] as const;

/**
 * Resolves the driver and team slugs of the rows to be written, matching each to the Ergast entity in the
 * same slot (round, car number). Only the files of needed roles are parsed.
 */
async function resolveIds(db: Warehouse, season: number, list: [RaceData, Set<Role>][], resolve: Resolver) {
  const ergast = await db
    .select({
      round: races.round,
      number: results.number,
      driverId: results.driverId,
      teamId: results.constructorId,
    })
    .from(results)
    .innerJoin(races, eq(races.id, results.raceId))
    .where(and(eq(races.season, season), eq(results.session, 'race'), ne(results.source, SOURCE)));
  const slot = new Map(ergast.map((r) => [`${r.round}|${r.number}`, r] as const));
  const drivers = new Map<string, number>();
  const teams = new Map<string, number>();
  const issues: Record<string, number> = {};
  // A slug f1db has no entity file for is counted, and its rows are set aside, rather than failing the season.
  const settle = async (map: Map<string, number>, slug: string, find: () => Promise<number>) => {
    if (map.has(slug)) return;
    try {
      map.set(slug, await find());
    } catch (err) {
      map.set(slug, -1);
      issues[(err as Error).message] = (issues[(err as Error).message] ?? 0) + 1;
    }
  };
  for (const [data, needs] of list) {
    const entries: F1dbEntry[] = ENTRY_ROLES.flatMap((role) =>
      needs.has(role) ? ((data[role] ?? []) as F1dbEntry[]) : [],
    );
    for (const e of entries) {
      const hint = slot.get(`${data.race.round}|${e.driverNumber}`);
      await settle(drivers, e.driverId, () => resolve.driver(e.driverId, { ergastId: hint?.driverId }));
      await settle(teams, e.constructorId, () => resolve.team(e.constructorId, { ergastId: hint?.teamId }));
    }
    for (const { driverId } of needs.has('driverStandings') ? (data.driverStandings ?? []) : [])
      if (driverId) await settle(drivers, driverId, () => resolve.driver(driverId));
    for (const { constructorId } of needs.has('constructorStandings')
      ? (data.constructorStandings ?? [])
      : [])
      if (constructorId) await settle(teams, constructorId, () => resolve.team(constructorId));
  }
  const ids: Ids = { driver: (slug) => drivers.get(slug) ?? -1, team: (slug) => teams.get(slug) ?? -1 };
  return { ids, issues };
}

/** Keeps rows whose every entity resolved; counts the rest as rejected. */
function resolved<T extends { driverId?: number; constructorId?: number }>(
  rows: T[],
  tally: { rejected: number },
) {
  const kept = rows.filter((r) => (r.driverId ?? 0) >= 0 && (r.constructorId ?? 0) >= 0);
  tally.rejected += rows.length - kept.length;
  return kept;
}

export async function fillSeason(
  db: Warehouse,
  dataDir: string,
  season: number,
  list: RaceData[],
  resolve: Resolver,
): Promise<ImportOutcome> {
  const raceIds = await ensureRaces(
    db,
    dataDir,
    season,
    list.map((d) => d.race),
    resolve,
  );
  const covered = await coveredBy(db, season);
  const plan = list.flatMap((data) => {
    const raceId = raceIds.get(data.race.round);
    if (raceId === undefined) return [];
    const needs = new Set(
      (Object.keys(TARGETS) as Role[]).filter((role) => {
        const [table, session] = TARGETS[role];
        // `in`, not a read: reading a role parses its file.
        return role in data && !covered[table].has(`${raceId}|${session}`);
      }),
    );
    return [[data, needs, raceId] as const];
  });
  const { ids, issues } = await resolveIds(
    db,
    season,
    plan.map(([data, needs]) => [data, needs]),
    resolve,
  );
  // Wins are rebuilt from every race of the season, so results are parsed only when standings are due.
  const standingsDue = plan.some(([, n]) => n.has('driverStandings') || n.has('constructorStandings'));
  const wins = standingsDue ? winsByRound(list) : new Map();
  const rows = {
    results: [] as (typeof results.$inferInsert)[],
    qualifying: [] as (typeof qualifying.$inferInsert)[],
    grid: [] as (typeof startingGrid.$inferInsert)[],
    pitStops: [] as (typeof pitStops.$inferInsert)[],
    driverStandings: [] as (typeof driverStandings.$inferInsert)[],
    constructorStandings: [] as (typeof constructorStandings.$inferInsert)[],
  };
  for (const [data, needs, raceId] of plan) {
    if (needs.has('results')) rows.results.push(...resultRows(raceId, 'race', data, ids));
    if (needs.has('sprintResults')) rows.results.push(...resultRows(raceId, 'sprint', data, ids));
    if (needs.has('qualifying')) rows.qualifying.push(...qualifyingRows(raceId, data.qualifying ?? [], ids));
    if (needs.has('grid')) rows.grid.push(...gridRows(raceId, 'race', data.grid ?? [], ids));
    if (needs.has('sprintGrid')) rows.grid.push(...gridRows(raceId, 'sprint', data.sprintGrid ?? [], ids));
    if (needs.has('pitStops')) rows.pitStops.push(...pitStopRows(raceId, data.pitStops ?? [], ids));
    const won = wins.get(data.race.round);
    if (needs.has('driverStandings') && won) {
      const mapped = standingRows(raceId, data.driverStandings ?? [], won.drivers, ids.driver);
      rows.driverStandings.push(...mapped.map(({ entityId, ...s }) => ({ ...s, driverId: entityId })));
    }
    if (needs.has('constructorStandings') && won) {
      const mapped = standingRows(raceId, data.constructorStandings ?? [], won.teams, ids.team);
      rows.constructorStandings.push(
        ...mapped.map(({ entityId, ...s }) => ({ ...s, constructorId: entityId })),
      );
    }
  }
  const tally = { rejected: 0 };
  await upsertRows(db, results, resolved(rows.results, tally));
  await upsertRows(db, qualifying, resolved(rows.qualifying, tally));
  await upsertRows(db, startingGrid, resolved(rows.grid, tally));
  await upsertRows(db, pitStops, resolved(rows.pitStops, tally));
  await upsertRows(db, driverStandings, resolved(rows.driverStandings, tally));
  await upsertRows(db, constructorStandings, resolved(rows.constructorStandings, tally));
  const flagged = rows.pitStops.filter((p) => p.flag && p.driverId >= 0).length;
  if (flagged > 0) issues.red_flag_stop = flagged;
  return {
    rows: Object.values(rows).reduce((n, list) => n + list.length, 0) - tally.rejected,
    flagged,
    rejected: tally.rejected,
    issues,
  };
}
