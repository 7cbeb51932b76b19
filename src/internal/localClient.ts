/**
 * How the layers below local/ recognise a LocalSageMakerClient without importing it (local/ sits
 * above jobs/ and logs/). Internal.
 *
 * @module
 */
import type { LogSource } from '../logs/LogSource';

/** Set to `true` on a LocalSageMakerClient. */
export const LOCAL_CLIENT = Symbol.for('sagemaker-bench.LocalSageMakerClient');
/** A LocalSageMakerClient's method giving a job's captured log. */
export const LOCAL_LOG_SOURCE = Symbol.for('sagemaker-bench.LocalSageMakerClient.logSource');

export interface LocalClientHooks {
  readonly [LOCAL_CLIENT]: true;
  [LOCAL_LOG_SOURCE](jobName: string): Promise<LogSource>;
}

/** Whether `client` runs jobs on this machine (file:// URIs allowed, logs captured locally). */
export function isLocalClient(client: unknown): client is LocalClientHooks {
  return typeof client === 'object' && client !== null && (client as Partial<LocalClientHooks>)[LOCAL_CLIENT] === true;
}
