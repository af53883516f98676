import { describe, expect, it } from 'vitest';
import { client, expectEnvelope, type Json, workflowInput as startedWith } from './support/http.ts';

/**
 * Threads and structured queries inside workerd (local D1) with a real Temporal dev server. No compute
 * worker runs here: the tests play the compute plane through the internal API (a plan event, an outcome)
 * and read what the Worker started from the workflow's history in Temporal.
 */
const { stack, call, newUser, service } = client();

/** "Who won the 2024 Monaco GP?" as the query language holds it, every default spelled out. */
const MONACO_2024 = {
  metric: 'wins',
  drivers: [],
  teams: [],
  subject: 'driver',
  session: 'race',
  scope: { race: { season: 2024, round: 8, name: 'Monaco Grand Prix' } },
  filters: {},
  aggregate: 'list',
  notes: [],
};

const workflowInput = (analysisId: string) => startedWith(stack, `analysis-${analysisId}`);

const ask = (token: string, body: Json, headers?: Record<string, string>) =>
  call('POST', '/api/analyze', { token, body, ...(headers ? { headers } : {}) });

/** The compute plane reports the plan, as its plan step does. */
async function planned(id: string, query: Json | undefined, extra: Json = {}) {
  const res = await call('POST', `/api/internal/analyses/${id}/events`, {
    headers: service(),
    body: {
      key: 'plan:done',
      step: 'plan',
      phase: 'done',
      message: 'planned',
      plan: {
        intent: 'metric',
        season: 2024,
        ...(query ? { query, understood: 'Winner of the 2024 Monaco Grand Prix' } : {}),
        ...extra,
      },
    },
  });
  expect(res.status).toBe(201);
}

async function finished(id: string, outcome: Json) {
  const res = await call('POST', `/api/internal/analyses/${id}/outcome`, {
    headers: service(),
    body: outcome,
  });
  expect(res.json.changed).toBe(true);
}

/** A first question that has been understood: the analysis a follow-up can continue. */
async function understood(token: string, query: Json = MONACO_2024) {
  const res = await ask(token, { query: 'Who won the 2024 Monaco GP?' });
  expect(res.status).toBe(202);
  await planned(res.json.id, query);
  return res.json.id as string;
}

describe('follow-ups', () => {
  it('give the workflow the previous query as context and join its thread', async () => {
    const { token } = await newUser();
    const root = await understood(token);
    const second = await ask(token, { query: 'and in 2023?', followUp: root });
    expect(second.status).toBe(202);
    expect(await workflowInput(second.json.id)).toMatchObject({
      analysisId: second.json.id,
      query: 'and in 2023?',
      context: MONACO_2024,
    });
    expect((await workflowInput(root)).context).toBeUndefined();

    const stored = await call('GET', `/api/analyses/${second.json.id}`, { token });
    expect(stored.json).toMatchObject({ query: 'and in 2023?', followUpOf: root, threadId: root });
    const first = await call('GET', `/api/analyses/${root}`, { token });
    expect(first.json).toMatchObject({ followUpOf: null, threadId: root });

    // A follow-up of a follow-up continues from its own query, in the first question's thread.
    const in2023 = { ...MONACO_2024, scope: { race: { season: 2023, round: 6, name: 'Monaco Grand Prix' } } };
    await planned(second.json.id, in2023);
    const third = await ask(token, { query: 'what about Leclerc?', followUp: second.json.id });
    expect((await workflowInput(third.json.id)).context).toEqual(in2023);
    expect((await call('GET', `/api/analyses/${third.json.id}`, { token })).json).toMatchObject({
      followUpOf: second.json.id,
      threadId: root,
    });
  });

  it('answer 404 for someone else’s analysis or an unknown one, as reading it does', async () => {
    const alice = await newUser();
    const bob = await newUser();
    const alices = await understood(alice.token);
    for (const followUp of [alices, 'an_aaaaaaaaaaaaaaaaaaaa']) {
      const res = await ask(bob.token, { query: 'and in 2023?', followUp });
      expect(res.status, followUp).toBe(404);
      expectEnvelope(res, 'not_found');
    }
    // Nothing was stored or counted for Bob.
    expect((await call('GET', '/api/analyses', { token: bob.token })).json.items).toEqual([]);
  });

  it('answer 409 when the analysis has no query to follow yet, or never will', async () => {
    const { token } = await newUser();
    const queued = (await ask(token, { query: 'Who won the 2024 Monaco GP?' })).json.id;
    const failed = (await ask(token, { query: 'Who won the 2024 Monaco GP?' })).json.id;
    await finished(failed, { status: 'failed', error: { code: 'plan', message: 'could not plan' } });
    const upload = (await ask(token, { query: 'race pace of my laps' })).json.id;
    await planned(upload, undefined, {
      intent: 'race_pace',
      round: 1,
      upload: { id: 'up_aaaaaaaaaaaaaaaaaaaa', type: 'laps', name: 'laps.csv' },
    });

    const answers: Record<string, Json> = {};
    for (const [name, followUp] of Object.entries({ queued, failed, upload })) {
      const res = await ask(token, { query: 'and in 2023?', followUp });
      expect(res.status, name).toBe(409);
      expectEnvelope(res, 'conflict');
      answers[name] = res.json.error;
    }
    expect(answers.queued?.message).toMatch(/not been understood yet/);
    expect(answers.failed?.message).toMatch(/ended \(failed\) before its question was understood/);
    expect(answers.upload?.message).toMatch(/reads an upload/);
    expect(answers.failed?.details).toEqual({ followUp: failed, status: 'failed' });
  });

  it('are idempotent: a retry is the same analysis, another follow-up under the key is 409', async () => {
    const { token } = await newUser();
    const root = await understood(token);
    const other = await understood(token);
    const headers = { 'idempotency-key': `follow-${Date.now()}` };
    const body = { query: 'and in 2023?', followUp: root };
    const first = await ask(token, body, headers);
    const again = await ask(token, body, headers);
    expect(first.status).toBe(202);
    expect(again.json.id).toBe(first.json.id);
    const elsewhere = await ask(token, { ...body, followUp: other }, headers);
    expect(elsewhere.status).toBe(409);
    expectEnvelope(elsewhere, 'conflict');
    const thread = await call('GET', `/api/analyses/${root}/thread`, { token });
    expect(thread.json.items.map((a: Json) => a.id)).toEqual([root, first.json.id]);
  });
});

describe('structured queries', () => {
  it('run as given, without words; the analysis reads as its plan understood it', async () => {
    const { token } = await newUser();
    const res = await ask(token, { structured: MONACO_2024 });
    expect(res.status).toBe(202);
    expect(await workflowInput(res.json.id)).toMatchObject({ query: '', structured: MONACO_2024 });
    expect((await call('GET', `/api/analyses/${res.json.id}`, { token })).json.query).toBe('');
    await planned(res.json.id, MONACO_2024);
    expect((await call('GET', `/api/analyses/${res.json.id}`, { token })).json.query).toBe(
      'Winner of the 2024 Monaco Grand Prix',
    );

    // With words, the words are what was asked; the defaults a client leaves out are filled in.
    const { session: _session, ...withDefaults } = MONACO_2024;
    const { metric, aggregate, scope } = MONACO_2024;
    const both = await ask(token, { query: 'Monaco 2024 winner', structured: { metric, aggregate, scope } });
    const input = await workflowInput(both.json.id);
    expect(input.query).toBe('Monaco 2024 winner');
    expect(input.structured).toEqual(withDefaults);
    expect((await call('GET', `/api/analyses/${both.json.id}`, { token })).json.query).toBe(
      'Monaco 2024 winner',
    );
  });

  it('are shared under what was understood', async () => {
    const { token } = await newUser();
    const { id } = (await ask(token, { structured: MONACO_2024 })).json;
    await planned(id, MONACO_2024);
    await finished(id, {
      status: 'succeeded',
      result: {
        answer: 'Charles Leclerc (Ferrari) won the 2024 Monaco Grand Prix.',
        facts: [],
        tables: [],
        charts: [],
        sources: [],
        quality: [],
        model: { assistant: 'builtin', model: 'm', usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 } },
      },
    });
    const shared = await call('POST', `/api/analyses/${id}/share`, { token });
    expect(shared.status).toBe(201);
    const opened = await call('GET', `/api/shared/${shared.json.token}`);
    expect(opened.json.query).toBe('Winner of the 2024 Monaco Grand Prix');
  });

  it('refuses a query its schema refuses, and a request with neither words nor a query', async () => {
    const { token } = await newUser();
    const { aggregate: _aggregate, ...noAggregate } = MONACO_2024;
    for (const body of [
      {},
      { followUp: 'an_aaaaaaaaaaaaaaaaaaaa' },
      { structured: noAggregate },
      { structured: { ...MONACO_2024, aggregate: 'sum' } },
      { structured: { ...MONACO_2024, scope: { seasons: { from: 1900, to: 2024 } } } },
      { structured: { ...MONACO_2024, drivers: 'max_verstappen' } },
      { structured: 'wins in 2024' },
      { query: 'and in 2023?', followUp: 'an_1' },
    ]) {
      const res = await ask(token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expectEnvelope(res, 'invalid_request');
    }
    const neither = await ask(token, {});
    expect(neither.json.error.details.issues).toContainEqual({
      path: 'query',
      message: expect.stringContaining('`structured`'),
    });
  });
});

describe('threads', () => {
  it('list a thread oldest first from any of its analyses, and name each one’s thread in the history', async () => {
    const alice = await newUser();
    const bob = await newUser();
    const root = await understood(alice.token);
    const lone = (await ask(alice.token, { query: 'Fernando Alonso career' })).json.id;
    const second = (await ask(alice.token, { query: 'and in 2023?', followUp: root })).json.id;
    await planned(second, MONACO_2024);
    const third = (await ask(alice.token, { query: 'what about Leclerc?', followUp: second })).json.id;

    for (const member of [root, second, third]) {
      const thread = await call('GET', `/api/analyses/${member}/thread`, { token: alice.token });
      expect(thread.status).toBe(200);
      expect(thread.json.threadId).toBe(root);
      expect(thread.json.items.map((a: Json) => [a.id, a.followUpOf, a.query])).toEqual([
        [root, null, 'Who won the 2024 Monaco GP?'],
        [second, root, 'and in 2023?'],
        [third, second, 'what about Leclerc?'],
      ]);
    }
    const alone = await call('GET', `/api/analyses/${lone}/thread`, { token: alice.token });
    expect(alone.json).toMatchObject({ threadId: lone, items: [{ id: lone, followUpOf: null }] });

    // The history, newest first, says which thread each analysis belongs to.
    const history = await call('GET', '/api/analyses', { token: alice.token });
    expect(history.json.items.map((a: Json) => [a.id, a.threadId])).toEqual([
      [third, root],
      [second, root],
      [lone, lone],
      [root, root],
    ]);

    const stolen = await call('GET', `/api/analyses/${second}/thread`, { token: bob.token });
    expect(stolen.status).toBe(404);
    expectEnvelope(stolen, 'not_found');
    const bad = await call('GET', '/api/analyses/not-an-id/thread', { token: alice.token });
    expect(bad.status).toBe(400);
    expectEnvelope(bad, 'invalid_request');
    expect((await call('GET', `/api/analyses/${root}/thread`)).status).toBe(401);
  });

  it('start at each item of a batch, a full batch included', async () => {
    const { token } = await newUser();
    const queries = Array.from({ length: 100 }, (_, i) => ({
      query: `Who won round ${(i % 20) + 1} of 2024?`,
    }));
    const batch = await call('POST', '/api/analyze/batch', { token, body: { queries } });
    expect(batch.status).toBe(202);
    const items = (await call('GET', `/api/batches/${batch.json.id}`, { token })).json.analyses as Json[];
    expect(items).toHaveLength(100);
    const history = await call('GET', '/api/analyses?limit=100', { token });
    expect(history.json.items.every((a: Json) => a.threadId === a.id && a.followUpOf === null)).toBe(true);
    const last = items.at(-1)?.id as string;
    const thread = await call('GET', `/api/analyses/${last}/thread`, { token });
    expect(thread.json).toMatchObject({ threadId: last, items: [{ id: last }] });
    await planned(last, MONACO_2024);
    const followUp = await ask(token, { query: 'and in 2023?', followUp: last });
    const joined = await call('GET', `/api/analyses/${followUp.json.id}/thread`, { token });
    expect(joined.json.items.map((a: Json) => a.id)).toEqual([last, followUp.json.id]);
  });

  it('are documented: the thread route, and follow-ups’ answers', async () => {
    const doc = (await call('GET', '/api/openapi.json')).json;
    const thread = doc.paths['/api/analyses/{id}/thread'].get;
    const item = thread.responses['200'].content['application/json'].schema.properties.items.items;
    expect(item.required).toEqual(expect.arrayContaining(['followUpOf', 'threadId']));
    const analyze = doc.paths['/api/analyze'].post;
    const body = analyze.requestBody.content['application/json'].schema;
    expect(body.anyOf).toEqual([{ required: ['query'] }, { required: ['structured'] }]);
    expect(body.properties.followUp.pattern).toBe('^an_[a-z0-9]{20}$');
    expect(body.properties.structured.required).toEqual(['metric', 'aggregate']);
    expect(analyze.responses['409'].description).toContain('followUp');
    const list = doc.paths['/api/analyses'].get.responses['200'].content['application/json'].schema;
    expect(list.properties.items.items.properties.threadId).toMatchObject({ type: 'string' });
  });
});
