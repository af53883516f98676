import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Starting and stopping the real processes Pit Wall is made of, for `start` and for tests alike. */

export const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../..');

export type Service = {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject()));
    });
  });
}

function binary(name: string, ...candidates: string[]): string {
  for (const candidate of candidates) if (existsSync(candidate)) return candidate;
  return name; // from PATH
}

export function temporalBinary() {
  return binary('temporal', join(REPO_ROOT, '.tools/bin/temporal'));
}

/** Spawns a process in its own group (so its children stop with it), logging to a file. */
export function launch(
  name: string,
  command: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; logDir: string; echo?: boolean },
): Service {
  mkdirSync(opts.logDir, { recursive: true });
  const logFile = join(opts.logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(command, args, {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      if (opts.echo)
        for (const line of chunk.toString().split('\n')) if (line.trim()) console.log(`[${name}] ${line}`);
    });
  }
  const exited = new Promise<string>((done) =>
    child.once('exit', (code, signal) => {
      log.end();
      done(signal ?? String(code));
    }),
  );
  return {
    name,
    child,
    logFile,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const group = -(child.pid ?? 0);
      try {
        process.kill(group, signal);
      } catch {
        return;
      }
      const timeout = setTimeout(() => {
        try {
          process.kill(group, 'SIGKILL');
        } catch {}
      }, 10_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}

export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Waits until `ready()` is true; fails early, with the log's tail, if the process exits first. */
export async function waitFor(service: Service, ready: () => Promise<boolean>, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  void service.exited.then((code) => {
    exited = code;
  });
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      throw new Error(`${service.name} exited (${exited}) before it was ready:\n${tail(service.logFile)}`);
    }
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${service.name} was not ready within ${timeoutMs / 1000} s:\n${tail(service.logFile)}`);
}

export const httpOk = (url: string) => async () =>
  (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;

/** Runs a command to completion; rejects with its output if it fails. */
export async function run(
  command: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
) {
  const child = spawn(command, args, {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${code}):\n${output.slice(-4000)}`);
  return output;
}
