import type { ChartDraft, Fact, Source, Table } from '@pitwall/db/contracts';

/**
 * The inputs and outputs of Pit Wall's analyses. Analyses are pure: activities read these rows from the
 * warehouse and hand them over; nothing here does I/O. Drivers and teams are named by their refs
 * (`max_verstappen`, `red_bull`); times are in milliseconds.
 */

export type AnalysisOutput = {
  facts: Fact[];
  tables: Table[];
  /** Chart specs without files; rendering adds them. */
  charts: ChartDraft[];
  sources: Source[];
  quality: { code: string; message: string }[];
  /** The sentences that answer the question, built from the computed values (metric queries). */
  headline?: string;
};

export type DriverInfo = {
  ref: string;
  /** Three-letter code, e.g. VER. */
  code: string;
  name: string;
  teamRef: string;
  teamName: string;
  /** Team colour, #rrggbb. */
  colour: string;
};

export type LapInput = {
  driver: string;
  lap: number;
  position: number | null;
  timeMs: number | null;
  compound: string | null;
  tyreLife: number | null;
  stint: number | null;
  /** FastF1 track status digits seen during the lap (1 green, 2 yellow, 4 SC, 5 red, 6/7 VSC). */
  trackStatus: string | null;
  pitIn: boolean | null;
  pitOut: boolean | null;
  isAccurate: boolean | null;
  /** Session clock at the end of the lap, ms, where the source has it (FastF1). */
  endTimeMs?: number | null;
};

export type StintInput = {
  driver: string;
  stint: number;
  compound: string | null;
  lapStart: number;
  lapEnd: number;
  tyreAgeAtStart: number | null;
  fresh: boolean | null;
};

export type PitStopInput = {
  driver: string;
  stop: number;
  lap: number;
  /** Pit-lane time (entry to exit), ms. */
  durationMs: number | null;
};

export type ResultInput = {
  driver: string;
  teamRef: string;
  grid: number;
  position: number | null;
  positionText: string;
  positionOrder: number;
  points: number;
  laps: number;
  timeMs: number | null;
  status: string;
  fastestLapRank: number | null;
  fastestLapTimeMs: number | null;
};

export type QualifyingInput = {
  driver: string;
  teamRef: string;
  position: number | null;
  q1Ms: number | null;
  q2Ms: number | null;
  q3Ms: number | null;
};

export type RaceInfo = { season: number; round: number; name: string; laps: number | null };

/** One race of a season with what season-wide analyses need. */
export type SeasonRaceInput = {
  race: RaceInfo;
  results: ResultInput[];
  sprintResults: ResultInput[];
  qualifying: QualifyingInput[];
};
