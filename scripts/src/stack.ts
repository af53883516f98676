import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  freePort,
  httpOk,
  launch,
  REPO_ROOT,
  run,
  type Service,
  temporalBinary,
  waitFor,
} from './services.ts';

/**
 * The whole of Pit Wall on one machine: Temporal dev server, the Worker under `wrangler dev` (D1 + R2
 * persisted under the data folder, serving the site and /api) and the Node Temporal worker.
 */
export type StackOptions = {
  dataDir: string;
  apiPort?: number;
  temporalPort?: number;
  temporalHttpPort?: number;
  /** The Temporal web UI; off when undefined. */
  temporalUiPort?: number;
  echo?: boolean;
  /** Start the Node worker too (default); route tests of the edge leave it out. */
  worker?: boolean;
  /** Extra environment for the Node worker (fault injection in tests). */
  workerEnv?: NodeJS.ProcessEnv;
  /** Load the F1 warehouse (default); edge-only tests that never start a Node worker skip it. */
  warehouse?: boolean;
  /** Extra Worker vars (e.g. tight rate limits in tests), overriding wrangler.toml's. */
  vars?: Record<string, string>;
  /**
   * Seconds between runs of the Worker's every-minute cron (the reconciler), which `wrangler dev` does not
   * fire by itself: the stack fires it, as Cloudflare does in production. 60 by default; tests shorten it.
   */
  cronSeconds?: number;
  /**
   * Publish the data bundles (`pnpm data publish`) once the Worker is up, in the background: `published`
   * settles when done. Off by default: only `scripts/start` and the tests of bundles need them.
   */
  publish?: boolean;
};

export type Stack = Awaited<ReturnType<typeof startStack>>;

const WRANGLER = join(REPO_ROOT, 'scripts/node_modules/.bin/wrangler');
const TASK_QUEUE = 'pit-wall';
/** wrangler.toml's every-minute cron: the reconciler's. */
const RECONCILE_CRON = '* * * * *';

type Secrets = { jwtSecret: string; serviceToken: string; uploadKey: string };

/** Secrets for a local stack, kept in its data folder so tokens stay valid across restarts. */
function localSecrets(dataDir: string): Secrets {
  const file = join(dataDir, 'secrets.json');
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets>) : {};
  // A secret added later is generated for an older data folder; the ones already there are kept.
  if (existing.jwtSecret && existing.serviceToken && existing.uploadKey) return existing as Secrets;
  const secrets = {
    jwtSecret: randomBytes(32).toString('hex'),
    serviceToken: randomBytes(32).toString('hex'),
    uploadKey: randomBytes(32).toString('base64'),
    ...existing,
  };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

export async function startStack(opts: StackOptions) {
  const dataDir = resolve(opts.dataDir);
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const secrets = localSecrets(dataDir);
  const ports = {
    api: opts.apiPort ?? (await freePort()),
    temporal: opts.temporalPort ?? (await freePort()),
    temporalHttp: opts.temporalHttpPort ?? (await freePort()),
    inspector: await freePort(),
  };
  const urls = {
    api: `http://127.0.0.1:${ports.api}`,
    temporalHttp: `http://127.0.0.1:${ports.temporalHttp}`,
    temporalUi: opts.temporalUiPort ? `http://127.0.0.1:${opts.temporalUiPort}` : undefined,
    temporalAddress: `127.0.0.1:${ports.temporal}`,
  };
  const warehouseUrl = `file:${join(dataDir, 'warehouse.db')}`;
  const services: Service[] = [];
  const echo = opts.echo ?? false;

  let cron: NodeJS.Timeout | undefined;
  const stopAll = async () => {
    clearInterval(cron);
    for (const service of [...services].reverse()) await service.stop();
  };
  // Temporal and the edge can be stopped and started again (fault tests): their data stays on disk.
  const launchers = new Map<string, () => Service>();
  const relaunchable = (...args: Parameters<typeof launch>) => {
    launchers.set(args[0], () => launch(...args));
    return launch(...args);
  };

  try {
    const temporal = relaunchable(
      'temporal',
      temporalBinary(),
      [
        'server',
        'start-dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(ports.temporal),
        '--http-port',
        String(ports.temporalHttp),
        '--db-filename',
        join(dataDir, 'temporal.db'),
        '--log-level',
        'warn',
        ...(opts.temporalUiPort ? ['--ui-port', String(opts.temporalUiPort)] : ['--headless']),
      ],
      { logDir, echo },
    );
    services.push(temporal);

    // Migrations and the warehouse load while Temporal boots.
    const envFile = join(dataDir, 'worker.env');
    writeFileSync(
      envFile,
      Object.entries({
        JWT_SECRET: secrets.jwtSecret,
        SERVICE_TOKEN: secrets.serviceToken,
        UPLOAD_KEY: secrets.uploadKey,
        TEMPORAL_HTTP_URL: urls.temporalHttp,
        TEMPORAL_TASK_QUEUE: TASK_QUEUE,
        // A test's vars win, Temporal's URL included (a relay in front of it, say).
        ...opts.vars,
      })
        .map(([name, value]) => `${name}=${value}`)
        .join('\n'),
      { mode: 0o600 },
    );
    const wranglerState = join(dataDir, 'wrangler');
    await Promise.all([
      run(WRANGLER, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', wranglerState], {
        env: { CI: 'true' },
      }),
      opts.warehouse === false
        ? Promise.resolve()
        : seedWarehouse(join(dataDir, 'warehouse.db')).then(() =>
            run(join(REPO_ROOT, 'workflows/node_modules/.bin/tsx'), ['src/cli/data.ts', 'ensure'], {
              cwd: join(REPO_ROOT, 'workflows'),
              env: { PITWALL_WAREHOUSE_URL: warehouseUrl },
            }),
          ),
    ]);

    const edge = relaunchable(
      'wrangler',
      WRANGLER,
      [
        'dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(ports.api),
        '--inspector-port',
        String(ports.inspector),
        '--persist-to',
        wranglerState,
        '--env-file',
        envFile,
        '--show-interactive-dev-session=false',
        '--live-reload=false',
      ],
      { logDir, echo, env: { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' } },
    );
    services.push(edge);
    await waitFor(temporal, httpOk(`${urls.temporalHttp}/api/v1/namespaces/default`));
    await waitFor(edge, httpOk(`${urls.api}/api/health`));

    const workerEnv = {
      TEMPORAL_ADDRESS: urls.temporalAddress,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      PITWALL_EDGE_URL: urls.api,
      PITWALL_SERVICE_TOKEN: secrets.serviceToken,
      PITWALL_WAREHOUSE_URL: warehouseUrl,
      PITWALL_HTTP_CACHE_DIR: join(dataDir, 'http-cache'),
    };
    /**
     * Starts a Node worker and waits until it polls. Several may run side by side on the task queue, each
     * under its own name (its log file is `<name>.log`), from the workflows package or from another copy
     * of it (`cwd`: an image's file tree).
     */
    const startWorker = async (
      extraEnv: NodeJS.ProcessEnv = {},
      { name = 'worker', cwd = join(REPO_ROOT, 'workflows') }: { name?: string; cwd?: string } = {},
    ) => {
      const worker = launch(name, process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
        cwd,
        env: { ...workerEnv, ...extraEnv },
        logDir,
        echo,
      });
      services.push(worker);
      await waitFor(worker, async () => readLog(worker).includes('worker polling'), 120_000);
      return worker;
    };
    const worker = opts.worker === false ? undefined : await startWorker(opts.workerEnv);
    // The import ran before the Worker was up; bundles go to the edge now, without holding up the start.
    const published =
      opts.publish && opts.warehouse !== false
        ? run(join(REPO_ROOT, 'workflows/node_modules/.bin/tsx'), ['src/cli/data.ts', 'publish'], {
            cwd: join(REPO_ROOT, 'workflows'),
            env: {
              PITWALL_WAREHOUSE_URL: warehouseUrl,
              PITWALL_EDGE_URL: urls.api,
              PITWALL_SERVICE_TOKEN: secrets.serviceToken,
            },
          }).then((output) => {
            writeFileSync(join(logDir, 'publish.log'), output);
            return output.trim().split('\n').at(-1) ?? '';
          })
        : undefined;
    // Whoever reads `published` sees a failure; nobody reading it must not crash the process.
    published?.catch(() => undefined);

    // Cloudflare runs the every-minute cron in production; locally the stack does. A run that fails (the
    // edge restarting in a fault test) is simply the one that did not happen.
    cron = setInterval(
      () => {
        fetch(`${urls.api}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(RECONCILE_CRON)}`)
          .then((res) => res.body?.cancel())
          .catch(() => undefined);
      },
      (opts.cronSeconds ?? 60) * 1000,
    );
    cron.unref();

    const live = { temporal, edge };
    const ready = {
      temporal: `${urls.temporalHttp}/api/v1/namespaces/default`,
      edge: `${urls.api}/api/health`,
    };
    /** Stops Temporal or the edge; its data (Temporal's SQLite file, D1 and R2) stays on disk. */
    const stopService = (name: 'temporal' | 'edge') => live[name].stop();
    /** Starts a stopped Temporal or edge again on the same ports and data, and waits until it answers. */
    const startService = async (name: 'temporal' | 'edge') => {
      const make = launchers.get(name === 'edge' ? 'wrangler' : 'temporal') as () => Service;
      const service = make();
      services.push(service);
      live[name] = service;
      await waitFor(service, httpOk(ready[name]));
      return service;
    };

    return {
      urls,
      dataDir,
      secrets,
      /** The current processes; replaced when one is started again. */
      services: live,
      stopService,
      startService,
      worker,
      startWorker,
      /** The background publish of data bundles (with `publish: true`): its summary line. */
      published,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/**
 * Test runs import the staged data once (PITWALL_WAREHOUSE_SEED names the file) and give every stack a
 * copy, so each stack skips a half-minute import. A stack that already has a warehouse keeps it.
 */
async function seedWarehouse(target: string) {
  const seed = process.env.PITWALL_WAREHOUSE_SEED;
  if (!seed || existsSync(target)) return;
  await copyFile(seed, target);
}

function readLog(service: Service): string {
  try {
    return readFileSync(service.logFile, 'utf8');
  } catch {
    return '';
  }
}
