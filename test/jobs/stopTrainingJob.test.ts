import { DescribeTrainingJobCommand, SageMakerClient, StopTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidJobNameError, JobNotStoppedError, NotAuthorizedError, RequestTimeoutError, TrainingJobNotFoundError } from '../../src/errors';
import { stopTrainingJob } from '../../src/jobs/stopTrainingJob';
import { describedAfter, jobName, networkError, phases, serviceError } from './fixtures';

const sagemaker = mockClient(SageMakerClient);
const client = new SageMakerClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const refused = (status: string) => serviceError('ValidationException', `The request was rejected because the training job is in status ${status}.`);
const fast = { retry: { baseDelayMs: 1, maxDelayMs: 2 } };
const never = () => new Promise<never>(() => undefined);

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

  it('keeps trying through throttling, 5xx and resets well past the SDK client 3 attempts', async () => {
    sagemaker
      .on(StopTrainingJobCommand)
      .rejectsOnce(serviceError('ThrottlingException', 'Rate exceeded'))
      .rejectsOnce(serviceError('ThrottlingException', 'Rate exceeded'))
      .rejectsOnce(serviceError('ThrottlingException', 'Rate exceeded'))
      .rejectsOnce(serviceError('InternalFailure', 'oops', 500))
      .rejectsOnce(networkError('ECONNRESET'))
      .resolves({});

    await expect(stopTrainingJob(client, jobName, fast)).resolves.toBeUndefined();
    expect(sagemaker).toHaveReceivedCommandTimes(StopTrainingJobCommand, 6);
  });

  it('retries a StopTrainingJob that never answers, each attempt cut off at timeouts.firstByteMs', async () => {
    sagemaker.on(StopTrainingJobCommand).callsFakeOnce(never).callsFakeOnce(never).resolves({});

    const started = Date.now();
    await expect(stopTrainingJob(client, jobName, { ...fast, timeouts: { firstByteMs: 50 } })).resolves.toBeUndefined();

    expect(sagemaker).toHaveReceivedCommandTimes(StopTrainingJobCommand, 3);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('says the job was not stopped, naming it, when every attempt is throttled', async () => {
    const throttled = serviceError('ThrottlingException', 'Rate exceeded');
    sagemaker.on(StopTrainingJobCommand).rejects(throttled);

    const error = await stopTrainingJob(client, jobName, { retry: { attempts: 7, baseDelayMs: 1, maxDelayMs: 2 } }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(JobNotStoppedError);
    expect(error).toMatchObject({ jobName, stopped: false, attempts: 7 });
    expect((error as Error).cause).toBe(throttled);
    expect((error as Error).message).toContain(jobName);
    expect((error as Error).message).toContain('last: ThrottlingException: Rate exceeded');
    expect(sagemaker).toHaveReceivedCommandTimes(StopTrainingJobCommand, 7);
  });

  it('gives up within maxStopTime when the service never answers, and says the job was not stopped', async () => {
    sagemaker.on(StopTrainingJobCommand).callsFake(never);

    const started = Date.now();
    const error = await stopTrainingJob(client, jobName, { ...fast, maxStopTime: 0.4, timeouts: { firstByteMs: 60 } }).catch((e: unknown) => e);
    const took = Date.now() - started;

    expect(error).toBeInstanceOf(JobNotStoppedError);
    expect((error as JobNotStoppedError).attempts).toBeGreaterThan(1);
    expect((error as Error).cause).toBeInstanceOf(RequestTimeoutError);
    expect(took).toBeGreaterThanOrEqual(350);
    expect(took).toBeLessThan(2_000);
  });

  it('says the job was not stopped when the service refuses it while the job is still running', async () => {
    const other = serviceError('ValidationException', 'Something about the request is wrong');
    sagemaker.on(StopTrainingJobCommand).rejects(other);
    sagemaker.on(DescribeTrainingJobCommand).resolves(describedAfter(phases.training));

    const error = await stopTrainingJob(client, jobName, fast).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(JobNotStoppedError);
    expect((error as Error).cause).toBe(other);
    expect((error as Error).message).toMatch(/InProgress/);
  });

  it('throws TrainingJobNotFoundError for a job that does not exist', async () => {
    sagemaker.on(StopTrainingJobCommand).rejects(serviceError('ValidationException', 'Requested resource not found.'));

    const error = await stopTrainingJob(client, 'nope').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TrainingJobNotFoundError);
    expect((error as TrainingJobNotFoundError).jobName).toBe('nope');
  });

  it('does not retry an access denial, and says the job was not stopped, without describing', async () => {
    const denied = serviceError('AccessDeniedException', 'not authorized to perform sagemaker:StopTrainingJob');
    sagemaker.on(StopTrainingJobCommand).rejects(denied);

    const error = await stopTrainingJob(client, jobName, fast).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(JobNotStoppedError);
    // The denial, typed on the way (the IAM action named), the SDK's error below it.
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(NotAuthorizedError);
    expect(cause).toMatchObject({ action: 'sagemaker:StopTrainingJob', cause: denied });
    expect(sagemaker).toHaveReceivedCommandTimes(StopTrainingJobCommand, 1);
    expect(sagemaker).toHaveReceivedCommandTimes(DescribeTrainingJobCommand, 0);
  });

  it('retries the confirming describe, and says the job was not stopped when it keeps failing', async () => {
    const original = refused('Completed');
    sagemaker.on(StopTrainingJobCommand).rejects(original);
    sagemaker.on(DescribeTrainingJobCommand).rejects(serviceError('ThrottlingException', 'Rate exceeded'));

    const error = await stopTrainingJob(client, jobName, { retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 } }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(JobNotStoppedError);
    expect((error as Error).cause).toBe(original);
    expect(sagemaker).toHaveReceivedCommandTimes(DescribeTrainingJobCommand, 4);
  });

  it('rejects with the signal reason when the caller aborts the stop', async () => {
    sagemaker.on(StopTrainingJobCommand).callsFake(never);
    const controller = new AbortController();
    const reason = new Error('changed my mind');

    const stopping = stopTrainingJob(client, jobName, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);

    await expect(stopping).rejects.toBe(reason);
  });

  it('refuses a malformed name and bad options before sending anything', async () => {
    await expect(stopTrainingJob(client, 'bad_name')).rejects.toBeInstanceOf(InvalidJobNameError);
    await expect(stopTrainingJob(client, '')).rejects.toBeInstanceOf(InvalidJobNameError);
    await expect(stopTrainingJob(client, jobName, { maxStopTime: 0 })).rejects.toThrow(RangeError);
    await expect(stopTrainingJob(client, jobName, { maxStopTime: 3e6 })).rejects.toThrow(/maxStopTime must be a finite number above 0 and at most/);
    await expect(stopTrainingJob(client, jobName, { retry: { attempts: Number.NaN } })).rejects.toThrow(/retry.attempts must be an integer/);
    await expect(stopTrainingJob(client, jobName, { timeouts: { firstByteMs: -1 } })).rejects.toThrow(/timeouts.firstByteMs/);
    expect(sagemaker).toHaveReceivedCommandTimes(StopTrainingJobCommand, 0);
  });
});
