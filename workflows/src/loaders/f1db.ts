import { join } from 'node:path';
import type { Warehouse } from '../warehouse.ts';
import { deriveSeasonEntities, type ImportProgress, recordImport, unchangedImport } from './ergast-csv.ts';
import { createResolver } from './f1db/entities.ts';
import { fillSeason } from './f1db/season.ts';
import { readSeason, type SeasonSource } from './f1db/source.ts';

/**
 * The f1db gap-filler. Ergast stops at 2025 round 18; f1db (CC BY 4.0) has the rest of 2025 and 2026 to
 * date. It runs after the Ergast import and fills, season by season, only what the warehouse lacks:
 * races, results, sprints, qualifying, starting grids, pit stops and standings, all with source 'f1db'.
 */
export const F1DB_SEASONS = [2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026];

/**
 * Imports the f1db YAML source under `dir` (the f1db folder holding `src/data`). A season whose files
 * (and the entity files they name) hash as before is skipped; `onProgress` hears once per season, with
 * `file` = `seasons/<year>` and the rows written. Returns rows written per season. `sources` are the
 * seasons already read (see read-ahead.ts); otherwise each is read here.
 */
export async function importF1db(
  db: Warehouse,
  dir: string,
  onProgress?: ImportProgress,
  sources?: Promise<SeasonSource[]>,
) {
  const dataDir = join(dir, 'src', 'data');
  const resolve = await createResolver(db, dataDir);
  const summary: Record<string, number> = {};
  let changed = false;
  for (const season of F1DB_SEASONS) {
    const file = `seasons/${season}`;
    const dataset = `f1db/${file}`;
    const source = (await sources)?.find((s) => s.season === season) ?? (await readSeason(dataDir, season));
    const previous = await unchangedImport(db, dataset, source.sha256);
    if (previous) {
      summary[file] = previous.rows;
      onProgress?.({ file, rows: previous.rows, skipped: true });
      continue;
    }
    const outcome = await fillSeason(db, dataDir, season, source.races(), resolve);
    await recordImport(db, dataset, source.sha256, outcome);
    changed = true;
    summary[file] = outcome.rows;
    onProgress?.({ file, rows: outcome.rows, skipped: false });
  }
  // New classifications bring new driver/team seasons (2026's teams, mid-season replacements).
  if (changed) await deriveSeasonEntities(db);
  return summary;
}
