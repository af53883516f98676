import type { ChartSpec, Source } from '@pitwall/db/contracts';
import { ERGAST_SOURCE } from './race-classification.ts';
import { groupBy, median } from './stats.ts';
import type { LapInput, PitStopInput, RaceInfo } from './types.ts';

/**
 * Which laps say something about a car's pace. Shared by every lap-based analysis so that "clean laps"
 * means the same thing in every answer, and so every answer can say what it left out.
 */

export type ExclusionReason = 'lap_one' | 'no_time' | 'pit_in' | 'pit_out' | 'neutralised' | 'outlier';
export type TimedLap = LapInput & { timeMs: number };
export type ExcludedLap = { lap: LapInput; reason: ExclusionReason };
export type CleanLaps = { kept: TimedLap[]; excluded: ExcludedLap[] };

/** Laps slower than this multiple of the driver's own median clean lap are outliers (F1's 107 % idea). */
export const OUTLIER_FACTOR = 1.07;

const REASON_TEXT: Record<ExclusionReason, string> = {
  lap_one: 'lap 1 (standing start)',
  no_time: 'no recorded time',
  pit_in: 'in-laps',
  pit_out: 'out-laps',
  neutralised: 'run under SC, VSC or red flag',
  outlier: `slower than ${Math.round(OUTLIER_FACTOR * 100)} % of the driver's median`,
};

export type Neutralisation = 'red' | 'sc' | 'vsc';

/** The strongest neutralisation in a FastF1 track-status string (4 SC, 5 red flag, 6/7 VSC), or null. */
export function neutralisation(trackStatus: string | null): Neutralisation | null {
  if (!trackStatus) return null;
  if (trackStatus.includes('5')) return 'red';
  if (trackStatus.includes('4')) return 'sc';
  if (trackStatus.includes('6') || trackStatus.includes('7')) return 'vsc';
  return null;
}

/**
 * Splits laps into clean ones and excluded ones, each excluded lap with its first matching reason, checked
 * in this order: lap 1, no time, in-lap, out-lap, SC/VSC/red flag, outlier. In- and out-laps come from the
 * lap flags and, where pit stops are given (Ergast rows carry no flags), from them: the stop's lap is the
 * in-lap and the next lap the out-lap. The outlier threshold is {@link OUTLIER_FACTOR} × the median of the
 * driver's laps that passed every other test, so SC laps cannot inflate it. Times in ms; one pass plus a
 * sort per driver, so a full race (~1,200 laps) takes about a millisecond.
 */
export function cleanLaps(
  laps: readonly LapInput[],
  opts: { pitStops?: readonly PitStopInput[] } = {},
): CleanLaps {
  const inLaps = new Set<string>();
  const outLaps = new Set<string>();
  for (const stop of opts.pitStops ?? []) {
    inLaps.add(`${stop.driver}:${stop.lap}`);
    outLaps.add(`${stop.driver}:${stop.lap + 1}`);
  }
  const excluded: ExcludedLap[] = [];
  const candidates: TimedLap[] = [];
  const reasonFor = (lap: LapInput): ExclusionReason | null => {
    const key = `${lap.driver}:${lap.lap}`;
    if (lap.lap <= 1) return 'lap_one';
    if (lap.timeMs === null || !(lap.timeMs > 0)) return 'no_time';
    if (lap.pitIn || inLaps.has(key)) return 'pit_in';
    if (lap.pitOut || outLaps.has(key)) return 'pit_out';
    return neutralisation(lap.trackStatus) ? 'neutralised' : null;
  };
  for (const lap of laps) {
    const reason = reasonFor(lap);
    if (reason) excluded.push({ lap, reason });
    else candidates.push(lap as TimedLap);
  }
  const kept: TimedLap[] = [];
  for (const list of groupBy(candidates, (l) => l.driver).values()) {
    const limit = OUTLIER_FACTOR * median(list.map((l) => l.timeMs));
    for (const lap of list) {
      if (lap.timeMs > limit) excluded.push({ lap, reason: 'outlier' });
      else kept.push(lap);
    }
  }
  return { kept, excluded };
}

/** Excluded laps counted by reason, in the order reasons are tested. */
export function countExclusions(excluded: readonly ExcludedLap[]): Partial<Record<ExclusionReason, number>> {
  const counts: Partial<Record<ExclusionReason, number>> = {};
  for (const reason of Object.keys(REASON_TEXT) as ExclusionReason[]) {
    const n = excluded.filter((e) => e.reason === reason).length;
    if (n > 0) counts[reason] = n;
  }
  return counts;
}

/** One quality note that says how many laps were left out and why, e.g. for a narrative to quote. */
export function exclusionNote(excluded: readonly ExcludedLap[], total: number) {
  const parts = Object.entries(countExclusions(excluded)).map(
    ([reason, n]) => `${n} ${REASON_TEXT[reason as ExclusionReason]}`,
  );
  return {
    code: 'laps_excluded',
    message:
      excluded.length === 0
        ? `All ${total} laps counted as clean.`
        : `${excluded.length} of ${total} laps were left out: ${parts.join('; ')}.`,
  };
}

type Band = NonNullable<ChartSpec['bands']>[number];
const BAND_STYLE: Record<Neutralisation, { label: string; colour: string }> = {
  red: { label: 'Red flag', colour: '#E10600' },
  sc: { label: 'Safety car', colour: '#FFB800' },
  vsc: { label: 'Virtual safety car', colour: '#FFE680' },
};

/**
 * Shaded x ranges (lap ± 0.5) for laps that any car ran neutralised, consecutive laps of the same kind
 * merged. Takes every driver's laps: the leader sees a safety car a lap before the tail of the field.
 */
export function neutralisedBands(laps: readonly LapInput[]): Band[] {
  const rank = { vsc: 1, sc: 2, red: 3 } as const;
  const byLap = new Map<number, Neutralisation>();
  for (const lap of laps) {
    const kind = neutralisation(lap.trackStatus);
    const seen = byLap.get(lap.lap);
    if (kind && (!seen || rank[kind] > rank[seen])) byLap.set(lap.lap, kind);
  }
  const bands: Band[] = [];
  let previous = null as { lap: number; kind: Neutralisation } | null;
  for (const [lap, kind] of [...byLap].sort((a, b) => a[0] - b[0])) {
    const last = bands.at(-1);
    if (last && previous?.kind === kind && previous.lap === lap - 1) last.to = lap + 0.5;
    else bands.push({ from: lap - 0.5, to: lap + 0.5, ...BAND_STYLE[kind] });
    previous = { lap, kind };
  }
  return bands.slice(0, 100);
}

/** A neutralisation recorded for the race (Ergast safety cars and red flags, VSC estimates), by laps. */
export type RecordedNeutralisation = { kind: Neutralisation; firstLap: number; lastLap: number | null };

const STATUS_DIGIT: Record<Neutralisation, string> = { sc: '4', red: '5', vsc: '6' };

/**
 * Lap rows whose source carries no track status (OpenF1 and Ergast timing) get the status of the
 * race's recorded neutralisations instead, so SC, VSC and red-flag laps are shaded and left out of pace
 * figures as they are for FastF1 rows. Every lap from a period's first to its last lap (inclusive; a
 * safety car still out at the flag runs to the last lap) gets the FastF1 digit. Rows are returned as
 * they are when any of them has a status of its own: lap-level timing is the better record.
 */
export function withRecordedNeutralisations(
  laps: readonly LapInput[],
  periods: readonly RecordedNeutralisation[],
): LapInput[] {
  if (periods.length === 0 || laps.some((l) => l.trackStatus !== null)) return [...laps];
  const lastLap = laps.reduce((m, l) => Math.max(m, l.lap), 0);
  return laps.map((l) => {
    const digits = periods
      .filter((p) => l.lap >= p.firstLap && l.lap <= (p.lastLap ?? lastLap))
      .map((p) => STATUS_DIGIT[p.kind]);
    return digits.length > 0 ? { ...l, trackStatus: [...new Set(digits)].sort().join('') } : l;
  });
}

/** Where lap rows came from; each analysis cites it with the licence that applies. */
export type LapDataSource = 'fastf1' | 'openf1' | 'ergast';

/** The source entry for lap rows from `source`, naming its licence; `what` says which rows were used. */
export function lapSource(source: LapDataSource, race: RaceInfo, what: string): Source {
  const detail = `${race.season} round ${race.round} ${what}`;
  if (source === 'openf1') return { name: 'OpenF1', detail, license: 'CC BY-NC-SA 4.0' };
  if (source === 'ergast') return ERGAST_SOURCE(detail);
  return {
    name: 'FastF1 lap data (Armchair-Strategist)',
    detail: `${detail}; timing from F1 live timing via FastF1`,
    license: 'Apache-2.0 (Armchair-Strategist repository)',
  };
}
