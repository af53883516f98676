import type { AnalysisStatus, Plan, Result } from '@pitwall/db/contracts';
import { ApiError, authHeaders, failure } from './api.ts';

/** A link just made: the token is shown this once (only its hash is stored). */
export interface ShareLink {
  url: string;
  token: string;
  sharedAt: string;
}

/** An analysis as a shared link shows it: read-only, nothing of its owner's. */
export interface SharedAnalysis {
  query: string;
  status: AnalysisStatus;
  createdAt: string;
  sharedAt: string;
  plan: Plan | null;
  result: Result | null;
  links: { self: string; files: string };
}

async function call(path: string, init: RequestInit, authenticated: boolean): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: authenticated ? { ...authHeaders(), ...init.headers } : init.headers,
    });
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'Could not reach Pit Wall. Check your connection and try again.');
  }
  if (!response.ok) throw await failure(response, authenticated);
  return response;
}

const sharePath = (id: string) => `/api/analyses/${encodeURIComponent(id)}/share`;
const sharedPath = (token: string) => `/api/shared/${encodeURIComponent(token)}`;

export const shares = {
  /** Makes a new link for one of the caller's analyses; an earlier link stops working. */
  async create(id: string): Promise<ShareLink> {
    return (await call(sharePath(id), { method: 'POST' }, true)).json();
  },

  /** Since when the analysis is shared, or null when it is not. */
  async state(id: string, signal?: AbortSignal): Promise<{ sharedAt: string } | null> {
    try {
      return await (await call(sharePath(id), signal ? { signal } : {}, true)).json();
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  },

  async revoke(id: string): Promise<void> {
    await call(sharePath(id), { method: 'DELETE' }, true);
  },

  /** A shared analysis, read without an account. */
  async open(token: string, signal?: AbortSignal): Promise<SharedAnalysis> {
    return (await call(sharedPath(token), signal ? { signal } : {}, false)).json();
  },

  async file(token: string, name: string): Promise<Blob> {
    return (await call(`${sharedPath(token)}/files/${encodeURIComponent(name)}`, {}, false)).blob();
  },
};
