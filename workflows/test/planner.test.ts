import type { RaceRow } from '@pitwall/db/queries/warehouse';
import { describe, expect, it } from 'vitest';
import { builtinPlan, matchRaces } from '../src/assistants/builtin-planner.ts';

const race = (
  round: number,
  name: string,
  circuitRef: string,
  location: string,
  country: string,
): RaceRow => ({
  id: round,
  season: 2023,
  round,
  name,
  date: '2023-01-01',
  circuitName: `${location} circuit`,
  circuitRef,
  location,
  country,
});

const season2023 = [
  race(6, 'Monaco Grand Prix', 'monaco', 'Monte-Carlo', 'Monaco'),
  race(7, 'Spanish Grand Prix', 'catalunya', 'Montmeló', 'Spain'),
  race(15, 'Italian Grand Prix', 'monza', 'Monza', 'Italy'),
  race(20, 'São Paulo Grand Prix', 'interlagos', 'São Paulo', 'Brazil'),
  race(21, 'Las Vegas Grand Prix', 'vegas', 'Las Vegas', 'United States'),
  race(19, 'Mexico City Grand Prix', 'rodriguez', 'Mexico City', 'Mexico'),
  race(18, 'United States Grand Prix', 'americas', 'Austin', 'USA'),
];
const ctx = {
  latest: { season: 2023, round: 21 },
  racesOf: async (season: number) => (season === 2023 ? season2023 : []),
};

describe('builtinPlan', () => {
  it.each([
    ['Who won the 2023 Monaco Grand Prix?', 6],
    ['who won monaco 2023', 6],
    ['Winner of the 2023 Sao Paulo GP', 20],
    ['Who won in Interlagos in 2023?', 20],
    ['2023 brazil race result', 20],
    ['WHO WON THE 2023 SÃO PAULO GRAND PRIX', 20],
    ['Who won at Monza in 2023?', 15],
    ['Who won the 2023 Las Vegas GP?', 21],
    ['who won round 7 of 2023', 7],
    ['Who won the last race?', 21],
  ])('%s → round %i', async (question, round) => {
    const outcome = await builtinPlan(question, ctx);
    expect(outcome).toEqual({
      kind: 'plan',
      plan: expect.objectContaining({ intent: 'race_winner', season: 2023, round }),
    });
  });

  it('uses the newest season with results when no year is given', async () => {
    const outcome = await builtinPlan('who won monaco?', ctx);
    expect(outcome).toMatchObject({ kind: 'plan', plan: { season: 2023, round: 6 } });
  });

  it('asks which race when none matches, offering that season’s races', async () => {
    const outcome = await builtinPlan('Who won the 2023 Atlantis Grand Prix?', ctx);
    expect(outcome.kind).toBe('clarify');
    if (outcome.kind === 'clarify')
      expect(outcome.clarification.options).toContain('Who won the 2023 Monaco Grand Prix?');
  });

  it('asks back for a season the data does not have', async () => {
    const outcome = await builtinPlan('Who won the 1949 Monaco Grand Prix?', ctx);
    expect(outcome).toMatchObject({
      kind: 'clarify',
      clarification: { question: expect.stringMatching(/no 1949 season/) },
    });
  });

  it('does not guess at questions it cannot answer', async () => {
    const outcome = await builtinPlan('What is the meaning of life?', ctx);
    expect(outcome.kind).toBe('clarify');
  });
});

describe('matchRaces', () => {
  it('prefers the longest alias, so "Mexico City" is not mistaken for another race', () => {
    expect(matchRaces('mexico city gp', season2023).map((r) => r.round)).toEqual([19]);
    expect(matchRaces('the US GP in Austin', season2023).map((r) => r.round)).toEqual([18]);
  });
});
