/** A bounded closed-loop load generator: `concurrency` callers repeat `request` until `durationMs` passes. */
export type LoadResult = {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
};

export async function load(
  request: (i: number) => Promise<Response>,
  opts: { durationMs: number; concurrency: number; warmupMs?: number },
): Promise<LoadResult> {
  const run = async (durationMs: number, record: boolean) => {
    const latencies: number[] = [];
    let errors = 0;
    let counter = 0;
    const deadline = performance.now() + durationMs;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        while (performance.now() < deadline) {
          const t0 = performance.now();
          const res = await request(counter++);
          await res.arrayBuffer();
          if (!res.ok) errors++;
          if (record) latencies.push(performance.now() - t0);
        }
      }),
    );
    return { latencies, errors, seconds: (performance.now() - started) / 1000 };
  };
  if (opts.warmupMs) await run(opts.warmupMs, false);
  const { latencies, errors, seconds } = await run(opts.durationMs, true);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    errors,
    seconds,
    rps: latencies.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
  };
}
