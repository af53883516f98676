import { count, eq, sql } from 'drizzle-orm';
import { analyses, analysisUsage } from '../schema/app.ts';
import type { AppDatabase } from './app.ts';

export type UsageRow = typeof analysisUsage.$inferInsert;

/** Stores model usage per (analysis, operation); a retried operation replaces what it reported before. */
export async function recordUsage(db: AppDatabase, rows: UsageRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(analysisUsage)
    .values(rows)
    .onConflictDoUpdate({
      target: [analysisUsage.analysisId, analysisUsage.operation],
      set: {
        assistant: sql`excluded.assistant`,
        model: sql`excluded.model`,
        inputTokens: sql`excluded.input_tokens`,
        outputTokens: sql`excluded.output_tokens`,
        costUsd: sql`excluded.cost_usd`,
        modelMs: sql`excluded.model_ms`,
      },
    });
}

/**
 * One user's consumption: analyses by status, and tokens, cost (USD) and model time (ms) per assistant
 * and model, over all their analyses.
 */
export async function usageOf(db: AppDatabase, userId: string) {
  const [byStatus, byModel] = await Promise.all([
    db
      .select({ status: analyses.status, count: count() })
      .from(analyses)
      .where(eq(analyses.userId, userId))
      .groupBy(analyses.status),
    db
      .select({
        assistant: analysisUsage.assistant,
        model: analysisUsage.model,
        analyses: sql<number>`count(distinct ${analysisUsage.analysisId})`,
        inputTokens: sql<number>`coalesce(sum(${analysisUsage.inputTokens}), 0)`,
        outputTokens: sql<number>`coalesce(sum(${analysisUsage.outputTokens}), 0)`,
        costUsd: sql<number>`coalesce(sum(${analysisUsage.costUsd}), 0)`,
        modelMs: sql<number>`coalesce(sum(${analysisUsage.modelMs}), 0)`,
      })
      .from(analysisUsage)
      .innerJoin(analyses, eq(analyses.id, analysisUsage.analysisId))
      .where(eq(analyses.userId, userId))
      .groupBy(analysisUsage.assistant, analysisUsage.model)
      .orderBy(analysisUsage.assistant, analysisUsage.model),
  ]);
  return { byStatus, byModel };
}
