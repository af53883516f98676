import type { LapSession } from '@pitwall/db/schema/warehouse';
import { bool, cellNumber, int, num, type ParsedTable, text } from './fast-csv.ts';
import type { SourceLap } from './reconcile.ts';
import type { TimingRefs } from './refs.ts';
import { rowKey } from './row-key.ts';
import { type FileTally, keep, newTally, reject, secondsToMs } from './tally.ts';

/** The columns read from a FastF1 season file (older exports name the lap time `LapTime(s)`). */
export const FASTF1_COLUMNS = {
  RoundNumber: 'number',
  LapNumber: 'number',
  DriverNumber: 'number',
  Driver: 'text',
  Position: 'number',
  LapTime: 'number',
  'LapTime(s)': 'number',
  Compound: 'text',
  TyreLife: 'number',
  Stint: 'number',
  FreshTyre: 'bool',
  TrackStatus: 'text',
  PitInTime: 'text',
  PitOutTime: 'text',
  IsAccurate: 'bool',
  Time: 'timedelta',
} as const;

/**
 * Reads one season of FastF1 Grand Prix or sprint laps (Armchair-Strategist export; both files share one
 * format). The race comes from (year, RoundNumber); the driver from the car number in that session's
 * results (`refs` are built for the session), then the season's numbers, then the three-letter code. Lap time in ms, `tyreLife` in laps on the set counting this one (FastF1's count),
 * `pitIn`/`pitOut` from the presence of PitInTime/PitOutTime, `endTimeMs` from the session clock (`Time`).
 */
export function readFastf1Laps(
  file: string,
  table: ParsedTable<typeof FASTF1_COLUMNS>,
  year: number,
  refs: TimingRefs,
  session: LapSession = 'race',
): { rows: SourceLap[]; tally: FileTally } {
  const tally = newTally(file);
  const rows: SourceLap[] = [];
  const seen = new Set<number>();
  const c = table.columns;
  for (let i = 0; i < table.length; i++) {
    tally.total++;
    const round = int(c.RoundNumber[i]);
    const lap = int(c.LapNumber[i]);
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
    const driverId = refs.driver(raceId, int(c.DriverNumber[i]), text(c.Driver, i) || null);
    if (driverId === undefined) {
      reject(tally, 'unknown_driver');
      continue;
    }
    if (!keep(tally, seen, rowKey(raceId, driverId, lap))) continue;
    rows.push({
      raceId,
      session,
      driverId,
      lap,
      position: int(c.Position[i]),
      timeMs: secondsToMs(num(c.LapTime[i]) ?? num(c['LapTime(s)'][i])),
      compound: text(c.Compound, i) || null,
      tyreLife: int(c.TyreLife[i]),
      stint: int(c.Stint[i]),
      freshTyre: bool(c.FreshTyre[i]),
      // pandas may write the status digits as a float ("24.0"); they are a set of digits, not a number.
      trackStatus: trackStatus(text(c.TrackStatus, i)),
      pitIn: Boolean(text(c.PitInTime, i)),
      pitOut: Boolean(text(c.PitOutTime, i)),
      isAccurate: bool(c.IsAccurate[i]),
      endTimeMs: num(c.Time[i]),
      source: 'fastf1',
    });
  }
  return { rows, tally };
}

function trackStatus(v: string | undefined): string {
  if (!v) return '';
  return cellNumber(v) === null ? v : v.replace(/\.0$/, '');
}
