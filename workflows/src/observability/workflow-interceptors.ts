/**
 * Workflow interceptors, loaded into the workflow sandbox (WorkerOptions.interceptors.workflowModules):
 * no Node built-ins here. They carry the request id from the workflow's input (or its parent's header) to
 * every activity and child workflow as a Temporal header, and report the run's duration and outcome
 * through a sink, since workflow code cannot do I/O itself.
 */
import {
  defaultPayloadConverter,
  type Headers,
  isCancellation,
  proxySinks,
  type WorkflowInterceptorsFactory,
  workflowInfo,
} from '@temporalio/workflow';
import { type ObservabilitySinks, REQUEST_ID_HEADER } from './shared.ts';

const { observability } = proxySinks<ObservabilitySinks>();

function requestIdOf(args: unknown[], headers: Headers): string | undefined {
  const first = args[0];
  const fromInput =
    first && typeof first === 'object' ? (first as { requestId?: unknown }).requestId : undefined;
  if (typeof fromInput === 'string') return fromInput;
  const payload = headers[REQUEST_ID_HEADER];
  const fromHeader = payload ? defaultPayloadConverter.fromPayload(payload) : undefined;
  return typeof fromHeader === 'string' ? fromHeader : undefined;
}

export const interceptors: WorkflowInterceptorsFactory = () => {
  // The factory runs once per workflow execution: this is that execution's request id.
  let requestId: string | undefined;
  const withRequestId = <T extends { headers: Headers }>(input: T): T =>
    requestId
      ? {
          ...input,
          headers: { ...input.headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(requestId) },
        }
      : input;

  return {
    inbound: [
      {
        async execute(input, next) {
          requestId = requestIdOf(input.args, input.headers);
          const tag = requestId ? { requestId } : {};
          // Workflow time: from the run's start (queue wait included) to this task.
          const elapsed = () => Date.now() - workflowInfo().runStartTime.getTime();
          try {
            const result = await next(input);
            observability.workflowFinished({ ...tag, outcome: 'succeeded', ms: elapsed() });
            return result;
          } catch (err) {
            const outcome = isCancellation(err) ? 'cancelled' : 'failed';
            const error = err instanceof Error ? err.message : String(err);
            observability.workflowFinished({ ...tag, outcome, ms: elapsed(), error });
            throw err;
          }
        },
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => next(withRequestId(input)),
        scheduleLocalActivity: (input, next) => next(withRequestId(input)),
        startChildWorkflowExecution: (input, next) => next(withRequestId(input)),
      },
    ],
  };
};
