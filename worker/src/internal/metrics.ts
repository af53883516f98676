import { InternalMetricsSchema } from '@pitwall/db/contracts';
import { recordUsage } from '@pitwall/db/queries/usage';
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { requireService } from '../middleware/auth.ts';
import { isolateMetrics, maybeFlush } from '../middleware/metrics.ts';
import { recordObservation } from '../services/metrics.ts';
import { validate } from '../validate.ts';

/**
 * Where the compute plane reports what only it sees: workflow and activity durations and outcomes, model
 * time, tokens and cost, cache hits. Reports join this isolate's sums like the Worker's own requests;
 * model usage tied to an analysis is also kept per analysis, for the per-user usage page.
 */
export const internalMetrics = new Hono<AppEnv>()
  .use(requireService)
  .post('/', validate('json', InternalMetricsSchema), async (c) => {
    const { observations } = c.req.valid('json');
    for (const o of observations) recordObservation(isolateMetrics, o);
    const usage = observations.flatMap((o) =>
      o.kind === 'model' && o.analysisId
        ? [
            {
              analysisId: o.analysisId,
              operation: o.operation,
              assistant: o.assistant,
              model: o.model,
              inputTokens: o.inputTokens,
              outputTokens: o.outputTokens,
              costUsd: o.costUsd,
              modelMs: Math.round(o.seconds * 1000),
            },
          ]
        : [],
    );
    await recordUsage(c.var.db, usage);
    maybeFlush(c);
    return c.json({ accepted: observations.length }, 202);
  });
