import type { weather } from '@pitwall/db/schema/warehouse';
import { readCsvTable } from './fast-csv.ts';
import type { TimingRefs } from './refs.ts';
import { cellBool, cellInt, cellNumber, type FileTally, keep, newTally, reject } from './tally.ts';

export type RaceSession = { raceId: number; meetingKey: number; sessionKey: number };

/**
 * OpenF1 race sessions, tied to races by (year, round). The returned map (session_key → race id) is how
 * every other OpenF1 file finds its race.
 */
export function readRaceSessions(file: string, text: Buffer, refs: TimingRefs) {
  const tally = newTally(file);
  const sessions: RaceSession[] = [];
  const seen = new Set<string>();
  const csv = readCsvTable(text);
  const get = csv.get;
  for (const r of csv.rows) {
    tally.total++;
    const year = cellInt(get(r, 'year'));
    const round = cellInt(get(r, 'round'));
    const meetingKey = cellInt(get(r, 'meeting_key'));
    const sessionKey = cellInt(get(r, 'session_key'));
    if (year === null || round === null || meetingKey === null || sessionKey === null) {
      reject(tally, 'bad_row');
      continue;
    }
    const raceId = refs.raceId(year, round);
    if (raceId === undefined) {
      reject(tally, 'unknown_race');
      continue;
    }
    if (keep(tally, seen, String(raceId))) sessions.push({ raceId, meetingKey, sessionKey });
  }
  const raceBySession = new Map(sessions.map((s) => [s.sessionKey, s.raceId]));
  return { sessions, raceBySession, tally };
}

/**
 * The per-race weather summary: temperatures in °C (min/mean/max over the race's laps), humidity in %,
 * wind in m/s; rainfall and humidity/wind only where raw OpenF1 weather exists (2024 R1–20), else null.
 */
export function readWeather(file: string, text: Buffer, raceBySession: Map<number, number>) {
  const tally = newTally(file);
  const rows: (typeof weather.$inferInsert)[] = [];
  const seen = new Set<string>();
  const csv = readCsvTable(text);
  const get = csv.get;
  for (const r of csv.rows) {
    tally.total++;
    const raceId = raceBySession.get(cellInt(get(r, 'session_key')) ?? -1);
    if (raceId === undefined) {
      reject(tally, 'unknown_race');
      continue;
    }
    if (!keep(tally, seen, String(raceId))) continue;
    rows.push({
      raceId,
      airTempMin: cellNumber(get(r, 'air_temp_min')),
      airTempMean: cellNumber(get(r, 'air_temp_mean')),
      airTempMax: cellNumber(get(r, 'air_temp_max')),
      trackTempMin: cellNumber(get(r, 'track_temp_min')),
      trackTempMean: cellNumber(get(r, 'track_temp_mean')),
      trackTempMax: cellNumber(get(r, 'track_temp_max')),
      rainfall: cellBool(get(r, 'rainfall_any')),
      humidityMean: cellNumber(get(r, 'humidity_mean')),
      windSpeedMean: cellNumber(get(r, 'wind_speed_mean')),
      source: 'openf1',
    });
  }
  return { rows, tally: tally as FileTally };
}
