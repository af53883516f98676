import { describe, expect, it } from 'vitest';
import { ENTITIES } from './entities.ts';
import { historyEntities } from './history.ts';
import { applyCompletion, suggest } from './suggest.ts';

const labels = (text: string, caret = text.length) =>
  suggest(text, caret, ENTITIES).map((c) => c.entity.label);

describe('suggest', () => {
  it('completes the word before the caret, accents ignored', () => {
    expect(labels('Compare Verst')).toContain('Max Verstappen');
    expect(labels('who won in sao')).toContain('São Paulo Grand Prix');
    expect(labels('hulk')).toContain('Nico Hülkenberg');
  });

  it('matches across the last words typed and replaces all of them', () => {
    const [first] = suggest('Pace at the abu d', 17, ENTITIES);
    if (!first) throw new Error('no completion');
    expect(first.entity.label).toBe('Abu Dhabi Grand Prix');
    expect(applyCompletion('Pace at the abu d', first)).toEqual({
      text: 'Pace at the Abu Dhabi Grand Prix ',
      caret: 33,
    });
  });

  it('offers seasons and teams, and nothing after a space or for one letter', () => {
    expect(labels('in 202')).toEqual(expect.arrayContaining(['2025', '2020']));
    expect(labels('McLa')).toContain('McLaren');
    expect(labels('Monaco ')).toEqual([]);
    expect(labels('m')).toEqual([]);
  });

  it('completes mid-text at the caret', () => {
    expect(labels('Lecl vs Sainz', 4)).toContain('Charles Leclerc');
  });
});

describe('historyEntities', () => {
  it('keeps names from past questions that the curated list lacks', () => {
    const found = historyEntities(
      ['Who won the 2009 British GP, Jenson Button?', 'Compare Norris'],
      ENTITIES,
    );
    expect(found.map((e) => e.label)).toEqual(expect.arrayContaining(['2009', 'Jenson Button']));
    expect(found.map((e) => e.label)).not.toContain('Compare');
    expect(found.map((e) => e.label)).not.toContain('Norris');
  });
});
