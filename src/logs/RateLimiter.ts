/**
 * A request-rate limiter for the CloudWatch Logs calls of the log sources, meant to be shared:
 * an AWS account's GetLogEvents quota (about 10 requests per second per region) counts every
 * reader in it, so readers in one process should draw from one limiter. See
 * {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/logs.md#sharing-the-accounts-quota | docs/logs.md, "Sharing the account's quota"}.
 *
 * @module
 */
import { abortReason } from '../internal/sleep';

/** Options of {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** The most requests per second, on average (> 0; `Infinity` for no limit). */
  requestsPerSecond: number;
  /** Requests that may go at once after a quiet period (default: one second's worth, at least 1). */
  burst?: number;
  /**
   * Slow down when the service throttles (default true): each throttling answer, at most once a
   * second, cuts the rate by 30%, down to `minRequestsPerSecond`; each success raises it back by
   * 2% of `requestsPerSecond`, up to it. Like the SDK's adaptive retry mode, but for every
   * reader sharing the limiter at once.
   */
  adaptive?: boolean;
  /** The lowest rate adaptive slowing goes down to (default: 0.5 per second, or `requestsPerSecond` if lower). */
  minRequestsPerSecond?: number;
  /** The clock, in milliseconds (tests). */
  now?: () => number;
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/** Throttling answers closer together than this count as one (they come from requests sent together). */
const DECREASE_GAP_MS = 1_000;
const DECREASE_FACTOR = 0.7;
const INCREASE_SHARE = 0.02;

/**
 * A token bucket: at most `requestsPerSecond` on average, with bursts of up to `burst`
 * requests. Waiters are served first come, first served; a waiter whose signal aborts leaves
 * the queue at once, and the limiter's only timer is cleared as soon as no one waits.
 *
 * By default a `CloudWatchLogSource` draws from one limiter per CloudWatch Logs client and
 * region, shared by every source reading with that client; pass the same limiter to sources
 * with different clients to make them share it too, or pass `requestsPerSecond` to give a
 * source a limiter of its own.
 *
 * @example
 * ```ts
 * import { CloudWatchLogSource, RateLimiter } from 'sagemaker-bench';
 *
 * // Two readers in one account and region, together under its GetLogEvents quota:
 * const rateLimiter = new RateLimiter({ requestsPerSecond: 10 });
 * const a = new CloudWatchLogSource({ client: logsA, jobName: 'resnet50-p3-gpu4-b512-e2', rateLimiter });
 * const b = new CloudWatchLogSource({ client: logsB, jobName: 'resnet50-p3-gpu1-b256-e2', rateLimiter });
 * ```
 */
export class RateLimiter {
  /** The rate the limiter never goes above. */
  readonly requestsPerSecond: number;
  /** Requests that may go at once after a quiet period. */
  readonly burst: number;
  /** Whether throttling slows the limiter down (see {@link RateLimiterOptions.adaptive}). */
  readonly adaptive: boolean;
  /** The lowest rate adaptive slowing goes down to. */
  readonly minRequestsPerSecond: number;
  readonly #now: () => number;
  #rate: number;
  #tokens: number;
  #updatedAt: number;
  #lastDecrease = Number.NEGATIVE_INFINITY;
  #successes = 0;
  #throttles = 0;
  readonly #queue: Waiter[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * A limiter with a full bucket: `burst` requests may go at once.
   *
   * @param options - The rate, the burst and the adaptive slowing.
   * @throws RangeError when a number is out of range (a rate of 0 or less, a burst below 1, ...).
   */
  constructor(options: RateLimiterOptions) {
    const rate = options.requestsPerSecond;
    if (typeof rate !== 'number' || !(rate > 0)) throw new RangeError(`RateLimiter: requestsPerSecond must be a number above 0, got ${String(rate)}`);
    const burst = options.burst ?? Math.max(1, Math.floor(Number.isFinite(rate) ? rate : 1));
    if (typeof burst !== 'number' || !(burst >= 1) || !Number.isFinite(burst)) throw new RangeError(`RateLimiter: burst must be a finite number >= 1, got ${String(burst)}`);
    const min = options.minRequestsPerSecond ?? Math.min(0.5, rate);
    if (typeof min !== 'number' || !(min > 0) || !Number.isFinite(min) || min > rate) {
      throw new RangeError(`RateLimiter: minRequestsPerSecond must be a finite number above 0, at most requestsPerSecond, got ${String(min)}`);
    }
    this.requestsPerSecond = rate;
    this.burst = burst;
    this.adaptive = options.adaptive ?? true;
    this.minRequestsPerSecond = min;
    this.#now = options.now ?? (() => performance.now());
    this.#rate = rate;
    this.#tokens = burst;
    this.#updatedAt = this.#now();
  }

  /** The rate allowed now: `requestsPerSecond`, or less after throttling (adaptive). */
  get currentRate(): number {
    return this.#rate;
  }

  /** Requests waiting for their turn. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** Successful requests recorded so far (what "the others make progress" is measured by). */
  get successes(): number {
    return this.#successes;
  }

  /** Throttling answers recorded so far. */
  get throttles(): number {
    return this.#throttles;
  }

  /**
   * Resolves when a request may go; rejects with the signal's reason if it aborts first.
   *
   * @example
   * ```ts
   * await limiter.acquire(signal);
   * const page = await client.send(command, { abortSignal: signal });
   * ```
   */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (!Number.isFinite(this.#rate)) return Promise.resolve();
    this.#refill();
    if (this.#queue.length === 0 && this.#tokens >= 1) {
      this.#tokens -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal !== undefined) {
        waiter.onAbort = () => {
          const index = this.#queue.indexOf(waiter);
          if (index !== -1) this.#queue.splice(index, 1);
          if (this.#queue.length === 0) this.#clearTimer();
          reject(abortReason(signal));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.#queue.push(waiter);
      this.#schedule();
    });
  }

  /**
   * Tells the limiter a request was throttled by the service: with `adaptive`, it slows down.
   *
   * @example
   * ```ts
   * try { await send(); limiter.recordSuccess(); } catch (e) { if (isThrottling(e)) limiter.recordThrottle(); throw e; }
   * ```
   */
  recordThrottle(): void {
    this.#throttles++;
    if (!this.adaptive || !Number.isFinite(this.#rate)) return;
    const now = this.#now();
    if (now - this.#lastDecrease < DECREASE_GAP_MS) return;
    this.#lastDecrease = now;
    this.#refill();
    this.#rate = Math.max(this.minRequestsPerSecond, this.#rate * DECREASE_FACTOR);
    // The requests that were throttled are coming back: no burst on top of them.
    this.#tokens = Math.min(this.#tokens, 0);
    this.#reschedule();
  }

  /**
   * Tells the limiter a request succeeded: with `adaptive`, a slowed-down rate recovers a little.
   *
   * @example
   * ```ts
   * limiter.recordSuccess();
   * ```
   */
  recordSuccess(): void {
    this.#successes++;
    if (!this.adaptive || this.#rate >= this.requestsPerSecond) return;
    this.#refill();
    this.#rate = Math.min(this.requestsPerSecond, this.#rate + this.requestsPerSecond * INCREASE_SHARE);
    this.#reschedule();
  }

  #capacity(): number {
    return Math.max(1, Math.min(this.burst, this.#rate));
  }

  #refill(): void {
    const now = this.#now();
    const elapsed = Math.max(0, now - this.#updatedAt);
    this.#updatedAt = now;
    this.#tokens = Math.min(this.#capacity(), this.#tokens + (elapsed * this.#rate) / 1000);
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#queue.length === 0) return;
    this.#refill();
    // Capped to what a timer keeps (a very low rate would overflow it); #release schedules again.
    const wait = this.#tokens >= 1 ? 0 : Math.min(2 ** 31 - 1, Math.ceil(((1 - this.#tokens) * 1000) / this.#rate));
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#release();
    }, wait);
  }

  #reschedule(): void {
    if (this.#timer === undefined) return;
    this.#clearTimer();
    this.#schedule();
  }

  #release(): void {
    this.#refill();
    while (this.#queue.length > 0 && this.#tokens >= 1) {
      const waiter = this.#queue.shift()!;
      this.#tokens -= 1;
      if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve();
    }
    this.#schedule();
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

/** Default rate of the shared limiter: the GetLogEvents quota of an AWS account and region. */
export const DEFAULT_LOGS_REQUESTS_PER_SECOND = 10;

const shared = new WeakMap<object, Map<string, RateLimiter>>();

/**
 * The limiter shared by every log source that reads with `client` in `region` (created at
 * {@link DEFAULT_LOGS_REQUESTS_PER_SECOND} on first use). Internal.
 */
export function sharedRateLimiter(client: object, region: string): RateLimiter {
  let byRegion = shared.get(client);
  if (byRegion === undefined) {
    byRegion = new Map();
    shared.set(client, byRegion);
  }
  let limiter = byRegion.get(region);
  if (limiter === undefined) {
    limiter = new RateLimiter({ requestsPerSecond: DEFAULT_LOGS_REQUESTS_PER_SECOND });
    byRegion.set(region, limiter);
  }
  return limiter;
}
