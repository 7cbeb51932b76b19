/**
 * Shared fixtures of the job lifecycle unit tests: DescribeTrainingJob outputs and SDK errors
 * shaped as the SDK v3 builds them.
 */
import { SageMakerServiceException } from '@aws-sdk/client-sagemaker';
import type { DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import { seedRequest } from '../fixtures/seed';

export const jobName = seedRequest.TrainingJobName;
export const jobArn = `arn:aws:sagemaker:us-east-1:245983579475:training-job/${jobName}`;
export const createdAt = new Date('2025-01-06T09:00:00.000Z');

/** An SDK service error, as the SDK deserializes it (`name`, `$fault`, `$metadata`). */
export function serviceError(name: string, message: string, httpStatusCode = 400): SageMakerServiceException {
  return new SageMakerServiceException({
    name,
    message,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode, requestId: 'req-1', attempts: 3, totalRetryDelay: 0 },
  });
}

/** A network error as Node's http client raises it. */
export function networkError(code = 'ECONNRESET'): Error {
  return Object.assign(new Error(code === 'ECONNRESET' ? 'socket hang up' : `connect ${code} 127.0.0.1:443`), { code });
}

const statusOf: Record<string, string> = {
  Starting: 'InProgress',
  Downloading: 'InProgress',
  Training: 'InProgress',
  Uploading: 'InProgress',
  Completed: 'Completed',
  Failed: 'Failed',
  Stopping: 'Stopping',
  Stopped: 'Stopped',
  MaxRuntimeExceeded: 'Stopped',
  MaxWaitTimeExceeded: 'Stopped',
};

/**
 * A DescribeTrainingJob output of the seed job after the given phases, each `[secondaryStatus,
 * secondsAfterCreation]`; the last one is the current phase.
 */
export function describedAfter(
  phases: Array<[string, number]>,
  extra: Partial<DescribeTrainingJobCommandOutput> = {},
): DescribeTrainingJobCommandOutput {
  const at = (s: number) => new Date(createdAt.getTime() + s * 1000);
  const [current, currentStart] = phases[phases.length - 1] ?? ['Starting', 0];
  const terminal = ['Completed', 'Failed', 'Stopped', 'MaxRuntimeExceeded', 'MaxWaitTimeExceeded'].includes(current);
  return {
    $metadata: { httpStatusCode: 200 },
    ...seedRequest,
    HyperParameters: { ...seedRequest.HyperParameters },
    AlgorithmSpecification: { ...seedRequest.AlgorithmSpecification },
    OutputDataConfig: { ...seedRequest.OutputDataConfig },
    ResourceConfig: { ...seedRequest.ResourceConfig },
    StoppingCondition: { ...seedRequest.StoppingCondition },
    TrainingJobArn: jobArn,
    TrainingJobStatus: statusOf[current] as DescribeTrainingJobCommandOutput['TrainingJobStatus'],
    SecondaryStatus: current as DescribeTrainingJobCommandOutput['SecondaryStatus'],
    CreationTime: createdAt,
    LastModifiedTime: at(currentStart),
    SecondaryStatusTransitions: phases.map(([status, start], i) => {
      const next = phases[i + 1];
      return {
        Status: status as NonNullable<DescribeTrainingJobCommandOutput['SecondaryStatus']>,
        StartTime: at(start),
        ...(next ? { EndTime: at(next[1]) } : terminal ? { EndTime: at(start) } : {}),
        StatusMessage: `${status} message`,
      };
    }),
    ...extra,
  } as DescribeTrainingJobCommandOutput;
}

/** The usual phases of the seed job, with their start in seconds after creation. */
export const phases = {
  starting: [['Starting', 0]] as Array<[string, number]>,
  downloading: [['Starting', 0], ['Downloading', 120]] as Array<[string, number]>,
  training: [['Starting', 0], ['Downloading', 120], ['Training', 180]] as Array<[string, number]>,
  uploading: [['Starting', 0], ['Downloading', 120], ['Training', 180], ['Uploading', 3500]] as Array<[string, number]>,
  completed: [['Starting', 0], ['Downloading', 120], ['Training', 180], ['Uploading', 3500], ['Completed', 3560]] as Array<[string, number]>,
};
