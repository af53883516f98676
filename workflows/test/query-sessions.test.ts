import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { latestResults } from '@pitwall/db/queries/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warehouseConfig } from '../src/config.ts';
import { type Catalog, loadCatalog } from '../src/entities/catalog.ts';
import { importAll } from '../src/loaders/import-all.ts';
import { answerQuery, planOf } from '../src/query/answer.ts';
import { parseQuestion } from '../src/query/parse.ts';
import { openWarehouse, type Warehouse } from '../src/warehouse.ts';

/**
 * Sessions beyond the Grand Prix, asked in words: sprints through the lap views, practice and sprint
 * qualifying through their classifications. The staged data imported into a fresh warehouse.
 */
const f1data = warehouseConfig({}).PITWALL_F1DATA;
const dir = mkdtempSync(join(tmpdir(), 'pitwall-query-sessions-'));
let db: Warehouse;
let close: () => void;
let catalog: Catalog;
let latest: { season: number; round: number };

beforeAll(async () => {
  ({ db, close } = await openWarehouse(`file:${join(dir, 'wh.db')}`));
  await importAll(db, f1data);
  catalog = await loadCatalog(db);
  const found = await latestResults(db);
  if (!found) throw new Error('no results imported');
  latest = found;
}, 240_000);
afterAll(() => {
  close?.();
  rmSync(dir, { recursive: true, force: true });
});

async function ask(question: string) {
  const understanding = parseQuestion(question, { catalog, latest });
  if (understanding.kind !== 'query') throw new Error(`${question}: ${JSON.stringify(understanding)}`);
  const plan = planOf(understanding.query, latest.season, question);
  return { query: understanding.query, plan, answer: await answerQuery(db, plan) };
}

describe('sprints through the lap views', () => {
  it('sprint pace is the sprint’s, named as such', async () => {
    const { plan, answer } = await ask('sprint pace norris vs piastri austria 2024');
    expect(plan).toMatchObject({
      intent: 'race_pace',
      session: 'sprint',
      raceName: 'Austrian Grand Prix Sprint',
    });
    // fastf1_laps/sprint/transformed_sprint_laps_2024.csv, RoundNumber 11: laps 2–23 of each driver, all
    // track status 1, no pit laps: 22 clean laps each; medians NOR 69.6495 s, PIA 69.757 s. (The Grand
    // Prix ran 71 laps, so its counts cannot be 22.)
    expect(answer.headline).toMatch(
      /^Lando Norris had the faster race pace at the 2024 Austrian Grand Prix Sprint/,
    );
    expect(answer.headline).toContain('1:09.650');
    expect(answer.headline).toContain('1:09.757');
    expect(answer.facts).toContainEqual({ label: 'NOR clean laps', value: 22 });
    expect(answer.facts).toContainEqual({ label: 'PIA clean laps', value: 22 });
  });

  it('a view with no sprint data says it answers about the Grand Prix', async () => {
    const { query, plan, answer } = await ask('sprint pit stops austria 2024');
    expect(query.notes).toContain('pit stops are not recorded for sprints, so this is about Grands Prix');
    expect(plan.session).toBeUndefined();
    expect(answer.headline).toMatch(/^Note: pit stops are not recorded for sprints/);
  });

  it('the sprint winner from the sprint classification', async () => {
    // ergast/sprint_results.csv raceId 1131 (2024 Austria): Verstappen 1st, Piastri +4.616.
    const { answer } = await ask('who won the 2024 austrian sprint');
    expect(answer.headline).toMatch(
      /^Max Verstappen \(Red Bull\) won the 2024 Austrian Grand Prix \(sprint\)/,
    );
    expect(answer.headline).toContain('4.616 s ahead of Oscar Piastri');
  });
});

describe('practice and sprint qualifying', () => {
  it('fp2 results monza 2024 lists the FP2 order, not the race', async () => {
    const { query, answer } = await ask('fp2 results monza 2024');
    expect(query).toMatchObject({ metric: 'practice_position', session: 'fp2', aggregate: 'list' });
    // f1db 2024/races/16-italy/free-practice-2-results.yml: 1 Hamilton 1:20.738, 2 Norris, 3 Sainz.
    expect(answer.headline).toMatch(
      /^The order at the 2024 Italian Grand Prix \(FP2\): 1st Lewis Hamilton \(Mercedes\), 2nd Lando Norris \(McLaren\), 3rd Carlos Sainz/,
    );
    expect(answer.headline).toContain('Lewis Hamilton set the fastest lap of FP2, 1:20.738.');
  });

  it('who was fastest in fp1 at bahrain 2024', async () => {
    // f1db 2024/races/01-bahrain/free-practice-1-results.yml: 1 daniel-ricciardo 1:32.869.
    const { query, answer } = await ask('who was fastest in fp1 at bahrain 2024');
    expect(query).toMatchObject({ session: 'fp1', filters: { position: { max: 1 } } });
    expect(answer.headline).toMatch(
      /^Daniel Ricciardo \(RB F1 Team\) was 1st at the 2024 Bahrain Grand Prix \(FP1\)/,
    );
    expect(answer.headline).toContain('1:32.869');
  });

  it('sprint qualifying china 2024 pole', async () => {
    // f1db 2024/races/05-china/sprint-qualifying-results.yml: 1 lando-norris, q3 1:57.940.
    const { query, answer } = await ask('sprint qualifying china 2024 pole');
    expect(query).toMatchObject({ metric: 'sprint_qualifying_position', session: 'sprint_qualifying' });
    expect(answer.headline).toMatch(
      /^Lando Norris \(McLaren\) qualified 1st for the sprint at the 2024 Chinese Grand Prix/,
    );
    expect(answer.headline).toContain('Lando Norris took sprint pole with 1:57.940.');
  });

  it('a lap view asked of practice says what it answers instead', async () => {
    const { query } = await ask('fp3 long run pace monza 2024');
    expect(query.metric).toBe('practice_position');
    expect(query.notes).toContain('race pace is not recorded for FP3, so this is its order');
  });

  it('practice without a number is FP1, and says so', async () => {
    const { query } = await ask('practice results bahrain 2024');
    expect(query).toMatchObject({ session: 'fp1' });
    expect(query.notes).toContain('practice with no session named is read as FP1');
  });
});
