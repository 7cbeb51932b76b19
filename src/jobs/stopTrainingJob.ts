import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { TrainingJobNotFoundError } from '../errors';
import { sageMakerSdk } from '../internal/sdk';
import { describeTrainingJob } from './describeTrainingJob';
import { errorName } from '../internal/awsErrorInfo';
import { isNotFound } from './internal/isNotFound';

/** Statuses in which a job is stopping or over: asking it to stop again is not an error. */
const ALREADY_ENDING = new Set(['Stopping', 'Stopped', 'Completed', 'Failed']);

/**
 * StopTrainingJob: asks SageMaker to stop a job (it sends SIGTERM to the container, which has
 * 120 seconds to save its work; the job then goes Stopping, then Stopped). Resolves once the
 * request is accepted; use {@link waitForTrainingJob} to wait for `Stopped`.
 *
 * Stopping a job that is already Stopping, Stopped, Completed or Failed is not an error: the
 * service answers those with a ValidationException, and this function then describes the job
 * to confirm its status rather than guess from the message. A job that does not exist throws
 * {@link TrainingJobNotFoundError}.
 *
 * @example
 * ```ts
 * import { createClients, stopTrainingJob, waitForTrainingJob } from 'sagemaker-bench';
 *
 * const { sagemaker } = createClients();
 * await stopTrainingJob(sagemaker, 'resnet50-p3-gpu4-b512-e2');
 * await waitForTrainingJob(sagemaker, 'resnet50-p3-gpu4-b512-e2'); // resolves when Stopped
 * ```
 */
export async function stopTrainingJob(client: SageMakerClient, jobName: string): Promise<void> {
  const { StopTrainingJobCommand } = sageMakerSdk();
  try {
    await client.send(new StopTrainingJobCommand({ TrainingJobName: jobName }));
  } catch (error) {
    if (isNotFound(error)) throw new TrainingJobNotFoundError(jobName, { cause: error });
    if (errorName(error) !== 'ValidationException') throw error;
    let status: string | undefined;
    try {
      status = (await describeTrainingJob(client, jobName)).TrainingJobStatus;
    } catch (describeError) {
      if (describeError instanceof TrainingJobNotFoundError) throw describeError;
      throw error;
    }
    if (status === undefined || !ALREADY_ENDING.has(status)) throw error;
  }
}
