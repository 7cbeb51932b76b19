import type { DescribeTrainingJobCommandOutput, SageMakerClient } from '@aws-sdk/client-sagemaker';
import {
  JobUnreachableError,
  TrainingJobFailedError,
  TrainingJobStoppedError,
  WaitTimeoutError,
} from '../errors';
import { delaySeconds, positiveNumber } from '../internal/checkOptions';
import { isTransient } from '../internal/isTransient';
import { resolveTimeouts } from '../internal/requestTimeouts';
import type { RequestTimeouts } from '../internal/requestTimeouts';
import { abortReason, linkedAbortController, sleep } from '../internal/sleep';
import { describeTrainingJob } from './describeTrainingJob';
import { checkJobName } from './internal/checkJobName';
import { checkStopOptions, stopTrainingJob } from './stopTrainingJob';
import type { StopOptions } from './stopTrainingJob';
import type { TrainingJobStatusEvent } from './TrainingJobStatusEvent';

/** What `waitForTrainingJob` tells `onPollError` each time a DescribeTrainingJob fails and the wait goes on. */
export interface TrainingJobPollErrorEvent {
  /** The training job being waited for. */
  jobName: string;
  /** The error (throttling, 5xx, a network error, a {@link RequestTimeoutError}, ...). */
  error: unknown;
  /** DescribeTrainingJob calls that failed in a row, this one included. */
  failures: number;
  /** Seconds since the first of those failures. */
  failingSeconds: number;
  /** Seconds left before the wait gives up with {@link JobUnreachableError} if the failures go on. */
  secondsLeft: number;
}

/** Options of {@link waitForTrainingJob}. Times are in seconds; fractions are allowed. */
export interface WaitOptions {
  /** Shortest pause between two DescribeTrainingJob calls. Default 5. */
  minDelay?: number;
  /** Longest pause between two calls: a job that ends is noticed within this. Default 60 (or `minDelay` if larger). */
  maxDelay?: number;
  /**
   * Give up after this long, by the wall clock (WaitTimeoutError), even in the middle of a
   * request. Default: the job's MaxRuntimeInSeconds + MaxWaitTimeInSeconds + 1800 once a
   * DescribeTrainingJob has said what they are, and until then the service's largest
   * MaxRuntimeInSeconds (28 days) + 1800; counted from the start of the wait.
   */
  maxWaitTime?: number;
  /**
   * Give up (JobUnreachableError) when every DescribeTrainingJob has failed for this long in a
   * row (throttling, 5xx, network errors, timeouts). Default 900 (15 minutes).
   */
  maxFailureTime?: number;
  /** Stop waiting when this aborts: the promise rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Called once for the first status seen and once per change of status or secondary status. */
  onStatus?: (event: TrainingJobStatusEvent) => void;
  /** Called for each DescribeTrainingJob that failed with an error the wait goes on after: a long run of them is never silent. */
  onPollError?: (event: TrainingJobPollErrorEvent) => void;
  /** Reject with TrainingJobStoppedError when the job ends Stopped (default: resolve). */
  stoppedIsError?: boolean;
  /** On timeout (or JobUnreachableError), call StopTrainingJob before rejecting, so nothing runs unwatched. */
  stopOnTimeout?: boolean;
  /** On abort, call StopTrainingJob before rejecting, so nothing runs unwatched. */
  stopOnAbort?: boolean;
  /** How the stop of `stopOnTimeout` / `stopOnAbort` is tried (default: 30 attempts within 300 s). */
  stop?: Pick<StopOptions, 'maxStopTime' | 'retry'>;
  /** Time to the first byte of each answer and silence in its body (default 30 s each). */
  timeouts?: RequestTimeouts;
}

/** Default pauses between polls, in seconds. */
export const DEFAULT_MIN_DELAY = 5;
export const DEFAULT_MAX_DELAY = 60;
/** Added to MaxRuntime + MaxWait for the default `maxWaitTime`, in seconds. */
export const DEFAULT_WAIT_MARGIN = 1800;
/** Default `maxFailureTime`, in seconds. */
export const DEFAULT_MAX_FAILURE_TIME = 900;
/** The service's default MaxRuntimeInSeconds (one day), used when a description lacks it. */
const SERVICE_DEFAULT_MAX_RUNTIME = 86_400;
/** The service's largest MaxRuntimeInSeconds (28 days): the default limit before any description. */
const SERVICE_MAX_RUNTIME = 28 * 86_400;
/** setTimeout's longest delay; longer deadlines are re-armed in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

type Description = DescribeTrainingJobCommandOutput;

function defaultMaxWaitTime(description: Description): number {
  const stopping = description.StoppingCondition;
  return (stopping?.MaxRuntimeInSeconds ?? SERVICE_DEFAULT_MAX_RUNTIME) + (stopping?.MaxWaitTimeInSeconds ?? 0) + DEFAULT_WAIT_MARGIN;
}

/**
 * The pause before poll number `poll` (1-based), in ms: @smithy/util-waiter's rule (the SDK's
 * waiters): random between `min` and a cap that doubles from `min` up to `max`, then `max`.
 */
function pauseMs(poll: number, minMs: number, maxMs: number): number {
  const ceiling = Math.log(maxMs / minMs) / Math.log(2) + 1;
  if (poll > ceiling) return maxMs;
  const cap = Math.min(minMs * 2 ** (poll - 1), maxMs);
  return minMs + Math.random() * (cap - minMs);
}

/** A wall-clock deadline that can be moved earlier; aborts `controller` with `reason` when reached. */
class Deadline {
  #at: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #onReach: () => void;

  constructor(at: number, onReach: () => void) {
    this.#at = at;
    this.#onReach = onReach;
    this.#arm();
  }

  get at(): number {
    return this.#at;
  }

  /** Moves the deadline to `at` if that is earlier. */
  tighten(at: number): void {
    if (at >= this.#at) return;
    this.#at = at;
    this.clear();
    this.#arm();
  }

  clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(): void {
    const left = this.#at - Date.now();
    if (left <= 0) {
      this.#onReach();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#arm();
    }, Math.min(left, MAX_TIMER_MS));
  }
}

function statusEvent(jobName: string, description: Description): TrainingJobStatusEvent {
  const status = description.TrainingJobStatus ?? 'Unknown';
  const secondaryStatus = description.SecondaryStatus ?? status;
  const transitions = description.SecondaryStatusTransitions ?? [];
  const current = transitions.length > 0 ? transitions[transitions.length - 1] : undefined;
  const matching = current?.Status === secondaryStatus ? current : undefined;
  const when = matching?.StartTime ?? description.LastModifiedTime;
  const time = when ? new Date(when) : new Date();
  const event: TrainingJobStatusEvent = { jobName, status, secondaryStatus, time, description };
  const message = matching?.StatusMessage ?? (status === 'Failed' ? description.FailureReason : undefined);
  if (message) event.statusMessage = message;
  if (description.CreationTime) {
    event.secondsSinceCreation = (time.getTime() - new Date(description.CreationTime).getTime()) / 1000;
  }
  return event;
}

function statusText(description: Description | undefined): string | undefined {
  if (!description?.TrainingJobStatus) return undefined;
  const secondary = description.SecondaryStatus;
  return secondary && secondary !== description.TrainingJobStatus
    ? `${description.TrainingJobStatus}/${secondary}`
    : description.TrainingJobStatus;
}

/**
 * Waits until a training job ends, polling DescribeTrainingJob with exponential backoff and
 * jitter from `minDelay` up to `maxDelay` (the rule of the SDK's own waiters, with shorter
 * pauses: a job that ends is noticed within `maxDelay`, 60 s by default, where the SDK's
 * `waitUntilTrainingJobCompletedOrStopped` backs off to 6 hours).
 *
 * - Resolves with the final DescribeTrainingJob output when the job is `Completed`, or
 *   `Stopped` (unless `stoppedIsError`: then {@link TrainingJobStoppedError}). A job the service
 *   stopped at its MaxRuntimeInSeconds is `Stopped` with SecondaryStatus `MaxRuntimeExceeded`:
 *   it resolves too; check `SecondaryStatus` (or `summarizeTrainingJob(...).timeLimitExceeded`).
 * - Rejects with {@link TrainingJobFailedError} (`jobName`, `failureReason`, `description`) when
 *   `Failed`; with `TrainingJobNotFoundError` when there is no such job; with
 *   {@link InvalidJobNameError}, before any request, for a name SageMaker could never accept.
 * - **Never waits without bound.** `maxWaitTime` is a wall-clock limit that ends the wait on
 *   time, even in the middle of a request ({@link WaitTimeoutError}); by default it is the job's
 *   own limits plus 30 minutes, and before any describe has succeeded, 28 days plus 30 minutes.
 *   Each request is bounded by `timeouts`. Throttling, 5xx, network errors and timeouts of a
 *   describe never end the wait by themselves (the next poll tries again) and each one is told
 *   to `onPollError`; but when they go on for `maxFailureTime` seconds in a row (15 minutes by
 *   default), the wait gives up with {@link JobUnreachableError} (a WaitTimeoutError).
 * - Rejects with `signal.reason` when `signal` aborts (a DOMException named `AbortError`
 *   unless you aborted with a reason of your own), at once: no pause or request outlives it.
 * - `stopOnTimeout` / `stopOnAbort` stop the job first, with a stop of its own that retries
 *   hard within a bounded time (see {@link stopTrainingJob}): the timeout error then says
 *   `stopped: true`, or `stopped: false` with `stopError`; after an abort, the promise rejects
 *   with `signal.reason` when the job was stopped and with {@link JobNotStoppedError} (naming
 *   the job) when it could not be.
 * - `onStatus` fires once for the first status seen, then exactly once per change of
 *   (TrainingJobStatus, SecondaryStatus) between two polls. An exception it throws ends the wait.
 *
 * @example
 * ```ts
 * import { createClients, formatStatusEvent, summarizeTrainingJob, waitForTrainingJob } from 'sagemaker-bench';
 *
 * const { sagemaker } = createClients();
 * const final = await waitForTrainingJob(sagemaker, 'resnet50-p3-gpu4-b512-e2', {
 *   onStatus: (event) => console.log(formatStatusEvent(event)),
 *   onPollError: (event) => console.warn(`describe failed ${event.failures}x: ${String(event.error)}`),
 *   signal: AbortSignal.timeout(2 * 3600 * 1000),
 *   stopOnAbort: true,
 * });
 * console.log(summarizeTrainingJob(final));
 * ```
 */
export async function waitForTrainingJob(
  client: SageMakerClient,
  jobName: string,
  options: WaitOptions = {},
): Promise<DescribeTrainingJobCommandOutput> {
  checkJobName(jobName);
  const where = 'waitForTrainingJob';
  const minDelay = delaySeconds(where, 'minDelay', options.minDelay, DEFAULT_MIN_DELAY);
  const maxDelay = delaySeconds(where, 'maxDelay', options.maxDelay, Math.max(DEFAULT_MAX_DELAY, minDelay));
  const maxWaitTime = options.maxWaitTime === undefined ? undefined : positiveNumber(where, 'maxWaitTime', options.maxWaitTime, 0);
  const maxFailureTime = positiveNumber(where, 'maxFailureTime', options.maxFailureTime, DEFAULT_MAX_FAILURE_TIME);
  if (maxDelay < minDelay) throw new RangeError(`${where}: maxDelay (${maxDelay}) must not be less than minDelay (${minDelay})`);
  if (maxWaitTime !== undefined && maxWaitTime <= minDelay) {
    throw new RangeError(`${where}: maxWaitTime (${maxWaitTime}) must be greater than minDelay (${minDelay})`);
  }
  const timeouts = resolveTimeouts(where, options.timeouts);
  // Checked now: a bad stop option found only when the job must be stopped would leave it running.
  const stopOptions = checkStopOptions(`${where}: stop`, options.stop);
  const { signal } = options;
  const stop = async (): Promise<{ stopped: boolean; stopError?: unknown }> => {
    try {
      await stopTrainingJob(client, jobName, { ...stopOptions, timeouts });
      return { stopped: true };
    } catch (stopError) {
      return { stopped: false, stopError };
    }
  };
  const onAbort = async (): Promise<never> => {
    const reason = abortReason(signal!);
    if (options.stopOnAbort) {
      const outcome = await stop();
      if (!outcome.stopped) throw outcome.stopError;
    }
    throw reason;
  };
  if (signal?.aborted) return onAbort();

  const started = Date.now();
  const { controller: inner, release } = linkedAbortController(signal);
  let timedOut = false;
  const deadline = new Deadline(started + (maxWaitTime ?? SERVICE_MAX_RUNTIME + DEFAULT_WAIT_MARGIN) * 1000, () => {
    timedOut = true;
    inner.abort(new DOMException('The wait reached its deadline', 'TimeoutError'));
  });

  let last: Description | undefined;
  let lastKey: string | undefined;
  let failures = 0;
  let failingSince = 0;
  let lastFailure: unknown;

  const giveUp = async (unreachable: boolean): Promise<never> => {
    const outcome = options.stopOnTimeout ? await stop() : { stopped: false };
    const waitedSeconds = (Date.now() - started) / 1000;
    const details = { waitedSeconds, lastStatus: statusText(last), ...outcome };
    if (unreachable) {
      throw new JobUnreachableError(
        jobName,
        { ...details, failures, failingSeconds: (Date.now() - failingSince) / 1000 },
        { cause: lastFailure },
      );
    }
    throw new WaitTimeoutError(jobName, details);
  };

  try {
    for (let poll = 0; ; poll++) {
      let description: Description;
      try {
        if (poll > 0) await sleep(pauseMs(poll, minDelay * 1000, maxDelay * 1000), inner.signal);
        description = await describeTrainingJob(client, jobName, { signal: inner.signal, timeouts });
      } catch (error) {
        if (signal?.aborted) return await onAbort();
        if (timedOut) return await giveUp(false);
        if (!isTransient(error)) throw error;
        if (failures === 0) failingSince = Date.now();
        failures++;
        lastFailure = error;
        const failingSeconds = (Date.now() - failingSince) / 1000;
        options.onPollError?.({ jobName, error, failures, failingSeconds, secondsLeft: Math.max(0, maxFailureTime - failingSeconds) });
        if (failingSeconds >= maxFailureTime) return await giveUp(true);
        continue;
      }
      failures = 0;
      last = description;
      if (maxWaitTime === undefined) deadline.tighten(started + defaultMaxWaitTime(description) * 1000);
      const key = `${description.TrainingJobStatus}\u0000${description.SecondaryStatus}`;
      if (key !== lastKey) {
        lastKey = key;
        options.onStatus?.(statusEvent(jobName, description));
      }
      switch (description.TrainingJobStatus) {
        case 'Completed':
          return description;
        case 'Stopped':
          if (options.stoppedIsError) throw new TrainingJobStoppedError(jobName, description);
          return description;
        case 'Failed':
          throw new TrainingJobFailedError(jobName, description);
      }
      if (timedOut) return await giveUp(false);
    }
  } finally {
    deadline.clear();
    release();
  }
}
