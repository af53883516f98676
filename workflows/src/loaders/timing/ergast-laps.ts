import { readCsvTable } from './fast-csv.ts';
import type { SourceLap } from './reconcile.ts';
import type { TimingRefs } from './refs.ts';
import { cellInt, type FileTally, keep, newTally, reject } from './tally.ts';

/** The derived lap file's companion lists, per race, which timing feed its rows were built from. */
const ORIGIN: Record<string, string> = { fastf1_armchair: 'fastf1', openf1_raw_computed_positions: 'openf1' };

export function readDerivedOrigins(text: Buffer): Map<number, string> {
  const origins = new Map<number, string>();
  const csv = readCsvTable(text);
  const get = csv.get;
  for (const r of csv.rows) {
    const raceId = cellInt(get(r, 'raceId'));
    const origin = ORIGIN[get(r, 'source') ?? ''];
    if (raceId !== null && origin) origins.set(raceId, origin);
  }
  return origins;
}

/**
 * Reads the Ergast-schema lap file (raceId, driverId, lap, position, ms). Its rows were built from FastF1
 * or OpenF1 (see the companion `.sources.csv`), so each row's `source` names that feed; a race the
 * companion does not list is labelled `ergast`.
 */
export function readDerivedLaps(
  file: string,
  text: Buffer,
  origins: Map<number, string>,
  refs: TimingRefs,
): { rows: SourceLap[]; tally: FileTally } {
  const tally = newTally(file);
  const rows: SourceLap[] = [];
  const seen = new Set<string>();
  const csv = readCsvTable(text);
  const get = csv.get;
  for (const r of csv.rows) {
    tally.total++;
    const raceId = cellInt(get(r, 'raceId'));
    const driverId = cellInt(get(r, 'driverId'));
    const lap = cellInt(get(r, 'lap'));
    if (raceId === null || driverId === null || lap === null) {
      reject(tally, 'bad_row');
      continue;
    }
    if (refs.seasonOf(raceId) === undefined) {
      reject(tally, 'unknown_race');
      continue;
    }
    if (!refs.classified(raceId)) {
      reject(tally, 'race_not_classified');
      continue;
    }
    if (!keep(tally, seen, `${raceId}/${driverId}/${lap}`)) continue;
    rows.push({
      raceId,
      driverId,
      lap,
      position: cellInt(get(r, 'position')),
      timeMs: cellInt(get(r, 'milliseconds')),
      source: origins.get(raceId) ?? 'ergast',
    });
  }
  return { rows, tally };
}
