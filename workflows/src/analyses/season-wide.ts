import type { ChartDraft, Fact, Source } from '@pitwall/db/contracts';
import { lapSource } from './clean-laps.ts';
import { ERGAST_SOURCE } from './race-classification.ts';
import type { RaceSummary, SeasonWideIntent } from './season-wide-races.ts';
import { groupBy, median, round } from './stats.ts';
import type { AnalysisOutput } from './types.ts';
import { compoundScale } from './tyre-strategy.ts';

/**
 * A season-wide answer from per-race summaries (see season-wide-races.ts). Every figure is computed here
 * from those summaries; races that added nothing are named in the quality notes.
 */
export function aggregateSeason(
  intent: SeasonWideIntent,
  season: number,
  races: RaceSummary[],
): AnalysisOutput {
  const used = races.filter((r) => !r.skipped).sort((a, b) => a.round - b.round);
  const quality = races
    .filter((r) => r.skipped)
    .map((r) => ({ code: 'race_skipped', message: `Round ${r.round} (${r.name}): ${r.skipped}` }));
  const base = { season, races: used, quality };
  const output =
    intent === 'degradation'
      ? seasonDegradation(base)
      : intent === 'positions'
        ? seasonLapOne(base)
        : intent === 'pit_stops'
          ? seasonPitStops(base)
          : seasonStrategy(base);
  const facts: Fact[] = [{ label: 'races analysed', value: used.length }, ...output.facts];
  return { ...output, facts, quality: [...quality, ...output.quality] };
}

type Input = { season: number; races: RaceSummary[]; quality: AnalysisOutput['quality'] };

function sourcesOf(races: RaceSummary[], what: string, laps: boolean): Source[] {
  if (!laps) return [ERGAST_SOURCE(`${races.length} races of the season: ${what}`)];
  const seen = new Map<string, Source>();
  for (const r of races) {
    const s = lapSource(r.source, { season: r.season, round: r.round, name: r.name, laps: null }, what);
    if (!seen.has(s.name)) seen.set(s.name, { ...s, detail: `${r.season} season ${what}` });
  }
  return [...seen.values()];
}

/** Per compound, the median across races of each race's median stint slope (s/lap). */
function seasonDegradation({ season, races }: Input): AnalysisOutput {
  const rows = races.flatMap((r) =>
    (r.degradation ?? []).map((d) => ({ ...d, round: r.round, race: r.name })),
  );
  const facts: Fact[] = [];
  const table: (string | number)[][] = [];
  for (const [compound, perRace] of groupBy(rows, (r) => r.compound)) {
    const m = median(perRace.map((r) => r.medianSlope));
    facts.push(
      { label: `${compound} season median degradation`, value: round(m, 3), unit: 's/lap' },
      { label: `${compound} races with fitted stints`, value: perRace.length },
      { label: `${compound} stints fitted`, value: perRace.reduce((t, r) => t + r.stints, 0) },
    );
    table.push([compound, perRace.length, perRace.reduce((t, r) => t + r.stints, 0), round(m, 3)]);
  }
  const chart: ChartDraft = {
    id: 'season-degradation',
    kind: 'line',
    title: `Tyre degradation race by race — ${season}`,
    subtitle: 'Median fuel-corrected slope of each race’s fitted stints, per compound',
    spec: {
      mark: 'line',
      orientation: 'vertical',
      x: { field: 'round', label: 'Round', type: 'ordinal', format: 'integer' },
      y: { field: 'slope', label: 'Median degradation', type: 'quantitative', unit: 's/lap' },
      series: { field: 'compound', label: 'Compound' },
      color: compoundScale(rows.map((r) => r.compound)),
      tooltip: [
        { field: 'race', label: 'Race' },
        { field: 'stints', label: 'Stints fitted' },
      ],
      data: rows.map((r) => ({ ...r, slope: round(r.medianSlope, 3) })),
    },
  };
  return {
    facts,
    tables: [
      {
        name: 'Season degradation by compound',
        columns: ['Compound', 'Races', 'Stints', 'Median slope (s/lap)'],
        rows: table,
      },
      {
        name: 'Degradation by race',
        columns: ['Round', 'Race', 'Compound', 'Stints', 'Median slope (s/lap)'],
        rows: rows.map((r) => [r.round, r.race, r.compound, r.stints, round(r.medianSlope, 3)]),
      },
    ],
    charts: [chart],
    sources: sourcesOf(races, 'lap times and tyre data', true),
    quality: [],
  };
}

/** Net places gained on lap 1 per driver, summed over the season; ties keep the better single race first. */
function seasonLapOne({ season, races }: Input): AnalysisOutput {
  const rows = races.flatMap((r) => (r.lapOne ?? []).map((g) => ({ ...g, round: r.round, race: r.name })));
  const drivers = [...groupBy(rows, (r) => r.driver)]
    .map(([driver, gains]) => ({
      driver,
      name: gains[0]?.name ?? driver,
      code: gains[0]?.code ?? driver,
      total: gains.reduce((t, g) => t + g.gained, 0),
      races: gains.length,
      best: Math.max(...gains.map((g) => g.gained)),
    }))
    .sort((a, b) => b.total - a.total || b.best - a.best || a.name.localeCompare(b.name));
  const facts: Fact[] = [];
  const top = drivers[0];
  if (top) {
    facts.push({ label: 'most net places gained on lap 1', value: top.name });
    for (const d of drivers.slice(0, 5)) {
      facts.push({ label: `${d.name} net places gained on lap 1`, value: d.total });
      facts.push({ label: `${d.name} races counted`, value: d.races });
    }
  }
  const single = [...rows].sort((a, b) => b.gained - a.gained || a.round - b.round)[0];
  if (single) {
    facts.push({ label: 'biggest lap-1 gain in one race', value: single.gained });
    facts.push({ label: 'biggest lap-1 gain by', value: `${single.name} (${single.race})` });
  }
  const chart: ChartDraft = {
    id: 'season-lap-one-gains',
    kind: 'bar',
    title: `Net places gained on lap 1 — ${season}`,
    subtitle: 'Grid slot minus position at the end of lap 1, summed over the season',
    spec: {
      mark: 'bar',
      orientation: 'horizontal',
      x: { field: 'total', label: 'Net places gained', type: 'quantitative', format: 'integer' },
      y: { field: 'driver', label: 'Driver', type: 'nominal' },
      tooltip: [{ field: 'races', label: 'Races' }],
      data: drivers.map((d) => ({ driver: d.code, total: d.total, races: d.races })),
    },
  };
  return {
    facts,
    tables: [
      {
        name: 'Lap-1 places gained by driver',
        columns: ['Driver', 'Net places gained', 'Races', 'Best single race'],
        rows: drivers.map((d) => [d.name, d.total, d.races, d.best]),
      },
    ],
    charts: [chart],
    sources: sourcesOf(races, 'grid and lap-1 positions', true),
    quality: [],
  };
}

/** Per team, the median across races of its median pit-lane time (s); only races with timed stops count. */
function seasonPitStops({ season, races }: Input): AnalysisOutput {
  const rows = races.flatMap((r) => r.pitStops ?? []);
  const teams = [...groupBy(rows, (r) => r.team)]
    .map(([team, perRace]) => ({
      team,
      name: perRace.at(-1)?.teamName ?? team,
      colour: perRace.at(-1)?.colour ?? '#888888',
      races: perRace.length,
      stops: perRace.reduce((t, r) => t + r.stops, 0),
      median: median(perRace.map((r) => r.medianMs)) / 1000,
    }))
    .sort((a, b) => a.median - b.median);
  const facts: Fact[] = [{ label: 'timed pit stops', value: teams.reduce((t, x) => t + x.stops, 0) }];
  const best = teams[0];
  if (best) {
    facts.push({ label: 'team with the quickest median stop across the season', value: best.name });
    facts.push({
      label: `${best.name} season median pit-lane time`,
      value: round(best.median, 3),
      unit: 's',
    });
  }
  const chart: ChartDraft = {
    id: 'season-pit-stops',
    kind: 'bar',
    title: `Median pit-lane time by team — ${season}`,
    subtitle: 'Median over the races of each team’s median stop, entry to exit',
    spec: {
      mark: 'bar',
      orientation: 'horizontal',
      x: { field: 'median', label: 'Median pit-lane time', type: 'quantitative', unit: 's' },
      y: { field: 'team', label: 'Team', type: 'nominal' },
      color: {
        field: 'team',
        label: 'Team',
        domain: teams.map((t) => t.name),
        range: teams.map((t) => t.colour),
      },
      tooltip: [{ field: 'races', label: 'Races' }],
      data: teams.map((t) => ({ team: t.name, median: round(t.median, 3), races: t.races })),
    },
  };
  return {
    facts,
    tables: [
      {
        name: 'Teams by season median stop',
        columns: ['Rank', 'Team', 'Races', 'Timed stops', 'Median pit-lane time (s)'],
        rows: teams.map((t, i) => [i + 1, t.name, t.races, t.stops, round(t.median, 3)]),
      },
    ],
    charts: [chart],
    sources: sourcesOf(races, 'pit stops', false),
    quality: [],
  };
}

/** How many stops classified drivers made across the season, and on how many stops races were won. */
function seasonStrategy({ season, races }: Input): AnalysisOutput {
  const all = races.flatMap((r) => r.strategy?.stops ?? []);
  const byStops = [...groupBy(all, (n) => n)].map(([stops, xs]) => ({ stops, drivers: xs.length }));
  byStops.sort((a, b) => a.stops - b.stops);
  const wins = [
    ...groupBy(
      races.filter((r) => r.strategy?.winnerStops != null),
      (r) => r.strategy?.winnerStops as number,
    ),
  ];
  const facts: Fact[] = [];
  const common = [...byStops].sort((a, b) => b.drivers - a.drivers || a.stops - b.stops)[0];
  if (common) {
    facts.push({ label: 'most common number of pit stops', value: common.stops });
    facts.push({ label: 'classified finishes with that strategy', value: common.drivers });
  }
  for (const [stops, won] of wins.sort((a, b) => a[0] - b[0])) {
    facts.push({ label: `races won on a ${stops}-stop strategy`, value: won.length });
  }
  const chart: ChartDraft = {
    id: 'season-stop-counts',
    kind: 'bar',
    title: `Pit stops per classified finish — ${season}`,
    spec: {
      mark: 'bar',
      orientation: 'vertical',
      x: { field: 'stops', label: 'Stops', type: 'ordinal', format: 'integer' },
      y: { field: 'drivers', label: 'Classified finishes', type: 'quantitative', format: 'integer' },
      data: byStops,
    },
  };
  return {
    facts,
    tables: [
      {
        name: 'Strategy by race',
        columns: ['Round', 'Race', 'Winner’s stops', 'Median stops'],
        rows: races.map((r) => [
          r.round,
          r.name,
          r.strategy?.winnerStops ?? null,
          r.strategy?.stops.length ? median(r.strategy.stops) : null,
        ]),
      },
    ],
    charts: [chart],
    sources: sourcesOf(races, 'pit stops and tyre stints', false),
    quality: [],
  };
}
