import { ApplicationFailure } from '@temporalio/activity';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

/**
 * Errors an assistant throws when a model call fails. The OpenAI client runs with retries off so that
 * Temporal owns retrying: `retryable` tells the activity whether to let Temporal retry (using
 * `retryAfterMs` as the next delay when the server named one) or to fail at once so the workflow falls
 * back to the builtin assistant. Each class keeps its own `name`, so a retry policy's
 * `nonRetryableErrorTypes` can list them.
 */
export abstract class ModelError extends Error {
  abstract readonly retryable: boolean;
  readonly retryAfterMs?: number;
  constructor(message: string, options?: { cause?: unknown; retryAfterMs?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    if (options?.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

/** 429: the provider asked us to slow down, usually for `retryAfterMs`. */
export class ModelRateLimited extends ModelError {
  readonly retryable = true;
}

/** 5xx, 409 or a dropped connection: the provider failed, a later attempt may succeed. */
export class ModelUnavailable extends ModelError {
  readonly retryable = true;
}

/** No answer within the configured timeout. */
export class ModelTimeout extends ModelError {
  readonly retryable = true;
}

/** Any other 4xx: a bad key, an unknown model, a request the server will never accept. */
export class ModelRequestRejected extends ModelError {
  readonly retryable = false;
  constructor(
    message: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The model answered, but not with something we can use: invalid JSON, a schema violation, an unknown
 * intent, a narrative without the facts. Retrying the same prompt rarely helps; the caller falls back.
 */
export class InvalidModelOutput extends ModelError {
  readonly retryable = false;
}

/**
 * The delay a 429 or 503 asks for: OpenAI's `retry-after-ms`, else the standard `Retry-After` in
 * seconds or as an HTTP date. Undefined when the server named none or named nonsense.
 */
export function retryAfterMs(headers: Headers | undefined, now: () => number = Date.now): number | undefined {
  const ms = Number(headers?.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}

/** Translates an OpenAI client error into one of ours; anything else is returned unchanged. */
export function toModelError(error: unknown, provider: string, now: () => number = Date.now): unknown {
  if (error instanceof ModelError) return error;
  if (error instanceof APIConnectionTimeoutError) {
    return new ModelTimeout(`${provider} did not answer in time`, { cause: error });
  }
  if (error instanceof APIUserAbortError) return error;
  if (error instanceof APIConnectionError) {
    return new ModelUnavailable(`${provider} could not be reached: ${error.message}`, { cause: error });
  }
  if (!(error instanceof APIError) || error.status === undefined) return error;
  const delay = retryAfterMs(error.headers, now);
  const options = { cause: error, ...(delay === undefined ? {} : { retryAfterMs: delay }) };
  const what = `${provider} answered ${error.status}: ${error.message}`;
  // An exhausted quota also answers 429, but waiting does not refill it.
  if (error.status === 429 && error.code === 'insufficient_quota') {
    return new ModelRequestRejected(what, error.status, { cause: error });
  }
  if (error.status === 429) return new ModelRateLimited(what, options);
  if (error.status === 408) return new ModelTimeout(what, options);
  if (error.status === 409 || error.status >= 500) return new ModelUnavailable(what, options);
  return new ModelRequestRejected(what, error.status, { cause: error });
}

/** Runs one model call and rethrows its failure as a ModelError. */
export async function modelCall<T>(provider: string, call: () => Promise<T>, now?: () => number): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toModelError(error, provider, now);
  }
}

/**
 * A ModelError as the Temporal failure an activity throws: permanent errors stop retrying at once (so the
 * workflow can fall back to builtin), and a server-named delay becomes the next retry's delay.
 */
export function toActivityFailure(error: ModelError): ApplicationFailure {
  return ApplicationFailure.create({
    message: error.message,
    type: error.name,
    nonRetryable: !error.retryable,
    ...(error.retryAfterMs === undefined ? {} : { nextRetryDelay: error.retryAfterMs }),
    cause: error,
  });
}
