/**
 * How long one request may stay silent. Every request sagemaker-bench sends (DescribeTrainingJob,
 * StopTrainingJob, CreateTrainingJob, GetObject, HeadObject, ListObjectsV2, GetLogEvents,
 * DescribeLogStreams) is bounded twice: the time to the first byte of its answer, and the
 * silence between two chunks of the answer's body. A request that runs over either is cut off
 * and retried like a dropped connection; see
 * {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/lifecycle.md#time-limits-no-request-waits-forever | docs/lifecycle.md} and
 * {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/logs.md | docs/logs.md}.
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

const LIMITS = ['firstByteMs', 'idleMs'] as const;

/** Resolved limits, with the names of those that are {@link DEFAULT_TIMEOUTS}' because none was given. */
const defaultedLimits = new WeakMap<ResolvedTimeouts, readonly (keyof RequestTimeouts)[]>([[DEFAULT_TIMEOUTS, LIMITS]]);

/** The limits a client was made with (`createClients({ timeouts })`): they replace the defaults for its requests. */
const clientLimits = new WeakMap<object, RequestTimeouts>();

/** `timeouts` with the defaults filled in, each checked (ms above 0, at most 2^31 - 1); `where` names the caller in errors. */
export function resolveTimeouts(where: string, timeouts: RequestTimeouts | undefined, defaults: ResolvedTimeouts = DEFAULT_TIMEOUTS): ResolvedTimeouts {
  if (timeouts === undefined) return defaults;
  if (typeof timeouts !== 'object' || timeouts === null) throw new TypeError(`${where}: timeouts must be an object, got ${String(timeouts)}`);
  const resolved = Object.freeze({
    firstByteMs: delayMs(where, 'timeouts.firstByteMs', timeouts.firstByteMs, defaults.firstByteMs),
    idleMs: delayMs(where, 'timeouts.idleMs', timeouts.idleMs, defaults.idleMs),
  });
  const defaulted = LIMITS.filter((limit) => timeouts[limit] === undefined);
  if (defaults === DEFAULT_TIMEOUTS && defaulted.length > 0) defaultedLimits.set(resolved, defaulted);
  return resolved;
}

/**
 * Makes `limits` the defaults of every request sagemaker-bench sends with `client` (what
 * `createClients({ timeouts })` does): a limit the caller of a function gives still wins.
 *
 * @example
 * ```ts
 * setClientTimeouts(s3, { firstByteMs: 5_000 });
 * ```
 */
export function setClientTimeouts(client: object, limits: RequestTimeouts): void {
  clientLimits.set(client, Object.freeze({ ...limits }));
}

/**
 * The limits of one request with `client`: `timeouts`, except that a limit left to its default
 * (no `timeouts` given, or not that one) is the client's own when it was made with one.
 *
 * @example
 * ```ts
 * const limits = timeoutsFor(client, resolveTimeouts('readLog', undefined)); // the client's, else 30 s / 30 s
 * ```
 */
export function timeoutsFor(client: object, timeouts: ResolvedTimeouts): ResolvedTimeouts {
  const own = clientLimits.get(client);
  const defaulted = defaultedLimits.get(timeouts);
  if (own === undefined || defaulted === undefined) return timeouts;
  const limits = { ...timeouts };
  for (const limit of defaulted) limits[limit] = own[limit] ?? timeouts[limit];
  return Object.freeze(limits);
}
