import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type InternalUpload, type Plan, QuerySchema } from '@pitwall/db/contracts';
import { latestResults } from '@pitwall/db/queries/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalyzeActivities } from '../src/activities/analyze.ts';
import { createRegistry } from '../src/assistants/registry.ts';
import { planUpload } from '../src/assistants/upload-planner.ts';
import { warehouseConfig } from '../src/config.ts';
import { createEdgeClient } from '../src/edge-client.ts';
import { type Catalog, loadCatalog } from '../src/entities/catalog.ts';
import { importErgast } from '../src/loaders/ergast-csv.ts';
import { EXAMPLES, suggestions } from '../src/query/parse-scope.ts';
import { checkStructured } from '../src/query/validate.ts';
import { openWarehouse } from '../src/warehouse.ts';

/**
 * The plan step over the real warehouse (Ergast: results to 2025 round 18) with the builtin assistant: a
 * structured query runs as it is, checked against the catalog (a bad one fails the analysis with the
 * reason, never a crash), and a question with a context is read as a follow-up of it. The edge is a
 * recorder of what the step sends it (its events), as in the observability test.
 */
const ANALYSIS_ID = 'an_0123456789abcdefghjk';
const dir = mkdtempSync(join(tmpdir(), 'pitwall-plan-structured-'));
const events: { key?: string; plan?: Plan }[] = [];
let close: () => void;
let activities: ReturnType<typeof createAnalyzeActivities>;
let catalog: Catalog;
let latest = { season: 2025, round: 18 };

beforeAll(async () => {
  const wh = await openWarehouse(`file:${join(dir, 'wh.db')}`);
  close = wh.close;
  await importErgast(wh.db, join(warehouseConfig({}).PITWALL_F1DATA, 'ergast'));
  catalog = await loadCatalog(wh.db);
  latest = (await latestResults(wh.db)) ?? latest;
  const edge = createEdgeClient({
    baseUrl: 'http://edge.invalid',
    serviceToken: 'x'.repeat(32),
    fetch: async (_url, init) => {
      events.push(JSON.parse(String(init?.body ?? '{}')));
      return Response.json({ created: true }, { status: 201 });
    },
  });
  activities = createAnalyzeActivities({
    warehouse: wh.db,
    edge,
    registry: createRegistry(),
    loadRace: async () => {
      throw new Error('no race is loaded while planning');
    },
  });
}, 60_000);
afterAll(() => {
  close?.();
  rmSync(dir, { recursive: true, force: true });
});

const MONACO_2024 = { season: 2024, round: 8, name: 'Monaco Grand Prix' };

describe('the plan step', () => {
  it('runs a structured query as it is, words or not, and says what it understood', async () => {
    const structured = QuerySchema.parse({
      metric: 'finish_position',
      drivers: ['norris'],
      scope: { race: MONACO_2024 },
      aggregate: 'value',
    });
    // The words would read as another question: the structured query wins, nothing is parsed.
    const outcome = await activities.planQuestion({
      analysisId: ANALYSIS_ID,
      query: 'who won the 2023 British GP',
      structured,
    });
    expect(outcome).toMatchObject({
      kind: 'plan',
      plan: { intent: 'metric', season: 2024, round: 8, drivers: ['norris'], query: structured },
    });
    expect(outcome.kind === 'plan' && outcome.plan.understood).toBe(
      'Finishing position of Lando Norris at the 2024 Monaco Grand Prix',
    );
    expect(events.at(-1)).toMatchObject({ key: 'plan:done', plan: { query: structured } });
  });

  it('fails with the reason a structured query naming what the data does not know', async () => {
    const structured = QuerySchema.parse({
      metric: 'wins',
      drivers: ['nobody_at_all'],
      scope: { race: MONACO_2024 },
      aggregate: 'total',
    });
    const error = await activities
      .planQuestion({ analysisId: ANALYSIS_ID, query: '', structured })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      message: 'The query cannot run: no driver has the ref "nobody_at_all".',
      type: 'BadQuery',
      nonRetryable: true,
    });
  });

  it('reads a question with a context as its follow-up', async () => {
    const context = QuerySchema.parse({ metric: 'wins', scope: { race: MONACO_2024 }, aggregate: 'list' });
    const outcome = await activities.planQuestion({
      analysisId: ANALYSIS_ID,
      query: 'and in 2023?',
      context,
    });
    expect(outcome).toMatchObject({
      kind: 'plan',
      plan: {
        season: 2023,
        round: 6,
        query: { metric: 'wins', scope: { race: { season: 2023, round: 6, name: 'Monaco Grand Prix' } } },
      },
    });
  });
});

describe('the queries a question back offers', () => {
  it('are all runnable: the examples and what a race suggests', () => {
    const monaco = catalog.races.filter((r) => r.season === 2024 && r.round === 8);
    for (const query of [...EXAMPLES, ...suggestions('monaco 2024', [{ races: monaco }])])
      expect(checkStructured(query, catalog, latest), JSON.stringify(query)).toHaveProperty('ok');
  });

  it('of an upload run the analysis they name over it', () => {
    const upload: InternalUpload = {
      id: 'up_1',
      type: 'laps',
      format: 'csv',
      name: 'laps.csv',
      size: 10,
      metadata: { season: 2024, round: 8 },
    };
    const ctx = { latest, catalog, racesOf: async () => [] };
    const asked = planUpload('who won?', upload, ctx);
    expect(asked.kind).toBe('clarify');
    const options = asked.kind === 'clarify' ? asked.clarification.options : [];
    expect(options.map((o) => o.label)).toEqual(['Race pace comparison', 'Lap times']);
    const picked = planUpload('', upload, ctx, options[1]?.query);
    expect(picked).toMatchObject({ kind: 'plan', plan: { intent: 'lap_times', upload: { id: 'up_1' } } });
    // A query the table cannot answer is asked back, not run on it.
    const wins = QuerySchema.parse({ metric: 'wins', aggregate: 'list' });
    expect(planUpload('', upload, ctx, wins).kind).toBe('clarify');
  });
});
