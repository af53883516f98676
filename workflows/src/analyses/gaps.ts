import type { ChartDraft, Fact } from '@pitwall/db/contracts';
import { type LapDataSource, lapSource, neutralisedBands } from './clean-laps.ts';
import { groupBy, round } from './stats.ts';
import type { AnalysisOutput, DriverInfo, LapInput, RaceInfo } from './types.ts';

type Cell = string | number | null;

/**
 * Gap to the leader lap by lap (a race trace), from the session clock at each lap's end where the source
 * has it for every car (FastF1), else from cumulative lap times. A driver's race time after lap
 * L is the sum of their lap times 1…L; the leader after lap L is the car with the smallest such sum; the
 * gap is the difference, in s, i.e. how much later the driver finished lap L than the first car to
 * finish it. A lapped car's gap therefore grows past a lap time, and "laps down" counts the laps the
 * leader had completed when the driver completed their last lap, minus the driver's own laps. A driver
 * who retires stops where their laps stop. A trace also stops at the first missing or out-of-order lap
 * time, because every later sum would be wrong; the leader is then the fastest car with a complete
 * record, which the quality notes say. Pass every car's laps so the leader is the real one; only the
 * drivers in `drivers` are charted. Linear in the number of laps.
 */
export function gaps(input: {
  race: RaceInfo;
  drivers: DriverInfo[];
  laps: LapInput[];
  source?: LapDataSource;
}): AnalysisOutput {
  const { race, drivers } = input;
  const quality: AnalysisOutput['quality'] = [];
  const traces = new Map<string, number[]>(); // cumulative ms, index = lap − 1
  const broken: string[] = [];
  // With the session clock at each lap's end (FastF1), a car's place in time needs no lap-1 time; every car
  // must have it, or the clocks and the sums would be compared with each other.
  const byClock = input.laps.length > 0 && input.laps.every((l) => l.endTimeMs != null || l.timeMs == null);
  for (const [ref, rows] of groupBy(input.laps, (l) => l.driver)) {
    if (byClock) {
      const ordered = [...rows].filter((l) => l.endTimeMs != null).sort((a, b) => a.lap - b.lap);
      const clock: number[] = [];
      for (const l of ordered) {
        if (l.lap !== clock.length + 1) break;
        clock.push(l.endTimeMs as number);
      }
      traces.set(ref, clock);
      continue;
    }
    const sums: number[] = [];
    let total = 0;
    const ordered = [...rows].sort((a, b) => a.lap - b.lap);
    for (const [i, l] of ordered.entries()) {
      if (l.lap <= sums.length) continue; // a duplicate row: the first one counts
      if (l.lap !== sums.length + 1 || l.timeMs === null || !(l.timeMs > 0)) {
        // An untimed last row is a retirement's unfinished lap, not a hole in the record.
        if (ordered.slice(i).some((r) => r.timeMs !== null && r.timeMs > 0))
          broken.push(`${ref} at lap ${sums.length + 1}`);
        break;
      }
      total += l.timeMs;
      sums.push(total);
    }
    traces.set(ref, sums);
  }
  if (broken.length > 0) {
    quality.push({
      code: 'trace_incomplete',
      message: `Missing lap times stop these traces early: ${broken.join('; ')}. Gaps are to the fastest car with a complete record.`,
    });
  }

  const leaderMs: number[] = [];
  const leaderRef: string[] = [];
  for (const [ref, sums] of traces) {
    sums.forEach((t, i) => {
      if (leaderMs[i] === undefined || t < (leaderMs[i] as number)) {
        leaderMs[i] = t;
        leaderRef[i] = ref;
      }
    });
  }

  const info = new Map(drivers.map((d) => [d.ref, d]));
  const facts: Fact[] = [];
  const finalLeader = leaderRef.at(-1);
  if (finalLeader) {
    facts.push({
      label: `leader after lap ${leaderRef.length}`,
      value: info.get(finalLeader)?.name ?? finalLeader,
    });
  }
  const rows: Cell[][] = [];
  const data: Record<string, Cell>[] = [];
  for (const d of drivers) {
    const sums = traces.get(d.ref) ?? [];
    if (sums.length === 0) {
      quality.push({ code: 'no_trace', message: `${d.code} has no timed laps from lap 1, so no gap line.` });
      continue;
    }
    let largest = { gap: 0, lap: 1 };
    sums.forEach((t, i) => {
      const gap = round((t - (leaderMs[i] as number)) / 1000, 3);
      if (gap > largest.gap) largest = { gap, lap: i + 1 };
      data.push({ driver: d.code, team: d.teamName, lap: i + 1, gap });
    });
    const lastLap = sums.length;
    const finalGap = round(((sums.at(-1) as number) - (leaderMs[lastLap - 1] as number)) / 1000, 3);
    const lapsDown = countAtMost(leaderMs, sums.at(-1) as number) - lastLap;
    facts.push(
      { label: `${d.code} laps timed`, value: lastLap },
      { label: `${d.code} gap to leader after lap ${lastLap}`, value: finalGap, unit: 's' },
      { label: `${d.code} largest gap to leader`, value: largest.gap, unit: 's' },
      { label: `${d.code} largest gap lap`, value: largest.lap },
    );
    if (lapsDown > 0) facts.push({ label: `${d.code} laps down`, value: lapsDown, unit: 'laps' });
    rows.push([d.code, lastLap, finalGap, largest.gap, largest.lap, lapsDown]);
  }

  const chart: ChartDraft = {
    id: 'gap-to-leader',
    kind: 'gaps',
    title: `Gap to the leader — ${race.season} ${race.name}`,
    subtitle: 'From cumulative lap times; shaded laps ran under SC, VSC or red flag',
    spec: {
      mark: 'line',
      orientation: 'vertical',
      x: { field: 'lap', label: 'Lap', type: 'quantitative', format: 'integer' },
      // Reversed so the leader runs along the top and falling back reads as falling down the chart.
      y: {
        field: 'gap',
        label: 'Gap to leader',
        type: 'quantitative',
        unit: 's',
        reverse: true,
        format: 'gap',
      },
      series: { field: 'driver', label: 'Driver' },
      color: {
        field: 'driver',
        label: 'Driver',
        domain: drivers.map((d) => d.code),
        range: drivers.map((d) => d.colour),
      },
      bands: neutralisedBands(input.laps),
      tooltip: [{ field: 'team', label: 'Team' }],
      data,
    },
  };
  return {
    facts,
    tables: [
      {
        name: 'Gap to the leader',
        columns: ['Driver', 'Laps timed', 'Final gap (s)', 'Largest gap (s)', 'Largest gap lap', 'Laps down'],
        rows,
      },
    ],
    charts: [chart],
    sources: [lapSource(input.source ?? 'fastf1', race, 'lap times')],
    quality,
  };
}

/** How many entries of an ascending list are ≤ x (binary search). */
function countAtMost(ascending: readonly number[], x: number): number {
  let lo = 0;
  let hi = ascending.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ascending[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
