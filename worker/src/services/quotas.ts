import {
  type QuotaCounter,
  quotaDay,
  quotaUsed,
  releaseQuota,
  reserveQuota,
} from '@pitwall/db/queries/quota';
import type { AppDb, Config } from '../env.ts';
import { ApiError } from '../errors.ts';

const WHAT: Record<QuotaCounter, string> = { analyses: 'analyses', batchItems: 'batch items' };

export function dailyLimits(config: Config) {
  return {
    analyses: config.QUOTA_ANALYSES_PER_DAY,
    batchItems: config.QUOTA_BATCH_ITEMS_PER_DAY,
    modelTokens: config.QUOTA_MODEL_TOKENS_PER_DAY,
    modelCostUsd: config.QUOTA_MODEL_USD_PER_DAY,
  };
}

export type Reservation = { release(): Promise<void> };

const inHoursAndMinutes = (seconds: number) => {
  const minutes = Math.ceil(seconds / 60);
  return minutes < 60 ? `in ${minutes} min` : `in ${Math.floor(minutes / 60)} h ${minutes % 60} min`;
};

/**
 * Takes `amount` from the user's daily quota before anything is created, or refuses the whole request
 * with 429 `quota_exceeded` and when the quota resets. A batch larger than what is left is refused whole.
 */
export async function reserve(
  db: AppDb,
  config: Config,
  userId: string,
  counter: QuotaCounter,
  amount: number,
): Promise<Reservation> {
  const { day, resetsAt } = quotaDay();
  const limit = dailyLimits(config)[counter];
  if (!(await reserveQuota(db, { userId, day, counter, amount, limit }))) {
    const used = (await quotaUsed(db, userId, day))[counter];
    const retryAfter = Math.max(1, Math.ceil((Date.parse(resetsAt) - Date.now()) / 1000));
    throw new ApiError(
      429,
      'quota_exceeded',
      `the daily quota of ${limit} ${WHAT[counter]} is used up (${used} used today, ${amount} asked); it resets at 00:00 UTC, ${inHoursAndMinutes(retryAfter)}`,
      { quota: counter, limit, used, requested: amount, resetsAt },
      { 'Retry-After': String(retryAfter) },
    );
  }
  return { release: () => releaseQuota(db, { userId, day, counter, amount }) };
}

/** Whether the user may still call a paid model today, and why not when they may not. */
export async function modelBudget(db: AppDb, config: Config, userId: string) {
  const { day, resetsAt } = quotaDay();
  const used = await quotaUsed(db, userId, day);
  const limits = dailyLimits(config);
  const spent =
    used.modelTokens >= limits.modelTokens
      ? `the daily model budget of ${limits.modelTokens} tokens is spent`
      : used.modelCostUsd >= limits.modelCostUsd
        ? `the daily model budget of $${limits.modelCostUsd} is spent`
        : undefined;
  return spent ? { allowed: false as const, reason: spent, resetsAt } : { allowed: true as const, resetsAt };
}
