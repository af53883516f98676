import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Bundle, BundleType } from '@pitwall/db/contracts';
import { bundleCatalog, seasonDriverRefs } from '@pitwall/db/queries/bundles';
import { seasonRaces } from '@pitwall/db/queries/warehouse';
import type { EdgeClient } from '../edge-client.ts';
import type { Warehouse } from '../warehouse.ts';
import { buildDriverBundle } from './driver.ts';
import { buildRaceBundle } from './race.ts';
import { buildSeasonBundle } from './season.ts';

export type BundleRef = { type: BundleType; id: string };
export type PublishReport = {
  /** Bundles built and compared with what the edge holds. */
  built: number;
  /** Bundles written because their content changed (or was never published). */
  published: number;
  unchanged: number;
  /** Refs the warehouse has nothing for. */
  missing: number;
  /** Uncompressed JSON and gzip bytes of the bundles written. */
  bytes: number;
  gzipBytes: number;
  seconds: number;
};

/** Builds one bundle from the warehouse; undefined when the warehouse has nothing under that id. */
export async function buildBundle(db: Warehouse, ref: BundleRef): Promise<Bundle | undefined> {
  if (ref.type === 'season') return buildSeasonBundle(db, Number(ref.id));
  if (ref.type === 'driver') return buildDriverBundle(db, ref.id);
  const [season, round] = ref.id.split('-').map(Number);
  return buildRaceBundle(db, season ?? 0, round ?? 0);
}

/**
 * Races from this season on (and every race with lap timing) are published by default. Publishing is
 * bound by one edge write per bundle (about 20–40 ms each against local workerd on two busy cores), and
 * the 1,030 older races without laps would add a minute for data the seasons already summarise;
 * `races: 'all'` includes them.
 */
export const DEFAULT_RACES_FROM = 2018;

/** Every season and every driver the warehouse knows, and its races from `racesFrom` (or all). */
export async function allBundleRefs(
  db: Warehouse,
  opts: { races?: 'all' | { from: number } } = {},
): Promise<BundleRef[]> {
  const catalog = await bundleCatalog(db);
  const races = opts.races ?? { from: DEFAULT_RACES_FROM };
  const from = races === 'all' ? 0 : races.from;
  return [
    ...catalog.seasons.map((s): BundleRef => ({ type: 'season', id: String(s) })),
    ...catalog.races
      .filter((r) => r.season >= from || r.hasLaps)
      .map((r): BundleRef => ({ type: 'race', id: `${r.season}-${r.round}` })),
    ...catalog.drivers.map((d): BundleRef => ({ type: 'driver', id: d.ref })),
  ];
}

/** What loading (part of) a season changes: the season, its races and the drivers in its results. */
export async function seasonBundleRefs(
  db: Warehouse,
  season: number,
  rounds?: number[],
): Promise<BundleRef[]> {
  const races = (await seasonRaces(db, season)).filter((r) => !rounds || rounds.includes(r.round));
  return [
    { type: 'season', id: String(season) },
    ...races.map((r): BundleRef => ({ type: 'race', id: `${season}-${r.round}` })),
    ...(await seasonDriverRefs(db, season)).map((ref): BundleRef => ({ type: 'driver', id: ref })),
  ];
}

export const bundleName = (ref: BundleRef) => `${ref.type}/${ref.id}`;

/**
 * Builds the given bundles and writes to the edge those whose content differs from what it holds
 * (content-addressed: the sha256 of the JSON text is compared with the edge's manifest, and the edge
 * compares again before writing). Bundles go gzipped; `concurrency` builds run at once.
 */
export async function publishBundles(
  deps: { warehouse: Warehouse; edge: Pick<EdgeClient, 'bundleManifest' | 'putBundle'> },
  refs: BundleRef[],
  opts: { concurrency?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<PublishReport> {
  const started = performance.now();
  const { items: held } = await deps.edge.bundleManifest();
  const report: PublishReport = {
    built: 0,
    published: 0,
    unchanged: 0,
    missing: 0,
    bytes: 0,
    gzipBytes: 0,
    seconds: 0,
  };
  const queue = [...refs];
  let done = 0;
  async function lane() {
    for (let ref = queue.shift(); ref !== undefined; ref = queue.shift()) {
      const bundle = await buildBundle(deps.warehouse, ref);
      if (!bundle) report.missing += 1;
      else {
        report.built += 1;
        const json = JSON.stringify(bundle);
        const sha256 = createHash('sha256').update(json).digest('hex');
        if (held[bundleName(ref)] === sha256) report.unchanged += 1;
        else {
          const gzipped = gzipSync(json, { level: 6 });
          const stored = await deps.edge.putBundle(ref.type, ref.id, gzipped);
          if (stored.stored) {
            report.published += 1;
            report.bytes += Buffer.byteLength(json);
            report.gzipBytes += gzipped.byteLength;
          } else report.unchanged += 1;
        }
      }
      done += 1;
      opts.onProgress?.(done, refs.length);
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 8) }, lane));
  report.seconds = Math.round((performance.now() - started) / 100) / 10;
  return report;
}
