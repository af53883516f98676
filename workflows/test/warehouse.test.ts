import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRace, latestResults, raceResults, warehouseCounts } from '@pitwall/db/queries/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warehouseConfig } from '../src/config.ts';
import { ERGAST_FILES, importErgast } from '../src/loaders/ergast-csv.ts';
import { openWarehouse, type Warehouse } from '../src/warehouse.ts';

// A real libSQL file loaded from the staged Ergast dump.
const dir = mkdtempSync(join(tmpdir(), 'pitwall-warehouse-'));
const ergast = join(warehouseConfig({}).PITWALL_F1DATA, 'ergast');
let db: Warehouse;
let close: () => void;

beforeAll(async () => {
  ({ db, close } = await openWarehouse(`file:${join(dir, 'wh.db')}`));
  await importErgast(db, ergast);
}, 60_000);
afterAll(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ergast import', () => {
  it('imports every row of the dump', async () => {
    // Row counts of races.csv and results.csv (PROVENANCE.md).
    // results counts race (27118) and sprint (420) classifications.
    expect(await warehouseCounts(db)).toEqual({ races: 1149, results: 27538, drivers: 864 });
  });

  it('answers from the data: Verstappen won the 2023 Monaco GP from pole, 27.921 s ahead of Alonso', async () => {
    const race = await findRace(db, 2023, 6);
    expect(race?.name).toBe('Monaco Grand Prix');
    const [first, second] = await raceResults(db, race?.id ?? 0);
    expect(first).toMatchObject({
      driverRef: 'max_verstappen',
      position: 1,
      grid: 1,
      constructorRef: 'red_bull',
    });
    expect(second).toMatchObject({ driverRef: 'alonso', position: 2 });
    expect((second?.timeMs ?? 0) - (first?.timeMs ?? 0)).toBe(27_921);
  });

  it('knows the newest race with results (2025 round 18)', async () => {
    expect(await latestResults(db)).toEqual({ season: 2025, round: 18 });
  });

  it('skips unchanged files on a second import', async () => {
    const skipped: string[] = [];
    await importErgast(db, ergast, (e) => e.skipped && skipped.push(e.file));
    expect(skipped).toHaveLength(ERGAST_FILES.length);
  });
});
