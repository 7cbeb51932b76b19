/**
 * The default `until` of a source bound to a training job: "the job reached a terminal status"
 * (Completed, Failed or Stopped; Stopping is not over yet). Internal.
 */
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { describeTrainingJob } from '../../jobs/describeTrainingJob';
import type { ResolvedTimeouts } from '../../internal/requestTimeouts';
import { PATIENT_RETRY, retryDefaults, withRetry } from '../../internal/withRetry';
import type { RetryOptions } from '../../internal/withRetry';

const TERMINAL = new Set(['Completed', 'Failed', 'Stopped']);

/** Whether a TrainingJobStatus is terminal. */
export function isTerminalStatus(status: string | undefined): boolean {
  return status !== undefined && TERMINAL.has(status);
}

/** A check that calls DescribeTrainingJob (retrying throttling and 5xx) and says whether the job is over. */
export function jobOverCheck(
  sagemaker: SageMakerClient,
  jobName: string,
  signal: AbortSignal | undefined,
  backoff: RetryOptions = {},
  timeouts?: ResolvedTimeouts,
): () => Promise<boolean> {
  return async () => {
    const description = await withRetry(
      () => describeTrainingJob(sagemaker, jobName, { signal, ...(timeouts ? { timeouts } : {}) }),
      signal,
      retryDefaults(backoff, PATIENT_RETRY),
    );
    return isTerminalStatus(description.TrainingJobStatus);
  };
}
