import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { load } from 'js-yaml';

/**
 * Reading the f1db YAML source (`src/data`). Field names follow the YAML files, which differ from f1db's
 * JSON schema: the source has `position` (a number, or DNF/DNS/DSQ/NC/EX/PL), no display order (the
 * list order is the order) and no millisecond fields (times are "1:32:01.596" strings).
 */

export type Position = number | string | null;
export type F1dbEntry = { driverNumber: number; driverId: string; constructorId: string };
export type F1dbResult = F1dbEntry & {
  position: Position;
  laps: number | null;
  time: string | null;
  gap: string | null;
  reasonRetired: string | null;
  points: number | null;
  gridPosition: Position;
};
export type F1dbQualifying = F1dbEntry & {
  position: Position;
  q1: string | null;
  q2: string | null;
  q3: string | null;
};
export type F1dbGrid = F1dbEntry & { position: Position };
export type F1dbPitStop = F1dbEntry & { stop: number; lap: number; time: string | null };
export type F1dbFastestLap = {
  position: Position;
  driverId: string;
  lap: number | null;
  time: string | null;
};
export type F1dbStanding = { position: Position; driverId?: string; constructorId?: string; points: number };
export type F1dbRace = {
  id: number;
  round: number;
  date: string;
  time?: string | null;
  grandPrixId: string;
  circuitId: string;
  laps?: number | null;
} & Partial<
  Record<`${'freePractice1' | 'freePractice2' | 'freePractice3'}${'Date' | 'Time'}`, string | null>
> &
  Partial<Record<`${'qualifying' | 'sprintQualifying' | 'sprintRace'}${'Date' | 'Time'}`, string | null>>;

/** The files of a race folder this importer uses, by role. */
export const RACE_FILES = {
  race: 'race.yml',
  results: 'race-results.yml',
  sprintResults: 'sprint-race-results.yml',
  qualifying: 'qualifying-results.yml',
  grid: 'starting-grid-positions.yml',
  sprintGrid: 'sprint-starting-grid-positions.yml',
  pitStops: 'pit-stops.yml',
  fastestLaps: 'fastest-laps.yml',
  driverStandings: 'driver-standings.yml',
  constructorStandings: 'constructor-standings.yml',
} as const;

export type RaceData = {
  race: F1dbRace;
  results?: F1dbResult[];
  sprintResults?: F1dbResult[];
  qualifying?: F1dbQualifying[];
  grid?: F1dbGrid[];
  sprintGrid?: F1dbGrid[];
  pitStops?: F1dbPitStop[];
  fastestLaps?: F1dbFastestLap[];
  driverStandings?: F1dbStanding[];
  constructorStandings?: F1dbStanding[];
};

/** js-yaml: several times faster than the `yaml` package on these files, with the same output. */
function parseYaml(text: Buffer): unknown {
  const source = text.toString();
  // An empty file is an empty document, not an error.
  return source.trim() === '' ? null : load(source);
}

/**
 * Read synchronously: a season is a few hundred small files, and awaiting each read cost more than the
 * read itself (about 1 ms a file against microseconds).
 */
async function readOptional(path: string): Promise<Buffer | undefined> {
  try {
    return readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export type SeasonSource = {
  season: number;
  /** Over every file read for the season, entity files included, so an edit anywhere re-imports it. */
  sha256: string;
  /** Parses the season's race folders, in round order. */
  races: () => RaceData[];
};

/**
 * Reads a season's race folders and the entity files they name (drivers and teams from entrants.yml,
 * circuits and grands prix from race.yml). Parsing the results is left to `races()`, so an unchanged
 * season costs only reads and a hash.
 */
export async function readSeason(dataDir: string, season: number): Promise<SeasonSource> {
  const seasonDir = join(dataDir, 'seasons', String(season));
  const folders = (await readdir(join(seasonDir, 'races'))).sort();
  const hash = createHash('sha256');
  const raw: Record<string, Buffer | undefined>[] = [];
  for (const folder of folders) {
    const files: Record<string, Buffer | undefined> = {};
    for (const [role, name] of Object.entries(RACE_FILES)) {
      const text = await readOptional(join(seasonDir, 'races', folder, name));
      files[role] = text;
      if (text) hash.update(`${folder}/${name}\0`).update(text);
    }
    raw.push(files);
  }
  const entrants = (await readOptional(join(seasonDir, 'entrants.yml'))) ?? Buffer.alloc(0);
  hash.update(entrants);
  // The entity files named by the season, found by pattern rather than by parsing: an unchanged season
  // should cost reads and a hash only, and YAML parsing is the slow part of this importer.
  const entities = new Set<string>();
  const named = (text: Buffer | undefined, key: string, folder: string) => {
    for (const m of (text?.toString() ?? '').matchAll(new RegExp(`\\b${key}: *([a-z0-9-]+)`, 'g')))
      entities.add(`${folder}/${m[1]}`);
  };
  named(entrants, 'driverId', 'drivers');
  named(entrants, 'constructorId', 'constructors');
  for (const files of raw) {
    named(files.race, 'circuitId', 'circuits');
    named(files.race, 'grandPrixId', 'grands-prix');
  }
  for (const entity of [...entities].sort()) {
    const text = await readOptional(join(dataDir, `${entity}.yml`));
    if (text) hash.update(`${entity}\0`).update(text);
  }
  return {
    season,
    sha256: hash.digest('hex'),
    // Each file is parsed on first use: seasons Ergast already covers need only a few of them.
    races: () =>
      raw.map((files) => {
        const data = {} as RaceData;
        for (const [role, text] of Object.entries(files)) {
          if (!text) continue;
          let value: unknown;
          Object.defineProperty(data, role, {
            enumerable: true,
            get: () => (value ??= parseYaml(text) ?? []),
          });
        }
        return data;
      }),
  };
}

/** One entity file (`drivers/max-verstappen`), parsed; undefined when f1db has no such file. */
export async function readEntity<T>(dataDir: string, entity: string): Promise<T | undefined> {
  const text = await readOptional(join(dataDir, `${entity}.yml`));
  return text ? (parseYaml(text) as T) : undefined;
}
