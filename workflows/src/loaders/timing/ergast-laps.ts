import { int, type ParsedTable, text } from './fast-csv.ts';
import type { SourceLap } from './reconcile.ts';
import type { TimingRefs } from './refs.ts';
import { rowKey } from './row-key.ts';
import { type FileTally, keep, newTally, reject } from './tally.ts';

/** The derived lap file's companion lists, per race, which timing feed its rows were built from. */
const ORIGIN: Record<string, string> = { fastf1_armchair: 'fastf1', openf1_raw_computed_positions: 'openf1' };

export const DERIVED_ORIGIN_COLUMNS = { raceId: 'number', source: 'text' } as const;

export function readDerivedOrigins(table: ParsedTable<typeof DERIVED_ORIGIN_COLUMNS>): Map<number, string> {
  const origins = new Map<number, string>();
  const c = table.columns;
  for (let i = 0; i < table.length; i++) {
    const raceId = int(c.raceId[i]);
    const origin = ORIGIN[text(c.source, i) ?? ''];
    if (raceId !== null && origin) origins.set(raceId, origin);
  }
  return origins;
}

export const DERIVED_COLUMNS = {
  raceId: 'number',
  driverId: 'number',
  lap: 'number',
  position: 'number',
  milliseconds: 'number',
} as const;

/**
 * Reads the Ergast-schema lap file (raceId, driverId, lap, position, ms). Its rows were built from FastF1
 * or OpenF1 (see the companion `.sources.csv`), so each row's `source` names that feed; a race the
 * companion does not list is labelled `ergast`.
 */
export function readDerivedLaps(
  file: string,
  table: ParsedTable<typeof DERIVED_COLUMNS>,
  origins: Map<number, string>,
  refs: TimingRefs,
): { rows: SourceLap[]; tally: FileTally } {
  const tally = newTally(file);
  const rows: SourceLap[] = [];
  const seen = new Set<number>();
  const c = table.columns;
  for (let i = 0; i < table.length; i++) {
    tally.total++;
    const raceId = int(c.raceId[i]);
    const driverId = int(c.driverId[i]);
    const lap = int(c.lap[i]);
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
    if (!keep(tally, seen, rowKey(raceId, driverId, lap))) continue;
    rows.push({
      raceId,
      session: 'race',
      driverId,
      lap,
      position: int(c.position[i]),
      timeMs: int(c.milliseconds[i]),
      source: origins.get(raceId) ?? 'ergast',
    });
  }
  return { rows, tally };
}
