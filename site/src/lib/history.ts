import { fold } from './autocomplete/suggest.ts';

/**
 * An analysis's question as lists show it. A structured query sent without words is named by what was
 * understood, which it lacks until its plan is made.
 */
export const questionOf = (analysis: { query: string }): string =>
  analysis.query.trim() || 'A query (being understood…)';

/** How many analyses one history page fetches. */
export const PAGE_SIZE = 25;

/** Items whose question contains every word of the search, accents and case ignored. */
export function matchQuery<T extends { query: string }>(items: readonly T[], search: string): readonly T[] {
  const words = fold(search).split(/\s+/).filter(Boolean);
  return words.length === 0
    ? items
    : items.filter((item) => words.every((w) => fold(item.query).includes(w)));
}

/** One thread of the history: its first question (or the earliest loaded) and the follow-ups, in order. */
export interface ThreadGroup<T> {
  threadId: string;
  head: T;
  followUps: T[];
}

type Threaded = { id: string; createdAt: string; threadId?: string | null };

/**
 * Analyses (newest first, as the history lists them) grouped by thread: the threads in the order of their
 * newest question, each headed by its first question, its follow-ups under it oldest first. An analysis
 * without a thread is a thread of its own.
 */
export function groupThreads<T extends Threaded>(items: readonly T[]): ThreadGroup<T>[] {
  const threads = new Map<string, T[]>();
  for (const item of items) {
    const key = item.threadId ?? item.id;
    const list = threads.get(key);
    if (list) list.push(item);
    else threads.set(key, [item]);
  }
  return [...threads].map(([threadId, list]) => {
    const ordered = [...list].sort(
      (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
    );
    const first = ordered.find((a) => a.id === threadId) ?? ordered[0];
    if (!first) throw new Error('a thread without analyses');
    return { threadId, head: first, followUps: ordered.filter((a) => a !== first) };
  });
}
