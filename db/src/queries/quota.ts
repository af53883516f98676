import { and, eq, gte, sql } from 'drizzle-orm';
import { analyses, analysisUsage, dailyQuota } from '../schema/app.ts';
import type { AppDatabase } from './app.ts';

/** The counters a request reserves from before it creates anything. */
export type QuotaCounter = 'analyses' | 'batchItems';

const COLUMNS = { analyses: 'analyses', batchItems: 'batch_items' } as const;

/** The UTC day a moment falls in, and the moment the next one starts (when quotas reset). */
export function quotaDay(at = new Date()): { day: string; resetsAt: string } {
  const day = at.toISOString().slice(0, 10);
  const next = new Date(`${day}T00:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return { day, resetsAt: next.toISOString() };
}

/**
 * Adds `amount` to one of the user's counters for `day` if the sum stays within `limit`, in one statement
 * (D1 runs statements one at a time), so concurrent requests can never take more than the limit between
 * them. Returns whether the amount was granted; a refused request changes nothing.
 */
export async function reserveQuota(
  db: AppDatabase,
  opts: { userId: string; day: string; counter: QuotaCounter; amount: number; limit: number },
): Promise<boolean> {
  if (opts.amount > opts.limit) return false;
  const column = sql.raw(COLUMNS[opts.counter]);
  const rows = await db.all<{ granted: number }>(sql`
    insert into ${dailyQuota} (user_id, day, ${column}) values (${opts.userId}, ${opts.day}, ${opts.amount})
    on conflict (user_id, day) do update set ${column} = ${column} + excluded.${column}
      where ${column} + excluded.${column} <= ${opts.limit}
    returning 1 as granted`);
  return rows.length === 1;
}

/** Gives back what a request reserved and did not use (its row existed already: a retried submission). */
export async function releaseQuota(
  db: AppDatabase,
  opts: { userId: string; day: string; counter: QuotaCounter; amount: number },
): Promise<void> {
  const column = sql.raw(COLUMNS[opts.counter]);
  await db.run(sql`
    update ${dailyQuota} set ${column} = max(0, ${column} - ${opts.amount})
    where user_id = ${opts.userId} and day = ${opts.day}`);
}

/** The user's counters and model consumption for one UTC day. */
export async function quotaUsed(db: AppDatabase, userId: string, day: string) {
  const [counters, model] = await Promise.all([
    db.query.dailyQuota.findFirst({ where: and(eq(dailyQuota.userId, userId), eq(dailyQuota.day, day)) }),
    db
      .select({
        tokens: sql<number>`coalesce(sum(${analysisUsage.inputTokens} + ${analysisUsage.outputTokens}), 0)`,
        costUsd: sql<number>`coalesce(sum(${analysisUsage.costUsd}), 0)`,
      })
      .from(analysisUsage)
      .innerJoin(analyses, eq(analyses.id, analysisUsage.analysisId))
      .where(and(eq(analyses.userId, userId), gte(analysisUsage.createdAt, `${day}T00:00:00.000Z`))),
  ]);
  return {
    analyses: counters?.analyses ?? 0,
    batchItems: counters?.batchItems ?? 0,
    modelTokens: Number(model[0]?.tokens ?? 0),
    modelCostUsd: Number(model[0]?.costUsd ?? 0),
  };
}
