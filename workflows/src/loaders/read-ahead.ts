import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type RaceData, readSeason, type SeasonSource } from './f1db/source.ts';
import { buffersOf, type ColumnSpec, type ParsedTable, parseTable } from './timing/fast-csv.ts';

/**
 * Reading ahead. Reading and parsing the staged files that need no warehouse — f1db's YAML and the timing
 * CSVs — is most of the import's CPU time besides writing, so a worker thread does it while the main
 * thread imports Ergast (and then f1db). Results come back in the order the import needs them: f1db's
 * seasons, the timing files' hashes, their typed columns (moved, not copied).
 */
export type ReadAheadJobs = {
  /** f1db seasons, read from `dir` (the folder holding f1db's `src/data`) and parsed whole. */
  f1db?: { dir: string; seasons: number[] };
  /** CSV files under the data folder and the columns wanted from each. */
  csv?: CsvJob[];
};
export type CsvJob = { file: string; spec: ColumnSpec };
export type HashedFile = { file: string; sha256: string };
export type ParsedFile = HashedFile & { table: ParsedTable<ColumnSpec> };

export type ReadAhead = {
  f1db: Promise<SeasonSource[]>;
  /** Every CSV file's sha256, sent before any is parsed: enough to tell that nothing changed. */
  hashes: Promise<HashedFile[]>;
  tables: Promise<ParsedFile[]>;
  /** Ends the work early (say, every file turned out unchanged); harmless once it is over. */
  stop: () => void;
};

type ParsedSeason = { season: number; sha256: string; races: RaceData[] };
type Message = { f1db: ParsedSeason[] } | { hashes: HashedFile[] } | { tables: ParsedFile[] };

export function readAhead(f1data: string, jobs: ReadAheadJobs): ReadAhead {
  const worker = new Worker(new URL(import.meta.url), { workerData: { readAhead: { f1data, jobs } } });
  const f1db = deferred<SeasonSource[]>();
  const hashes = deferred<HashedFile[]>();
  const tables = deferred<ParsedFile[]>();
  const fail = (error: Error) => {
    for (const pending of [f1db, hashes, tables]) pending.reject(error);
  };
  worker.on('message', (message: Message) => {
    if ('f1db' in message)
      f1db.resolve(message.f1db.map(({ season, sha256, races }) => ({ season, sha256, races: () => races })));
    else if ('hashes' in message) hashes.resolve(message.hashes);
    else {
      tables.resolve(message.tables);
      void worker.terminate();
    }
  });
  worker.once('error', fail);
  worker.once('exit', (code) => fail(new Error(`the file reader stopped early (exit code ${code})`)));
  return {
    f1db: f1db.promise,
    hashes: hashes.promise,
    tables: tables.promise,
    stop: () => void worker.terminate(),
  };
}

/**
 * A promise with its settle functions. One nobody awaits (the work was stopped, or not asked for) must
 * not count as an unhandled rejection; whoever awaits it still sees the error.
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

/** The worker's side: does the jobs in order, telling `report` after each stage. */
async function work(f1data: string, jobs: ReadAheadJobs, report: (message: Message) => void) {
  const seasons: ParsedSeason[] = [];
  for (const season of jobs.f1db?.seasons ?? []) {
    const source = await readSeason(join(jobs.f1db?.dir ?? '', 'src', 'data'), season);
    // Every file of the season, parsed here (the source parses on first use otherwise).
    const races = source.races().map((race) => Object.fromEntries(Object.entries(race)) as RaceData);
    seasons.push({ season, sha256: source.sha256, races });
  }
  report({ f1db: seasons });

  const csv = jobs.csv ?? [];
  const texts = await Promise.all(csv.map(({ file }) => readFile(join(f1data, file))));
  const hashed = csv.map(({ file }, i) => ({
    file,
    sha256: createHash('sha256')
      .update(texts[i] as Buffer)
      .digest('hex'),
  }));
  report({ hashes: hashed });
  report({
    tables: hashed.map((file, i) => ({
      ...file,
      table: parseTable(texts[i] as Buffer, (csv[i] as CsvJob).spec),
    })),
  });
}

if (!isMainThread && workerData?.readAhead) {
  const { f1data, jobs } = workerData.readAhead as { f1data: string; jobs: ReadAheadJobs };
  await work(f1data, jobs, (message) =>
    parentPort?.postMessage(
      message,
      'tables' in message ? message.tables.flatMap((f) => buffersOf(f.table)) : [],
    ),
  );
}
