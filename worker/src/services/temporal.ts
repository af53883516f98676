import type { AnalyzeWorkflowInput } from '@pitwall/db/contracts';
import { ApiError } from '../errors.ts';

/**
 * The Worker's only way to Temporal. workerd has no HTTP/2 client, so this speaks Temporal's HTTP API
 * (grpc-gateway) with fetch; a deployment on a gRPC-only cluster swaps in a relay behind this interface.
 */
export interface TemporalService {
  startAnalysis(workflowId: string, input: AnalyzeWorkflowInput): Promise<void>;
  cancel(workflowId: string): Promise<void>;
  health(): Promise<'ok' | 'down'>;
}

export type TemporalHttpOptions = {
  baseUrl: string;
  namespace: string;
  taskQueue: string;
  fetch?: typeof fetch;
};

export function createTemporalHttp(opts: TemporalHttpOptions): TemporalService {
  const doFetch = opts.fetch ?? fetch;
  const base = `${opts.baseUrl.replace(/\/$/, '')}/api/v1/namespaces/${encodeURIComponent(opts.namespace)}`;

  async function call(path: string, init: RequestInit): Promise<Response> {
    try {
      return await doFetch(`${base}${path}`, {
        ...init,
        headers: { 'content-type': 'application/json' },
        signal: AbortSignal.timeout(10_000),
      });
    } catch (err) {
      throw new ApiError(503, 'unavailable', 'the workflow service is unreachable', { cause: String(err) });
    }
  }

  return {
    async startAnalysis(workflowId, input) {
      const res = await call(`/workflows/${encodeURIComponent(workflowId)}`, {
        method: 'POST',
        body: JSON.stringify({
          workflowType: { name: 'analyzeQuestion' },
          taskQueue: { name: opts.taskQueue },
          input: [input],
          // The same analysis can be submitted again (Idempotency-Key retries): the first run is kept.
          requestId: workflowId,
          workflowIdConflictPolicy: 'WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING',
          workflowIdReusePolicy: 'WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE',
          workflowExecutionTimeout: '3600s',
        }),
      });
      // 409: a run with this id already finished: that is the run the retry refers to.
      if (res.ok || res.status === 409) return;
      throw new ApiError(503, 'unavailable', 'the workflow could not be started', {
        temporalStatus: res.status,
        temporalMessage: (await res.text()).slice(0, 300),
      });
    },
    async cancel(workflowId) {
      const res = await call(`/workflows/${encodeURIComponent(workflowId)}/cancel`, {
        method: 'POST',
        body: JSON.stringify({ reason: 'cancelled by the user' }),
      });
      if (!res.ok && res.status !== 404) {
        throw new ApiError(503, 'unavailable', 'the workflow could not be cancelled', {
          temporalStatus: res.status,
        });
      }
    },
    async health() {
      try {
        const res = await doFetch(`${opts.baseUrl.replace(/\/$/, '')}/api/v1/system-info`, {
          signal: AbortSignal.timeout(2_000),
        });
        return res.ok ? 'ok' : 'down';
      } catch {
        return 'down';
      }
    },
  };
}
