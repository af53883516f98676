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
 * A (race, driver, n) triple as one number (n is a lap or a stint number). Number keys hash and compare
 * far faster than `${race}/${driver}/${lap}` strings, and there are several hundred thousand of them per
 * import. Ergast's ids are small, so their keys fit V8's small integers (below 2^30), which Maps handle
 * about twice as fast as other numbers; ids Pit Wall creates (from 100000) get keys in a range of their
 * own above 2^30, exact below 2^53.
 */
export function rowKey(raceId: number, driverId: number, n: number): number {
  if (!(raceId >= 0 && raceId < 2 ** 22 && driverId >= 0 && driverId < 2 ** 20 && n >= 0 && n < 2 ** 10))
    throw new RangeError(`row key out of range: ${raceId}/${driverId}/${n}`);
  if (raceId < 2 ** 11 && driverId < 2 ** 11 && n < 2 ** 8) return (raceId * 2 ** 11 + driverId) * 2 ** 8 + n;
  return 2 ** 30 + (raceId * 2 ** 20 + driverId) * 2 ** 10 + n;
}

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
