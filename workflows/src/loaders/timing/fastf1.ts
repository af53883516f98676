import { readCsvTable } from './fast-csv.ts';
import type { SourceLap } from './reconcile.ts';
import type { TimingRefs } from './refs.ts';
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

/**
 * Reads one season of FastF1 race laps (Armchair-Strategist export). The race comes from (year,
 * RoundNumber); the driver from the car number in that race's results, then the season's numbers, then
 * the three-letter code. Lap time in ms, `tyreLife` in laps on the set counting this one (FastF1's count),
 * `pitIn`/`pitOut` from the presence of PitInTime/PitOutTime.
 */
export function readFastf1Laps(
  file: string,
  text: Buffer,
  year: number,
  refs: TimingRefs,
): { rows: SourceLap[]; tally: FileTally } {
  const tally = newTally(file);
  const rows: SourceLap[] = [];
  const seen = new Set<string>();
  const csv = readCsvTable(text);
  const get = csv.get;
  for (const r of csv.rows) {
    tally.total++;
    const round = cellInt(get(r, 'RoundNumber'));
    const lap = cellInt(get(r, 'LapNumber'));
    const raceId = round === null ? undefined : refs.raceId(year, round);
    if (raceId === undefined) {
      reject(tally, 'unknown_race');
      continue;
    }
    if (lap === null) {
      reject(tally, 'bad_row');
      continue;
    }
    if (!refs.classified(raceId)) {
      reject(tally, 'race_not_classified');
      continue;
    }
    const driverId = refs.driver(raceId, cellInt(get(r, 'DriverNumber')), get(r, 'Driver') || null);
    if (driverId === undefined) {
      reject(tally, 'unknown_driver');
      continue;
    }
    if (!keep(tally, seen, `${raceId}/${driverId}/${lap}`)) continue;
    rows.push({
      raceId,
      driverId,
      lap,
      position: cellInt(get(r, 'Position')),
      timeMs: secondsToMs(get(r, 'LapTime') ?? get(r, 'LapTime(s)')),
      compound: get(r, 'Compound') || null,
      tyreLife: cellInt(get(r, 'TyreLife')),
      stint: cellInt(get(r, 'Stint')),
      freshTyre: cellBool(get(r, 'FreshTyre')),
      // pandas may write the status digits as a float ("24.0"); they are a set of digits, not a number.
      trackStatus: trackStatus(get(r, 'TrackStatus')),
      pitIn: Boolean(get(r, 'PitInTime')),
      pitOut: Boolean(get(r, 'PitOutTime')),
      isAccurate: cellBool(get(r, 'IsAccurate')),
      endTimeMs: timedeltaMs(get(r, 'Time')),
      source: 'fastf1',
    });
  }
  return { rows, tally };
}

/** pandas Timedelta text ("0 days 01:04:15.961000") → ms; null when absent or malformed. */
export function timedeltaMs(v: string | undefined): number | null {
  const m = v?.match(/^(\d+) days (\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)$/);
  if (!m) return null;
  const [, days, hours, minutes, seconds] = m;
  return Math.round(
    ((Number(days) * 24 + Number(hours)) * 3600 + Number(minutes) * 60 + Number(seconds)) * 1000,
  );
}

function trackStatus(v: string | undefined): string {
  if (!v) return '';
  return cellNumber(v) === null ? v : v.replace(/\.0$/, '');
}
