import { DescribeTrainingJobCommand, SageMakerClient, StopTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { TrainingJobNotFoundError } from '../../src/errors';
import { stopTrainingJob } from '../../src/jobs/stopTrainingJob';
import { describedAfter, jobName, phases, serviceError } from './fixtures';

const sagemaker = mockClient(SageMakerClient);
const client = new SageMakerClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const refused = (status: string) => serviceError('ValidationException', `The request was rejected because the training job is in status ${status}.`);

beforeEach(() => {
  sagemaker.reset();
});

describe('stopTrainingJob', () => {
  it('sends StopTrainingJob for the job', async () => {
    sagemaker.on(StopTrainingJobCommand).resolves({});

    await expect(stopTrainingJob(client, jobName)).resolves.toBeUndefined();
    expect(sagemaker).toHaveReceivedCommandExactlyOnceWith(StopTrainingJobCommand, { TrainingJobName: jobName });
  });

  it.each([
    ['Stopping', [...phases.training, ['Stopping', 900]]],
    ['Stopped', [...phases.training, ['Stopping', 900], ['Stopped', 930]]],
    ['Completed', phases.completed],
    ['Failed', [...phases.training, ['Failed', 400]]],
  ] as Array<[string, Array<[string, number]>]>)(
    'is not an error when the job is already %s (confirmed by describing it)',
    async (status, history) => {
      sagemaker.on(StopTrainingJobCommand).rejects(refused(status));
      sagemaker.on(DescribeTrainingJobCommand).resolves(describedAfter(history));

      await expect(stopTrainingJob(client, jobName)).resolves.toBeUndefined();
      expect(sagemaker).toHaveReceivedCommandTimes(DescribeTrainingJobCommand, 1);
    },
  );

  it('rethrows the ValidationException when the job turns out to be still running', async () => {
    const other = serviceError('ValidationException', 'Something about the request is wrong');
    sagemaker.on(StopTrainingJobCommand).rejects(other);
    sagemaker.on(DescribeTrainingJobCommand).resolves(describedAfter(phases.training));

    await expect(stopTrainingJob(client, jobName)).rejects.toBe(other);
  });

  it('throws TrainingJobNotFoundError for a job that does not exist', async () => {
    sagemaker.on(StopTrainingJobCommand).rejects(serviceError('ValidationException', 'Requested resource not found.'));

    const error = await stopTrainingJob(client, 'nope').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TrainingJobNotFoundError);
    expect((error as TrainingJobNotFoundError).jobName).toBe('nope');
  });

  it('passes errors other than ValidationException through without describing', async () => {
    const denied = serviceError('AccessDeniedException', 'not authorized to perform sagemaker:StopTrainingJob');
    sagemaker.on(StopTrainingJobCommand).rejects(denied);

    await expect(stopTrainingJob(client, jobName)).rejects.toBe(denied);
    expect(sagemaker).toHaveReceivedCommandTimes(DescribeTrainingJobCommand, 0);
  });

  it('rethrows the original error when the confirming describe fails', async () => {
    const original = refused('Completed');
    sagemaker.on(StopTrainingJobCommand).rejects(original);
    sagemaker.on(DescribeTrainingJobCommand).rejects(serviceError('ThrottlingException', 'Rate exceeded'));

    await expect(stopTrainingJob(client, jobName)).rejects.toBe(original);
  });
});
