import { type ChartDraft, type Fact, type Source, type Table, teamColour } from '@pitwall/db/contracts';
import type { RaceRow, ResultRow } from '@pitwall/db/queries/warehouse';
import type { AnalysisOutput } from './types.ts';

export type { AnalysisOutput };

export const ERGAST_SOURCE = (detail: string): Source => ({
  name: 'Ergast/Jolpica-F1',
  detail,
  license: 'CC BY-NC-SA 4.0',
});

/** `5490616` → `1:31:30.616`: race times as timing screens show them. */
export function formatRaceTime(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = ((ms % 60_000) / 1000).toFixed(3).padStart(6, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const fullName = (r: ResultRow) => `${r.forename} ${r.surname}`;
const shortName = (r: ResultRow) => r.driverCode ?? r.surname.slice(0, 3).toUpperCase();

/**
 * Race classification: winner, podium, margins and the full order. Times in ms from the official
 * classification; gaps only between drivers with a recorded race time (lapped cars have none).
 */
export function raceClassification(race: RaceRow, rows: ResultRow[]): AnalysisOutput {
  const ordered = [...rows].sort((a, b) => a.positionOrder - b.positionOrder);
  const winner = ordered.find((r) => r.position === 1);
  if (!winner) throw new Error(`no winner is recorded for the ${race.season} ${race.name}`);
  const second = ordered.find((r) => r.position === 2);
  const third = ordered.find((r) => r.position === 3);
  const classified = ordered.filter((r) => r.position !== null);
  const timed = ordered.filter((r) => r.timeMs !== null);
  const fastest = ordered.find((r) => r.fastestLapRank === 1);

  const facts: Fact[] = [
    { label: 'season', value: race.season },
    { label: 'round', value: race.round },
    { label: 'winner', value: fullName(winner) },
    { label: "winner's team", value: winner.constructorName },
    { label: "winner's grid position", value: winner.grid },
    { label: 'laps completed by the winner', value: winner.laps },
    { label: 'classified finishers', value: classified.length },
    { label: 'starters', value: ordered.filter((r) => r.grid > 0 || r.laps > 0).length },
  ];
  if (winner.timeMs !== null) {
    facts.push({ label: 'winning race time', value: formatRaceTime(winner.timeMs) });
  }
  if (second) facts.push({ label: 'second place', value: fullName(second) });
  if (third) facts.push({ label: 'third place', value: fullName(third) });
  if (second?.timeMs != null && winner.timeMs !== null) {
    facts.push({ label: 'winning margin', value: round3((second.timeMs - winner.timeMs) / 1000), unit: 's' });
  }
  if (fastest?.fastestLapTimeMs) {
    facts.push({
      label: 'fastest lap',
      value: `${fullName(fastest)} ${formatRaceTime(fastest.fastestLapTimeMs)}`,
    });
  }

  const table: Table = {
    name: 'Classification',
    columns: ['Pos', 'Driver', 'Team', 'Grid', 'Laps', 'Time / status', 'Points'],
    rows: ordered.map((r) => [
      r.positionText,
      fullName(r),
      r.constructorName,
      r.grid === 0 ? 'pit lane' : r.grid,
      r.laps,
      r === winner && r.timeMs !== null
        ? formatRaceTime(r.timeMs)
        : r.timeMs !== null && winner.timeMs !== null
          ? `+${((r.timeMs - winner.timeMs) / 1000).toFixed(3)}s`
          : r.status,
      r.points,
    ]),
  };

  const teams = [...new Map(timed.map((r) => [r.constructorName, r.constructorRef]))];
  const gapChart: ChartDraft = {
    id: 'gap-to-winner',
    kind: 'bar',
    title: `Gap to the winner — ${race.season} ${race.name}`,
    subtitle: 'Drivers who finished on a recorded race time',
    spec: {
      mark: 'bar',
      orientation: 'horizontal',
      x: { field: 'gap', label: 'Gap to winner', type: 'quantitative', unit: 's' },
      y: { field: 'driver', label: 'Driver', type: 'nominal' },
      color: {
        field: 'team',
        label: 'Team',
        domain: teams.map(([name]) => name),
        range: teams.map(([, ref]) => teamColour(ref)),
      },
      data: timed.map((r) => ({
        driver: shortName(r),
        name: fullName(r),
        team: r.constructorName,
        gap: winner.timeMs === null || r.timeMs === null ? null : round3((r.timeMs - winner.timeMs) / 1000),
      })),
    },
  };

  const quality = [];
  const untimed = classified.length - timed.length;
  if (untimed > 0) {
    quality.push({
      code: 'lapped_finishers',
      message: `${untimed} classified drivers finished a lap or more down and have no race time, so the gap chart leaves them out.`,
    });
  }

  return {
    facts,
    tables: [table],
    charts: [gapChart],
    sources: [ERGAST_SOURCE(`${race.season} round ${race.round} classification (ergast/results.csv)`)],
    quality,
  };
}
