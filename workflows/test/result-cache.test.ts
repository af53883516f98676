import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Plan, PlanSchema } from '@pitwall/db/contracts';
import { dataVersion } from '@pitwall/db/queries/data-version';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRaceLoaded } from '../src/loaders/ensure-race.ts';
import { recordImport } from '../src/loaders/ergast-csv.ts';
import { createDataApis } from '../src/loaders/http/apis.ts';
import { httpConfig } from '../src/loaders/http/config.ts';
import { manualClock } from '../src/loaders/http/rate-limiter.ts';
import { codeVersion } from '../src/result-cache/code-version.ts';
import { cacheable, canonicalJson, resultCacheKey } from '../src/result-cache/key.ts';
import { openWarehouse, type Warehouse } from '../src/warehouse.ts';
import { type FixtureServer, startFixtureServer } from './support/fixture-server.ts';

const plan: Plan = PlanSchema.parse({ intent: 'race_winner', season: 2023, round: 6, raceName: 'Monaco' });
const parts = { plan, dataVersion: 'v1', assistant: 'builtin', model: 'builtin-rules-1', code: 'c1' };

describe('the result cache key', () => {
  it('is canonical: key order and undefined members do not matter, every value does', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined, e: null }] })).toBe(
      '{"a":[{"d":2,"e":null}],"b":1}',
    );
    const reordered = { round: 6, raceName: 'Monaco', season: 2023, intent: 'race_winner' } as Plan;
    const withDefaults = { ...plan, seasonWide: undefined };
    const key = resultCacheKey(parts);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(resultCacheKey({ ...parts, plan: PlanSchema.parse(reordered) })).toBe(key);
    expect(resultCacheKey({ ...parts, plan: withDefaults })).toBe(key);
    for (const change of [
      { plan: { ...plan, round: 7 } },
      { plan: { ...plan, drivers: ['max_verstappen'] } },
      { dataVersion: 'v2' },
      { assistant: 'openai' },
      { model: 'gpt-x' },
      { code: 'c2' },
    ]) {
      expect(resultCacheKey({ ...parts, ...change })).not.toBe(key);
    }
  });

  it('admits only plans of public data: no uploads, no plan field it does not know to be public', () => {
    expect(cacheable(plan, {})).toEqual({ cacheable: true });
    expect(cacheable(plan, { data: { type: 'race' } })).toEqual({ cacheable: true });
    expect(cacheable(plan, { data: { type: 'upload' } })).toMatchObject({ cacheable: false });
    const withUpload = { ...plan, upload: { id: 'up_aaaaaaaaaaaaaaaaaaaa', type: 'laps', name: 'x.csv' } };
    expect(cacheable(withUpload as Plan, {})).toEqual({
      cacheable: false,
      reason: 'the plan holds upload, which may not be public',
    });
    expect(cacheable({ ...plan, userNote: 'mine' } as Plan, {})).toMatchObject({ cacheable: false });
  });

  it('knows the code that computes answers: any change to a source file changes the version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pitwall-code-'));
    try {
      writeFileSync(join(dir, 'a.ts'), 'export const a = 1;');
      const before = codeVersion([dir]);
      expect(codeVersion([dir])).toBe(before);
      writeFileSync(join(dir, 'a.ts'), 'export const a = 2;');
      expect(codeVersion([dir])).not.toBe(before);
      expect(codeVersion()).toMatch(/^[0-9a-f]{16}$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the data version', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pitwall-data-version-'));
  let server: FixtureServer;
  let db: Warehouse;
  let close: () => void;

  beforeAll(async () => {
    server = await startFixtureServer();
    ({ db, close } = await openWarehouse(`file:${join(dir, 'wh.db')}`));
  });
  afterAll(async () => {
    close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves with every import and every race loaded on demand, and only then', async () => {
    const empty = await dataVersion(db);
    expect(await dataVersion(db)).toBe(empty);

    await recordImport(db, 'ergast/races.csv', 'a'.repeat(64), {
      rows: 10,
      flagged: 0,
      rejected: 0,
      issues: {},
    });
    const imported = await dataVersion(db);
    expect(imported).not.toBe(empty);
    expect(await dataVersion(db)).toBe(imported);

    // A re-import of the same dataset (its content changed) moves it too.
    await new Promise((r) => setTimeout(r, 5));
    await recordImport(db, 'ergast/races.csv', 'b'.repeat(64), {
      rows: 10,
      flagged: 0,
      rejected: 0,
      issues: {},
    });
    const reimported = await dataVersion(db);
    expect(reimported).not.toBe(imported);

    const apis = createDataApis(
      httpConfig({
        PITWALL_JOLPICA_URL: server.jolpicaUrl,
        PITWALL_OPENF1_URL: server.openf1Url,
        PITWALL_HTTP_CACHE_DIR: join(dir, 'http-cache'),
      }),
      { clock: manualClock() },
    );
    const loaded = await ensureRaceLoaded(db, { season: 2023, round: 1 }, { jolpica: apis.jolpica });
    expect(loaded.fetched.length).toBeGreaterThan(0);
    const afterLoad = await dataVersion(db);
    expect(afterLoad).not.toBe(reimported);
    const log = await db.query.imports.findFirst({ where: (t, { eq }) => eq(t.dataset, 'jolpica/2023/1') });
    expect(log?.rows).toBe(Object.values(loaded.rows).reduce((a, b) => a + (b ?? 0), 0));

    // Nothing fetched, nothing changed.
    const again = await ensureRaceLoaded(db, { season: 2023, round: 1 }, { jolpica: apis.jolpica });
    expect(again.fetched).toEqual([]);
    expect(await dataVersion(db)).toBe(afterLoad);
  });
});
