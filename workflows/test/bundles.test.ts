import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DriverBundleSchema, RaceBundleSchema, SeasonBundleSchema } from '@pitwall/db/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDriverBundle } from '../src/bundles/driver.ts';
import { allBundleRefs, seasonBundleRefs } from '../src/bundles/publish.ts';
import { buildRaceBundle } from '../src/bundles/race.ts';
import { buildSeasonBundle } from '../src/bundles/season.ts';
import { warehouseConfig } from '../src/config.ts';
import { importAll } from '../src/loaders/import-all.ts';
import { openWarehouse, type Warehouse } from '../src/warehouse.ts';

// The bundle builders over the real warehouse: every staged dataset imported once into a fresh file.
const dir = mkdtempSync(join(tmpdir(), 'pitwall-bundles-'));
let db: Warehouse;
let close: () => void;

beforeAll(async () => {
  ({ db, close } = await openWarehouse(`file:${join(dir, 'wh.db')}`));
  await importAll(db, warehouseConfig({}).PITWALL_F1DATA, () => undefined);
}, 240_000);
afterAll(() => {
  close?.();
  rmSync(dir, { recursive: true, force: true });
});

describe('season bundle', () => {
  it('2023: Verstappen won 19 of 22 rounds and the title with 575 points; Red Bull 860', async () => {
    const bundle = SeasonBundleSchema.parse(await buildSeasonBundle(db, 2023));
    expect(bundle).toMatchObject({ version: 1, type: 'season', id: '2023', season: 2023 });
    expect(bundle.calendar).toHaveLength(22);
    expect(bundle.calendar.every((r) => r.hasResults && r.hasLaps)).toBe(true);
    expect(bundle.winners).toHaveLength(22);
    expect(bundle.winners.filter((w) => w.driver === 'max_verstappen')).toHaveLength(19);
    expect(bundle.winners.find((w) => w.round === 2)).toMatchObject({
      driver: 'perez',
      constructor: 'red_bull',
    });
    expect(bundle.standings.afterRound).toBe(22);
    expect(bundle.standings.drivers[0]).toMatchObject({
      driver: 'max_verstappen',
      points: 575,
      wins: 19,
      position: 1,
    });
    expect(bundle.standings.constructors[0]).toMatchObject({ constructor: 'red_bull', points: 860 });
    // Points per round add up to the championship total (no dropped scores in 2023), sprints included.
    const ver = bundle.pointsByRound.filter((p) => p.driver === 'max_verstappen');
    expect(ver).toHaveLength(22);
    expect(ver.reduce((sum, p) => sum + p.scored, 0)).toBe(575);
    expect(ver.at(-1)?.total).toBe(575);
    expect(bundle.drivers.find((d) => d.ref === 'max_verstappen')).toEqual({
      ref: 'max_verstappen',
      code: 'VER',
      name: 'Max Verstappen',
    });
    expect(bundle.sources.map((s) => s.name)).toContain('Ergast/Jolpica-F1');
  });

  it('1950: Farina won the first round and the title; older seasons have no lap timing', async () => {
    const bundle = SeasonBundleSchema.parse(await buildSeasonBundle(db, 1950));
    expect(bundle.winners[0]).toMatchObject({ round: 1, driver: 'farina' });
    expect(bundle.standings.drivers[0]?.driver).toBe('farina');
    expect(bundle.calendar.some((r) => r.hasLaps)).toBe(false);
    expect(await buildSeasonBundle(db, 1900)).toBeUndefined();
  });
});

describe('race bundle', () => {
  it('2024 São Paulo: Norris on pole, Verstappen won from 17th; laps, stints, pit stops and sources', async () => {
    const bundle = RaceBundleSchema.parse(await buildRaceBundle(db, 2024, 21));
    expect(bundle).toMatchObject({ version: 1, type: 'race', id: '2024-21' });
    expect(bundle.race).toMatchObject({
      season: 2024,
      round: 21,
      name: 'São Paulo Grand Prix',
      sprintWeekend: true,
    });
    expect(bundle.race.circuit.ref).toBe('interlagos');
    expect(bundle.qualifying[0]).toMatchObject({ position: 1, driver: 'norris', constructor: 'mclaren' });
    expect(bundle.results.race[0]).toMatchObject({
      position: 1,
      driver: 'max_verstappen',
      grid: 17,
      status: 'Finished',
    });
    expect(bundle.results.sprint[0]).toMatchObject({ driver: 'norris', position: 1, points: 8 });
    expect(bundle.sessions.map((s) => s.kind)).toEqual(
      expect.arrayContaining(['sprint_qualifying', 'sprint', 'qualifying', 'race']),
    );
    // Every lap of the winner is there, in order; flagged laps are kept with their reason.
    const verLaps = bundle.laps.filter((l) => l.driver === 'max_verstappen');
    expect(verLaps.map((l) => l.lap)).toEqual(Array.from({ length: 69 }, (_, i) => i + 1));
    expect(bundle.laps.some((l) => l.flag !== null)).toBe(true);
    expect(bundle.stints.filter((s) => s.driver === 'max_verstappen').length).toBeGreaterThanOrEqual(2);
    expect(bundle.pitStops.length).toBeGreaterThan(10);
    expect(bundle.drivers.map((d) => d.ref)).toContain('norris');
    expect(bundle.constructors.find((c) => c.ref === 'mclaren')?.colour).toMatch(/^#[0-9A-Fa-f]{6}$/);
    expect(bundle.sources.map((s) => s.name)).toEqual(
      expect.arrayContaining(['Ergast/Jolpica-F1', 'OpenF1']),
    );
  });

  it('a 1950s race has results only; an unknown round is undefined', async () => {
    const bundle = RaceBundleSchema.parse(await buildRaceBundle(db, 1950, 1));
    expect(bundle.results.race[0]?.driver).toBe('farina');
    expect(bundle.laps).toEqual([]);
    expect(bundle.weather).toBeNull();
    expect(await buildRaceBundle(db, 2024, 99)).toBeUndefined();
  });
});

describe('driver bundle', () => {
  it('Verstappen: 2023 with 19 wins and the title, Red Bull; four titles by 2024', async () => {
    const bundle = DriverBundleSchema.parse(await buildDriverBundle(db, 'max_verstappen'));
    expect(bundle.driver).toMatchObject({ ref: 'max_verstappen', code: 'VER', name: 'Max Verstappen' });
    const y2023 = bundle.seasons.find((s) => s.season === 2023);
    expect(y2023).toMatchObject({
      wins: 19,
      podiums: 21,
      poles: 12,
      points: 575,
      position: 1,
      championshipPoints: 575,
      races: 22,
    });
    expect(y2023?.teams.map((t) => t.ref)).toEqual(['red_bull']);
    expect(bundle.seasons[0]).toMatchObject({ season: 2015, wins: 0 });
    expect(bundle.seasons[0]?.teams[0]?.ref).toBe('toro_rosso');
    expect(bundle.career.firstRace).toEqual({ season: 2015, round: 1, name: 'Australian Grand Prix' });
    expect(bundle.career.championships).toBeGreaterThanOrEqual(4);
    expect(bundle.career.wins).toBe(bundle.seasons.reduce((sum, s) => sum + s.wins, 0));
    expect(bundle.career.bestFinish).toBe(1);
  });

  it('Fangio: five titles in the 1950s; an unknown ref is undefined', async () => {
    const bundle = DriverBundleSchema.parse(await buildDriverBundle(db, 'fangio'));
    expect(bundle.career.championships).toBe(5);
    expect(bundle.seasons.filter((s) => s.position === 1).map((s) => s.season)).toEqual([
      1951, 1954, 1955, 1956, 1957,
    ]);
    expect(await buildDriverBundle(db, 'nobody_at_all')).toBeUndefined();
  });
});

describe('what gets published', () => {
  it('by default every season and driver and the races from 2018 on (all races with laps)', async () => {
    const refs = await allBundleRefs(db);
    const races = refs.filter((r) => r.type === 'race').map((r) => r.id);
    expect(races).toContain('2024-21');
    expect(races).toContain('2018-1');
    expect(races).not.toContain('1950-1');
    expect(refs.filter((r) => r.type === 'season').map((r) => r.id)).toContain('1950');
    expect(refs.some((r) => r.type === 'driver' && r.id === 'fangio')).toBe(true);
    const all = await allBundleRefs(db, { races: 'all' });
    expect(all.some((r) => r.type === 'race' && r.id === '1950-1')).toBe(true);
  });

  it('a season’s ingest touches the season, its races and the drivers in its results', async () => {
    const refs = await seasonBundleRefs(db, 2024, [21]);
    expect(refs.filter((r) => r.type !== 'driver')).toEqual([
      { type: 'season', id: '2024' },
      { type: 'race', id: '2024-21' },
    ]);
    expect(refs.filter((r) => r.type === 'driver').map((r) => r.id)).toEqual(
      expect.arrayContaining(['max_verstappen', 'norris', 'bearman']),
    );
  });
});
