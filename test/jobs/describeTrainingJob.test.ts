import { DescribeTrainingJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidJobNameError, RequestTimeoutError, TrainingJobNotFoundError } from '../../src/errors';
import { describeTrainingJob } from '../../src/jobs/describeTrainingJob';
import { describedAfter, jobName, phases, serviceError } from './fixtures';

const sagemaker = mockClient(SageMakerClient);
const client = new SageMakerClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

beforeEach(() => {
  sagemaker.reset();
});

describe('describeTrainingJob', () => {
  it('returns the DescribeTrainingJob output of the named job', async () => {
    const output = describedAfter(phases.training);
    sagemaker.on(DescribeTrainingJobCommand, { TrainingJobName: jobName }).resolves(output);

    await expect(describeTrainingJob(client, jobName)).resolves.toBe(output);
    expect(sagemaker).toHaveReceivedCommandExactlyOnceWith(DescribeTrainingJobCommand, { TrainingJobName: jobName });
  });

  it.each([
    ['SageMaker', 'ValidationException', 'Requested resource not found.'],
    ['moto', 'ValidationException', "Could not find training job 'arn:aws:sagemaker:us-east-1:123456789012:training-job/nope'."],
    ['another emulator', 'ValidationException', 'Training job nope does not exist.'],
    ['a ResourceNotFound shape', 'ResourceNotFound', 'Not here'],
  ])('throws TrainingJobNotFoundError naming the job for the wording of %s', async (_who, name, message) => {
    const cause = serviceError(name, message);
    sagemaker.on(DescribeTrainingJobCommand).rejects(cause);

    const error = await describeTrainingJob(client, 'nope').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TrainingJobNotFoundError);
    expect(error).toMatchObject({ jobName: 'nope', cause });
    expect((error as Error).message).toContain('nope');
  });

  it('does not turn a ValidationException about something else into not-found', async () => {
    const other = serviceError('ValidationException', "1 validation error detected: Value at 'trainingJobName' failed to satisfy constraint");
    sagemaker.on(DescribeTrainingJobCommand).rejects(other);

    await expect(describeTrainingJob(client, jobName)).rejects.toBe(other);
  });

  it('refuses a name SageMaker could never accept before sending anything', async () => {
    for (const bad of ['', 'bad_name', '-lead', 'trail-', 'x'.repeat(64), 'résumé']) {
      const error = await describeTrainingJob(client, bad).catch((e: unknown) => e);
      expect(error, bad).toBeInstanceOf(InvalidJobNameError);
      expect((error as InvalidJobNameError).jobName).toBe(bad);
    }
    expect(sagemaker).toHaveReceivedCommandTimes(DescribeTrainingJobCommand, 0);
  });

  it('cuts off an answer that never starts with RequestTimeoutError naming the job', async () => {
    sagemaker.on(DescribeTrainingJobCommand).callsFake(() => new Promise(() => undefined));

    const error = await describeTrainingJob(client, jobName, { timeouts: { firstByteMs: 30 } }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toMatchObject({ operation: 'DescribeTrainingJob', resource: `training job ${jobName}`, phase: 'response', timeoutMs: 30 });
  });

  it('passes other errors through unchanged', async () => {
    const throttled = serviceError('ThrottlingException', 'Rate exceeded');
    sagemaker.on(DescribeTrainingJobCommand).rejects(throttled);

    await expect(describeTrainingJob(client, jobName)).rejects.toBe(throttled);
  });
});
