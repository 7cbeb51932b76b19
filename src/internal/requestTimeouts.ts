/**
 * How long one request may stay silent. Every request sagemaker-bench sends (DescribeTrainingJob,
 * StopTrainingJob, CreateTrainingJob, GetObject, HeadObject, ListObjectsV2, GetLogEvents,
 * DescribeLogStreams) is bounded twice: the time to the first byte of its answer, and the
 * silence between two chunks of the answer's body. A request that runs over either is cut off
 * and retried like a dropped connection; see docs/lifecycle.md and docs/logs.md.
 *
 * @module
 */
import { delayMs } from './checkOptions';

/**
 * Time limits of one request, in milliseconds. Each attempt (the SDK's own retries included)
 * gets its own `firstByteMs`.
 *
 * @example
 * ```ts
 * import { describeTrainingJob } from 'sagemaker-bench';
 *
 * await describeTrainingJob(sagemaker, 'resnet50-p3-gpu4-b512-e2', { timeouts: { firstByteMs: 10_000, idleMs: 10_000 } });
 * ```
 */
export interface RequestTimeouts {
  /** Longest wait for the answer to start (its status line and headers). Default 30,000. */
  firstByteMs?: number;
  /** Longest silence in the middle of the answer's body (between two chunks). Default 30,000. */
  idleMs?: number;
}

/** {@link RequestTimeouts} with every limit set. */
export type ResolvedTimeouts = Readonly<Required<RequestTimeouts>>;

/** The limits used when none are given: 30 s to the first byte, 30 s of silence in a body. */
export const DEFAULT_TIMEOUTS: ResolvedTimeouts = Object.freeze({ firstByteMs: 30_000, idleMs: 30_000 });

/** `timeouts` with the defaults filled in, each checked (ms above 0, at most 2^31 - 1); `where` names the caller in errors. */
export function resolveTimeouts(where: string, timeouts: RequestTimeouts | undefined, defaults: ResolvedTimeouts = DEFAULT_TIMEOUTS): ResolvedTimeouts {
  if (timeouts === undefined) return defaults;
  if (typeof timeouts !== 'object' || timeouts === null) throw new TypeError(`${where}: timeouts must be an object, got ${String(timeouts)}`);
  return Object.freeze({
    firstByteMs: delayMs(where, 'timeouts.firstByteMs', timeouts.firstByteMs, defaults.firstByteMs),
    idleMs: delayMs(where, 'timeouts.idleMs', timeouts.idleMs, defaults.idleMs),
  });
}
