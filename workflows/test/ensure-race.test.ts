import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { circuits, drivers, laps, pitStops, qualifying, results } from '@pitwall/db/schema/warehouse';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRaceLoaded } from '../src/loaders/ensure-race.ts';
import { createDataApis } from '../src/loaders/http/apis.ts';
import { httpConfig } from '../src/loaders/http/config.ts';
import { manualClock } from '../src/loaders/http/rate-limiter.ts';
import { openWarehouse, type Warehouse } from '../src/warehouse.ts';
import { type FixtureServer, startFixtureServer } from './support/fixture-server.ts';

// 2023 Bahrain (round 1): the recordings hold its first lap page and second pit-stop page; the rest of
// its pages come from the Ergast dump (see fixture-server.ts). The warehouse starts empty.
const BAHRAIN = { season: 2023, round: 1 };
const dir = mkdtempSync(join(tmpdir(), 'pitwall-ensure-race-'));
let server: FixtureServer;
let db: Warehouse;
let close: () => void;
let apis: ReturnType<typeof createDataApis>;

beforeAll(async () => {
  server = await startFixtureServer();
  ({ db, close } = await openWarehouse(`file:${join(dir, 'wh.db')}`));
  const config = httpConfig({
    PITWALL_JOLPICA_URL: server.jolpicaUrl,
    PITWALL_OPENF1_URL: server.openf1Url,
    PITWALL_HTTP_CACHE_DIR: join(dir, 'http-cache'),
  });
  apis = createDataApis(config, { clock: manualClock() });
});
afterAll(async () => {
  close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ensureRaceLoaded', () => {
  it('loads a race into an empty warehouse, creating its drivers, teams and circuit', async () => {
    const loaded = await ensureRaceLoaded(db, BAHRAIN, { jolpica: apis.jolpica });
    expect(loaded.fetched).toEqual(['race', 'results', 'qualifying', 'laps', 'pitStops']);
    expect(loaded.rows).toEqual({ race: 1, results: 20, qualifying: 20, laps: 1055, pitStops: 50 });
    // race + results + qualifying + 11 lap pages of 100 + pit stops
    expect(server.requests).toHaveLength(15);

    expect(await db.select().from(circuits)).toMatchObject([{ ref: 'bahrain', country: 'Bahrain' }]);
    expect(await db.$count(drivers)).toBe(20);
    const ver = await db.query.drivers.findFirst({ where: eq(drivers.ref, 'max_verstappen') });
    const win = await db.query.results.findFirst({
      where: and(eq(results.raceId, loaded.raceId), eq(results.positionOrder, 1)),
    });
    // 1:33:56.736
    expect(win).toMatchObject({
      driverId: ver?.id,
      timeMs: 5_636_736,
      status: 'Finished',
      source: 'jolpica',
    });
    const lap1 = await db.query.laps.findFirst({
      where: and(eq(laps.raceId, loaded.raceId), eq(laps.driverId, ver?.id ?? 0), eq(laps.lap, 1)),
    });
    expect(lap1).toMatchObject({ position: 1, timeMs: 99_019, source: 'jolpica', flag: null });
    const pole = await db.query.qualifying.findFirst({
      where: and(eq(qualifying.raceId, loaded.raceId), eq(qualifying.position, 1)),
    });
    expect(pole?.driverId).toBe(ver?.id);
    const stops = await db.select().from(pitStops).where(eq(pitStops.raceId, loaded.raceId));
    expect(stops.every((s) => (s.durationMs ?? 0) > 15_000 && s.flag === null)).toBe(true);
  });

  it('fetches nothing the second time', async () => {
    server.reset();
    const again = await ensureRaceLoaded(db, BAHRAIN, { jolpica: apis.jolpica });
    expect(again.fetched).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('fetches only the part that is missing', async () => {
    const { raceId } = await ensureRaceLoaded(db, BAHRAIN, { jolpica: apis.jolpica });
    await db.delete(pitStops).where(eq(pitStops.raceId, raceId));
    server.reset();
    // The pages were cached on disk (a past season), so even this refill makes no request.
    const refill = await ensureRaceLoaded(db, BAHRAIN, { jolpica: apis.jolpica });
    expect(refill.fetched).toEqual(['pitStops']);
    expect(refill.rows.pitStops).toBe(50);
    expect(server.requests).toHaveLength(0);
  });
});
