import { and, asc, eq, sql } from 'drizzle-orm';
import {
  circuits,
  constructorSeasons,
  constructors,
  drivers,
  qualifying,
  races,
  results,
  sessions,
  startingGrid,
  weather,
} from '../schema/warehouse.ts';
import type { WarehouseDatabase } from './warehouse.ts';

/**
 * The warehouse reads behind the data bundles (workflows/src/bundles): whole races, seasons and careers,
 * flagged rows included (bundles carry the flag rather than hide the row).
 */

/** One race by season and round, with its circuit. */
export async function raceDetail(db: WarehouseDatabase, season: number, round: number) {
  const [row] = await db
    .select({
      id: races.id,
      season: races.season,
      round: races.round,
      name: races.name,
      date: races.date,
      time: races.time,
      laps: races.laps,
      sprintWeekend: races.sprintWeekend,
      circuit: {
        ref: circuits.ref,
        name: circuits.name,
        location: circuits.location,
        country: circuits.country,
      },
    })
    .from(races)
    .innerJoin(circuits, eq(circuits.id, races.circuitId))
    .where(and(eq(races.season, season), eq(races.round, round)));
  return row;
}

export async function raceSessions(db: WarehouseDatabase, raceId: number) {
  return db
    .select({ kind: sessions.kind, startsAt: sessions.startsAt })
    .from(sessions)
    .where(eq(sessions.raceId, raceId))
    .orderBy(asc(sessions.startsAt), asc(sessions.kind));
}

/** Race and sprint classifications of one race, in finishing order, with driver and team refs. */
export async function raceClassifications(db: WarehouseDatabase, raceId: number) {
  return db
    .select({
      session: results.session,
      position: results.position,
      positionText: results.positionText,
      positionOrder: results.positionOrder,
      driver: drivers.ref,
      constructor: constructors.ref,
      number: results.number,
      grid: results.grid,
      points: results.points,
      laps: results.laps,
      timeMs: results.timeMs,
      status: results.status,
      fastestLap: results.fastestLap,
      fastestLapRank: results.fastestLapRank,
      fastestLapTimeMs: results.fastestLapTimeMs,
      source: results.source,
    })
    .from(results)
    .innerJoin(drivers, eq(drivers.id, results.driverId))
    .innerJoin(constructors, eq(constructors.id, results.constructorId))
    .where(eq(results.raceId, raceId))
    .orderBy(asc(results.session), asc(results.positionOrder), asc(drivers.ref));
}

export async function raceQualifying(db: WarehouseDatabase, raceId: number) {
  return db
    .select({
      position: qualifying.position,
      driver: drivers.ref,
      constructor: constructors.ref,
      q1Ms: qualifying.q1Ms,
      q2Ms: qualifying.q2Ms,
      q3Ms: qualifying.q3Ms,
      source: qualifying.source,
    })
    .from(qualifying)
    .innerJoin(drivers, eq(drivers.id, qualifying.driverId))
    .innerJoin(constructors, eq(constructors.id, qualifying.constructorId))
    .where(eq(qualifying.raceId, raceId))
    .orderBy(asc(sql`coalesce(${qualifying.position}, 999)`), asc(drivers.ref));
}

export async function raceStartingGrid(db: WarehouseDatabase, raceId: number) {
  return db
    .select({
      session: startingGrid.session,
      driver: drivers.ref,
      position: startingGrid.position,
      pitLane: startingGrid.pitLane,
      source: startingGrid.source,
    })
    .from(startingGrid)
    .innerJoin(drivers, eq(drivers.id, startingGrid.driverId))
    .where(eq(startingGrid.raceId, raceId))
    .orderBy(asc(startingGrid.session), asc(sql`coalesce(${startingGrid.position}, 999)`), asc(drivers.ref));
}

export async function raceWeather(db: WarehouseDatabase, raceId: number) {
  const [row] = await db.select().from(weather).where(eq(weather.raceId, raceId));
  return row;
}

/** The people named in the given races' results, qualifying and laps (for labels). */
export async function raceEntrants(db: WarehouseDatabase, raceIds: number[]) {
  if (raceIds.length === 0) return [];
  const ids = sql.join(
    raceIds.map((id) => sql`${id}`),
    sql`, `,
  );
  return db.all<{ ref: string; code: string | null; forename: string; surname: string }>(sql`
    select d.ref as ref, d.code as code, d.forename as forename, d.surname as surname from drivers d
    where d.id in (
      select driver_id from results where race_id in (${ids})
      union select driver_id from qualifying where race_id in (${ids})
      union select distinct driver_id from laps where race_id in (${ids}))
    order by d.surname, d.ref`);
}

/** Teams in the given races, with their name and colour of that season where known. */
export async function raceTeams(db: WarehouseDatabase, season: number, raceIds: number[]) {
  if (raceIds.length === 0) return [];
  const ids = sql.join(
    raceIds.map((id) => sql`${id}`),
    sql`, `,
  );
  return db.all<{ ref: string; name: string; colour: string | null }>(sql`
    select c.ref as ref, coalesce(cs.name, c.name) as name, cs.colour as colour from constructors c
    left join ${constructorSeasons} cs on cs.constructor_id = c.id and cs.season = ${season}
    where c.id in (
      select constructor_id from results where race_id in (${ids})
      union select constructor_id from qualifying where race_id in (${ids}))
    order by name`);
}

/** A season's calendar, with whether each round has a race result and lap timing. */
export async function seasonCalendar(db: WarehouseDatabase, season: number) {
  return db.all<{
    id: number;
    round: number;
    name: string;
    date: string;
    sprintWeekend: number;
    circuitRef: string;
    circuitName: string;
    location: string | null;
    country: string | null;
    hasResults: number;
    hasLaps: number;
  }>(sql`
    select r.id as id, r.round as round, r.name as name, r.date as date, r.sprint_weekend as sprintWeekend,
      c.ref as circuitRef, c.name as circuitName, c.location as location, c.country as country,
      exists(select 1 from results x where x.race_id = r.id and x.session = 'race') as hasResults,
      exists(select 1 from laps l where l.race_id = r.id and l.session = 'race') as hasLaps
    from races r join circuits c on c.id = r.circuit_id
    where r.season = ${season}
    order by r.round`);
}

/** Race (not sprint) points, grid and positions of every driver in every round of a season. */
export async function seasonResultRows(db: WarehouseDatabase, season: number) {
  return db
    .select({
      round: races.round,
      session: results.session,
      position: results.position,
      grid: results.grid,
      points: results.points,
      driver: drivers.ref,
      constructor: constructors.ref,
      source: results.source,
    })
    .from(results)
    .innerJoin(races, eq(races.id, results.raceId))
    .innerJoin(drivers, eq(drivers.id, results.driverId))
    .innerJoin(constructors, eq(constructors.id, results.constructorId))
    .where(eq(races.season, season))
    .orderBy(asc(races.round), asc(results.session), asc(results.positionOrder));
}

/** Championship points of every driver after every round of a season that has standings. */
export async function seasonStandingRows(db: WarehouseDatabase, season: number) {
  return db.all<{ round: number; driver: string; points: number }>(sql`
    select r.round as round, d.ref as driver, s.points as points
    from driver_standings s join races r on r.id = s.race_id join drivers d on d.id = s.driver_id
    where r.season = ${season}
    order by r.round, d.ref`);
}

export async function driverByRef(db: WarehouseDatabase, ref: string) {
  const [row] = await db.select().from(drivers).where(eq(drivers.ref, ref));
  return row;
}

/** Every classification (race and sprint) a driver appears in, oldest first, with the race and the team. */
export async function driverResultRows(db: WarehouseDatabase, driverId: number) {
  return db.all<{
    raceId: number;
    season: number;
    round: number;
    raceName: string;
    session: 'race' | 'sprint';
    position: number | null;
    grid: number;
    points: number;
    fastestLapRank: number | null;
    constructor: string;
    constructorName: string;
    colour: string | null;
    source: string;
  }>(sql`
    select x.race_id as raceId, r.season as season, r.round as round, r.name as raceName,
      x.session as session, x.position as position, x.grid as grid, x.points as points,
      x.fastest_lap_rank as fastestLapRank, c.ref as constructor, coalesce(cs.name, c.name) as constructorName,
      cs.colour as colour, x.source as source
    from results x
      join races r on r.id = x.race_id
      join constructors c on c.id = x.constructor_id
      left join constructor_seasons cs on cs.constructor_id = c.id and cs.season = r.season
    where x.driver_id = ${driverId}
    order by r.season, r.round, x.session, x.position_order`);
}

/**
 * A driver's championship position and points after each season's last round with standings; `complete`
 * when that round is the season's last (the final table, not a season under way).
 */
export async function driverSeasonStandings(db: WarehouseDatabase, driverId: number) {
  return db.all<{ season: number; position: number | null; points: number; complete: number }>(sql`
    select r.season as season, s.position as position, s.points as points,
      r.round = (select max(r3.round) from races r3 where r3.season = r.season) as complete
    from driver_standings s join races r on r.id = s.race_id
    where s.driver_id = ${driverId}
      and r.round = (select max(r2.round) from driver_standings s2 join races r2 on r2.id = s2.race_id
                     where r2.season = r.season)
    order by r.season`);
}

/** What there is to publish: every season, every race (with whether it has laps) and every driver ref. */
export async function bundleCatalog(db: WarehouseDatabase) {
  const raceRows = await db.all<{ season: number; round: number; hasLaps: number; hasResults: number }>(sql`
    select season, round,
      exists(select 1 from laps l where l.race_id = r.id and l.session = 'race') as hasLaps,
      exists(select 1 from results x where x.race_id = r.id) as hasResults
    from races r order by season, round`);
  const driverRows = await db.all<{ ref: string; lastSeason: number | null }>(sql`
    select d.ref as ref, max(r.season) as lastSeason from drivers d
      left join results x on x.driver_id = d.id left join races r on r.id = x.race_id
    group by d.id order by d.ref`);
  return {
    seasons: [...new Set(raceRows.map((r) => r.season))],
    races: raceRows.map((r) => ({
      season: r.season,
      round: r.round,
      hasLaps: Boolean(r.hasLaps),
      hasResults: Boolean(r.hasResults),
    })),
    drivers: driverRows,
  };
}

/** Refs of the drivers who appear in a season's results (the driver bundles a season's import touches). */
export async function seasonDriverRefs(db: WarehouseDatabase, season: number): Promise<string[]> {
  const rows = await db.all<{ ref: string }>(sql`
    select distinct d.ref as ref from results x join races r on r.id = x.race_id
      join drivers d on d.id = x.driver_id where r.season = ${season} order by d.ref`);
  return rows.map((r) => r.ref);
}
