import type { Entity } from './entities.ts';
import { fold } from './suggest.ts';

/**
 * Names from the user's past questions that the curated list lacks (older drivers, circuits, nicknames):
 * capitalised words and runs of them ("Jenson Button", "Imola"), and four-digit seasons.
 */
export function historyEntities(queries: readonly string[], known: readonly Entity[]): Entity[] {
  // Surnames alone count as known: "Norris" needs no entry beside "Lando Norris".
  const knownLabels = new Set(known.flatMap((e) => [fold(e.label), ...fold(e.label).split(' ')]));
  const found = new Map<string, Entity>();
  const pattern = /\b(?:\p{Lu}[\p{L}'’-]{2,})(?:\s+\p{Lu}[\p{L}'’-]+)*|\b(?:19[5-9]\d|20\d\d)\b/gu;
  const skip = new Set([
    'who',
    'what',
    'how',
    'which',
    'when',
    'where',
    'why',
    'compare',
    'show',
    'did',
    'was',
  ]);
  for (const query of queries) {
    for (const [label] of query.matchAll(pattern)) {
      const key = fold(label);
      if (skip.has(key.split(' ')[0] ?? '') || knownLabels.has(key) || found.has(key)) continue;
      found.set(key, { label, kind: 'history', hint: 'from your questions' });
    }
  }
  return [...found.values()];
}
