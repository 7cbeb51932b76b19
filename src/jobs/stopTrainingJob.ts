import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { JobNotStoppedError, TrainingJobNotFoundError } from '../errors';
import { errorName } from '../internal/awsErrorInfo';
import { delaySeconds } from '../internal/checkOptions';
import { isTransient } from '../internal/isTransient';
import { resolveTimeouts } from '../internal/requestTimeouts';
import type { RequestTimeouts, ResolvedTimeouts } from '../internal/requestTimeouts';
import { sageMakerSdk } from '../internal/sdk';
import { sendRequest } from '../internal/sendRequest';
import { abortReason, linkedAbortController } from '../internal/sleep';
import { checkRetryOptions, withRetry } from '../internal/withRetry';
import type { RetryLimits, RetryOptions } from '../internal/withRetry';
import { describeTrainingJob } from './describeTrainingJob';
import { checkJobName } from './internal/checkJobName';
import { isNotFound } from './internal/isNotFound';

/** Options of {@link stopTrainingJob}. */
export interface StopOptions {
  /**
   * Give up after this many seconds of trying (default 300): the promise then rejects with
   * {@link JobNotStoppedError}. Bounds the whole stop, whatever the service does.
   */
  maxStopTime?: number;
  /** Retries of throttling, 5xx, dropped connections and timeouts (default: 30 attempts, 500 ms base, 10 s cap). */
  retry?: Pick<RetryOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs'>;
  /** Time to the first byte of each answer and silence in its body (default 30 s each). */
  timeouts?: RequestTimeouts;
  /** Cancels the stop; the promise then rejects with the signal's reason (the job may still be running). */
  signal?: AbortSignal;
}

/** Statuses in which a job is stopping or over: asking it to stop again is not an error. */
const ALREADY_ENDING = new Set(['Stopping', 'Stopped', 'Completed', 'Failed']);

/** A stop that must happen gets far more than the SDK's 3 attempts. */
export const STOP_RETRY: Readonly<RetryLimits> = Object.freeze({ attempts: 30, baseDelayMs: 500, maxDelayMs: 10_000 });
/** Seconds a stop is tried at most, by default. */
export const DEFAULT_MAX_STOP_TIME = 300;

/**
 * StopTrainingJob: asks SageMaker to stop a job (it sends SIGTERM to the container, which has
 * 120 seconds to save its work; the job then goes Stopping, then Stopped). Resolves once the
 * request is accepted; use {@link waitForTrainingJob} to wait for `Stopped`.
 *
 * A stop is what keeps a job from billing, so it is tried hard and for a bounded time:
 * throttling, 5xx answers, dropped connections and requests that hang (no answer within
 * `timeouts.firstByteMs`) are retried with backoff, up to `retry.attempts` (default 30) and
 * `maxStopTime` seconds (default 300). Whatever happens, the caller learns whether the job was
 * stopped: the promise resolves (stopped, or already over), or rejects with
 * {@link JobNotStoppedError} (`jobName`, `attempts`, the last error as `cause`), or with
 * {@link TrainingJobNotFoundError} when there is no such job, or with the signal's reason when
 * you abort it.
 *
 * Stopping a job that is already Stopping, Stopped, Completed or Failed is not an error: the
 * service answers those with a ValidationException, and this function then describes the job
 * to confirm its status rather than guess from the message.
 *
 * @example
 * ```ts
 * import { JobNotStoppedError, createClients, stopTrainingJob, waitForTrainingJob } from 'sagemaker-bench';
 *
 * const { sagemaker } = createClients();
 * try {
 *   await stopTrainingJob(sagemaker, 'resnet50-p3-gpu4-b512-e2');
 *   await waitForTrainingJob(sagemaker, 'resnet50-p3-gpu4-b512-e2'); // resolves when Stopped
 * } catch (err) {
 *   if (err instanceof JobNotStoppedError) console.error(`still running: ${err.jobName}`);
 *   throw err;
 * }
 * ```
 */
export async function stopTrainingJob(client: SageMakerClient, jobName: string, options: StopOptions = {}): Promise<void> {
  checkJobName(jobName);
  const { maxStopTime, retry } = checkStopOptions('stopTrainingJob', options);
  const timeouts = resolveTimeouts('stopTrainingJob', options.timeouts);
  const { signal } = options;
  if (signal?.aborted) throw abortReason(signal);

  const started = Date.now();
  const { controller: deadline, release } = linkedAbortController(signal);
  const timer = setTimeout(() => deadline.abort(new Error('maxStopTime reached')), maxStopTime * 1000);
  let attempts = 0;
  let lastError: unknown;
  const notStopped = (why: string, cause: unknown): JobNotStoppedError =>
    new JobNotStoppedError(jobName, { attempts, elapsedSeconds: (Date.now() - started) / 1000, why }, { cause });

  try {
    await withRetry(
      async () => {
        attempts++;
        try {
          await sendStop(client, jobName, deadline.signal, timeouts);
        } catch (error) {
          // The deadline's own abort of the attempt in flight says nothing about why the stop failed.
          if (!deadline.signal.aborted) lastError = error;
          throw error;
        }
      },
      deadline.signal,
      retry,
    );
  } catch (error) {
    if (signal?.aborted) throw abortReason(signal);
    if (deadline.signal.aborted) throw notStopped(`no success within maxStopTime (${maxStopTime} s)`, lastError);
    if (isNotFound(error)) throw new TrainingJobNotFoundError(jobName, { cause: error });
    if (errorName(error) === 'ValidationException') {
      await confirmEnding(client, jobName, error, deadline.signal, timeouts, retry, notStopped, signal);
      return;
    }
    throw notStopped(isTransient(error) ? `${retry.attempts} attempts failed` : 'the service refused', error);
  } finally {
    clearTimeout(timer);
    release();
  }
}

/**
 * The `maxStopTime` and `retry` of a stop, checked (where: who was given them) and defaulted:
 * `waitForTrainingJob` checks its `stop` option with it at the start, not when it must stop.
 */
export function checkStopOptions(where: string, options: Pick<StopOptions, 'maxStopTime' | 'retry'> | undefined): { maxStopTime: number; retry: RetryLimits } {
  return {
    maxStopTime: delaySeconds(where, 'maxStopTime', options?.maxStopTime, DEFAULT_MAX_STOP_TIME),
    retry: checkRetryOptions(where, options?.retry, STOP_RETRY),
  };
}

async function sendStop(client: SageMakerClient, jobName: string, signal: AbortSignal, timeouts: ResolvedTimeouts): Promise<void> {
  const { StopTrainingJobCommand } = sageMakerSdk();
  await sendRequest(client, new StopTrainingJobCommand({ TrainingJobName: jobName }), {
    signal,
    timeouts,
    resource: `training job ${jobName}`,
    operation: 'StopTrainingJob',
  });
}

/** After a ValidationException: the job is already ending (fine), missing, or the refusal stands. */
async function confirmEnding(
  client: SageMakerClient,
  jobName: string,
  refusal: unknown,
  deadline: AbortSignal,
  timeouts: ResolvedTimeouts,
  retry: RetryLimits,
  notStopped: (why: string, cause: unknown) => JobNotStoppedError,
  signal: AbortSignal | undefined,
): Promise<void> {
  let status: string | undefined;
  try {
    status = (await withRetry(() => describeTrainingJob(client, jobName, { signal: deadline, timeouts }), deadline, retry)).TrainingJobStatus;
  } catch (error) {
    if (signal?.aborted) throw abortReason(signal);
    if (error instanceof TrainingJobNotFoundError) throw error;
    throw notStopped('the service refused it and the job status could not be read', refusal);
  }
  if (status === undefined || !ALREADY_ENDING.has(status)) throw notStopped(`the service refused it (the job is ${status ?? 'in an unknown state'})`, refusal);
}
