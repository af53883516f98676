import { fileURLToPath } from 'node:url';
import type { Observation } from '@pitwall/db/contracts';
import type { InjectedSinks, WorkerInterceptors } from '@temporalio/worker';
import { observeActivities } from './activities.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMetricsReporter, type MetricsReporter } from './reporter.ts';
import type { ObservabilitySinks } from './shared.ts';

export type Observability = {
  logger: Logger;
  reporter: MetricsReporter;
  interceptors: WorkerInterceptors;
  sinks: InjectedSinks<ObservabilitySinks>;
};

/**
 * Everything the Node worker needs to observe itself: JSON logs, the batched metrics reporter, the
 * activity and workflow interceptors, and the sink through which workflows report their outcome.
 */
export function createObservability(opts: {
  send: (observations: Observation[]) => Promise<unknown>;
  logger?: Logger;
  intervalMs?: number;
}): Observability {
  const logger = opts.logger ?? createLogger();
  const reporter = createMetricsReporter({
    send: opts.send,
    logger,
    ...(opts.intervalMs ? { intervalMs: opts.intervalMs } : {}),
  });
  return {
    logger,
    reporter,
    interceptors: {
      activity: [observeActivities({ reporter, logger })],
      workflowModules: [fileURLToPath(new URL('./workflow-interceptors.ts', import.meta.url))],
    },
    sinks: {
      observability: {
        workflowFinished: {
          fn(info, event) {
            const { requestId, outcome, ms, error } = event;
            reporter.record({ kind: 'workflow', workflow: info.workflowType, outcome, seconds: ms / 1000 });
            const fields = { requestId, workflowId: info.workflowId, workflow: info.workflowType, ms, error };
            logger[outcome === 'failed' ? 'warn' : 'info'](`workflow ${outcome}`, fields);
          },
        },
      },
    },
  };
}
