import { createServer, request as forward, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RelayedRequest = { method: string; path: string; headers: IncomingHttpHeaders };

/**
 * A relay between the Worker and the Temporal dev server's HTTP API, for the tests: it passes every
 * request on unchanged and records what the Worker sent (method, path, headers), and it can play an
 * outage (connections dropped) until told otherwise. Tests drive it over HTTP under `/__relay/`, since
 * they run in other processes than the global setup that starts it.
 */
export async function startTemporalRelay(target: string) {
  const upstream = new URL(target);
  const seen: RelayedRequest[] = [];
  let down = false;
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path.startsWith('/__relay/')) {
      if (req.method === 'POST' && path === '/__relay/down') down = true;
      if (req.method === 'POST' && path === '/__relay/up') down = false;
      if (req.method === 'POST' && path === '/__relay/clear') seen.length = 0;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ down, requests: path === '/__relay/requests' ? seen : undefined }));
      return;
    }
    if (down) {
      req.socket.destroy();
      return;
    }
    seen.push({ method: req.method ?? 'GET', path, headers: req.headers });
    const out = forward(
      { host: upstream.hostname, port: upstream.port, method: req.method, path, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => req.socket.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The test side: what the relay at `url` recorded, and the outage switch. */
export function relayControl(url: string) {
  const post = (what: string) => fetch(`${url}/__relay/${what}`, { method: 'POST' }).then((r) => r.json());
  return {
    requests: async () =>
      ((await (await fetch(`${url}/__relay/requests`)).json()) as { requests: RelayedRequest[] }).requests,
    down: () => post('down'),
    up: () => post('up'),
    clear: () => post('clear'),
  };
}
