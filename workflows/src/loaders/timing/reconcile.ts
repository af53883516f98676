import type { DataFlag } from '@pitwall/db/contracts';
import type { laps } from '@pitwall/db/schema/warehouse';

export type LapRow = typeof laps.$inferInsert;

/** One source's view of a lap, already tied to a race and driver. Times in ms, speeds in km/h. */
export type SourceLap = Omit<LapRow, 'flag'>;

/** What the race classification says about a driver: classified laps (null = unknown) and whether they started. */
export type Classification = { laps: number | null; started: boolean };

export const lapKey = (r: { raceId: number; driverId: number; lap: number }) =>
  `${r.raceId}/${r.driverId}/${r.lap}`;

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
 */
export function reconcileLaps(
  sources: { fastf1: SourceLap[]; openf1: SourceLap[]; derived: SourceLap[] },
  classification: (raceId: number, driverId: number) => Classification | undefined,
): Map<string, LapRow> {
  const openf1 = new Map(sources.openf1.map((r) => [lapKey(r), r]));
  const derived = new Map(sources.derived.map((r) => [lapKey(r), r]));
  const merged = new Map<string, LapRow>();
  for (const f of sources.fastf1) {
    const o = openf1.get(lapKey(f));
    merged.set(
      lapKey(f),
      o
        ? {
            ...f,
            sector1Ms: f.sector1Ms ?? o.sector1Ms,
            sector2Ms: f.sector2Ms ?? o.sector2Ms,
            sector3Ms: f.sector3Ms ?? o.sector3Ms,
            i1Speed: f.i1Speed ?? o.i1Speed,
            i2Speed: f.i2Speed ?? o.i2Speed,
            stSpeed: f.stSpeed ?? o.stSpeed,
          }
        : { ...f },
    );
  }
  for (const [key, o] of openf1) {
    if (merged.has(key)) continue;
    merged.set(key, { ...o, position: o.position ?? derived.get(key)?.position ?? null });
  }
  for (const [key, d] of derived) if (!merged.has(key)) merged.set(key, { ...d });

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
  const laps = new Map<string, LapRow[]>();
  for (const row of rows) {
    const key = `${row.raceId}/${row.lap}`;
    const list = laps.get(key);
    if (list) list.push(row);
    else laps.set(key, [row]);
  }
  for (const list of laps.values()) {
    const out = list
      .filter((r) => r.flag && OUT_OF_LAP_ORDER.has(r.flag as DataFlag) && r.position != null)
      .map((r) => r.position as number);
    if (out.length === 0) continue;
    for (const row of list) {
      if (row.position == null || (row.flag && OUT_OF_LAP_ORDER.has(row.flag as DataFlag))) continue;
      const p = row.position;
      row.position = p - out.filter((q) => q < p).length;
    }
  }
}
