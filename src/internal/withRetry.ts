/**
 * Retries an AWS call on transient errors (throttling, 5xx, timeouts, dropped connections), on
 * top of the SDK's own retries, with capped exponential backoff and full jitter. The call is
 * given the attempt number; it must be idempotent (the log readers re-send the very same
 * request: same token, same time range, so a retried page is neither lost nor repeated).
 * Aborting stops at once, even in the middle of a wait. Internal.
 */
import { MAX_TIMER_MS, integerAtLeast, nonNegativeNumber } from './checkOptions';
import { isTransient } from './isTransient';
import { abortReason, sleep } from './sleep';

/**
 * How hard a call is retried on throttling, 5xx, timeouts and dropped connections, with capped
 * exponential backoff and full jitter: the `retry` option of `launchTrainingJob`,
 * `stopTrainingJob`, `fetchTrainingQuotas` and the log sources (each says its defaults;
 * `withRetry`'s own are `DEFAULT_RETRY`).
 *
 * @example
 * ```ts
 * await stopTrainingJob(clients.sagemaker, 'resnet50-p3-gpu4-b512-e2', { retry: { attempts: 5, maxDelayMs: 2000 } });
 * ```
 */
export interface RetryOptions {
  /** Attempts in all, the first included (an integer >= 1). */
  attempts?: number;
  /** Upper bound of the first wait, in ms, doubled after each failure. */
  baseDelayMs?: number;
  /** Cap of one wait, in ms. */
  maxDelayMs?: number;
  /**
   * Which errors are worth another attempt (default {@link isTransient}).
   *
   * @internal
   */
  isRetryable?: (error: unknown) => boolean;
  /**
   * Told about each failure that will be retried (tests, diagnostics).
   *
   * @internal
   */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /**
   * Failures that do not use up an attempt (they are still backed off): throttling of one
   * reader while the others sharing its rate limiter make progress. At most `maxFree` of them.
   *
   * @internal
   */
  isFree?: (error: unknown) => boolean;
  /**
   * Most free retries of one call (default 100).
   *
   * @internal
   */
  maxFree?: number;
  /**
   * Random number in [0, 1) for the jitter (tests).
   *
   * @internal
   */
  random?: () => number;
}

/** The attempts and delays of a retry policy, all set. */
export type RetryLimits = Required<Pick<RetryOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs'>>;

/** What {@link withRetry} does when told nothing: 8 attempts, 250 ms base, 8 s cap. */
export const DEFAULT_RETRY: Readonly<RetryLimits> = Object.freeze({ attempts: 8, baseDelayMs: 250, maxDelayMs: 8_000 });

/**
 * A more patient policy: 10 attempts, 200 ms base, 10 s cap. The S3 log reader's default, and
 * that of the DescribeTrainingJob / DescribeLogStreams calls of the log sources.
 */
export const PATIENT_RETRY: Readonly<RetryLimits> = Object.freeze({ attempts: 10, baseDelayMs: 200, maxDelayMs: 10_000 });

/**
 * The attempts and delays of `options`, with `defaults` for each one it leaves unset (or
 * undefined). Its other fields are not copied.
 *
 * @example
 * ```ts
 * retryDefaults({ attempts: 3 }, PATIENT_RETRY); // { attempts: 3, baseDelayMs: 200, maxDelayMs: 10_000 }
 * ```
 */
export function retryDefaults(options: RetryOptions | undefined, defaults: Readonly<RetryLimits>): RetryLimits {
  return {
    attempts: options?.attempts ?? defaults.attempts,
    baseDelayMs: options?.baseDelayMs ?? defaults.baseDelayMs,
    maxDelayMs: options?.maxDelayMs ?? defaults.maxDelayMs,
  };
}

/**
 * The `retry` option a user gave (`{ attempts, baseDelayMs, maxDelayMs }`), checked where it is
 * given, with `defaults` for what it leaves unset: `attempts` an integer >= 1, the delays numbers
 * of ms from 0 to 2^31 - 1 (a longer timer fires at once). A RangeError names the option and
 * `where` otherwise (NaN attempts would retry forever).
 *
 * @example
 * ```ts
 * this.#retry = checkRetryOptions('S3TextLogSource', options.retry, PATIENT_RETRY);
 * ```
 */
export function checkRetryOptions(where: string, options: RetryOptions | undefined, defaults: Readonly<RetryLimits>): RetryLimits {
  if (options === undefined) return { ...defaults };
  if (typeof options !== 'object' || options === null) throw new TypeError(`${where}: retry must be an object, got ${String(options)}`);
  return {
    attempts: integerAtLeast(where, 'retry.attempts', options.attempts, 1, defaults.attempts),
    baseDelayMs: nonNegativeNumber(where, 'retry.baseDelayMs', options.baseDelayMs, defaults.baseDelayMs, MAX_TIMER_MS),
    maxDelayMs: nonNegativeNumber(where, 'retry.maxDelayMs', options.maxDelayMs, defaults.maxDelayMs, MAX_TIMER_MS),
  };
}

/**
 * The wait before retry number `retry` (1-based): uniform in [0, min(max, base * 2^(retry-1))].
 *
 * @example
 * ```ts
 * await sleep(backoffDelay(failures, { baseDelayMs: 200, maxDelayMs: 10_000 }), signal);
 * ```
 */
export function backoffDelay(retry: number, options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'> = {}): number {
  const base = options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
  const max = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const random = options.random ?? Math.random;
  return random() * Math.min(max, base * 2 ** Math.max(0, retry - 1));
}

/**
 * Calls `fn` until it succeeds, fails with an error that is not retryable, or the attempts run
 * out (then throws the last error). An aborted `signal` throws its reason, before a call or
 * during a wait.
 *
 * @example
 * ```ts
 * const page = await withRetry(() => client.send(command, { abortSignal: signal }), signal, PATIENT_RETRY);
 * ```
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  signal: AbortSignal | undefined,
  options: RetryOptions = {},
): Promise<T> {
  const given = options.attempts ?? DEFAULT_RETRY.attempts;
  const attempts = Number.isFinite(given) ? Math.max(1, Math.floor(given)) : DEFAULT_RETRY.attempts;
  const retryable = options.isRetryable ?? isTransient;
  const maxFree = options.maxFree ?? 100;
  let free = 0;
  for (let attempt = 1, call = 1; ; call++) {
    if (signal?.aborted) throw abortReason(signal);
    try {
      return await fn(call);
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      if (!retryable(error)) throw error;
      const isFree = free < maxFree && options.isFree?.(error) === true;
      if (isFree) free++;
      else if (attempt >= attempts) throw error;
      const delay = backoffDelay(attempt, options);
      options.onRetry?.(error, call, delay);
      if (!isFree) attempt++;
      await sleep(delay, signal);
    }
  }
}
