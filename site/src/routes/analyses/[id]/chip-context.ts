import type { CatalogEntry, Query, SeasonBundle } from '@pitwall/db/contracts';
import { api } from '#lib/api.ts';
import { type Calendar, loadCalendar } from '#lib/calendar/index.ts';
import { type ChipContext, singleSeason } from './chips.ts';

/** The first world championship season: the warehouse holds every one since. */
const FIRST_SEASON = 1950;

/**
 * What the chips can offer: every season to the newest in the calendar, each season's races (its published
 * data bundle where there is one, else the site's calendar), the drivers and teams of the query's season
 * from its bundle, and the catalog's metrics and views. Without a bundle, drivers can still be removed but
 * not swapped.
 */
export function chipContext(
  calendar: Calendar | null,
  bundle: SeasonBundle | null,
  metrics: readonly CatalogEntry[] = [],
): ChipContext {
  const known = Object.keys(calendar?.seasons ?? {}).map(Number);
  const last = Math.max(FIRST_SEASON, ...known, bundle?.season ?? FIRST_SEASON);
  const seasons = Array.from({ length: last - FIRST_SEASON + 1 }, (_, i) => FIRST_SEASON + i);
  return {
    seasons,
    metrics,
    races: (season) =>
      bundle?.season === season
        ? bundle.calendar.map((r) => ({ round: r.round, name: r.name }))
        : calendar?.seasons[String(season)]?.map((r) => ({ round: r.round, name: r.name })),
    ...(bundle
      ? {
          drivers: bundle.drivers.map((d) => ({ ref: d.ref, name: d.name })),
          teams: bundle.constructors.map((c) => ({ ref: c.ref, name: c.name })),
        }
      : {}),
  };
}

/**
 * Loads the calendar, the query catalog and the query's season bundle; the bundle and the catalog may be
 * missing (not published), and the chips then offer less.
 */
export async function loadChipContext(query: Query, signal?: AbortSignal): Promise<ChipContext> {
  const season = singleSeason(query);
  const [calendar, bundle, metrics] = await Promise.all([
    loadCalendar().catch(() => null),
    season === undefined ? null : api.bundle('season', String(season), signal).catch(() => null),
    api.catalog(signal).catch(() => []),
  ]);
  return chipContext(calendar, bundle, metrics);
}

/** Before anything has loaded: the seasons alone. */
export const chipContextFallback = (): ChipContext => chipContext(null, null);
