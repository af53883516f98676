import type { ChartDraft, Fact } from '@pitwall/db/contracts';
import { type LapDataSource, lapSource, neutralisedBands } from './clean-laps.ts';
import { distinctColours } from './driver-colours.ts';
import { groupBy } from './stats.ts';
import type { AnalysisOutput, DriverInfo, LapInput, RaceInfo, ResultInput } from './types.ts';

type Cell = string | number | null;

/**
 * Positions lap by lap: each driver's running position at the end of every lap, the grid as lap 0 when
 * results are given (grid 0, a pit-lane start, has no lap-0 point), places gained and lost lap by lap,
 * net change from start to the last lap, and laps led (laps completed in P1). The caller passes lap rows
 * with flagged rows (e.g. a non-starter's phantom lap 1) already removed; what remains is checked, and a
 * lap where two cars claim the same position is reported. Lead changes count laps whose leader differs
 * from the previous lap's, over every car in `laps`; only the drivers in `drivers` are charted.
 */
export function positions(input: {
  race: RaceInfo;
  drivers: DriverInfo[];
  laps: LapInput[];
  results?: ResultInput[];
  source?: LapDataSource;
}): AnalysisOutput {
  const { race, drivers } = input;
  const placed = input.laps
    .filter((l) => l.position !== null && l.position > 0)
    .sort((a, b) => a.lap - b.lap);
  const quality: AnalysisOutput['quality'] = [];
  const missing = input.laps.length - placed.length;
  if (missing > 0) {
    quality.push({
      code: 'no_position',
      message: `${missing} lap rows have no position and are not plotted.`,
    });
  }

  let leadChanges = 0;
  let leader: string | null = null;
  const clashes: number[] = [];
  for (const [lap, rows] of groupBy(placed, (l) => l.lap)) {
    if (new Set(rows.map((r) => r.position)).size < rows.length) clashes.push(lap);
    const p1 = rows.find((r) => r.position === 1)?.driver ?? null;
    if (p1 && leader && p1 !== leader) leadChanges++;
    if (p1) leader = p1;
  }
  if (clashes.length > 0) {
    quality.push({
      code: 'duplicate_positions',
      message: `Two cars share a position on lap ${clashes.slice(0, 10).join(', ')}${clashes.length > 10 ? ', …' : ''}; the source rows may include a car that did not run.`,
    });
  }

  const grid = new Map((input.results ?? []).map((r) => [r.driver, r.grid]));
  const byDriver = groupBy(placed, (l) => l.driver);
  const facts: Fact[] = [{ label: 'lead changes', value: leadChanges }];
  const rows: Cell[][] = [];
  const data: Record<string, Cell>[] = [];
  const led: { d: DriverInfo; laps: number }[] = [];
  for (const d of drivers) {
    const own = byDriver.get(d.ref) ?? [];
    const last = own.at(-1);
    if (!last) {
      quality.push({ code: 'no_positions', message: `${d.code} has no lap positions.` });
      continue;
    }
    const start = grid.get(d.ref) || null;
    if (grid.get(d.ref) === 0) {
      quality.push({
        code: 'pit_lane_start',
        message: `${d.code} started from the pit lane, so has no grid slot.`,
      });
    }
    const path = [
      ...(start ? [{ lap: 0, position: start }] : []),
      ...own.map((l) => ({ lap: l.lap, position: l.position as number })),
    ];
    let gained = 0;
    let lost = 0;
    for (let i = 1; i < path.length; i++) {
      const change = (path[i - 1]?.position as number) - (path[i]?.position as number);
      if (change > 0) gained += change;
      else lost -= change;
    }
    const lapsLed = own.filter((l) => l.position === 1).length;
    const first = path[0]?.position as number;
    const final = last.position as number;
    const positionsHeld = path.map((p) => p.position);
    led.push({ d, laps: lapsLed });
    facts.push(
      { label: `${d.code} ${start ? 'grid position' : 'position after lap 1'}`, value: first },
      { label: `${d.code} position after lap ${last.lap}`, value: final },
      { label: `${d.code} net places gained`, value: first - final },
      { label: `${d.code} places gained lap by lap`, value: gained },
      { label: `${d.code} places lost lap by lap`, value: lost },
      { label: `${d.code} laps led`, value: lapsLed },
    );
    const lap1 = own.find((l) => l.lap === 1)?.position ?? null;
    rows.push([
      d.code,
      start,
      lap1,
      final,
      last.lap,
      first - final,
      gained,
      lost,
      Math.min(...positionsHeld),
      Math.max(...positionsHeld),
      lapsLed,
    ]);
    for (const p of path) data.push({ driver: d.code, team: d.teamName, lap: p.lap, position: p.position });
  }
  const top = [...led].sort((a, b) => b.laps - a.laps)[0];
  if (top && top.laps > 0) facts.push({ label: 'most laps led', value: `${top.d.name} (${top.laps})` });

  const maxPosition = data.reduce((m, r) => Math.max(m, r.position as number), 1);
  const positionsChart: ChartDraft = {
    id: 'positions',
    kind: 'positions',
    title: `Positions lap by lap — ${race.season} ${race.name}`,
    subtitle: `${input.results ? 'Lap 0 is the starting grid' : 'Position at the end of each lap'}; shaded laps ran under SC, VSC or red flag`,
    spec: {
      mark: 'line',
      orientation: 'vertical',
      x: { field: 'lap', label: 'Lap', type: 'quantitative', format: 'integer' },
      y: {
        field: 'position',
        label: 'Position',
        type: 'quantitative',
        reverse: true,
        domain: [1, maxPosition],
        format: 'integer',
      },
      series: { field: 'driver', label: 'Driver' },
      color: {
        field: 'driver',
        label: 'Driver',
        domain: drivers.map((d) => d.code),
        range: distinctColours(drivers),
      },
      bands: neutralisedBands(input.laps),
      tooltip: [{ field: 'team', label: 'Team' }],
      data,
    },
  };
  const leaders = led.filter((l) => l.laps > 0).sort((a, b) => b.laps - a.laps);
  const teams = [...new Map(leaders.map(({ d }) => [d.teamName, d.colour]))];
  const lapsLedChart: ChartDraft = {
    id: 'laps-led',
    kind: 'bar',
    title: `Laps led — ${race.season} ${race.name}`,
    spec: {
      mark: 'bar',
      orientation: 'horizontal',
      x: { field: 'laps', label: 'Laps led', type: 'quantitative', unit: 'laps', format: 'integer' },
      y: { field: 'driver', label: 'Driver', type: 'nominal' },
      color: { field: 'team', label: 'Team', domain: teams.map(([t]) => t), range: teams.map(([, c]) => c) },
      data: leaders.map(({ d, laps }) => ({ driver: d.code, team: d.teamName, laps })),
    },
  };
  return {
    facts,
    tables: [
      {
        name: 'Position changes',
        columns: [
          'Driver',
          'Grid',
          'Lap 1',
          'Last position',
          'Last lap',
          'Net gained',
          'Gained',
          'Lost',
          'Best',
          'Worst',
          'Laps led',
        ],
        rows,
      },
    ],
    charts: leaders.length > 0 ? [positionsChart, lapsLedChart] : [positionsChart],
    sources: [
      lapSource(input.source ?? 'fastf1', race, 'lap positions'),
      ...(input.results ? [lapSource('ergast', race, 'starting grid (results)')] : []),
    ],
    quality,
  };
}
