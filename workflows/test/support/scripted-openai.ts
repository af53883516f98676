import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server on 127.0.0.1 that speaks the OpenAI wire format for the endpoints the assistants use,
 * and answers only what a test scripted. It stands in for a language model so that tests check our request
 * and response handling — never a model's intelligence.
 *
 * Routes: `responses` (POST /v1/responses), `chat` (POST /v1/chat/completions), `models` (GET /v1/models),
 * `files` (POST /v1/files, auto-answered), `file-delete` (DELETE /v1/files/:id, auto-answered),
 * `container-file` (GET /v1/containers/:id/files/:id/content). A route with nothing scripted answers 500,
 * so a test that forgot a reply fails loudly.
 */
export type Route = 'responses' | 'chat' | 'models' | 'files' | 'file-delete' | 'container-file';
export type Reply =
  | { status?: number; headers?: Record<string, string>; json: unknown }
  | { status?: number; headers?: Record<string, string>; raw: string | Uint8Array }
  /** Never answers: the client's timeout must fire. */
  | { hang: true };
/** A request body as the test reads it: by path, with the shape the assertions spell out. */
// biome-ignore lint/suspicious/noExplicitAny: tests index scripted request bodies freely; assertions check them.
export type Json = any;
export type Received = {
  route: Route | 'unknown';
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON bodies; undefined for others (multipart uploads: see `text`). */
  body: Json;
  text: string;
};

export type ScriptedOpenAI = {
  /** Ends in /v1, as the OpenAI client expects. */
  baseURL: string;
  enqueue(route: Route, ...replies: Reply[]): void;
  requests(route?: Route): Received[];
  close(): Promise<void>;
};

function routeOf(method: string, path: string): Route | 'unknown' {
  if (method === 'POST' && path === '/v1/responses') return 'responses';
  if (method === 'POST' && path === '/v1/chat/completions') return 'chat';
  if (method === 'GET' && path === '/v1/models') return 'models';
  if (method === 'POST' && path === '/v1/files') return 'files';
  if (method === 'DELETE' && /^\/v1\/files\/[^/]+$/.test(path)) return 'file-delete';
  if (method === 'GET' && /^\/v1\/containers\/[^/]+\/files\/[^/]+\/content$/.test(path))
    return 'container-file';
  return 'unknown';
}

/** What the real API answers to an upload and a delete, so tests need not script them. */
function automatic(route: Route | 'unknown', req: Received, count: number): Reply | undefined {
  if (route === 'files') {
    const filename = /filename="([^"]+)"/.exec(req.text)?.[1] ?? 'upload';
    const purpose = /name="purpose"\r\n\r\n([^\r]+)/.exec(req.text)?.[1] ?? 'user_data';
    const json = {
      id: `file-${count}`,
      object: 'file',
      bytes: req.text.length,
      created_at: 1,
      filename,
      purpose,
      status: 'processed',
    };
    return { json };
  }
  if (route === 'file-delete')
    return { json: { id: req.path.split('/').pop(), object: 'file', deleted: true } };
  return undefined;
}

export async function startScriptedOpenAI(): Promise<ScriptedOpenAI> {
  const queues = new Map<Route, Reply[]>();
  const log: Received[] = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    const route = routeOf(method, path);
    const json = (req.headers['content-type'] ?? '').includes('application/json');
    const received: Received = {
      route,
      method,
      path,
      headers: req.headers,
      body: json && text ? JSON.parse(text) : undefined,
      text,
    };
    log.push(received);
    const reply =
      (route === 'unknown' ? undefined : queues.get(route)?.shift()) ??
      automatic(route, received, log.filter((r) => r.route === route).length);
    if (!reply) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { message: `nothing scripted for ${method} ${path}`, type: 'server_error' },
        }),
      );
      return;
    }
    if ('hang' in reply) {
      hanging.add(res);
      return;
    }
    const status = reply.status ?? 200;
    if ('json' in reply) {
      res.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(reply.json));
    } else {
      res.writeHead(status, { 'content-type': 'application/octet-stream', ...reply.headers });
      res.end(reply.raw);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    enqueue(route, ...replies) {
      queues.set(route, [...(queues.get(route) ?? []), ...replies]);
    },
    requests: (route) => log.filter((r) => route === undefined || r.route === route),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export * from './openai-bodies.ts';
