import { CACHE_FOREVER, cacheTtlFor } from './cache.ts';
import type { HttpClient } from './client.ts';
import {
  type JolpicaPitStop,
  type JolpicaQualifying,
  type JolpicaRace,
  type JolpicaResult,
  type MRData,
  MRDataSchema,
  type RaceRowSchema,
} from './jolpica-schema.ts';
import { type Clock, systemClock } from './rate-limiter.ts';

export type RaceRef = { season: number; round: number };
/** Scope of the season-wide endpoints: a whole season, or the state after one round. */
export type SeasonScope = { season: number; round?: number };
/** When the race ended (its date, YYYY-MM-DD, will do): lets a finished current-season race be cached. */
export type RaceTiming = { endedAt?: string };

/** One driver's lap: `time` as Jolpica writes it (1:39.019), `position` at the end of the lap. */
export type LapTiming = {
  lap: number;
  driverId: string;
  position: number | undefined;
  time: string | undefined;
};

type RaceRow = ReturnType<typeof RaceRowSchema.parse>;

export type JolpicaOptions = {
  /** Rows per request; Jolpica serves at most 100, its default is 30. */
  pageSize?: number;
  clock?: Clock;
};

/**
 * Typed access to the Jolpica endpoints Pit Wall uses. Each call follows `limit`/`offset` until `total`
 * rows have arrived. Past seasons, and current-season races once settled, are cached for ever.
 */
export function createJolpica(http: HttpClient, options: JolpicaOptions = {}) {
  const pageSize = options.pageSize ?? 100;
  const clock = options.clock ?? systemClock;

  const ttl = (season: number, endedAt?: string) =>
    season < new Date(clock.now()).getUTCFullYear() ? CACHE_FOREVER : cacheTtlFor(endedAt, clock.now());

  /** Every page of `path`, in order. */
  async function allPages(path: string, cacheTtlMs: number): Promise<MRData[]> {
    const pages: MRData[] = [];
    let offset = 0;
    for (;;) {
      const url = `${path}?limit=${pageSize}&offset=${offset}`;
      const parsed = MRDataSchema.safeParse(await http.getJson(url, { cacheTtlMs }));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`Jolpica ${url}: unexpected response at ${issue?.path.join('.')}: ${issue?.message}`);
      }
      const page = parsed.data.MRData;
      pages.push(page);
      // Step by the limit the server applied, which may be smaller than the one asked for.
      offset = page.offset + Math.max(1, page.limit);
      if (offset >= page.total) return pages;
    }
  }

  /** The races of every page, with a race split across pages merged back into one. */
  async function raceTable(path: string, cacheTtlMs: number): Promise<RaceRow[]> {
    const merged = new Map<string, RaceRow>();
    for (const page of await allPages(path, cacheTtlMs)) {
      for (const race of page.RaceTable?.Races ?? []) {
        const key = `${race.season}/${race.round}`;
        const seen = merged.get(key);
        if (!seen) {
          merged.set(key, { ...race });
          continue;
        }
        for (const table of ['Results', 'SprintResults', 'QualifyingResults', 'Laps', 'PitStops'] as const) {
          const rows = race[table];
          if (rows) (seen[table] as unknown[]) = [...(seen[table] ?? []), ...rows];
        }
      }
    }
    return [...merged.values()];
  }

  const racePath = ({ season, round }: RaceRef, endpoint: string) => `/${season}/${round}/${endpoint}.json`;
  const scopePath = ({ season, round }: SeasonScope, endpoint: string) =>
    round === undefined ? `/${season}/${endpoint}.json` : `/${season}/${round}/${endpoint}.json`;

  async function classification(ref: RaceRef, timing: RaceTiming, endpoint: 'results' | 'sprint') {
    const [race] = await raceTable(racePath(ref, endpoint), ttl(ref.season, timing.endedAt));
    const rows: JolpicaResult[] = (endpoint === 'results' ? race?.Results : race?.SprintResults) ?? [];
    return { race: race as JolpicaRace | undefined, results: rows };
  }

  return {
    /** The season calendar, in round order. */
    seasonRaces: async (season: number): Promise<JolpicaRace[]> =>
      raceTable(`/${season}/races.json`, ttl(season)),
    /** One race's calendar entry, or undefined when the round does not exist. */
    race: async (ref: RaceRef): Promise<JolpicaRace | undefined> =>
      (await raceTable(racePath(ref, 'races'), ttl(ref.season)))[0],
    results: (ref: RaceRef, timing: RaceTiming = {}) => classification(ref, timing, 'results'),
    sprint: (ref: RaceRef, timing: RaceTiming = {}) => classification(ref, timing, 'sprint'),
    qualifying: async (ref: RaceRef, timing: RaceTiming = {}): Promise<JolpicaQualifying[]> => {
      const [race] = await raceTable(racePath(ref, 'qualifying'), ttl(ref.season, timing.endedAt));
      return race?.QualifyingResults ?? [];
    },
    /** Every driver's every lap, lap by lap in running order. */
    laps: async (ref: RaceRef, timing: RaceTiming = {}): Promise<LapTiming[]> => {
      const [race] = await raceTable(racePath(ref, 'laps'), ttl(ref.season, timing.endedAt));
      return (race?.Laps ?? []).flatMap((lap) =>
        lap.Timings.map((t) => ({
          lap: lap.number,
          driverId: t.driverId,
          position: t.position,
          time: t.time,
        })),
      );
    },
    pitStops: async (ref: RaceRef, timing: RaceTiming = {}): Promise<JolpicaPitStop[]> => {
      const [race] = await raceTable(racePath(ref, 'pitstops'), ttl(ref.season, timing.endedAt));
      return race?.PitStops ?? [];
    },
    /** Standings after `round` (or after the latest round of the season). */
    driverStandings: async (scope: SeasonScope) =>
      (await allPages(scopePath(scope, 'driverstandings'), ttl(scope.season))).flatMap((p) =>
        (p.StandingsTable?.StandingsLists ?? []).flatMap((l) => l.DriverStandings ?? []),
      ),
    constructorStandings: async (scope: SeasonScope) =>
      (await allPages(scopePath(scope, 'constructorstandings'), ttl(scope.season))).flatMap((p) =>
        (p.StandingsTable?.StandingsLists ?? []).flatMap((l) => l.ConstructorStandings ?? []),
      ),
    drivers: async (scope: SeasonScope) =>
      (await allPages(scopePath(scope, 'drivers'), ttl(scope.season))).flatMap(
        (p) => p.DriverTable?.Drivers ?? [],
      ),
    constructors: async (scope: SeasonScope) =>
      (await allPages(scopePath(scope, 'constructors'), ttl(scope.season))).flatMap(
        (p) => p.ConstructorTable?.Constructors ?? [],
      ),
    circuits: async (scope: SeasonScope) =>
      (await allPages(scopePath(scope, 'circuits'), ttl(scope.season))).flatMap(
        (p) => p.CircuitTable?.Circuits ?? [],
      ),
    /** Finishing statuses with how often each occurred. */
    status: async (scope: SeasonScope) =>
      (await allPages(scopePath(scope, 'status'), ttl(scope.season))).flatMap(
        (p) => p.StatusTable?.Status ?? [],
      ),
  };
}
export type Jolpica = ReturnType<typeof createJolpica>;
