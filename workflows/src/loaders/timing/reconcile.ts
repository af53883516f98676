import type { DataFlag } from '@pitwall/db/contracts';
import type { laps } from '@pitwall/db/schema/warehouse';
import { rowKey } from './row-key.ts';

export type LapRow = typeof laps.$inferInsert;

/** One source's view of a lap, already tied to a race and driver. Times in ms, speeds in km/h. */
export type SourceLap = Omit<LapRow, 'flag'>;

/** What the race classification says about a driver: classified laps (null = unknown) and whether they started. */
export type Classification = { laps: number | null; started: boolean };

/** A lap's key in the maps below. */
export const lapKey = (r: { raceId: number; driverId: number; lap: number }) =>
  rowKey(r.raceId, r.driverId, r.lap);

/**
 * Rows that say a car was somewhere it was not: a non-starter, or a lap the driver never finished. They are
 * left out of the running order when the other cars' positions are recomputed.
 */
const OUT_OF_LAP_ORDER = new Set<DataFlag>(['did_not_start', 'beyond_classified_laps']);

/**
 * Merges the three lap sources into one row per (race, driver, lap).
 *
 * Precedence for lap time and position, per lap: FastF1 (official timing feed) → OpenF1 → the Ergast-schema
 * derived file. `source` names the source of the row's time and position. OpenF1 has no positions, so an
 * OpenF1 row takes its position from the derived file, whose positions for the OpenF1-only races were
 * themselves computed from OpenF1 crossing times. OpenF1 also adds sectors and speed traps to FastF1 rows;
 * a FastF1 row's own time is never replaced (a missing FastF1 time stays missing and is flagged).
 *
 * Then flags (one per row, most serious first) and running positions recomputed without out-of-order rows.
 *
 * The merged rows are the source rows themselves, completed in place (an import holds ~370k of them; a
 * copy each was a fifth of the merge's time): a source row is in the result exactly when it won its lap.
 */
export function reconcileLaps(
  sources: { fastf1: SourceLap[]; openf1: SourceLap[]; derived: SourceLap[] },
  classification: (raceId: number, driverId: number) => Classification | undefined,
): Map<number, LapRow> {
  const openf1 = new Map<number, SourceLap>();
  for (const o of sources.openf1) openf1.set(lapKey(o), o);
  const merged = new Map<number, LapRow>();
  for (const f of sources.fastf1) {
    const key = lapKey(f);
    const o = openf1.get(key);
    if (o) {
      f.sector1Ms ??= o.sector1Ms;
      f.sector2Ms ??= o.sector2Ms;
      f.sector3Ms ??= o.sector3Ms;
      f.i1Speed ??= o.i1Speed;
      f.i2Speed ??= o.i2Speed;
      f.stSpeed ??= o.stSpeed;
    }
    merged.set(key, f);
  }
  for (const [key, o] of openf1) {
    if (merged.has(key)) continue;
    o.position ??= null;
    merged.set(key, o);
  }
  for (const d of sources.derived) {
    const key = lapKey(d);
    const row = merged.get(key);
    if (!row) merged.set(key, d);
    else if (row.position === null && openf1.get(key) === row) row.position = d.position ?? null;
  }

  for (const row of merged.values()) row.flag = lapFlag(row, classification(row.raceId, row.driverId));
  recomputePositions(merged.values());
  return merged;
}

/** The most serious thing wrong with a lap row, or null. */
export function lapFlag(row: SourceLap, c: Classification | undefined): DataFlag | null {
  if (!c) return 'not_in_classification';
  if (!c.started) return 'did_not_start';
  if (c.laps !== null && row.lap > c.laps) return 'beyond_classified_laps';
  if (row.timeMs === null || row.timeMs === undefined) return 'no_lap_time';
  if (row.source === 'openf1' && row.lap === 1) return 'openf1_lap1_offset';
  return null;
}

/**
 * Re-ranks each lap without the out-of-order rows: a car placed p keeps p minus the number of
 * out-of-order cars the source put ahead of it (2024 British GP lap 1: the non-starter Gasly sat at P1, so
 * Russell 2 → 1, Hamilton 3 → 2). Gaps and nulls in the source order are kept; the flagged rows keep the
 * position the source gave them, so the oddity stays visible.
 */
export function recomputePositions(rows: Iterable<LapRow>): void {
  const outOfOrder = (r: LapRow) => r.flag != null && OUT_OF_LAP_ORDER.has(r.flag as DataFlag);
  const all = [...rows];
  // Only races where a row is out of order need re-ranking: most have none.
  const races = new Set(all.filter((r) => outOfOrder(r) && r.position != null).map((r) => r.raceId));
  const laps = new Map<number, LapRow[]>();
  for (const row of all) {
    if (!races.has(row.raceId)) continue;
    const key = rowKey(row.raceId, 0, row.lap);
    const list = laps.get(key);
    if (list) list.push(row);
    else laps.set(key, [row]);
  }
  for (const list of laps.values()) {
    const out = list.filter((r) => outOfOrder(r) && r.position != null).map((r) => r.position as number);
    if (out.length === 0) continue;
    for (const row of list) {
      if (row.position == null || outOfOrder(row)) continue;
      const p = row.position;
      row.position = p - out.filter((q) => q < p).length;
    }
  }
}
