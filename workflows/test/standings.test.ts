import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finalStandings, qualifyingResult, raceResult, seasonWins } from '../../db/src/queries/standings.ts';
import { warehouseConfig } from '../src/config.ts';
import { importErgast } from '../src/loaders/ergast-csv.ts';
import { openWarehouse, type Warehouse } from '../src/warehouse.ts';

// Championship answers over the real Ergast dump, loaded once into a fresh libSQL file.
const dir = mkdtempSync(join(tmpdir(), 'pitwall-standings-'));
let db: Warehouse;
let close: () => void;

beforeAll(async () => {
  ({ db, close } = await openWarehouse(`file:${join(dir, 'wh.db')}`));
  await importErgast(db, join(warehouseConfig({}).PITWALL_F1DATA, 'ergast'));
}, 120_000);
afterAll(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

describe('standings queries', () => {
  it('Verstappen won 19 of the 22 races of 2023; Pérez 2 and Sainz 1', async () => {
    const wins = await seasonWins(db, 2023);
    expect(wins.map((w) => [w.driverRef, w.wins])).toEqual([
      ['max_verstappen', 19],
      ['perez', 2],
      ['sainz', 1],
    ]);
  });

  it('McLaren won the 2024 constructors’ title with 666 points', async () => {
    const [champion, second] = await finalStandings(db, 2024, 'constructors');
    expect(champion).toMatchObject({ round: 24, ref: 'mclaren', name: 'McLaren', points: 666, position: 1 });
    expect(second).toMatchObject({ ref: 'ferrari', points: 652 });
  });

  it('Verstappen won the 2024 drivers’ title with 437 points and 9 wins', async () => {
    const [champion] = await finalStandings(db, 2024, 'drivers');
    expect(champion).toMatchObject({ ref: 'max_verstappen', points: 437, wins: 9, source: 'ergast' });
  });

  it('a season under way reports the table after its last round with standings (2025 round 18)', async () => {
    const [leader] = await finalStandings(db, 2025, 'drivers');
    expect(leader?.round).toBe(18);
    expect(await finalStandings(db, 1900, 'drivers')).toEqual([]);
  });

  it('2024 São Paulo: Norris took pole, Verstappen won from 17th on the grid', async () => {
    const [pole] = await qualifyingResult(db, 2024, 21);
    expect(pole).toMatchObject({ position: 1, driverRef: 'norris' });
    const [winner] = await raceResult(db, 2024, 21);
    expect(winner).toMatchObject({ driverRef: 'max_verstappen', position: 1, grid: 17, status: 'Finished' });
  });

  it('sprint classifications are kept apart from the race', async () => {
    const [sprintWinner] = await raceResult(db, 2024, 21, 'sprint');
    expect(sprintWinner).toMatchObject({ driverRef: 'norris', position: 1, points: 8 });
  });
});
