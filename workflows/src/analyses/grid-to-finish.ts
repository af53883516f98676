import { type ChartDraft, type Fact, teamColour } from '@pitwall/db/contracts';
import { ERGAST_SOURCE } from './race-classification.ts';
import { round } from './stats.ts';
import type { AnalysisOutput, DriverInfo, RaceInfo, ResultInput } from './types.ts';

type Cell = string | number | null;

/**
 * Places gained or lost from the grid to the flag, and the fastest-lap ranking, from the official
 * results. Places gained = start − finish for classified finishers only (a retirement has no finishing
 * place to compare). A pit-lane start (grid 0) counts as starting behind every car that started, i.e. at
 * the number of starters; a car with grid 0 and no laps did not start and is left out. Fastest laps are
 * ranked by time (ms in, s out) with the gap to the fastest in s. Every result is analysed; `drivers`
 * supplies names and colours (falling back to the ref and the team colour).
 */
export function gridToFinish(input: {
  race: RaceInfo;
  drivers: DriverInfo[];
  results: ResultInput[];
}): AnalysisOutput {
  const { race, results } = input;
  const info = new Map(input.drivers.map((d) => [d.ref, d]));
  const who = (r: ResultInput) => ({
    code: info.get(r.driver)?.code ?? r.driver,
    name: info.get(r.driver)?.name ?? r.driver,
    team: info.get(r.driver)?.teamName ?? r.teamRef,
    colour: info.get(r.driver)?.colour ?? teamColour(r.teamRef),
  });
  const starters = results.filter((r) => r.grid > 0 || r.laps > 0);
  const quality: AnalysisOutput['quality'] = [];
  const nonStarters = results.length - starters.length;
  if (nonStarters > 0) {
    quality.push({
      code: 'non_starters',
      message: `${nonStarters} entrants did not start and are left out.`,
    });
  }
  const pitLane = starters.filter((r) => r.grid === 0);
  if (pitLane.length > 0) {
    quality.push({
      code: 'pit_lane_start',
      message: `${pitLane.map((r) => who(r).code).join(', ')} started from the pit lane, counted as starting P${starters.length}.`,
    });
  }

  const facts: Fact[] = [];
  const rows: Cell[][] = [];
  const moves: { r: ResultInput; gained: number }[] = [];
  for (const r of [...starters].sort((a, b) => a.positionOrder - b.positionOrder)) {
    const start = r.grid > 0 ? r.grid : starters.length;
    const gained = r.position === null ? null : start - r.position;
    rows.push([who(r).code, who(r).team, r.grid > 0 ? r.grid : 'pit lane', r.positionText, gained, r.status]);
    if (gained === null) continue;
    moves.push({ r, gained });
    facts.push({ label: `${who(r).code} places gained`, value: gained });
  }
  const byGain = [...moves].sort((a, b) => b.gained - a.gained);
  const best = byGain[0];
  const worst = byGain.at(-1);
  if (best && best.gained > 0)
    facts.push({ label: 'most places gained', value: `${who(best.r).name} (+${best.gained})` });
  if (worst && worst.gained < 0)
    facts.push({ label: 'most places lost', value: `${who(worst.r).name} (${worst.gained})` });

  const timed = results
    .filter(
      (r): r is ResultInput & { fastestLapTimeMs: number } =>
        r.fastestLapTimeMs !== null && r.fastestLapTimeMs > 0,
    )
    .sort((a, b) => a.fastestLapTimeMs - b.fastestLapTimeMs);
  const fastest = timed[0];
  const lapRows: Cell[][] = timed.map((r, i) => [
    i + 1,
    who(r).code,
    who(r).team,
    round(r.fastestLapTimeMs / 1000, 3),
    round((r.fastestLapTimeMs - (fastest?.fastestLapTimeMs ?? 0)) / 1000, 3),
  ]);
  if (fastest) {
    facts.push(
      { label: 'fastest lap', value: who(fastest).name },
      { label: 'fastest lap time', value: round(fastest.fastestLapTimeMs / 1000, 3), unit: 's' },
    );
    timed.forEach((r, i) => {
      facts.push(
        { label: `${who(r).code} fastest lap rank`, value: i + 1 },
        { label: `${who(r).code} fastest lap`, value: round(r.fastestLapTimeMs / 1000, 3), unit: 's' },
      );
    });
  } else {
    quality.push({ code: 'no_fastest_laps', message: 'The results record no fastest laps for this race.' });
  }

  const teams = [...new Map(moves.map(({ r }) => [who(r).team, who(r).colour]))];
  const chart: ChartDraft = {
    id: 'places-gained',
    kind: 'bar',
    title: `Places gained from the grid — ${race.season} ${race.name}`,
    subtitle: 'Classified finishers, in finishing order',
    spec: {
      mark: 'bar',
      orientation: 'horizontal',
      x: { field: 'gained', label: 'Places gained', type: 'quantitative', format: 'integer' },
      y: { field: 'driver', label: 'Driver', type: 'nominal' },
      color: { field: 'team', label: 'Team', domain: teams.map(([t]) => t), range: teams.map(([, c]) => c) },
      tooltip: [
        { field: 'grid', label: 'Grid' },
        { field: 'finish', label: 'Finish' },
      ],
      data: moves.map(({ r, gained }) => ({
        driver: who(r).code,
        team: who(r).team,
        grid: r.grid > 0 ? r.grid : 'pit lane',
        finish: r.position,
        gained,
      })),
    },
  };
  return {
    facts,
    tables: [
      {
        name: 'Grid to finish',
        columns: ['Driver', 'Team', 'Grid', 'Finish', 'Places gained', 'Status'],
        rows,
      },
      { name: 'Fastest laps', columns: ['Rank', 'Driver', 'Team', 'Time (s)', 'Gap (s)'], rows: lapRows },
    ],
    charts: [chart],
    sources: [ERGAST_SOURCE(`${race.season} round ${race.round} results: grid, finish and fastest laps`)],
    quality,
  };
}
