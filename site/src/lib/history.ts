import { fold } from './autocomplete/suggest.ts';

/** How many analyses one history page fetches. */
export const PAGE_SIZE = 25;

/** Items whose question contains every word of the search, accents and case ignored. */
export function matchQuery<T extends { query: string }>(items: readonly T[], search: string): readonly T[] {
  const words = fold(search).split(/\s+/).filter(Boolean);
  return words.length === 0
    ? items
    : items.filter((item) => words.every((w) => fold(item.query).includes(w)));
}
