import { z } from 'zod';
import { cacheTtlFor } from './cache.ts';
import { type HttpClient, HttpError } from './client.ts';
import { type Clock, systemClock } from './rate-limiter.ts';

/**
 * OpenF1 `/v1` records (2023 on). Times are ISO date-times (UTC), durations in seconds, speeds in km/h,
 * temperatures in °C. Fields OpenF1 leaves null for some rows (a lap with no time, a message for no
 * driver) are nullable here, so a real session parses whole.
 */
const num = z.number().nullable();
const keys = { meeting_key: z.number(), session_key: z.number() };

export const SessionSchema = z.object({
  ...keys,
  session_name: z.string(),
  session_type: z.string(),
  date_start: z.string(),
  date_end: z.string(),
  gmt_offset: z.string().optional(),
  year: z.number(),
  circuit_key: z.number().optional(),
  circuit_short_name: z.string().optional(),
  country_code: z.string().optional(),
  country_name: z.string().optional(),
  location: z.string().optional(),
  is_cancelled: z.boolean().optional(),
});
export const DriverSchema = z.object({
  ...keys,
  driver_number: z.number(),
  broadcast_name: z.string().nullable(),
  full_name: z.string().nullable(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  name_acronym: z.string().nullable(),
  team_name: z.string().nullable(),
  team_colour: z.string().nullable(),
  headshot_url: z.string().nullable().optional(),
});
export const LapSchema = z.object({
  ...keys,
  driver_number: z.number(),
  lap_number: z.number(),
  date_start: z.string().nullable(),
  lap_duration: num,
  duration_sector_1: num,
  duration_sector_2: num,
  duration_sector_3: num,
  i1_speed: num,
  i2_speed: num,
  st_speed: num,
  is_pit_out_lap: z.boolean().nullable(),
  segments_sector_1: z.array(z.number().nullable()).nullable().optional(),
  segments_sector_2: z.array(z.number().nullable()).nullable().optional(),
  segments_sector_3: z.array(z.number().nullable()).nullable().optional(),
});
export const StintSchema = z.object({
  ...keys,
  driver_number: z.number(),
  stint_number: z.number(),
  lap_start: z.number().nullable(),
  lap_end: z.number().nullable(),
  compound: z.string().nullable(),
  tyre_age_at_start: num,
});
/** `lane_duration` is entry to exit; `stop_duration` is stationary time (newer sessions only). */
export const PitSchema = z.object({
  ...keys,
  driver_number: z.number(),
  lap_number: z.number(),
  date: z.string(),
  pit_duration: num.optional(),
  lane_duration: num.optional(),
  stop_duration: num.optional(),
});
export const WeatherSchema = z.object({
  ...keys,
  date: z.string(),
  air_temperature: num,
  track_temperature: num,
  humidity: num,
  pressure: num,
  /** 0 or 1. */
  rainfall: num,
  wind_direction: num,
  /** m/s. */
  wind_speed: num,
});
export const RaceControlSchema = z.object({
  ...keys,
  date: z.string(),
  category: z.string(),
  message: z.string(),
  flag: z.string().nullable(),
  scope: z.string().nullable(),
  sector: num,
  driver_number: num,
  lap_number: num,
  qualifying_phase: num.optional(),
});
export const PositionSchema = z.object({
  ...keys,
  date: z.string(),
  driver_number: z.number(),
  position: z.number(),
});

/**
 * Query filters. A plain key filters on equality; a key ending in an operator (`'stop_duration<'`,
 * `'speed>='`) is a comparison, written the way OpenF1 expects (`stop_duration<2.3`).
 */
export type OpenF1Filters = Record<string, string | number | boolean>;
/** When the session ended (its `date_end`): a settled session's data is cached for ever. */
export type SessionTiming = { endedAt?: string };

export function openF1Query(filters: OpenF1Filters): string {
  const parts = Object.entries(filters).map(([key, value]) => {
    const op = key.match(/(<=|>=|<|>)$/)?.[1];
    const field = op ? key.slice(0, -op.length) : key;
    return `${encodeURIComponent(field)}${op ?? '='}${encodeURIComponent(String(value))}`;
  });
  return parts.length ? `?${parts.join('&')}` : '';
}

/** Typed access to the OpenF1 endpoints Pit Wall uses. */
export function createOpenF1(http: HttpClient, options: { clock?: Clock } = {}) {
  const clock = options.clock ?? systemClock;

  function endpoint<T extends z.ZodType>(name: string, schema: T) {
    const rows = z.array(schema);
    return async (filters: OpenF1Filters, timing: SessionTiming = {}): Promise<z.infer<T>[]> => {
      const path = `/${name}${openF1Query(filters)}`;
      let body: unknown;
      try {
        body = await http.getJson(path, { cacheTtlMs: cacheTtlFor(timing.endedAt, clock.now()) });
      } catch (error) {
        // OpenF1 answers a query that matches nothing with 404 "No results found".
        if (error instanceof HttpError && error.status === 404 && /no results/i.test(error.body)) return [];
        throw error;
      }
      const parsed = rows.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`OpenF1 ${path}: unexpected response at ${issue?.path.join('.')}: ${issue?.message}`);
      }
      return parsed.data;
    };
  }

  return {
    sessions: endpoint('sessions', SessionSchema),
    drivers: endpoint('drivers', DriverSchema),
    laps: endpoint('laps', LapSchema),
    stints: endpoint('stints', StintSchema),
    pit: endpoint('pit', PitSchema),
    weather: endpoint('weather', WeatherSchema),
    raceControl: endpoint('race_control', RaceControlSchema),
    position: endpoint('position', PositionSchema),
  };
}
export type OpenF1 = ReturnType<typeof createOpenF1>;
