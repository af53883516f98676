import type { ChartDraft, Fact } from '@pitwall/db/contracts';
import { type LapDataSource, lapSource, neutralisedBands } from './clean-laps.ts';
import {
  type PitSwap,
  pitSwaps,
  type SwapOutcome,
  UNDERCUT_GAP_S,
  UNDERCUT_WINDOW_LAPS,
} from './pit-swaps.ts';
import { ERGAST_SOURCE } from './race-classification.ts';
import { round } from './stats.ts';
import type { AnalysisOutput, DriverInfo, LapInput, PitStopInput, RaceInfo } from './types.ts';

/** How each outcome reads in facts and tables; the narrative reads these words back. */
export const OUTCOME_WORDS: Record<SwapOutcome, string> = {
  worked: 'worked',
  failed: 'did not work',
  neutralised: 'stop under a neutralisation',
  no_reply: 'rival did not stop again',
  retired: 'a car retired',
};
const OUTCOME_COLOURS: Record<SwapOutcome, string> = {
  worked: '#2E9E4F',
  failed: '#D1343B',
  neutralised: '#FFB800',
  no_reply: '#8A8F98',
  retired: '#4B4F57',
};
const NEUTRALISATION_WORDS = { sc: 'the safety car', vsc: 'the virtual safety car', red: 'the red flag' };

/**
 * The fact-label key of one attempt: "NOR undercut on PIA (lap 45)", the attacker's and the defender's
 * codes and the lap of the first stop. Openings find an attempt's facts by it.
 */
export const swapKey = (s: { kind: string; firstStopLap: number }, attacker: string, defender: string) =>
  `${attacker} ${s.kind} on ${defender} (lap ${s.firstStopLap})`;

/**
 * Undercut and overcut attempts of one race (see `pitSwaps` for what counts as one) with their outcome:
 * positions and gaps before the first stop and after both, a table of every attempt, a bar per attempt
 * of the time the attacker gained on the defender, and the gap lap by lap around the stops of the named
 * drivers' attempts. With two drivers named, their own pairings count at any gap. Gaps in s.
 */
export function undercuts(input: {
  race: RaceInfo;
  drivers: DriverInfo[];
  laps: LapInput[];
  pitStops: PitStopInput[];
  /** Drivers the question names: their attempts come first and are charted lap by lap. */
  focus: string[];
  source?: LapDataSource;
}): AnalysisOutput {
  const { race, focus } = input;
  const [a, b] = focus;
  const pair = a && b ? ([a, b] as const) : undefined;
  const all = pitSwaps({ laps: input.laps, pitStops: input.pitStops, ...(pair ? { pair } : {}) });
  const involves = (s: PitSwap) => focus.includes(s.attacker) || focus.includes(s.defender);
  const swaps = [...all.filter(involves), ...all.filter((s) => !involves(s))];
  const info = new Map(input.drivers.map((d) => [d.ref, d]));
  const code = (ref: string) => info.get(ref)?.code ?? ref.slice(0, 3).toUpperCase();
  const keyOf = (s: PitSwap) => swapKey(s, code(s.attacker), code(s.defender));
  // The race's own attempts; a pairing made only because the question named both cars is extra.
  const inRace = all.filter((s) => !s.namedOnly);
  const count = (o: SwapOutcome) => inRace.filter((s) => s.outcome === o).length;

  const facts: Fact[] = [
    { label: 'undercut and overcut attempts', value: inRace.length },
    { label: 'attempts that worked', value: count('worked') },
    { label: 'attempts that did not work', value: count('failed') },
    { label: 'attempts with a stop under SC, VSC or red flag', value: count('neutralised') },
    { label: 'attempts whose rival did not stop again', value: count('no_reply') },
    { label: 'attempts ended by a retirement', value: count('retired') },
    { label: 'rival gap considered', value: UNDERCUT_GAP_S, unit: 's' },
    { label: 'reply window', value: UNDERCUT_WINDOW_LAPS, unit: 'laps' },
  ];
  for (const s of swaps) {
    const key = keyOf(s);
    facts.push(
      { label: `${key} outcome`, value: OUTCOME_WORDS[s.outcome] },
      { label: `${key} position before`, value: s.before.attacker.position },
      { label: `${key} rival position before`, value: s.before.defender.position },
      { label: `${key} gap before`, value: gapS(s.before), unit: 's' },
    );
    if (s.replyLap !== null) facts.push({ label: `${key} reply lap`, value: s.replyLap });
    if (s.after && s.afterLap !== null) {
      facts.push(
        { label: `${key} compared after lap`, value: s.afterLap },
        { label: `${key} position after`, value: s.after.attacker.position },
        { label: `${key} rival position after`, value: s.after.defender.position },
        { label: `${key} gap after`, value: gapS(s.after), unit: 's' },
      );
    }
    if (s.neutralisedStop) {
      facts.push({
        label: `${key} neutralised stop`,
        value: `${code(s.neutralisedStop.driver)} under ${NEUTRALISATION_WORDS[s.neutralisedStop.kind]}`,
      });
    }
    if (s.retired) facts.push({ label: `${key} retired`, value: code(s.retired) });
    if (s.tyreSwitches) {
      facts.push({
        label: `${key} switch between slicks and wet tyres`,
        value: s.tyreSwitches
          .map((t) => `${code(t.driver)} ${t.from.toLowerCase()} to ${t.to.toLowerCase()}`)
          .join('; '),
      });
    }
  }

  const gained = (s: PitSwap) => (s.after ? round(leadS(s.after) - leadS(s.before), 3) : null);
  const table = {
    name: 'Undercut and overcut attempts',
    columns: [
      'Attempt',
      'Attacker',
      'Rival',
      'First stop (lap)',
      'Reply (lap)',
      'Before: position, gap (s)',
      'After: position, gap (s)',
      'Time gained (s)',
      'Outcome',
    ],
    rows: swaps.map((s) => [
      s.kind,
      code(s.attacker),
      code(s.defender),
      s.firstStopLap,
      s.replyLap,
      `P${s.before.attacker.position} vs P${s.before.defender.position}, ${signed(leadS(s.before))}`,
      s.after
        ? `P${s.after.attacker.position} vs P${s.after.defender.position}, ${signed(leadS(s.after))}`
        : null,
      gained(s),
      OUTCOME_WORDS[s.outcome],
    ]),
  };

  const outcomes = [...new Set(swaps.map((s) => s.outcome))];
  const bars: ChartDraft = {
    id: 'undercut-attempts',
    kind: 'bar',
    title: `Undercuts and overcuts — ${race.season} ${race.name}`,
    subtitle:
      'Time the car behind gained on its rival between the lap before the first stop and the lap after both',
    spec: {
      mark: 'bar',
      orientation: 'horizontal',
      x: {
        field: 'gained',
        label: 'Time gained on the rival',
        type: 'quantitative',
        unit: 's',
        format: 'gap',
      },
      y: { field: 'attempt', label: 'Attempt', type: 'nominal' },
      color: {
        field: 'outcome',
        label: 'Outcome',
        domain: outcomes.map((o) => OUTCOME_WORDS[o]),
        range: outcomes.map((o) => OUTCOME_COLOURS[o]),
      },
      tooltip: [
        { field: 'before', label: 'Before' },
        { field: 'after', label: 'After' },
      ],
      data: swaps.flatMap((s, i) => {
        const g = gained(s);
        return g === null
          ? []
          : [
              {
                attempt: keyOf(s),
                gained: g,
                outcome: OUTCOME_WORDS[s.outcome],
                before: table.rows[i]?.[5] ?? null,
                after: table.rows[i]?.[6] ?? null,
              },
            ];
      }),
    },
  };
  const charts: ChartDraft[] = [bars];
  const traced = swaps.filter(involves).slice(0, 6);
  if (traced.length > 0) {
    charts.push({
      id: 'undercut-gap-trace',
      kind: 'line',
      title: `Gap to the rival around the stops — ${race.season} ${race.name}`,
      subtitle:
        'Above zero the car behind before the stops is ahead; shaded laps ran under SC, VSC or red flag',
      spec: {
        mark: 'line',
        orientation: 'vertical',
        x: { field: 'lap', label: 'Lap', type: 'quantitative', format: 'integer' },
        y: { field: 'lead', label: 'Ahead of the rival', type: 'quantitative', unit: 's', format: 'gap' },
        series: { field: 'attempt', label: 'Attempt' },
        bands: neutralisedBands(input.laps),
        data: traced.flatMap((s) =>
          s.trace.map((t) => ({ attempt: keyOf(s), lap: t.lap, lead: round(t.leadS, 3) })),
        ),
      },
    });
  }

  const quality: AnalysisOutput['quality'] = [];
  const cheap = inRace.filter((s) => s.outcome === 'neutralised');
  if (cheap.length > 0) {
    quality.push({
      code: 'neutralised_stops',
      message: `${cheap.length} ${cheap.length === 1 ? 'attempt has' : 'attempts have'} a stop under a safety car, VSC or red flag, which costs less time than a green-flag stop; they are listed without a verdict.`,
    });
  }
  const weather = inRace.filter((s) => s.tyreSwitches);
  if (weather.length > 0) {
    quality.push({
      code: 'weather_stops',
      message: `${weather.length} ${weather.length === 1 ? 'attempt has' : 'attempts have'} a stop between slicks and intermediate or wet tyres: the order after it reflects the weather call as much as the timing of the stop.`,
    });
  }
  if (input.laps.length > 0 && input.laps.every((l) => l.trackStatus === null)) {
    quality.push({
      code: 'no_track_status',
      message:
        'These laps carry no track status, so a stop under a safety car or VSC cannot be told from a green-flag stop: every attempt is judged as if both stops were under green flags.',
    });
  }
  return {
    facts,
    tables: [table],
    charts,
    sources: [
      lapSource(input.source ?? 'fastf1', race, 'lap positions and times'),
      ERGAST_SOURCE(`${race.season} round ${race.round} pit stops (ergast/pit_stops.csv)`),
    ],
    quality,
  };
}

/** The attacker's lead over the defender, s; negative while behind. */
const leadS = (at: PitSwap['before']) => (at.defender.clockMs - at.attacker.clockMs) / 1000;
/** The distance between the two cars, s, whichever is ahead. */
const gapS = (at: PitSwap['before']) => round(Math.abs(leadS(at)), 3);
const signed = (s: number) => `${s >= 0 ? '+' : '−'}${Math.abs(s).toFixed(3)}`;
