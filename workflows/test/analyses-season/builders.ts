import type {
  DriverInfo,
  QualifyingInput,
  RaceInfo,
  ResultInput,
  SeasonRaceInput,
} from '../../src/analyses/types.ts';

/** Small hand-built inputs for the season analyses' unit tests. */

export const driver = (
  ref: string,
  code: string,
  name: string,
  teamRef: string,
  teamName: string,
): DriverInfo => ({
  ref,
  code,
  name,
  teamRef,
  teamName,
  colour: '#888888',
});

export const raceInfo = (round: number, season = 2030): RaceInfo => ({
  season,
  round,
  name: `Round ${round} Grand Prix`,
  laps: 50,
});

export const result = (
  driver: string,
  teamRef: string,
  positionOrder: number,
  over: Partial<ResultInput> = {},
): ResultInput => ({
  driver,
  teamRef,
  grid: positionOrder,
  position: positionOrder,
  positionText: String(positionOrder),
  positionOrder,
  points: 0,
  laps: 50,
  timeMs: null,
  status: 'Finished',
  fastestLapRank: null,
  fastestLapTimeMs: null,
  ...over,
});

/** A retirement: not classified, placed after the finishers. */
export const dnf = (driver: string, teamRef: string, positionOrder: number, laps = 10): ResultInput =>
  result(driver, teamRef, positionOrder, { position: null, positionText: 'R', laps, status: 'Engine' });

export const quali = (
  driver: string,
  teamRef: string,
  position: number | null,
  q1Ms: number | null,
  q2Ms: number | null = null,
  q3Ms: number | null = null,
): QualifyingInput => ({ driver, teamRef, position, q1Ms, q2Ms, q3Ms });

export const seasonRace = (
  round: number,
  parts: Partial<Omit<SeasonRaceInput, 'race'>>,
  season = 2030,
): SeasonRaceInput => ({
  race: raceInfo(round, season),
  results: [],
  sprintResults: [],
  qualifying: [],
  ...parts,
});
