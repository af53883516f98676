import type { ChartDraft, Fact } from '@pitwall/db/contracts';
import {
  cleanLaps,
  exclusionNote,
  type LapDataSource,
  lapSource,
  neutralisedBands,
  OUTLIER_FACTOR,
  type TimedLap,
} from './clean-laps.ts';
import { boxSpec } from './distribution.ts';
import { distinctColours } from './driver-colours.ts';
import { fuelCorrectedMs } from './fuel.ts';
import { groupBy, iqr, mean, median, round, stddev } from './stats.ts';
import type { AnalysisOutput, DriverInfo, LapInput, PitStopInput, RaceInfo } from './types.ts';
import { normaliseCompound } from './tyre-strategy.ts';

/** Below this many clean laps a driver's pace figures are reported but flagged as thin. */
export const MIN_PACE_LAPS = 5;

type Summary = { n: number; median: number; mean: number; sd: number; iqr: number };
const summarise = (s: number[]): Summary => ({
  n: s.length,
  median: median(s),
  mean: mean(s),
  sd: stddev(s),
  iqr: iqr(s),
});
const s3 = (x: number) => (Number.isFinite(x) ? round(x, 3) : null);

/**
 * Race pace on clean laps (see `cleanLaps`: no lap 1, in/out laps, SC/VSC/red-flag laps, laps without
 * time or slower than 107 % of the driver's median). Per driver and per stint: median, mean, sample
 * standard deviation and IQR of lap time in seconds, and n. The median is the headline figure because
 * traffic and mistakes skew the mean. With `fuelCorrected`, times are empty-tank equivalents (see
 * fuel.ts), which needs the race distance (`race.laps`, else the last lap in the data, with a note).
 * Deltas are each driver's median minus the fastest median, in s (positive = slower); drivers with fewer
 * than {@link MIN_PACE_LAPS} clean laps are flagged.
 */
export function racePace(input: {
  race: RaceInfo;
  drivers: DriverInfo[];
  laps: LapInput[];
  pitStops?: PitStopInput[];
  fuelCorrected?: boolean;
  source?: LapDataSource;
}): AnalysisOutput {
  const { race, drivers } = input;
  const selected = new Set(drivers.map((d) => d.ref));
  const laps = input.laps.filter((l) => selected.has(l.driver));
  const { kept, excluded } = cleanLaps(laps, input.pitStops ? { pitStops: input.pitStops } : {});
  const quality: AnalysisOutput['quality'] = [exclusionNote(excluded, laps.length)];

  const raceLaps = race.laps ?? input.laps.reduce((m, l) => Math.max(m, l.lap), 0);
  const fuel = input.fuelCorrected === true && raceLaps > 0;
  if (input.fuelCorrected && race.laps === null) {
    quality.push({
      code: 'race_distance_assumed',
      message: `The race distance is unknown; fuel correction assumes ${raceLaps} laps, the last lap in the data.`,
    });
  }
  const seconds = (l: TimedLap) => (fuel ? fuelCorrectedMs(l.timeMs, l.lap, raceLaps) : l.timeMs) / 1000;

  const byDriver = groupBy(kept, (l) => l.driver);
  const paced: { d: DriverInfo; all: Summary }[] = [];
  const stintRows: (string | number | null)[][] = [];
  const thin: string[] = [];
  for (const d of drivers) {
    const own = (byDriver.get(d.ref) ?? []).sort((a, b) => a.lap - b.lap);
    if (own.length === 0) {
      quality.push({ code: 'no_clean_laps', message: `${d.code} has no clean laps, so no pace figure.` });
      continue;
    }
    if (own.length < MIN_PACE_LAPS) thin.push(`${d.code} (${own.length})`);
    paced.push({ d, all: summarise(own.map(seconds)) });
    for (const [stint, ls] of groupBy(own, (l) => l.stint ?? 0)) {
      const s = summarise(ls.map(seconds));
      const compound = normaliseCompound(ls[0]?.compound ?? null);
      stintRows.push([d.code, stint || null, compound, s.n, s3(s.median), s3(s.mean), s3(s.sd), s3(s.iqr)]);
    }
  }

  if (thin.length > 0) {
    quality.push({
      code: 'few_clean_laps',
      message: `Fewer than ${MIN_PACE_LAPS} clean laps: ${thin.join(', ')}; treat their pace figures as indicative.`,
    });
  }
  const best = [...paced].sort((a, b) => a.all.median - b.all.median)[0];
  const facts: Fact[] = [
    { label: 'fuel corrected', value: fuel ? 'yes' : 'no' },
    { label: 'clean laps counted', value: kept.length },
    { label: 'laps excluded', value: excluded.length },
  ];
  if (best) facts.push({ label: 'fastest median pace', value: best.d.name });
  for (const { d, all } of paced) {
    facts.push(
      { label: `${d.code} clean laps`, value: all.n },
      { label: `${d.code} median lap`, value: round(all.median, 3), unit: 's' },
      { label: `${d.code} mean lap`, value: round(all.mean, 3), unit: 's' },
    );
    if (all.n >= 2) {
      facts.push(
        { label: `${d.code} lap time standard deviation`, value: round(all.sd, 3), unit: 's' },
        { label: `${d.code} lap time IQR`, value: round(all.iqr, 3), unit: 's' },
      );
    }
    if (best && d !== best.d) {
      const delta = round(all.median - best.all.median, 3);
      facts.push({ label: `${d.code} median gap to ${best.d.code}`, value: delta, unit: 's' });
    }
  }

  const data = paced.map(({ d, all }) => ({
    driver: d.code,
    team: d.teamName,
    delta: best ? round(all.median - best.all.median, 3) : null,
    median: round(all.median, 3),
    iqr: s3(all.iqr),
    n: all.n,
  }));
  const teams = [...new Map(paced.map(({ d }) => [d.teamName, d.colour]))];
  const chart: ChartDraft = {
    id: 'race-pace',
    kind: 'bar',
    title: `Race pace — ${race.season} ${race.name}`,
    subtitle: `Median clean lap, gap to the fastest${fuel ? ', fuel corrected' : ''}`,
    spec: {
      mark: 'bar',
      orientation: 'horizontal',
      x: { field: 'delta', label: 'Median gap to fastest', type: 'quantitative', unit: 's', format: 'gap' },
      y: { field: 'driver', label: 'Driver', type: 'nominal' },
      color: { field: 'team', label: 'Team', domain: teams.map(([t]) => t), range: teams.map(([, c]) => c) },
      tooltip: [
        { field: 'median', label: 'Median lap (s)' },
        { field: 'iqr', label: 'IQR (s)' },
        { field: 'n', label: 'Clean laps' },
      ],
      data,
    },
  };

  const lapTime = { label: 'Lap time', type: 'quantitative', unit: 's', format: 'laptime' } as const;
  const teamColours = {
    field: 'team',
    label: 'Team',
    domain: teams.map(([t]) => t),
    range: teams.map(([, c]) => c),
  };
  const spreadChart: ChartDraft = {
    id: 'race-pace-spread',
    kind: 'distribution',
    title: `Clean-lap spread — ${race.season} ${race.name}`,
    subtitle: `Boxes span the middle half of each driver's clean laps, the line is the median; whiskers reach 1.5 × IQR${fuel ? '; fuel corrected' : ''}`,
    spec: boxSpec({
      category: { field: 'driver', label: 'Driver' },
      value: { field: 'time', ...lapTime },
      groups: paced.map(({ d }) => ({
        key: d.code,
        values: (byDriver.get(d.ref) ?? []).map(seconds),
        extra: { team: d.teamName },
      })),
      color: teamColours,
    }),
  };
  const lapByLap = lapsChart(
    race,
    input.laps,
    paced.map(({ d }) => d),
    byDriver,
    seconds,
  );
  const charts = [chart, spreadChart, lapByLap];

  return {
    facts,
    tables: [
      {
        name: 'Race pace',
        columns: ['Driver', 'Clean laps', 'Median (s)', 'Mean (s)', 'Std dev (s)', 'IQR (s)', 'Gap (s)'],
        rows: paced.map(({ d, all }, i) => [
          d.code,
          all.n,
          s3(all.median),
          s3(all.mean),
          s3(all.sd),
          s3(all.iqr),
          data[i]?.delta ?? null,
        ]),
      },
      {
        name: 'Race pace by stint',
        columns: [
          'Driver',
          'Stint',
          'Compound',
          'Clean laps',
          'Median (s)',
          'Mean (s)',
          'Std dev (s)',
          'IQR (s)',
        ],
        rows: stintRows,
      },
    ],
    charts,
    sources: [lapSource(input.source ?? 'fastf1', race, 'lap times')],
    quality,
  };
}

/**
 * Each paced driver's laps over the race, one line per driver in team colours (a second driver of the
 * same team in a lighter shade, see `distinctColours`), with laps run under SC, VSC or red flag shaded. Laps slower than
 * {@link OUTLIER_FACTOR} × the driver's median clean lap (pit and neutralised laps) are left out so they do
 * not flatten the racing laps; the line joins across them. `seconds` is the race pace's own conversion, so
 * a fuel-corrected answer draws fuel-corrected laps.
 */
function lapsChart(
  race: RaceInfo,
  laps: readonly LapInput[],
  drivers: readonly DriverInfo[],
  clean: Map<string, TimedLap[]>,
  seconds: (l: TimedLap) => number,
): ChartDraft {
  const colours = distinctColours(drivers);
  const data: Record<string, string | number | null>[] = [];
  for (const d of drivers) {
    const own = clean.get(d.ref) ?? [];
    const limit = OUTLIER_FACTOR * median(own.map((l) => l.timeMs));
    const cleanLaps = new Set(own.map((l) => l.lap));
    for (const l of laps) {
      if (l.driver !== d.ref || l.timeMs === null || !(l.timeMs > 0) || l.timeMs > limit || l.lap <= 1)
        continue;
      data.push({
        driver: d.code,
        lap: l.lap,
        time: round(seconds(l as TimedLap), 3),
        compound: normaliseCompound(l.compound),
        clean: cleanLaps.has(l.lap) ? 'yes' : 'no',
      });
    }
  }
  data.sort((a, b) => (a.lap as number) - (b.lap as number));
  return {
    id: 'race-pace-laps',
    kind: 'lap_times',
    title: `Lap by lap — ${race.season} ${race.name}`,
    subtitle: 'Laps within 107 % of the driver’s median clean lap; shaded laps ran under SC, VSC or red flag',
    spec: {
      mark: 'line',
      orientation: 'vertical',
      x: { field: 'lap', label: 'Lap', type: 'quantitative', format: 'integer' },
      y: { field: 'time', label: 'Lap time', type: 'quantitative', unit: 's', format: 'laptime' },
      series: { field: 'driver', label: 'Driver' },
      color: { field: 'driver', label: 'Driver', domain: drivers.map((d) => d.code), range: colours },
      bands: neutralisedBands(laps),
      tooltip: [
        { field: 'compound', label: 'Compound' },
        { field: 'clean', label: 'Clean lap' },
      ],
      data,
    },
  };
}
