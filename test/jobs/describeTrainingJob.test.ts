import { DescribeTrainingJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { TrainingJobNotFoundError } from '../../src/errors';
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
    const malformed = serviceError(
      'ValidationException',
      "1 validation error detected: Value 'bad_name' at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}",
    );
    sagemaker.on(DescribeTrainingJobCommand).rejects(malformed);

    await expect(describeTrainingJob(client, 'bad_name')).rejects.toBe(malformed);
  });

  it('passes other errors through unchanged', async () => {
    const throttled = serviceError('ThrottlingException', 'Rate exceeded');
    sagemaker.on(DescribeTrainingJobCommand).rejects(throttled);

    await expect(describeTrainingJob(client, jobName)).rejects.toBe(throttled);
  });
});
