import type { AnalyzeWorkflowInput, BatchWorkflowInput } from '@pitwall/db/contracts';
import type { Config } from '../env.ts';
import { ApiError } from '../errors.ts';

/** What Temporal says of a workflow run, reduced to what the edge acts on. */
export type WorkflowState =
  | 'running'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'terminated'
  | 'timed_out'
  | 'continued_as_new'
  | 'not_found';

/**
 * The Worker's only way to Temporal (analyses, batches, the reconciler and health all go through it).
 * workerd has no HTTP/2 client, so this speaks the Temporal frontend's HTTP API (grpc-gateway) with fetch;
 * docs/TEMPORAL.md says which deployments serve it and what to run where one does not.
 */
export interface TemporalService {
  startAnalysis(workflowId: string, input: AnalyzeWorkflowInput): Promise<void>;
  startBatch(workflowId: string, input: BatchWorkflowInput): Promise<void>;
  /** Whether the signal was delivered (false: no such running workflow). */
  signal(workflowId: string, name: string, input: unknown): Promise<boolean>;
  cancel(workflowId: string): Promise<void>;
  describe(workflowId: string): Promise<WorkflowState>;
  health(): Promise<'ok' | 'down'>;
}

export type TemporalHttpOptions = {
  baseUrl: string;
  namespace: string;
  taskQueue: string;
  /** Sent as a bearer token, as Temporal Cloud and an authorizing self-hosted frontend expect. */
  apiKey?: string | undefined;
  fetch?: typeof fetch;
};

/** An analysis that has not finished in an hour is ended by Temporal, and the reconciler marks it failed. */
export const ANALYSIS_EXECUTION_TIMEOUT_SECONDS = 3600;

const STATES: Record<string, WorkflowState> = {
  WORKFLOW_EXECUTION_STATUS_RUNNING: 'running',
  WORKFLOW_EXECUTION_STATUS_COMPLETED: 'completed',
  WORKFLOW_EXECUTION_STATUS_FAILED: 'failed',
  WORKFLOW_EXECUTION_STATUS_CANCELED: 'cancelled',
  WORKFLOW_EXECUTION_STATUS_TERMINATED: 'terminated',
  WORKFLOW_EXECUTION_STATUS_TIMED_OUT: 'timed_out',
  WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW: 'continued_as_new',
};

function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const JSON_PLAIN = btoa('json/plain');

/**
 * Workflow arguments as Temporal payloads, spelled out (`json/plain`, what the TypeScript SDK's default
 * converter reads). The HTTP API's shorthand, a plain JSON array, passes through protobuf's Struct, which
 * turns an empty array into null: a query's `drivers: []` would reach the workflow as `drivers: null`.
 */
export const payloadsOf = (args: unknown[]) => ({
  payloads: args.map((arg) => ({
    metadata: { encoding: JSON_PLAIN },
    data: base64Utf8(JSON.stringify(arg)),
  })),
});

/** The gateway as the Worker's configuration describes it (requests and cron runs alike). */
export const temporalFromConfig = (config: Config): TemporalService =>
  createTemporalHttp({
    baseUrl: config.TEMPORAL_HTTP_URL,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    apiKey: config.TEMPORAL_API_KEY,
  });

export function createTemporalHttp(opts: TemporalHttpOptions): TemporalService {
  const doFetch = opts.fetch ?? fetch;
  const root = opts.baseUrl.replace(/\/$/, '');
  const base = `${root}/api/v1/namespaces/${encodeURIComponent(opts.namespace)}`;
  // Every request names its namespace and, when configured, carries the API key.
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'temporal-namespace': opts.namespace,
    ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}),
  };

  async function call(url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<Response> {
    try {
      return await doFetch(url, {
        ...init,
        headers,
        signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new ApiError(503, 'unavailable', 'the workflow service is unreachable', { cause: String(err) });
    }
  }

  const workflowUrl = (workflowId: string, rest = '') =>
    `${base}/workflows/${encodeURIComponent(workflowId)}${rest}`;

  /** Starting is idempotent: a run with this id that exists (or has finished) is the one kept. */
  async function start(workflowId: string, type: string, input: unknown, extra: object, what: string) {
    const res = await call(workflowUrl(workflowId), {
      method: 'POST',
      body: JSON.stringify({
        workflowType: { name: type },
        taskQueue: { name: opts.taskQueue },
        input: payloadsOf([input]),
        requestId: workflowId,
        workflowIdConflictPolicy: 'WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING',
        workflowIdReusePolicy: 'WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE',
        ...extra,
      }),
    });
    // 409: a run with this id already finished: that is the run the retry refers to.
    if (res.ok || res.status === 409) return;
    throw new ApiError(503, 'unavailable', `the ${what} could not be started`, {
      temporalStatus: res.status,
      temporalMessage: (await res.text()).slice(0, 300),
    });
  }

  return {
    startAnalysis: (workflowId, input) =>
      start(
        workflowId,
        'analyzeQuestion',
        input,
        { workflowExecutionTimeout: `${ANALYSIS_EXECUTION_TIMEOUT_SECONDS}s` },
        'workflow',
      ),
    startBatch: (workflowId, input) => start(workflowId, 'analyzeBatch', input, {}, 'batch'),
    async signal(workflowId, name, input) {
      const res = await call(workflowUrl(workflowId, `/signal/${encodeURIComponent(name)}`), {
        method: 'POST',
        body: JSON.stringify({ input: payloadsOf([input]) }),
      });
      return res.ok;
    },
    async cancel(workflowId) {
      const res = await call(workflowUrl(workflowId, '/cancel'), {
        method: 'POST',
        body: JSON.stringify({ reason: 'cancelled by the user' }),
      });
      if (!res.ok && res.status !== 404) {
        throw new ApiError(503, 'unavailable', 'the workflow could not be cancelled', {
          temporalStatus: res.status,
        });
      }
    },
    async describe(workflowId) {
      const res = await call(workflowUrl(workflowId));
      if (res.status === 404) return 'not_found';
      if (!res.ok) {
        throw new ApiError(503, 'unavailable', 'the workflow could not be described', {
          temporalStatus: res.status,
        });
      }
      const body = (await res.json()) as { workflowExecutionInfo?: { status?: string } };
      const state = STATES[body.workflowExecutionInfo?.status ?? ''];
      if (!state) throw new ApiError(503, 'unavailable', 'the workflow service answered an unknown state');
      return state;
    },
    async health() {
      try {
        const res = await call(`${root}/api/v1/system-info`, { timeoutMs: 2_000 });
        return res.ok ? 'ok' : 'down';
      } catch {
        return 'down';
      }
    },
  };
}

/**
 * Runs a Temporal call that the request does not depend on, because D1 already records what was decided:
 * a submission that is stored (its row is the record that it was accepted) or a queued analysis already
 * cancelled. In a Temporal outage the request still succeeds; the reconciler (worker/src/reconcile.ts)
 * starts the stored submission under the same workflow id once Temporal answers again.
 */
export async function unlessTemporalDown(call: () => Promise<void>): Promise<'done' | 'deferred'> {
  try {
    await call();
    return 'done';
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 503) throw err;
    console.warn(JSON.stringify({ level: 'warn', msg: 'Temporal call deferred', details: err.details }));
    return 'deferred';
  }
}
