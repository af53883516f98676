import type { ChartDraft, Fact } from '@pitwall/db/contracts';
import {
  cleanLaps,
  exclusionNote,
  type LapDataSource,
  lapSource,
  neutralisedBands,
  OUTLIER_FACTOR,
} from './clean-laps.ts';
import { groupBy, median, round } from './stats.ts';
import type { AnalysisOutput, DriverInfo, LapInput, PitStopInput, RaceInfo } from './types.ts';
import { compoundScale, normaliseCompound } from './tyre-strategy.ts';

/**
 * Lap times per driver, lap by lap, in seconds, with each lap's compound, tyre life and clean-lap status
 * (see `cleanLaps`). The chart plots every timed lap up to {@link OUTLIER_FACTOR} × the driver's median
 * clean lap, so pit and safety-car laps (often 20–60 s slower) do not flatten the racing laps; the table
 * keeps every lap. Laps run under SC, VSC or red flag by any car are shaded, which is why `laps` should hold
 * every driver's laps: only the drivers in `drivers` are plotted. A driver's fastest lap is over all
 * timed laps, clean or not, as in the official fastest-lap award.
 */
export function lapTimes(input: {
  race: RaceInfo;
  drivers: DriverInfo[];
  laps: LapInput[];
  pitStops?: PitStopInput[];
  source?: LapDataSource;
}): AnalysisOutput {
  const { race, drivers } = input;
  const selected = new Set(drivers.map((d) => d.ref));
  const laps = input.laps.filter((l) => selected.has(l.driver)).sort((a, b) => a.lap - b.lap);
  const { kept, excluded } = cleanLaps(laps, input.pitStops ? { pitStops: input.pitStops } : {});
  const status = new Map<LapInput, string>(excluded.map((e) => [e.lap, e.reason]));
  const cleanMedian = new Map(
    [...groupBy(kept, (l) => l.driver)].map(([ref, ls]) => [ref, median(ls.map((l) => l.timeMs))]),
  );
  const bands = neutralisedBands(input.laps);
  const byDriver = groupBy(laps, (l) => l.driver);

  const facts: Fact[] = [{ label: 'laps shaded as neutralised', value: bandLaps(bands) }];
  for (const [label, periods] of groupBy(bands, (b) => b.label)) {
    const spans = periods.map((b) =>
      b.to - b.from === 1 ? `${b.from + 0.5}` : `${b.from + 0.5}–${b.to - 0.5}`,
    );
    facts.push({ label: `${label} laps`, value: spans.join(', ') });
  }
  const rows: (string | number | null)[][] = [];
  const data: Record<string, string | number | null>[] = [];
  const quality: AnalysisOutput['quality'] = [exclusionNote(excluded, laps.length)];
  let hidden = 0;
  for (const d of drivers) {
    const own = byDriver.get(d.ref) ?? [];
    const timed = own.filter((l): l is LapInput & { timeMs: number } => l.timeMs !== null && l.timeMs > 0);
    if (timed.length === 0) {
      quality.push({ code: 'no_lap_times', message: `${d.code} has no timed laps.` });
      continue;
    }
    const fastest = timed.reduce((a, b) => (b.timeMs < a.timeMs ? b : a));
    facts.push(
      { label: `${d.code} timed laps`, value: timed.length },
      { label: `${d.code} fastest lap`, value: round(fastest.timeMs / 1000, 3), unit: 's' },
      { label: `${d.code} fastest lap number`, value: fastest.lap },
    );
    const ref = cleanMedian.get(d.ref);
    const limit = ref === undefined ? Number.POSITIVE_INFINITY : OUTLIER_FACTOR * ref;
    for (const l of own) {
      const time = l.timeMs === null ? null : round(l.timeMs / 1000, 3);
      const compound = normaliseCompound(l.compound);
      const lapStatus = status.get(l) ?? 'clean';
      rows.push([d.code, l.lap, time, compound, l.tyreLife, lapStatus]);
      if (l.timeMs === null || !(l.timeMs > 0)) continue;
      if (l.timeMs > limit) {
        hidden++;
        continue;
      }
      data.push({ driver: d.code, lap: l.lap, time, compound, tyreLife: l.tyreLife, status: lapStatus });
    }
  }
  if (hidden > 0) {
    quality.push({
      code: 'slow_laps_not_plotted',
      message: `${hidden} laps slower than ${Math.round(OUTLIER_FACTOR * 100)} % of the driver's median clean lap (pit and neutralised laps) are in the table but not the chart.`,
    });
  }

  const chart: ChartDraft = {
    id: 'lap-times',
    kind: 'lap_times',
    title: `Lap times — ${race.season} ${race.name}`,
    subtitle: 'Coloured by compound; shaded laps ran under SC, VSC or red flag',
    spec: {
      mark: 'point',
      orientation: 'vertical',
      x: { field: 'lap', label: 'Lap', type: 'quantitative', format: 'integer' },
      y: { field: 'time', label: 'Lap time', type: 'quantitative', unit: 's', format: 'laptime' },
      series: { field: 'driver', label: 'Driver' },
      color: compoundScale(data.map((r) => r.compound as string)),
      bands,
      tooltip: [
        { field: 'driver', label: 'Driver' },
        { field: 'compound', label: 'Compound' },
        { field: 'tyreLife', label: 'Tyre life (laps)' },
        { field: 'status', label: 'Status' },
      ],
      data,
    },
  };
  return {
    facts,
    tables: [
      { name: 'Lap times', columns: ['Driver', 'Lap', 'Time (s)', 'Compound', 'Tyre life', 'Status'], rows },
    ],
    charts: [chart],
    sources: [lapSource(input.source ?? 'fastf1', race, 'lap times')],
    quality,
  };
}

/** Number of laps covered by the bands (each band spans lap − 0.5 to lap + 0.5). */
const bandLaps = (bands: { from: number; to: number }[]) => bands.reduce((n, b) => n + (b.to - b.from), 0);
