import { z } from 'zod';
import { SourceSchema } from './analysis.ts';

/**
 * Data bundles: per-race, per-season and per-driver JSON documents that the compute plane builds from the
 * warehouse and publishes to R2 through the internal API (`PUT /api/internal/data/:type/:id`); clients
 * read them with `GET /api/data/:type/:id`. The Worker validates every bundle against these schemas on
 * write, so a client can rely on the shape. `version` is the format version; the content hash (sha256 of
 * the JSON text) is the HTTP ETag. Times are in ms, temperatures in °C, wind in m/s; `null` = not known.
 */
export const BUNDLE_VERSION = 1;
export const BUNDLE_TYPES = ['season', 'race', 'driver'] as const;
export type BundleType = (typeof BUNDLE_TYPES)[number];

/** `2024` */
export const SEASON_ID_PATTERN = /^(19[5-9]\d|2\d{3})$/;
/** `2024-21`: season and round. */
export const RACE_ID_PATTERN = /^(19[5-9]\d|2\d{3})-([1-9]\d?)$/;
/** An Ergast driverRef: `max_verstappen`; a few historic ones carry a hyphen or a capital (`lewis-evans`). */
export const DRIVER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const BUNDLE_ID_PATTERNS: Record<BundleType, RegExp> = {
  season: SEASON_ID_PATTERN,
  race: RACE_ID_PATTERN,
  driver: DRIVER_ID_PATTERN,
};
export const BUNDLE_ID_HINTS: Record<BundleType, string> = {
  season: 'a season is a 4-digit year, e.g. 2024',
  race: 'a race is <season>-<round>, e.g. 2024-21',
  driver: 'a driver is a driver ref, e.g. max_verstappen',
};

/** The R2 key of a bundle. */
export const bundleKey = (type: BundleType, id: string) => `data/${type}/${id}.json`;

const int = z.number().int();
const ms = int.nonnegative().nullable();
const Ref = z.string().min(1).max(64);
const Version = z.literal(BUNDLE_VERSION);

export const BundleDriverSchema = z.object({
  ref: Ref,
  code: z.string().nullable(),
  name: z.string(),
});
export const BundleConstructorSchema = z.object({
  ref: Ref,
  name: z.string(),
  /** `#rrggbb`, the team's colour that season (a neutral grey where none is known). */
  colour: z.string(),
});
export const BundleCircuitSchema = z.object({
  ref: z.string(),
  name: z.string(),
  location: z.string().nullable(),
  country: z.string().nullable(),
});

export const BundleResultSchema = z.object({
  /** Null when not classified; `positionText` then says why (R retired, D disqualified, W withdrawn…). */
  position: int.nullable(),
  positionText: z.string(),
  positionOrder: int,
  driver: Ref,
  constructor: Ref,
  number: int.nullable(),
  /** Starting position; 0 = pit lane or did not start. */
  grid: int,
  points: z.number(),
  laps: int,
  timeMs: ms,
  status: z.string(),
  fastestLap: int.nullable(),
  fastestLapRank: int.nullable(),
  fastestLapTimeMs: ms,
  source: z.string(),
});

export const BundleLapSchema = z.object({
  driver: Ref,
  lap: int,
  position: int.nullable(),
  timeMs: ms,
  sector1Ms: ms,
  sector2Ms: ms,
  sector3Ms: ms,
  compound: z.string().nullable(),
  /** Laps on the set, counting this one. */
  tyreLife: int.nullable(),
  stint: int.nullable(),
  pitIn: z.boolean().nullable(),
  pitOut: z.boolean().nullable(),
  /** FastF1 track status digits seen during the lap (1 green, 4 SC, 5 red, 6/7 VSC); "" = not known. */
  trackStatus: z.string().nullable(),
  /** Session clock at the end of the lap. */
  endTimeMs: ms,
  /** Set when the row is known to be wrong or unreliable (see the data flags); such laps are kept, flagged. */
  flag: z.string().nullable(),
  source: z.string(),
});

export const RaceBundleSchema = z.object({
  version: Version,
  type: z.literal('race'),
  id: z.string().regex(RACE_ID_PATTERN),
  race: z.object({
    season: int,
    round: int,
    name: z.string(),
    date: z.string(),
    time: z.string().nullable(),
    /** Scheduled race distance in laps, where known. */
    laps: int.nullable(),
    sprintWeekend: z.boolean(),
    circuit: BundleCircuitSchema,
  }),
  sessions: z.array(z.object({ kind: z.string(), startsAt: z.string().nullable() })),
  drivers: z.array(BundleDriverSchema),
  constructors: z.array(BundleConstructorSchema),
  results: z.object({ race: z.array(BundleResultSchema), sprint: z.array(BundleResultSchema) }),
  qualifying: z.array(
    z.object({
      position: int.nullable(),
      driver: Ref,
      constructor: Ref,
      q1Ms: ms,
      q2Ms: ms,
      q3Ms: ms,
      source: z.string(),
    }),
  ),
  /** The grid as the race (or sprint) started, after penalties, where a source gives it. */
  startingGrid: z.array(
    z.object({
      session: z.enum(['race', 'sprint']),
      driver: Ref,
      position: int.nullable(),
      pitLane: z.boolean(),
      source: z.string(),
    }),
  ),
  laps: z.array(BundleLapSchema),
  stints: z.array(
    z.object({
      driver: Ref,
      stint: int,
      compound: z.string().nullable(),
      lapStart: int,
      lapEnd: int,
      tyreAgeAtStart: int.nullable(),
      fresh: z.boolean().nullable(),
      flag: z.string().nullable(),
      source: z.string(),
    }),
  ),
  pitStops: z.array(
    z.object({
      driver: Ref,
      stop: int,
      lap: int,
      /** Pit-lane time (entry to exit), not the stationary time. */
      durationMs: ms,
      flag: z.string().nullable(),
      source: z.string(),
    }),
  ),
  weather: z
    .object({
      airTempMin: z.number().nullable(),
      airTempMean: z.number().nullable(),
      airTempMax: z.number().nullable(),
      trackTempMin: z.number().nullable(),
      trackTempMean: z.number().nullable(),
      trackTempMax: z.number().nullable(),
      rainfall: z.boolean().nullable(),
      humidityMean: z.number().nullable(),
      windSpeedMean: z.number().nullable(),
      source: z.string(),
    })
    .nullable(),
  sources: z.array(SourceSchema),
});
export type RaceBundle = z.infer<typeof RaceBundleSchema>;

const StandingSchema = z.object({
  position: int.nullable(),
  positionText: z.string().nullable(),
  points: z.number(),
  wins: int,
});

export const SeasonBundleSchema = z.object({
  version: Version,
  type: z.literal('season'),
  id: z.string().regex(SEASON_ID_PATTERN),
  season: int,
  calendar: z.array(
    z.object({
      round: int,
      name: z.string(),
      date: z.string(),
      sprintWeekend: z.boolean(),
      circuit: BundleCircuitSchema,
      hasResults: z.boolean(),
      hasLaps: z.boolean(),
    }),
  ),
  /** The race winner of every round that has a result (shared drives can give a round two winners). */
  winners: z.array(z.object({ round: int, driver: Ref, constructor: Ref, grid: int })),
  drivers: z.array(BundleDriverSchema),
  constructors: z.array(BundleConstructorSchema),
  /** The championships after `afterRound`: the final tables of a finished season, the current ones else. */
  standings: z.object({
    afterRound: int.nullable(),
    drivers: z.array(StandingSchema.extend({ driver: Ref })),
    constructors: z.array(StandingSchema.extend({ constructor: Ref })),
  }),
  /**
   * Per round and driver: `scored` = race + sprint points that round, `total` = championship points after
   * it (from the standings; dropped scores of older seasons make it less than the sum of `scored`).
   */
  pointsByRound: z.array(
    z.object({ round: int, driver: Ref, scored: z.number(), total: z.number().nullable() }),
  ),
  sources: z.array(SourceSchema),
});
export type SeasonBundle = z.infer<typeof SeasonBundleSchema>;

const TallySchema = z.object({
  /** Grands Prix started or entered (race classifications the driver appears in). */
  races: int,
  /** Race + sprint points scored. */
  points: z.number(),
  wins: int,
  podiums: int,
  /** Started from grid slot 1 (the record books' pole: after grid penalties; 2021 sprint winners). */
  poles: int,
  fastestLaps: int,
});

export const DriverBundleSchema = z.object({
  version: Version,
  type: z.literal('driver'),
  id: z.string().regex(DRIVER_ID_PATTERN),
  driver: z.object({
    ref: Ref,
    code: z.string().nullable(),
    number: int.nullable(),
    forename: z.string(),
    surname: z.string(),
    name: z.string(),
    dob: z.string().nullable(),
    nationality: z.string().nullable(),
  }),
  seasons: z.array(
    TallySchema.extend({
      season: int,
      teams: z.array(z.object({ ref: Ref, name: z.string(), colour: z.string() })),
      /** Place in the drivers' championship after the season's last round with standings. */
      position: int.nullable(),
      championshipPoints: z.number().nullable(),
    }),
  ),
  career: TallySchema.extend({
    seasons: int,
    championships: int,
    bestFinish: int.nullable(),
    firstRace: z.object({ season: int, round: int, name: z.string() }).nullable(),
    lastRace: z.object({ season: int, round: int, name: z.string() }).nullable(),
  }),
  sources: z.array(SourceSchema),
});
export type DriverBundle = z.infer<typeof DriverBundleSchema>;

export const BUNDLE_SCHEMAS = {
  season: SeasonBundleSchema,
  race: RaceBundleSchema,
  driver: DriverBundleSchema,
} as const;
export type Bundle = RaceBundle | SeasonBundle | DriverBundle;

/** What the edge holds: bundle (`race/2024-21`) → sha256 of its JSON. */
export const BundleManifestSchema = z.object({ items: z.record(z.string(), z.string()) });
export type BundleManifest = z.infer<typeof BundleManifestSchema>;
export const BundleStoredSchema = z.object({
  stored: z.boolean(),
  sha256: z.string(),
  bytes: int,
  gzipBytes: int,
});
export type BundleStored = z.infer<typeof BundleStoredSchema>;
