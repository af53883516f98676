import { neutralisation } from './clean-laps.ts';
import { SUSPENSION_STOP_MS } from './pit-stops.ts';
import type { LapInput, PitStopInput } from './types.ts';

/**
 * Undercuts and overcuts: when a car stops, the cars next to it on the road (within `UNDERCUT_GAP_S`)
 * either stop after it or stay out, and once both have stopped one of them comes out ahead.
 */

/** Cars further apart than this before a stop are not racing each other for the place (s). */
export const UNDERCUT_GAP_S = 3;
/** Two cars the question names are a pair up to this far apart: further, one stop cannot swap them (s). */
export const NAMED_RIVAL_GAP_S = 8;
/** A rival that answers a stop more than this many laps later runs another strategy, not a reply. */
export const UNDERCUT_WINDOW_LAPS = 10;

/**
 * - `worked` / `failed`: both stopped under green flags and the attacker came out ahead / stayed behind.
 * - `neutralised`: one of the two stops came under a safety car, VSC or red flag, which makes a stop cheap:
 *   not an undercut or overcut, whatever the order after.
 * - `no_reply`: the rival ahead never stopped again; compared at the last lap both completed.
 * - `retired`: one of the two stopped running before the order after both stops could be read.
 */
export type SwapOutcome = 'worked' | 'failed' | 'neutralised' | 'no_reply' | 'retired';

/** One car on a lap: race position and the session clock (or cumulative race time) at the lap's end, ms. */
type Place = { position: number; clockMs: number };

export type PitSwap = {
  /** `undercut`: the car behind stopped first; `overcut`: the car behind stayed out longer. */
  kind: 'undercut' | 'overcut';
  /** The car that was behind before the stops, trying to get ahead. */
  attacker: string;
  defender: string;
  /** In-lap of the first stop of the pair and of the reply (null: the rival did not stop again). */
  firstStopLap: number;
  replyLap: number | null;
  /** Who stopped first. */
  firstStopper: string;
  /** The lap whose end is compared before (the lap before the first in-lap) and after both stops. */
  beforeLap: number;
  afterLap: number | null;
  before: { attacker: Place; defender: Place };
  after: { attacker: Place; defender: Place } | null;
  outcome: SwapOutcome;
  /** Which car's stop came under which neutralisation, for `neutralised`. */
  neutralisedStop?: { driver: string; kind: 'sc' | 'vsc' | 'red' };
  /** Who stopped running, for `retired`. */
  retired?: string;
  /** Stops of the pair that switched between slicks and wet-weather tyres: weather calls as much as timing. */
  tyreSwitches?: { driver: string; from: string; to: string }[];
  /** Paired only because the question named both cars: not next to each other within the gap. */
  namedOnly?: true;
  /** The attacker's lead over the defender at each lap's end around the stops, s (negative: behind). */
  trace: { lap: number; leadS: number }[];
};

/**
 * Every undercut and overcut attempt of one race, in the order of the first stop.
 *
 * For each stop of car A on in-lap L, the cars directly ahead of and behind A at the end of lap L − 1 (race
 * positions, the gap within `UNDERCUT_GAP_S` on the session clock) are its rivals, and so is the other car
 * of `pair` when A is one of them, at any position within `NAMED_RIVAL_GAP_S` (marked `namedOnly`). A
 * rival B that next stops on lap M, L < M ≤ L + `UNDERCUT_WINDOW_LAPS`, before A stops again, is compared
 * with A at the end of lap M + 1 (B's out-lap):
 * the car that was behind worked its undercut (it stopped first) or overcut (it stayed out) when it is
 * ahead there. Cars that stop on the same lap are not a pair. A rival ahead that never stops again is
 * kept as `no_reply`, compared at the last lap both completed.
 *
 * Clock: the session clock at each lap's end (FastF1) where every car has it, else cumulative lap times
 * from lap 1 (a car's record stops at its first missing time). Stops over `SUSPENSION_STOP_MS` are
 * red-flag waits and count as neutralised.
 */
export function pitSwaps(input: {
  laps: LapInput[];
  pitStops: PitStopInput[];
  pair?: readonly [string, string];
}): PitSwap[] {
  const places = placesByLap(input.laps);
  const status = new Map(input.laps.map((l) => [`${l.driver}:${l.lap}`, l.trackStatus]));
  const compound = new Map(input.laps.map((l) => [`${l.driver}:${l.lap}`, l.compound]));
  const wet = (c: string) => c === 'INTERMEDIATE' || c === 'WET';
  /** The stop's switch between slicks and wet-weather tyres: in-lap compound against out-lap compound. */
  const switchOf = (stop: PitStopInput) => {
    const from = compound.get(`${stop.driver}:${stop.lap}`);
    const to = compound.get(`${stop.driver}:${stop.lap + 1}`);
    return from && to && wet(from) !== wet(to) ? [{ driver: stop.driver, from, to }] : [];
  };
  const stopsOf = new Map<string, PitStopInput[]>();
  for (const stop of [...input.pitStops].sort((a, b) => a.lap - b.lap)) {
    stopsOf.set(stop.driver, [...(stopsOf.get(stop.driver) ?? []), stop]);
  }
  const place = (driver: string, lap: number) => places.get(driver)?.get(lap);
  const lastLap = (driver: string) => Math.max(0, ...(places.get(driver)?.keys() ?? []));
  const neutralisedStop = (stop: PitStopInput) => {
    if (stop.durationMs !== null && stop.durationMs > SUSPENSION_STOP_MS) return 'red' as const;
    return neutralisation(status.get(`${stop.driver}:${stop.lap}`) ?? null);
  };

  const swaps: PitSwap[] = [];
  const seen = new Set<string>();
  for (const stop of [...input.pitStops].sort((a, b) => a.lap - b.lap)) {
    const a = stop.driver;
    const beforeLap = stop.lap - 1;
    const mine = place(a, beforeLap);
    if (!mine) continue;
    const rivals = new Map<string, boolean>();
    for (const [b, byLap] of places) {
      const theirs = byLap.get(beforeLap);
      if (b === a || !theirs) continue;
      const next = Math.abs(theirs.position - mine.position) === 1;
      const close = Math.abs(theirs.clockMs - mine.clockMs) <= UNDERCUT_GAP_S * 1000;
      const named =
        input.pair?.includes(a) &&
        input.pair.includes(b) &&
        Math.abs(theirs.clockMs - mine.clockMs) <= NAMED_RIVAL_GAP_S * 1000;
      if ((next && close) || named) rivals.set(b, !(next && close));
    }
    for (const [b, namedOnly] of rivals) {
      const key = `${a}:${b}:${stop.lap}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const theirStops = stopsOf.get(b) ?? [];
      if (theirStops.some((s) => s.lap === stop.lap)) continue; // stopped together: no pair
      const reply = theirStops.find((s) => s.lap > stop.lap);
      const myNext = (stopsOf.get(a) ?? []).find((s) => s.lap > stop.lap);
      const theirs = place(b, beforeLap) as Place;
      const bAhead = theirs.position < mine.position;
      const [attacker, defender] = bAhead ? [a, b] : [b, a];
      const before = bAhead ? { attacker: mine, defender: theirs } : { attacker: theirs, defender: mine };
      const trace = (to: number) =>
        range(beforeLap - TRACE_MARGIN_LAPS, to + TRACE_MARGIN_LAPS).flatMap((lap) => {
          const x = place(attacker, lap);
          const y = place(defender, lap);
          return x && y ? [{ lap, leadS: (y.clockMs - x.clockMs) / 1000 }] : [];
        });
      const base = {
        attacker,
        defender,
        firstStopLap: stop.lap,
        firstStopper: a,
        beforeLap,
        before,
        ...(namedOnly ? { namedOnly: true as const } : {}),
      };
      const compared = (lap: number) => {
        const at = { attacker: place(attacker, lap), defender: place(defender, lap) };
        return at.attacker && at.defender ? { attacker: at.attacker, defender: at.defender } : null;
      };
      if (!reply) {
        // Only a car ahead that stays out to the end leaves an undercut without a reply worth reading.
        if (!bAhead || myNext) continue;
        const end = Math.min(lastLap(a), lastLap(b));
        if (end <= stop.lap) continue;
        swaps.push({
          ...base,
          kind: 'undercut',
          replyLap: null,
          afterLap: end,
          after: compared(end),
          outcome: 'no_reply',
          trace: trace(stop.lap + 1),
        });
        continue;
      }
      if (reply.lap - stop.lap > UNDERCUT_WINDOW_LAPS) continue;
      if (myNext && myNext.lap <= reply.lap) continue; // A stopped again first: another fight
      const afterLap = reply.lap + 1;
      const after = compared(afterLap);
      const kind = bAhead ? 'undercut' : 'overcut';
      const cheap = [stop, reply]
        .map((s) => ({ driver: s.driver, kind: neutralisedStop(s) }))
        .find((s): s is { driver: string; kind: 'sc' | 'vsc' | 'red' } => s.kind !== null);
      const gone = !after ? (place(attacker, afterLap) ? defender : attacker) : undefined;
      const switches = [...switchOf(stop), ...switchOf(reply)];
      swaps.push({
        ...base,
        kind,
        replyLap: reply.lap,
        afterLap,
        after,
        outcome: gone
          ? 'retired'
          : cheap
            ? 'neutralised'
            : after && after.attacker.position < after.defender.position
              ? 'worked'
              : 'failed',
        ...(cheap ? { neutralisedStop: cheap } : {}),
        ...(gone ? { retired: gone } : {}),
        ...(switches.length > 0 ? { tyreSwitches: switches } : {}),
        trace: trace(afterLap),
      });
    }
  }
  return swaps;
}

/** Laps either side of the stops drawn in a swap's trace. */
const TRACE_MARGIN_LAPS = 2;
const range = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** Position and clock of every car at the end of every lap it completed in order from lap 1. */
function placesByLap(laps: LapInput[]): Map<string, Map<number, Place>> {
  const byClock = laps.length > 0 && laps.every((l) => l.endTimeMs != null || l.timeMs == null);
  const byDriver = new Map<string, LapInput[]>();
  for (const l of laps) byDriver.set(l.driver, [...(byDriver.get(l.driver) ?? []), l]);
  const out = new Map<string, Map<number, Place>>();
  for (const [driver, rows] of byDriver) {
    const ordered = [...rows].sort((x, y) => x.lap - y.lap);
    const byLap = new Map<number, Place>();
    let total = 0;
    for (const l of ordered) {
      if (byLap.has(l.lap)) continue;
      const clockMs = byClock ? l.endTimeMs : l.timeMs !== null && l.timeMs > 0 ? total + l.timeMs : null;
      // A hole in cumulative times makes every later sum wrong; the session clock has no such problem.
      if (clockMs == null) {
        if (byClock) continue;
        break;
      }
      total = clockMs;
      if (l.position !== null) byLap.set(l.lap, { position: l.position, clockMs });
    }
    out.set(driver, byLap);
  }
  return out;
}
