import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { warehouseConfig } from '../../src/config.ts';
import { type CsvRow, parseCsv, str } from '../../src/loaders/csv.ts';

/**
 * A real HTTP server on 127.0.0.1 that plays the recorded Jolpica and OpenF1 responses in
 * api_samples/, so the loaders are tested over real sockets against real payloads.
 *
 * Jolpica (`/ergast/f1/...`): a recording is keyed by its path and by the `limit`/`offset` its own
 * MRData reports (the recordings were made without `limit`, so the server's default 30 applies; a client
 * sending `limit=30&offset=N` gets them). A recording that holds all of its rows also answers a larger
 * `limit`, as the live API would. The recordings hold no race in full (laps are one 30-row page of
 * 1,000+), so race pages that were not recorded are built from the Ergast CSV dump in f1data/ergast,
 * in the same MRData shape and order; `source` in the request log says which answered.
 * OpenF1 (`/v1/...`): the documented examples, keyed by the request URL in their INDEX.tsv.
 */
export type Served = 'recorded' | 'derived' | 'scripted' | 'missing';
export type LoggedRequest = { path: string; served: Served };
type Scripted = { status: number; headers?: Record<string, string>; body?: unknown } | 'stall';

const JOLPICA_PREFIX = '/ergast/f1';
const OPENF1_PREFIX = '/v1';
const DEFAULT_LIMIT = 30;

type Recording = { body: { MRData: Record<string, unknown> }; limit: number; offset: number; total: number };

function loadRecordings(dir: string): Map<string, Recording> {
  const byKey = new Map<string, Recording>();
  for (const endpoint of readdirSync(dir)) {
    for (const file of readdirSync(join(dir, endpoint))) {
      // `@` encodes `/` and `^` encodes `?` in the recorded file names.
      const path = `/${file.split('^')[0]?.replaceAll('@', '/')}`.toLowerCase();
      const body = JSON.parse(readFileSync(join(dir, endpoint, file), 'utf8'));
      const m = body.MRData;
      const rec = { body, limit: Number(m.limit), offset: Number(m.offset), total: Number(m.total) };
      byKey.set(`${path}|${rec.limit}|${rec.offset}`, rec);
    }
  }
  return byKey;
}

/** OpenF1 query parts decoded and sorted, so `a=1&b<2` and `b%3C2&a=1` meet. */
export function openF1Key(pathAndQuery: string): string {
  const [path, query = ''] = pathAndQuery.split('?');
  const parts = query.split('&').filter(Boolean);
  return `${path}?${parts
    .map((p) => decodeURIComponent(p.replaceAll('+', ' ')))
    .sort()
    .join('&')}`;
}

function loadOpenF1(dir: string): Map<string, unknown> {
  const byKey = new Map<string, unknown>();
  const lines = readFileSync(join(dir, 'INDEX.tsv'), 'utf8').trim().split('\n').slice(1);
  for (const line of lines) {
    const [file = '', url = ''] = line.split('\t');
    const at = url.indexOf(OPENF1_PREFIX);
    byKey.set(
      openF1Key(url.slice(at + OPENF1_PREFIX.length)),
      JSON.parse(readFileSync(join(dir, file), 'utf8')),
    );
  }
  return byKey;
}

/**
 * MRData pages for /{season}/races.json (the calendar) and /{season}/{round}/{races,results,qualifying,laps,
 * pitstops}.json from the Ergast CSVs.
 */
export function ergastPages(dir: string) {
  const cache = new Map<string, CsvRow[]>();
  const csv = (name: string) => {
    if (!cache.has(name)) cache.set(name, parseCsv(readFileSync(join(dir, name))));
    return cache.get(name) ?? [];
  };
  const maps = new Map<string, Map<string, CsvRow>>();
  const byId = (name: string, id: string) => {
    if (!maps.has(name)) maps.set(name, new Map(csv(name).map((r) => [r[id] ?? '', r])));
    return maps.get(name) ?? new Map<string, CsvRow>();
  };
  const opt = (key: string, v: string | undefined) => (str(v) === null ? {} : { [key]: v });
  const driver = (id: string | undefined) => {
    const d = byId('drivers.csv', 'driverId').get(id ?? '') ?? {};
    return {
      driverId: d.driverRef,
      ...opt('permanentNumber', d.number),
      ...opt('code', d.code),
      url: d.url,
      givenName: d.forename,
      familyName: d.surname,
      dateOfBirth: d.dob,
      nationality: d.nationality,
    };
  };
  const team = (id: string | undefined) => {
    const c = byId('constructors.csv', 'constructorId').get(id ?? '') ?? {};
    return { constructorId: c.constructorRef, url: c.url, name: c.name, nationality: c.nationality };
  };
  const raceObject = (r: CsvRow) => {
    const c = byId('circuits.csv', 'circuitId').get(r.circuitId ?? '') ?? {};
    const Location = { lat: c.lat, long: c.lng, locality: c.location, country: c.country };
    const Circuit = { circuitId: c.circuitRef, url: c.url, circuitName: c.name, Location };
    const base = { season: r.year, round: r.round, url: r.url, raceName: r.name, Circuit, date: r.date };
    return { ...base, ...(str(r.time) ? { time: `${r.time}Z` } : {}) };
  };
  const rowsFor = (table: string, raceRow: CsvRow): unknown[] => {
    const mine = (name: string) => csv(name).filter((x) => x.raceId === raceRow.raceId);
    const status = byId('status.csv', 'statusId');
    const n = (v: string | undefined) => Number(v);
    switch (table) {
      case 'results':
        return mine('results.csv')
          .sort((a, b) => n(a.positionOrder) - n(b.positionOrder))
          .map((x) => ({
            number: x.number,
            position: x.positionOrder,
            positionText: x.positionText,
            points: x.points,
            Driver: driver(x.driverId),
            Constructor: team(x.constructorId),
            grid: x.grid,
            laps: x.laps,
            status: status.get(x.statusId ?? '')?.status,
            ...(str(x.milliseconds) ? { Time: { millis: x.milliseconds, time: x.time } } : {}),
            ...(str(x.fastestLap)
              ? {
                  FastestLap: {
                    rank: x.rank,
                    lap: x.fastestLap,
                    Time: { time: x.fastestLapTime },
                    AverageSpeed: { units: 'kph', speed: x.fastestLapSpeed },
                  },
                }
              : {}),
          }));
      case 'qualifying':
        return mine('qualifying.csv')
          .sort((a, b) => n(a.position) - n(b.position))
          .map((x) => ({
            number: x.number,
            position: x.position,
            Driver: driver(x.driverId),
            Constructor: team(x.constructorId),
            ...opt('Q1', x.q1),
            ...opt('Q2', x.q2),
            ...opt('Q3', x.q3),
          }));
      case 'laps': // lap by lap, each in running order; Jolpica counts untimed rows in `total` too
        return mine('lap_times_2020plus_DERIVED.csv')
          .sort((a, b) => n(a.lap) - n(b.lap) || (n(a.position) || 99) - (n(b.position) || 99))
          .map((x) => ({
            lap: x.lap,
            driverId: driver(x.driverId).driverId,
            ...opt('position', x.position),
            ...opt('time', x.time),
          }));
      case 'pitstops': // in time-of-day order, as Jolpica serves them
        return mine('pit_stops.csv')
          .sort((a, b) => (a.time ?? '').localeCompare(b.time ?? '') || n(a.lap) - n(b.lap))
          .map((x) => ({
            driverId: driver(x.driverId).driverId,
            lap: x.lap,
            stop: x.stop,
            time: x.time,
            duration: x.duration,
          }));
      default:
        return [raceRow];
    }
  };
  const tableKey: Record<string, string> = {
    results: 'Results',
    qualifying: 'QualifyingResults',
    pitstops: 'PitStops',
  };

  return (path: string, limit: number, offset: number) => {
    const calendar = path.match(/^\/(\d{4})\/races\.json$/);
    if (calendar) {
      const season = calendar[1] ?? '';
      const all = csv('races.csv')
        .filter((r) => r.year === season)
        .sort((a, b) => Number(a.round) - Number(b.round));
      const Races = all.slice(offset, offset + limit).map(raceObject);
      const meta = { xmlns: '', series: 'f1', url: `http://fixture${JOLPICA_PREFIX}${path}` };
      return {
        MRData: {
          ...meta,
          limit: `${limit}`,
          offset: `${offset}`,
          total: `${all.length}`,
          RaceTable: { season, Races },
        },
      };
    }
    const m = path.match(/^\/(\d{4})\/(\d+)\/(races|results|qualifying|laps|pitstops)\.json$/);
    if (!m) return undefined;
    const [, season, round, table = ''] = m;
    const raceRow = csv('races.csv').find((r) => r.year === season && r.round === round);
    const all = raceRow ? rowsFor(table, raceRow) : [];
    const rows = all.slice(offset, offset + limit);
    let Races: unknown[] = [];
    if (raceRow && rows.length) {
      if (table === 'races') Races = [raceObject(raceRow)];
      else if (table === 'laps') {
        const laps = new Map<string, unknown[]>();
        for (const t of rows as { lap: string }[]) {
          const { lap, ...timing } = t;
          laps.set(lap, [...(laps.get(lap) ?? []), timing]);
        }
        Races = [
          { ...raceObject(raceRow), Laps: [...laps].map(([number, Timings]) => ({ number, Timings })) },
        ];
      } else Races = [{ ...raceObject(raceRow), [tableKey[table] ?? table]: rows }];
    }
    const url = `http://fixture${JOLPICA_PREFIX}${path}`;
    const meta = {
      xmlns: '',
      series: 'f1',
      url,
      limit: `${limit}`,
      offset: `${offset}`,
      total: `${all.length}`,
    };
    return { MRData: { ...meta, RaceTable: { season, round, Races } } };
  };
}

export type FixtureServer = Awaited<ReturnType<typeof startFixtureServer>>;

/** Starts the server on a free port; `close()` it after the tests. */
export async function startFixtureServer(options: { dataDir?: string } = {}) {
  const data = options.dataDir ?? warehouseConfig({}).PITWALL_F1DATA;
  const recordings = loadRecordings(join(data, 'api_samples/jolpica_ergast_responses'));
  const openf1 = loadOpenF1(join(data, 'api_samples/openf1_docs_examples'));
  const derived = ergastPages(join(data, 'ergast'));
  const requests: LoggedRequest[] = [];
  const script: Scripted[] = [];

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  function jolpica(path: string, params: URLSearchParams): [Served, unknown] {
    const limit = Number(params.get('limit') ?? DEFAULT_LIMIT);
    const offset = Number(params.get('offset') ?? 0);
    const exact = recordings.get(`${path}|${limit}|${offset}`);
    if (exact) return ['recorded', exact.body];
    const whole = recordings.get(`${path}|${DEFAULT_LIMIT}|0`);
    if (whole && offset === 0 && whole.total <= whole.limit && limit >= whole.total) {
      return ['recorded', { MRData: { ...whole.body.MRData, limit: `${limit}` } }];
    }
    const page = derived(path, limit, offset);
    return page ? ['derived', page] : ['missing', { detail: 'no recording for this request' }];
  }

  const server = createServer((req, res) => {
    const raw = req.url ?? '/';
    const url = new URL(raw, 'http://fixture');
    const next = script.shift();
    if (next === 'stall') return void requests.push({ path: raw, served: 'scripted' });
    if (next) {
      requests.push({ path: raw, served: 'scripted' });
      return send(res, next.status, next.body ?? { detail: `scripted ${next.status}` }, next.headers);
    }
    let served: Served = 'missing';
    let body: unknown = { detail: 'Not found.' };
    if (url.pathname.startsWith(JOLPICA_PREFIX)) {
      [served, body] = jolpica(url.pathname.slice(JOLPICA_PREFIX.length).toLowerCase(), url.searchParams);
    } else if (url.pathname.startsWith(OPENF1_PREFIX)) {
      const found = openf1.get(openF1Key(raw.slice(OPENF1_PREFIX.length)));
      if (found !== undefined) [served, body] = ['recorded', found];
      else body = { detail: 'No results found.' };
    }
    requests.push({ path: raw, served });
    send(res, served === 'missing' ? 404 : 200, body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    jolpicaUrl: `${base}${JOLPICA_PREFIX}`,
    openf1Url: `${base}${OPENF1_PREFIX}`,
    /** Every request received, in order. */
    requests,
    /** The next `n` requests get `status` (e.g. 429 with a Retry-After header, or 500). */
    failNext(n: number, status: number, headers: Record<string, string> = {}) {
      for (let i = 0; i < n; i++) script.push({ status, headers });
    },
    /** The next `n` requests are accepted and never answered (for timeouts). */
    stallNext(n: number) {
      for (let i = 0; i < n; i++) script.push('stall');
    },
    reset() {
      requests.length = 0;
      script.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
