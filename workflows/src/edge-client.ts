import type { InternalEvent, InternalOutcome, Observation, StoredFile } from '@pitwall/db/contracts';
import { ApplicationFailure } from '@temporalio/activity';

/**
 * The compute plane's client of the Worker's internal API (D1 + R2 live behind it). A 4xx means the
 * request itself is wrong and retrying cannot help; anything else is left to Temporal's retries.
 */
export type EdgeClient = ReturnType<typeof createEdgeClient>;

export function createEdgeClient(opts: {
  baseUrl: string;
  serviceToken: string;
  fetch?: typeof fetch;
  /** The request id of the work in progress: sent back as x-request-id so the edge logs it too. */
  requestId?: () => string | undefined;
}) {
  const doFetch = opts.fetch ?? fetch;
  const base = `${opts.baseUrl.replace(/\/$/, '')}/api/internal`;
  const requestIdHeader = (): Record<string, string> => {
    const id = opts.requestId?.();
    return id ? { 'x-request-id': id } : {};
  };

  async function send(method: string, path: string, body: RequestInit['body'], contentType: string) {
    const res = await doFetch(`${base}${path}`, {
      method,
      body,
      headers: {
        authorization: `Bearer ${opts.serviceToken}`,
        'content-type': contentType,
        ...requestIdHeader(),
      },
      signal: AbortSignal.timeout(15_000),
    });
    if (res.ok) return res.json();
    const text = (await res.text()).slice(0, 500);
    if (res.status >= 400 && res.status < 500 && res.status !== 429 && res.status !== 408) {
      throw ApplicationFailure.nonRetryable(`${method} ${path}: ${res.status} ${text}`, 'EdgeRejected');
    }
    throw new Error(`${method} ${path}: ${res.status} ${text}`);
  }

  return {
    event: (analysisId: string, event: InternalEvent) =>
      send('POST', `/analyses/${analysisId}/events`, JSON.stringify(event), 'application/json'),
    putFile: (analysisId: string, name: string, contentType: string, body: string | Uint8Array) =>
      send('PUT', `/analyses/${analysisId}/files/${name}`, body, contentType) as Promise<StoredFile>,
    putModels: (items: { id: string; model: string; available: boolean }[]) =>
      send('PUT', '/models', JSON.stringify({ items }), 'application/json'),
    metrics: (observations: Observation[]) =>
      send('POST', '/metrics', JSON.stringify({ observations }), 'application/json'),
    outcome: (analysisId: string, outcome: InternalOutcome) =>
      send('POST', `/analyses/${analysisId}/outcome`, JSON.stringify(outcome), 'application/json'),
  };
}
