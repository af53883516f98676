import { AnalysisStatusSchema } from '@pitwall/db/contracts';
import { quotaDay, quotaUsed } from '@pitwall/db/queries/quota';
import { usageOf } from '@pitwall/db/queries/usage';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.ts';
import { requireUser } from '../middleware/auth.ts';
import { limitByUser } from '../middleware/rate-limit.ts';
import type { RouteDoc } from '../openapi/route-doc.ts';
import { dailyLimits } from '../services/quotas.ts';

const ModelUsageSchema = z.object({
  assistant: z.string(),
  model: z.string(),
  analyses: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number(),
  modelSeconds: z.number(),
});
const Allowance = z.object({ used: z.number(), limit: z.number() });
const QuotaSchema = z.object({
  /** The UTC day counted, and when the next one starts. */
  day: z.string(),
  resetsAt: z.string(),
  analyses: Allowance,
  batchItems: Allowance,
  modelTokens: Allowance,
  modelCostUsd: Allowance,
});
export const UsageSchema = z.object({
  quota: QuotaSchema,
  analyses: z.object({ total: z.number().int(), byStatus: z.record(z.string(), z.number().int()) }),
  tokens: z.object({ input: z.number().int(), output: z.number().int() }),
  costUsd: z.number(),
  byModel: z.array(ModelUsageSchema),
});
export type Usage = z.infer<typeof UsageSchema>;

export const usageDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/usage',
    summary: "The signed-in user's daily quotas, analyses by status, model tokens and cost (USD)",
    tag: 'usage',
    auth: 'user',
    responses: { 200: { description: 'usage', schema: UsageSchema } },
  },
];

const round = (usd: number) => Math.round(usd * 1e6) / 1e6;

export const usage = new Hono<AppEnv>().get('/', requireUser, limitByUser, async (c) => {
  const { day, resetsAt } = quotaDay();
  const [{ byStatus, byModel }, today] = await Promise.all([
    usageOf(c.var.db, c.var.userId),
    quotaUsed(c.var.db, c.var.userId, day),
  ]);
  const limits = dailyLimits(c.var.config);
  // Every status appears, zero or not, so a client can render a fixed table.
  const counts = Object.fromEntries(AnalysisStatusSchema.options.map((s) => [s, 0])) as Record<
    string,
    number
  >;
  for (const row of byStatus) counts[row.status] = row.count;
  const models = byModel.map((m) => ({
    assistant: m.assistant,
    model: m.model,
    analyses: Number(m.analyses),
    inputTokens: Number(m.inputTokens),
    outputTokens: Number(m.outputTokens),
    costUsd: round(Number(m.costUsd)),
    modelSeconds: Number(m.modelMs) / 1000,
  }));
  const body: Usage = {
    quota: {
      day,
      resetsAt,
      analyses: { used: today.analyses, limit: limits.analyses },
      batchItems: { used: today.batchItems, limit: limits.batchItems },
      modelTokens: { used: today.modelTokens, limit: limits.modelTokens },
      modelCostUsd: { used: round(today.modelCostUsd), limit: limits.modelCostUsd },
    },
    analyses: { total: byStatus.reduce((n, r) => n + r.count, 0), byStatus: counts },
    tokens: {
      input: models.reduce((n, m) => n + m.inputTokens, 0),
      output: models.reduce((n, m) => n + m.outputTokens, 0),
    },
    costUsd: round(models.reduce((n, m) => n + m.costUsd, 0)),
    byModel: models,
  };
  return c.json(body);
});
