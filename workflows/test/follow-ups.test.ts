import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Query } from '@pitwall/db/contracts';
import { QuerySchema } from '@pitwall/db/contracts';
import { latestResults } from '@pitwall/db/queries/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warehouseConfig } from '../src/config.ts';
import { loadCatalog } from '../src/entities/catalog.ts';
import { importErgast } from '../src/loaders/ergast-csv.ts';
import { understandInThread } from '../src/query/evaluate.ts';
import { type ParseContext, parseQuestion, type Understanding } from '../src/query/parse.ts';
import { checkStructured } from '../src/query/validate.ts';
import { openWarehouse } from '../src/warehouse.ts';

/**
 * Follow-ups read by the builtin parser against the real catalog (Ergast: results to 2025 round 18): the
 * follow-up's own words are read as any question's, and what they do not name is the previous query's.
 * Each rule of that merge is a case here; the eval file `eval/follow-ups.json` checks the answers.
 */
let ctx: ParseContext;
let close: () => void;
const dir = mkdtempSync(join(tmpdir(), 'pitwall-follow-ups-'));

beforeAll(async () => {
  const wh = await openWarehouse(`file:${join(dir, 'wh.db')}`);
  close = wh.close;
  await importErgast(wh.db, join(warehouseConfig({}).PITWALL_F1DATA, 'ergast'));
  const latest = await latestResults(wh.db);
  if (!latest) throw new Error('no results');
  ctx = { latest, catalog: await loadCatalog(wh.db) };
}, 60_000);
afterAll(() => {
  close?.();
  rmSync(dir, { recursive: true, force: true });
});

const query = (u: Understanding): Query => {
  if (u.kind !== 'query') throw new Error(`expected a query, got ${JSON.stringify(u)}`);
  return u.query;
};
/** The query of `question` asked after the chain `before` (each read with the one before as context). */
const after = (before: string | string[], question: string) =>
  understandInThread({ q: question, after: before }, ctx).understood;

const MONACO_2024 = { season: 2024, round: 8, name: 'Monaco Grand Prix' };

describe('a follow-up changes what it names: the season', () => {
  it('moves a race to the same event in the season it names, keeping metric and aggregation', () => {
    expect(query(after('Who won the 2024 Monaco Grand Prix?', 'and in 2023?'))).toMatchObject({
      metric: 'wins',
      aggregate: 'list',
      drivers: [],
      scope: { race: { season: 2023, round: 6, name: 'Monaco Grand Prix' } },
    });
  });

  it('asks back, with that season’s races as queries, when the event was not run that year', () => {
    const u = after('Who won the 2022 Emilia Romagna Grand Prix?', 'and in 2023?');
    expect(u.kind).toBe('clarify');
    const options = u.kind === 'clarify' ? u.clarification.options : [];
    expect(u.kind === 'clarify' && u.clarification.question).toMatch(/no Emilia Romagna Grand Prix in 2023/);
    expect(options.length).toBe(ctx.catalog.races.filter((r) => r.season === 2023).length);
    for (const o of options)
      expect(o.query).toMatchObject({ metric: 'wins', aggregate: 'list', scope: { race: { season: 2023 } } });
  });

  it('counts "the year before" from the previous season, and keeps a season range as one', () => {
    expect(query(after('How many races did Verstappen win in 2023?', 'and the year before?')).scope).toEqual({
      seasons: { from: 2022, to: 2022 },
    });
    expect(query(after('Most wins from 2010 to 2015', 'and podiums?')).scope).toEqual({
      seasons: { from: 2010, to: 2015 },
    });
  });

  it('declines a season not raced yet', () => {
    expect(after('Who won the 2024 Monaco Grand Prix?', 'and in 2030?').kind).toBe('decline');
  });
});

describe('the race', () => {
  it('reads a place without a year in the previous season, keeping whom it is about', () => {
    expect(
      query(after('Where did Norris finish at the 2024 Monaco Grand Prix?', 'and at Monza?')),
    ).toMatchObject({
      metric: 'finish_position',
      drivers: ['norris'],
      scope: { race: { season: 2024, round: 16, name: 'Italian Grand Prix' } },
    });
  });

  it('keeps a count across the years at a place across the years at the place named', () => {
    expect(query(after('How many wins did Hamilton have at Monza', 'and at Spa?'))).toMatchObject({
      drivers: ['hamilton'],
      scope: { circuit: { ref: 'spa' } },
    });
    expect(query(after('Most wins at Monza', 'and Silverstone?'))).toMatchObject({
      rank: { order: 'most', limit: 1 },
      scope: { circuit: { ref: 'silverstone' } },
    });
  });

  it('reads a compound named as a change, not as nothing', () => {
    expect(after('How fast did the hards degrade at Monza 2023?', 'and the softs?').kind).toBe('query');
  });

  it('moves to the race before or after the previous one, and asks back when there is none', () => {
    expect(query(after('Who won the 2024 Monaco Grand Prix?', 'and the race before?')).scope).toEqual({
      race: { season: 2024, round: 7, name: 'Emilia Romagna Grand Prix' },
    });
    expect(query(after('Who won the 2024 Monaco Grand Prix?', 'and the race after?')).scope.race?.round).toBe(
      9,
    );
    const none = after('Who won the 2024 Bahrain Grand Prix?', 'and the race before?');
    expect(none.kind === 'clarify' && none.clarification.question).toBe(
      'There is no 2024 race before the Bahrain Grand Prix. Which race do you mean?',
    );
  });

  it('keeps the race when the follow-up names none', () => {
    expect(query(after('Who won the 2024 Monaco Grand Prix?', 'and the tyre strategy?'))).toMatchObject({
      metric: 'tyre_strategy',
      scope: { race: MONACO_2024 },
    });
  });
});

describe('drivers and teams', () => {
  it('replaces the driver with the one named', () => {
    expect(query(after('How many races did Verstappen win in 2023?', 'what about Norris?'))).toMatchObject({
      metric: 'wins',
      drivers: ['norris'],
      aggregate: 'total',
      scope: { seasons: { from: 2023, to: 2023 } },
    });
  });

  it('adds the one named to compare with', () => {
    expect(query(after('How many points did Leclerc score in 2022?', 'compare with Sainz')).drivers).toEqual([
      'leclerc',
      'sainz',
    ]);
    expect(query(after('How many points did Leclerc score in 2022?', 'and Sainz too')).drivers).toEqual([
      'leclerc',
      'sainz',
    ]);
  });

  it('reads "his" as the previous driver, and says so when there was none', () => {
    expect(
      query(after('Where did Norris finish at the 2024 Italian Grand Prix?', 'show his lap times')),
    ).toMatchObject({
      metric: 'lap_times',
      drivers: ['norris'],
      scope: { race: { season: 2024, round: 16 } },
    });
    const both = query(after('Compare Norris and Leclerc race pace at Monza 2024', 'show his lap times'));
    expect(both.drivers).toEqual(['norris', 'leclerc']);
    expect(both.notes).toContain('"his" read as Lando Norris and Charles Leclerc, named before');
    const none = query(after('Who won the 2024 Monaco Grand Prix?', 'show his lap times'));
    expect(none.drivers).toEqual([]);
    expect(none.notes.join(' ')).toMatch(/previous question named no driver/);
  });

  it('gives a named driver his result after a question about who won', () => {
    expect(query(after('Who won the 2024 Monaco Grand Prix?', 'what about Norris?'))).toMatchObject({
      metric: 'finish_position',
      drivers: ['norris'],
      aggregate: 'value',
      scope: { race: MONACO_2024 },
    });
  });

  it('asks which seasons are meant for a driver who did not race in the previous ones', () => {
    const u = after('How many races did Verstappen win in 2023?', 'what about Senna?');
    expect(u.kind === 'clarify' && u.clarification.question).toBe(
      'Ayrton Senna did not race in 2023. Which seasons do you mean?',
    );
    expect(u.kind === 'clarify' && u.clarification.options.map((o) => o.query.scope)).toEqual([
      {},
      { seasons: { from: 1994, to: 1994 } },
    ]);
  });

  it('asks "who" of everyone, not of the previous driver', () => {
    expect(query(after('Where did Norris finish at the 2024 Monaco Grand Prix?', 'who won?'))).toMatchObject({
      metric: 'wins',
      drivers: [],
      aggregate: 'list',
      scope: { race: MONACO_2024 },
    });
  });

  it('replaces the drivers with a team named, and counts by team', () => {
    expect(query(after('How many races did Verstappen win in 2023?', 'and Ferrari?'))).toMatchObject({
      drivers: [],
      teams: ['ferrari'],
      subject: 'team',
      scope: { seasons: { from: 2023, to: 2023 } },
    });
    expect(query(after('Who won the 2023 drivers championship?', 'and the constructors?'))).toMatchObject({
      metric: 'championship_position',
      subject: 'team',
      drivers: [],
      scope: { seasons: { from: 2023, to: 2023 } },
    });
    expect(query(after('Which team won the most races in 2023?', 'and in 2021?'))).toMatchObject({
      subject: 'team',
      rank: { order: 'most', limit: 1 },
    });
  });
});

describe('the session', () => {
  it('asks the same of qualifying, saying when the metric changes with it', () => {
    const q = query(after('Who won the 2024 Monaco Grand Prix?', 'same for qualifying'));
    expect(q).toMatchObject({ metric: 'poles', session: 'qualifying', scope: { race: MONACO_2024 } });
    expect(q.notes).toContain('qualifying: pole positions rather than wins');
  });

  it('keeps the previous session for a new metric that records it', () => {
    expect(query(after('How many sprints did Verstappen win in 2023?', 'and podiums?'))).toMatchObject({
      metric: 'podiums',
      session: 'sprint',
      drivers: ['max_verstappen'],
    });
  });
});

describe('metric, filters and aggregation', () => {
  it('changes the metric and keeps the rest', () => {
    expect(query(after('How many races did Hamilton win in 2020?', 'how many poles?'))).toMatchObject({
      metric: 'poles',
      drivers: ['hamilton'],
      aggregate: 'total',
      scope: { seasons: { from: 2020, to: 2020 } },
    });
  });

  it('keeps a ranking and the filters when only the season changes', () => {
    expect(query(after('Top 3 points scorers in 2023', 'and 2022?')).rank).toEqual({
      order: 'most',
      limit: 3,
    });
    expect(query(after('Most points without a win in 2022', 'and in 2021?'))).toMatchObject({
      filters: { withoutWin: true },
      scope: { seasons: { from: 2021, to: 2021 } },
    });
  });

  it('widens "in total" one step, and says so', () => {
    const career = query(after('How many races did Hamilton win in 2020?', 'in total?'));
    expect(career.scope).toEqual({});
    expect(career.notes).toContain('every season in the data, not only 2020');
    const season = query(
      after('How many points did Norris score at the 2024 Monaco Grand Prix?', 'in total?'),
    );
    expect(season.scope).toEqual({ seasons: { from: 2024, to: 2024 } });
  });
});

describe('standing alone and asking back', () => {
  it('reads a whole question as itself even after another', () => {
    const previous = query(parseQuestion('Leclerc wins 2024', ctx));
    expect(
      query(parseQuestion('Who won the 2022 British Grand Prix?', { ...ctx, context: previous })),
    ).toEqual(query(parseQuestion('Who won the 2022 British Grand Prix?', ctx)));
  });

  it.each([
    'How many GP starts did Sebastian Vettel make?',
    'How many poles did Nico Rosberg get in his F1 career?',
    'When was Jenson Button’s last F1 win?',
    'who won the very first f1 sprint race',
    'How many red flags were there in the 2023 Australian GP and what caused them?',
    'who came second in the 2019 German GP',
    'where was max after lap 1 at spa 2023',
  ])('reads "%s" as itself after another question', (question) => {
    const previous = query(parseQuestion('Ferrari podiums in 2019', ctx));
    expect(parseQuestion(question, { ...ctx, context: previous })).toEqual(parseQuestion(question, ctx));
  });

  it('reads 99% of the regression questions as themselves after another question', () => {
    const file = resolve(import.meta.dirname, 'questions/regression.json');
    const items = JSON.parse(readFileSync(file, 'utf8')) as { q: string }[];
    const previous = query(parseQuestion('How many races did Verstappen win in 2023?', ctx));
    const changed = items
      .map((i) => i.q)
      .filter(
        (q) =>
          JSON.stringify(parseQuestion(q, { ...ctx, context: previous })) !==
          JSON.stringify(parseQuestion(q, ctx)),
      );
    expect(changed.length / items.length, changed.join(' | ')).toBeLessThanOrEqual(0.01);
  }, 60_000);

  it('asks what should change when the follow-up names nothing, with choices that run as they are', () => {
    const u = after('Who won the 2024 Monaco Grand Prix?', 'and blorp?');
    expect(u.kind).toBe('clarify');
    const options = u.kind === 'clarify' ? u.clarification.options : [];
    expect(options.map((o) => o.query.scope.race?.season)).toEqual(
      expect.arrayContaining([2023, 2025, 2024]),
    );
    for (const o of options) expect(checkStructured(o.query, ctx.catalog, ctx.latest)).toHaveProperty('ok');
  });
});

describe('a structured query is checked against the catalog before it runs', () => {
  const base = { metric: 'wins', aggregate: 'list', scope: { race: MONACO_2024 } } as const;
  const check = (q: object) => checkStructured(QuerySchema.parse(q), ctx.catalog, ctx.latest);

  it('runs a known query, its race under the data’s own name', () => {
    expect(check({ ...base, scope: { race: { ...MONACO_2024, name: 'monaco' } } })).toEqual({
      ok: expect.objectContaining({ scope: { race: MONACO_2024 } }),
    });
  });

  it.each([
    [{ ...base, metric: 'driver_of_the_day' }, /"driver_of_the_day" is not a metric/],
    [{ ...base, drivers: ['nobody_at_all'] }, /no driver has the ref "nobody_at_all"/],
    [{ ...base, teams: ['nobody_racing'] }, /no team has the ref "nobody_racing"/],
    [{ ...base, scope: { race: { season: 2024, round: 29, name: 'x' } } }, /no round 29 in 2024/],
    [{ ...base, scope: { seasons: { from: 2099, to: 2099 } } }, /2099 has not been raced yet/],
    [{ ...base, scope: { circuit: { ref: 'atlantis', name: 'Atlantis' } } }, /"atlantis"/],
    [{ ...base, metric: 'race_pace', scope: { race: { season: 2010, round: 1, name: 'x' } } }, /from 2020/],
    [{ ...base, session: 'fp1' }, /not recorded for the fp1 session/],
  ])('refuses %j', (q, reason) => {
    const checked = check(q);
    expect(checked).toHaveProperty('error');
    expect('error' in checked ? checked.error : '').toMatch(reason);
  });
});
