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

/** Seconds (float) → whole ms. */
export const secondsToMs = (seconds: number | null) => (seconds === null ? null : Math.round(seconds * 1000));
