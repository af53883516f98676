import { createHash } from 'node:crypto';
import { imports } from '@pitwall/db/schema/warehouse';
import { inArray } from 'drizzle-orm';
import type { Warehouse } from '../../warehouse.ts';
import type { HashedFile } from '../read-ahead.ts';
import { upsertRows } from '../upsert.ts';

export type FileRecord = { rows: number; flagged: number; rejected: number; issues: Record<string, number> };

const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/**
 * The timing files are reconciled together (a FastF1 lap decides what an OpenF1 or derived lap becomes),
 * so they are imported together. Each file's stored checksum covers its own bytes, every other timing
 * file, and the reference rows they map onto: any change to one of those re-imports them all.
 */
/** Raised when the importer's output changes for the same files, so existing warehouses re-import. */
const FORMAT = 'laps-v3-sprint-laps';

export function storedSha(file: HashedFile, all: HashedFile[], fingerprint: string): string {
  const run = sha(
    FORMAT +
      all
        .map((f) => `${f.file}:${f.sha256}`)
        .sort()
        .join('\n') +
      fingerprint,
  );
  return sha(`${file.sha256}:${run}`);
}

/** The previous import records when every file is unchanged against `fingerprint`; otherwise undefined. */
export async function previousIfUnchanged(db: Warehouse, files: HashedFile[], fingerprint: string) {
  const rows = await db
    .select()
    .from(imports)
    .where(
      inArray(
        imports.dataset,
        files.map((f) => f.file),
      ),
    );
  const byDataset = new Map(rows.map((r) => [r.dataset, r]));
  const unchanged = files.every((f) => byDataset.get(f.file)?.sha256 === storedSha(f, files, fingerprint));
  return unchanged ? byDataset : undefined;
}

export async function recordImports(
  db: Warehouse,
  files: HashedFile[],
  records: Map<string, FileRecord>,
  fingerprint: string,
) {
  const importedAt = new Date().toISOString();
  await upsertRows(
    db,
    imports,
    files.map((f) => {
      const r = records.get(f.file) ?? { rows: 0, flagged: 0, rejected: 0, issues: {} };
      return { dataset: f.file, ...r, sha256: storedSha(f, files, fingerprint), importedAt };
    }),
  );
}

/** Adds `n` to `issues[key]`, leaving zero counts out. */
export function count(issues: Record<string, number>, key: string, n = 1) {
  if (n) issues[key] = (issues[key] ?? 0) + n;
}
