import { type CsvTable, readCsvTable } from './fast-csv.ts';
import type { SourceLap } from './reconcile.ts';
import type { TimingRefs } from './refs.ts';
import type { StintRow } from './stints.ts';
import {
  cellBool,
  cellInt,
  cellNumber,
  type FileTally,
  keep,
  newTally,
  reject,
  secondsToMs,
} from './tally.ts';

type Located = { raceId: number; driverId: number } | undefined;

function locate(
  r: string[],
  get: CsvTable['get'],
  tally: FileTally,
  raceBySession: Map<number, number>,
  refs: TimingRefs,
): Located {
  const raceId = raceBySession.get(cellInt(get(r, 'session_key')) ?? -1);
  if (raceId === undefined) return void reject(tally, 'unknown_race');
  if (!refs.classified(raceId)) return void reject(tally, 'race_not_classified');
  const driverId = refs.driver(raceId, cellInt(get(r, 'driver_number')), null);
  if (driverId === undefined) return void reject(tally, 'unknown_driver');
  return { raceId, driverId };
}

/**
 * OpenF1 laps: lap time and sectors in ms, speed traps in km/h. `tyreLife` is converted to FastF1's
 * count (OpenF1's tyre_age_at_lap + 1) so the column means one thing. OpenF1 has no pit-in marker, so a lap
 * is a pit-in lap when the driver's next lap is a pit-out lap. No positions: OpenF1 laps carry none.
 */
export function readOpenf1Laps(
  file: string,
  text: Buffer,
  raceBySession: Map<number, number>,
  refs: TimingRefs,
): { rows: SourceLap[]; tally: FileTally } {
  const tally = newTally(file);
  const rows: SourceLap[] = [];
  const seen = new Set<string>();
  const csv = readCsvTable(text);
  const get = csv.get;
  for (const r of csv.rows) {
    tally.total++;
    const at = locate(r, get, tally, raceBySession, refs);
    if (!at) continue;
    const lap = cellInt(get(r, 'lap_number'));
    if (lap === null) {
      reject(tally, 'bad_row');
      continue;
    }
    if (!keep(tally, seen, `${at.raceId}/${at.driverId}/${lap}`)) continue;
    const age = cellInt(get(r, 'tyre_age_at_lap'));
    rows.push({
      ...at,
      lap,
      position: null,
      timeMs: secondsToMs(get(r, 'lap_duration')),
      sector1Ms: secondsToMs(get(r, 'duration_sector_1')),
      sector2Ms: secondsToMs(get(r, 'duration_sector_2')),
      sector3Ms: secondsToMs(get(r, 'duration_sector_3')),
      i1Speed: cellNumber(get(r, 'i1_speed')),
      i2Speed: cellNumber(get(r, 'i2_speed')),
      stSpeed: cellNumber(get(r, 'st_speed')),
      compound: get(r, 'compound') || null,
      tyreLife: age === null ? null : age + 1,
      stint: cellInt(get(r, 'stint_number')),
      pitOut: cellBool(get(r, 'is_pit_out_lap')),
      source: 'openf1',
    });
  }
  const byKey = new Map(rows.map((row) => [`${row.raceId}/${row.driverId}/${row.lap}`, row]));
  for (const row of rows) {
    const next = byKey.get(`${row.raceId}/${row.driverId}/${row.lap + 1}`);
    row.pitIn = next ? Boolean(next.pitOut) : null;
  }
  return { rows, tally };
}

/**
 * OpenF1 stints. `native` is true for the raw /stints records (2023–24); the 2025–26 rows were rebuilt
 * from per-lap data and are weaker (see stints.ts). `fresh` = tyre_age_at_start is 0.
 */
export function readOpenf1Stints(
  file: string,
  text: Buffer,
  raceBySession: Map<number, number>,
  refs: TimingRefs,
): { rows: (StintRow & { native: boolean })[]; tally: FileTally } {
  const tally = newTally(file);
  const rows: (StintRow & { native: boolean })[] = [];
  const seen = new Set<string>();
  const csv = readCsvTable(text);
  const get = csv.get;
  for (const r of csv.rows) {
    tally.total++;
    const at = locate(r, get, tally, raceBySession, refs);
    if (!at) continue;
    const stint = cellInt(get(r, 'stint_number'));
    const lapStart = cellInt(get(r, 'lap_start'));
    const lapEnd = cellInt(get(r, 'lap_end'));
    if (stint === null) {
      reject(tally, 'bad_row');
      continue;
    }
    // A stint with no laps: the car never completed one (e.g. Hamilton, 2023 Qatar, out at turn 1).
    if (lapStart === null || lapEnd === null) {
      reject(tally, 'no_lap_range');
      continue;
    }
    if (!keep(tally, seen, `${at.raceId}/${at.driverId}/${stint}`)) continue;
    const age = cellInt(get(r, 'tyre_age_at_start'));
    rows.push({
      ...at,
      stint,
      lapStart,
      lapEnd,
      compound: get(r, 'compound') || null,
      tyreAgeAtStart: age,
      fresh: age === null ? null : age === 0,
      source: 'openf1',
      flag: null,
      native: get(r, 'source') === 'openf1_raw',
    });
  }
  return { rows, tally };
}
