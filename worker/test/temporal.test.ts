import { describe, expect, it } from 'vitest';
import { TEST_TEMPORAL_API_KEY } from './support/global-setup.ts';
import { client, workflowInput } from './support/http.ts';
import { relayControl } from './support/temporal-relay.ts';
import { d1 } from './support/wrangler.ts';

/**
 * The Worker's Temporal gateway and the reconciler, on the main stack, whose Worker reaches Temporal
 * through a recording relay with an API key configured. No Node worker runs here: started workflows stay
 * running, which is what these tests look at; the fault test in scripts/e2e runs them to the end.
 */
const { stack, call, newUser, service } = client();
const relay = relayControl(stack.temporalRelay as string);
const temporal = `${stack.temporalHttp}/api/v1/namespaces/default`;

const reconcile = async () => {
  const res = await fetch(`${stack.api}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent('* * * * *')}`);
  expect(res.status).toBe(200);
};
const rowOf = async (id: string) =>
  (await d1(stack, `select status, error from analyses where id = '${id}'`))[0];
/** Temporal's own view, asked directly (not through the relay): the runs with this workflow id. */
async function runsOf(workflowId: string) {
  const query = encodeURIComponent(`WorkflowId = '${workflowId}'`);
  const res = await fetch(`${temporal}/workflows?query=${query}`);
  const body = (await res.json()) as { executions?: { status: string }[] };
  return (body.executions ?? []).map((e) => e.status);
}
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('the Temporal gateway', () => {
  it('sends the configured API key and the namespace on every request to Temporal', async () => {
    const { token } = await newUser();
    await relay.clear();
    const analysis = await call('POST', '/api/analyze', {
      token,
      body: { query: 'Who won the 2024 Monaco GP?' },
    });
    const batch = await call('POST', '/api/analyze/batch', {
      token,
      body: { queries: [{ query: 'Who won the 2024 Bahrain GP?' }] },
    });
    await call('POST', `/api/analyses/${analysis.json.id}/cancel`, { token });
    await call('POST', `/api/batches/${batch.json.id}/cancel`, { token });
    await call('GET', '/api/health');
    const seen = await relay.requests();
    const paths = seen.map((r) => `${r.method} ${r.path.replace(/\?.*/, '')}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        `POST /api/v1/namespaces/default/workflows/analysis-${analysis.json.id}`,
        `POST /api/v1/namespaces/default/workflows/batch-${batch.json.id}`,
        `POST /api/v1/namespaces/default/workflows/batch-${batch.json.id}/cancel`,
        'GET /api/v1/system-info',
      ]),
    );
    for (const request of seen) {
      expect(request.headers.authorization).toBe(`Bearer ${TEST_TEMPORAL_API_KEY}`);
      expect(request.headers['temporal-namespace']).toBe('default');
    }
  });
});

describe('the reconciler', () => {
  it('starts an analysis accepted while Temporal was unreachable once it answers, exactly once', async () => {
    const { token } = await newUser();
    await relay.down();
    const accepted = await call('POST', '/api/analyze', {
      token,
      body: { query: 'Who won the 2024 Monaco GP?' },
    });
    const batch = await call('POST', '/api/analyze/batch', {
      token,
      body: { queries: [{ query: 'Who won the 2024 Bahrain GP?' }, { query: 'Who won the 2024 Imola GP?' }] },
    });
    expect([accepted.status, batch.status]).toEqual([202, 202]);
    const workflowId = `analysis-${accepted.json.id}`;
    // Still down: a run changes nothing.
    await reconcile();
    expect((await rowOf(accepted.json.id))?.status).toBe('queued');
    expect(await runsOf(workflowId)).toEqual([]);
    await relay.up();
    await reconcile();
    expect(
      await until(
        () => runsOf(workflowId),
        (runs) => runs.length > 0,
      ),
    ).toEqual(['WORKFLOW_EXECUTION_STATUS_RUNNING']);
    expect(await runsOf(`batch-${batch.json.id}`)).toEqual(['WORKFLOW_EXECUTION_STATUS_RUNNING']);
    // Another run (or the user's retry) finds the workflow running and starts nothing.
    await reconcile();
    expect(await runsOf(workflowId)).toHaveLength(1);
    expect(await runsOf(`batch-${batch.json.id}`)).toHaveLength(1);
  });

  it('starts a follow-up and a structured query accepted in an outage with their context and query', async () => {
    const { token } = await newUser();
    const query = {
      metric: 'wins',
      drivers: [],
      teams: [],
      subject: 'driver',
      scope: { race: { season: 2024, round: 8, name: 'Monaco Grand Prix' } },
      filters: {},
      aggregate: 'list',
      notes: [],
    };
    const root = (
      await call('POST', '/api/analyze', { token, body: { query: 'Who won the 2024 Monaco GP?' } })
    ).json.id;
    await call('POST', `/api/internal/analyses/${root}/events`, {
      headers: service(),
      body: {
        key: 'plan:done',
        step: 'plan',
        phase: 'done',
        message: 'planned',
        plan: { intent: 'metric', season: 2024, query },
      },
    });
    await relay.down();
    let ids: string[] = [];
    try {
      ids = await Promise.all(
        [{ query: 'and in 2023?', followUp: root }, { structured: query }].map(async (body) => {
          const res = await call('POST', '/api/analyze', { token, body });
          expect(res.status).toBe(202);
          return res.json.id as string;
        }),
      );
    } finally {
      await relay.up();
    }
    const [followUp, structured] = ids as [string, string];
    await reconcile();
    for (const id of ids)
      await until(
        () => runsOf(`analysis-${id}`),
        (runs) => runs.length > 0,
      );
    expect(await workflowInput(stack, `analysis-${followUp}`)).toMatchObject({
      query: 'and in 2023?',
      context: query,
    });
    expect(await workflowInput(stack, `analysis-${structured}`)).toMatchObject({
      query: '',
      structured: query,
    });
  });

  it('cancels a queued analysis at once, even with Temporal unreachable', async () => {
    const { token } = await newUser();
    await relay.down();
    try {
      const accepted = await call('POST', '/api/analyze', {
        token,
        body: { query: 'Who won the 2024 Monaco GP?' },
      });
      const cancelled = await call('POST', `/api/analyses/${accepted.json.id}/cancel`, { token });
      expect(cancelled.status).toBe(202);
      expect(cancelled.json.status).toBe('cancelled');
      expect((await call('GET', `/api/analyses/${accepted.json.id}`, { token })).json.status).toBe(
        'cancelled',
      );
    } finally {
      await relay.up();
    }
    await reconcile();
  });

  it('fails an analysis whose workflow timed out or was terminated, with the reason', async () => {
    const { token } = await newUser();
    await relay.down();
    const ids: string[] = [];
    for (const q of ['Who won the 2024 Monaco GP?', 'Who won the 2024 Bahrain GP?']) {
      ids.push((await call('POST', '/api/analyze', { token, body: { query: q } })).json.id);
    }
    await relay.up();
    const [timesOut, terminated] = ids as [string, string];
    // As an operator would: runs under the analyses' workflow ids, one with a 1-second limit, one stopped.
    for (const [id, timeout] of [
      [timesOut, '1s'],
      [terminated, '600s'],
    ] as const) {
      const res = await fetch(`${temporal}/workflows/analysis-${id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          workflowType: { name: 'analyzeQuestion' },
          taskQueue: { name: 'pit-wall-nobody-polls' },
          input: [{ analysisId: id }],
          workflowExecutionTimeout: timeout,
        }),
      });
      expect(res.status).toBe(200);
    }
    await fetch(`${temporal}/workflows/analysis-${terminated}/terminate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'operator' }),
    });
    await until(
      () => runsOf(`analysis-${timesOut}`),
      (runs) => runs[0] === 'WORKFLOW_EXECUTION_STATUS_TIMED_OUT',
    );
    await reconcile();
    const [a, b] = await Promise.all([rowOf(timesOut), rowOf(terminated)]);
    expect(a?.status).toBe('failed');
    expect(JSON.parse(String(a?.error))).toMatchObject({
      code: 'timed_out',
      message: expect.stringMatching(/60-minute limit/),
    });
    expect(b?.status).toBe('failed');
    expect(JSON.parse(String(b?.error))).toMatchObject({ code: 'terminated' });
  });
});
