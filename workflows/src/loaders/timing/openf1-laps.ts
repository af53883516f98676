import { bool, int, num, type ParsedTable, text } from './fast-csv.ts';
import type { SourceLap } from './reconcile.ts';
import type { TimingRefs } from './refs.ts';
import { rowKey } from './row-key.ts';
import type { StintRow } from './stints.ts';
import { type FileTally, keep, newTally, reject, secondsToMs } from './tally.ts';

type Located = { raceId: number; driverId: number } | undefined;

/** Ties row `i` to a race (by OpenF1 session) and a driver (by car number), or counts why not. */
function locate(
  c: { session_key: Float64Array; driver_number: Float64Array },
  i: number,
  tally: FileTally,
  raceBySession: Map<number, number>,
  refs: TimingRefs,
): Located {
  const raceId = raceBySession.get(int(c.session_key[i]) ?? -1);
  if (raceId === undefined) return void reject(tally, 'unknown_race');
  if (!refs.classified(raceId)) return void reject(tally, 'race_not_classified');
  const driverId = refs.driver(raceId, int(c.driver_number[i]), null);
  if (driverId === undefined) return void reject(tally, 'unknown_driver');
  return { raceId, driverId };
}

export const OPENF1_LAP_COLUMNS = {
  session_key: 'number',
  driver_number: 'number',
  lap_number: 'number',
  tyre_age_at_lap: 'number',
  lap_duration: 'number',
  duration_sector_1: 'number',
  duration_sector_2: 'number',
  duration_sector_3: 'number',
  i1_speed: 'number',
  i2_speed: 'number',
  st_speed: 'number',
  compound: 'text',
  stint_number: 'number',
  is_pit_out_lap: 'bool',
} as const;

/**
 * OpenF1 laps: lap time and sectors in ms, speed traps in km/h. `tyreLife` is converted to FastF1's
 * count (OpenF1's tyre_age_at_lap + 1) so the column means one thing. OpenF1 has no pit-in marker, so a lap
 * is a pit-in lap when the driver's next lap is a pit-out lap. No positions: OpenF1 laps carry none.
 */
export function readOpenf1Laps(
  file: string,
  table: ParsedTable<typeof OPENF1_LAP_COLUMNS>,
  raceBySession: Map<number, number>,
  refs: TimingRefs,
): { rows: SourceLap[]; tally: FileTally } {
  const tally = newTally(file);
  const rows: SourceLap[] = [];
  const seen = new Set<number>();
  const c = table.columns;
  for (let i = 0; i < table.length; i++) {
    tally.total++;
    const where = locate(c, i, tally, raceBySession, refs);
    if (!where) continue;
    const lap = int(c.lap_number[i]);
    if (lap === null) {
      reject(tally, 'bad_row');
      continue;
    }
    if (!keep(tally, seen, rowKey(where.raceId, where.driverId, lap))) continue;
    const age = int(c.tyre_age_at_lap[i]);
    rows.push({
      raceId: where.raceId,
      session: 'race',
      driverId: where.driverId,
      lap,
      position: null,
      timeMs: secondsToMs(num(c.lap_duration[i])),
      sector1Ms: secondsToMs(num(c.duration_sector_1[i])),
      sector2Ms: secondsToMs(num(c.duration_sector_2[i])),
      sector3Ms: secondsToMs(num(c.duration_sector_3[i])),
      i1Speed: num(c.i1_speed[i]),
      i2Speed: num(c.i2_speed[i]),
      stSpeed: num(c.st_speed[i]),
      compound: text(c.compound, i) || null,
      tyreLife: age === null ? null : age + 1,
      stint: int(c.stint_number[i]),
      pitOut: bool(c.is_pit_out_lap[i]),
      source: 'openf1',
    });
  }
  const byKey = new Map(rows.map((row) => [rowKey(row.raceId, row.driverId, row.lap), row]));
  for (const row of rows) {
    const next = byKey.get(rowKey(row.raceId, row.driverId, row.lap + 1));
    row.pitIn = next ? Boolean(next.pitOut) : null;
  }
  return { rows, tally };
}

export const OPENF1_STINT_COLUMNS = {
  session_key: 'number',
  driver_number: 'number',
  stint_number: 'number',
  lap_start: 'number',
  lap_end: 'number',
  tyre_age_at_start: 'number',
  compound: 'text',
  source: 'text',
} as const;

/**
 * OpenF1 stints. `native` is true for the raw /stints records (2023–24); the 2025–26 rows were rebuilt
 * from per-lap data and are weaker (see stints.ts). `fresh` = tyre_age_at_start is 0.
 */
export function readOpenf1Stints(
  file: string,
  table: ParsedTable<typeof OPENF1_STINT_COLUMNS>,
  raceBySession: Map<number, number>,
  refs: TimingRefs,
): { rows: (StintRow & { native: boolean })[]; tally: FileTally } {
  const tally = newTally(file);
  const rows: (StintRow & { native: boolean })[] = [];
  const seen = new Set<number>();
  const c = table.columns;
  for (let i = 0; i < table.length; i++) {
    tally.total++;
    const where = locate(c, i, tally, raceBySession, refs);
    if (!where) continue;
    const stint = int(c.stint_number[i]);
    const lapStart = int(c.lap_start[i]);
    const lapEnd = int(c.lap_end[i]);
    if (stint === null) {
      reject(tally, 'bad_row');
      continue;
    }
    // A stint with no laps: the car never completed one (e.g. Hamilton, 2023 Qatar, out at turn 1).
    if (lapStart === null || lapEnd === null) {
      reject(tally, 'no_lap_range');
      continue;
    }
    if (!keep(tally, seen, rowKey(where.raceId, where.driverId, stint))) continue;
    const age = int(c.tyre_age_at_start[i]);
    rows.push({
      ...where,
      session: 'race',
      stint,
      lapStart,
      lapEnd,
      compound: text(c.compound, i) || null,
      tyreAgeAtStart: age,
      fresh: age === null ? null : age === 0,
      source: 'openf1',
      flag: null,
      native: text(c.source, i) === 'openf1_raw',
    });
  }
  return { rows, tally };
}
