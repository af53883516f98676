import { describe, expect, it } from 'vitest';
import { matchQuery } from './history.ts';

describe('matchQuery', () => {
  const items = [{ query: 'Who won the 2024 São Paulo Grand Prix?' }, { query: 'Monaco 2023 lap times' }];
  it('keeps items containing every word, ignoring case and accents', () => {
    expect(matchQuery(items, 'sao 2024')).toEqual([items[0]]);
    expect(matchQuery(items, '  ')).toEqual(items);
    expect(matchQuery(items, 'monaco 2024')).toEqual([]);
  });
});
