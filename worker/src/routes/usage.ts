import { AnalysisStatusSchema } from '@pitwall/db/contracts';
import { usageOf } from '@pitwall/db/queries/usage';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.ts';
import { requireUser } from '../middleware/auth.ts';
import { limitByUser } from '../middleware/rate-limit.ts';
import type { RouteDoc } from '../openapi/route-doc.ts';

const ModelUsageSchema = z.object({
  assistant: z.string(),
  model: z.string(),
  analyses: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number(),
  modelSeconds: z.number(),
});
export const UsageSchema = z.object({
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
    summary: "The signed-in user's analyses by status, model tokens and cost (USD)",
    tag: 'usage',
    auth: 'user',
    responses: { 200: { description: 'usage', schema: UsageSchema } },
  },
];

const round = (usd: number) => Math.round(usd * 1e6) / 1e6;

export const usage = new Hono<AppEnv>().get('/', requireUser, limitByUser, async (c) => {
  const { byStatus, byModel } = await usageOf(c.var.db, c.var.userId);
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
