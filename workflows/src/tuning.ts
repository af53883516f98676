import { Context } from '@temporalio/activity';
import { z } from 'zod';

/**
 * How much one Node worker takes on at once, from the environment. The SDK's slots bound workflow tasks,
 * activities and local activities as a whole; the kinds below bound a group of activities within them, so
 * that e.g. a season's ingest (network-bound, rate-limited by the data APIs) cannot fill every activity
 * slot while analyses wait.
 */
export const ACTIVITY_KINDS = ['analyze', 'seasonWide', 'resultCache', 'batch', 'ingest', 'publish'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

const slots = z.coerce.number().int().min(1).max(10_000);

const KindLimitsSchema = z
  .string()
  .default('')
  .transform((s, ctx) => {
    const limits: Partial<Record<ActivityKind, number>> = {};
    for (const part of s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const [kind, value] = part.split('=').map((p) => p.trim());
      const n = Number(value);
      if (!ACTIVITY_KINDS.includes(kind as ActivityKind) || !Number.isInteger(n) || n < 1) {
        ctx.addIssue({
          code: 'custom',
          message: `"${part}" is not kind=limit with kind one of ${ACTIVITY_KINDS.join(', ')} and limit ≥ 1`,
        });
        return z.NEVER;
      }
      limits[kind as ActivityKind] = n;
    }
    return limits;
  });

const TuningSchema = z.object({
  /** Activities (all kinds together) and local activities this worker runs at once (the SDK's defaults). */
  PITWALL_MAX_ACTIVITIES: slots.default(100),
  PITWALL_MAX_LOCAL_ACTIVITIES: slots.default(100),
  /** Workflow tasks at once, and workflows kept in memory between tasks (the sticky cache; SDK default). */
  PITWALL_MAX_WORKFLOW_TASKS: slots.default(40),
  PITWALL_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).optional(),
  /** Per-kind limits, e.g. `ingest=2,publish=1`; a kind not named is bounded only by PITWALL_MAX_ACTIVITIES. */
  PITWALL_ACTIVITY_LIMITS: KindLimitsSchema,
});
export type Tuning = z.infer<typeof TuningSchema>;

export function loadTuning(env: NodeJS.ProcessEnv = process.env): Tuning {
  const parsed = TuningSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ');
    throw new Error(`configuration is invalid:\n  ${problems}`);
  }
  return parsed.data;
}

/** The tuning as Temporal `Worker.create` options. */
export function workerSlots(t: Tuning) {
  return {
    maxConcurrentActivityTaskExecutions: t.PITWALL_MAX_ACTIVITIES,
    maxConcurrentLocalActivityExecutions: t.PITWALL_MAX_LOCAL_ACTIVITIES,
    maxConcurrentWorkflowTaskExecutions: t.PITWALL_MAX_WORKFLOW_TASKS,
    ...(t.PITWALL_MAX_CACHED_WORKFLOWS === undefined
      ? {}
      : { maxCachedWorkflows: t.PITWALL_MAX_CACHED_WORKFLOWS }),
  };
}

/** How often an activity waiting for its kind's slot heartbeats: well inside the shortest heartbeat timeout (20 s). */
const WAIT_HEARTBEAT_MS = 5_000;

// biome-ignore lint/suspicious/noExplicitAny: activity functions take and return anything
type Activities = Record<string, (...args: any[]) => Promise<unknown>>;

/**
 * Bounds a group of activities to `limit` running at once in this process. One waiting for a slot keeps
 * heartbeating with the details it started with (a resumed batch keeps its progress), and gives up when
 * its activity is cancelled.
 */
export function limitActivities<A extends Activities>(
  activities: A,
  limit: number | undefined,
  heartbeatMs = WAIT_HEARTBEAT_MS,
): A {
  if (limit === undefined) return activities;
  let running = 0;
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    if (running < limit) {
      running++;
      return;
    }
    const ctx = inActivity();
    const beat = ctx ? setInterval(() => ctx.heartbeat(ctx.info.heartbeatDetails), heartbeatMs) : undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        waiting.push(resolve);
        ctx?.cancelled.catch((err) => {
          const at = waiting.indexOf(resolve);
          if (at >= 0) {
            waiting.splice(at, 1);
            reject(err);
          }
        });
      });
    } finally {
      clearInterval(beat);
    }
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return Object.fromEntries(
    Object.entries(activities).map(([name, fn]) => [
      name,
      async (...args: unknown[]) => {
        await acquire();
        try {
          return await fn(...args);
        } finally {
          release();
        }
      },
    ]),
  ) as A;
}

function inActivity(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}
