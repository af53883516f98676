import type { ChartDraft, ChartKind } from './charts.ts';
import { COMPOUND_COLOURS, TEAM_COLOURS } from './f1.ts';

/**
 * One realistic chart per kind, built from plausible (not real) F1 values. Both renderers test against
 * them and the site's chart catalogue shows them, so a change to the spec format is seen everywhere.
 * Lap times and gaps are in seconds; bands cover laps `from`..`to` as drawn on the x axis.
 */

type Row = Record<string, string | number | null>;

const team = (ref: string) => TEAM_COLOURS[ref] ?? '#888888';
const compound = (name: string) => COMPOUND_COLOURS[name] ?? '#888888';
/** Small deterministic wobble so lines look like timing data rather than rulers. */
const jitter = (a: number, b: number) => (((a * 37 + b * 11) % 17) - 8) / 40;
const round3 = (v: number) => Math.round(v * 1000) / 1000;

const DRIVERS = [
  { code: 'VER', team: 'red_bull', pace: 96.2, pit: 10 },
  { code: 'NOR', team: 'mclaren', pace: 96.35, pit: 14 },
  { code: 'LEC', team: 'ferrari', pace: 96.6, pit: 15 },
];
const SC = { from: 9, to: 11 };
const VSC = { from: 17, to: 18 };
const underSc = (lap: number) => lap >= SC.from && lap <= SC.to;

const trackStatusBands = [
  { from: SC.from, to: SC.to, label: 'Safety car', colour: '#F2B705' },
  { from: VSC.from, to: VSC.to, label: 'Virtual safety car', colour: '#F7DC6F' },
];
const driverColours = {
  field: 'driver',
  label: 'Driver',
  domain: DRIVERS.map((d) => d.code),
  range: DRIVERS.map((d) => team(d.team)),
};

function raceLaps(): Row[] {
  return DRIVERS.flatMap((d, i) =>
    Array.from({ length: 20 }, (_, k) => {
      const lap = k + 1;
      const stint2 = lap > d.pit;
      const age = stint2 ? lap - d.pit : lap;
      let time = d.pace - 0.06 * lap + 0.09 * age + jitter(lap, i) + (lap === 1 ? 5.8 : 0);
      if (underSc(lap)) time = 124 + jitter(lap, i) * 4;
      if (lap === VSC.from || lap === VSC.to) time += 14;
      if (lap === d.pit) time += 3.5; // in-lap
      if (lap === d.pit + 1) time += underSc(lap) ? 6 : 19.5; // out-lap carries the pit-lane loss
      return {
        lap,
        driver: d.code,
        team: d.team,
        lap_time_s: round3(time),
        compound: stint2 ? 'HARD' : 'MEDIUM',
        tyre_age: age,
      };
    }),
  );
}

function gapsToLeader(laps: Row[]): Row[] {
  const total = new Map<string, number>();
  const rows: Row[] = [];
  for (let lap = 1; lap <= 20; lap++) {
    for (const d of DRIVERS) {
      const t = laps.find((r) => r.lap === lap && r.driver === d.code)?.lap_time_s as number;
      total.set(d.code, (total.get(d.code) ?? 0) + t);
    }
    const leader = Math.min(...total.values());
    // The field bunches up behind the safety car: gaps shrink to a car length or two.
    for (const [i, d] of DRIVERS.entries()) {
      const raw = (total.get(d.code) ?? 0) - leader;
      const gap = lap === SC.to ? Math.min(raw, i * 0.8) : raw;
      if (lap === SC.to) total.set(d.code, leader + gap);
      rows.push({ lap, driver: d.code, team: d.team, gap_s: round3(gap) });
    }
  }
  return rows;
}

const STINTS: Array<[string, string, Array<[string, number]>]> = [
  [
    'VER',
    'red_bull',
    [
      ['MEDIUM', 18],
      ['HARD', 57],
    ],
  ],
  [
    'NOR',
    'mclaren',
    [
      ['MEDIUM', 20],
      ['HARD', 41],
      ['SOFT', 57],
    ],
  ],
  [
    'LEC',
    'ferrari',
    [
      ['SOFT', 12],
      ['HARD', 38],
      ['MEDIUM', 57],
    ],
  ],
  [
    'HAM',
    'mercedes',
    [
      ['HARD', 30],
      ['MEDIUM', 57],
    ],
  ],
];

function stints(): Row[] {
  return STINTS.flatMap(([driver, teamRef, parts]) =>
    parts.map(([name, end], i) => {
      const start = i === 0 ? 0 : (parts[i - 1]?.[1] ?? 0);
      return {
        driver,
        team: teamRef,
        stint: i + 1,
        compound: name,
        from_lap: start,
        to_lap: end,
        laps: end - start,
      };
    }),
  );
}

/** Leclerc's two stints: per-lap times against tyre age, and the least-squares lines drawn over them. */
const DEG_STINTS = [
  { stint: 1, compound: 'MEDIUM', laps: 18, base: 95.9, slope: 0.085 },
  { stint: 2, compound: 'HARD', laps: 24, base: 95.7, slope: 0.041 },
];
const degPoints = (): Row[] =>
  DEG_STINTS.flatMap((s) =>
    Array.from({ length: s.laps }, (_, k) => ({
      stint: s.stint,
      compound: s.compound,
      tyre_age: k + 2,
      lap_time_s: round3(s.base + s.slope * (k + 2) + jitter(k, s.stint) * 1.5),
    })),
  );
const degFits = (): Row[] =>
  DEG_STINTS.flatMap((s) =>
    [2, s.laps + 1].map((age) => ({
      stint: s.stint,
      compound: s.compound,
      tyre_age: age,
      fit_s: round3(s.base + s.slope * age),
    })),
  );

const POSITIONS: Array<[string, string, number[]]> = [
  ['PIA', 'mclaren', [2, 2, 1, 1, 1, 1, 2, 2, 1, 1]],
  ['RUS', 'mercedes', [1, 1, 2, 2, 3, 3, 3, 1, 2, 2]],
  ['SAI', 'ferrari', [3, 3, 3, 4, 4, 2, 1, 3, 3, 3]],
  ['ALO', 'aston_martin', [4, 4, 4, 3, 2, 4, 4, 4, 4, 4]],
  ['GAS', 'alpine', [5, 5, 5, 5, 5, 5, 5, 5, 5, 5]],
];

const QUALI: Array<[string, string, number]> = [
  ['VER', 'red_bull', 0],
  ['LEC', 'ferrari', 0.121],
  ['NOR', 'mclaren', 0.164],
  ['PIA', 'mclaren', 0.233],
  ['SAI', 'ferrari', 0.301],
  ['RUS', 'mercedes', 0.372],
  ['HAM', 'mercedes', 0.418],
  ['PER', 'red_bull', 0.49],
  ['ALO', 'aston_martin', 0.655],
  ['GAS', 'alpine', 0.802],
];

const POINTS: Array<[string, string, number[]]> = [
  ['VER', 'red_bull', [25, 18, 26, 25, 0, 25]],
  ['LEC', 'ferrari', [15, 12, 18, 10, 25, 18]],
  ['NOR', 'mclaren', [12, 25, 15, 18, 18, 15]],
  ['HAM', 'mercedes', [10, 8, 12, 12, 15, 10]],
];
const cumulative = (v: number[]) => v.map((_, i) => v.slice(0, i + 1).reduce((a, b) => a + b, 0));

const teamsOf = (rows: Array<[string, string, ...unknown[]]>) => ({
  field: 'driver',
  label: 'Driver',
  domain: rows.map((r) => r[0]),
  range: rows.map((r) => team(r[1])),
});
const compoundColours = (names: string[]) => ({
  field: 'compound',
  label: 'Compound',
  domain: names,
  range: names.map(compound),
});
/** A team-coloured scale built from the teams present, as an analysis would. */
function teamScale(rows: Row[]) {
  const teams = [...new Set(rows.map((r) => String(r.team)))];
  return { field: 'team', label: 'Team', domain: teams, range: teams.map(team) };
}
const qualiRows: Row[] = QUALI.map(([driver, t, gap]) => ({ driver, team: t, gap_s: gap }));
const scatterRows: Row[] = QUALI.map(([driver, t, gap], i) => ({
  driver,
  team: t,
  best_lap_s: round3(89.708 + gap),
  speed_trap: round3(318 + ((i * 7) % 11) - gap * 4),
}));
const pitRows: Row[] = [
  { team: 'mclaren', stop_s: 2.11 },
  { team: 'red_bull', stop_s: 2.24 },
  { team: 'ferrari', stop_s: 2.31 },
  { team: 'mercedes', stop_s: 2.48 },
  { team: 'aston_martin', stop_s: 2.6 },
  { team: 'williams', stop_s: null },
];
/** Box statistics as an analysis computes them (quartiles, 1.5 × IQR whiskers), in seconds. */
const BOXES: Array<[string, string, [number, number, number, number, number], number[]]> = [
  ['VER', 'red_bull', [95.412, 95.803, 96.012, 96.244, 96.731], [97.402]],
  ['NOR', 'mclaren', [95.538, 95.921, 96.105, 96.392, 96.958], []],
  ['LEC', 'ferrari', [95.702, 96.118, 96.351, 96.607, 97.204], [94.98, 97.93]],
];
const boxRows: Row[] = BOXES.map(([driver, t, [lower, q1, median, q3, upper]]) => ({
  driver,
  team: t,
  lower,
  q1,
  median,
  q3,
  upper,
}));
const outlierRows: Row[] = BOXES.flatMap(([driver, t, , outliers]) =>
  outliers.map((lap_time_s) => ({ driver, team: t, lap_time_s })),
);
const lapAxis = { field: 'lap', label: 'Lap', type: 'quantitative', format: 'integer' } as const;

const laps = raceLaps();

export const CHART_EXAMPLES: Record<ChartKind, ChartDraft> = {
  lap_times: {
    id: 'example-lap-times',
    kind: 'lap_times',
    title: 'Lap times, laps 1–20',
    subtitle: 'Safety car laps 9–11, VSC on laps 17–18; one stop each',
    spec: {
      mark: 'line',
      orientation: 'vertical',
      x: lapAxis,
      y: { field: 'lap_time_s', label: 'Lap time', type: 'quantitative', format: 'laptime' },
      series: { field: 'driver', label: 'Driver' },
      color: driverColours,
      bands: trackStatusBands,
      tooltip: [
        { field: 'compound', label: 'Compound' },
        { field: 'tyre_age', label: 'Tyre age' },
      ],
      data: laps,
    },
  },
  stints: {
    id: 'example-stints',
    kind: 'stints',
    title: 'Tyre strategies',
    spec: {
      mark: 'range',
      orientation: 'horizontal',
      x: { field: 'from_lap', label: 'Lap', type: 'quantitative', format: 'integer', domain: [0, 57] },
      x2: { field: 'to_lap' },
      y: { field: 'driver', label: 'Driver', type: 'nominal' },
      color: compoundColours(['SOFT', 'MEDIUM', 'HARD']),
      tooltip: [
        { field: 'stint', label: 'Stint' },
        { field: 'laps', label: 'Laps' },
      ],
      data: stints(),
    },
  },
  degradation: {
    id: 'example-degradation',
    kind: 'degradation',
    title: 'Leclerc: tyre degradation by stint',
    subtitle: 'Fuel-corrected lap times with a least-squares fit per stint',
    spec: {
      mark: 'point',
      orientation: 'vertical',
      x: { field: 'tyre_age', label: 'Tyre age', type: 'quantitative', unit: 'laps', format: 'integer' },
      y: { field: 'lap_time_s', label: 'Lap time', type: 'quantitative', format: 'laptime' },
      color: compoundColours(['MEDIUM', 'HARD']),
      overlays: [
        {
          mark: 'line',
          x: 'tyre_age',
          y: 'fit_s',
          series: 'stint',
          colour: { field: 'compound' },
          dashed: true,
          data: degFits(),
        },
      ],
      tooltip: [{ field: 'stint', label: 'Stint' }],
      data: degPoints(),
    },
  },
  positions: {
    id: 'example-positions',
    kind: 'positions',
    title: 'Positions, laps 1–10',
    spec: {
      mark: 'line',
      orientation: 'vertical',
      x: lapAxis,
      y: { field: 'position', label: 'Position', type: 'quantitative', format: 'integer', reverse: true },
      series: { field: 'driver', label: 'Driver' },
      color: teamsOf(POSITIONS),
      data: POSITIONS.flatMap(([driver, t, ps]) =>
        ps.map((position, i) => ({ lap: i + 1, driver, team: t, position })),
      ),
    },
  },
  gaps: {
    id: 'example-gaps',
    kind: 'gaps',
    title: 'Gap to the leader',
    spec: {
      mark: 'line',
      orientation: 'vertical',
      x: lapAxis,
      y: { field: 'gap_s', label: 'Gap to leader', type: 'quantitative', unit: 's', format: 'gap' },
      series: { field: 'driver', label: 'Driver' },
      color: driverColours,
      bands: trackStatusBands,
      data: gapsToLeader(laps),
    },
  },
  quali_gaps: {
    id: 'example-quali-gaps',
    kind: 'quali_gaps',
    title: 'Qualifying: gap to pole',
    spec: {
      mark: 'bar',
      orientation: 'horizontal',
      x: { field: 'gap_s', label: 'Gap to pole', type: 'quantitative', unit: 's', format: 'gap' },
      y: { field: 'driver', label: 'Driver', type: 'nominal' },
      color: teamScale(qualiRows),
      data: qualiRows,
    },
  },
  points: {
    id: 'example-points',
    kind: 'points',
    title: 'Championship points, rounds 1–6',
    spec: {
      mark: 'line',
      orientation: 'vertical',
      x: { field: 'round', label: 'Round', type: 'quantitative', format: 'integer' },
      y: { field: 'points', label: 'Points', type: 'quantitative', format: 'integer' },
      series: { field: 'driver', label: 'Driver' },
      color: teamsOf(POINTS),
      data: POINTS.flatMap(([driver, t, pts]) =>
        cumulative(pts).map((points, i) => ({ round: i + 1, driver, team: t, points })),
      ),
    },
  },
  scatter: {
    id: 'example-scatter',
    kind: 'scatter',
    title: 'Top speed against best lap',
    spec: {
      mark: 'point',
      orientation: 'vertical',
      x: { field: 'speed_trap', label: 'Speed trap', type: 'quantitative', unit: 'km/h' },
      y: { field: 'best_lap_s', label: 'Best lap', type: 'quantitative', format: 'laptime' },
      color: teamScale(scatterRows),
      tooltip: [{ field: 'driver', label: 'Driver' }],
      data: scatterRows,
    },
  },
  line: {
    id: 'example-line',
    kind: 'line',
    title: 'Track temperature',
    spec: {
      mark: 'line',
      orientation: 'vertical',
      x: lapAxis,
      y: { field: 'track_temp', label: 'Track temperature', type: 'quantitative', unit: '°C' },
      data: Array.from({ length: 20 }, (_, k) => ({
        lap: k + 1,
        track_temp: round3(41.5 - k * 0.18 + jitter(k, 3)),
      })),
    },
  },
  distribution: {
    id: 'example-distribution',
    kind: 'distribution',
    title: 'Clean-lap spread',
    subtitle: 'Boxes span the middle half of the laps; whiskers reach 1.5 × IQR',
    spec: {
      mark: 'box',
      orientation: 'horizontal',
      x: { field: 'lap_time_s', label: 'Lap time', type: 'quantitative', unit: 's', format: 'laptime' },
      y: { field: 'driver', label: 'Driver', type: 'nominal' },
      box: { lower: 'lower', q1: 'q1', median: 'median', q3: 'q3', upper: 'upper', outliers: outlierRows },
      color: teamScale(boxRows),
      data: boxRows,
    },
  },
  heatmap: {
    id: 'example-heatmap',
    kind: 'heatmap',
    title: 'Points by round',
    spec: {
      mark: 'heatmap',
      orientation: 'vertical',
      x: { field: 'round', label: 'Round', type: 'ordinal', format: 'integer' },
      y: { field: 'driver', label: 'Driver', type: 'nominal' },
      heat: { field: 'points', label: 'Points', unit: 'pts', range: ['#f3f1ea', '#b3122e'], labels: true },
      // Hamilton missed round 5: a blank cell, not a zero.
      data: POINTS.flatMap(([driver, , pts]) =>
        pts.map((points, i) => ({
          round: i + 1,
          driver,
          points: driver === 'HAM' && i === 4 ? null : points,
        })),
      ),
    },
  },
  bar: {
    id: 'example-bar',
    kind: 'bar',
    title: 'Fastest pit stop by team',
    spec: {
      mark: 'bar',
      orientation: 'vertical',
      x: { field: 'team', label: 'Team', type: 'nominal' },
      y: { field: 'stop_s', label: 'Stationary time', type: 'quantitative', unit: 's' },
      color: teamScale(pitRows),
      data: pitRows,
    },
  },
};
