import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The F1 warehouse (libSQL). Entity ids follow the Ergast dump where it has them, so rows trace back to
 * their source; entities Ergast lacks get ids from 100000 up. Every fact row records its `source`
 * (`ergast`, `fastf1`, `openf1`, `f1db`, `jolpica`, `openf1_api`, `upload`), and rows that real data got
 * wrong carry a `flag` (a reason code) instead of being dropped: queries leave flagged rows out unless
 * asked for them.
 */

const source = () => text('source').notNull();
const flag = () => text('flag');

export const seasons = sqliteTable('seasons', {
  year: integer('year').primaryKey(),
});

export const circuits = sqliteTable('circuits', {
  id: integer('id').primaryKey(),
  ref: text('ref').notNull().unique(),
  f1dbId: text('f1db_id').unique(),
  name: text('name').notNull(),
  location: text('location'),
  country: text('country'),
  lat: real('lat'),
  lng: real('lng'),
});

export const drivers = sqliteTable(
  'drivers',
  {
    id: integer('id').primaryKey(),
    /** Ergast/Jolpica driverRef, e.g. `max_verstappen`. */
    ref: text('ref').notNull().unique(),
    f1dbId: text('f1db_id').unique(),
    /** Permanent number, where the driver has one. */
    number: integer('number'),
    code: text('code'),
    forename: text('forename').notNull(),
    surname: text('surname').notNull(),
    /** "Nico Hülkenberg" → "nico hulkenberg": for matching typed names. */
    nameAscii: text('name_ascii').notNull(),
    dob: text('dob'),
    nationality: text('nationality'),
  },
  (t) => [index('drivers_code').on(t.code), index('drivers_surname').on(t.surname)],
);

export const constructors = sqliteTable('constructors', {
  id: integer('id').primaryKey(),
  ref: text('ref').notNull().unique(),
  f1dbId: text('f1db_id').unique(),
  name: text('name').notNull(),
  nationality: text('nationality'),
});

/** A team as it raced in one season: its name that year and its colour. */
export const constructorSeasons = sqliteTable(
  'constructor_seasons',
  {
    season: integer('season').notNull(),
    constructorId: integer('constructor_id')
      .notNull()
      .references(() => constructors.id),
    name: text('name').notNull(),
    colour: text('colour').notNull(),
  },
  (t) => [primaryKey({ columns: [t.season, t.constructorId] })],
);

/** Who drove for whom with which car number in a season (a driver can appear for two teams). */
export const driverSeasons = sqliteTable(
  'driver_seasons',
  {
    season: integer('season').notNull(),
    driverId: integer('driver_id')
      .notNull()
      .references(() => drivers.id),
    constructorId: integer('constructor_id')
      .notNull()
      .references(() => constructors.id),
    number: integer('number'),
    code: text('code'),
  },
  (t) => [primaryKey({ columns: [t.season, t.driverId, t.constructorId] })],
);

export const races = sqliteTable(
  'races',
  {
    id: integer('id').primaryKey(),
    season: integer('season').notNull(),
    round: integer('round').notNull(),
    circuitId: integer('circuit_id')
      .notNull()
      .references(() => circuits.id),
    name: text('name').notNull(),
    /** Race day (UTC date) and start time where known. */
    date: text('date').notNull(),
    time: text('time'),
    laps: integer('laps'),
    sprintWeekend: integer('sprint_weekend', { mode: 'boolean' }).notNull().default(false),
    openf1MeetingKey: integer('openf1_meeting_key'),
    f1dbId: text('f1db_id'),
  },
  (t) => [uniqueIndex('races_season_round').on(t.season, t.round)],
);

/** The sessions of an event weekend. */
export const sessions = sqliteTable(
  'sessions',
  {
    raceId: integer('race_id')
      .notNull()
      .references(() => races.id),
    kind: text('kind', {
      enum: ['fp1', 'fp2', 'fp3', 'qualifying', 'sprint_qualifying', 'sprint', 'race'],
    }).notNull(),
    /** ISO date, or date and time (UTC) where known. */
    startsAt: text('starts_at'),
    openf1SessionKey: integer('openf1_session_key'),
  },
  (t) => [primaryKey({ columns: [t.raceId, t.kind] })],
);

/**
 * Race and sprint classifications. A finishing slot is (positionOrder, driver): in the 1950s two drivers
 * could share one car and one slot, and one driver could finish in two cars.
 */
export const results = sqliteTable(
  'results',
  {
    raceId: integer('race_id')
      .notNull()
      .references(() => races.id),
    session: text('session', { enum: ['race', 'sprint'] }).notNull(),
    positionOrder: integer('position_order').notNull(),
    driverId: integer('driver_id')
      .notNull()
      .references(() => drivers.id),
    constructorId: integer('constructor_id')
      .notNull()
      .references(() => constructors.id),
    number: integer('number'),
    /** 0 = started from the pit lane (or did not start). */
    grid: integer('grid').notNull(),
    /** Null when not classified; `positionText` then says why (R, D, W, N, E, F). */
    position: integer('position'),
    positionText: text('position_text').notNull(),
    points: real('points').notNull(),
    laps: integer('laps').notNull(),
    /** Total race time in ms, for drivers with a timed finish. */
    timeMs: integer('time_ms'),
    status: text('status').notNull(),
    fastestLap: integer('fastest_lap'),
    fastestLapRank: integer('fastest_lap_rank'),
    fastestLapTimeMs: integer('fastest_lap_time_ms'),
    source: source(),
  },
  (t) => [
    primaryKey({ columns: [t.raceId, t.session, t.positionOrder, t.driverId] }),
    index('results_driver').on(t.driverId, t.session),
    index('results_constructor').on(t.constructorId, t.session),
  ],
);

export const qualifying = sqliteTable(
  'qualifying',
  {
    raceId: integer('race_id')
      .notNull()
      .references(() => races.id),
    driverId: integer('driver_id')
      .notNull()
      .references(() => drivers.id),
    constructorId: integer('constructor_id')
      .notNull()
      .references(() => constructors.id),
    number: integer('number'),
    position: integer('position'),
    q1Ms: integer('q1_ms'),
    q2Ms: integer('q2_ms'),
    q3Ms: integer('q3_ms'),
    source: source(),
  },
  (t) => [primaryKey({ columns: [t.raceId, t.driverId] }), index('qualifying_driver').on(t.driverId)],
);

/** The grid as the race started (after penalties), where a source gives it apart from results. */
export const startingGrid = sqliteTable(
  'starting_grid',
  {
    raceId: integer('race_id')
      .notNull()
      .references(() => races.id),
    session: text('session', { enum: ['race', 'sprint'] }).notNull(),
    driverId: integer('driver_id')
      .notNull()
      .references(() => drivers.id),
    /** Null for a pit-lane start. */
    position: integer('position'),
    pitLane: integer('pit_lane', { mode: 'boolean' }).notNull().default(false),
    source: source(),
  },
  (t) => [primaryKey({ columns: [t.raceId, t.session, t.driverId] })],
);

/** The timed sessions that have laps: the Grand Prix and, on sprint weekends, the sprint. */
export const LAP_SESSIONS = ['race', 'sprint'] as const;
export type LapSession = (typeof LAP_SESSIONS)[number];
const lapSession = () => text('session', { enum: LAP_SESSIONS }).notNull().default('race');

/** One row per driver per lap of a race or a sprint. */
export const laps = sqliteTable(
  'laps',
  {
    raceId: integer('race_id')
      .notNull()
      .references(() => races.id),
    /** The Grand Prix (`race`) or the sprint of the same weekend. */
    session: lapSession(),
    driverId: integer('driver_id')
      .notNull()
      .references(() => drivers.id),
    lap: integer('lap').notNull(),
    /** Running position at the end of the lap. */
    position: integer('position'),
    timeMs: integer('time_ms'),
    sector1Ms: integer('sector1_ms'),
    sector2Ms: integer('sector2_ms'),
    sector3Ms: integer('sector3_ms'),
    /** Speed traps in km/h: intermediate 1, intermediate 2, speed trap. */
    i1Speed: real('i1_speed'),
    i2Speed: real('i2_speed'),
    stSpeed: real('st_speed'),
    compound: text('compound'),
    tyreLife: integer('tyre_life'),
    stint: integer('stint'),
    freshTyre: integer('fresh_tyre', { mode: 'boolean' }),
    /**
     * FastF1 track status digits seen during the lap: 1 green, 2 yellow, 4 safety car, 5 red flag,
     * 6 VSC deployed, 7 VSC ending. "" when not known.
     */
    trackStatus: text('track_status'),
    pitIn: integer('pit_in', { mode: 'boolean' }),
    pitOut: integer('pit_out', { mode: 'boolean' }),
    /** FastF1's accuracy flag for the lap time. */
    isAccurate: integer('is_accurate', { mode: 'boolean' }),
    /**
     * The session clock when the lap ended, ms (FastF1 `Time`). Race traces compare cars by it, so a lap
     * whose own time is missing (lap 1 in FastF1) still places the car.
     */
    endTimeMs: integer('end_time_ms'),
    source: source(),
    /** Set when the row is known to be wrong or unreliable; see DATA_FLAGS. */
    flag: flag(),
  },
  // The primary key serves every read (all of them by race); a second index cost the import more than
  // any read gained from it.
  (t) => [primaryKey({ columns: [t.raceId, t.session, t.driverId, t.lap] })],
);

/** Classified sessions without laps in the warehouse: free practice and sprint qualifying (shootout). */
export const SESSION_RESULT_KINDS = ['fp1', 'fp2', 'fp3', 'sprint_qualifying'] as const;
export type SessionResultKind = (typeof SESSION_RESULT_KINDS)[number];

/**
 * The order of a practice or sprint-qualifying session: each driver's best lap (`timeMs`), the gap to the
 * fastest (`gapMs`) and laps run. For sprint qualifying `q1Ms`…`q3Ms` are SQ1–SQ3 and `timeMs` is the time
 * of the last part the driver reached, the one that set their place. `position` is null when the driver
 * set no time (`positionText` then says why).
 */
export const sessionResults = sqliteTable(
  'session_results',
  {
    raceId: integer('race_id')
      .notNull()
      .references(() => races.id),
    session: text('session', { enum: SESSION_RESULT_KINDS }).notNull(),
    driverId: integer('driver_id')
      .notNull()
      .references(() => drivers.id),
    constructorId: integer('constructor_id')
      .notNull()
      .references(() => constructors.id),
    number: integer('number'),
    position: integer('position'),
    positionText: text('position_text').notNull(),
    timeMs: integer('time_ms'),
    gapMs: integer('gap_ms'),
    laps: integer('laps'),
    q1Ms: integer('q1_ms'),
    q2Ms: integer('q2_ms'),
    q3Ms: integer('q3_ms'),
    source: source(),
  },
  (t) => [
    primaryKey({ columns: [t.raceId, t.session, t.driverId] }),
    index('session_results_driver').on(t.driverId, t.session),
  ],
);

export const pitStops = sqliteTable(
  'pit_stops',
  {
    raceId: integer('race_id')
      .notNull()
      .references(() => races.id),
    driverId: integer('driver_id')
      .notNull()
      .references(() => drivers.id),
    stop: integer('stop').notNull(),
    lap: integer('lap').notNull(),
    /** Time of day of the stop, as the source gives it. */
    timeOfDay: text('time_of_day'),
    /** Pit-lane time in ms (entry to exit), not the stationary time. */
    durationMs: integer('duration_ms'),
    source: source(),
    flag: flag(),
  },
  (t) => [primaryKey({ columns: [t.raceId, t.driverId, t.stop] })],
);

/**
 * Safety-car periods of a race, as the Ergast dump records them (1973 on): the lap it came out, the lap
 * it went in, the full laps run behind it, and the cause. Virtual safety cars are in `virtual_safety_cars`.
 */
export const safetyCars = sqliteTable(
  'safety_cars',
  {
    raceId: integer('race_id')
      .notNull()
      .references(() => races.id),
    /** 1 for the race's first period, in order of deployment. */
    period: integer('period').notNull(),
    cause: text('cause'),
    deployedLap: integer('deployed_lap').notNull(),
    retreatedLap: integer('retreated_lap'),
    fullLaps: integer('full_laps'),
    source: source(),
  },
  (t) => [primaryKey({ columns: [t.raceId, t.period] })],
);

/**
 * Virtual safety-car periods of a race (2015 on), estimated lap by lap: a period is a run of consecutive
 * laps run at least partly under the VSC. `firstLap`..`lastLap` inclusive.
 */
export const virtualSafetyCars = sqliteTable(
  'virtual_safety_cars',
  {
    raceId: integer('race_id')
      .notNull()
      .references(() => races.id),
    /** 1 for the race's first VSC period, in lap order. */
    period: integer('period').notNull(),
    firstLap: integer('first_lap').notNull(),
    lastLap: integer('last_lap').notNull(),
    source: source(),
  },
  (t) => [primaryKey({ columns: [t.raceId, t.period] })],
);

/** Red flags of a race: the lap, whether the race resumed, the incident and who it put out. */
export const redFlags = sqliteTable(
  'red_flags',
  {
    raceId: integer('race_id')
      .notNull()
      .references(() => races.id),
    /** 1 for the race's first red flag, in lap order. */
    flag: integer('flag').notNull(),
    lap: integer('lap').notNull(),
    resumed: integer('resumed', { mode: 'boolean' }).notNull(),
    incident: text('incident'),
    /** Drivers the incident put out of the race, as the source writes them. */
    excluded: text('excluded'),
    source: source(),
  },
  (t) => [primaryKey({ columns: [t.raceId, t.flag] })],
);

export const stints = sqliteTable(
  'stints',
  {
    raceId: integer('race_id')
      .notNull()
      .references(() => races.id),
    session: lapSession(),
    driverId: integer('driver_id')
      .notNull()
      .references(() => drivers.id),
    stint: integer('stint').notNull(),
    compound: text('compound'),
    lapStart: integer('lap_start').notNull(),
    lapEnd: integer('lap_end').notNull(),
    tyreAgeAtStart: integer('tyre_age_at_start'),
    /** true = new set, false = used, null = unknown. */
    fresh: integer('fresh', { mode: 'boolean' }),
    source: source(),
    flag: flag(),
  },
  (t) => [primaryKey({ columns: [t.raceId, t.session, t.driverId, t.stint] })],
);

/** Weather over a race: temperatures in °C, wind in m/s, humidity in %. */
export const weather = sqliteTable('weather', {
  raceId: integer('race_id')
    .primaryKey()
    .references(() => races.id),
  airTempMin: real('air_temp_min'),
  airTempMean: real('air_temp_mean'),
  airTempMax: real('air_temp_max'),
  trackTempMin: real('track_temp_min'),
  trackTempMean: real('track_temp_mean'),
  trackTempMax: real('track_temp_max'),
  rainfall: integer('rainfall', { mode: 'boolean' }),
  humidityMean: real('humidity_mean'),
  windSpeedMean: real('wind_speed_mean'),
  source: source(),
});

/** Championship standings after each round. */
export const driverStandings = sqliteTable(
  'driver_standings',
  {
    raceId: integer('race_id')
      .notNull()
      .references(() => races.id),
    driverId: integer('driver_id')
      .notNull()
      .references(() => drivers.id),
    points: real('points').notNull(),
    position: integer('position'),
    positionText: text('position_text'),
    wins: integer('wins').notNull(),
    source: source(),
  },
  (t) => [primaryKey({ columns: [t.raceId, t.driverId] })],
);

export const constructorStandings = sqliteTable(
  'constructor_standings',
  {
    raceId: integer('race_id')
      .notNull()
      .references(() => races.id),
    constructorId: integer('constructor_id')
      .notNull()
      .references(() => constructors.id),
    points: real('points').notNull(),
    position: integer('position'),
    positionText: text('position_text'),
    wins: integer('wins').notNull(),
    source: source(),
  },
  (t) => [primaryKey({ columns: [t.raceId, t.constructorId] })],
);

/** One row per imported dataset, so a re-import can tell what it already holds. */
export const imports = sqliteTable('imports', {
  dataset: text('dataset').primaryKey(),
  rows: integer('rows').notNull(),
  /** Rows kept but flagged, and rows that could not be imported at all (with reasons in `issues`). */
  flagged: integer('flagged').notNull().default(0),
  rejected: integer('rejected').notNull().default(0),
  issues: text('issues', { mode: 'json' }).$type<Record<string, number>>(),
  sha256: text('sha256').notNull(),
  importedAt: text('imported_at').notNull(),
});
