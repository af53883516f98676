import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Client,
  Connection,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import type { TemporalConfig } from '../config.ts';
import { temporalConnectionOptions } from '../temporal-connection.ts';

/**
 * The part of Temporal's HTTP API the Worker's gateway uses (worker/src/services/temporal.ts), served
 * over gRPC through the TypeScript SDK: for deployments whose frontend does not serve the HTTP API. It
 * checks the Worker's bearer token itself and answers as the frontend would, so the Worker cannot tell
 * the difference. Only this namespace is served.
 */
export type RelayOptions = { client: Client; namespace: string; token?: string | undefined };

type Route = { method: string; pattern: RegExp; handle: (m: string[], body: unknown) => Promise<unknown> };

/** Arguments as the HTTP API takes them: spelled-out payloads (what the gateway sends), or the shorthand. */
type Input = unknown[] | { payloads?: { data?: string }[] };

type StartBody = {
  workflowType?: { name?: string };
  taskQueue?: { name?: string };
  input?: Input;
  workflowExecutionTimeout?: string;
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The arguments of an input: `json/plain` payloads decoded, a shorthand array as it is. */
function argsOf(input: Input | undefined): unknown[] {
  if (Array.isArray(input)) return input;
  return (input?.payloads ?? []).map((payload) => {
    try {
      return JSON.parse(Buffer.from(payload.data ?? '', 'base64').toString('utf8'));
    } catch {
      throw new HttpError(400, 'an input payload is not base64 JSON');
    }
  });
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'the body is not JSON');
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** SDK errors as the frontend's HTTP API answers them. */
async function asFrontend<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new HttpError(404, err.message);
    if (err instanceof WorkflowExecutionAlreadyStartedError) throw new HttpError(409, err.message);
    throw err;
  }
}

export function createTemporalRelay({ client, namespace, token }: RelayOptions): Server {
  const ns = namespace.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const workflow = (rest = '') => new RegExp(`^/api/v1/namespaces/${ns}/workflows/([^/]+)${rest}$`);
  const routes: Route[] = [
    {
      method: 'GET',
      pattern: /^\/api\/v1\/system-info$/,
      handle: async () => client.workflowService.getSystemInfo({}),
    },
    {
      method: 'POST',
      pattern: workflow(),
      handle: async ([id], body) => {
        const start = body as StartBody;
        const type = start.workflowType?.name;
        const taskQueue = start.taskQueue?.name;
        if (!type || !taskQueue)
          throw new HttpError(400, 'workflowType.name and taskQueue.name are required');
        // Starting is idempotent as the gateway asks: a running run is kept, a closed one is a 409.
        const handle = await asFrontend(() =>
          client.workflow.start(type, {
            workflowId: id as string,
            taskQueue,
            args: argsOf(start.input),
            workflowIdConflictPolicy: 'USE_EXISTING',
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            ...(start.workflowExecutionTimeout
              ? { workflowExecutionTimeout: start.workflowExecutionTimeout as `${number}s` }
              : {}),
          }),
        );
        return { runId: handle.firstExecutionRunId };
      },
    },
    {
      method: 'POST',
      pattern: workflow('/signal/([^/]+)'),
      handle: async ([id, name], body) => {
        const input = argsOf((body as { input?: Input }).input);
        await asFrontend(() => client.workflow.getHandle(id as string).signal(name as string, ...input));
        return {};
      },
    },
    {
      method: 'POST',
      pattern: workflow('/cancel'),
      handle: async ([id]) => {
        await asFrontend(() => client.workflow.getHandle(id as string).cancel());
        return {};
      },
    },
    {
      method: 'GET',
      pattern: workflow(),
      handle: async ([id]) => {
        const described = await asFrontend(() => client.workflow.getHandle(id as string).describe());
        // The SDK spells one state its own way; the HTTP API uses the proto enum's names.
        const name = described.status.name === 'CANCELLED' ? 'CANCELED' : described.status.name;
        return { workflowExecutionInfo: { status: `WORKFLOW_EXECUTION_STATUS_${name}` } };
      },
    },
  ];

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const path = decodeURI((req.url ?? '/').split('?')[0] ?? '/');
    const route = routes.find((r) => r.method === req.method && r.pattern.test(path));
    if (!route) throw new HttpError(404, 'not found');
    if (token && !sameSecret(req.headers.authorization ?? '', `Bearer ${token}`)) {
      throw new HttpError(401, 'a valid bearer token is required');
    }
    const header = req.headers['temporal-namespace'];
    if (header !== undefined && header !== namespace)
      throw new HttpError(403, `this relay serves ${namespace}`);
    const match = (route.pattern.exec(path) ?? []).slice(1).map(decodeURIComponent);
    const answer = await route.handle(match, req.method === 'POST' ? await readJson(req) : undefined);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  }

  return createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 503;
      const message = err instanceof Error ? err.message : String(err);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ message }));
    });
  });
}

/** Connects to Temporal as the workers do and serves the relay on `host:port` (0: any free port). */
export async function serveTemporalRelay(opts: {
  temporal: TemporalConfig;
  token: string;
  host?: string;
  port: number;
}) {
  const connection = await Connection.connect(temporalConnectionOptions(opts.temporal));
  const client = new Client({ connection, namespace: opts.temporal.TEMPORAL_NAMESPACE });
  const server = createTemporalRelay({
    client,
    namespace: opts.temporal.TEMPORAL_NAMESPACE,
    token: opts.token,
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(opts.port, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connection.close();
    },
  };
}
