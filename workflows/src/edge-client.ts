import {
  type BundleManifest,
  type BundleStored,
  type BundleType,
  type InternalEvent,
  type InternalOutcome,
  InternalUploadSchema,
  ModelBudgetSchema,
  type Observation,
  type QueryCatalog,
  type StoredFile,
} from '@pitwall/db/contracts';
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

  async function send(
    method: string,
    path: string,
    body: RequestInit['body'],
    contentType: string,
    headers: Record<string, string> = {},
  ) {
    const res = await doFetch(`${base}${path}`, {
      method,
      body,
      headers: {
        authorization: `Bearer ${opts.serviceToken}`,
        'content-type': contentType,
        ...requestIdHeader(),
        ...headers,
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

  /** A GET whose body is text, read only up to `maxBytes`: an oversized body is refused, not buffered. */
  async function getText(path: string, maxBytes: number): Promise<string> {
    const res = await doFetch(`${base}${path}`, {
      headers: { authorization: `Bearer ${opts.serviceToken}`, ...requestIdHeader() },
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) {
      const text = (await res.text()).slice(0, 500);
      if (res.status >= 400 && res.status < 500 && res.status !== 429 && res.status !== 408) {
        throw ApplicationFailure.nonRetryable(`GET ${path}: ${res.status} ${text}`, 'EdgeRejected');
      }
      throw new Error(`GET ${path}: ${res.status} ${text}`);
    }
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > maxBytes) {
      await res.body?.cancel();
      throw new TooLarge(declared, maxBytes);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of res.body ?? []) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new TooLarge(size, maxBytes);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  return {
    // The result cache (worker/src/internal/result-cache.ts); callers parse the answers.
    lookupResult: (key: string) =>
      send('POST', '/result-cache/lookup', JSON.stringify({ key }), 'application/json') as Promise<unknown>,
    storeResult: (entry: { key: string; analysisId: string; dataVersion: string }) =>
      send('POST', '/result-cache', JSON.stringify(entry), 'application/json') as Promise<unknown>,
    adoptResult: (
      analysisId: string,
      body: { key: string; usage: { inputTokens: number; outputTokens: number; costUsd: number } },
    ) =>
      send(
        'POST',
        `/analyses/${analysisId}/adopt`,
        JSON.stringify(body),
        'application/json',
      ) as Promise<unknown>,
    /** The upload an analysis was submitted with (the edge serves only that one, and only its owner's). */
    upload: async (analysisId: string, uploadId: string) =>
      InternalUploadSchema.parse(
        JSON.parse(await getText(`/analyses/${analysisId}/uploads/${uploadId}`, 64_000)),
      ),
    uploadContent: (analysisId: string, uploadId: string, maxBytes: number) =>
      getText(`/analyses/${analysisId}/uploads/${uploadId}/content`, maxBytes),
    /** Whether the analysis's owner may still call a paid model today. */
    modelBudget: async (analysisId: string) =>
      ModelBudgetSchema.parse(
        await send('GET', `/analyses/${analysisId}/model-budget`, undefined, 'application/json'),
      ),
    event: (analysisId: string, event: InternalEvent) =>
      send('POST', `/analyses/${analysisId}/events`, JSON.stringify(event), 'application/json'),
    putFile: (analysisId: string, name: string, contentType: string, body: string | Uint8Array) =>
      send('PUT', `/analyses/${analysisId}/files/${name}`, body, contentType) as Promise<StoredFile>,
    putModels: (items: { id: string; model: string; available: boolean }[]) =>
      send('PUT', '/models', JSON.stringify({ items }), 'application/json'),
    /** The metrics and views a query may name, for clients to offer (GET /api/catalog). */
    putCatalog: (catalog: QueryCatalog) =>
      send('PUT', '/catalog', JSON.stringify(catalog), 'application/json'),
    /** What the edge holds of the data bundles: `race/2024-21` → sha256 of its JSON. */
    bundleManifest: () => send('GET', '/data', undefined, 'application/json') as Promise<BundleManifest>,
    /** Stores one bundle (gzipped JSON); the edge keeps what it has when the content is the same. */
    putBundle: (type: BundleType, id: string, gzipped: Uint8Array) =>
      send('PUT', `/data/${type}/${encodeURIComponent(id)}`, gzipped, 'application/json', {
        'content-encoding': 'gzip',
      }) as Promise<BundleStored>,
    metrics: (observations: Observation[]) =>
      send('POST', '/metrics', JSON.stringify({ observations }), 'application/json'),
    outcome: (analysisId: string, outcome: InternalOutcome) =>
      send('POST', `/analyses/${analysisId}/outcome`, JSON.stringify(outcome), 'application/json'),
  };
}

/** A body past the size the caller accepts. */
export class TooLarge extends Error {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`${bytes} bytes is more than the ${limit} allowed`);
  }
}
