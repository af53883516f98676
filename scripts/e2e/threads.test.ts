import type { Analysis } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
import { apiClient } from './client.ts';
import { finishOf, winnerOf } from './data.ts';
import { useStack } from './stack-fixture.ts';

/**
 * A conversation through every real process with the builtin planner: each follow-up is read against the
 * previous analysis's query (the Worker passes it to the workflow as context) and changes only what it
 * names; the three analyses form one thread.
 */
const { stack } = useStack('pitwall-threads');

describe('a thread of follow-ups through the API', () => {
  it('answers "Who won the 2024 Monaco GP?", "and in 2023?", "what about Leclerc?", then a chip edit', async () => {
    const api = apiClient(stack().urls.api);
    await api.register('e2e_thread');
    const ask = async (body: Record<string, unknown>): Promise<Analysis> => {
      const res = await api.request('POST', '/api/analyze', body);
      expect(res.status).toBe(202);
      return api.settled(((await res.json()) as { id: string }).id);
    };

    const first = await ask({ query: 'Who won the 2024 Monaco GP?' });
    expect(first.status).toBe('succeeded');
    expect(winnerOf(2024, 8)).toBe('Charles Leclerc');
    expect(first.result?.answer).toMatch(/^Charles Leclerc \(Ferrari\) won the 2024 Monaco Grand Prix\./);

    const second = await ask({ query: 'and in 2023?', followUp: first.id });
    expect(second.status).toBe('succeeded');
    expect(second.plan?.query).toMatchObject({
      metric: first.plan?.query?.metric,
      aggregate: first.plan?.query?.aggregate,
      scope: { race: { season: 2023, round: 6 } },
    });
    expect(winnerOf(2023, 6)).toBe('Max Verstappen');
    expect(second.result?.answer).toMatch(/^Max Verstappen \(Red Bull\) won the 2023 Monaco Grand Prix\./);

    const third = await ask({ query: 'what about Leclerc?', followUp: second.id });
    expect(third.status).toBe('succeeded');
    expect(third.plan?.query).toMatchObject({
      drivers: ['leclerc'],
      scope: { race: { season: 2023, round: 6 } },
    });
    expect(finishOf(2023, 6, 'leclerc')).toBe(6);
    expect(third.result?.answer).toMatch(/^Charles Leclerc finished 6th\b.* at the 2023 Monaco Grand Prix\./);
    expect(third.result?.facts).toContainEqual({ label: 'Charles Leclerc: finishing position', value: 6 });

    // A chip edited on the page: the same query with another driver, sent as a query, without words.
    const query = third.plan?.query;
    if (!query) throw new Error('the third analysis has no query');
    const fourth = await ask({ structured: { ...query, drivers: ['norris'] }, followUp: third.id });
    expect(fourth.status).toBe('succeeded');
    expect(fourth.plan?.query).toEqual({ ...query, drivers: ['norris'] });
    expect(fourth.query).toBe(fourth.plan?.understood);
    expect(fourth.query).toMatch(/Norris/);
    expect(finishOf(2023, 6, 'norris')).toBe(9);
    expect(fourth.result?.answer).toMatch(/^Lando Norris finished 9th\b.* at the 2023 Monaco Grand Prix\./);

    const thread = await api.request('GET', `/api/analyses/${fourth.id}/thread`);
    expect(thread.status).toBe(200);
    const { threadId, items } = (await thread.json()) as { threadId: string; items: Analysis[] };
    expect(threadId).toBe(first.id);
    expect(items.map((a) => [a.id, a.followUpOf, a.query])).toEqual([
      [first.id, null, 'Who won the 2024 Monaco GP?'],
      [second.id, first.id, 'and in 2023?'],
      [third.id, second.id, 'what about Leclerc?'],
      [fourth.id, third.id, fourth.query],
    ]);
  });
});
