import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imports, laps, results } from '@pitwall/db/schema/warehouse';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warehouseConfig } from '../src/config.ts';
import { type ImportEvent, importAll, importSteps } from '../src/loaders/import-all.ts';
import { openWarehouse, type Warehouse } from '../src/warehouse.ts';

// The whole import as the data command runs it: f1db and the timing files read ahead on a worker thread
// while Ergast imports, into a fresh warehouse file, then once more over the same files.
const f1data = warehouseConfig({}).PITWALL_F1DATA;
const dir = mkdtempSync(join(tmpdir(), 'pitwall-import-all-'));
let db: Warehouse;
let close: () => void;
const first: ImportEvent[] = [];

beforeAll(async () => {
  ({ db, close } = await openWarehouse(`file:${join(dir, 'wh.db')}`));
  await importAll(db, f1data, (e) => first.push(e));
}, 240_000);
afterAll(() => {
  close?.();
  rmSync(dir, { recursive: true, force: true });
});

const count = async (table: typeof laps | typeof results | typeof imports) =>
  (await db.select({ n: sql<number>`count(*)` }).from(table))[0]?.n;

describe('importAll', () => {
  it('imports every dataset once, in the steps the progress bar counts', async () => {
    expect(first).toHaveLength(await importSteps(f1data));
    expect(new Set(first.map((e) => e.dataset)).size).toBe(first.length);
    expect(first.every((e) => !e.skipped)).toBe(true);
    const byDataset = new Map(first.map((e) => [e.dataset, e.rows]));
    expect(byDataset.get('ergast/results.csv')).toBeGreaterThan(27_000);
    expect(byDataset.get('f1db/seasons/2026')).toBeGreaterThan(0);
    expect(byDataset.get('ergast/lap_times_2020plus_DERIVED.csv')).toBeGreaterThan(100_000);
    expect(await count(laps)).toBeGreaterThan(150_000);
    expect(await count(imports)).toBe(first.length);
  });

  it('skips everything the second time, reading the same rows back, and leaves the tables as they were', async () => {
    const before = { laps: await count(laps), results: await count(results) };
    const second: ImportEvent[] = [];
    await importAll(db, f1data, (e) => second.push(e));
    expect(second.map((e) => e.dataset)).toEqual(first.map((e) => e.dataset));
    expect(second.every((e) => e.skipped)).toBe(true);
    expect(second.map((e) => e.rows)).toEqual(first.map((e) => e.rows));
    expect({ laps: await count(laps), results: await count(results) }).toEqual(before);
  }, 120_000);
});
