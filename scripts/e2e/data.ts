import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../src/services.ts';

/** Reads the staged Ergast CSVs directly, independently of the warehouse code, to check answers. */
const ergast = join(REPO_ROOT, '../shared/f1data/ergast');

function rows(file: string): string[][] {
  return readFileSync(join(ergast, file), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map((cell) => cell.replace(/^"|"$/g, '')));
}

export function winnerOf(season: number, round: number): string {
  const race = rows('races.csv').find((r) => r[1] === String(season) && r[2] === String(round));
  const result = rows('results.csv').find((r) => r[1] === race?.[0] && r[6] === '1');
  const driver = rows('drivers.csv').find((r) => r[0] === result?.[2]);
  if (!driver) throw new Error(`no winner found for ${season} round ${round}`);
  return `${driver[4]} ${driver[5]}`;
}

/** A driver's (by Ergast ref) classified finishing position in a race, or undefined when not classified. */
export function finishOf(season: number, round: number, driverRef: string): number | undefined {
  const race = rows('races.csv').find((r) => r[1] === String(season) && r[2] === String(round));
  const driver = rows('drivers.csv').find((r) => r[1] === driverRef);
  const result = rows('results.csv').find((r) => r[1] === race?.[0] && r[2] === driver?.[0]);
  if (!result) throw new Error(`no result of ${driverRef} in ${season} round ${round}`);
  const position = Number(result[6]);
  return Number.isInteger(position) && position > 0 ? position : undefined;
}

/**
 * One race's laps of some drivers as a user might upload them (`driver,lap,lap_time` with times as
 * m:ss.sss), straight from the staged Ergast-format lap times.
 */
export function lapsCsvOf(season: number, round: number, codes: string[]): string {
  const race = rows('races.csv').find((r) => r[1] === String(season) && r[2] === String(round));
  const drivers = new Map(
    rows('drivers.csv')
      .filter((d) => codes.includes(d[3] ?? ''))
      .map((d) => [d[0], d[3]]),
  );
  const lines = rows('lap_times_2020plus_DERIVED.csv')
    .filter((l) => l[0] === race?.[0] && drivers.has(l[1]))
    .map((l) => `${drivers.get(l[1])},${l[2]},${l[4]}`);
  if (lines.length === 0) throw new Error(`no laps found for ${season} round ${round}`);
  return `driver,lap,lap_time\n${lines.join('\n')}\n`;
}
