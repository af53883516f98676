import type { AnalysisEvent, AnalysisStatus } from '@pitwall/db/contracts';
import { ApiError, authHeaders, failure } from './api.ts';
import { createSseParser } from './sse.ts';

export interface FollowHandlers {
  onProgress: (event: AnalysisEvent) => void;
  onEnd: (status: AnalysisStatus) => void;
  onError?: (error: ApiError) => void;
  /** Called while waiting to reconnect, so the UI can say the live feed is catching up. */
  /** `reason` is the API's message when it refused the stream for now (429), e.g. too many open. */
  onReconnecting?: (attempt: number, reason?: string) => void;
}

export interface FollowOptions {
  after?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /** Delay before reconnect attempt `n` (1-based). */
  backoff?: (attempt: number) => number;
}

const defaultBackoff = (attempt: number) => Math.min(1000 * 2 ** (attempt - 1), 10_000);

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Follows `GET /api/analyses/:id/events`. EventSource cannot send the bearer header, so the stream
 * is read with fetch; if it drops before `end`, it resumes after the last seen `seq`.
 * Resolves once `end` arrives, the signal aborts, or a non-retryable error occurs.
 */
export async function followEvents(id: string, handlers: FollowHandlers, options: FollowOptions = {}) {
  const { signal } = options;
  const fetcher = options.fetch ?? fetch;
  const backoff = options.backoff ?? defaultBackoff;
  let after = options.after ?? 0;
  let ended = false;
  let attempt = 0;
  let waitAtLeastMs = 0;
  let reason: string | undefined;

  const parser = createSseParser((message) => {
    if (message.event === 'progress') {
      const event = JSON.parse(message.data) as AnalysisEvent;
      // A reconnect may replay the boundary event; seq is the de-duplication key.
      if (event.seq <= after) return;
      after = event.seq;
      attempt = 0;
      handlers.onProgress(event);
    } else if (message.event === 'end') {
      ended = true;
      handlers.onEnd((JSON.parse(message.data) as { status: AnalysisStatus }).status);
    }
  });

  while (!ended && !signal?.aborted) {
    try {
      const response = await fetcher(`/api/analyses/${encodeURIComponent(id)}/events?after=${after}`, {
        headers: { accept: 'text/event-stream', ...authHeaders() },
        ...(signal ? { signal } : {}),
      });
      if (!response.ok) {
        const error = await failure(response, true);
        // Client errors will not fix themselves by retrying; server errors and rate limits might.
        if (response.status < 500 && response.status !== 429) {
          handlers.onError?.(error);
          return;
        }
        // Too many open streams (other tabs) or requests: wait as long as the API asks, and say why.
        if (response.status === 429) {
          waitAtLeastMs = Number(response.headers.get('retry-after') ?? 0) * 1000;
          reason = error.message;
        }
      } else if (response.body) {
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        while (!ended) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.push(value);
        }
        parser.end();
        if (ended) {
          await reader.cancel().catch(() => {});
          return;
        }
      }
    } catch (error) {
      if (signal?.aborted) return;
      if (error instanceof ApiError && error.status === 401) return;
      // Network drops land here; fall through to reconnect.
    }
    attempt++;
    handlers.onReconnecting?.(attempt, reason);
    await sleep(Math.max(backoff(attempt), waitAtLeastMs), signal);
    waitAtLeastMs = 0;
    reason = undefined;
  }
}
