import { z } from 'zod';

/**
 * Jolpica (Ergast-compatible) `MRData` responses. Every value arrives as a string, ids are Ergast refs
 * (driverId = drivers.ref, constructorId = constructors.ref, circuitId = circuits.ref). Optional fields
 * are those the recorded responses omit for some rows (no permanent number before 2014, no Time for a
 * retirement, no Q2/Q3 for a knocked-out driver).
 */

const int = z.coerce.number().int();

export const DriverSchema = z.object({
  driverId: z.string(),
  permanentNumber: z.string().optional(),
  code: z.string().optional(),
  url: z.string().optional(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string().optional(),
  nationality: z.string().optional(),
});
export type JolpicaDriver = z.infer<typeof DriverSchema>;

export const ConstructorSchema = z.object({
  constructorId: z.string(),
  url: z.string().optional(),
  name: z.string(),
  nationality: z.string().optional(),
});
export type JolpicaConstructor = z.infer<typeof ConstructorSchema>;

export const CircuitSchema = z.object({
  circuitId: z.string(),
  url: z.string().optional(),
  circuitName: z.string(),
  Location: z.object({
    lat: z.coerce.number(),
    long: z.coerce.number(),
    locality: z.string(),
    country: z.string(),
  }),
});
export type JolpicaCircuit = z.infer<typeof CircuitSchema>;

const SessionTime = z.object({ date: z.string(), time: z.string().optional() }).optional();

export const RaceSchema = z.object({
  season: int,
  round: int,
  url: z.string().optional(),
  raceName: z.string(),
  Circuit: CircuitSchema,
  /** Race day, UTC (YYYY-MM-DD). */
  date: z.string(),
  /** Start time, UTC with a trailing Z (13:00:00Z). */
  time: z.string().optional(),
  FirstPractice: SessionTime,
  SecondPractice: SessionTime,
  ThirdPractice: SessionTime,
  Qualifying: SessionTime,
  Sprint: SessionTime,
  SprintQualifying: SessionTime,
  SprintShootout: SessionTime,
});
export type JolpicaRace = z.infer<typeof RaceSchema>;

/** A race or sprint classification row. `Time.millis` is the driver's own total; `Time.time` is a gap. */
export const ResultSchema = z.object({
  number: int.optional(),
  position: int,
  positionText: z.string(),
  points: z.coerce.number(),
  Driver: DriverSchema,
  Constructor: ConstructorSchema,
  grid: int,
  laps: int,
  status: z.string(),
  Time: z.object({ millis: int.optional(), time: z.string() }).optional(),
  FastestLap: z
    .object({
      rank: int.optional(),
      lap: int,
      Time: z.object({ time: z.string() }).optional(),
      AverageSpeed: z.object({ units: z.string(), speed: z.coerce.number() }).optional(),
    })
    .optional(),
});
export type JolpicaResult = z.infer<typeof ResultSchema>;

export const QualifyingSchema = z.object({
  number: int.optional(),
  position: int.optional(),
  Driver: DriverSchema,
  Constructor: ConstructorSchema,
  Q1: z.string().optional(),
  Q2: z.string().optional(),
  Q3: z.string().optional(),
});
export type JolpicaQualifying = z.infer<typeof QualifyingSchema>;

export const LapSchema = z.object({
  number: int,
  Timings: z.array(z.object({ driverId: z.string(), position: int.optional(), time: z.string().optional() })),
});

export const PitStopSchema = z.object({
  driverId: z.string(),
  lap: int,
  stop: int,
  /** Time of day, local to the circuit (14:19:22). */
  time: z.string(),
  /** Pit-lane time: "25.636", or "23:29.303" when a red flag stopped the car in the lane. */
  duration: z.string(),
});
export type JolpicaPitStop = z.infer<typeof PitStopSchema>;

const StandingBase = {
  position: int.optional(),
  positionText: z.string(),
  points: z.coerce.number(),
  wins: int,
};
export const DriverStandingSchema = z.object({
  ...StandingBase,
  Driver: DriverSchema,
  Constructors: z.array(ConstructorSchema),
});
export const ConstructorStandingSchema = z.object({ ...StandingBase, Constructor: ConstructorSchema });
export const StatusSchema = z.object({ statusId: int, count: int, status: z.string() });

/** Every table a race can carry; a response fills the one its endpoint names. */
export const RaceRowSchema = RaceSchema.extend({
  Results: z.array(ResultSchema).optional(),
  SprintResults: z.array(ResultSchema).optional(),
  QualifyingResults: z.array(QualifyingSchema).optional(),
  Laps: z.array(LapSchema).optional(),
  PitStops: z.array(PitStopSchema).optional(),
});

const StandingsListSchema = z.object({
  season: int,
  round: int,
  DriverStandings: z.array(DriverStandingSchema).optional(),
  ConstructorStandings: z.array(ConstructorStandingSchema).optional(),
});

/** The envelope: paging counters plus whichever table the endpoint returns. */
export const MRDataSchema = z.object({
  MRData: z.object({
    limit: int,
    offset: int,
    /** Rows across all pages; for laps a row is one driver's timing on one lap. */
    total: int,
    RaceTable: z.object({ Races: z.array(RaceRowSchema) }).optional(),
    StandingsTable: z.object({ StandingsLists: z.array(StandingsListSchema) }).optional(),
    DriverTable: z.object({ Drivers: z.array(DriverSchema) }).optional(),
    ConstructorTable: z.object({ Constructors: z.array(ConstructorSchema) }).optional(),
    CircuitTable: z.object({ Circuits: z.array(CircuitSchema) }).optional(),
    StatusTable: z.object({ Status: z.array(StatusSchema) }).optional(),
  }),
});
export type MRData = z.infer<typeof MRDataSchema>['MRData'];
