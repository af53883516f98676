import type {
  Analysis,
  AnalysisStatus,
  AuthResponse,
  Credentials,
  ErrorEnvelope,
} from '@pitwall/db/contracts';
import { clearSession, readSession, saveSession } from './session.ts';

export interface AnalysisLinks {
  self: string;
  events: string;
}
export type AnalysisView = Analysis & { links?: AnalysisLinks };
export interface AnalyzeAccepted {
  id: string;
  status: AnalysisStatus;
  links: AnalysisLinks;
}
export interface AnalysisPage {
  items: AnalysisView[];
  nextCursor: string | null;
}

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
  if (init.body !== undefined && !headers.has('content-type'))
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

export const api = {
  login: (credentials: Credentials) => authenticate('login', credentials),
  register: (credentials: Credentials) => authenticate('register', credentials),

  analyze(query: string, signal?: AbortSignal): Promise<AnalyzeAccepted> {
    return json<AnalyzeAccepted>('/api/analyze', {
      method: 'POST',
      body: JSON.stringify({ query }),
      // A retried submit with the same key lands on the same analysis instead of starting another.
      headers: { 'idempotency-key': crypto.randomUUID() },
      ...(signal ? { signal } : {}),
    });
  },

  listAnalyses(limit = 10, signal?: AbortSignal): Promise<AnalysisPage> {
    return json<AnalysisPage>(`/api/analyses?limit=${limit}`, signal ? { signal } : {});
  },

  getAnalysis(id: string, signal?: AbortSignal): Promise<AnalysisView> {
    return json<AnalysisView>(`/api/analyses/${encodeURIComponent(id)}`, signal ? { signal } : {});
  },

  cancelAnalysis(id: string): Promise<unknown> {
    return json(`/api/analyses/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
  },

  /** Files need the bearer token, so they cannot be plain links. */
  async fetchFile(id: string, name: string): Promise<Blob> {
    const response = await send(`/api/analyses/${encodeURIComponent(id)}/files/${encodeURIComponent(name)}`);
    return response.blob();
  },
};
