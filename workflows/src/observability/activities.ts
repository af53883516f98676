import { CancelledFailure } from '@temporalio/activity';
import { type ActivityInterceptorsFactory, defaultPayloadConverter, type Headers } from '@temporalio/worker';
import { runInContext, type WorkContext } from './context.ts';
import type { Logger } from './logger.ts';
import type { MetricsReporter } from './reporter.ts';
import { type Outcome, REQUEST_ID_HEADER } from './shared.ts';

/** The request id the workflow interceptor put in the activity's headers, if any. */
export function requestIdFrom(headers: Headers): string | undefined {
  const payload = headers[REQUEST_ID_HEADER];
  if (!payload) return undefined;
  const value = defaultPayloadConverter.fromPayload(payload);
  return typeof value === 'string' ? value : undefined;
}

/** Analysis activities take `{ analysisId, … }`; others have none. */
function analysisIdOf(args: unknown[]): string | undefined {
  const first = args[0];
  const id = first && typeof first === 'object' ? (first as { analysisId?: unknown }).analysisId : undefined;
  return typeof id === 'string' ? id : undefined;
}

function outcomeOf(err: unknown): Outcome {
  return err instanceof CancelledFailure ? 'cancelled' : 'failed';
}

/**
 * Times every activity attempt and reports its duration and outcome; runs it inside a work context so
 * that every log line it writes, and every call it makes to the edge, carries the workflow's request id.
 * Also adds the request id to the SDK's own activity `log` attributes.
 */
export function observeActivities(deps: {
  reporter: MetricsReporter;
  logger: Logger;
}): ActivityInterceptorsFactory {
  return (ctx) => {
    let context: WorkContext = {};
    return {
      inbound: {
        async execute(input, next) {
          const { info } = ctx;
          const requestId = requestIdFrom(input.headers);
          const analysisId = analysisIdOf(input.args);
          context = {
            ...(requestId ? { requestId } : {}),
            ...(info.workflowExecution ? { workflowId: info.workflowExecution.workflowId } : {}),
            activity: info.activityType,
            attempt: info.attempt,
            ...(analysisId ? { analysisId } : {}),
          };
          return runInContext(context, async () => {
            const started = performance.now();
            deps.logger.info('activity started');
            const finish = (outcome: Outcome) => {
              const seconds = (performance.now() - started) / 1000;
              deps.reporter.record({ kind: 'activity', activity: info.activityType, outcome, seconds });
              return Math.round(seconds * 1000);
            };
            try {
              const result = await next(input);
              deps.logger.info('activity succeeded', { ms: finish('succeeded') });
              return result;
            } catch (err) {
              const outcome = outcomeOf(err);
              const ms = finish(outcome);
              deps.logger[outcome === 'cancelled' ? 'info' : 'warn'](`activity ${outcome}`, {
                ms,
                error: err,
              });
              throw err;
            }
          });
        },
      },
      outbound: {
        getLogAttributes: (attributes, next) => next({ ...attributes, ...context }),
      },
    };
  };
}
