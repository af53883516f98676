import { type ChartDraft, type Fact, type Table, teamColour } from '@pitwall/db/contracts';
import { ERGAST_SOURCE } from './race-classification.ts';
import { groupBy, median } from './stats.ts';
import type { AnalysisOutput, DriverInfo, PitStopInput, RaceInfo, ResultInput } from './types.ts';

/**
 * Longer than this, a "stop" is a car waiting in the pit lane while the race was suspended (Ergast lists
 * red-flag stops with their full duration, e.g. 23:29.303 at São Paulo 2024), not time lost racing. The
 * same bound as the Ergast importer's `red_flag_stop` flag; a normal stop takes 20–40 s.
 */
export const SUSPENSION_STOP_MS = 5 * 60_000;

const s3 = (ms: number) => Math.round(ms) / 1000;

/**
 * Pit stops of one race: stops per driver and on which laps, pit-lane time, time lost against the field
 * median, and teams ranked by their median stop.
 *
 * - Durations are pit-lane times (entry to exit, ms in, s out), not stationary times; they include the
 *   pit-lane speed limit, so compare them within one race only.
 * - Time lost = the stop's duration minus the median of all the race's timed stops; negative = quicker
 *   than the typical stop. Summed per driver.
 * - Stops with no duration, or longer than `SUSPENSION_STOP_MS` (red-flag waits), count as stops but are
 *   left out of medians, totals, time lost and the ranking (flagged).
 * - A team's ranking uses the median of its drivers' timed stops; its team is the one in the results.
 */
export function pitStopAnalysis(input: {
  race: RaceInfo;
  pitStops: PitStopInput[];
  results: ResultInput[];
  drivers: DriverInfo[];
}): AnalysisOutput {
  const { race, results } = input;
  const info = new Map(input.drivers.map((d) => [d.ref, d]));
  const name = (ref: string) => info.get(ref)?.name ?? ref;
  const code = (ref: string) => info.get(ref)?.code ?? ref.slice(0, 3).toUpperCase();
  const teamOf = new Map(results.map((r) => [r.driver, r.teamRef]));
  const teamNames = new Map(input.drivers.map((d) => [d.teamRef, d.teamName]));
  const teamName = (ref: string) => teamNames.get(ref) ?? ref;

  const usable = (p: PitStopInput) => p.durationMs !== null && p.durationMs <= SUSPENSION_STOP_MS;
  const timed = input.pitStops.filter(usable);
  const fieldMedian = median(timed.map((p) => p.durationMs ?? 0));
  if (timed.length === 0) {
    throw new Error(`no timed pit stops are recorded for the ${race.season} ${race.name}`);
  }

  const ordered = [...results].sort((a, b) => a.positionOrder - b.positionOrder);
  const perDriver = ordered.map((r) => {
    const stops = input.pitStops.filter((p) => p.driver === r.driver).sort((a, b) => a.stop - b.stop);
    const ok = stops.filter(usable);
    const total = ok.reduce((t, p) => t + (p.durationMs ?? 0), 0);
    return { result: r, stops, timed: ok.length, total, lost: total - ok.length * fieldMedian };
  });

  const teams = [...groupBy(timed, (p) => teamOf.get(p.driver) ?? 'unknown')]
    .map(([team, stops]) => ({
      team,
      stops: stops.length,
      median: median(stops.map((p) => p.durationMs ?? 0)),
    }))
    .sort((a, b) => a.median - b.median);

  const fastest = [...timed].sort((a, b) => (a.durationMs ?? 0) - (b.durationMs ?? 0))[0];
  const classified = perDriver.filter((d) => d.result.position !== null);
  const counts = classified.map((d) => d.stops.length);
  const facts: Fact[] = [
    { label: 'season', value: race.season },
    { label: 'round', value: race.round },
    { label: 'pit stops', value: input.pitStops.length },
    { label: 'median pit-lane time', value: s3(fieldMedian), unit: 's' },
  ];
  if (fastest?.durationMs != null) {
    facts.push({ label: 'quickest pit-lane time', value: s3(fastest.durationMs), unit: 's' });
    facts.push({ label: 'quickest stop by', value: `${name(fastest.driver)} (lap ${fastest.lap})` });
  }
  if (counts.length > 0) {
    facts.push({ label: 'fewest stops by a classified driver', value: Math.min(...counts) });
    facts.push({ label: 'most stops by a classified driver', value: Math.max(...counts) });
  }
  const [bestTeam] = teams;
  if (bestTeam) {
    facts.push({ label: 'team with the quickest median stop', value: teamName(bestTeam.team) });
    facts.push({
      label: `${teamName(bestTeam.team)} median pit-lane time`,
      value: s3(bestTeam.median),
      unit: 's',
    });
  }
  for (const d of perDriver) {
    if (d.stops.length === 0) continue;
    facts.push({ label: `${name(d.result.driver)} pit stops`, value: d.stops.length });
    if (d.timed === 0) continue;
    facts.push({
      label: `${name(d.result.driver)} time lost against the median stop`,
      value: s3(d.lost),
      unit: 's',
    });
  }

  const driverTable: Table = {
    name: 'Pit stops by driver',
    columns: ['Pos', 'Driver', 'Team', 'Stops', 'Laps', 'Pit-lane time (s)', 'Lost vs median (s)'],
    rows: perDriver.map((d) => [
      d.result.positionText,
      name(d.result.driver),
      teamName(d.result.teamRef),
      d.stops.length,
      d.stops.map((p) => p.lap).join(', '),
      d.timed > 0 ? s3(d.total) : null,
      d.timed > 0 ? s3(d.lost) : null,
    ]),
  };
  const teamTable: Table = {
    name: 'Teams by median stop',
    columns: ['Rank', 'Team', 'Timed stops', 'Median pit-lane time (s)', 'vs field median (s)'],
    rows: teams.map((t, i) => [i + 1, teamName(t.team), t.stops, s3(t.median), s3(t.median - fieldMedian)]),
  };

  const colours = {
    field: 'team',
    label: 'Team',
    domain: teams.map((t) => teamName(t.team)),
    range: teams.map((t) => teamColour(t.team)),
  };
  const teamChart: ChartDraft = {
    id: 'pit-stop-ranking',
    kind: 'bar',
    title: `Median pit-lane time by team — ${race.season} ${race.name}`,
    subtitle: 'Pit-lane time, entry to exit',
    spec: {
      mark: 'bar',
      orientation: 'horizontal',
      x: { field: 'median', label: 'Median pit-lane time', type: 'quantitative', unit: 's' },
      y: { field: 'team', label: 'Team', type: 'nominal' },
      color: colours,
      tooltip: [{ field: 'stops', label: 'Timed stops' }],
      data: teams.map((t) => ({ team: teamName(t.team), median: s3(t.median), stops: t.stops })),
    },
  };
  const lostChart: ChartDraft = {
    id: 'pit-time-lost',
    kind: 'bar',
    title: `Time lost in the pits against the median stop — ${race.season} ${race.name}`,
    spec: {
      mark: 'bar',
      orientation: 'horizontal',
      x: { field: 'lost', label: 'Lost vs median stop', type: 'quantitative', unit: 's', format: 'gap' },
      y: { field: 'driver', label: 'Driver', type: 'nominal' },
      color: colours,
      tooltip: [{ field: 'stops', label: 'Stops' }],
      data: perDriver
        .filter((d) => d.timed > 0)
        .map((d) => ({
          driver: code(d.result.driver),
          team: teamName(d.result.teamRef),
          stops: d.stops.length,
          lost: s3(d.lost),
        })),
    },
  };

  const quality: AnalysisOutput['quality'] = [];
  const long = input.pitStops.filter((p) => p.durationMs !== null && p.durationMs > SUSPENSION_STOP_MS);
  if (long.length > 0) {
    quality.push({
      code: 'suspension_stops',
      message: `${long.length} stops over ${SUSPENSION_STOP_MS / 1000} s (red-flag waits) are counted as stops but left out of the timings: ${long.map((p) => `${name(p.driver)} lap ${p.lap}`).join(', ')}.`,
    });
  }
  const untimed = input.pitStops.filter((p) => p.durationMs === null).length;
  if (untimed > 0)
    quality.push({ code: 'untimed_stops', message: `${untimed} stops have no recorded duration.` });

  return {
    facts,
    tables: [driverTable, teamTable],
    charts: [teamChart, lostChart],
    sources: [ERGAST_SOURCE(`${race.season} round ${race.round} pit stops (ergast/pit_stops.csv)`)],
    quality,
  };
}
