import type { ChartDraft, Fact } from '@pitwall/db/contracts';
import { cleanLaps, exclusionNote, type LapDataSource, lapSource } from './clean-laps.ts';
import { FUEL_SECONDS_PER_KG, FUEL_START_KG, fuelCorrectedMs, fuelEffectPerLapS } from './fuel.ts';
import { groupBy, type LinearFit, linearRegression, median, round } from './stats.ts';
import type { AnalysisOutput, DriverInfo, LapInput, PitStopInput, RaceInfo } from './types.ts';
import { compoundScale, normaliseCompound } from './tyre-strategy.ts';

/** Fewer clean laps than this and a stint's slope says more about noise than about tyres. */
export const MIN_STINT_LAPS = 5;

type Cell = string | number | null;

/**
 * Tyre degradation per stint: an OLS line through fuel-corrected lap time (s, see fuel.ts) against tyre
 * age (laps run on the set, FastF1 TyreLife), on clean laps only (see `cleanLaps`). The slope is the time
 * lost per lap of tyre age in s/lap with its 95 % confidence interval (t distribution, n − 2 df), r² and
 * n; only stints with at least `minLaps` (default {@link MIN_STINT_LAPS}) clean laps are fitted. Per
 * compound, the median slope of its fitted stints. Assumptions: within a stint, tyre age and lap number
 * rise together, so any error in the fuel constant shifts every slope by the same amount, and track
 * evolution (a rubbering-in track gets faster) can make slopes negative; both are left in, not hidden.
 * The race distance comes from `race.laps`, else the last lap in the data (with a note).
 */
export function degradation(input: {
  race: RaceInfo;
  drivers: DriverInfo[];
  laps: LapInput[];
  pitStops?: PitStopInput[];
  minLaps?: number;
  source?: LapDataSource;
}): AnalysisOutput {
  const { race, drivers } = input;
  const minLaps = Math.max(3, input.minLaps ?? MIN_STINT_LAPS);
  const selected = new Set(drivers.map((d) => d.ref));
  const laps = input.laps.filter((l) => selected.has(l.driver));
  const { kept, excluded } = cleanLaps(laps, input.pitStops ? { pitStops: input.pitStops } : {});
  const raceLaps = race.laps ?? input.laps.reduce((m, l) => Math.max(m, l.lap), 0);
  const quality: AnalysisOutput['quality'] = [
    exclusionNote(excluded, laps.length),
    {
      code: 'fuel_corrected',
      message: `Lap times are fuel corrected by ${round(fuelEffectPerLapS(Math.max(1, raceLaps)), 3)} s per lap (${FUEL_START_KG} kg burned evenly over ${raceLaps} laps at ${FUEL_SECONDS_PER_KG} s per kg), a model estimate.`,
    },
  ];
  if (race.laps === null) {
    quality.push({
      code: 'race_distance_assumed',
      message: `The race distance is unknown; fuel correction assumes ${raceLaps} laps, the last lap in the data.`,
    });
  }
  const usable = kept.filter((l) => l.tyreLife !== null && l.stint !== null);
  if (usable.length < kept.length) {
    quality.push({
      code: 'no_tyre_age',
      message: `${kept.length - usable.length} clean laps have no tyre age or stint and are not fitted.`,
    });
  }

  const info = new Map(drivers.map((d) => [d.ref, d]));
  const facts: Fact[] = [];
  const stintRows: Cell[][] = [];
  const points: Record<string, Cell>[] = [];
  const lines: Record<string, Cell>[] = [];
  const slopes: { compound: string; fit: LinearFit }[] = [];
  const skipped: string[] = [];
  const groups = groupBy(
    [...usable].sort((a, b) => a.lap - b.lap),
    (l) => `${l.driver}:${l.stint}`,
  );
  for (const ls of groups.values()) {
    const first = ls[0] as (typeof ls)[number];
    const d = info.get(first.driver) as DriverInfo;
    const compound = normaliseCompound(first.compound);
    const name = `${d.code} stint ${first.stint} (${compound})`;
    const ages = ls.map((l) => l.tyreLife as number);
    const times = ls.map((l) => fuelCorrectedMs(l.timeMs, l.lap, raceLaps) / 1000);
    const fit = ls.length >= minLaps ? linearRegression(ages, times) : null;
    if (!fit) {
      skipped.push(`${name}: ${ls.length} clean laps`);
      continue;
    }
    slopes.push({ compound, fit });
    const [lo, hi] = fit.slopeCi95;
    facts.push(
      { label: `${name} degradation`, value: round(fit.slope, 3), unit: 's/lap' },
      { label: `${name} degradation 95% CI low`, value: round(lo, 3), unit: 's/lap' },
      { label: `${name} degradation 95% CI high`, value: round(hi, 3), unit: 's/lap' },
      { label: `${name} r²`, value: round(fit.r2, 3) },
      { label: `${name} clean laps`, value: fit.n },
    );
    const [minAge, maxAge] = [Math.min(...ages), Math.max(...ages)];
    stintRows.push([
      d.code,
      first.stint,
      compound,
      fit.n,
      minAge,
      maxAge,
      ...[fit.slope, lo, hi, fit.r2].map(r3),
    ]);
    ls.forEach((l, i) => {
      points.push({
        driver: d.code,
        stint: name,
        compound,
        tyreAge: ages[i] as number,
        lap: l.lap,
        time: r3(times[i]),
      });
    });
    for (const age of [minAge, maxAge]) {
      lines.push({ stint: name, compound, tyreAge: age, time: r3(fit.intercept + fit.slope * age) });
    }
  }
  if (skipped.length > 0) {
    quality.push({
      code: 'stints_not_fitted',
      message: `${skipped.length} stints have fewer than ${minLaps} clean laps (or one tyre age) and are not fitted: ${skipped.join('; ')}.`,
    });
  }
  const compoundRows: Cell[][] = [];
  for (const [compound, fits] of groupBy(slopes, (s) => s.compound)) {
    const m = median(fits.map((f) => f.fit.slope));
    facts.push(
      { label: `${compound} median degradation`, value: round(m, 3), unit: 's/lap' },
      { label: `${compound} stints fitted`, value: fits.length },
    );
    compoundRows.push([compound, fits.length, round(m, 3)]);
  }

  const chart: ChartDraft = {
    id: 'tyre-degradation',
    kind: 'degradation',
    title: `Tyre degradation — ${race.season} ${race.name}`,
    subtitle: 'Fuel-corrected clean laps against tyre age, with a fitted line per stint',
    spec: {
      mark: 'point',
      orientation: 'vertical',
      x: { field: 'tyreAge', label: 'Tyre age', type: 'quantitative', unit: 'laps', format: 'integer' },
      y: {
        field: 'time',
        label: 'Fuel-corrected lap time',
        type: 'quantitative',
        unit: 's',
        format: 'laptime',
      },
      series: { field: 'stint', label: 'Stint' },
      color: compoundScale(points.map((p) => p.compound as string)),
      overlays: [
        {
          mark: 'line',
          x: 'tyreAge',
          y: 'time',
          series: 'stint',
          colour: { field: 'compound' },
          data: lines,
        },
      ],
      tooltip: [
        { field: 'driver', label: 'Driver' },
        { field: 'stint', label: 'Stint' },
        { field: 'lap', label: 'Lap' },
      ],
      data: points,
    },
  };
  return {
    facts,
    tables: [
      {
        name: 'Degradation by stint',
        columns: [
          'Driver',
          'Stint',
          'Compound',
          'n',
          'First age',
          'Last age',
          'Slope (s/lap)',
          'CI low',
          'CI high',
          'r²',
        ],
        rows: stintRows,
      },
      {
        name: 'Degradation by compound',
        columns: ['Compound', 'Stints', 'Median slope (s/lap)'],
        rows: compoundRows,
      },
    ],
    charts: [chart],
    sources: [lapSource(input.source ?? 'fastf1', race, 'lap times and tyre data')],
    quality,
  };
}

const r3 = (x: number | undefined): number | null =>
  x !== undefined && Number.isFinite(x) ? round(x, 3) : null;
