import { describe, expect, it } from 'vitest';
import { builtinNarrative } from '../src/assistants/builtin-narrator.ts';
import { unsupportedNumbers } from '../src/assistants/verify.ts';

const facts = [
  { label: 'season', value: 2023 },
  { label: 'winner', value: 'Max Verstappen' },
  { label: "winner's team", value: 'Red Bull' },
  { label: "winner's grid position", value: 1 },
  { label: 'winning margin', value: 27.921, unit: 's' },
  { label: 'second place', value: 'Fernando Alonso' },
  { label: 'winning race time', value: '1:48:51.980' },
  { label: 'classified finishers', value: 18 },
];
const plan = {
  intent: 'race_winner' as const,
  season: 2023,
  round: 6,
  raceName: 'Monaco Grand Prix',
  drivers: [],
  teams: [],
  compounds: [],
};

describe('unsupportedNumbers', () => {
  it('accepts numbers that are facts, or parts of textual facts', () => {
    expect(unsupportedNumbers('Won by 27.921 s in 1:48:51.980 of 2023, 18 classified', facts)).toEqual([]);
  });

  it('flags numbers that no fact supports', () => {
    expect(unsupportedNumbers('Won by 12.5 s with 19 classified', facts)).toEqual(['12.5', '19']);
  });
});

describe('builtinNarrative', () => {
  it('writes only numbers taken from the facts', () => {
    const text = builtinNarrative(plan, facts);
    expect(text).toContain(
      '**Max Verstappen** won the 2023 Monaco Grand Prix for Red Bull, starting from pole position.',
    );
    expect(text).toContain('27.921 s ahead of Fernando Alonso');
    expect(unsupportedNumbers(text, facts)).toEqual([]);
  });
});
