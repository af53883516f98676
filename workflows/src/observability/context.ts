import { AsyncLocalStorage } from 'node:async_hooks';

/** What is known about the work in progress: every log line and edge call made inside it carries it. */
export type WorkContext = {
  requestId?: string;
  workflowId?: string;
  activity?: string;
  attempt?: number;
  analysisId?: string;
};

const storage = new AsyncLocalStorage<WorkContext>();

export const runInContext = <T>(context: WorkContext, work: () => T): T => storage.run(context, work);

export const currentContext = (): WorkContext => storage.getStore() ?? {};

/** The request id of the activity running now, if it has one: the edge client sends it back. */
export const currentRequestId = (): string | undefined => storage.getStore()?.requestId;
