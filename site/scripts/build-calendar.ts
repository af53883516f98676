/**
 * Writes src/lib/calendar/calendar.json, the season → race index the data explorer picks from.
 * The JSON is checked in so the site builds without the data folder; run this again when the Ergast dump
 * is refreshed: `node scripts/build-calendar.ts [path/to/f1data]` (default: ../shared/f1data from the repo root).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIRST_SEASON = 2018;
const LAST_SEASON = 2025;

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = resolve(process.argv[2] ?? join(here, '../../../shared/f1data'));

/** Ergast CSVs quote some fields and not others, and names contain commas ("Mexico City Grand Prix"). */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line) continue;
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted && ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = !quoted;
      else if (ch === ',' && !quoted) {
        cells.push(cell);
        cell = '';
      } else cell += ch;
    }
    cells.push(cell);
    rows.push(cells);
  }
  const [header = [], ...body] = rows;
  return body.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
}

const read = (name: string) => parseCsv(readFileSync(join(dataDir, 'ergast', name), 'utf8'));
const circuits = new Map(read('circuits.csv').map((c) => [c.circuitId, c]));

const seasons: Record<string, { round: number; name: string; date: string; place: string }[]> = {};
for (const race of read('races.csv')) {
  const year = Number(race.year);
  if (year < FIRST_SEASON || year > LAST_SEASON) continue;
  const circuit = circuits.get(race.circuitId ?? '');
  seasons[year] ??= [];
  seasons[year].push({
    round: Number(race.round),
    name: race.name ?? '',
    date: race.date ?? '',
    place: circuit ? `${circuit.location}, ${circuit.country}` : '',
  });
}
for (const races of Object.values(seasons)) races.sort((a, b) => a.round - b.round);

const out = join(here, '../src/lib/calendar/calendar.json');
writeFileSync(out, `${JSON.stringify({ source: 'Ergast/Jolpica-F1 races.csv', seasons })}\n`);
console.log(`wrote ${Object.values(seasons).flat().length} races in ${Object.keys(seasons).length} seasons`);
