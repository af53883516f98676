import { fuzzyBucket } from './keys.ts';

/**
 * Typo tolerance for names: optimal string alignment distance (Levenshtein plus adjacent swaps, so
 * "Leclrec" is one edit from "Leclerc").
 */

/** Edits allowed for a word of this length: none below 5 letters, 1 up to 7, 2 from 8. */
export function allowedEdits(length: number): number {
  if (length < 5) return 0;
  return length < 8 ? 1 : 2;
}

// Three reusable rows (two back, one back, current): a question checks hundreds of keys.
const rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)] as const;

/** The distance between two words, or `limit + 1` as soon as it must exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (b.length >= 63) return a === b ? 0 : limit + 1;
  let [before, previous, current] = rows;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (ai === bj ? 0 : 1),
      );
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        d = Math.min(d, (before[j - 2] ?? 0) + 1);
      }
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    const spare = before;
    before = previous;
    previous = current;
    current = spare;
  }
  return previous[b.length] ?? limit + 1;
}

/** The nearest keys within the allowed edits of `word`; `buckets` holds keys by length and first letter. */
export function nearestKeys(word: string, buckets: Map<string, string[]>): { key: string; edits: number }[] {
  const limit = allowedEdits(word.length);
  if (limit === 0) return [];
  const found: { key: string; edits: number }[] = [];
  // The second letter too, so a swap of the first two letters ("eLclerc") is still found.
  const firsts = new Set([word[0] ?? '', word[1] ?? '']);
  for (let length = word.length - limit; length <= word.length + limit; length++) {
    for (const key of [...firsts].flatMap((f) => buckets.get(fuzzyBucket(length, f)) ?? [])) {
      // Both words must be long enough for that many edits: "Hamiltn" (7) may be 1 edit from "Hamilton".
      const edits = editDistance(word, key, Math.min(limit, allowedEdits(key.length)));
      if (edits > 0 && edits <= Math.min(limit, allowedEdits(key.length))) found.push({ key, edits });
    }
  }
  const best = Math.min(...found.map((f) => f.edits));
  return found.filter((f) => f.edits === best);
}
