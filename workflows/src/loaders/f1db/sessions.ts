import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { races, results, type SessionResultKind, sessionResults } from '@pitwall/db/schema/warehouse';
import { eq } from 'drizzle-orm';
import { load } from 'js-yaml';
import type { Warehouse } from '../../warehouse.ts';
import { type ImportOutcome, type ImportProgress, recordImport, unchangedImport } from '../ergast-csv.ts';
import { upsertRows } from '../upsert.ts';
import { createResolver, type Resolver } from './entities.ts';
import { millis, SOURCE } from './map.ts';
import type { F1dbEntry, Position } from './source.ts';

/**
 * Free practice and sprint qualifying (the sprint shootout) from f1db: sessions no other source stages,
 * so f1db is the only provider and precedence does not arise. One dataset per season
 * (`f1db/sessions/<year>`), skipped when its files hash as before.
 */

/** The f1db file of each session kind, in a race folder. */
export const SESSION_FILES: Record<SessionResultKind, string> = {
  fp1: 'free-practice-1-results.yml',
  fp2: 'free-practice-2-results.yml',
  fp3: 'free-practice-3-results.yml',
  sprint_qualifying: 'sprint-qualifying-results.yml',
};

/** A practice row has `time`; a sprint-qualifying row has `q1`…`q3` instead. */
type F1dbSessionRow = F1dbEntry & {
  position: Position;
  time?: string | null;
  q1?: string | null;
  q2?: string | null;
  q3?: string | null;
  gap?: string | null;
  laps?: number | null;
};

type SessionFile = { round: number; kind: SessionResultKind; text: Buffer };

/** The session files of one season, by round (the race folder's number prefix), and their hash. */
async function readSessions(dataDir: string, season: number) {
  const racesDir = join(dataDir, 'seasons', String(season), 'races');
  const folders = (await readdir(racesDir).catch(() => [] as string[])).sort();
  const hash = createHash('sha256');
  const files: SessionFile[] = [];
  for (const folder of folders) {
    const round = Number(/^(\d+)-/.exec(folder)?.[1]);
    if (!Number.isInteger(round)) continue;
    for (const [kind, name] of Object.entries(SESSION_FILES) as [SessionResultKind, string][]) {
      let text: Buffer;
      try {
        text = readFileSync(join(racesDir, folder, name));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      hash.update(`${folder}/${name}\0`).update(text);
      files.push({ round, kind, text });
    }
  }
  return { files, sha256: hash.digest('hex') };
}

/**
 * One stored row from an f1db session row. For sprint qualifying the deciding time is that of the last
 * part the driver ran (SQ3, else SQ2, else SQ1), as for Grand Prix qualifying.
 */
export function sessionRow(
  raceId: number,
  kind: SessionResultKind,
  row: F1dbSessionRow,
  ids: { driverId: number; constructorId: number },
): typeof sessionResults.$inferInsert {
  const q1Ms = millis(row.q1);
  const q2Ms = millis(row.q2);
  const q3Ms = millis(row.q3);
  return {
    raceId,
    session: kind,
    ...ids,
    number: row.driverNumber ?? null,
    position: typeof row.position === 'number' ? row.position : null,
    // NC: in the session but no time set (or none within 107%): f1db's own code is kept.
    positionText: typeof row.position === 'number' ? String(row.position) : String(row.position ?? 'NC'),
    timeMs: kind === 'sprint_qualifying' ? (q3Ms ?? q2Ms ?? q1Ms) : millis(row.time),
    gapMs: millis(row.gap),
    laps: row.laps ?? null,
    q1Ms,
    q2Ms,
    q3Ms,
    source: SOURCE,
  };
}

async function fillSessions(
  db: Warehouse,
  season: number,
  files: SessionFile[],
  resolve: Resolver,
): Promise<ImportOutcome> {
  const raceRows = await db
    .select({ id: races.id, round: races.round })
    .from(races)
    .where(eq(races.season, season));
  const raceIds = new Map(raceRows.map((r) => [r.round, r.id]));
  // The Grand Prix classification says which Ergast driver and team sat in each car: f1db slugs are
  // matched to those first, so practice rows hang on the same ids as race rows.
  const cars = await db
    .select({
      raceId: results.raceId,
      number: results.number,
      driverId: results.driverId,
      teamId: results.constructorId,
    })
    .from(results)
    .innerJoin(races, eq(races.id, results.raceId))
    .where(eq(races.season, season));
  const car = new Map(cars.map((c) => [`${c.raceId}|${c.number}`, c]));
  const rows: (typeof sessionResults.$inferInsert)[] = [];
  const issues: Record<string, number> = {};
  let rejected = 0;
  const reject = (reason: string, n = 1) => {
    issues[reason] = (issues[reason] ?? 0) + n;
    rejected += n;
  };
  for (const file of files) {
    // An empty file is a session without a classification, not an error.
    const source = file.text.toString();
    const list = (source.trim() === '' ? [] : (load(source) ?? [])) as F1dbSessionRow[];
    const raceId = raceIds.get(file.round);
    if (raceId === undefined) {
      reject('unknown_race', list.length);
      continue;
    }
    for (const row of list) {
      const hint = car.get(`${raceId}|${row.driverNumber}`);
      try {
        const driverId = await resolve.driver(row.driverId, { ergastId: hint?.driverId });
        const constructorId = await resolve.team(row.constructorId, { ergastId: hint?.teamId });
        rows.push(sessionRow(raceId, file.kind, row, { driverId, constructorId }));
      } catch (err) {
        reject((err as Error).message);
      }
    }
  }
  await upsertRows(db, sessionResults, rows);
  return { rows: rows.length, flagged: 0, rejected, issues };
}

/**
 * Imports the practice and sprint-qualifying classifications of `seasons` from the f1db folder `dir`.
 * Runs after the f1db importer (races of seasons Ergast lacks come from it). `onProgress` hears once per
 * season with `file` = `sessions/<year>`. Returns rows stored per season.
 */
export async function importF1dbSessions(
  db: Warehouse,
  dir: string,
  seasons: number[],
  onProgress?: ImportProgress,
) {
  const dataDir = join(dir, 'src', 'data');
  let resolve: Resolver | undefined;
  const summary: Record<string, number> = {};
  for (const season of seasons) {
    const file = `sessions/${season}`;
    const dataset = `f1db/${file}`;
    const { files, sha256 } = await readSessions(dataDir, season);
    const previous = await unchangedImport(db, dataset, sha256);
    if (previous) {
      summary[file] = previous.rows;
      onProgress?.({ file, rows: previous.rows, skipped: true });
      continue;
    }
    resolve ??= await createResolver(db, dataDir);
    const outcome = await fillSessions(db, season, files, resolve);
    await recordImport(db, dataset, sha256, outcome);
    summary[file] = outcome.rows;
    onProgress?.({ file, rows: outcome.rows, skipped: false });
  }
  return summary;
}
