import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../src/loaders/http/client.ts';
import { createOpenF1, openF1Query } from '../src/loaders/http/openf1.ts';
import { createRateLimiter, manualClock, OPENF1_LIMITS } from '../src/loaders/http/rate-limiter.ts';
import { type FixtureServer, startFixtureServer } from './support/fixture-server.ts';

let server: FixtureServer;
let openf1: ReturnType<typeof createOpenF1>;

beforeAll(async () => {
  server = await startFixtureServer();
  const clock = manualClock();
  const http = createHttpClient({
    baseUrl: server.openf1Url,
    limiter: createRateLimiter(OPENF1_LIMITS, clock),
    clock,
  });
  openf1 = createOpenF1(http, { clock });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe('openf1', () => {
  it('writes equality and comparison filters the way OpenF1 reads them', () => {
    expect(openF1Query({ session_key: 9877, 'stop_duration<': 2.3, 'speed>=': 315 })).toBe(
      '?session_key=9877&stop_duration<2.3&speed>=315',
    );
    expect(openF1Query({})).toBe('');
  });

  it('parses each endpoint Pit Wall uses', async () => {
    const [session] = await openf1.sessions({
      country_name: 'Belgium',
      session_name: 'Sprint Qualifying',
      year: 2023,
    });
    expect(session).toMatchObject({ session_key: 9140, date_end: '2023-07-29T15:35:00+00:00' });
    const [driver] = await openf1.drivers({ driver_number: 1, session_key: 9158 });
    expect(driver).toMatchObject({ name_acronym: 'VER', team_name: 'Red Bull Racing' });
    const [lap] = await openf1.laps({ session_key: 9161, driver_number: 63, lap_number: 8 });
    expect(lap).toMatchObject({ lap_duration: 91.743, st_speed: 298, is_pit_out_lap: false });
    const stints = await openf1.stints({ session_key: 9165, 'tyre_age_at_start>=': 3 });
    expect(stints.map((s) => s.tyre_age_at_start)).toEqual([3, 3]);
    const pits = await openf1.pit({ session_key: 9877, 'stop_duration<': 2.3 });
    expect(pits.map((p) => p.stop_duration)).toEqual([2.2, 2.1]);
    const [weather] = await openf1.weather({
      meeting_key: 1208,
      'wind_direction>=': 130,
      'track_temperature>=': 52,
    });
    expect(weather).toMatchObject({ track_temperature: 52.5, rainfall: 0 });
    const [message] = await openf1.raceControl({
      flag: 'BLACK AND WHITE',
      driver_number: 1,
      'date>=': '2023-01-01',
      'date<': '2023-09-01',
    });
    expect(message).toMatchObject({ lap_number: 59, sector: null, scope: 'Driver' });
    const positions = await openf1.position({ meeting_key: 1217, driver_number: 40, 'position<=': 3 });
    expect(positions.map((p) => p.position)).toEqual([2, 3]);
    expect(server.requests.every((r) => r.served === 'recorded')).toBe(true);
  });

  it('treats "No results found" as an empty list', async () => {
    expect(await openf1.laps({ session_key: 1, driver_number: 99 })).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });
});
