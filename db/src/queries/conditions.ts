import { sql } from 'drizzle-orm';
import type { WarehouseDatabase } from './warehouse.ts';

/** The tyres made for a wet track: a lap on one of them is a lap run in wet conditions. */
export const WET_COMPOUNDS = ['INTERMEDIATE', 'WET'] as const;

/**
 * One Grand Prix's conditions: its weather summary (temperatures °C, humidity %, wind m/s, whether rain
 * was recorded; null where the feed has none) and how much of it was run on wet-weather tyres. `hasLaps`
 * says whether the tyre figures can be read at all (lap data starts in 2020); `hasWeather` whether the
 * race has a weather row (OpenF1, 2023 on).
 */
export type RaceConditions = {
  raceId: number;
  season: number;
  round: number;
  name: string;
  date: string;
  hasWeather: boolean;
  airTempMin: number | null;
  airTempMean: number | null;
  airTempMax: number | null;
  trackTempMin: number | null;
  trackTempMean: number | null;
  trackTempMax: number | null;
  rainfall: boolean | null;
  humidityMean: number | null;
  windSpeedMean: number | null;
  hasLaps: boolean;
  intermediateLaps: number;
  wetLaps: number;
  /** Drivers who ran at least one lap on intermediates or wets. */
  wetTyreDrivers: number;
  firstWetTyreLap: number | null;
  lastWetTyreLap: number | null;
};

const wetList = sql.raw(WET_COMPOUNDS.map((c) => `'${c}'`).join(', '));

/**
 * The conditions of every Grand Prix of a season (or of one round), in calendar order. Laps are the Grand
 * Prix's own, never its sprint's.
 */
export async function seasonConditions(
  db: WarehouseDatabase,
  season: number,
  round?: number,
): Promise<RaceConditions[]> {
  const rows = await db.all<Record<string, number | string | null>>(sql`
    select ra.id as raceId, ra.season as season, ra.round as round, ra.name as name, ra.date as date,
      w.race_id is not null as hasWeather,
      w.air_temp_min as airTempMin, w.air_temp_mean as airTempMean, w.air_temp_max as airTempMax,
      w.track_temp_min as trackTempMin, w.track_temp_mean as trackTempMean, w.track_temp_max as trackTempMax,
      w.rainfall as rainfall, w.humidity_mean as humidityMean, w.wind_speed_mean as windSpeedMean,
      exists (select 1 from laps l where l.race_id = ra.id and l.session = 'race') as hasLaps,
      (select count(*) from laps l where l.race_id = ra.id and l.session = 'race' and l.compound = 'INTERMEDIATE') as intermediateLaps,
      (select count(*) from laps l where l.race_id = ra.id and l.session = 'race' and l.compound = 'WET') as wetLaps,
      (select count(distinct l.driver_id) from laps l where l.race_id = ra.id and l.session = 'race' and l.compound in (${wetList})) as wetTyreDrivers,
      (select min(l.lap) from laps l where l.race_id = ra.id and l.session = 'race' and l.compound in (${wetList})) as firstWetTyreLap,
      (select max(l.lap) from laps l where l.race_id = ra.id and l.session = 'race' and l.compound in (${wetList})) as lastWetTyreLap
    from races ra
    left join weather w on w.race_id = ra.id
    where ra.season = ${season} ${round === undefined ? sql`` : sql`and ra.round = ${round}`}
    order by ra.round`);
  return rows.map((r) => ({
    raceId: Number(r.raceId),
    season: Number(r.season),
    round: Number(r.round),
    name: String(r.name),
    date: String(r.date),
    hasWeather: Boolean(r.hasWeather),
    airTempMin: numberOrNull(r.airTempMin),
    airTempMean: numberOrNull(r.airTempMean),
    airTempMax: numberOrNull(r.airTempMax),
    trackTempMin: numberOrNull(r.trackTempMin),
    trackTempMean: numberOrNull(r.trackTempMean),
    trackTempMax: numberOrNull(r.trackTempMax),
    rainfall: r.rainfall === null || r.rainfall === undefined ? null : Boolean(r.rainfall),
    humidityMean: numberOrNull(r.humidityMean),
    windSpeedMean: numberOrNull(r.windSpeedMean),
    hasLaps: Boolean(r.hasLaps),
    intermediateLaps: Number(r.intermediateLaps ?? 0),
    wetLaps: Number(r.wetLaps ?? 0),
    wetTyreDrivers: Number(r.wetTyreDrivers ?? 0),
    firstWetTyreLap: numberOrNull(r.firstWetTyreLap),
    lastWetTyreLap: numberOrNull(r.lastWetTyreLap),
  }));
}

/** Each driver's laps on wet-weather tyres in one Grand Prix, by compound, in lap order. */
export async function wetTyreLaps(
  db: WarehouseDatabase,
  raceId: number,
): Promise<{ driverRef: string; driverName: string; lap: number; compound: string }[]> {
  return db.all(sql`
    select d.ref as driverRef, d.forename || ' ' || d.surname as driverName, l.lap as lap, l.compound as compound
    from laps l
      join drivers d on d.id = l.driver_id
    where l.race_id = ${raceId} and l.session = 'race' and l.compound in (${wetList})
    order by d.ref, l.lap`);
}

const numberOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
