import type { Entity } from './entities.ts';

export interface Completion {
  entity: Entity;
  /** The span of the text the completion replaces. */
  from: number;
  to: number;
}

/** Lower case without accents, so "sao" finds "São Paulo" and "hulk" finds "Hülkenberg". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const WORD = /[\p{L}\p{N}'’.-]+$/u;

/**
 * Completions for the words just before the caret. The last one to three words are tried as a prefix
 * (so "abu d" finds "Abu Dhabi Grand Prix"); an entity matches when its label, or any word in it, starts
 * with that prefix. Longer typed prefixes win, then labels that start with the prefix.
 */
export function suggest(text: string, caret: number, entities: readonly Entity[], max = 8): Completion[] {
  const before = text.slice(0, caret);
  const starts: number[] = [];
  let rest = before;
  for (let words = 0; words < 3; words++) {
    const match = WORD.exec(rest);
    if (!match) break;
    starts.push(match.index);
    rest = rest.slice(0, match.index).replace(/\s+$/, '');
    if (rest.length === match.index) break;
  }
  const seen = new Set<string>();
  const out: Completion[] = [];
  // Widest span first: "abu d" should replace both words, not just "d".
  for (const from of starts.reverse()) {
    const prefix = fold(before.slice(from));
    if (prefix.trim().length < 2) continue;
    const ranked = entities
      .map((entity) => {
        const label = fold(entity.label);
        if (label === prefix) return null;
        if (label.startsWith(prefix)) return { entity, rank: 0 };
        return label.split(/\s+/).some((word) => word.startsWith(prefix)) ? { entity, rank: 1 } : null;
      })
      .filter((r): r is { entity: Entity; rank: number } => r !== null)
      .sort((a, b) => a.rank - b.rank);
    for (const { entity } of ranked) {
      const key = fold(entity.label);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ entity, from, to: caret });
      if (out.length >= max) return out;
    }
  }
  return out;
}

/** The text with a completion applied, and where the caret goes (after the inserted label and a space). */
export function applyCompletion(text: string, completion: Completion): { text: string; caret: number } {
  const after = text.slice(completion.to);
  const spacer = after.startsWith(' ') ? '' : ' ';
  const next = text.slice(0, completion.from) + completion.entity.label + spacer + after;
  return { text: next, caret: completion.from + completion.entity.label.length + 1 };
}
