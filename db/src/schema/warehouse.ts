import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The F1 warehouse (libSQL). Ids follow the Ergast dump so rows can be traced to their source;
 * `source` says which dataset each row came from.
 */

export const circuits = sqliteTable('circuits', {
  id: integer('id').primaryKey(),
  ref: text('ref').notNull().unique(),
  name: text('name').notNull(),
  location: text('location'),
  country: text('country'),
  lat: real('lat'),
  lng: real('lng'),
});

export const drivers = sqliteTable('drivers', {
  id: integer('id').primaryKey(),
  ref: text('ref').notNull().unique(),
  number: integer('number'),
  code: text('code'),
  forename: text('forename').notNull(),
  surname: text('surname').notNull(),
  dob: text('dob'),
  nationality: text('nationality'),
});

export const constructors = sqliteTable('constructors', {
  id: integer('id').primaryKey(),
  ref: text('ref').notNull().unique(),
  name: text('name').notNull(),
  nationality: text('nationality'),
});

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
    date: text('date').notNull(),
    time: text('time'),
  },
  (t) => [uniqueIndex('races_season_round').on(t.season, t.round)],
);

export const statuses = sqliteTable('statuses', {
  id: integer('id').primaryKey(),
  status: text('status').notNull(),
});

export const results = sqliteTable(
  'results',
  {
    id: integer('id').primaryKey(),
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
    grid: integer('grid').notNull(),
    /** Null when not classified; `positionText` then says why (R, D, W, …). */
    position: integer('position'),
    positionText: text('position_text').notNull(),
    positionOrder: integer('position_order').notNull(),
    points: real('points').notNull(),
    laps: integer('laps').notNull(),
    /** Race time in ms for finishers on the lead lap or with a timed gap. */
    timeMs: integer('time_ms'),
    fastestLap: integer('fastest_lap'),
    fastestLapRank: integer('fastest_lap_rank'),
    fastestLapTime: text('fastest_lap_time'),
    statusId: integer('status_id')
      .notNull()
      .references(() => statuses.id),
    source: text('source').notNull(),
  },
  (t) => [index('results_race').on(t.raceId, t.positionOrder), index('results_driver').on(t.driverId)],
);

/** One row per imported dataset file, so a re-import can tell what it already holds. */
export const imports = sqliteTable('imports', {
  dataset: text('dataset').primaryKey(),
  rows: integer('rows').notNull(),
  sha256: text('sha256').notNull(),
  importedAt: text('imported_at').notNull(),
});
