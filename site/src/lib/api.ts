import type {
  AnalysisData,
  AuthResponse,
  BundleType,
  CatalogEntry,
  Credentials,
  DriverBundle,
  ErrorEnvelope,
  Query,
  QueryCatalog,
  RaceBundle,
  SeasonBundle,
} from '@pitwall/db/contracts';
import type {
  AnalysisPage,
  AnalysisView,
  AnalyzeAccepted,
  BatchAccepted,
  BatchView,
  ListQuery,
  ModelOption,
  ThreadView,
  UploadView,
} from './api-types.ts';
import { clearSession, readSession, saveSession } from './session.ts';
import { submissionKeys } from './submission-keys.ts';

export type * from './api-types.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.name === 'AbortError') return 'The request was cancelled.';
  return 'Something went wrong. Please try again.';
}

export function authHeaders(): Record<string, string> {
  const session = readSession();
  return session ? { authorization: `Bearer ${session.token}` } : {};
}

/** Turns a non-2xx response into an ApiError; a 401 on an authenticated call ends the session. */
export async function failure(response: Response, authenticated: boolean): Promise<ApiError> {
  let envelope: Partial<ErrorEnvelope> | null = null;
  try {
    envelope = (await response.json()) as Partial<ErrorEnvelope>;
  } catch {
    // Proxies and gateways answer with HTML or nothing; fall back to the status line.
  }
  const error = envelope?.error;
  if (response.status === 401 && authenticated) clearSession();
  return new ApiError(
    response.status,
    error?.code ?? 'http_error',
    error?.message ?? `Request failed (${response.status} ${response.statusText})`.trim(),
    error?.details,
  );
}

async function send(path: string, init: RequestInit = {}, authenticated = true): Promise<Response> {
  const headers = new Headers(init.headers);
  if (authenticated) {
    for (const [name, value] of Object.entries(authHeaders())) headers.set(name, value);
  }
  // FormData sets its own multipart boundary; everything else the site sends is JSON.
  if (init.body !== undefined && !(init.body instanceof FormData) && !headers.has('content-type'))
    headers.set('content-type', 'application/json');
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'Could not reach Pit Wall. Check your connection and try again.');
  }
  if (!response.ok) throw await failure(response, authenticated);
  return response;
}

async function json<T>(path: string, init: RequestInit = {}, authenticated = true): Promise<T> {
  return (await (await send(path, init, authenticated)).json()) as T;
}

async function authenticate(kind: 'login' | 'register', credentials: Credentials): Promise<AuthResponse> {
  const auth = await json<AuthResponse>(
    `/api/auth/${kind}`,
    { method: 'POST', body: JSON.stringify(credentials) },
    false,
  );
  saveSession(auth);
  return auth;
}

const withSignal = (signal?: AbortSignal): RequestInit => (signal ? { signal } : {});

/**
 * What goes with a question: a model, the data it is about, a structured query to run as is (a chip edit,
 * a clarification option, an explorer pick: never turned into English), and the analysis it follows up.
 */
export interface AskOptions {
  model?: string | undefined;
  data?: AnalysisData | undefined;
  structured?: Query | undefined;
  followUp?: string | undefined;
}

/**
 * One question as POST /api/analyze (and each batch item) takes it: optional parts only when chosen. A
 * structured query may go without words: the analysis is then named by what was understood.
 */
const request = (query: string | undefined, options: AskOptions) => ({
  ...(query ? { query } : {}),
  ...(options.structured ? { structured: options.structured } : {}),
  ...(options.followUp ? { followUp: options.followUp } : {}),
  ...(options.model ? { model: options.model } : {}),
  ...(options.data ? { data: options.data } : {}),
});
const keys = submissionKeys();

/**
 * A creating request under an Idempotency-Key: sent again before it was answered (a double click, a retry
 * after a network error), it lands on the same resource instead of creating another.
 */
async function submit<T>(path: string, init: RequestInit, identity: string): Promise<T> {
  const request = `${path}\n${identity}`;
  const headers = new Headers(init.headers);
  headers.set('idempotency-key', keys.keyFor(request));
  try {
    const answer = await json<T>(path, { ...init, headers });
    keys.settle(request, 200);
    return answer;
  } catch (error) {
    keys.settle(request, error instanceof ApiError ? error.status : 0);
    throw error;
  }
}

export const api = {
  login: (credentials: Credentials) => authenticate('login', credentials),
  register: (credentials: Credentials) => authenticate('register', credentials),

  analyze(query: string | undefined, options: AskOptions & { signal?: AbortSignal } = {}) {
    const body = JSON.stringify(request(query, options));
    return submit<AnalyzeAccepted>(
      '/api/analyze',
      { method: 'POST', body, ...withSignal(options.signal) },
      body,
    );
  },

  analyzeBatch(
    queries: string[],
    options: { model?: string | undefined; data?: AnalysisData | undefined } = {},
  ) {
    const body = JSON.stringify({ queries: queries.map((query) => request(query, options)) });
    return submit<BatchAccepted>('/api/analyze/batch', { method: 'POST', body }, body);
  },

  listAnalyses(query: ListQuery = {}, signal?: AbortSignal): Promise<AnalysisPage> {
    const params = new URLSearchParams({ limit: String(query.limit ?? 20) });
    if (query.status) params.set('status', query.status);
    if (query.cursor) params.set('cursor', query.cursor);
    return json<AnalysisPage>(`/api/analyses?${params}`, withSignal(signal));
  },

  getAnalysis(id: string, signal?: AbortSignal): Promise<AnalysisView> {
    return json<AnalysisView>(`/api/analyses/${encodeURIComponent(id)}`, withSignal(signal));
  },

  /** Every question of the thread `id` belongs to, oldest first (results left out: open one to read it). */
  thread(id: string, signal?: AbortSignal): Promise<ThreadView> {
    return json<ThreadView>(`/api/analyses/${encodeURIComponent(id)}/thread`, withSignal(signal));
  },

  cancelAnalysis(id: string): Promise<unknown> {
    return json(`/api/analyses/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
  },

  getBatch(id: string, signal?: AbortSignal): Promise<BatchView> {
    return json<BatchView>(`/api/batches/${encodeURIComponent(id)}`, withSignal(signal));
  },

  cancelBatch(id: string): Promise<unknown> {
    return json(`/api/batches/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
  },

  async models(signal?: AbortSignal): Promise<ModelOption[]> {
    return (await json<{ items: ModelOption[] }>('/api/models', withSignal(signal))).items;
  },

  upload(file: File, type: string, metadata: string): Promise<UploadView> {
    const form = new FormData();
    form.set('file', file);
    form.set('type', type);
    if (metadata.trim()) form.set('metadata', metadata.trim());
    // The same file with the same choices is the same submission.
    const identity = JSON.stringify([file.name, file.size, file.lastModified, type, metadata.trim()]);
    return submit<UploadView>('/api/data/upload', { method: 'POST', body: form }, identity);
  },

  /** The caller's uploads that have not expired, newest first; only `types` when given. */
  async listUploads(types: readonly string[] = [], signal?: AbortSignal): Promise<UploadView[]> {
    const params = new URLSearchParams({ limit: '50' });
    if (types.length > 0) params.set('type', types.join(','));
    return (await json<{ items: UploadView[] }>(`/api/data/uploads?${params}`, withSignal(signal))).items;
  },

  /** A published data bundle (GET /api/data/:type/:id); the browser revalidates it with its ETag. */
  bundle<T extends BundleType>(
    type: T,
    id: string,
    signal?: AbortSignal,
  ): Promise<{ season: SeasonBundle; race: RaceBundle; driver: DriverBundle }[T]> {
    return json(`/api/data/${type}/${encodeURIComponent(id)}`, withSignal(signal));
  },

  /** The metrics and views a query may name (public); empty until the compute plane has published them. */
  async catalog(signal?: AbortSignal): Promise<CatalogEntry[]> {
    return (await json<QueryCatalog>('/api/catalog', withSignal(signal), false)).items;
  },

  /** Files need the bearer token, so they cannot be plain links. */
  async fetchFile(id: string, name: string): Promise<Blob> {
    const response = await send(`/api/analyses/${encodeURIComponent(id)}/files/${encodeURIComponent(name)}`);
    return response.blob();
  },
};
