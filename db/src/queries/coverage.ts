import { sql } from 'drizzle-orm';
import type { WarehouseDatabase } from './warehouse.ts';

export type SeasonCoverage = {
  season: number;
  races: number;
  withResults: number;
  withQualifying: number;
  withLaps: number;
  withStints: number;
  withPitStops: number;
  withWeather: number;
  /** Races whose sprint has laps, with a practice classification, with sprint qualifying, with a VSC. */
  withSprintLaps: number;
  withPractice: number;
  withSprintQualifying: number;
  withVsc: number;
  lapRows: number;
  sprintLapRows: number;
  flaggedLaps: number;
  flaggedStints: number;
  flaggedPitStops: number;
};

/**
 * What the warehouse holds per season: how many of its races have each kind of data, and how many rows
 * are flagged. One grouped query per table, so a status report stays fast on the full history.
 */
export async function seasonCoverage(db: WarehouseDatabase, fromSeason = 1950): Promise<SeasonCoverage[]> {
  const rows = await db.all<SeasonCoverage>(sql`
    with
      r as (select id, season from races where season >= ${fromSeason}),
      res as (select distinct race_id from results where session = 'race'),
      q as (select distinct race_id from qualifying),
      l as (select race_id, count(*) as n, sum(flag is not null) as flagged from laps where session = 'race' group by race_id),
      s as (select race_id, sum(flag is not null) as flagged from stints where session = 'race' group by race_id),
      p as (select race_id, sum(flag is not null) as flagged from pit_stops group by race_id),
      w as (select race_id from weather),
      sl as (select race_id, count(*) as n, sum(flag is not null) as flagged from laps where session = 'sprint' group by race_id),
      fp as (select distinct race_id from session_results where session in ('fp1', 'fp2', 'fp3')),
      sq as (select distinct race_id from session_results where session = 'sprint_qualifying'),
      v as (select distinct race_id from virtual_safety_cars)
    select
      r.season as season,
      count(*) as races,
      count(res.race_id) as withResults,
      count(q.race_id) as withQualifying,
      count(l.race_id) as withLaps,
      count(s.race_id) as withStints,
      count(p.race_id) as withPitStops,
      count(w.race_id) as withWeather,
      count(sl.race_id) as withSprintLaps,
      count(fp.race_id) as withPractice,
      count(sq.race_id) as withSprintQualifying,
      count(v.race_id) as withVsc,
      coalesce(sum(l.n), 0) as lapRows,
      coalesce(sum(sl.n), 0) as sprintLapRows,
      coalesce(sum(l.flagged), 0) + coalesce(sum(sl.flagged), 0) as flaggedLaps,
      coalesce(sum(s.flagged), 0) as flaggedStints,
      coalesce(sum(p.flagged), 0) as flaggedPitStops
    from r
      left join res on res.race_id = r.id
      left join q on q.race_id = r.id
      left join l on l.race_id = r.id
      left join s on s.race_id = r.id
      left join p on p.race_id = r.id
      left join w on w.race_id = r.id
      left join sl on sl.race_id = r.id
      left join fp on fp.race_id = r.id
      left join sq on sq.race_id = r.id
      left join v on v.race_id = r.id
    group by r.season
    order by r.season`);
  return rows;
}

/** Datasets imported, with their row, flag and rejection counts and reasons. */
export async function importLog(db: WarehouseDatabase) {
  return db.query.imports.findMany({ orderBy: (t, { asc }) => [asc(t.dataset)] });
}
