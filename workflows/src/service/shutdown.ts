import type { WorkerOptions } from '@temporalio/worker';
import type { WorkerConfig } from '../config.ts';

/**
 * How the worker stops. The SDK shuts the worker down on SIGTERM (and SIGINT, SIGQUIT, SIGUSR2): it stops
 * polling, and activities already running get the grace period to finish before they are cancelled. The
 * SDK's own default grace is none, which would cancel every running activity at once.
 */
export function shutdownOptions(
  config: Pick<WorkerConfig, 'PITWALL_SHUTDOWN_GRACE_SECONDS'>,
): Pick<WorkerOptions, 'shutdownGraceTime'> {
  return { shutdownGraceTime: config.PITWALL_SHUTDOWN_GRACE_SECONDS * 1000 };
}
