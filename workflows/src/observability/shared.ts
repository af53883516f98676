/**
 * What the workflow sandbox and the Node side of observability share. Imported by workflow code, so it
 * must stay free of Node built-ins.
 */

/** The Temporal header that carries a request id from a workflow to its activities and child workflows. */
export const REQUEST_ID_HEADER = 'pitwall-request-id';

export type Outcome = 'succeeded' | 'failed' | 'cancelled';

/** Sinks the workflow interceptor calls; the Worker injects their Node implementations. */
export type ObservabilitySinks = {
  observability: {
    workflowFinished(event: { requestId?: string; outcome: Outcome; ms: number; error?: string }): void;
  };
};
