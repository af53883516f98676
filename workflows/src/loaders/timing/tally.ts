import type { RejectReason } from './refs.ts';

/**
 * What became of one file's rows: every row is either kept (its key is in `keys`) or rejected with a
 * reason, so `keys.length + Σ rejected = total` always holds.
 */
export type FileTally = {
  file: string;
  total: number;
  keys: number[];
  rejected: Partial<Record<RejectReason, number>>;
};

export function newTally(file: string): FileTally {
  return { file, total: 0, keys: [], rejected: {} };
}

export function reject(tally: FileTally, reason: RejectReason) {
  tally.rejected[reason] = (tally.rejected[reason] ?? 0) + 1;
}

/**
 * A (race, driver, n) triple as one number that sorts like the triple (n is a lap or a stint number).
 * Number keys hash and compare far faster than `${race}/${driver}/${lap}` strings, and there are several
 * hundred thousand of them per import. The key is exact (below 2^53) for race ids below 2^23, drivers
 * below 2^20 (ids Pit Wall creates start at 100000) and n below 2^10.
 */
export function rowKey(raceId: number, driverId: number, n: number): number {
  if (!(raceId >= 0 && raceId < RACE_SPAN && driverId >= 0 && driverId < DRIVER_SPAN && n >= 0 && n < N_SPAN))
    throw new RangeError(`row key out of range: ${raceId}/${driverId}/${n}`);
  return (raceId * DRIVER_SPAN + driverId) * N_SPAN + n;
}
const RACE_SPAN = 2 ** 23;
const DRIVER_SPAN = 2 ** 20;
const N_SPAN = 2 ** 10;

/** Keeps a row unless the file already had one with the same key (the first wins, the rest are rejected). */
export function keep(tally: FileTally, seen: Set<number>, key: number): boolean {
  if (seen.has(key)) {
    reject(tally, 'duplicate');
    return false;
  }
  seen.add(key);
  tally.keys.push(key);
  return true;
}

/** A number cell written by pandas ("12.0") or plainly; null when empty or not a number. */
export function cellNumber(v: string | undefined): number | null {
  if (v === undefined || v === '' || v === '\\N' || v === 'nan' || v === 'NaN') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Seconds (float) → whole ms. */
export const secondsToMs = (seconds: number | null) => (seconds === null ? null : Math.round(seconds * 1000));
