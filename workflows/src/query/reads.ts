import type { Query } from '@pitwall/db/contracts';
import { type SQL, sql } from 'drizzle-orm';
import type { Warehouse } from '../warehouse.ts';
import type { Observation } from './metric.ts';

/**
 * The warehouse reads metrics are observed through. Each read is one statement scoped by the query's
 * seasons, rounds, race and circuit; subjects and filters are applied by the executor, which needs the
 * whole field for rankings ("most", "without a win").
 */

/** The races a query's scope covers, as a condition on `ra` (races) and `c` (circuits). */
export function scopeWhere(query: Query, races = 'ra'): SQL {
  const { seasons, rounds, race, circuit } = query.scope;
  const ra = sql.raw(races);
  const parts: SQL[] = [sql`1 = 1`];
  if (race) parts.push(sql`${ra}.season = ${race.season} and ${ra}.round = ${race.round}`);
  if (seasons) parts.push(sql`${ra}.season between ${seasons.from} and ${seasons.to}`);
  if (rounds?.from !== undefined) parts.push(sql`${ra}.round >= ${rounds.from}`);
  if (rounds?.to !== undefined) parts.push(sql`${ra}.round <= ${rounds.to}`);
  if (circuit) parts.push(sql`${ra}.circuit_id = (select id from circuits where ref = ${circuit.ref})`);
  return sql.join(parts, sql` and `);
}

const RACE_COLUMNS = sql`ra.id as raceId, ra.season as season, ra.round as round, ra.name as race,
  ra.date as date, c.name as circuit, d.ref as driver, d.forename || ' ' || d.surname as driverName,
  t.ref as team, coalesce(cs.name, t.name) as teamName`;

const JOINS = (alias: string) =>
  sql.raw(`join races ra on ra.id = ${alias}.race_id
  join circuits c on c.id = ra.circuit_id
  join drivers d on d.id = ${alias}.driver_id
  join constructors t on t.id = ${alias}.constructor_id
  left join constructor_seasons cs on cs.constructor_id = t.id and cs.season = ra.season`);

export type ResultObservation = Omit<Observation, 'value'> & {
  session: 'race' | 'sprint';
  positionText: string;
  status: string;
  points: number;
  laps: number;
  timeMs: number | null;
  fastestLapRank: number | null;
  fastestLapTimeMs: number | null;
  fastestLap: number | null;
  grid: number | null;
};

/** Race and sprint classifications in scope, in race order then finishing order. */
export async function resultRows(
  db: Warehouse,
  query: Query,
  sessions: ('race' | 'sprint')[],
): Promise<ResultObservation[]> {
  const rows = await db.all<Omit<ResultObservation, 'classified'> & { classified: number }>(sql`
    select ${RACE_COLUMNS}, r.session as session, r.position as position, r.position_text as positionText,
      r.status as status, r.points as points, r.laps as laps, r.time_ms as timeMs, r.grid as grid,
      r.fastest_lap_rank as fastestLapRank, r.fastest_lap_time_ms as fastestLapTimeMs,
      r.fastest_lap as fastestLap, r.position is not null as classified
    from results r ${JOINS('r')}
    where r.session in (${sql.join(
      sessions.map((s) => sql`${s}`),
      sql`, `,
    )}) and ${scopeWhere(query)}
    order by ra.date, ra.round, r.session, r.position_order`);
  return rows.map((r) => ({ ...r, classified: r.classified === 1 }));
}

export type QualifyingObservation = Omit<Observation, 'value'> & {
  q1: number | null;
  q2: number | null;
  q3: number | null;
};

/** Qualifying classifications in scope (Ergast's qualifying table starts in 1994). */
export async function qualifyingRows(db: Warehouse, query: Query): Promise<QualifyingObservation[]> {
  return db.all<QualifyingObservation>(sql`
    select ${RACE_COLUMNS}, q.position as position, q.q1_ms as q1, q.q2_ms as q2, q.q3_ms as q3
    from qualifying q ${JOINS('q')}
    where ${scopeWhere(query)} and q.position is not null
    order by ra.date, q.position`);
}

/** The team a driver raced for in a race, for lap and stop rows that carry no team. */
const LAP_JOINS = (alias: string) =>
  sql.raw(`join races ra on ra.id = ${alias}.race_id
  join circuits c on c.id = ra.circuit_id
  join drivers d on d.id = ${alias}.driver_id
  join results res on res.race_id = ${alias}.race_id and res.driver_id = ${alias}.driver_id and res.session = 'race'
  join constructors t on t.id = res.constructor_id
  left join constructor_seasons cs on cs.constructor_id = t.id and cs.season = ra.season`);

/**
 * Rows whose running position stands: a lap without a time still places the car; a lap of a car that
 * did not start, or one past the laps it was classified for, does not.
 */
const POSITION_HOLDS = sql.raw(
  `(l.flag is null or l.flag not in ('did_not_start', 'beyond_classified_laps'))`,
);

/** Laps each driver led per race (running position 1 at the end of the lap). */
export async function lapsLedRows(db: Warehouse, query: Query): Promise<Observation[]> {
  return db.all<Observation>(sql`
    select ${RACE_COLUMNS}, count(*) as value, null as position
    from laps l ${LAP_JOINS('l')}
    where l.position = 1 and ${POSITION_HOLDS} and ${scopeWhere(query)}
    group by l.race_id, l.driver_id
    order by ra.date, value desc`);
}

/** The running order at the end of one lap. */
export async function lapPositionRows(db: Warehouse, query: Query, lap: number): Promise<Observation[]> {
  return db.all<Observation>(sql`
    select ${RACE_COLUMNS}, l.position as value, l.position as position, 'lap ' || l.lap as detail
    from laps l ${LAP_JOINS('l')}
    where l.lap = ${lap} and l.position is not null and ${POSITION_HOLDS} and ${scopeWhere(query)}
    order by ra.date, l.position`);
}

/** Races whose lap-by-lap data the warehouse holds, in scope. */
export async function racesWithLaps(db: Warehouse, query: Query): Promise<number> {
  const row = await db.get<{ n: number }>(sql`
    select count(*) as n from races ra join circuits c on c.id = ra.circuit_id
    where ${scopeWhere(query)} and exists (select 1 from laps l where l.race_id = ra.id)`);
  return row?.n ?? 0;
}

/** Every pit stop in scope: value is the pit-lane time in ms (entry to exit, not stationary time). */
export async function pitStopRows(db: Warehouse, query: Query): Promise<Observation[]> {
  return db.all<Observation>(sql`
    select ${RACE_COLUMNS}, p.duration_ms as value, p.stop as position, 'lap ' || p.lap as detail
    from pit_stops p ${LAP_JOINS('p')}
    where p.flag is null and ${scopeWhere(query)}
    order by ra.date, p.lap, p.stop`);
}

export type StandingObservation = Omit<Observation, 'value' | 'driver' | 'driverName'> & {
  driver: string;
  driverName: string;
  points: number;
  wins: number;
};

/**
 * The drivers' or constructors' standings after the last round in scope of each season (the final table
 * when the scope is the whole season).
 */
export async function standingRows(
  db: Warehouse,
  query: Query,
  subject: 'driver' | 'team',
): Promise<StandingObservation[]> {
  // Standings after the last round of each season that is in scope and has a table.
  const last = sql`ra.round = (select max(r2.round) from races r2
      where r2.season = ra.season and ${scopeWhere(query, 'r2')}
      and exists (select 1 from driver_standings x where x.race_id = r2.id))`;
  if (subject === 'driver') {
    return db.all<StandingObservation>(sql`
      select ra.id as raceId, ra.season as season, ra.round as round, ra.name as race, ra.date as date,
        c.name as circuit, d.ref as driver, d.forename || ' ' || d.surname as driverName,
        coalesce(t.ref, '') as team, coalesce(cs.name, t.name, '') as teamName,
        s.position as position, s.points as points, s.wins as wins
      from driver_standings s join races ra on ra.id = s.race_id join circuits c on c.id = ra.circuit_id
        join drivers d on d.id = s.driver_id
        left join constructors t on t.id = (select res.constructor_id from results res join races rr on rr.id = res.race_id
          where res.driver_id = s.driver_id and rr.season = ra.season and rr.round <= ra.round and res.session = 'race'
          order by rr.round desc limit 1)
        left join constructor_seasons cs on cs.constructor_id = t.id and cs.season = ra.season
      where ${last} and s.position is not null
      order by ra.season, s.position`);
  }
  return db.all<StandingObservation>(sql`
    select ra.id as raceId, ra.season as season, ra.round as round, ra.name as race, ra.date as date,
      c.name as circuit, t.ref as driver, coalesce(cs.name, t.name) as driverName, t.ref as team,
      coalesce(cs.name, t.name) as teamName, s.position as position, s.points as points, s.wins as wins
    from constructor_standings s join races ra on ra.id = s.race_id join circuits c on c.id = ra.circuit_id
      join constructors t on t.id = s.constructor_id
      left join constructor_seasons cs on cs.constructor_id = t.id and cs.season = ra.season
    where ${last} and s.position is not null
    order by ra.season, s.position`);
}

/** Refs of every drivers' champion (P1 in the final standings of a season). */
export async function championRefs(db: Warehouse): Promise<Set<string>> {
  const rows = await db.all<{ ref: string }>(sql`
    select distinct d.ref as ref from driver_standings s join races ra on ra.id = s.race_id
      join drivers d on d.id = s.driver_id
    where s.position = 1 and ra.round = (select max(r2.round) from races r2 where r2.season = ra.season
      and exists (select 1 from driver_standings x where x.race_id = r2.id))`);
  return new Set(rows.map((r) => r.ref));
}
