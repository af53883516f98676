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
