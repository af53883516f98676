import { FINAL_STATUSES } from '@pitwall/db/contracts';
import { type AnalysisRow, eventsAfter, findAnalysis } from '@pitwall/db/queries/app';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../env.ts';
import { holdStreamSlot } from '../middleware/rate-limit.ts';

/** Polls start this far apart and double while nothing changes, up to MAX_POLL_MS. */
const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 4000;
/** A stream ends after this long; the client resumes from its last event id. */
const STREAM_MAX_MS = 5 * 60_000;

/**
 * The analysis's progress events after `after`, as server-sent events, then one `end` once it is final.
 * Holds one of the user's stream slots while open (429 when none is free).
 */
export async function streamEvents(c: Context<AppEnv>, row: AnalysisRow, after: number) {
  const slot = await holdStreamSlot(c);
  const { db, userId } = c.var;
  return streamSSE(c, async (stream) => {
    // The runtime does not cancel a streamed response body when its client disconnects; the request's
    // signal (compatibility flag enable_request_signal) says so. The release runs in waitUntil because a
    // disconnect cancels the request's pending work.
    const signal = c.req.raw.signal;
    if (signal.aborted) stream.abort();
    else signal.addEventListener('abort', () => stream.abort(), { once: true });
    stream.onAbort(() => c.executionCtx.waitUntil(slot.release()));
    try {
      // Poll D1: events are few and small, and polling survives any restart of the compute plane. While
      // nothing changes the polls back off, so a long analysis costs a few reads a minute.
      const deadline = Date.now() + STREAM_MAX_MS;
      let pause = FIRST_POLL_MS;
      let status = row.status;
      let seen = after;
      while (!stream.aborted && Date.now() < deadline) {
        const events = await eventsAfter(db, row.id, seen);
        for (const event of events) {
          seen = event.seq;
          await stream.writeSSE({
            id: String(event.seq),
            event: 'progress',
            data: JSON.stringify({
              seq: event.seq,
              step: event.step,
              phase: event.phase,
              message: event.message,
              data: event.data ?? null,
              createdAt: event.createdAt,
            }),
          });
        }
        const current = await findAnalysis(db, userId, row.id);
        if (current && FINAL_STATUSES.includes(current.status)) {
          // Events written just before the final status are sent before `end`.
          if ((await eventsAfter(db, row.id, seen)).length === 0) {
            await stream.writeSSE({ event: 'end', data: JSON.stringify({ status: current.status }) });
            return;
          }
          continue;
        }
        const changed = events.length > 0 || (current !== undefined && current.status !== status);
        if (current) status = current.status;
        pause = changed ? FIRST_POLL_MS : Math.min(MAX_POLL_MS, pause * 2);
        // A quiet poll writes a comment: a disconnect shows only when a write meets it, so an idle stream
        // whose reader has gone still ends within one pause (and proxies do not close a silent stream).
        if (events.length === 0) await stream.write(': keep-alive\n\n');
        // The slot went to another stream while this one stalled past its lease: end, the client resumes.
        if (!(await slot.keep())) return;
        await stream.sleep(pause);
      }
    } finally {
      await slot.release();
    }
  });
}
