import { ANALYSIS_STEPS } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
import { apiClient } from './client.ts';
import { useStack } from './stack-fixture.ts';

/**
 * kill -9 of the Node worker in the middle of an analysis. The worker is started with a fault switch that
 * makes it SIGKILL itself right after the "analyse" step wrote its events and before Temporal heard the
 * step finish: the worst moment, since the step then runs again on the restarted worker.
 */
const { stack } = useStack('pitwall-crash', { workerEnv: { PITWALL_FAULT_KILL_AFTER: 'analyse' } });

describe('a worker killed mid-analysis', () => {
  it('finishes after a restart with one result and no duplicated events', async () => {
    const api = apiClient(stack().urls.api);
    await api.register('e2e_crash');
    const id = await api.ask('Who won the 2023 Monaco Grand Prix?');

    expect(await stack().worker?.exited).toBe('SIGKILL');
    expect((await api.analysis(id)).status).toBe('running');

    await stack().startWorker();
    const analysis = await api.settled(id, 90_000);
    expect(analysis.status).toBe('succeeded');
    expect(analysis.result?.facts).toContainEqual({ label: 'winner', value: 'Max Verstappen' });

    const events = await api.events(id);
    const keys = events.map((e) => `${e.step}:${e.phase}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(ANALYSIS_STEPS.flatMap((step) => [`${step}:started`, `${step}:done`]));
    const list = (await (await api.request('GET', '/api/analyses')).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(1);
    console.log(`completed 1, duplicates ${keys.length - new Set(keys).size}, lost 0`);
  }, 150_000);
});
