import { type ChartDraft, COMPOUND_COLOURS, FALLBACK_TEAM_COLOUR, type Fact } from '@pitwall/db/contracts';
import { type LapDataSource, lapSource } from './clean-laps.ts';
import type { AnalysisOutput, DriverInfo, LapInput, PitStopInput, RaceInfo, StintInput } from './types.ts';

const COMPOUND_ORDER = ['SOFT', 'MEDIUM', 'HARD', 'INTERMEDIATE', 'WET'];

/** `soft`, `INTER`, null, `nan`, `TEST_UNKNOWN` → SOFT, INTERMEDIATE, UNKNOWN…: sources spell them differently. */
export function normaliseCompound(compound: string | null): string {
  const c = (compound ?? '').trim().toUpperCase();
  if (c === 'INTER') return 'INTERMEDIATE';
  return COMPOUND_ORDER.includes(c) ? c : 'UNKNOWN';
}

/** Colour scale over the compounds present, in tyre order, with Pirelli's colours (grey for unknown). */
export function compoundScale(compounds: Iterable<string>) {
  const present = new Set(compounds);
  const domain = [...COMPOUND_ORDER, 'UNKNOWN'].filter((c) => present.has(c));
  return {
    field: 'compound',
    label: 'Compound',
    domain,
    range: domain.map((c) => COMPOUND_COLOURS[c] ?? FALLBACK_TEAM_COLOUR),
  };
}

/**
 * Stints rebuilt from FastF1-style lap rows (stint number, compound, tyre life) where no stint table is
 * at hand. FastF1's TyreLife counts the current lap, so a new set shows 1 on its first lap: the age at the
 * start of the stint is that value minus one. Laps without a stint number are skipped.
 */
export function stintsFromLaps(laps: readonly LapInput[]): StintInput[] {
  const byKey = new Map<string, StintInput>();
  for (const lap of [...laps].sort((a, b) => a.lap - b.lap)) {
    if (lap.stint === null) continue;
    const key = `${lap.driver}:${lap.stint}`;
    const stint = byKey.get(key);
    if (stint) stint.lapEnd = lap.lap;
    else
      byKey.set(key, {
        driver: lap.driver,
        stint: lap.stint,
        compound: normaliseCompound(lap.compound),
        lapStart: lap.lap,
        lapEnd: lap.lap,
        tyreAgeAtStart: lap.tyreLife === null ? null : Math.max(0, lap.tyreLife - 1),
        fresh: null,
      });
  }
  return [...byKey.values()];
}

/**
 * Tyre strategy: each driver's stints (compound, laps, tyre age at start, new or used), number of stops
 * and the laps they stopped on. Laps are 1-based and inclusive; tyre age is in laps already run on the set
 * before the stint. A set counts as new when the data says so, or when its age at the start is 0.
 * Stops are the pit-stop rows when given (they also catch stops that changed no tyres), else one per stint
 * change; a disagreement between the two is reported, never resolved silently. Chart bars run from the
 * end of the lap before the stint to the end of its last lap, so consecutive stints touch.
 */
export function tyreStrategy(input: {
  race: RaceInfo;
  drivers: DriverInfo[];
  stints: StintInput[];
  pitStops?: PitStopInput[];
  source?: LapDataSource;
  /** Laps run under SC, VSC or red flag, shaded behind the stints (`neutralisedBands` of every lap). */
  bands?: NonNullable<ChartDraft['spec']['bands']>;
}): AnalysisOutput {
  const { race, drivers, pitStops } = input;
  const facts: Fact[] = [];
  const quality: AnalysisOutput['quality'] = [];
  const rows: (string | number | null)[][] = [];
  const data: Record<string, string | number | null>[] = [];
  for (const d of drivers) {
    const all = input.stints.filter((s) => s.driver === d.ref).sort((a, b) => a.lapStart - b.lapStart);
    const stints = all.filter((s) => s.lapEnd >= s.lapStart);
    if (stints.length < all.length) {
      quality.push({ code: 'bad_stint', message: `${d.code}: a stint ending before it starts was dropped.` });
    }
    if (stints.length === 0) {
      quality.push({ code: 'no_stints', message: `${d.code}: no stint data, so no strategy is shown.` });
      continue;
    }
    const stops = (pitStops ?? []).filter((p) => p.driver === d.ref).sort((a, b) => a.lap - b.lap);
    const stopLaps = pitStops ? stops.map((p) => p.lap) : stints.slice(0, -1).map((s) => s.lapEnd);
    if (pitStops && stops.length !== stints.length - 1) {
      quality.push({
        code: 'stops_mismatch',
        message: `${d.code}: ${stops.length} pit stops recorded but ${stints.length} stints, e.g. a stop without a tyre change or under a red flag.`,
      });
    }
    const compounds = stints.map((s) => normaliseCompound(s.compound));
    facts.push(
      { label: `${d.code} pit stops`, value: stopLaps.length },
      { label: `${d.code} stop laps`, value: stopLaps.join(', ') || 'none' },
      { label: `${d.code} strategy`, value: compounds.join(' → ') },
    );
    stints.forEach((s, i) => {
      const compound = compounds[i] as string;
      const laps = s.lapEnd - s.lapStart + 1;
      const fresh = s.fresh ?? (s.tyreAgeAtStart === null ? null : s.tyreAgeAtStart === 0);
      const condition = fresh === null ? 'unknown' : fresh ? 'new' : 'used';
      facts.push({ label: `${d.code} stint ${i + 1} (${compound}) length`, value: laps, unit: 'laps' });
      if (s.tyreAgeAtStart !== null) {
        facts.push({
          label: `${d.code} stint ${i + 1} tyre age at start`,
          value: s.tyreAgeAtStart,
          unit: 'laps',
        });
      }
      if (laps === 1 && stints.length > 1) {
        quality.push({
          code: 'short_stint',
          message: `${d.code}: stint ${i + 1} lasted one lap (lap ${s.lapStart}); such stints are sometimes spurious in the source.`,
        });
      }
      rows.push([d.code, i + 1, compound, s.lapStart, s.lapEnd, laps, s.tyreAgeAtStart, condition]);
      data.push({
        driver: d.code,
        stint: i + 1,
        compound,
        start: s.lapStart - 1,
        end: s.lapEnd,
        lapStart: s.lapStart,
        lapEnd: s.lapEnd,
        laps,
        ageAtStart: s.tyreAgeAtStart,
        condition,
      });
    });
  }
  const chart: ChartDraft = {
    id: 'tyre-strategy',
    kind: 'stints',
    title: `Tyre strategy — ${race.season} ${race.name}`,
    subtitle: input.bands?.length
      ? 'One bar per stint, coloured by compound; shaded laps ran under SC, VSC or red flag'
      : 'One bar per stint, coloured by compound',
    spec: {
      mark: 'range',
      orientation: 'horizontal',
      x: { field: 'start', label: 'Lap', type: 'quantitative', format: 'integer', ...lapDomain(race) },
      x2: { field: 'end' },
      y: { field: 'driver', label: 'Driver', type: 'nominal' },
      ...(input.bands?.length ? { bands: input.bands } : {}),
      color: compoundScale(data.map((r) => r.compound as string)),
      tooltip: [
        { field: 'compound', label: 'Compound' },
        { field: 'lapStart', label: 'First lap' },
        { field: 'lapEnd', label: 'Last lap' },
        { field: 'laps', label: 'Laps' },
        { field: 'ageAtStart', label: 'Tyre age at start (laps)' },
        { field: 'condition', label: 'New / used' },
      ],
      data,
    },
  };
  const stintSource = input.source ?? 'fastf1';
  return {
    facts,
    tables: [
      {
        name: 'Stints',
        columns: ['Driver', 'Stint', 'Compound', 'First lap', 'Last lap', 'Laps', 'Tyre age at start', 'Set'],
        rows,
      },
    ],
    charts: [chart],
    sources: [
      lapSource(stintSource, race, 'stints'),
      ...(pitStops ? [lapSource('ergast', race, 'pit stops')] : []),
    ],
    quality,
  };
}

const lapDomain = (race: RaceInfo) =>
  race.laps ? { domain: [0, race.laps] as [number, number] } : ({} as Record<string, never>);
