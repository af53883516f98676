import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clarifyAnswer, queryAnswer } from '../../workflows/test/support/model-answers.ts';
import { functionCall, message, response } from '../../workflows/test/support/openai-bodies.ts';
import { type ScriptedOpenAI, startScriptedOpenAI } from '../../workflows/test/support/scripted-openai.ts';
import { apiClient } from './client.ts';
import { useStack } from './stack-fixture.ts';

/**
 * The `openai` assistant through the whole stack, with a scripted OpenAI-compatible server in place of the
 * model. This proves our handling of the model's requests and answers end to end (structured plan, the
 * get_facts tool loop, usage, verification of the narrative's numbers), never a model's intelligence.
 */
let openai: ScriptedOpenAI;
// The scripted server starts first: the stack's Node worker is pointed at it (hooks run in order).
beforeAll(async () => {
  openai = await startScriptedOpenAI();
});
afterAll(async () => {
  await openai?.close();
});
// A small daily model budget (every test's user stays well under it but the one that spends it).
const TOKENS_PER_DAY = 5_000;
const { stack } = useStack('pitwall-openai', () => ({
  vars: { QUOTA_MODEL_TOKENS_PER_DAY: String(TOKENS_PER_DAY) },
  workerEnv: {
    OPENAI_API_KEY: 'sk-scripted',
    PITWALL_OPENAI_MODEL: 'scripted-model',
    PITWALL_OPENAI_BASE_URL: openai.baseURL,
  },
}));

// The model's query for "Who won the 2023 Monaco Grand Prix?", as the builtin parser would read it.
const plan = () =>
  queryAnswer({
    metric: 'wins',
    scope: { race: { season: 2023, round: null, name: 'Monaco Grand Prix' } },
    aggregate: 'list',
  });

describe('the openai assistant end to end', () => {
  it('is listed as available once the compute plane publishes it', async () => {
    const api = apiClient(stack().urls.api);
    await api.register('openai_models');
    const deadline = Date.now() + 30_000;
    let items: { id: string; available: boolean }[] = [];
    while (Date.now() < deadline && !items.some((m) => m.id === 'openai')) {
      items = ((await (await api.request('GET', '/api/models')).json()) as { items: typeof items }).items;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(items).toContainEqual(expect.objectContaining({ id: 'openai', available: true }));
    expect(items).toContainEqual(expect.objectContaining({ id: 'builtin', available: true }));
  });

  it('plans with a structured output, narrates from the facts tool, and records tokens', async () => {
    openai.enqueue(
      'responses',
      response([message(plan())], { input: 300, output: 40 }),
      response([functionCall('get_facts', {}, 'call_1')], { input: 200, output: 10 }),
      response([message('**Max Verstappen** won the 2023 Monaco Grand Prix, 27.921 s ahead.')], {
        input: 500,
        output: 30,
      }),
    );
    const api = apiClient(stack().urls.api);
    await api.register('openai_user');
    const res = await api.request('POST', '/api/analyze', {
      query: 'Who won the 2023 Monaco Grand Prix?',
      model: 'openai',
    });
    const { id } = (await res.json()) as { id: string };
    const analysis = await api.settled(id);
    expect(analysis.status).toBe('succeeded');
    expect(analysis.plan).toMatchObject({
      intent: 'metric',
      season: 2023,
      round: 6,
      query: { metric: 'wins', scope: { race: { season: 2023, round: 6, name: 'Monaco Grand Prix' } } },
    });
    expect(analysis.result?.answer).toBe(
      '**Max Verstappen** won the 2023 Monaco Grand Prix, 27.921 s ahead.',
    );
    expect(analysis.result?.model).toMatchObject({
      assistant: 'openai',
      model: 'scripted-model',
      usage: { inputTokens: 1000, outputTokens: 80 },
    });
    const calls = openai.requests('responses');
    expect(calls).toHaveLength(3);
    const toolOutput = ((calls[2]?.body.input ?? []) as { type: string; output?: string }[]).find(
      (item) => item.type === 'function_call_output',
    );
    expect(JSON.parse(toolOutput?.output ?? '{}').facts).toContainEqual({
      label: 'winning margin',
      value: 27.921,
      unit: 's',
    });
  });

  it('rewrites a narrative that invents a number, then falls back to the builtin one, and says so', async () => {
    const invented = '**Max Verstappen** won by 12.345 s.';
    openai.enqueue(
      'responses',
      response([message(plan())]),
      response([functionCall('get_facts', {}, 'call_2')]),
      response([message(invented)]),
      response([functionCall('get_facts', {}, 'call_3')]),
      response([message(invented)]),
    );
    const api = apiClient(stack().urls.api);
    await api.register('openai_liar');
    // The same plan was answered above: a fresh run, or the cache would answer without narrating.
    const res = await api.request('POST', '/api/analyze', {
      query: 'Who won the 2023 Monaco Grand Prix?',
      model: 'openai',
      cache: false,
    });
    const { id } = (await res.json()) as { id: string };
    const analysis = await api.settled(id);
    expect(analysis.status).toBe('succeeded');
    expect(analysis.result?.answer).not.toContain('12.345');
    expect(analysis.result?.answer).toContain('27.921 s ahead of Fernando Alonso');
    const messages = (await api.events(id)).map((e) => e.message).join('\n');
    expect(messages).toMatch(/writing it again/);
    expect(messages).toMatch(/using the builtin narrative/);
  });

  it('runs code-interpreter mode for a question outside the analyses: CSVs attached, cited chart stored, answer labelled', async () => {
    // What this proves: with `openai` chosen and a key configured, a question no built-in analysis answers
    // (the model's plan asks back) goes to code-interpreter mode — the named race's results, laps and pit
    // stops are uploaded as CSV files, the code_interpreter tool is declared with them, the PNG the answer
    // cites is downloaded, stored and served as an image chart, the code run is in the result, and the
    // answer is labelled as model-written code's (verify keeps it). The model's answer is scripted.
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7, 7]);
    const code = "import pandas as pd\nlaps = pd.read_csv('/mnt/data/laps_2023_bahrain_grand_prix.csv')";
    const clarify = clarifyAnswer('That is outside the analyses I know.');
    openai.enqueue(
      'responses',
      response([message(clarify)], { input: 120, output: 30 }),
      response(
        [
          {
            type: 'code_interpreter_call',
            id: 'ci_1',
            code,
            container_id: 'cntr_1',
            outputs: null,
            status: 'completed',
          },
          message('Fernando Alonso had the smallest lap-time spread. See consistency.png.', [
            {
              type: 'container_file_citation',
              container_id: 'cntr_1',
              file_id: 'cfile_1',
              filename: 'consistency.png',
              start_index: 0,
              end_index: 10,
            },
          ]),
        ],
        { input: 2_000, output: 300 },
      ),
    );
    openai.enqueue('container-file', { raw: png });
    const filesBefore = openai.requests('files').length;
    const responsesBefore = openai.requests('responses').length;

    const api = apiClient(stack().urls.api);
    await api.register('openai_code');
    const res = await api.request('POST', '/api/analyze', {
      query: 'Who was the most consistent driver at the 2023 Bahrain Grand Prix?',
      model: 'openai',
    });
    const { id } = (await res.json()) as { id: string };
    const analysis = await api.settled(id, 90_000);

    expect(analysis.status).toBe('succeeded');
    const result = analysis.result;
    expect(result?.answer).toMatch(/^\*\*Computed by model-written code, not by Pit Wall’s analyses\.\*\*/);
    expect(result?.answer).toContain('Fernando Alonso had the smallest lap-time spread.');
    expect(result?.quality).toContainEqual(expect.objectContaining({ code: 'model_written_code' }));
    expect(result?.tables.find((t) => t.name === 'Code run by the model')?.rows).toEqual([[1, code]]);
    expect(result?.model).toMatchObject({
      assistant: 'openai',
      model: 'scripted-model',
      usage: { inputTokens: 2_120, outputTokens: 330 },
    });
    expect(result?.sources.map((s) => s.name)).toContain('OpenAI code interpreter');

    // The data sent: the named race's extracts, as CSV, declared to the tool by their file ids.
    const uploads = openai.requests('files').slice(filesBefore);
    const names = uploads.map((u) => /filename="([^"]+)"/.exec(u.text)?.[1]);
    expect(names).toEqual([
      'results_2023_bahrain_grand_prix.csv',
      'laps_2023_bahrain_grand_prix.csv',
      'pit_stops_2023_bahrain_grand_prix.csv',
    ]);
    expect(uploads[0]?.text).toContain('position,position_text,driver,driver_name,team');
    expect(uploads[0]?.text).toContain('1,1,VER,Max Verstappen');
    const ask = openai.requests('responses').slice(responsesBefore)[1];
    expect(ask?.body.input).toBe('Who was the most consistent driver at the 2023 Bahrain Grand Prix?');
    expect(ask?.body.tools[0]).toMatchObject({ type: 'code_interpreter', container: { type: 'auto' } });
    expect(ask?.body.tools[0].container.file_ids).toHaveLength(3);

    // The cited picture is stored and served as an image chart.
    const chart = result?.charts[0];
    expect(chart).toMatchObject({ kind: 'image', files: { png: 'code-1-consistency.png' } });
    const file = await api.request('GET', `/api/analyses/${id}/files/code-1-consistency.png`);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(png);

    const messages = (await api.events(id)).map((e) => e.message).join('\n');
    expect(messages).toMatch(/code-interpreter mode/);
    expect(messages).toMatch(/not checked against facts/);
  });

  it('gives the model a follow-up with the previous query as context, and runs the query it merged', async () => {
    const api = apiClient(stack().urls.api);
    await api.register('openai_thread');
    const ask = async (body: Record<string, unknown>) => {
      const res = await api.request('POST', '/api/analyze', body);
      expect(res.status).toBe(202);
      return api.settled(((await res.json()) as { id: string }).id);
    };
    const first = await ask({ query: 'Who won the 2023 Monaco Grand Prix?', model: 'builtin' });
    expect(first.status).toBe('succeeded');
    // The model keeps the previous query and changes the season, as the question says.
    openai.enqueue(
      'responses',
      response([
        message(
          queryAnswer({
            metric: 'wins',
            scope: { race: { season: 2022, round: null, name: 'Monaco Grand Prix' } },
            aggregate: 'list',
          }),
        ),
      ]),
      response([functionCall('get_facts', {}, 'call_thread')]),
      response([message('**Sergio Pérez** won the 2022 Monaco Grand Prix.')]),
    );
    const before = openai.requests('responses').length;
    const second = await ask({ query: 'and in 2022?', followUp: first.id, model: 'openai' });
    expect(second.status).toBe('succeeded');
    expect(second.plan?.query).toMatchObject({
      metric: 'wins',
      scope: { race: { season: 2022, round: 7, name: 'Monaco Grand Prix' } },
    });
    expect(second.result?.answer).toBe('**Sergio Pérez** won the 2022 Monaco Grand Prix.');
    const planning = openai.requests('responses')[before];
    const { notes: _notes, ...previous } = first.plan?.query ?? {};
    expect(planning?.body.input).toContain(JSON.stringify(previous));
    expect(planning?.body.input).toContain('Change only what the new question names');
    expect(planning?.body.input).toMatch(/Question: and in 2022\?$/);
  });

  it('falls back to the builtin planner when the model answers with an unusable plan', async () => {
    // A query for a metric the catalog does not have: unusable, so the builtin parser plans instead.
    openai.enqueue(
      'responses',
      response([message(queryAnswer({ metric: 'engine_power', aggregate: 'list' }))]),
    );
    openai.enqueue(
      'responses',
      response([functionCall('get_facts', {}, 'call_4')]),
      response([message('**Max Verstappen** won the 2023 Monaco Grand Prix.')]),
    );
    const api = apiClient(stack().urls.api);
    await api.register('openai_bad_plan');
    const res = await api.request('POST', '/api/analyze', {
      query: 'Who won the 2023 Monaco Grand Prix?',
      model: 'openai',
      cache: false,
    });
    const { id } = (await res.json()) as { id: string };
    const analysis = await api.settled(id);
    expect(analysis.status).toBe('succeeded');
    expect(analysis.plan).toMatchObject({ intent: 'metric', round: 6, query: { metric: 'wins' } });
    expect((await api.events(id)).map((e) => e.message).join('\n')).toMatch(/builtin planner answered/);
  });

  it("never shows one user's model-written narrative to another; the same user asking again reuses it", async () => {
    // What this proves: results narrated by a model are cached per user and exact question, so a prompt
    // cannot put sentences into what someone else is shown. `openai_user` above asked this with `openai`.
    const own = '**Max Verstappen** took the 2023 Monaco Grand Prix.';
    openai.enqueue(
      'responses',
      response([message(plan())]),
      response([functionCall('get_facts', {}, 'call_own')]),
      response([message(own)]),
      // The same user asking the same again: planned, then answered from the cache (no narration).
      response([message(plan())]),
    );
    const api = apiClient(stack().urls.api);
    await api.register('openai_second_user');
    const ask = async () => {
      const res = await api.request('POST', '/api/analyze', {
        query: 'Who won the 2023 Monaco Grand Prix?',
        model: 'openai',
      });
      return api.settled(((await res.json()) as { id: string }).id);
    };
    const before = openai.requests('responses').length;
    const first = await ask();
    expect(first.result?.answer).toBe(own);
    expect(first.result?.cachedFrom).toBeUndefined();
    const again = await ask();
    expect(again.result?.answer).toBe(own);
    expect(again.result?.cachedFrom).toBe(first.id);
    expect(openai.requests('responses').length - before).toBe(4);
  });

  it('answers with the builtin assistant once the user has spent the daily model budget, and says so', async () => {
    const api = apiClient(stack().urls.api);
    await api.register('openai_spender');
    openai.enqueue(
      'responses',
      response([message(plan())]),
      response([functionCall('get_facts', {}, 'call_spend')]),
      // The budget is spent by the last call: a spend reported earlier would (rightly) switch this
      // analysis's own narration to the builtin assistant, as the budget is asked before each model call.
      response([message('**Max Verstappen** won the 2023 Monaco Grand Prix.')], {
        input: TOKENS_PER_DAY,
        output: 10,
      }),
    );
    const spend = await api.request('POST', '/api/analyze', {
      query: 'Who won the 2023 Monaco Grand Prix?',
      model: 'openai',
      cache: false,
    });
    expect((await api.settled(((await spend.json()) as { id: string }).id)).result?.model.assistant).toBe(
      'openai',
    );
    // Usage reaches the edge with the compute plane's next metrics report (about a second).
    const deadline = Date.now() + 15_000;
    let quota = { used: 0, limit: 0 };
    while (Date.now() < deadline && quota.used < TOKENS_PER_DAY) {
      quota = (
        (await (await api.request('GET', '/api/usage')).json()) as { quota: { modelTokens: typeof quota } }
      ).quota.modelTokens;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(quota.used).toBeGreaterThanOrEqual(TOKENS_PER_DAY);

    const before = openai.requests('responses').length;
    const res = await api.request('POST', '/api/analyze', {
      query: 'Who won the 2023 Monaco Grand Prix?',
      model: 'openai',
      cache: false,
    });
    const { id } = (await res.json()) as { id: string };
    const analysis = await api.settled(id);
    expect(analysis.status).toBe('succeeded');
    expect(openai.requests('responses').length).toBe(before);
    expect(analysis.result?.model.assistant).toBe('builtin');
    expect(analysis.result?.answer).toMatch(/^Note: today's language-model budget for your account is spent/);
    expect(analysis.result?.answer).toContain('Max Verstappen');
    const messages = (await api.events(id)).map((e) => e.message).join('\n');
    expect(messages).toMatch(
      /daily model budget of 5000 tokens is spent: the builtin assistant answers instead/,
    );
  });
});
