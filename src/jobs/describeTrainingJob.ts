import type { DescribeTrainingJobCommandOutput, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { TrainingJobNotFoundError } from '../errors';
import { resolveTimeouts } from '../internal/requestTimeouts';
import type { RequestTimeouts } from '../internal/requestTimeouts';
import { sageMakerSdk } from '../internal/sdk';
import { sendRequest } from '../internal/sendRequest';
import { checkJobName } from './internal/checkJobName';
import { isNotFound } from './internal/isNotFound';

/** Options of {@link describeTrainingJob}. */
export interface DescribeOptions {
  /** Cancels the request; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Time to the first byte of the answer and silence in its body (default 30 s each); see {@link RequestTimeouts}. */
  timeouts?: RequestTimeouts;
}

/**
 * DescribeTrainingJob: everything SageMaker knows about a job (status, phases, times, metrics).
 *
 * A job that does not exist throws {@link TrainingJobNotFoundError} naming it, whatever the
 * wording of the API implementation ("Requested resource not found." from SageMaker, "Could not
 * find training job ..." from moto). A name SageMaker could never accept throws
 * {@link InvalidJobNameError} before any request. An answer that does not start within
 * `timeouts.firstByteMs` (on any of the SDK client's attempts) or stops halfway throws
 * {@link RequestTimeoutError}. Any other error, including a ValidationException about something
 * else, is thrown as the SDK gave it (without its raw HTTP response).
 *
 * @example
 * ```ts
 * import { createClients, describeTrainingJob } from 'sagemaker-bench';
 *
 * const { sagemaker } = createClients();
 * const job = await describeTrainingJob(sagemaker, 'resnet50-p3-gpu4-b512-e2');
 * console.log(job.TrainingJobStatus, job.SecondaryStatus);
 * ```
 */
export async function describeTrainingJob(
  client: SageMakerClient,
  jobName: string,
  options: DescribeOptions = {},
): Promise<DescribeTrainingJobCommandOutput> {
  checkJobName(jobName);
  const timeouts = resolveTimeouts('describeTrainingJob', options.timeouts);
  const { DescribeTrainingJobCommand } = sageMakerSdk();
  try {
    return await sendRequest(client, new DescribeTrainingJobCommand({ TrainingJobName: jobName }), {
      signal: options.signal,
      timeouts,
      resource: `training job ${jobName}`,
      operation: 'DescribeTrainingJob',
    });
  } catch (error) {
    if (isNotFound(error)) throw new TrainingJobNotFoundError(jobName, { cause: error });
    throw error;
  }
}
