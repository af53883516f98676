import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { currentContext } from './context.ts';

export type Fields = Record<string, unknown>;
export type Logger = {
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
};

const write = (line: string) => process.stdout.write(`${line}\n`);

/** Errors serialise to `{}` by default; a log line wants their message. */
const replacer = (_key: string, value: unknown) =>
  value instanceof Error ? { name: value.name, message: value.message } : value;
const line = (entry: Fields) => JSON.stringify(entry, replacer);

/**
 * A JSON-lines logger: one object per line with ts, level and msg, then the current work context
 * (requestId, workflowId, activity, attempt, analysisId) and the given fields. `out` is for tests.
 */
export function createLogger(out: (line: string) => void = write): Logger {
  const log =
    (level: string) =>
    (msg: string, fields: Fields = {}) =>
      out(line({ ts: new Date().toISOString(), level, msg, ...currentContext(), ...fields }));
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

type LogLevel = LogEntry['level'];
const LEVELS: Record<LogLevel, string> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * The Temporal SDK's own logger (worker, workflow and activity `log`), writing the same JSON lines.
 * Install it with `Runtime.install({ logger })` before the first connection.
 */
export function temporalLogger(level: LogLevel = 'INFO', out: (line: string) => void = write) {
  return new DefaultLogger(level, (entry: LogEntry) => {
    const ts = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString();
    out(line({ ts, level: LEVELS[entry.level], msg: entry.message, ...currentContext(), ...entry.meta }));
  });
}
