import type { Query } from '@pitwall/db/contracts';
import { dataVersion } from '@pitwall/db/queries/data-version';
import { type SQL, sql } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core/dialect';
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

type Columns = Record<string, string>;

/**
 * The named drivers or teams, as a condition on `d` and `t`, when the answer needs nobody else: a
 * career read of one driver is a few hundred rows rather than the whole history. One race keeps its whole
 * field (margins, the lead over second place are read from it).
 */
function subjectWhere(query: Query): SQL {
  if (query.scope.race) return sql`1 = 1`;
  const refs = (list: string[]) =>
    sql.join(
      list.map((r) => sql`${r}`),
      sql`, `,
    );
  if (query.drivers.length > 0) return sql`d.ref in (${refs(query.drivers)})`;
  if (query.teams.length > 0) return sql`t.ref in (${refs(query.teams)})`;
  return sql`1 = 1`;
}

/** Where and when of a row: the race (`ra`) and its circuit (`c`). */
const WHERE_COLUMNS: Columns = {
  raceId: 'ra.id',
  season: 'ra.season',
  round: 'ra.round',
  race: 'ra.name',
  date: 'ra.date',
  circuit: 'c.name',
};

/** Who, where and when of a row: the columns every observation carries. */
const RACE_COLUMNS: Columns = {
  ...WHERE_COLUMNS,
  driver: 'd.ref',
  driverName: "d.forename || ' ' || d.surname",
  dob: 'd.dob',
  team: 't.ref',
  teamName: 'coalesce(cs.name, t.name)',
};

/**
 * Whole-field reads of large scopes ("most podiums of all time" reads every classification since 1950),
 * kept per warehouse while its data version stands: the first such question takes the read, the next ones
 * filter in memory. Rows are shared, so nothing downstream may change them (observations are copies).
 */
const KEPT_READS = 6;
const LARGE_READ_ROWS = 1_000;
const kept = new WeakMap<Warehouse, { version: string; reads: Map<string, unknown[]> }>();

/**
 * The rows of a select as objects, fetched as one JSON array and parsed once: materialising ~27k rows of a
 * whole-history read one by one through the driver took about three times as long as the query itself.
 */
async function jsonRows<T>(db: Warehouse, columns: Columns, rest: SQL): Promise<T[]> {
  const names = Object.keys(columns);
  const inner = sql.raw(names.map((name, i) => `${columns[name]} as c${i}`).join(', '));
  const tuple = sql.raw(names.map((_, i) => `c${i}`).join(', '));
  const statement = sql`select json_group_array(json_array(${tuple})) as rows from (select ${inner} ${rest})`;
  const { sql: text, params } = new SQLiteSyncDialect().sqlToQuery(statement);
  const key = `${text}|${JSON.stringify(params)}`;
  const version = await dataVersion(db);
  let memo = kept.get(db);
  if (memo?.version !== version) {
    memo = { version, reads: new Map() };
    kept.set(db, memo);
  }
  const hit = memo.reads.get(key);
  if (hit) return hit as T[];
  const row = await db.get<{ rows: string | null }>(statement);
  const tuples = JSON.parse(row?.rows ?? '[]') as unknown[][];
  const out = new Array<T>(tuples.length);
  for (let r = 0; r < tuples.length; r++) {
    const t = tuples[r] as unknown[];
    // Properties added in one order give every row the same shape, which V8 reads fastest.
    const o: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) o[names[i] as string] = t[i];
    out[r] = o as T;
  }
  if (out.length >= LARGE_READ_ROWS) {
    if (memo.reads.size >= KEPT_READS) memo.reads.delete(memo.reads.keys().next().value as string);
    memo.reads.set(key, out);
  }
  return out;
}

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
  const rows = await jsonRows<Omit<ResultObservation, 'classified'> & { classified: number }>(
    db,
    {
      ...RACE_COLUMNS,
      session: 'r.session',
      position: 'r.position',
      positionText: 'r.position_text',
      status: 'r.status',
      points: 'r.points',
      laps: 'r.laps',
      timeMs: 'r.time_ms',
      grid: 'r.grid',
      fastestLapRank: 'r.fastest_lap_rank',
      fastestLapTimeMs: 'r.fastest_lap_time_ms',
      fastestLap: 'r.fastest_lap',
      classified: 'r.position is not null',
    },
    sql`from results r ${JOINS('r')}
    where r.session in (${sql.join(
      sessions.map((s) => sql`${s}`),
      sql`, `,
    )}) and ${scopeWhere(query)} and ${subjectWhere(query)}
    order by ra.date, ra.round, r.session, r.position_order`,
  );
  return rows.map((r) => ({ ...r, classified: r.classified === 1 }));
}

export type QualifyingObservation = Omit<Observation, 'value'> & {
  q1: number | null;
  q2: number | null;
  q3: number | null;
};

/** Qualifying classifications in scope (Ergast's qualifying table starts in 1994). */
export async function qualifyingRows(db: Warehouse, query: Query): Promise<QualifyingObservation[]> {
  return jsonRows<QualifyingObservation>(
    db,
    { ...RACE_COLUMNS, position: 'q.position', q1: 'q.q1_ms', q2: 'q.q2_ms', q3: 'q.q3_ms' },
    sql`from qualifying q ${JOINS('q')}
    where ${scopeWhere(query)} and ${subjectWhere(query)} and q.position is not null
    order by ra.date, q.position`,
  );
}

/**
 * The team a driver raced for in a race (or its sprint), for lap and stop rows that carry no team.
 * `session` is a literal, never user text.
 */
const LAP_JOINS = (alias: string, session: 'race' | 'sprint' = 'race') =>
  sql.raw(`join races ra on ra.id = ${alias}.race_id
  join circuits c on c.id = ra.circuit_id
  join drivers d on d.id = ${alias}.driver_id
  join results res on res.race_id = ${alias}.race_id and res.driver_id = ${alias}.driver_id and res.session = '${session}'
  join constructors t on t.id = res.constructor_id
  left join constructor_seasons cs on cs.constructor_id = t.id and cs.season = ra.season`);

/**
 * Rows whose running position stands: a lap without a time still places the car; a lap of a car that
 * did not start, or one past the laps it was classified for, does not.
 */
const POSITION_HOLDS = sql.raw(
  `(l.flag is null or l.flag not in ('did_not_start', 'beyond_classified_laps'))`,
);

/** Whose laps a query reads: the sprint's when it asks for the sprint, else the Grand Prix's. */
const lapSessionOf = (query: Query): 'race' | 'sprint' => (query.session === 'sprint' ? 'sprint' : 'race');

/** Laps each driver led per race (running position 1 at the end of the lap). */
export async function lapsLedRows(db: Warehouse, query: Query): Promise<Observation[]> {
  const session = lapSessionOf(query);
  return jsonRows<Observation>(
    db,
    { ...RACE_COLUMNS, value: 'count(*)', position: 'null' },
    sql`from laps l ${LAP_JOINS('l', session)}
    where l.session = ${session} and l.position = 1 and ${POSITION_HOLDS} and ${scopeWhere(query)} and ${subjectWhere(query)}
    group by l.race_id, l.driver_id
    order by ra.date, count(*) desc`,
  );
}

/** The running order at the end of one lap. */
export async function lapPositionRows(db: Warehouse, query: Query, lap: number): Promise<Observation[]> {
  const session = lapSessionOf(query);
  return jsonRows<Observation>(
    db,
    { ...RACE_COLUMNS, value: 'l.position', position: 'l.position', detail: "'lap ' || l.lap" },
    sql`from laps l ${LAP_JOINS('l', session)}
    where l.session = ${session} and l.lap = ${lap} and l.position is not null and ${POSITION_HOLDS} and ${scopeWhere(query)}
    order by ra.date, l.position`,
  );
}

/** Races whose lap-by-lap data the warehouse holds, in scope. */
export async function racesWithLaps(db: Warehouse, query: Query): Promise<number> {
  const row = await db.get<{ n: number }>(sql`
    select count(*) as n from races ra join circuits c on c.id = ra.circuit_id
    where ${scopeWhere(query)} and exists (select 1 from laps l where l.race_id = ra.id and l.session = ${lapSessionOf(query)})`);
  return row?.n ?? 0;
}

/** Every pit stop in scope: value is the pit-lane time in ms (entry to exit, not stationary time). */
export async function pitStopRows(db: Warehouse, query: Query): Promise<Observation[]> {
  return jsonRows<Observation>(
    db,
    { ...RACE_COLUMNS, value: 'p.duration_ms', position: 'p.stop', detail: "'lap ' || p.lap" },
    sql`from pit_stops p ${LAP_JOINS('p')}
    where p.flag is null and ${scopeWhere(query)} and ${subjectWhere(query)}
    order by ra.date, p.lap, p.stop`,
  );
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
  // Standings after the last round of each season that is in scope and has a table, found once per season.
  const last = sql`join (select r2.season as season, max(r2.round) as round from races r2
      where ${scopeWhere(query, 'r2')} and exists (select 1 from driver_standings x where x.race_id = r2.id)
      group by r2.season) last on last.season = ra.season and last.round = ra.round`;
  const columns: Columns = {
    ...WHERE_COLUMNS,
    position: 's.position',
    points: 's.points',
    wins: 's.wins',
  };
  if (subject === 'driver') {
    // The team a driver raced for last, up to that round.
    const team = `(select res.constructor_id from results res join races rr on rr.id = res.race_id
      where res.driver_id = s.driver_id and rr.season = ra.season and rr.round <= ra.round and res.session = 'race'
      order by rr.round desc limit 1)`;
    return jsonRows<StandingObservation>(
      db,
      {
        ...columns,
        driver: 'd.ref',
        driverName: "d.forename || ' ' || d.surname",
        team: `coalesce((select ref from constructors where id = ${team}), '')`,
        teamName: `coalesce((select coalesce(cs.name, k.name) from constructors k left join constructor_seasons cs
          on cs.constructor_id = k.id and cs.season = ra.season where k.id = ${team}), '')`,
      },
      sql`from driver_standings s join races ra on ra.id = s.race_id ${last}
        join circuits c on c.id = ra.circuit_id join drivers d on d.id = s.driver_id
      where s.position is not null
      order by ra.season, s.position`,
    );
  }
  return jsonRows<StandingObservation>(
    db,
    {
      ...columns,
      driver: 't.ref',
      driverName: 'coalesce(cs.name, t.name)',
      team: 't.ref',
      teamName: 'coalesce(cs.name, t.name)',
    },
    sql`from constructor_standings s join races ra on ra.id = s.race_id ${last}
      join circuits c on c.id = ra.circuit_id join constructors t on t.id = s.constructor_id
      left join constructor_seasons cs on cs.constructor_id = t.id and cs.season = ra.season
    where s.position is not null
    order by ra.season, s.position`,
  );
}

/** The last round on each season's calendar: a season whose standings stop short of it is not over. */
export async function finalRounds(db: Warehouse): Promise<Map<number, number>> {
  const rows = await db.all<{ season: number; round: number }>(
    sql`select season, max(round) as round from races group by season`,
  );
  return new Map(rows.map((r) => [r.season, r.round]));
}

/** Race-level events (safety cars, red flags) as observations whose subject is the race itself. */
export async function raceEvents(
  db: Warehouse,
  query: Query,
  table: 'safety_cars' | 'red_flags',
): Promise<Observation[]> {
  const detail =
    table === 'safety_cars'
      ? "'laps ' || e.deployed_lap || coalesce('–' || e.retreated_lap, '') || coalesce(' (' || e.cause || ')', '')"
      : "'lap ' || e.lap || coalesce(' (' || e.incident || ')', '')";
  return jsonRows<Observation>(
    db,
    {
      ...WHERE_COLUMNS,
      driver: "'race ' || ra.id",
      driverName: "ra.season || ' ' || ra.name",
      team: "''",
      teamName: "''",
      value: '1',
      position: 'null',
      detail,
    },
    sql`from ${sql.raw(table)} e join races ra on ra.id = e.race_id join circuits c on c.id = ra.circuit_id
    where ${scopeWhere(query)}
    order by ra.date, e.rowid`,
  );
}

/** Refs of every drivers' champion (P1 in the final standings of a season). */
export async function championRefs(db: Warehouse): Promise<Set<string>> {
  const rows = await db.all<{ ref: string }>(sql`
    select distinct d.ref as ref from driver_standings s join races ra on ra.id = s.race_id
      join drivers d on d.id = s.driver_id
    where s.position = 1 and ra.round = (select max(r2.round) from races r2 where r2.season = ra.season)`);
  return new Set(rows.map((r) => r.ref));
}

/** Each driver's highest speed-trap reading per race (km/h, OpenF1, 2023 on). */
export async function speedTrapRows(db: Warehouse, query: Query): Promise<Observation[]> {
  return jsonRows<Observation>(
    db,
    { ...RACE_COLUMNS, value: 'max(l.st_speed)', position: 'res.position' },
    sql`from laps l ${LAP_JOINS('l')}
    where l.session = 'race' and l.st_speed is not null and ${scopeWhere(query)} and ${subjectWhere(query)}
    group by l.race_id, l.driver_id
    order by ra.date, max(l.st_speed) desc`,
  );
}

export type SessionResultObservation = Omit<Observation, 'value'> & {
  session: 'fp1' | 'fp2' | 'fp3' | 'sprint_qualifying';
  positionText: string;
  timeMs: number | null;
  gapMs: number | null;
  laps: number | null;
};

/**
 * Practice and sprint-qualifying classifications in scope (f1db, 2018 on), of the given sessions: each
 * driver's place, best time (ms; for sprint qualifying the time of the last part reached), gap to the
 * fastest (ms) and laps run.
 */
export async function sessionResultRows(
  db: Warehouse,
  query: Query,
  sessions: readonly SessionResultObservation['session'][],
): Promise<SessionResultObservation[]> {
  return jsonRows<SessionResultObservation>(
    db,
    {
      ...RACE_COLUMNS,
      position: 'sr.position',
      session: 'sr.session',
      positionText: 'sr.position_text',
      timeMs: 'sr.time_ms',
      gapMs: 'sr.gap_ms',
      laps: 'sr.laps',
    },
    sql`from session_results sr ${JOINS('sr')}
    where sr.session in (${sql.join(
      sessions.map((s) => sql`${s}`),
      sql`, `,
    )}) and ${scopeWhere(query)} and ${subjectWhere(query)}
    order by ra.date, ra.round, sr.session, sr.position is null, sr.position`,
  );
}
