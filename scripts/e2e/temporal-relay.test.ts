import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporalConfig } from '../../workflows/src/config.ts';
import { serveTemporalRelay } from '../../workflows/src/temporal-relay/relay.ts';
import { freePort } from '../src/services.ts';
import { apiClient } from './client.ts';
import { useStack } from './stack-fixture.ts';

/**
 * A deployment whose Temporal serves gRPC only: the Worker talks to the HTTP relay
 * (workflows/src/temporal-relay), which talks gRPC to Temporal. The whole stack runs through it: questions
 * are started, described by the reconciler, and cancelled, with the relay checking the Worker's key.
 */
const TOKEN = 'relay-token-relay-token-relay-token';
let relayPort = 0;
// Registered before the stack's own hook: the relay's port must be known when the stack starts.
beforeAll(async () => {
  relayPort = await freePort();
});
const { stack } = useStack('pitwall-relay', () => ({
  cronSeconds: 3,
  vars: {
    TEMPORAL_HTTP_URL: `http://127.0.0.1:${relayPort}`,
    TEMPORAL_API_KEY: TOKEN,
    RECONCILE_AFTER_SECONDS: '1',
  },
}));

let relay: Awaited<ReturnType<typeof serveTemporalRelay>> | undefined;
const startRelay = async () => {
  relay = await serveTemporalRelay({
    temporal: temporalConfig({ TEMPORAL_ADDRESS: stack().urls.temporalAddress }),
    token: TOKEN,
    port: relayPort,
  });
};
const stopRelay = async () => {
  await relay?.close();
  relay = undefined;
};
beforeAll(startRelay);
afterAll(stopRelay);

describe('Temporal through the HTTP relay', () => {
  it('answers a question, and refuses a caller without the key', async () => {
    const api = apiClient(stack().urls.api);
    await api.register('relay_user');
    const health = (await (await api.request('GET', '/api/health')).json()) as { temporal: string };
    expect(health.temporal).toBe('ok');
    const analysis = await api.settled(await api.ask('Who won the 2023 Monaco Grand Prix?'));
    expect(analysis.status).toBe('succeeded');
    expect(analysis.result?.answer).toContain('Max Verstappen');

    const base = relay?.url;
    const anonymous = await fetch(`${base}/api/v1/namespaces/default/workflows/analysis-${analysis.id}`);
    expect(anonymous.status).toBe(401);
    // The analysis is final once its outcome is stored; its workflow completes a moment later.
    const describe = async () =>
      (await (
        await fetch(`${base}/api/v1/namespaces/default/workflows/analysis-${analysis.id}`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        })
      ).json()) as { workflowExecutionInfo: { status: string } };
    let described = await describe();
    for (let i = 0; i < 20 && described.workflowExecutionInfo.status.endsWith('RUNNING'); i++) {
      await new Promise((r) => setTimeout(r, 250));
      described = await describe();
    }
    expect(described).toEqual({ workflowExecutionInfo: { status: 'WORKFLOW_EXECUTION_STATUS_COMPLETED' } });
  });

  it('lets the reconciler start what was accepted while the relay was down', async () => {
    const api = apiClient(stack().urls.api);
    await api.register('relay_outage');
    await stopRelay();
    let id: string;
    try {
      id = await api.ask('Who won the 2024 British Grand Prix?');
      expect((await api.analysis(id)).status).toBe('queued');
    } finally {
      await startRelay();
    }
    const analysis = await api.settled(id, 60_000);
    expect(analysis.status).toBe('succeeded');
    expect(analysis.result?.answer).toContain('Lewis Hamilton');
  });
});
