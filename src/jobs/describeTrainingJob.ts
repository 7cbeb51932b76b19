import type { DescribeTrainingJobCommandOutput, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { TrainingJobNotFoundError } from '../errors';
import { sageMakerSdk } from '../internal/sdk';
import { isNotFound } from './internal/isNotFound';

/** Options of {@link describeTrainingJob}. */
export interface DescribeOptions {
  /** Cancels the request; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * DescribeTrainingJob: everything SageMaker knows about a job (status, phases, times, metrics).
 *
 * A job that does not exist throws {@link TrainingJobNotFoundError} naming it, whatever the
 * wording of the API implementation ("Requested resource not found." from SageMaker, "Could not
 * find training job ..." from moto). Any other error, including a ValidationException about
 * something else (a malformed name), is thrown unchanged.
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
  const { DescribeTrainingJobCommand } = sageMakerSdk();
  try {
    return await client.send(
      new DescribeTrainingJobCommand({ TrainingJobName: jobName }),
      options.signal ? { abortSignal: options.signal } : {},
    );
  } catch (error) {
    if (isNotFound(error)) throw new TrainingJobNotFoundError(jobName, { cause: error });
    throw error;
  }
}
