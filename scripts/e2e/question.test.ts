import { ANALYSIS_STEPS } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
import { apiClient } from './client.ts';
import { winnerOf } from './data.ts';
import { useStack } from './stack-fixture.ts';

/** One question through every real process: Temporal, the Worker in workerd, the Node worker, libSQL. */
const { stack } = useStack('pitwall-e2e');

describe('asking a question end to end', () => {
  it('answers "Who won the 2023 Monaco Grand Prix?" from the data, with a chart and its source', async () => {
    const api = apiClient(stack().urls.api);
    await api.register('e2e_monaco');
    const id = await api.ask('Who won the 2023 Monaco Grand Prix?');
    const analysis = await api.settled(id);

    expect(analysis.status).toBe('succeeded');
    expect(analysis.plan).toMatchObject({ intent: 'metric', season: 2023, round: 6 });
    expect(analysis.plan?.query).toMatchObject({ metric: 'wins', aggregate: 'list' });
    expect(analysis.result?.answer).toMatch(/^Max Verstappen \(Red Bull\) won the 2023 Monaco Grand Prix\./);
    const winner = winnerOf(2023, 6);
    expect(winner).toBe('Max Verstappen');
    expect(analysis.result?.answer).toContain(winner);
    expect(analysis.result?.facts).toContainEqual({ label: 'winner', value: winner });
    expect(analysis.result?.tables[0]?.rows[0]?.[1]).toBe(winner);
    expect(analysis.result?.sources[0]).toMatchObject({
      name: 'Ergast/Jolpica-F1',
      license: 'CC BY-NC-SA 4.0',
    });
    expect(analysis.progress).toEqual({
      step: 'persist',
      done: ANALYSIS_STEPS.length,
      total: ANALYSIS_STEPS.length,
    });

    const chart = analysis.result?.charts[0];
    expect(chart?.files).toEqual({ svg: 'gap-to-winner.svg', png: 'gap-to-winner.png' });
    const svg = await api.request('GET', `/api/analyses/${id}/files/${chart?.files.svg}`);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    const svgText = await svg.text();
    expect(svgText).toMatch(/^<svg/);
    expect(svgText).toContain('>VER<');
    const png = await api.request('GET', `/api/analyses/${id}/files/${chart?.files.png}`);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await png.arrayBuffer()).slice(1, 4)).toEqual(new TextEncoder().encode('PNG'));

    const events = await api.events(id);
    const steps = events.filter((e) => e.phase === 'done').map((e) => e.step);
    expect(steps).toEqual([...ANALYSIS_STEPS]);
  });

  it('asks back when the race is not clear, with options', async () => {
    const api = apiClient(stack().urls.api);
    await api.register('e2e_unclear');
    const analysis = await api.settled(await api.ask('Who won the 2023 Atlantis Grand Prix?'));
    expect(analysis.status).toBe('needs_clarification');
    // Each option is the query that runs when picked, with its words for the button.
    expect(analysis.clarification?.options).toContainEqual({
      label: 'Who won at the 2023 Monaco Grand Prix',
      query: expect.objectContaining({
        metric: 'wins',
        aggregate: 'list',
        scope: { race: { season: 2023, round: 6, name: 'Monaco Grand Prix' } },
      }),
    });
  });

  it('runs a picked option as it is, and fails a query naming what the data does not know with the reason', async () => {
    const api = apiClient(stack().urls.api);
    await api.register('e2e_structured');
    const ask = async (body: Record<string, unknown>) => {
      const res = await api.request('POST', '/api/analyze', body);
      expect(res.status).toBe(202);
      return api.settled(((await res.json()) as { id: string }).id);
    };
    const unclear = await api.settled(await api.ask('Who won the 2023 Atlantis Grand Prix?'));
    const option = unclear.clarification?.options.find(
      (o) => o.query.scope.race?.name === 'Monaco Grand Prix',
    );
    if (!option) throw new Error('no Monaco option');
    const picked = await ask({ structured: option.query });
    expect(picked.status).toBe('succeeded');
    expect(picked.plan?.query).toEqual(option.query);
    expect(picked.result?.answer).toMatch(/^Max Verstappen \(Red Bull\) won the 2023 Monaco Grand Prix\./);

    const unknown = await ask({ structured: { ...option.query, drivers: ['nobody_at_all'] } });
    expect(unknown.status).toBe('failed');
    expect(unknown.error?.message).toBe('The query cannot run: no driver has the ref "nobody_at_all".');
  });
});
