import { type ChartDraft, type Fact, type Source, type Table, teamColour } from '@pitwall/db/contracts';
import { boxSpec } from './distribution.ts';
import { ERGAST_SOURCE, formatRaceTime } from './race-classification.ts';
import { quantile } from './stats.ts';
import type { AnalysisOutput, DriverInfo, LapInput, RaceInfo } from './types.ts';

/** Below this many clean laps a team's median says little; such teams are listed but not ranked. */
export const MIN_TEAM_LAPS = 5;

/**
 * Team race pace from the distribution of clean laps: each team's laps (both drivers pooled) give a
 * median, an interquartile range, and a gap to the fastest team's median in s and in %.
 *
 * - `laps` must already be clean (in/out laps, SC/VSC laps, lap 1 and outliers removed by the caller);
 *   laps without a time are ignored here. Times in ms in, seconds out.
 * - A driver's team is the one in `drivers`; laps of drivers not listed there are left out (flagged).
 * - Teams with fewer than `minLaps` clean laps are not ranked (flagged).
 * - `source` names where the laps came from (default: the Ergast-schema lap times).
 * - Medians over a whole race mix fuel loads and tyre ages: a team on an unusual strategy can look faster
 *   or slower than its car; the ranking is a summary, not a like-for-like comparison.
 */
export function teamPace(input: {
  race: RaceInfo;
  laps: LapInput[];
  drivers: DriverInfo[];
  minLaps?: number;
  source?: Source;
}): AnalysisOutput {
  const { race } = input;
  const minLaps = input.minLaps ?? MIN_TEAM_LAPS;
  const info = new Map(input.drivers.map((d) => [d.ref, d]));
  const byTeam = new Map<string, { name: string; times: number[]; drivers: Set<string> }>();
  const unknown = new Set<string>();
  for (const lap of input.laps) {
    if (lap.timeMs === null) continue;
    const d = info.get(lap.driver);
    if (!d) {
      unknown.add(lap.driver);
      continue;
    }
    const team = byTeam.get(d.teamRef) ?? { name: d.teamName, times: [], drivers: new Set<string>() };
    team.times.push(lap.timeMs);
    team.drivers.add(d.code);
    byTeam.set(d.teamRef, team);
  }

  const summaries = [...byTeam.entries()].map(([ref, t]) => {
    const sorted = [...t.times].sort((a, b) => a - b);
    return {
      ref,
      name: t.name,
      drivers: [...t.drivers].join(', '),
      laps: sorted.length,
      median: quantile(sorted, 0.5),
      q1: quantile(sorted, 0.25),
      q3: quantile(sorted, 0.75),
      times: sorted,
    };
  });
  const ranked = summaries.filter((t) => t.laps >= minLaps).sort((a, b) => a.median - b.median);
  const thin = summaries.filter((t) => t.laps < minLaps);
  const best = ranked[0];
  if (!best) throw new Error(`no team has ${minLaps} clean laps at the ${race.season} ${race.name}`);
  const gapS = (median: number) => Math.round(median - best.median) / 1000;
  const gapPct = (median: number) => Math.round(((median - best.median) / best.median) * 10_000) / 100;

  const facts: Fact[] = [
    { label: 'season', value: race.season },
    { label: 'round', value: race.round },
    { label: 'fastest team on race pace', value: best.name },
    { label: `${best.name} median clean lap`, value: formatRaceTime(Math.round(best.median)) },
    { label: 'clean laps used', value: summaries.reduce((n, t) => n + t.laps, 0) },
  ];
  for (const t of ranked.slice(1)) {
    facts.push({ label: `${t.name} gap to the fastest team`, value: gapS(t.median), unit: 's' });
    facts.push({ label: `${t.name} gap to the fastest team (%)`, value: gapPct(t.median), unit: '%' });
  }

  const table: Table = {
    name: 'Team pace ranking',
    columns: ['Rank', 'Team', 'Drivers', 'Clean laps', 'Median lap', 'IQR (s)', 'Gap (s)', 'Gap (%)'],
    rows: ranked.map((t, i) => [
      i + 1,
      t.name,
      t.drivers,
      t.laps,
      formatRaceTime(Math.round(t.median)),
      Math.round(t.q3 - t.q1) / 1000,
      gapS(t.median),
      gapPct(t.median),
    ]),
  };

  const color = {
    field: 'team',
    label: 'Team',
    domain: ranked.map((t) => t.name),
    range: ranked.map((t) => teamColour(t.ref)),
  };
  const gapChart: ChartDraft = {
    id: 'team-pace-gap',
    kind: 'bar',
    title: `Team race pace — ${race.season} ${race.name}`,
    subtitle: 'Median clean lap, gap to the fastest team',
    spec: {
      mark: 'bar',
      orientation: 'horizontal',
      x: { field: 'gap', label: 'Gap to fastest median', type: 'quantitative', unit: 's', format: 'gap' },
      y: { field: 'team', label: 'Team', type: 'nominal' },
      color,
      tooltip: [
        { field: 'pct', label: 'Gap (%)' },
        { field: 'laps', label: 'Clean laps' },
      ],
      data: ranked.map((t) => ({ team: t.name, gap: gapS(t.median), pct: gapPct(t.median), laps: t.laps })),
    },
  };
  const spreadChart: ChartDraft = {
    id: 'team-pace-spread',
    kind: 'distribution',
    title: `Spread of clean laps by team — ${race.season} ${race.name}`,
    subtitle:
      'Both drivers’ clean laps pooled; boxes span the middle half, the line is the median, whiskers reach 1.5 × IQR',
    spec: boxSpec({
      category: { field: 'team', label: 'Team' },
      value: { field: 'time', label: 'Lap time', type: 'quantitative', unit: 's', format: 'laptime' },
      groups: ranked.map((t) => ({ key: t.name, values: t.times.map((ms) => ms / 1000) })),
      color,
    }),
  };

  const quality: AnalysisOutput['quality'] = [];
  if (thin.length > 0) {
    quality.push({
      code: 'few_clean_laps',
      message: `Not ranked, fewer than ${minLaps} clean laps: ${thin.map((t) => `${t.name} (${t.laps})`).join(', ')}.`,
    });
  }
  if (unknown.size > 0) {
    quality.push({
      code: 'unknown_team',
      message: `Laps of ${[...unknown].join(', ')} were left out: their team is not known.`,
    });
  }

  return {
    facts,
    tables: [table],
    charts: [gapChart, spreadChart],
    sources: [input.source ?? ERGAST_SOURCE(`${race.season} round ${race.round} lap times`)],
    quality,
  };
}
