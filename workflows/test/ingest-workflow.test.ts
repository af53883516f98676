import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { RaceBundleSchema } from '@pitwall/db/contracts';
import { raceResults, seasonRaces } from '@pitwall/db/queries/warehouse';
import { temporalBinary } from '@pitwall/scripts/services';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestActivities } from '../src/activities/ingest.ts';
import { createPublishActivities } from '../src/activities/publish.ts';
import { ensureRaceLoaded } from '../src/loaders/ensure-race.ts';
import { createDataApis } from '../src/loaders/http/apis.ts';
import { httpConfig } from '../src/loaders/http/config.ts';
import { openWarehouse, type Warehouse } from '../src/warehouse.ts';
import { ingestProgress, ingestSeason } from '../src/workflows/ingest.ts';
import { type FixtureServer, startFixtureServer } from './support/fixture-server.ts';

/**
 * Season ingestion on a real Temporal dev server: the workflow fans out one child per race, whose
 * activity loads the race from Jolpica (the fixture server with recorded and dump-derived responses) into
 * an empty warehouse.
 */
const dir = mkdtempSync(join(tmpdir(), 'pitwall-ingest-'));
let env: TestWorkflowEnvironment;
let server: FixtureServer;
let db: Warehouse;
let close: () => void;
let worker: Worker;
let requests: () => { jolpica: number; openf1: number };
/**
 * The edge's bundle store as the internal API keeps it (name → sha256 and JSON); the Worker's side of it
 * runs in workerd in worker/test/data-bundles.test.ts and end to end in scripts/e2e/data-bundles.test.ts.
 */
const published = new Map<string, { sha256: string; json: string }>();
const edge = {
  bundleManifest: async () => ({
    items: Object.fromEntries([...published].map(([name, b]) => [name, b.sha256])),
  }),
  putBundle: async (type: string, id: string, gzipped: Uint8Array) => {
    const json = gunzipSync(gzipped).toString('utf8');
    const sha256 = createHash('sha256').update(json).digest('hex');
    const stored = published.get(`${type}/${id}`)?.sha256 !== sha256;
    published.set(`${type}/${id}`, { sha256, json });
    return { stored, sha256, bytes: json.length, gzipBytes: gzipped.byteLength };
  },
};

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  [env, server] = await Promise.all([
    TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'existing-path', path: temporalBinary() }, ip: '127.0.0.1' },
    }),
    startFixtureServer(),
  ]);
  ({ db, close } = await openWarehouse(`file:${join(dir, 'wh.db')}`));
  const apis = createDataApis(
    httpConfig({
      PITWALL_JOLPICA_URL: server.jolpicaUrl,
      PITWALL_OPENF1_URL: server.openf1Url,
      PITWALL_HTTP_CACHE_DIR: join(dir, 'cache'),
    }),
  );
  requests = apis.requests;
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'ingest-test',
    workflowsPath: new URL('../src/workflows/index.ts', import.meta.url).pathname,
    activities: {
      ...createPublishActivities({ warehouse: db, edge }),
      ...createIngestActivities({
        warehouse: db,
        loadRace: async (season, round) => ({
          season,
          round,
          fetched: (await ensureRaceLoaded(db, { season, round }, { jolpica: apis.jolpica })).fetched,
        }),
        loadCalendar: async (season) => (await apis.jolpica.seasonRaces(season)).map((r) => Number(r.round)),
      }),
    },
  });
}, 120_000);
afterAll(async () => {
  close?.();
  await Promise.all([env?.teardown(), server?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('ingestSeason', () => {
  it('loads each race once, through one child workflow per race, and reports progress', async () => {
    const run = (id: string) =>
      env.client.workflow.start(ingestSeason, {
        args: [{ season: 2023, rounds: [1, 2, 3], window: 2 }],
        workflowId: id,
        taskQueue: 'ingest-test',
      });
    // A worker runs once: one run for both ingests.
    await worker.runUntil(async () => {
      const handle = await run('ingest-2023-a');
      const first = await handle.result();
      expect(await handle.query(ingestProgress)).toEqual(first);
      expect(first).toMatchObject({ season: 2023, total: 3, done: 3, failed: 0 });
      // Then the season's bundles went to the edge: the season, its three races, its drivers.
      expect(published.has('season/2023')).toBe(true);
      expect([...published.keys()].filter((k) => k.startsWith('race/')).sort()).toEqual([
        'race/2023-1',
        'race/2023-2',
        'race/2023-3',
      ]);
      expect(published.has('driver/max_verstappen')).toBe(true);
      expect(first.published).toBe(published.size);
      const bahrainBundle = RaceBundleSchema.parse(JSON.parse(published.get('race/2023-1')?.json ?? ''));
      expect(bahrainBundle.results.race[0]).toMatchObject({ driver: 'max_verstappen', position: 1 });
      expect(first.fetched).toBeGreaterThanOrEqual(3 * 4);

      const races = await seasonRaces(db, 2023);
      expect(races.map((r) => r.round)).toEqual([1, 2, 3]);
      const bahrain = await raceResults(db, races[0]?.id ?? 0);
      expect(bahrain[0]).toMatchObject({ driverRef: 'max_verstappen', position: 1 });

      // Everything is there now: a second ingest fetches nothing and asks the API nothing.
      const before = requests().jolpica;
      const second = await (await run('ingest-2023-b')).result();
      // Nothing changed, so nothing is written again.
      expect(second).toMatchObject({ done: 3, failed: 0, fetched: 0, published: 0 });
      expect(requests().jolpica).toBe(before);
    });
  }, 120_000);
});
