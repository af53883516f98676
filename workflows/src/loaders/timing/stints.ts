import type { stints } from '@pitwall/db/schema/warehouse';
import { type LapRow, lapKey } from './reconcile.ts';
import { rowKey } from './row-key.ts';

export type StintRow = typeof stints.$inferInsert;

/**
 * Stints from lap rows that carry FastF1's Stint number: first and last lap of each (race, driver, stint),
 * the compound and freshness of its first lap, and tyre age at the start = TyreLife on that lap − 1 (FastF1
 * counts the first lap on a new set as 1; OpenF1's tyre_age_at_start counts it as 0).
 */
export function stintsFromLaps(rows: Iterable<LapRow>): StintRow[] {
  const byStint = new Map<number, LapRow[]>();
  for (const row of rows) {
    if (row.stint == null) continue;
    const key = rowKey(row.raceId, row.driverId, row.stint);
    const list = byStint.get(key);
    if (list) list.push(row);
    else byStint.set(key, [row]);
  }
  return [...byStint.values()].map((list) => {
    list.sort((a, b) => a.lap - b.lap);
    const first = list[0] as LapRow;
    const last = list[list.length - 1] as LapRow;
    return {
      raceId: first.raceId,
      session: first.session ?? 'race',
      driverId: first.driverId,
      stint: first.stint as number,
      compound: first.compound ?? null,
      lapStart: first.lap,
      lapEnd: last.lap,
      tyreAgeAtStart: first.tyreLife == null ? null : Math.max(0, first.tyreLife - 1),
      fresh: first.freshTyre ?? null,
      source: 'fastf1',
      flag: null,
    };
  });
}

/**
 * OpenF1 stints rebuilt from per-lap data (2025–26) let a stint start on the lap the previous one ends
 * (4–34 then 34–44). The shared lap is the in-lap, which belongs to the earlier stint, as native OpenF1 and
 * FastF1 both count it; so a later stint starts one lap after the previous one ends.
 */
export function separateOverlaps(rows: StintRow[]): StintRow[] {
  const sorted = [...rows].sort(
    (a, b) => a.raceId - b.raceId || a.driverId - b.driverId || a.stint - b.stint,
  );
  let previous: StintRow | undefined;
  return sorted.map((row) => {
    const next = { ...row };
    if (previous && previous.raceId === row.raceId && previous.driverId === row.driverId) {
      if (next.lapStart <= previous.lapEnd) next.lapStart = previous.lapEnd + 1;
      if (next.lapEnd < next.lapStart) next.lapEnd = next.lapStart;
    }
    previous = next;
    return next;
  });
}

/**
 * Flags one-lap stints that the lap data does not show as a tyre change. A change entering lap L is
 * seen when FastF1-timed laps L−1 and L differ in compound or the tyre life restarts; for laps timed by
 * OpenF1 alone (whose per-lap compound is joined from its stints, so proves nothing) a pit-out on L counts.
 * Lap 1 always starts a stint. A one-lap stint needs a change both entering it and after it (unless it is
 * the driver's last lap); with no lap data either side it is left unflagged, for want of evidence.
 * Example: 2025 Australia, where cars ran through the pit lane under the safety car on laps 2–4 without
 * changing tyres, so each lap became a "stint".
 */
export function flagSpuriousStints(rows: StintRow[], laps: Map<number, LapRow>): StintRow[] {
  const lastLap = new Map<number, number>();
  for (const l of laps.values()) {
    const key = rowKey(l.raceId, l.driverId, 0);
    lastLap.set(key, Math.max(lastLap.get(key) ?? 0, l.lap));
  }
  const at = (s: StintRow, lap: number) => laps.get(lapKey({ ...s, lap }));
  /** true = change seen, false = no change, undefined = no evidence. */
  const changeEntering = (s: StintRow, lap: number): boolean | undefined => {
    if (lap <= 1) return true;
    const before = at(s, lap - 1);
    const after = at(s, lap);
    if (!before || !after) return undefined;
    if (after.source === 'fastf1' && before.source === 'fastf1') {
      if (before.compound == null || after.compound == null) return undefined;
      if (before.compound !== after.compound) return true;
      if (before.tyreLife == null || after.tyreLife == null) return undefined;
      return after.tyreLife <= before.tyreLife;
    }
    return Boolean(after.pitOut || before.pitIn);
  };
  return rows.map((s) => {
    if (s.lapEnd !== s.lapStart || s.flag) return s;
    const last = lastLap.get(rowKey(s.raceId, s.driverId, 0));
    const entering = changeEntering(s, s.lapStart);
    const leaving = last !== undefined && s.lapEnd >= last ? true : changeEntering(s, s.lapEnd + 1);
    const spurious = entering === false || leaving === false;
    return spurious ? { ...s, flag: 'spurious_stint' } : s;
  });
}
