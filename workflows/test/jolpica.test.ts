import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { warehouseConfig } from '../src/config.ts';
import { createHttpClient } from '../src/loaders/http/client.ts';
import { createJolpica } from '../src/loaders/http/jolpica.ts';
import { createRateLimiter, JOLPICA_LIMITS, manualClock } from '../src/loaders/http/rate-limiter.ts';
import { ergastPages, type FixtureServer, startFixtureServer } from './support/fixture-server.ts';

const DATA = warehouseConfig({}).PITWALL_F1DATA;
const recorded = (file: string) =>
  JSON.parse(readFileSync(join(DATA, 'api_samples/jolpica_ergast_responses', file), 'utf8')).MRData;
let server: FixtureServer;

function jolpica(pageSize?: number) {
  const clock = manualClock();
  const http = createHttpClient({
    baseUrl: server.jolpicaUrl,
    limiter: createRateLimiter(JOLPICA_LIMITS, clock),
    clock,
  });
  return createJolpica(http, { pageSize, clock });
}

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe('jolpica paging', () => {
  it('collects every lap of 2023 Bahrain across 30-row pages, starting from the recorded page', async () => {
    const laps = await jolpica(30).laps({ season: 2023, round: 1 });
    // MRData.total of the recorded first page is 1055 timings.
    expect(laps).toHaveLength(Number(recorded('laps/2023@1@laps.json').total));
    expect(server.requests).toHaveLength(Math.ceil(1055 / 30));
    expect(server.requests[0]).toEqual({
      path: '/ergast/f1/2023/1/laps.json?limit=30&offset=0',
      served: 'recorded',
    });
    expect(laps[0]).toEqual({ lap: 1, driverId: 'max_verstappen', position: 1, time: '1:39.019' });
    expect(new Set(laps.map((l) => `${l.driverId}/${l.lap}`)).size).toBe(1055);
    expect(Math.max(...laps.map((l) => l.lap))).toBe(57);
  });

  it('asks for 100 rows a page by default', async () => {
    const laps = await jolpica().laps({ season: 2023, round: 1 });
    expect(laps).toHaveLength(1055);
    expect(server.requests.map((r) => r.path)).toEqual(
      Array.from({ length: 11 }, (_, i) => `/ergast/f1/2023/1/laps.json?limit=100&offset=${i * 100}`),
    );
  });

  it('merges the recorded second page of pit stops with the first', async () => {
    const stops = await jolpica(30).pitStops({ season: 2023, round: 1 });
    expect(stops).toHaveLength(50);
    expect(server.requests.map((r) => r.served)).toEqual(['derived', 'recorded']);
    expect(stops.slice(30)).toEqual(
      recorded('pitstops/2023@1@pitstops.json^offset=30').RaceTable.Races[0].PitStops.map(
        (p: Record<string, string>) => ({ ...p, lap: Number(p.lap), stop: Number(p.stop) }),
      ),
    );
  });
});

describe('pages built from the Ergast dump match the recorded pages', () => {
  const build = ergastPages(join(DATA, 'ergast'));
  const races = (page: unknown) =>
    (page as { MRData: { RaceTable: { Races: Record<string, unknown>[] } } }).MRData.RaceTable.Races;
  it.each([
    ['laps/2023@1@laps.json', '/2023/1/laps.json', 0, 'Laps'],
    ['laps/2023@18@laps.json^offset=45', '/2023/18/laps.json', 45, 'Laps'],
    ['pitstops/2023@1@pitstops.json^offset=30', '/2023/1/pitstops.json', 30, 'PitStops'],
  ])('%s', (file, path, offset, table) => {
    const want = recorded(file);
    const got = build(path, 30, offset) as { MRData: { total: string } };
    expect(got.MRData.total).toBe(want.total);
    expect(races(got)[0]?.[table]).toEqual(want.RaceTable.Races[0][table]);
  });

  it('pit stops of 2023 Austin, but for one stop the dump puts a lap later', () => {
    const want = recorded('pitstops/2023@18@pitstops.json').RaceTable.Races[0].PitStops as Record<
      string,
      string
    >[];
    const got = races(build('/2023/18/pitstops.json', 30, 0))[0]?.PitStops as Record<string, string>[];
    const differ = want.filter((w, i) => JSON.stringify(w) !== JSON.stringify(got[i]));
    expect(differ).toEqual([
      { driverId: 'ricciardo', lap: '22', stop: '1', time: '14:41:51', duration: '24.364' },
    ]);
  });

  it('results of 2023 Austria, where Jolpica words statuses and pit-lane grids differently', () => {
    const pick = (r: Record<string, unknown>[]) =>
      r.map((x) => [x.position, x.positionText, x.points, x.laps]);
    const want = recorded('results/2023@9@results.json').RaceTable.Races[0].Results as Record<
      string,
      string
    >[];
    const got = races(build('/2023/9/results.json', 30, 0))[0]?.Results as Record<string, string>[];
    expect(pick(got)).toEqual(pick(want));
    // The dump gives the two pit-lane starters grid 0; Jolpica now gives them 20 and 19.
    const gridDiffers = want.flatMap((w, i) => (w.grid === got[i]?.grid ? [] : [[w.grid, got[i]?.grid]]));
    expect(gridDiffers).toEqual([
      ['20', '0'],
      ['19', '0'],
    ]);
  });
});

describe('jolpica endpoints parse the recorded responses', () => {
  it('season calendar', async () => {
    const races = await jolpica().seasonRaces(2023);
    expect(races).toHaveLength(22);
    expect(races[5]).toMatchObject({ round: 6, raceName: 'Monaco Grand Prix', date: '2023-05-28' });
    expect(races[5]?.Circuit).toMatchObject({
      circuitId: 'monaco',
      Location: { lat: 43.7347, country: 'Monaco' },
    });
  });

  it('results, with lapped finishers keeping their own total time', async () => {
    const { race, results } = await jolpica().results({ season: 2023, round: 9 });
    expect(race?.raceName).toBe('Austrian Grand Prix');
    expect(results).toHaveLength(20);
    expect(results[0]).toMatchObject({
      position: 1,
      Driver: { driverId: 'max_verstappen' },
      Time: { millis: 5133607 },
    });
    expect(results[11]).toMatchObject({ status: 'Lapped', Time: { time: '+24.633' } });
    expect(results[19]).toMatchObject({ positionText: 'R', status: 'Retired' });
    expect(results[19]?.Time).toBeUndefined();
  });

  it('qualifying, sprint and the season tables', async () => {
    const j = jolpica();
    const quali = await j.qualifying({ season: 2023, round: 13 });
    expect(quali[0]).toMatchObject({ position: 1, Q3: '1:10.567', Driver: { driverId: 'max_verstappen' } });
    expect((await j.sprint({ season: 2023, round: 3 })).results).toEqual([]);
    const drivers = await j.driverStandings({ season: 2023, round: 5 });
    expect(drivers[0]).toMatchObject({ points: 119, wins: 3, Driver: { driverId: 'max_verstappen' } });
    const teams = await j.constructorStandings({ season: 2023, round: 13 });
    expect(teams[0]).toMatchObject({ points: 540, Constructor: { constructorId: 'red_bull' } });
    expect(await j.drivers({ season: 2023, round: 1 })).toHaveLength(20);
    expect(await j.constructors({ season: 2023 })).toHaveLength(10);
    expect(await j.circuits({ season: 2023 })).toHaveLength(22);
    expect((await j.status({ season: 2023 }))[0]).toEqual({ statusId: 1, count: 316, status: 'Finished' });
    expect(server.requests.every((r) => r.served === 'recorded')).toBe(true);
  });

  it('a round that does not exist is empty, not an error', async () => {
    expect(await jolpica().race({ season: 2023, round: 99 })).toBeUndefined();
  });
});
