import type { DescribeTrainingJobCommandOutput, SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { WaiterResult } from '@smithy/util-waiter';
import { TrainingJobFailedError, TrainingJobStoppedError, WaitTimeoutError } from '../errors';
import { waiterLib } from '../internal/sdk';
import { abortReason } from '../internal/sleep';
import { describeTrainingJob } from './describeTrainingJob';
import { isTransient } from '../internal/isTransient';
import { stopTrainingJob } from './stopTrainingJob';
import type { TrainingJobStatusEvent } from './TrainingJobStatusEvent';

/** Options of {@link waitForTrainingJob}. Times are in seconds; fractions are allowed. */
export interface WaitOptions {
  /** Shortest pause between two DescribeTrainingJob calls. Default 5. */
  minDelay?: number;
  /** Longest pause between two calls: a job that ends is noticed within this. Default 60 (or `minDelay` if larger). */
  maxDelay?: number;
  /**
   * Give up after this long (WaitTimeoutError). Default: the job's MaxRuntimeInSeconds +
   * MaxWaitTimeInSeconds + 1800, read from the first DescribeTrainingJob, counted from the
   * start of the wait.
   */
  maxWaitTime?: number;
  /** Stop waiting when this aborts: the promise rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Called once for the first status seen and once per change of status or secondary status. */
  onStatus?: (event: TrainingJobStatusEvent) => void;
  /** Reject with TrainingJobStoppedError when the job ends Stopped (default: resolve). */
  stoppedIsError?: boolean;
  /** On timeout, call StopTrainingJob before rejecting, so nothing runs unwatched. */
  stopOnTimeout?: boolean;
  /** On abort, call StopTrainingJob before rejecting, so nothing runs unwatched. */
  stopOnAbort?: boolean;
}

/** Default pauses between polls, in seconds. */
export const DEFAULT_MIN_DELAY = 5;
export const DEFAULT_MAX_DELAY = 60;
/** Added to MaxRuntime + MaxWait for the default `maxWaitTime`, in seconds. */
export const DEFAULT_WAIT_MARGIN = 1800;
/** The service's default MaxRuntimeInSeconds (one day), used when a description lacks it. */
const SERVICE_DEFAULT_MAX_RUNTIME = 86_400;

type Description = DescribeTrainingJobCommandOutput;

function positiveSeconds(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`waitForTrainingJob: ${name} must be a positive number of seconds, got ${String(value)}`);
  }
  return value;
}

function defaultMaxWaitTime(description: Description): number {
  const stopping = description.StoppingCondition;
  return (stopping?.MaxRuntimeInSeconds ?? SERVICE_DEFAULT_MAX_RUNTIME) + (stopping?.MaxWaitTimeInSeconds ?? 0) + DEFAULT_WAIT_MARGIN;
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
 * Waits until a training job ends, polling DescribeTrainingJob with @smithy/util-waiter's
 * `createWaiter` (exponential backoff with jitter from `minDelay` up to `maxDelay`).
 *
 * - Resolves with the final DescribeTrainingJob output when the job is `Completed`, or
 *   `Stopped` (unless `stoppedIsError`: then {@link TrainingJobStoppedError}). A job the service
 *   stopped at its MaxRuntimeInSeconds is `Stopped` with SecondaryStatus `MaxRuntimeExceeded`:
 *   it resolves too; check `SecondaryStatus` (or `summarizeTrainingJob(...).timeLimitExceeded`).
 * - Rejects with {@link TrainingJobFailedError} (`jobName`, `failureReason`, `description`) when `Failed`;
 *   with `TrainingJobNotFoundError` when there is no such job; with {@link WaitTimeoutError}
 *   after `maxWaitTime`; with `signal.reason` (a DOMException named `AbortError` unless you
 *   aborted with a reason of your own) when `signal` aborts. `stopOnTimeout` / `stopOnAbort`
 *   call StopTrainingJob first (if that call fails, its error is thrown instead, because the
 *   job may still be running).
 * - Throttling, 5xx and network errors while waiting (after the SDK client's own retries) never
 *   end the wait: the next poll tries again. Other errors (access denied, ...) end it.
 * - `onStatus` fires once for the first status seen, then exactly once per change of
 *   (TrainingJobStatus, SecondaryStatus) between two polls. An exception it throws ends the wait.
 *
 * A job that ends is noticed within `maxDelay` seconds (60 by default; the SDK's own
 * `waitUntilTrainingJobCompletedOrStopped` backs off to 6 hours between polls). With an explicit
 * `maxWaitTime` the wait gives up at most `maxDelay` early (util-waiter's rule: no pause may end
 * past the deadline); with the default it is checked at each poll, so at most `maxDelay` late.
 * After an abort, util-waiter's pending pause (at most `maxDelay`) may keep the event loop alive
 * that long; it sends no request when it ends.
 *
 * @example
 * ```ts
 * import { createClients, formatStatusEvent, summarizeTrainingJob, waitForTrainingJob } from 'sagemaker-bench';
 *
 * const { sagemaker } = createClients();
 * const final = await waitForTrainingJob(sagemaker, 'resnet50-p3-gpu4-b512-e2', {
 *   onStatus: (event) => console.log(formatStatusEvent(event)),
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
  const minDelay = positiveSeconds('minDelay', options.minDelay, DEFAULT_MIN_DELAY);
  const maxDelay = positiveSeconds('maxDelay', options.maxDelay, Math.max(DEFAULT_MAX_DELAY, minDelay));
  const maxWaitTime = options.maxWaitTime === undefined ? undefined : positiveSeconds('maxWaitTime', options.maxWaitTime, 0);
  if (maxDelay < minDelay) {
    throw new RangeError(`waitForTrainingJob: maxDelay (${maxDelay}) must not be less than minDelay (${minDelay})`);
  }
  if (maxWaitTime !== undefined && maxWaitTime <= minDelay) {
    throw new RangeError(`waitForTrainingJob: maxWaitTime (${maxWaitTime}) must be greater than minDelay (${minDelay})`);
  }
  const { signal } = options;
  const { createWaiter, WaiterState } = waiterLib();
  const started = Date.now();

  let last: Description | undefined;
  let lastKey: string | undefined;
  /** Deadline from the job's own limits, when the caller gave no maxWaitTime (checked at each poll). */
  let jobDeadline: number | undefined;
  let failure: Error | undefined;

  const stopThenThrow = async (reason: unknown, stop: boolean | undefined): Promise<never> => {
    if (stop) await stopTrainingJob(client, jobName);
    throw reason;
  };

  if (signal?.aborted) return stopThenThrow(abortReason(signal), options.stopOnAbort);

  const checkState = async (): Promise<WaiterResult> => {
    if (signal?.aborted) return { state: WaiterState.ABORTED };
    let description: Description;
    try {
      description = await describeTrainingJob(client, jobName, signal ? { signal } : {});
    } catch (error) {
      if (signal?.aborted) return { state: WaiterState.ABORTED };
      if (!isTransient(error)) {
        failure = error instanceof Error ? error : new Error(String(error));
        return { state: WaiterState.FAILURE, reason: error };
      }
      if (jobDeadline !== undefined && Date.now() >= jobDeadline) return { state: WaiterState.TIMEOUT, reason: error };
      return { state: WaiterState.RETRY, reason: error };
    }
    last = description;
    if (maxWaitTime === undefined) jobDeadline ??= started + defaultMaxWaitTime(description) * 1000;

    const key = `${description.TrainingJobStatus}\u0000${description.SecondaryStatus}`;
    if (key !== lastKey) {
      lastKey = key;
      options.onStatus?.(statusEvent(jobName, description));
    }

    switch (description.TrainingJobStatus) {
      case 'Completed':
        return { state: WaiterState.SUCCESS, reason: description };
      case 'Stopped':
        if (!options.stoppedIsError) return { state: WaiterState.SUCCESS, reason: description };
        failure = new TrainingJobStoppedError(jobName, description);
        return { state: WaiterState.FAILURE, reason: description };
      case 'Failed':
        failure = new TrainingJobFailedError(jobName, description);
        return { state: WaiterState.FAILURE, reason: description };
      default:
        if (jobDeadline !== undefined && Date.now() >= jobDeadline) return { state: WaiterState.TIMEOUT, reason: description };
        return { state: WaiterState.RETRY, reason: description };
    }
  };

  const result = await createWaiter(
    {
      client,
      minDelay,
      maxDelay,
      // With no maxWaitTime the deadline comes from the first description, checked in checkState.
      maxWaitTime: maxWaitTime ?? Number.POSITIVE_INFINITY,
      ...(signal ? { abortSignal: signal } : {}),
    },
    { TrainingJobName: jobName },
    checkState,
  );

  switch (result.state) {
    case WaiterState.SUCCESS:
      return last as Description;
    case WaiterState.ABORTED:
      return stopThenThrow(signal ? abortReason(signal) : new DOMException('This operation was aborted', 'AbortError'), options.stopOnAbort);
    case WaiterState.TIMEOUT: {
      const waitedSeconds = (Date.now() - started) / 1000;
      if (options.stopOnTimeout) await stopTrainingJob(client, jobName);
      throw new WaitTimeoutError(jobName, {
        waitedSeconds,
        lastStatus: statusText(last),
        stopped: options.stopOnTimeout === true,
      });
    }
    default:
      throw failure ?? new Error(`waitForTrainingJob: the waiter ended in state ${result.state}`);
  }
}
