import { deleteUploads, uploadKeysPresent, uploadsToClean } from '@pitwall/db/queries/app';
import * as schema from '@pitwall/db/schema/app';
import { drizzle } from 'drizzle-orm/d1';
import { type Bindings, configFrom } from './env.ts';
import { reconcile } from './reconcile.ts';
import { temporalFromConfig } from './services/temporal.ts';

/** wrangler.toml's two crons: uploads are cleaned every quarter hour, D1 and Temporal reconciled every minute. */
export const CLEANUP_CRON = '*/15 * * * *';

export function reconcileNow(env: Bindings) {
  const config = configFrom(env);
  return reconcile(drizzle(env.DB, { schema }), temporalFromConfig(config), config);
}

export type CleanupReport = { expiredOrAbandoned: number; orphanObjects: number };

/**
 * Removes uploads past their expiry, uploads left pending by a request that died, and objects under
 * `uploads/` that no row refers to (written just before a crash). Objects younger than the abandon
 * threshold are left alone: their request may still be writing its row.
 */
export async function cleanupUploads(env: Bindings, now = new Date()): Promise<CleanupReport> {
  const config = configFrom(env);
  const db = drizzle(env.DB, { schema });
  const abandonedBefore = new Date(now.getTime() - config.UPLOAD_ABANDON_SECONDS * 1000);
  const report: CleanupReport = { expiredOrAbandoned: 0, orphanObjects: 0 };

  for (;;) {
    const rows = await uploadsToClean(db, now.toISOString(), abandonedBefore.toISOString());
    if (rows.length === 0) break;
    await env.FILES.delete(rows.map((r) => r.r2Key));
    await deleteUploads(
      db,
      rows.map((r) => r.id),
    );
    report.expiredOrAbandoned += rows.length;
  }

  let cursor: string | undefined;
  do {
    const page = await env.FILES.list({ prefix: 'uploads/', limit: 500, ...(cursor ? { cursor } : {}) });
    const old = page.objects.filter((o) => o.uploaded < abandonedBefore).map((o) => o.key);
    const present = await uploadKeysPresent(db, old);
    const orphans = old.filter((key) => !present.has(key));
    if (orphans.length > 0) await env.FILES.delete(orphans);
    report.orphanObjects += orphans.length;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);

  console.log(JSON.stringify({ level: 'info', msg: 'upload cleanup', ...report }));
  return report;
}
