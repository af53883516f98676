import { type ChartDraft, type Fact, type Table, teamColour } from '@pitwall/db/contracts';
import { ERGAST_SOURCE, formatRaceTime } from './race-classification.ts';
import type { AnalysisOutput, DriverInfo, QualifyingInput, RaceInfo } from './types.ts';

const SEGMENTS = ['Q1', 'Q2', 'Q3'] as const;
type Segment = (typeof SEGMENTS)[number];

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const segmentTime = (q: QualifyingInput, s: Segment) => (s === 'Q1' ? q.q1Ms : s === 'Q2' ? q.q2Ms : q.q3Ms);
const lapText = (ms: number | null) => (ms === null ? '' : formatRaceTime(ms));

/**
 * The lap that decided a driver's place: the time in the last segment they set one in. Comparing each
 * driver's best of all segments instead would rank a dry Q2 lap against a wet Q3 pole.
 */
export function decidingLap(q: QualifyingInput): { segment: Segment; ms: number } | null {
  for (const segment of [...SEGMENTS].reverse()) {
    const ms = segmentTime(q, segment);
    if (ms !== null) return { segment, ms };
  }
  return null;
}

/**
 * Qualifying of one Grand Prix: the classification, the gap to pole and how each segment (Q1/Q2/Q3) went.
 *
 * - Times in ms in, seconds out. Order is the official qualifying position (before grid penalties).
 * - Gap to pole = the driver's deciding lap (see `decidingLap`) minus the pole-sitter's deciding lap. When
 *   the track changed between segments (rain), a knocked-out driver's gap can be negative: flagged.
 * - A driver "reached" a segment when they set a time in it; drivers without any time are listed but get
 *   no gap. Before 2006 Ergast keeps a single session's time in q1 only, so only Q1 is reported.
 * - Sprint qualifying (shootout) is a separate session and is not part of this input.
 */
export function qualifyingResults(input: {
  race: RaceInfo;
  qualifying: QualifyingInput[];
  drivers: DriverInfo[];
}): AnalysisOutput {
  const { race } = input;
  const info = new Map(input.drivers.map((d) => [d.ref, d]));
  const name = (ref: string) => info.get(ref)?.name ?? ref;
  const code = (ref: string) => info.get(ref)?.code ?? ref.slice(0, 3).toUpperCase();
  const teamName = (q: QualifyingInput) =>
    info.get(q.driver)?.teamRef === q.teamRef ? (info.get(q.driver)?.teamName ?? q.teamRef) : q.teamRef;

  const ordered = [...input.qualifying].sort((a, b) => (a.position ?? 999) - (b.position ?? 999));
  const pole = ordered.find((q) => q.position === 1);
  const poleLap = pole ? decidingLap(pole) : null;
  if (!pole || !poleLap) throw new Error(`no pole lap is recorded for the ${race.season} ${race.name}`);
  const gap = (q: QualifyingInput) => {
    const lap = decidingLap(q);
    return lap === null ? null : round3((lap.ms - poleLap.ms) / 1000);
  };

  const facts: Fact[] = [
    { label: 'season', value: race.season },
    { label: 'round', value: race.round },
    { label: 'pole position', value: name(pole.driver) },
    { label: 'pole lap', value: formatRaceTime(poleLap.ms) },
    { label: 'pole lap set in', value: poleLap.segment },
  ];
  const second = ordered.find((q) => q.position === 2);
  const secondGap = second ? gap(second) : null;
  if (second && secondGap !== null) {
    facts.push({ label: 'second on the qualifying order', value: name(second.driver) });
    facts.push({ label: 'pole margin', value: secondGap, unit: 's' });
  }
  for (const q of ordered) {
    if (q.position !== null)
      facts.push({ label: `${name(q.driver)} qualifying position`, value: q.position });
    const g = gap(q);
    if (g !== null && q !== pole) facts.push({ label: `${name(q.driver)} gap to pole`, value: g, unit: 's' });
  }

  // Each segment: who topped it, and the margin between the last driver through and the first one out.
  const progression: Table = {
    name: 'Segment progression',
    columns: [
      'Segment',
      'Drivers timed',
      'Fastest',
      'Fastest lap',
      'Last through',
      'First out',
      'Cut-off margin (s)',
    ],
    rows: [],
  };
  for (const [i, segment] of SEGMENTS.entries()) {
    const timed = ordered
      .filter((q) => segmentTime(q, segment) !== null)
      .sort((a, b) => (segmentTime(a, segment) ?? 0) - (segmentTime(b, segment) ?? 0));
    const top = timed[0];
    if (!top) continue;
    const next = SEGMENTS[i + 1];
    const through = next ? timed.filter((q) => segmentTime(q, next) !== null) : [];
    const out = next ? timed.filter((q) => segmentTime(q, next) === null) : [];
    const lastThrough = through.at(-1);
    const firstOut = through.length > 0 ? out[0] : undefined;
    const margin =
      lastThrough && firstOut
        ? round3(((segmentTime(firstOut, segment) ?? 0) - (segmentTime(lastThrough, segment) ?? 0)) / 1000)
        : null;
    facts.push({ label: `${segment} fastest`, value: name(top.driver) });
    facts.push({ label: `${segment} fastest lap`, value: formatRaceTime(segmentTime(top, segment) ?? 0) });
    if (margin !== null) facts.push({ label: `${segment} cut-off margin`, value: margin, unit: 's' });
    progression.rows.push([
      segment,
      timed.length,
      name(top.driver),
      lapText(segmentTime(top, segment)),
      lastThrough ? name(lastThrough.driver) : null,
      firstOut ? name(firstOut.driver) : null,
      margin,
    ]);
  }

  const results: Table = {
    name: 'Qualifying classification',
    columns: ['Pos', 'Driver', 'Team', 'Q1', 'Q2', 'Q3', 'Gap to pole (s)'],
    rows: ordered.map((q) => [
      q.position,
      name(q.driver),
      teamName(q),
      lapText(q.q1Ms),
      lapText(q.q2Ms),
      lapText(q.q3Ms),
      gap(q),
    ]),
  };

  const charted = ordered.filter((q) => gap(q) !== null);
  const teams = [...new Map(charted.map((q) => [teamName(q), q.teamRef]))];
  const chart: ChartDraft = {
    id: 'quali-gaps',
    kind: 'quali_gaps',
    title: `Gap to pole — ${race.season} ${race.name} qualifying`,
    subtitle: "Each driver's lap in the last segment they reached",
    spec: {
      mark: 'bar',
      orientation: 'horizontal',
      x: { field: 'gap', label: 'Gap to pole', type: 'quantitative', unit: 's', format: 'gap' },
      y: { field: 'driver', label: 'Driver', type: 'nominal' },
      color: {
        field: 'team',
        label: 'Team',
        domain: teams.map(([team]) => team),
        range: teams.map(([, ref]) => teamColour(ref)),
      },
      tooltip: [
        { field: 'name', label: 'Driver' },
        { field: 'segment', label: 'Segment' },
      ],
      data: charted.map((q) => ({
        driver: code(q.driver),
        name: name(q.driver),
        team: teamName(q),
        segment: decidingLap(q)?.segment ?? null,
        gap: gap(q),
      })),
    },
  };

  const quality: AnalysisOutput['quality'] = [];
  const untimed = ordered.filter((q) => decidingLap(q) === null);
  if (untimed.length > 0) {
    quality.push({
      code: 'no_qualifying_time',
      message: `${untimed.map((q) => name(q.driver)).join(', ')} set no qualifying time, so they have no gap to pole.`,
    });
  }
  const faster = charted.filter((q) => (gap(q) ?? 0) < 0);
  if (faster.length > 0) {
    quality.push({
      code: 'changing_conditions',
      message: `${faster.map((q) => name(q.driver)).join(', ')} set a faster lap in an earlier segment than the pole lap: conditions changed between segments, so gaps across segments do not compare pace.`,
    });
  }
  if (ordered.every((q) => q.q2Ms === null && q.q3Ms === null)) {
    quality.push({
      code: 'single_session_format',
      message:
        'Only one qualifying time per driver is recorded (pre-2006 formats), so there is no Q2/Q3 progression.',
    });
  }

  return {
    facts,
    tables: [results, progression],
    charts: [chart],
    sources: [ERGAST_SOURCE(`${race.season} round ${race.round} qualifying (ergast/qualifying.csv)`)],
    quality,
  };
}
