import type { ChartDraft, Fact } from '@pitwall/db/contracts';
import { cleanLaps, exclusionNote, type LapDataSource, lapSource } from './clean-laps.ts';
import { fuelCorrectedMs, fuelEffectPerLapS } from './fuel.ts';
import { groupBy, type LinearFit, linearRegression, round } from './stats.ts';
import type { AnalysisOutput, DriverInfo, LapInput, PitStopInput, RaceInfo } from './types.ts';
import { compoundScale, normaliseCompound } from './tyre-strategy.ts';

/** Fewer clean laps than this on a compound and its line says more about noise than about the tyre. */
export const MIN_COMPOUND_LAPS = 10;

const COMPOUND_ORDER = ['SOFT', 'MEDIUM', 'HARD', 'INTERMEDIATE', 'WET', 'UNKNOWN'];

/**
 * Lap time against tyre age (laps on the set, FastF1 TyreLife), per compound, over every selected
 * driver's clean laps (see `cleanLaps`): one OLS line per compound through all of them, its slope in s per
 * lap of tyre age. The line pools drivers and stints, so it reads as "what a lap of age cost on this
 * compound in this race", not as one car's wear. Older tyres also run later with less fuel, which hides
 * part of the wear: the slope on fuel-corrected times (fuel.ts) is given beside the raw one.
 */
export function tyreAge(input: {
  race: RaceInfo;
  drivers: DriverInfo[];
  laps: LapInput[];
  pitStops?: PitStopInput[];
  source?: LapDataSource;
}): AnalysisOutput {
  const { race } = input;
  const where = `the ${race.season} ${race.name}`;
  const selected = new Set(input.drivers.map((d) => d.ref));
  const laps = input.laps.filter((l) => selected.has(l.driver));
  const { kept, excluded } = cleanLaps(laps, input.pitStops ? { pitStops: input.pitStops } : {});
  const raceLaps = race.laps ?? input.laps.reduce((m, l) => Math.max(m, l.lap), 0);
  const usable = kept.filter((l) => l.tyreLife !== null);
  const quality: AnalysisOutput['quality'] = [exclusionNote(excluded, laps.length)];
  if (usable.length < kept.length) {
    quality.push({
      code: 'no_tyre_age',
      message: `${kept.length - usable.length} clean laps have no tyre age and are not plotted.`,
    });
  }
  const codes = new Map(input.drivers.map((d) => [d.ref, d.code]));
  const points = usable.map((l) => ({
    driver: codes.get(l.driver) ?? l.driver,
    compound: normaliseCompound(l.compound),
    tyreAge: l.tyreLife as number,
    lap: l.lap,
    time: round(l.timeMs / 1000, 3),
  }));

  const facts: Fact[] = [];
  const rows: (string | number | null)[][] = [];
  const lines: Record<string, string | number>[] = [];
  const fitted: { compound: string; raw: LinearFit; fuel: LinearFit }[] = [];
  const byCompound = [...groupBy(usable, (l) => normaliseCompound(l.compound))].sort(
    (a, b) => COMPOUND_ORDER.indexOf(a[0]) - COMPOUND_ORDER.indexOf(b[0]),
  );
  for (const [compound, ls] of byCompound) {
    const ages = ls.map((l) => l.tyreLife as number);
    const raw =
      ls.length >= MIN_COMPOUND_LAPS
        ? linearRegression(
            ages,
            ls.map((l) => l.timeMs / 1000),
          )
        : null;
    const fuel = raw
      ? linearRegression(
          ages,
          ls.map((l) => fuelCorrectedMs(l.timeMs, l.lap, raceLaps) / 1000),
        )
      : null;
    if (!raw || !fuel) {
      quality.push({
        code: 'compound_not_fitted',
        message: `The ${compound.toLowerCase()} had ${ls.length} clean laps with a tyre age (at least ${MIN_COMPOUND_LAPS}, over more than one age, are fitted).`,
      });
      continue;
    }
    fitted.push({ compound, raw, fuel });
    const label = compound.toLowerCase();
    facts.push(
      { label: `${label} lap time per lap of tyre age`, value: round(raw.slope, 3), unit: 's/lap' },
      {
        label: `${label} fuel-corrected time per lap of tyre age`,
        value: round(fuel.slope, 3),
        unit: 's/lap',
      },
      { label: `${label} clean laps`, value: raw.n },
      { label: `${label} r²`, value: round(raw.r2, 3) },
    );
    const [minAge, maxAge] = [Math.min(...ages), Math.max(...ages)];
    rows.push([
      compound,
      raw.n,
      minAge,
      maxAge,
      round(raw.slope, 3),
      round(raw.slopeCi95[0], 3),
      round(raw.slopeCi95[1], 3),
      round(fuel.slope, 3),
      round(raw.r2, 3),
    ]);
    for (const age of [minAge, maxAge])
      lines.push({ compound, tyreAge: age, time: round(raw.intercept + raw.slope * age, 3) });
  }

  // Sentences say "rose 0.05 s" or "fell 0.02 s": a fall's size is a fact of its own.
  const change = (slope: number, label: string) => {
    const size = Math.abs(round(slope, 3));
    if (slope < 0) facts.push({ label: `${label} fall per lap of tyre age`, value: size, unit: 's/lap' });
    return `${slope < 0 ? 'fell' : 'rose'} ${size} s`;
  };
  const said = fitted.map(
    ({ compound, raw }, i) =>
      `${change(raw.slope, compound.toLowerCase())}${i === 0 ? ' per lap of tyre age' : ''} on the ${compound.toLowerCase()}`,
  );
  const corrected = fitted.map(
    ({ compound, fuel }) =>
      `${change(fuel.slope, `${compound.toLowerCase()} fuel-corrected`)} on the ${compound.toLowerCase()}`,
  );
  const headline = fitted.length
    ? `On clean laps at ${where}, lap time ${list(said)}; with fuel burn taken out, it ${list(corrected)}.`
    : `There are too few clean laps with a tyre age at ${where} to fit lap time against tyre age.`;

  const chart: ChartDraft = {
    id: 'tyre-age-lap-time',
    kind: 'scatter',
    title: `Lap time against tyre age — ${race.season} ${race.name}`,
    subtitle: 'Clean laps of every driver, one fitted line per compound',
    spec: {
      mark: 'point',
      orientation: 'vertical',
      x: { field: 'tyreAge', label: 'Tyre age', type: 'quantitative', unit: 'laps', format: 'integer' },
      y: { field: 'time', label: 'Lap time', type: 'quantitative', unit: 's', format: 'laptime' },
      color: compoundScale(points.map((p) => p.compound)),
      overlays: [
        {
          mark: 'line',
          x: 'tyreAge',
          y: 'time',
          series: 'compound',
          colour: { field: 'compound' },
          data: lines,
        },
      ],
      tooltip: [
        { field: 'driver', label: 'Driver' },
        { field: 'lap', label: 'Lap' },
      ],
      data: points,
    },
  };
  return {
    headline,
    facts: [
      ...facts,
      {
        label: 'fuel correction per lap',
        value: round(fuelEffectPerLapS(Math.max(1, raceLaps)), 3),
        unit: 's',
      },
    ],
    tables: [
      {
        name: `Lap time against tyre age by compound — ${race.season} ${race.name}`,
        columns: [
          'Compound',
          'Clean laps',
          'First age',
          'Last age',
          'Slope (s/lap)',
          'CI low',
          'CI high',
          'Fuel-corrected slope (s/lap)',
          'r²',
        ],
        rows,
      },
    ],
    charts: points.length ? [chart] : [],
    sources: [lapSource(input.source ?? 'fastf1', race, 'lap times and tyre ages')],
    quality,
  };
}

/** "a", "a and b", "a, b and c". */
const list = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
