import { and, desc, eq, gt, inArray, lt, or, sql } from 'drizzle-orm';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { AnalysisStatus, InternalEvent } from '../contracts/index.ts';
import type * as schema from '../schema/app.ts';
import { analyses, artifacts, events, idempotencyKeys, uploads, users } from '../schema/app.ts';

/** Any async SQLite drizzle database over the app schema: D1 in the Worker, libSQL in tests. */
// biome-ignore lint/suspicious/noExplicitAny: the driver's result type differs between D1 and libSQL.
export type AppDatabase = BaseSQLiteDatabase<'async', any, typeof schema>;

export type AnalysisRow = typeof analyses.$inferSelect;
export type EventRow = typeof events.$inferSelect;

export const now = () => new Date().toISOString();

export async function findUserByName(db: AppDatabase, username: string) {
  return db.query.users.findFirst({ where: eq(users.username, username) });
}

export async function insertUser(db: AppDatabase, user: typeof users.$inferInsert) {
  const rows = await db.insert(users).values(user).onConflictDoNothing().returning({ id: users.id });
  return rows.length === 1;
}

/**
 * Inserts the analysis unless it exists already (a retried submission); returns the stored row and
 * whether this call created it.
 */
export async function insertAnalysis(
  db: AppDatabase,
  row: typeof analyses.$inferInsert,
): Promise<{ row: AnalysisRow; created: boolean }> {
  // A first question starts its own thread; a follow-up is given its parent's.
  const values = { ...row, threadId: row.threadId ?? row.id };
  const inserted = await db
    .insert(analyses)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: analyses.id });
  const stored = await findAnalysis(db, row.userId, row.id);
  if (!stored) throw new Error(`analysis ${row.id} belongs to another user`);
  return { row: stored, created: inserted.length === 1 };
}

/** The analysis if it belongs to the user; undefined otherwise (callers answer 404 either way). */
export async function findAnalysis(db: AppDatabase, userId: string, id: string) {
  return db.query.analyses.findFirst({ where: and(eq(analyses.id, id), eq(analyses.userId, userId)) });
}

export async function findAnalysisById(db: AppDatabase, id: string) {
  return db.query.analyses.findFirst({ where: eq(analyses.id, id) });
}

/** Newest first; the cursor is the `createdAt|id` of the last row of the previous page. */
export async function listAnalyses(
  db: AppDatabase,
  userId: string,
  opts: { status?: AnalysisStatus; limit: number; cursor?: { createdAt: string; id: string } },
) {
  const conditions = [eq(analyses.userId, userId)];
  if (opts.status) conditions.push(eq(analyses.status, opts.status));
  if (opts.cursor) {
    const { createdAt, id } = opts.cursor;
    const before = or(
      lt(analyses.createdAt, createdAt),
      and(eq(analyses.createdAt, createdAt), lt(analyses.id, id)),
    );
    if (before) conditions.push(before);
  }
  return db
    .select()
    .from(analyses)
    .where(and(...conditions))
    .orderBy(desc(analyses.createdAt), desc(analyses.id))
    .limit(opts.limit);
}

/** The user's analyses of one thread, oldest first (the order the questions were asked in). */
export async function listThread(db: AppDatabase, userId: string, threadId: string, limit = 100) {
  return db
    .select()
    .from(analyses)
    .where(and(eq(analyses.userId, userId), eq(analyses.threadId, threadId)))
    .orderBy(analyses.createdAt, analyses.id)
    .limit(limit);
}

export async function eventsAfter(db: AppDatabase, analysisId: string, afterSeq: number, limit = 200) {
  return db
    .select()
    .from(events)
    .where(and(eq(events.analysisId, analysisId), gt(events.seq, afterSeq)))
    .orderBy(events.seq)
    .limit(limit);
}

/**
 * Records a progress event once per key, and moves a queued analysis to running. Only `queued` changes
 * status here, so a late retry of an activity cannot resurrect a finished analysis.
 */
export async function recordEvent(db: AppDatabase, analysisId: string, event: InternalEvent) {
  const inserted = await db
    .insert(events)
    .values({
      analysisId,
      key: event.key,
      step: event.step,
      phase: event.phase,
      message: event.message,
      data: event.data ?? null,
    })
    .onConflictDoNothing()
    .returning({ seq: events.seq });
  await db
    .update(analyses)
    .set({
      status: sql`case when ${analyses.status} = 'queued' then 'running' else ${analyses.status} end`,
      ...(event.progress ? { progress: event.progress } : {}),
      ...(event.plan ? { plan: event.plan } : {}),
      updatedAt: now(),
    })
    .where(eq(analyses.id, analysisId));
  return { created: inserted.length === 1 };
}

export async function finishAnalysis(
  db: AppDatabase,
  analysisId: string,
  outcome: Pick<AnalysisRow, 'status'> &
    Partial<Pick<AnalysisRow, 'resultKey' | 'clarification' | 'error' | 'progress'>>,
) {
  const rows = await db
    .update(analyses)
    .set({ ...outcome, updatedAt: now() })
    .where(and(eq(analyses.id, analysisId), sql`${analyses.status} in ('queued', 'running')`))
    .returning({ id: analyses.id });
  return { changed: rows.length === 1 };
}

export async function upsertArtifact(db: AppDatabase, row: typeof artifacts.$inferInsert) {
  await db
    .insert(artifacts)
    .values(row)
    .onConflictDoUpdate({
      target: [artifacts.analysisId, artifacts.name],
      set: { r2Key: row.r2Key, contentType: row.contentType, size: row.size, sha256: row.sha256 },
    });
}

export async function findArtifact(db: AppDatabase, analysisId: string, name: string) {
  return db.query.artifacts.findFirst({
    where: and(eq(artifacts.analysisId, analysisId), eq(artifacts.name, name)),
  });
}

/**
 * Claims an Idempotency-Key for a request. Returns the claim that stands: ours if the key was new, or the
 * first request's, whose hash the caller compares against its own.
 */
export async function claimIdempotencyKey(
  db: AppDatabase,
  claim: { userId: string; key: string; requestHash: string; analysisId: string },
) {
  await db
    .insert(idempotencyKeys)
    .values({
      userId: claim.userId,
      key: claim.key,
      requestHash: claim.requestHash,
      status: 202,
      response: { analysisId: claim.analysisId },
    })
    .onConflictDoNothing();
  const stored = await db.query.idempotencyKeys.findFirst({
    where: and(eq(idempotencyKeys.userId, claim.userId), eq(idempotencyKeys.key, claim.key)),
  });
  if (!stored) throw new Error('idempotency key vanished');
  return stored;
}

export type UploadRow = typeof uploads.$inferSelect;

/** Writes the pending row of a new upload; false when the id exists (a concurrent retry claimed it). */
export async function insertPendingUpload(db: AppDatabase, row: typeof uploads.$inferInsert) {
  const rows = await db
    .insert(uploads)
    .values({ ...row, status: 'pending' })
    .onConflictDoNothing()
    .returning({ id: uploads.id });
  return rows.length === 1;
}

export async function markUploadStored(db: AppDatabase, id: string) {
  await db.update(uploads).set({ status: 'stored' }).where(eq(uploads.id, id));
}

/** The user's upload, whatever its state; callers decide what pending or expired means to them. */
export async function findUpload(db: AppDatabase, userId: string, id: string) {
  return db.query.uploads.findFirst({ where: and(eq(uploads.id, id), eq(uploads.userId, userId)) });
}

/** The user's stored uploads that have not expired at `nowIso`, newest first; only `types` when given. */
export async function listUploads(
  db: AppDatabase,
  userId: string,
  options: { nowIso: string; limit: number; types?: readonly string[] },
) {
  return db
    .select()
    .from(uploads)
    .where(
      and(
        eq(uploads.userId, userId),
        eq(uploads.status, 'stored'),
        gt(uploads.expiresAt, options.nowIso),
        options.types && options.types.length > 0 ? inArray(uploads.type, [...options.types]) : undefined,
      ),
    )
    .orderBy(desc(uploads.createdAt), desc(uploads.id))
    .limit(options.limit);
}

/** Uploads past their expiry, and pending ones older than `abandonedBefore` (ISO time). */
export async function uploadsToClean(db: AppDatabase, nowIso: string, abandonedBefore: string, limit = 500) {
  return db
    .select({ id: uploads.id, r2Key: uploads.r2Key })
    .from(uploads)
    .where(
      or(
        lt(uploads.expiresAt, nowIso),
        and(eq(uploads.status, 'pending'), lt(uploads.createdAt, abandonedBefore)),
      ),
    )
    .limit(limit);
}

export async function deleteUploads(db: AppDatabase, ids: string[]) {
  if (ids.length === 0) return;
  await db.delete(uploads).where(inArray(uploads.id, ids));
}

/** Which of these object keys still have an upload row. */
export async function uploadKeysPresent(db: AppDatabase, r2Keys: string[]) {
  if (r2Keys.length === 0) return new Set<string>();
  const rows = await db.select({ r2Key: uploads.r2Key }).from(uploads).where(inArray(uploads.r2Key, r2Keys));
  return new Set(rows.map((r) => r.r2Key));
}

/**
 * Claims an Idempotency-Key for any creating POST, remembering which resource it created. Returns the
 * claim that stands (ours, or the first request's); the caller compares request hashes.
 */
export async function claimIdempotencyKeyFor(
  db: AppDatabase,
  claim: { userId: string; key: string; requestHash: string; status: number; response: unknown },
) {
  await db.insert(idempotencyKeys).values(claim).onConflictDoNothing();
  const stored = await db.query.idempotencyKeys.findFirst({
    where: and(eq(idempotencyKeys.userId, claim.userId), eq(idempotencyKeys.key, claim.key)),
  });
  if (!stored) throw new Error('idempotency key vanished');
  return stored;
}
