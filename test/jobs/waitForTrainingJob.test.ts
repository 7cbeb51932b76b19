import { DescribeTrainingJobCommand, SageMakerClient, StopTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  InvalidJobNameError,
  JobNotStoppedError,
  JobUnreachableError,
  TrainingJobFailedError,
  NotAuthorizedError,
  TrainingJobNotFoundError,
  TrainingJobStoppedError,
  WaitTimeoutError,
} from '../../src/errors';
import type { TrainingJobStatusEvent } from '../../src/jobs/TrainingJobStatusEvent';
import { type TrainingJobPollErrorEvent, waitForTrainingJob } from '../../src/jobs/waitForTrainingJob';
import { createdAt, describedAfter, jobName, networkError, phases, serviceError } from './fixtures';

const sagemaker = mockClient(SageMakerClient);
const client = new SageMakerClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const fast = { minDelay: 1, maxDelay: 4 };

/** Runs fake time until the promise settles; returns its outcome. */
async function outcome<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  const result: { value?: T; error?: unknown; done?: boolean } = {};
  promise.then(
    (value) => Object.assign(result, { value, done: true }),
    (error: unknown) => Object.assign(result, { error, done: true }),
  );
  for (let i = 0; i < 10_000 && !result.done; i++) await vi.advanceTimersByTimeAsync(1_000);
  return result;
}

function describeCalls(): number {
  return sagemaker.commandCalls(DescribeTrainingJobCommand).length;
}

beforeEach(() => {
  sagemaker.reset();
  vi.useFakeTimers({ now: createdAt });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('waitForTrainingJob', () => {
  it('polls until the job completes and resolves with the final description', async () => {
    const final = describedAfter(phases.completed, { TrainingTimeInSeconds: 3380, BillableTimeInSeconds: 3380 });
    sagemaker
      .on(DescribeTrainingJobCommand)
      .resolvesOnce(describedAfter(phases.starting))
      .resolvesOnce(describedAfter(phases.training))
      .resolvesOnce(describedAfter(phases.uploading))
      .resolves(final);

    const { value, error } = await outcome(waitForTrainingJob(client, jobName, fast));

    expect(error).toBeUndefined();
    expect(value).toBe(final);
    expect(sagemaker).toHaveReceivedCommandTimes(DescribeTrainingJobCommand, 4);
    expect(sagemaker).toHaveReceivedCommandWith(DescribeTrainingJobCommand, { TrainingJobName: jobName });
  });

  it('fires onStatus once per change of status or secondary status, not once per poll', async () => {
    const outputs = [
      describedAfter(phases.starting),
      describedAfter(phases.starting),
      describedAfter(phases.downloading),
      describedAfter(phases.training),
      describedAfter(phases.training),
      describedAfter(phases.training),
      describedAfter(phases.uploading),
      describedAfter(phases.completed),
    ];
    let mock = sagemaker.on(DescribeTrainingJobCommand);
    for (const output of outputs) mock = mock.resolvesOnce(output);
    const events: TrainingJobStatusEvent[] = [];

    await outcome(waitForTrainingJob(client, jobName, { ...fast, onStatus: (e) => events.push(e) }));

    expect(events.map((e) => `${e.status}/${e.secondaryStatus}`)).toEqual([
      'InProgress/Starting',
      'InProgress/Downloading',
      'InProgress/Training',
      'InProgress/Uploading',
      'Completed/Completed',
    ]);
    const training = events[2]!;
    expect(training.jobName).toBe(jobName);
    expect(training.time).toEqual(new Date(createdAt.getTime() + 180_000));
    expect(training.secondsSinceCreation).toBe(180);
    expect(training.statusMessage).toBe('Training message');
    expect(training.description.SecondaryStatus).toBe('Training');
  });

  it('fires again when only the primary status changes', async () => {
    const stopping = describedAfter([...phases.training, ['Stopping', 900]]);
    const stoppingAgain = { ...stopping, TrainingJobStatus: 'Stopped' as const };
    sagemaker
      .on(DescribeTrainingJobCommand)
      .resolvesOnce(describedAfter(phases.training))
      .resolvesOnce(stopping)
      .resolvesOnce(stoppingAgain);
    const events: string[] = [];

    await outcome(waitForTrainingJob(client, jobName, { ...fast, onStatus: (e) => events.push(`${e.status}/${e.secondaryStatus}`) }));

    expect(events).toEqual(['InProgress/Training', 'Stopping/Stopping', 'Stopped/Stopping']);
  });

  it('resolves when the job ends Stopped', async () => {
    const stopped = describedAfter([...phases.training, ['Stopping', 900], ['Stopped', 930]]);
    sagemaker.on(DescribeTrainingJobCommand).resolvesOnce(describedAfter(phases.training)).resolves(stopped);

    const { value } = await outcome(waitForTrainingJob(client, jobName, fast));

    expect(value?.TrainingJobStatus).toBe('Stopped');
  });

  it('rejects a Stopped job with TrainingJobStoppedError when stoppedIsError is set', async () => {
    const stopped = describedAfter([...phases.training, ['Stopped', 930]]);
    sagemaker.on(DescribeTrainingJobCommand).resolves(stopped);

    const { error } = await outcome(waitForTrainingJob(client, jobName, { ...fast, stoppedIsError: true }));

    expect(error).toBeInstanceOf(TrainingJobStoppedError);
    expect((error as TrainingJobStoppedError).jobName).toBe(jobName);
    expect((error as TrainingJobStoppedError).description).toBe(stopped);
  });

  it('resolves a job the service stopped at MaxRuntime and reports MaxRuntimeExceeded in the event', async () => {
    const exceeded = describedAfter([...phases.training, ['MaxRuntimeExceeded', 3780]]);
    sagemaker.on(DescribeTrainingJobCommand).resolvesOnce(describedAfter(phases.training)).resolves(exceeded);
    const events: TrainingJobStatusEvent[] = [];

    const { value } = await outcome(waitForTrainingJob(client, jobName, { ...fast, onStatus: (e) => events.push(e) }));

    expect(value?.TrainingJobStatus).toBe('Stopped');
    expect(value?.SecondaryStatus).toBe('MaxRuntimeExceeded');
    expect(events.at(-1)).toMatchObject({ status: 'Stopped', secondaryStatus: 'MaxRuntimeExceeded', secondsSinceCreation: 3780 });
  });

  it('rejects with TrainingJobStoppedError for MaxRuntimeExceeded when stoppedIsError is set', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves(describedAfter([...phases.training, ['MaxRuntimeExceeded', 3780]]));

    const { error } = await outcome(waitForTrainingJob(client, jobName, { ...fast, stoppedIsError: true }));

    expect(error).toBeInstanceOf(TrainingJobStoppedError);
  });

  it('rejects with TrainingJobFailedError carrying the failure reason and the description', async () => {
    const reason = 'AlgorithmError: ExecuteUserScriptError: CUDA out of memory';
    const failed = describedAfter([...phases.training, ['Failed', 400]], { FailureReason: reason });
    sagemaker.on(DescribeTrainingJobCommand).resolvesOnce(describedAfter(phases.training)).resolves(failed);
    const events: TrainingJobStatusEvent[] = [];

    const { error } = await outcome(waitForTrainingJob(client, jobName, { ...fast, onStatus: (e) => events.push(e) }));

    expect(error).toBeInstanceOf(TrainingJobFailedError);
    expect(error).toMatchObject({ jobName, failureReason: reason, description: failed });
    expect(events.at(-1)?.secondaryStatus).toBe('Failed');
  });

  it('keeps waiting through throttling, 5xx and network errors', async () => {
    sagemaker
      .on(DescribeTrainingJobCommand)
      .resolvesOnce(describedAfter(phases.training))
      .rejectsOnce(serviceError('ThrottlingException', 'Rate exceeded'))
      .rejectsOnce(serviceError('InternalFailure', 'internal error', 500))
      .rejectsOnce(serviceError('ServiceUnavailable', 'unavailable', 503))
      .rejectsOnce(networkError('ECONNRESET'))
      .rejectsOnce(networkError('ECONNREFUSED'))
      .resolves(describedAfter(phases.completed));

    const { value, error } = await outcome(waitForTrainingJob(client, jobName, fast));

    expect(error).toBeUndefined();
    expect(value?.TrainingJobStatus).toBe('Completed');
    expect(describeCalls()).toBe(7);
  });

  it('keeps waiting when the very first describe is throttled', async () => {
    sagemaker
      .on(DescribeTrainingJobCommand)
      .rejectsOnce(serviceError('ThrottlingException', 'Rate exceeded'))
      .resolves(describedAfter(phases.completed));

    const { value } = await outcome(waitForTrainingJob(client, jobName, fast));

    expect(value?.TrainingJobStatus).toBe('Completed');
  });

  it('ends the wait on an error that retrying cannot fix', async () => {
    const denied = serviceError('AccessDeniedException', 'User is not authorized to perform: sagemaker:DescribeTrainingJob');
    sagemaker.on(DescribeTrainingJobCommand).resolvesOnce(describedAfter(phases.training)).rejects(denied);

    const { error } = await outcome(waitForTrainingJob(client, jobName, fast));

    expect(error).toBeInstanceOf(NotAuthorizedError);
    expect(error).toMatchObject({ action: 'sagemaker:DescribeTrainingJob', cause: denied });
    expect(describeCalls()).toBe(2);
  });

  it('rejects with TrainingJobNotFoundError when the job does not exist', async () => {
    sagemaker.on(DescribeTrainingJobCommand).rejects(serviceError('ValidationException', 'Requested resource not found.'));

    const { error } = await outcome(waitForTrainingJob(client, 'no-such-job', fast));

    expect(error).toBeInstanceOf(TrainingJobNotFoundError);
    expect((error as TrainingJobNotFoundError).jobName).toBe('no-such-job');
  });

  it('notices a finished job within maxDelay: no pause between polls exceeds it', async () => {
    const pollTimes: number[] = [];
    let polls = 0;
    sagemaker.on(DescribeTrainingJobCommand).callsFake(() => {
      pollTimes.push(Date.now());
      polls += 1;
      return polls < 40 ? describedAfter(phases.training) : describedAfter(phases.completed);
    });

    await outcome(waitForTrainingJob(client, jobName, { minDelay: 0.5, maxDelay: 3 }));

    const gaps = pollTimes.slice(1).map((t, i) => t - pollTimes[i]!);
    expect(gaps).toHaveLength(39);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(3_000);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500);
    // It backs off: the last pauses are at maxDelay.
    expect(gaps.at(-1)).toBe(3_000);
  });

  it('uses 5 s and 60 s as the default pauses', async () => {
    const pollTimes: number[] = [];
    let polls = 0;
    sagemaker.on(DescribeTrainingJobCommand).callsFake(() => {
      pollTimes.push(Date.now());
      polls += 1;
      return polls < 12 ? describedAfter(phases.training) : describedAfter(phases.completed);
    });

    await outcome(waitForTrainingJob(client, jobName));

    const gaps = pollTimes.slice(1).map((t, i) => t - pollTimes[i]!);
    expect(gaps[0]).toBe(5_000);
    expect(Math.max(...gaps)).toBe(60_000);
  });

  it('gives up after maxWaitTime with WaitTimeoutError and leaves the job alone', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves(describedAfter(phases.training));
    sagemaker.on(StopTrainingJobCommand).resolves({});

    const { error } = await outcome(waitForTrainingJob(client, jobName, { ...fast, maxWaitTime: 30 }));

    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({ jobName, stopped: false, lastStatus: 'InProgress/Training' });
    expect((error as WaitTimeoutError).waitedSeconds).toBeLessThanOrEqual(30);
    expect((error as WaitTimeoutError).waitedSeconds).toBeGreaterThan(30 - fast.maxDelay - 1);
    expect(sagemaker).toHaveReceivedCommandTimes(StopTrainingJobCommand, 0);
  });

  it('stops the job before giving up when stopOnTimeout is set', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves(describedAfter(phases.training));
    sagemaker.on(StopTrainingJobCommand).resolves({});

    const { error } = await outcome(waitForTrainingJob(client, jobName, { ...fast, maxWaitTime: 30, stopOnTimeout: true }));

    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).stopped).toBe(true);
    expect(sagemaker).toHaveReceivedCommandExactlyOnceWith(StopTrainingJobCommand, { TrainingJobName: jobName });
  });

  it('defaults maxWaitTime to MaxRuntime + MaxWait + 30 minutes, read from the first describe', async () => {
    const spotJob = describedAfter(phases.training, {
      StoppingCondition: { MaxRuntimeInSeconds: 600, MaxWaitTimeInSeconds: 900 },
    });
    sagemaker.on(DescribeTrainingJobCommand).resolves(spotJob);
    const wait = waitForTrainingJob(client, jobName, fast);
    let settled = false;
    wait.catch(() => undefined).finally(() => (settled = true));

    await vi.advanceTimersByTimeAsync((600 + 900 + 1800 - 10) * 1000);
    expect(settled).toBe(false);

    const { error } = await outcome(wait);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).waitedSeconds).toBeGreaterThanOrEqual(3300);
    expect((error as WaitTimeoutError).waitedSeconds).toBeLessThanOrEqual(3300 + fast.maxDelay + 1);
  });

  it('rejects with an AbortError when the signal aborts, and makes no call after that', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves(describedAfter(phases.training));
    const controller = new AbortController();
    const wait = waitForTrainingJob(client, jobName, { ...fast, signal: controller.signal });
    const settledWait = outcome(wait);
    await vi.advanceTimersByTimeAsync(10_000);
    const callsAtAbort = describeCalls();

    controller.abort();
    const { error } = await settledWait;
    await vi.advanceTimersByTimeAsync(60_000);

    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(describeCalls()).toBe(callsAtAbort);
    expect(sagemaker).toHaveReceivedCommandTimes(StopTrainingJobCommand, 0);
  });

  it('rejects with the signal reason when the caller gave one', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves(describedAfter(phases.training));
    const controller = new AbortController();
    const reason = new Error('user pressed Ctrl-C');
    const settledWait = outcome(waitForTrainingJob(client, jobName, { ...fast, signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(3_000);

    controller.abort(reason);

    expect((await settledWait).error).toBe(reason);
  });

  it('stops the job before rejecting when stopOnAbort is set', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves(describedAfter(phases.training));
    sagemaker.on(StopTrainingJobCommand).resolves({});
    const controller = new AbortController();
    const settledWait = outcome(waitForTrainingJob(client, jobName, { ...fast, signal: controller.signal, stopOnAbort: true }));
    await vi.advanceTimersByTimeAsync(3_000);

    controller.abort();
    const { error } = await settledWait;

    expect((error as Error).name).toBe('AbortError');
    expect(sagemaker).toHaveReceivedCommandExactlyOnceWith(StopTrainingJobCommand, { TrainingJobName: jobName });
  });

  it('rejects at once, without describing, when the signal is already aborted (stopping the job if asked)', async () => {
    sagemaker.on(StopTrainingJobCommand).resolves({});

    const { error } = await outcome(
      waitForTrainingJob(client, jobName, { ...fast, signal: AbortSignal.abort(), stopOnAbort: true }),
    );

    expect((error as Error).name).toBe('AbortError');
    expect(describeCalls()).toBe(0);
    expect(sagemaker).toHaveReceivedCommandTimes(StopTrainingJobCommand, 1);
  });

  it('rejects with JobNotStoppedError naming the job when stopping on abort fails, since the job may still run', async () => {
    const denied = serviceError('AccessDeniedException', 'not allowed to stop');
    sagemaker.on(DescribeTrainingJobCommand).resolves(describedAfter(phases.training));
    sagemaker.on(StopTrainingJobCommand).rejects(denied);
    const controller = new AbortController();
    const settledWait = outcome(waitForTrainingJob(client, jobName, { ...fast, signal: controller.signal, stopOnAbort: true }));
    await vi.advanceTimersByTimeAsync(2_000);

    controller.abort();

    const { error } = await settledWait;
    expect(error).toBeInstanceOf(JobNotStoppedError);
    expect(error).toMatchObject({ jobName, stopped: false, cause: { name: 'NotAuthorizedError', action: 'sagemaker:StopTrainingJob', cause: denied } });
  });

  it('ends the wait with the error an onStatus callback throws', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves(describedAfter(phases.training));
    const boom = new Error('callback failed');

    const { error } = await outcome(
      waitForTrainingJob(client, jobName, {
        ...fast,
        onStatus: () => {
          throw boom;
        },
      }),
    );

    expect(error).toBe(boom);
  });

  describe('never waits without bound', () => {
    const hang = () => new Promise<never>(() => undefined);

    it('ends at maxWaitTime by the wall clock even while a describe never answers', async () => {
      sagemaker.on(DescribeTrainingJobCommand).resolvesOnce(describedAfter(phases.training)).callsFake(hang);

      const { error } = await outcome(waitForTrainingJob(client, jobName, { ...fast, maxWaitTime: 10, timeouts: { firstByteMs: 3_600_000 } }));

      expect(error).toBeInstanceOf(WaitTimeoutError);
      expect((error as WaitTimeoutError).waitedSeconds).toBe(10);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('has a deadline before any describe succeeded: the service maximum, 28 days and 30 minutes', async () => {
      sagemaker.on(DescribeTrainingJobCommand).rejects(networkError('ECONNREFUSED'));
      let settled = false;
      // Daily polls: 28 simulated days in a few dozen steps.
      const wait = waitForTrainingJob(client, jobName, { minDelay: 3_600, maxDelay: 86_400, maxFailureTime: 40 * 86_400 });
      wait.catch(() => undefined).finally(() => (settled = true));

      await vi.advanceTimersByTimeAsync((28 * 86_400 + 1_800 - 5) * 1000);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(10_000);

      expect(settled).toBe(true);
      await expect(wait).rejects.toBeInstanceOf(WaitTimeoutError);
    });

    it('gives up with JobUnreachableError after maxFailureTime of failed describes, and reports every failure', async () => {
      const throttled = serviceError('ThrottlingException', 'Rate exceeded');
      sagemaker.on(DescribeTrainingJobCommand).rejects(throttled);
      const events: TrainingJobPollErrorEvent[] = [];

      const { error } = await outcome(waitForTrainingJob(client, jobName, { ...fast, maxFailureTime: 60, onPollError: (e) => events.push(e) }));

      expect(error).toBeInstanceOf(JobUnreachableError);
      expect(error).toBeInstanceOf(WaitTimeoutError);
      expect(error).toMatchObject({ jobName, stopped: false, failures: events.length, cause: throttled });
      expect((error as JobUnreachableError).failingSeconds).toBeGreaterThanOrEqual(60);
      expect((error as JobUnreachableError).failingSeconds).toBeLessThan(60 + fast.maxDelay + 1);
      expect(events.length).toBeGreaterThan(10);
      expect(events[0]).toMatchObject({ jobName, error: throttled, failures: 1, failingSeconds: 0, secondsLeft: 60 });
      expect((error as Error).message).toMatch(/ThrottlingException/);
    });

    it('starts the failure budget again after a describe that succeeds', async () => {
      let mock = sagemaker.on(DescribeTrainingJobCommand);
      for (let round = 0; round < 5; round++) {
        for (let i = 0; i < 8; i++) mock = mock.rejectsOnce(networkError('ECONNRESET'));
        mock = mock.resolvesOnce(describedAfter(phases.training));
      }
      mock.resolves(describedAfter(phases.completed));

      const { value, error } = await outcome(waitForTrainingJob(client, jobName, { ...fast, maxFailureTime: 30 }));

      expect(error).toBeUndefined();
      expect(value?.TrainingJobStatus).toBe('Completed');
    });

    it('stops the job when it gives up on a job it cannot reach, with stopOnTimeout', async () => {
      sagemaker.on(DescribeTrainingJobCommand).rejects(serviceError('ServiceUnavailable', 'down', 503));
      sagemaker.on(StopTrainingJobCommand).resolves({});

      const { error } = await outcome(waitForTrainingJob(client, jobName, { ...fast, maxFailureTime: 20, stopOnTimeout: true }));

      expect(error).toBeInstanceOf(JobUnreachableError);
      expect((error as JobUnreachableError).stopped).toBe(true);
      expect(sagemaker).toHaveReceivedCommandTimes(StopTrainingJobCommand, 1);
    });

    it('says stopped: false with the stop error when stopOnTimeout could not stop the job', async () => {
      const denied = serviceError('AccessDeniedException', 'no');
      sagemaker.on(DescribeTrainingJobCommand).resolves(describedAfter(phases.training));
      sagemaker.on(StopTrainingJobCommand).rejects(denied);

      const { error } = await outcome(waitForTrainingJob(client, jobName, { ...fast, maxWaitTime: 20, stopOnTimeout: true }));

      expect(error).toBeInstanceOf(WaitTimeoutError);
      expect(error).toMatchObject({ stopped: false });
      expect((error as WaitTimeoutError).stopError).toBeInstanceOf(JobNotStoppedError);
      expect(((error as WaitTimeoutError).stopError as Error).cause).toMatchObject({ name: 'NotAuthorizedError', cause: denied });
      expect((error as Error).message).toMatch(/StopTrainingJob failed: the job may still be running/);
    });

    it('settles at once when aborted during a pause, leaving no timer behind', async () => {
      sagemaker.on(DescribeTrainingJobCommand).resolves(describedAfter(phases.training));
      const controller = new AbortController();
      const wait = waitForTrainingJob(client, jobName, { minDelay: 50, maxDelay: 60, signal: controller.signal });
      const settledWait = outcome(wait);
      await vi.advanceTimersByTimeAsync(1_000);

      controller.abort();
      await Promise.resolve();
      await Promise.resolve();

      expect((await settledWait).error).toBeInstanceOf(DOMException);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('refuses a malformed job name before calling anything', async () => {
      await expect(waitForTrainingJob(client, 'no spaces allowed')).rejects.toBeInstanceOf(InvalidJobNameError);
      expect(describeCalls()).toBe(0);
    });
  });

  it.each([
    [{ maxFailureTime: 0 }, /maxFailureTime/],
    [{ stopOnTimeout: true, stop: { maxStopTime: 0 } }, /waitForTrainingJob: stop: maxStopTime/],
    [{ stop: { retry: { attempts: Number.NaN } } }, /stop: retry.attempts/],
    [{ minDelay: 3e6 }, /minDelay must be a finite number above 0 and at most/],
    [{ timeouts: { idleMs: 2 ** 31 } }, /timeouts.idleMs/],
    [{ maxFailureTime: Number.NaN }, /maxFailureTime/],
    [{ timeouts: { idleMs: Number.POSITIVE_INFINITY } }, /timeouts.idleMs/],
    [{ minDelay: 0 }, /minDelay/],
    [{ maxDelay: -1 }, /maxDelay/],
    [{ minDelay: 10, maxDelay: 5 }, /maxDelay/],
    [{ minDelay: 5, maxWaitTime: 5 }, /maxWaitTime/],
    [{ maxWaitTime: Number.NaN }, /maxWaitTime/],
  ])('rejects invalid options %o before calling anything', async (options, message) => {
    await expect(waitForTrainingJob(client, jobName, options)).rejects.toThrow(message);
    expect(describeCalls()).toBe(0);
  });
});
