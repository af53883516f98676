import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { buffersOf, type ColumnSpec, type ParsedTable, parseTable } from './fast-csv.ts';

/** One file to read: its path under the data folder and the columns wanted from it. */
export type ParseJob = { file: string; spec: ColumnSpec };
export type HashedFile = { file: string; sha256: string };
export type ParsedFile = HashedFile & { table: ParsedTable<ColumnSpec> };

/** A parse running on a worker thread. */
export type TimingParse = {
  /** Every file's sha256, known before any file is parsed: enough to tell that nothing changed. */
  hashes: Promise<HashedFile[]>;
  tables: Promise<ParsedFile[]>;
  /** Ends the parse early (say, every file turned out unchanged); harmless once it is over. */
  stop: () => void;
};

type Message = { hashes: HashedFile[] } | { tables: ParsedFile[] };

/**
 * Reads, hashes and parses files on a worker thread. The full import starts this before the Ergast and
 * f1db files, which write to the warehouse on the main thread meanwhile; the typed columns come back
 * without a copy. Parsing is most of the CPU time the timing files cost, so it leaves the critical path.
 */
export function parseOnWorker(f1data: string, jobs: ParseJob[]): TimingParse {
  const worker = new Worker(new URL(import.meta.url), { workerData: { timingParse: { f1data, jobs } } });
  const hashes = deferred<HashedFile[]>();
  const tables = deferred<ParsedFile[]>();
  const fail = (error: Error) => {
    hashes.reject(error);
    tables.reject(error);
  };
  worker.on('message', (message: Message) => {
    if ('hashes' in message) hashes.resolve(message.hashes);
    else {
      tables.resolve(message.tables);
      void worker.terminate();
    }
  });
  worker.once('error', fail);
  worker.once('exit', (code) => fail(new Error(`the timing file parser stopped early (exit code ${code})`)));
  return { hashes: hashes.promise, tables: tables.promise, stop: () => void worker.terminate() };
}

/**
 * A promise with its settle functions. One nobody awaits (the parse was stopped) must not count as an
 * unhandled rejection; whoever awaits it still sees the error.
 */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** Reads and hashes the files, then parses them, telling `report` after each stage. */
async function parseFiles(f1data: string, jobs: ParseJob[], report: (message: Message) => void) {
  const texts = await Promise.all(jobs.map(({ file }) => readFile(join(f1data, file))));
  const hashes = jobs.map(({ file }, i) => ({
    file,
    sha256: createHash('sha256')
      .update(texts[i] as Buffer)
      .digest('hex'),
  }));
  report({ hashes });
  report({
    tables: hashes.map((hashed, i) => ({
      ...hashed,
      table: parseTable(texts[i] as Buffer, (jobs[i] as ParseJob).spec),
    })),
  });
}

if (!isMainThread && workerData?.timingParse) {
  const { f1data, jobs } = workerData.timingParse as { f1data: string; jobs: ParseJob[] };
  await parseFiles(f1data, jobs, (message) =>
    parentPort?.postMessage(
      message,
      'tables' in message ? message.tables.flatMap((f) => buffersOf(f.table)) : [],
    ),
  );
}
