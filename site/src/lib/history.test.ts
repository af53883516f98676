import { describe, expect, it } from 'vitest';
import { groupThreads, matchQuery } from './history.ts';

describe('matchQuery', () => {
  const items = [{ query: 'Who won the 2024 São Paulo Grand Prix?' }, { query: 'Monaco 2023 lap times' }];
  it('keeps items containing every word, ignoring case and accents', () => {
    expect(matchQuery(items, 'sao 2024')).toEqual([items[0]]);
    expect(matchQuery(items, '  ')).toEqual(items);
    expect(matchQuery(items, 'monaco 2024')).toEqual([]);
  });
});

describe('groupThreads', () => {
  const at = (id: string, minute: number, threadId?: string) => ({
    id,
    createdAt: `2026-05-01T10:${String(minute).padStart(2, '0')}:00Z`,
    ...(threadId ? { threadId } : {}),
  });
  it('heads each thread with its first question, follow-ups under it oldest first, newest thread first', () => {
    // Newest first, as the history lists them: a thread of three interleaved with a lone question.
    const items = [at('c', 5, 'a'), at('x', 4), at('b', 3, 'a'), at('a', 1, 'a')];
    const groups = groupThreads(items);
    expect(groups.map((g) => [g.head.id, g.followUps.map((f) => f.id)])).toEqual([
      ['a', ['b', 'c']],
      ['x', []],
    ]);
  });
  it('heads a thread whose first question is not loaded with its earliest loaded one', () => {
    const groups = groupThreads([at('c', 5, 'a'), at('b', 3, 'a')]);
    expect(groups).toEqual([{ threadId: 'a', head: at('b', 3, 'a'), followUps: [at('c', 5, 'a')] }]);
  });
});
