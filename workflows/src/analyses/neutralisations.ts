import type { ChartDraft, Fact, Table } from '@pitwall/db/contracts';
import { type LapDataSource, lapSource, type Neutralisation, neutralisation } from './clean-laps.ts';
import { ERGAST_SOURCE } from './race-classification.ts';
import type { AnalysisOutput, DriverInfo, LapInput, PitStopInput, RaceInfo, ResultInput } from './types.ts';

/** A safety-car period as the Ergast dump records it: out on `deployedLap`, in on `retreatedLap`. */
export type SafetyCarInput = { deployedLap: number; retreatedLap: number | null; cause: string | null };
/** A red flag: the lap the race was stopped on, whether it resumed, and the incident. */
export type RedFlagInput = { lap: number; resumed: boolean; incident: string | null };
/** A virtual-safety-car period as the warehouse estimates it: first and last lap run under it. */
export type VscInput = { firstLap: number; lastLap: number };

/** The first season whose pit stops the data holds (Ergast pit_stops). */
export const PIT_STOPS_SINCE = 2011;

/** How many laps after a period ends the field is compared with the order before it. */
export const LAPS_AFTER = 3;

export type Period = {
  kind: Neutralisation;
  /** First and last lap run under it, inclusive. */
  from: number;
  to: number;
  cause: string | null;
};

export type PeriodDriver = {
  driver: string;
  /** The lap of a stop made under the period, or null. */
  pitLap: number | null;
  /** Position at the end of the lap before the period (the grid for a period on lap 1). */
  before: number | null;
  /** Position {@link LAPS_AFTER} laps after the period's last lap (or the last lap the driver ran). */
  after: number | null;
};

const KIND_LABEL: Record<Neutralisation, string> = {
  sc: 'safety car',
  vsc: 'virtual safety car',
  red: 'red flag',
};
const BAND_COLOUR: Record<Neutralisation, string> = { red: '#E10600', sc: '#FFB800', vsc: '#FFE680' };

/**
 * The neutralised stretches of a race in lap order. Safety cars and red flags come from the Ergast records
 * (a safety car that came in on lap n ran under it to lap n − 1: the race restarts as lap n begins; one
 * never recalled ran to the flag). Virtual safety cars, which those records lack, are the runs of laps on
 * which any car's track status showed 6 or 7 where the laps carry FastF1's track status (a green lap
 * reads 1); otherwise the warehouse's VSC estimates (`vsc`).
 */
export function neutralisedPeriods(input: {
  safetyCars: SafetyCarInput[];
  redFlags: RedFlagInput[];
  vsc?: VscInput[];
  laps: readonly LapInput[];
  raceLaps: number;
}): Period[] {
  const periods: Period[] = input.safetyCars.map((sc) => ({
    kind: 'sc',
    from: sc.deployedLap,
    to:
      sc.retreatedLap === null
        ? Math.max(sc.deployedLap, input.raceLaps)
        : Math.max(sc.deployedLap, Math.min(sc.retreatedLap - 1, input.raceLaps || sc.retreatedLap)),
    cause: sc.cause,
  }));
  for (const flag of input.redFlags)
    periods.push({ kind: 'red', from: flag.lap, to: flag.lap, cause: flag.incident });
  const statusKnown = input.laps.some((l) => (l.trackStatus ?? '').includes('1'));
  if (!statusKnown) {
    for (const v of input.vsc ?? [])
      periods.push({ kind: 'vsc', from: v.firstLap, to: v.lastLap, cause: null });
    return periods.sort((a, b) => a.from - b.from || a.to - b.to);
  }
  const vscLaps = [
    ...new Set(input.laps.filter((l) => /[67]/.test(l.trackStatus ?? '')).map((l) => l.lap)),
  ].sort((a, b) => a - b);
  for (const lap of vscLaps) {
    const last = periods.at(-1);
    if (last?.kind === 'vsc' && last.to === lap - 1) last.to = lap;
    else periods.push({ kind: 'vsc', from: lap, to: lap, cause: null });
  }
  return periods.sort((a, b) => a.from - b.from || a.to - b.to);
}

const lapsText = (p: Period) => (p.from === p.to ? `lap ${p.from}` : `laps ${p.from}–${p.to}`);
const ordinalWord = (n: number) =>
  ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth'][n - 1] ?? `${n}th`;

/** Who pitted under a period and where each car ran before it and a few laps after it. */
export function periodDrivers(
  period: Period,
  laps: readonly LapInput[],
  pitStops: readonly PitStopInput[],
  results: readonly ResultInput[],
): PeriodDriver[] {
  const at = new Map(laps.map((l) => [`${l.driver}:${l.lap}`, l.position]));
  const lastLap = new Map<string, number>();
  for (const l of laps) lastLap.set(l.driver, Math.max(lastLap.get(l.driver) ?? 0, l.lap));
  const grid = new Map(results.map((r) => [r.driver, r.grid > 0 ? r.grid : null]));
  // Cars on track by then, and anyone who stopped under it (the only rows a race without laps has).
  const drivers = [
    ...new Set([
      ...laps.filter((l) => l.lap <= period.to).map((l) => l.driver),
      ...pitStops.filter((s) => s.lap >= period.from && s.lap <= period.to).map((s) => s.driver),
    ]),
  ];
  return drivers.map((driver) => {
    const stop = pitStops.find((s) => s.driver === driver && s.lap >= period.from && s.lap <= period.to);
    const before =
      period.from === 1 ? (grid.get(driver) ?? null) : (at.get(`${driver}:${period.from - 1}`) ?? null);
    const afterLap = Math.min(period.to + LAPS_AFTER, lastLap.get(driver) ?? 0);
    return {
      driver,
      pitLap: stop?.lap ?? null,
      before,
      after: afterLap > period.to ? (at.get(`${driver}:${afterLap}`) ?? null) : null,
    };
  });
}

/**
 * Safety cars, virtual safety cars and red flags of one race: when each ran, why, who pitted under it
 * and what that gained or lost, as the change in running position from the lap before the period to
 * {@link LAPS_AFTER} laps after it (positive: places gained). Positions come from the laps; a period on
 * lap 1 compares with the grid. Track-status laps showing the safety car that no recorded period covers
 * are reported, not counted as periods.
 */
export function neutralisations(input: {
  race: RaceInfo;
  drivers: DriverInfo[];
  safetyCars: SafetyCarInput[];
  redFlags: RedFlagInput[];
  /** The warehouse's VSC estimates, read where the laps carry no track status. */
  vsc?: VscInput[];
  laps: LapInput[];
  pitStops: PitStopInput[];
  /** Stops made while the race was suspended (tyre changes under a red flag), kept apart from pit stops. */
  redFlagStops?: PitStopInput[];
  results: ResultInput[];
  source?: LapDataSource;
}): AnalysisOutput {
  const { race, laps } = input;
  const where = `the ${race.season} ${race.name}`;
  // The distance, else the most laps anyone ran (lap rows or the classification); a safety car never
  // recalled runs to it.
  const raceLaps = race.laps ?? Math.max(0, ...laps.map((l) => l.lap), ...input.results.map((r) => r.laps));
  const periods = neutralisedPeriods({ ...input, raceLaps });
  const info = new Map(input.drivers.map((d) => [d.ref, d]));
  const name = (ref: string) => info.get(ref)?.name ?? ref;
  const code = (ref: string) => info.get(ref)?.code ?? ref;
  const facts: Fact[] = [];
  const count = (kind: Neutralisation) => periods.filter((p) => p.kind === kind).length;
  for (const kind of ['sc', 'vsc', 'red'] as const)
    facts.push({ label: `${KIND_LABEL[kind]} periods`, value: count(kind) });

  const sentences: string[] = [];
  const kinds = (['sc', 'vsc', 'red'] as const).filter((k) => count(k) > 0);
  const missing = (['sc', 'vsc', 'red'] as const).filter((k) => count(k) === 0);
  const nounOf = (k: Neutralisation, n: number) =>
    k === 'red'
      ? `${n} red ${n === 1 ? 'flag' : 'flags'}`
      : `${n} ${KIND_LABEL[k]} ${n === 1 ? 'period' : 'periods'}`;
  const none = (k: Neutralisation) => (k === 'red' ? 'no red flag' : `no ${KIND_LABEL[k]}`);
  if (periods.length === 0) {
    sentences.push(
      `There was no safety car, virtual safety car or red flag at ${where}, so nobody pitted under one.`,
    );
  } else {
    const listed = kinds.map((k) => {
      const ps = periods.filter((p) => p.kind === k);
      const spans = ps.map((p) => lapsText(p).replace(/^laps? /, ''));
      const one = ps.length === 1 && ps[0]?.from === ps[0]?.to;
      return `${nounOf(k, ps.length)} (${one ? 'lap' : 'laps'} ${joinAnd(spans)})`;
    });
    sentences.push(
      `There ${count(kinds[0] as Neutralisation) === 1 ? 'was' : 'were'} ${joinAnd(listed)} at ${where}${
        missing.length
          ? `, and ${none(missing[0] as Neutralisation)}${
              missing.length > 1
                ? ` or ${missing
                    .slice(1)
                    .map((k) => none(k).replace(/^no /, ''))
                    .join(' or ')}`
                : ''
            }`
          : ''
      }.`,
    );
  }

  const periodRows: Table['rows'] = [];
  const driverRows: Table['rows'] = [];
  // Pit stops are in the data from 2011: before that, who stopped under a period is not known.
  const stopsKnown = race.season >= PIT_STOPS_SINCE || input.pitStops.length > 0;
  if (!stopsKnown && periods.length > 0) {
    sentences.push(
      `Pit stops are in the data from ${PIT_STOPS_SINCE} on, so who pitted under them is not known.`,
    );
    facts.push({ label: 'first season with pit stops', value: PIT_STOPS_SINCE });
  }
  periods.forEach((period, i) => {
    const n = i + 1;
    const label = `${KIND_LABEL[period.kind]} ${lapsText(period)}`;
    const stops = period.kind === 'red' ? [...input.pitStops, ...(input.redFlagStops ?? [])] : input.pitStops;
    const rows = periodDrivers(period, laps, stops, input.results);
    const pitted = rows
      .filter((r) => r.pitLap !== null)
      .sort(
        (a, b) =>
          (a.pitLap ?? 0) - (b.pitLap ?? 0) ||
          (a.before ?? 99) - (b.before ?? 99) ||
          name(a.driver).localeCompare(name(b.driver)),
      );
    facts.push(
      { label: `period ${n}: ${KIND_LABEL[period.kind]}, first lap`, value: period.from },
      { label: `period ${n}: last lap`, value: period.to },
    );
    if (stopsKnown) facts.push({ label: `period ${n}: drivers who pitted`, value: pitted.length });
    const change = (r: PeriodDriver) => (r.before !== null && r.after !== null ? r.before - r.after : null);
    const leaderBefore = rows.find((r) => r.before === 1);
    const leaderAfter = rows.find((r) => r.after === 1);
    const told = [...new Set([...pitted, leaderBefore, leaderAfter])];
    for (const r of told) {
      const c = r ? change(r) : null;
      if (!r || c === null) continue;
      facts.push(
        { label: `period ${n}: ${code(r.driver)} position before`, value: r.before as number },
        { label: `period ${n}: ${code(r.driver)} position after`, value: r.after as number },
        { label: `period ${n}: ${code(r.driver)} places gained`, value: c },
      );
    }
    periodRows.push([
      n,
      KIND_LABEL[period.kind],
      period.from,
      period.to,
      period.cause,
      stopsKnown ? pitted.length : null,
      pitted.map((r) => code(r.driver)).join(', ') || null,
    ]);
    for (const r of [...rows].sort((a, b) => (a.before ?? 99) - (b.before ?? 99))) {
      driverRows.push([n, label, name(r.driver), r.pitLap, r.before, r.after, change(r)]);
    }
    const ordinal = periods.filter((p) => p.kind === period.kind).indexOf(period) + 1;
    const which =
      count(period.kind) > 1
        ? `the ${ordinalWord(ordinal)} ${KIND_LABEL[period.kind]}`
        : `the ${KIND_LABEL[period.kind]}`;
    const cause = period.cause ? ` (${period.cause.replace(/\.$/, '')})` : '';
    if (!stopsKnown) {
      if (period.cause)
        sentences.push(
          `${which[0]?.toUpperCase()}${which.slice(1)} was for ${period.cause.replace(/\.$/, '').toLowerCase()}.`,
        );
      return;
    }
    const stopped = period.kind === 'red' ? 'stopped (tyres changed while the race was suspended)' : 'pitted';
    const movers = pitted
      .map((r) => ({ r, c: change(r) }))
      .filter((m): m is { r: PeriodDriver; c: number } => m.c !== null);
    const best = [...movers].sort((a, b) => b.c - a.c)[0];
    const worst = [...movers].sort((a, b) => a.c - b.c)[0];
    const move = (m: { r: PeriodDriver; c: number }) =>
      `${name(m.r.driver)} (P${m.r.before} to P${m.r.after})`;
    const effects: string[] = [];
    const leadLost = leaderBefore?.after && leaderAfter && leaderBefore !== leaderAfter;
    if (leaderBefore?.after && leaderAfter && leadLost) {
      effects.push(
        `${name(leaderBefore.driver)} lost the lead to ${name(leaderAfter.driver)} (P1 to P${leaderBefore.after})`,
      );
    }
    if (best && best.c > 0) effects.push(`of those who stopped, ${move(best)} gained most`);
    if (worst && worst.c < 0 && worst !== best && !(leadLost && worst.r === leaderBefore))
      effects.push(`${best && best.c > 0 ? '' : 'of those who stopped, '}${move(worst)} lost most`);
    const who = pitted.length <= 4 ? `: ${joinAnd(pitted.map((r) => name(r.driver)))}` : '';
    const line =
      pitted.length === 0
        ? `Nobody pitted under ${which}${cause}`
        : `Under ${which}${cause}, ${pitted.length} ${pitted.length === 1 ? 'driver' : 'drivers'} ${stopped}${who}`;
    const measured = effects.length
      ? `. From the lap before it to ${LAPS_AFTER} laps after it, ${effects.join('; ')}`
      : '';
    sentences.push(`${line}${measured}.`);
  });
  if (periods.length > 0) facts.push({ label: 'laps compared after a period', value: LAPS_AFTER });

  const quality: AnalysisOutput['quality'] = [];
  const covered = (lap: number) =>
    periods.some((p) => p.kind !== 'vsc' && lap >= p.from - 1 && lap <= p.to + 1);
  const stray = [
    ...new Set(
      laps.filter((l) => neutralisation(l.trackStatus) === 'sc' && !covered(l.lap)).map((l) => l.lap),
    ),
  ].sort((a, b) => a - b);
  if (stray.length > 0) {
    quality.push({
      code: 'safety_car_in_track_status',
      message: `The timing data's track status shows the safety car on lap${stray.length > 1 ? 's' : ''} ${stray.join(', ')}, which no recorded safety-car period covers.`,
    });
  }
  if (laps.length === 0 && periods.length > 0) {
    quality.push({
      code: 'no_laps',
      message: `There are no lap positions for ${where}: gains and losses are not computed.`,
    });
  }

  const charted = input.drivers.filter((d) => laps.some((l) => l.driver === d.ref));
  const data = laps
    .filter((l) => l.position !== null && info.has(l.driver))
    .map((l) => ({ driver: code(l.driver), lap: l.lap, position: l.position }));
  const charts: ChartDraft[] =
    data.length > 0
      ? [
          {
            id: 'neutralisations',
            kind: 'positions',
            title: `Positions and neutralisations — ${race.season} ${race.name}`,
            subtitle: 'Safety car, virtual safety car and red flag laps shaded',
            spec: {
              mark: 'line',
              orientation: 'vertical',
              x: { field: 'lap', label: 'Lap', type: 'quantitative', format: 'integer' },
              y: {
                field: 'position',
                label: 'Position',
                type: 'quantitative',
                reverse: true,
                domain: [1, Math.max(1, ...data.map((r) => r.position as number))],
                format: 'integer',
              },
              series: { field: 'driver', label: 'Driver' },
              color: {
                field: 'driver',
                label: 'Driver',
                domain: charted.map((d) => d.code).slice(0, 60),
                range: charted.map((d) => d.colour).slice(0, 60),
              },
              bands: periods.map((p) => ({
                from: p.from - 0.5,
                to: p.to + 0.5,
                label: `${KIND_LABEL[p.kind][0]?.toUpperCase()}${KIND_LABEL[p.kind].slice(1)}`,
                colour: BAND_COLOUR[p.kind],
              })),
              data,
            },
          },
        ]
      : [];

  return {
    headline: sentences.join(' '),
    facts,
    tables: [
      {
        name: `Neutralisations — ${race.season} ${race.name}`,
        columns: ['Period', 'Kind', 'First lap', 'Last lap', 'Cause', 'Pitted', 'Who pitted'],
        rows: periodRows,
      },
      {
        name: `Positions around each neutralisation (before: the lap before; after: ${LAPS_AFTER} laps after)`,
        columns: ['Period', 'Neutralisation', 'Driver', 'Pitted on lap', 'Before', 'After', 'Places gained'],
        rows: driverRows,
      },
    ],
    charts,
    sources: [
      ERGAST_SOURCE(`safety cars, red flags and pit stops of the ${race.season} ${race.name}`),
      ...(laps.length ? [lapSource(input.source ?? 'fastf1', race, 'lap positions and track status')] : []),
    ],
    quality,
  };
}

function joinAnd(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
