import type { Observation } from '@pitwall/db/contracts';
import type { Logger } from './logger.ts';

export type MetricsReporter = {
  record(observation: Exclude<Observation, { kind: 'cache' }>): void;
  /** One cache lookup; lookups are summed per cache until the next flush. */
  cacheLookup(cache: string, hit: boolean): void;
  /** Makes a cache's counters exist (at zero) before its first lookup. */
  registerCache(cache: string): void;
  /** Sends what is pending now; resolves once sent (or dropped after a failure). */
  flush(): Promise<void>;
  /** Stops the timer and sends what is left. */
  close(): Promise<void>;
};

export type ReporterOptions = {
  send: (observations: Observation[]) => Promise<unknown>;
  logger: Logger;
  /** How long observations wait before being sent together, in ms. */
  intervalMs?: number;
  /** Sent at once when this many are pending (the edge accepts 500 per report). */
  maxPending?: number;
};

/**
 * Buffers the compute plane's observations and sends them to the edge in batches, off the activities'
 * path: a report is one internal call per interval, not one per activity. Metrics are best effort: a
 * failed send is logged and dropped rather than retried into an ever-growing backlog.
 */
export function createMetricsReporter(opts: ReporterOptions): MetricsReporter {
  const intervalMs = opts.intervalMs ?? 1000;
  const maxPending = Math.min(opts.maxPending ?? 200, 480);
  let pending: Observation[] = [];
  let caches = new Map<string, { hits: number; misses: number }>();
  let inFlight: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    const batch: Observation[] = [...pending];
    for (const [cache, c] of caches) batch.push({ kind: 'cache', cache, ...c });
    pending = [];
    caches = new Map();
    if (batch.length === 0) return inFlight;
    inFlight = inFlight.then(() =>
      opts.send(batch).then(
        () => undefined,
        (err: unknown) =>
          opts.logger.warn('metrics report dropped', { observations: batch.length, error: String(err) }),
      ),
    );
    return inFlight;
  };

  const timer = setInterval(() => void flush(), intervalMs);
  timer.unref();

  return {
    record(observation) {
      pending.push(observation);
      if (pending.length >= maxPending) void flush();
    },
    cacheLookup(cache, hit) {
      const counts = caches.get(cache) ?? { hits: 0, misses: 0 };
      caches.set(cache, counts);
      if (hit) counts.hits += 1;
      else counts.misses += 1;
    },
    registerCache(cache) {
      if (!caches.has(cache)) caches.set(cache, { hits: 0, misses: 0 });
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
