import type { weather } from '@pitwall/db/schema/warehouse';
import { bool, int, num, type ParsedTable } from './fast-csv.ts';
import type { TimingRefs } from './refs.ts';
import { type FileTally, keep, newTally, reject } from './tally.ts';

export type RaceSession = { raceId: number; meetingKey: number; sessionKey: number };

export const SESSION_COLUMNS = {
  year: 'number',
  round: 'number',
  meeting_key: 'number',
  session_key: 'number',
} as const;

/**
 * OpenF1 race sessions, tied to races by (year, round). The returned map (session_key → race id) is how
 * every other OpenF1 file finds its race.
 */
export function readRaceSessions(file: string, table: ParsedTable<typeof SESSION_COLUMNS>, refs: TimingRefs) {
  const tally = newTally(file);
  const sessions: RaceSession[] = [];
  const seen = new Set<number>();
  const c = table.columns;
  for (let i = 0; i < table.length; i++) {
    tally.total++;
    const year = int(c.year[i]);
    const round = int(c.round[i]);
    const meetingKey = int(c.meeting_key[i]);
    const sessionKey = int(c.session_key[i]);
    if (year === null || round === null || meetingKey === null || sessionKey === null) {
      reject(tally, 'bad_row');
      continue;
    }
    const raceId = refs.raceId(year, round);
    if (raceId === undefined) {
      reject(tally, 'unknown_race');
      continue;
    }
    if (keep(tally, seen, raceId)) sessions.push({ raceId, meetingKey, sessionKey });
  }
  const raceBySession = new Map(sessions.map((s) => [s.sessionKey, s.raceId]));
  return { sessions, raceBySession, tally };
}

export const WEATHER_COLUMNS = {
  session_key: 'number',
  air_temp_min: 'number',
  air_temp_mean: 'number',
  air_temp_max: 'number',
  track_temp_min: 'number',
  track_temp_mean: 'number',
  track_temp_max: 'number',
  rainfall_any: 'bool',
  humidity_mean: 'number',
  wind_speed_mean: 'number',
} as const;

/**
 * The per-race weather summary: temperatures in °C (min/mean/max over the race's laps), humidity in %,
 * wind in m/s; rainfall and humidity/wind only where raw OpenF1 weather exists (2024 R1–20), else null.
 */
export function readWeather(
  file: string,
  table: ParsedTable<typeof WEATHER_COLUMNS>,
  raceBySession: Map<number, number>,
) {
  const tally = newTally(file);
  const rows: (typeof weather.$inferInsert)[] = [];
  const seen = new Set<number>();
  const c = table.columns;
  for (let i = 0; i < table.length; i++) {
    tally.total++;
    const raceId = raceBySession.get(int(c.session_key[i]) ?? -1);
    if (raceId === undefined) {
      reject(tally, 'unknown_race');
      continue;
    }
    if (!keep(tally, seen, raceId)) continue;
    rows.push({
      raceId,
      airTempMin: num(c.air_temp_min[i]),
      airTempMean: num(c.air_temp_mean[i]),
      airTempMax: num(c.air_temp_max[i]),
      trackTempMin: num(c.track_temp_min[i]),
      trackTempMean: num(c.track_temp_mean[i]),
      trackTempMax: num(c.track_temp_max[i]),
      rainfall: bool(c.rainfall_any[i]),
      humidityMean: num(c.humidity_mean[i]),
      windSpeedMean: num(c.wind_speed_mean[i]),
      source: 'openf1',
    });
  }
  return { rows, tally: tally as FileTally };
}
