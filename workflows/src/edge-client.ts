import type { InternalEvent, InternalOutcome, StoredFile } from '@pitwall/db/contracts';
import { ApplicationFailure } from '@temporalio/activity';

/**
 * The compute plane's client of the Worker's internal API (D1 + R2 live behind it). A 4xx means the
 * request itself is wrong and retrying cannot help; anything else is left to Temporal's retries.
 */
export type EdgeClient = ReturnType<typeof createEdgeClient>;

export function createEdgeClient(opts: { baseUrl: string; serviceToken: string; fetch?: typeof fetch }) {
  const doFetch = opts.fetch ?? fetch;
  const base = `${opts.baseUrl.replace(/\/$/, '')}/api/internal`;

  async function send(method: string, path: string, body: RequestInit['body'], contentType: string) {
    const res = await doFetch(`${base}${path}`, {
      method,
      body,
      headers: { authorization: `Bearer ${opts.serviceToken}`, 'content-type': contentType },
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
    outcome: (analysisId: string, outcome: InternalOutcome) =>
      send('POST', `/analyses/${analysisId}/outcome`, JSON.stringify(outcome), 'application/json'),
  };
}
