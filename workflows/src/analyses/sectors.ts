import { type ChartDraft, type Fact, type Table, teamColour } from '@pitwall/db/contracts';
import type { AnalysisOutput, DriverInfo, RaceInfo } from './types.ts';

/** First season whose laps carry sector times and speed traps (OpenF1). */
export const SECTORS_SINCE = 2023;

/** One lap's sector times (ms) and speed traps (km/h), as OpenF1 records them. */
export type SectorLapInput = {
  driver: string;
  lap: number;
  timeMs: number | null;
  sector1Ms: number | null;
  sector2Ms: number | null;
  sector3Ms: number | null;
  stSpeed: number | null;
};

export type DriverSectors = {
  driver: DriverInfo;
  best: [number, number, number];
  /** The lap each best sector was set on. */
  bestLap: [number, number, number];
  theoreticalMs: number;
  fastestLapMs: number | null;
  fastestLap: number | null;
  topSpeed: number | null;
};

const SECTORS = [1, 2, 3] as const;
const sectorOf = (l: SectorLapInput, s: 1 | 2 | 3) =>
  s === 1 ? l.sector1Ms : s === 2 ? l.sector2Ms : l.sector3Ms;
const s3 = (ms: number) => Math.round(ms) / 1000;
/** 81712 → "1:21.712". */
export const formatLapTime = (ms: number) =>
  `${Math.floor(ms / 60_000)}:${((ms % 60_000) / 1000).toFixed(3).padStart(6, '0')}`;

/**
 * Each driver's best time in each sector of a race, over all their laps with that sector timed; the sum
 * of the three is the theoretical best lap, and its gap to the driver's fastest lap says how much was
 * left on the table. A driver without all three sectors timed is left out.
 */
export function bestSectors(drivers: DriverInfo[], laps: SectorLapInput[]): DriverSectors[] {
  const out: DriverSectors[] = [];
  for (const driver of drivers) {
    const own = laps.filter((l) => l.driver === driver.ref);
    const best: number[] = [];
    const bestLap: number[] = [];
    for (const s of SECTORS) {
      let pick: SectorLapInput | undefined;
      for (const l of own) {
        const v = sectorOf(l, s);
        if (v !== null && v > 0 && (pick === undefined || v < (sectorOf(pick, s) ?? Infinity))) pick = l;
      }
      if (!pick) break;
      best.push(sectorOf(pick, s) as number);
      bestLap.push(pick.lap);
    }
    if (best.length < 3) continue;
    const timed = own.filter((l) => l.timeMs !== null && l.timeMs > 0);
    const fastest = timed.reduce<SectorLapInput | undefined>(
      (a, l) => (a === undefined || (l.timeMs ?? 0) < (a.timeMs ?? 0) ? l : a),
      undefined,
    );
    const speeds = own.map((l) => l.stSpeed).filter((v): v is number => v !== null && v > 0);
    out.push({
      driver,
      best: best as [number, number, number],
      bestLap: bestLap as [number, number, number],
      theoreticalMs: best.reduce((a, b) => a + b, 0),
      fastestLapMs: fastest?.timeMs ?? null,
      fastestLap: fastest?.lap ?? null,
      topSpeed: speeds.length ? Math.max(...speeds) : null,
    });
  }
  return out;
}

/**
 * Sector times of one race: best sector 1, 2 and 3 per driver, the theoretical best lap and its gap to
 * the fastest lap, and a chart of each driver's deficit to the quickest of them in each sector.
 */
export function sectorAnalysis(input: {
  race: RaceInfo;
  /** Drivers to compare (named, or the field); facts and the chart cover these. */
  drivers: DriverInfo[];
  laps: SectorLapInput[];
}): AnalysisOutput {
  const { race } = input;
  const rows = bestSectors(input.drivers, input.laps);
  if (rows.length === 0) {
    throw new Error(`no sector times are recorded for these drivers at the ${race.season} ${race.name}`);
  }
  const fastestIn = SECTORS.map((_, i) => Math.min(...rows.map((r) => r.best[i] as number)));
  const facts: Fact[] = [
    { label: 'season', value: race.season },
    { label: 'round', value: race.round },
  ];
  SECTORS.forEach((s, i) => {
    const top = rows.find((r) => r.best[i] === fastestIn[i]) as DriverSectors;
    facts.push({ label: `fastest sector ${s}`, value: s3(fastestIn[i] as number), unit: 's' });
    facts.push({ label: `fastest sector ${s} by`, value: top.driver.name });
  });
  const byTheory = [...rows].sort((a, b) => a.theoreticalMs - b.theoreticalMs);
  const bestTheory = byTheory[0] as DriverSectors;
  facts.push({ label: 'best theoretical lap', value: formatLapTime(bestTheory.theoreticalMs) });
  facts.push({ label: 'best theoretical lap by', value: bestTheory.driver.name });
  for (const r of rows) {
    const code = r.driver.code;
    SECTORS.forEach((s, i) => {
      facts.push({ label: `${code} best sector ${s}`, value: s3(r.best[i] as number), unit: 's' });
    });
    facts.push({ label: `${code} theoretical best lap`, value: formatLapTime(r.theoreticalMs) });
    if (r.fastestLapMs !== null) {
      facts.push({ label: `${code} fastest lap`, value: formatLapTime(r.fastestLapMs) });
      facts.push({
        label: `${code} fastest lap over theoretical best`,
        value: s3(r.fastestLapMs - r.theoreticalMs),
        unit: 's',
      });
    }
  }

  const table: Table = {
    name: `Best sectors — ${race.season} ${race.name}`,
    columns: [
      'Driver',
      'Team',
      'Sector 1 (s)',
      'Sector 2 (s)',
      'Sector 3 (s)',
      'Theoretical best',
      'Fastest lap',
      'Fastest lap over theoretical (s)',
      'Top speed (km/h)',
    ],
    rows: byTheory.map((r) => [
      r.driver.name,
      r.driver.teamName,
      s3(r.best[0]),
      s3(r.best[1]),
      s3(r.best[2]),
      formatLapTime(r.theoreticalMs),
      r.fastestLapMs === null ? null : formatLapTime(r.fastestLapMs),
      r.fastestLapMs === null ? null : s3(r.fastestLapMs - r.theoreticalMs),
      r.topSpeed,
    ]),
  };

  const shown = byTheory.slice(0, 10);
  const codes = shown.map((r) => r.driver.code);
  const chart: ChartDraft = {
    id: 'sector-deficits',
    kind: 'bar',
    title: `Best sectors compared — ${race.season} ${race.name}`,
    subtitle: 'Each driver’s best sector against the quickest of them in that sector (s)',
    spec: {
      mark: 'bar',
      orientation: 'horizontal',
      x: { field: 'deficit', label: 'Behind the quickest in the sector', type: 'quantitative', unit: 's' },
      y: { field: 'bar', label: 'Sector and driver', type: 'nominal' },
      color: {
        field: 'driver',
        label: 'Driver',
        domain: codes,
        range: distinctColours(shown.map((r) => r.driver)),
      },
      tooltip: [
        { field: 'time', label: 'Best sector (s)' },
        { field: 'lap', label: 'Lap' },
      ],
      data: SECTORS.flatMap((s, i) =>
        shown.map((r) => ({
          bar: `S${s} ${r.driver.code}`,
          driver: r.driver.code,
          deficit: s3((r.best[i] as number) - (fastestIn[i] as number)),
          time: s3(r.best[i] as number),
          lap: r.bestLap[i] as number,
        })),
      ),
    },
  };
  return {
    facts,
    tables: [table],
    charts: [chart],
    sources: [
      {
        name: 'OpenF1',
        detail: `${race.season} ${race.name}: sector times and speed traps per lap`,
        license: 'CC BY-NC-SA 4.0',
      },
    ],
    quality: [],
  };
}

/** Team colours, the second driver of a team a lighter shade so teammates stay apart. */
function distinctColours(drivers: DriverInfo[]): string[] {
  const seen = new Set<string>();
  return drivers.map((d) => {
    const colour = d.colour || teamColour(d.teamRef);
    if (!seen.has(colour)) {
      seen.add(colour);
      return colour;
    }
    return lighten(colour);
  });
}

const lighten = (hex: string) => {
  const n = Number.parseInt(hex.slice(1), 16);
  const mix = (c: number) => Math.round(c + (255 - c) * 0.5);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(mix) as [number, number, number];
  return `#${((r << 16) | (g << 8) | b).toString(16).padStart(6, '0')}`;
};
