import { createServer, type Server } from 'node:http';

/** What the probe answers about: the Temporal worker's state (`Worker.getState()`). */
export type HealthSource = () => string;

/**
 * A liveness and readiness probe for a compute worker run as a service (a container's HEALTHCHECK, a
 * Kubernetes probe, a load balancer): `GET /health` answers 200 `{"state":"RUNNING"}` while the worker polls
 * its task queue and 503 with the state otherwise, draining after SIGTERM included, so an orchestrator
 * stops counting a worker that is finishing its last activities.
 */
export function startHealthServer(opts: {
  port: number;
  host: string;
  state: HealthSource;
}): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url !== '/health' && req.url !== '/healthz')) {
      res.writeHead(404).end();
      return;
    }
    const state = opts.state();
    res
      .writeHead(state === 'RUNNING' ? 200 : 503, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
      })
      .end(JSON.stringify({ state, pid: process.pid }));
  });
  // The probe must never keep a worker that has finished from exiting.
  server.unref();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve(server));
  });
}
