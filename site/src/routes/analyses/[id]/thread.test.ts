import { describe, expect, it } from 'vitest';
import { shortAnswer } from './thread.ts';

describe('short answer', () => {
  it('keeps the first sentence without markdown, cut at a word when long', () => {
    expect(shortAnswer('**Charles Leclerc** won the 2024 Monaco Grand Prix. He led every lap.')).toBe(
      'Charles Leclerc won the 2024 Monaco Grand Prix.',
    );
    expect(shortAnswer('')).toBeNull();
    const long = shortAnswer(`${'word '.repeat(60)}end.`) ?? '';
    expect(long.length).toBeLessThanOrEqual(161);
    expect(long.endsWith('word…')).toBe(true);
  });
});
