import { parseDuration } from '../csv.ts';
import type {
  F1dbGrid,
  F1dbPitStop,
  F1dbQualifying,
  F1dbResult,
  F1dbStanding,
  Position,
  RaceData,
} from './source.ts';

/**
 * Pure mapping from f1db YAML rows to warehouse rows, in Ergast's conventions so that rows from both
 * sources read alike: positionText R/D/W/N/E/F, status "Finished" / "+1 Lap" / the retirement reason,
 * grid 0 for a pit-lane start, times in ms.
 */
export const SOURCE = 'f1db';

/** Pit-lane time past which a stop must include a red-flag suspension (normal stops are 20–40 s). */
export const RED_FLAG_STOP_MS = 5 * 60_000;

const POSITION_CODES: Record<string, string> = {
  DNF: 'R',
  DSQ: 'D',
  DNS: 'W',
  NC: 'N',
  EX: 'E',
  DNQ: 'F',
  DNPQ: 'F',
};

/** The finishing position as a number; null when the driver was not classified. */
export const positionNumber = (p: Position): number | null => (typeof p === 'number' ? p : null);

/** Ergast's positionText: the position, or R (retired), D (disqualified), W (did not start), N, E, F. */
export function positionText(p: Position): string {
  if (typeof p === 'number') return String(p);
  return POSITION_CODES[p ?? ''] ?? 'R';
}

/** Starting slot; 0 for a pit-lane start or no start, as Ergast records it. */
export const gridSlot = (p: Position): number => (typeof p === 'number' ? p : 0);

/** "1:32:01.596" / "22.974" → ms; null for an empty field. */
export const millis = (v: string | number | null | undefined): number | null =>
  v === null || v === undefined ? null : parseDuration(String(v));

/**
 * Ergast-style status of a classification row: "Disqualified", the retirement reason, "Did not start",
 * "+N Lap(s)" for a classified car a number of laps down (from the gap, or from the laps the winner ran),
 * else "Finished".
 */
export function statusText(
  row: Pick<F1dbResult, 'position' | 'reasonRetired' | 'gap' | 'laps'>,
  winnerLaps: number | null,
): string {
  if (row.position === 'DSQ') return 'Disqualified';
  if (row.reasonRetired) return row.reasonRetired;
  if (row.position === 'DNS') return 'Did not start';
  if (row.position === 'DNF') return 'Retired';
  if (row.position === 'NC') return 'Not classified';
  const fromGap = /^\+(\d+) laps?$/i.exec(row.gap ?? '')?.[1];
  const down = fromGap
    ? Number(fromGap)
    : winnerLaps !== null && row.laps !== null && row.laps < winnerLaps
      ? winnerLaps - row.laps
      : 0;
  return down > 0 ? `+${down} Lap${down === 1 ? '' : 's'}` : 'Finished';
}

/** Warehouse ids for f1db slugs, resolved before mapping. */
export type Ids = { driver: (slug: string) => number; team: (slug: string) => number };

export function resultRows(raceId: number, session: 'race' | 'sprint', data: RaceData, ids: Ids) {
  const list = (session === 'race' ? data.results : data.sprintResults) ?? [];
  const winnerLaps = list[0]?.laps ?? null;
  // Fastest laps are published for the race only; rank = position in that table.
  const fastest = new Map(
    session === 'race' ? (data.fastestLaps ?? []).map((f) => [f.driverId, f] as const) : [],
  );
  return list.map((r, i) => {
    const best = fastest.get(r.driverId);
    return {
      raceId,
      session,
      positionOrder: i + 1,
      driverId: ids.driver(r.driverId),
      constructorId: ids.team(r.constructorId),
      number: r.driverNumber ?? null,
      grid: gridSlot(r.gridPosition),
      position: positionNumber(r.position),
      positionText: positionText(r.position),
      points: r.points ?? 0,
      laps: r.laps ?? 0,
      timeMs: typeof r.position === 'number' ? millis(r.time) : null,
      status: statusText(r, winnerLaps),
      fastestLap: best?.lap ?? null,
      fastestLapRank: best ? positionNumber(best.position) : null,
      fastestLapTimeMs: millis(best?.time),
      source: SOURCE,
    };
  });
}

export const qualifyingRows = (raceId: number, list: F1dbQualifying[], ids: Ids) =>
  list.map((q) => ({
    raceId,
    driverId: ids.driver(q.driverId),
    constructorId: ids.team(q.constructorId),
    number: q.driverNumber ?? null,
    position: positionNumber(q.position),
    q1Ms: millis(q.q1),
    q2Ms: millis(q.q2),
    q3Ms: millis(q.q3),
    source: SOURCE,
  }));

export const gridRows = (raceId: number, session: 'race' | 'sprint', list: F1dbGrid[], ids: Ids) =>
  list.map((g) => ({
    raceId,
    session,
    driverId: ids.driver(g.driverId),
    position: positionNumber(g.position),
    pitLane: g.position === 'PL',
    source: SOURCE,
  }));

export const pitStopRows = (raceId: number, list: F1dbPitStop[], ids: Ids) =>
  list.map((p) => {
    const durationMs = millis(p.time);
    return {
      raceId,
      driverId: ids.driver(p.driverId),
      stop: p.stop,
      lap: p.lap,
      timeOfDay: null,
      durationMs,
      source: SOURCE,
      flag: durationMs !== null && durationMs > RED_FLAG_STOP_MS ? ('red_flag_stop' as const) : null,
    };
  });

/**
 * Grand Prix wins per driver and per team up to and including each round (f1db standings carry no
 * win counts; Ergast's do, so they are rebuilt from the race classifications). Keyed by round.
 */
export function winsByRound(races: RaceData[]) {
  const drivers = new Map<string, number>();
  const teams = new Map<string, number>();
  const byRound = new Map<number, { drivers: Map<string, number>; teams: Map<string, number> }>();
  for (const data of [...races].sort((a, b) => a.race.round - b.race.round)) {
    const winner = data.results?.find((r) => r.position === 1);
    if (winner) {
      drivers.set(winner.driverId, (drivers.get(winner.driverId) ?? 0) + 1);
      teams.set(winner.constructorId, (teams.get(winner.constructorId) ?? 0) + 1);
    }
    byRound.set(data.race.round, { drivers: new Map(drivers), teams: new Map(teams) });
  }
  return byRound;
}

export function standingRows(
  raceId: number,
  list: F1dbStanding[],
  wins: Map<string, number>,
  id: (s: string) => number,
) {
  return list.map((s) => {
    const slug = s.driverId ?? s.constructorId ?? '';
    return {
      raceId,
      entityId: id(slug),
      points: s.points,
      position: positionNumber(s.position),
      positionText: positionText(s.position),
      wins: wins.get(slug) ?? 0,
      source: SOURCE,
    };
  });
}
