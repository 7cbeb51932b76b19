/**
 * A token bucket: at most `requestsPerSecond` on average, with bursts of up to `burst` requests
 * (default: one second's worth). Waiters are served first come, first served. Internal.
 *
 * One limiter is shared by every request of one log source (GetLogEvents and DescribeLogStreams,
 * retries included), so a source never goes above its cap however many streams and slices it
 * reads at once. A waiter whose signal aborts leaves the queue at once; the limiter's only timer
 * is cleared as soon as no one waits.
 */
import { abortReason } from '../../internal/sleep';

/** Options of {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** Average requests per second (> 0; `Infinity` for no limit). */
  requestsPerSecond: number;
  /** Requests that may go at once after a quiet period (default: `requestsPerSecond`, at least 1). */
  burst?: number;
  /** The clock, in milliseconds (tests). */
  now?: () => number;
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

export class RateLimiter {
  readonly requestsPerSecond: number;
  readonly burst: number;
  readonly #now: () => number;
  #tokens: number;
  #updatedAt: number;
  readonly #queue: Waiter[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: RateLimiterOptions) {
    const rate = options.requestsPerSecond;
    if (!(rate > 0)) throw new RangeError(`requestsPerSecond must be a number above 0, got ${String(rate)}`);
    const burst = options.burst ?? Math.max(1, Math.floor(Number.isFinite(rate) ? rate : 1));
    if (!(burst >= 1)) throw new RangeError(`burst must be at least 1, got ${String(burst)}`);
    this.requestsPerSecond = rate;
    this.burst = burst;
    this.#now = options.now ?? (() => performance.now());
    this.#tokens = burst;
    this.#updatedAt = this.#now();
  }

  /** Requests waiting for their turn. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** Resolves when a request may go; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (!Number.isFinite(this.requestsPerSecond)) return Promise.resolve();
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

  #refill(): void {
    const now = this.#now();
    const elapsed = Math.max(0, now - this.#updatedAt);
    this.#updatedAt = now;
    this.#tokens = Math.min(this.burst, this.#tokens + (elapsed * this.requestsPerSecond) / 1000);
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#queue.length === 0) return;
    this.#refill();
    const wait = this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) * 1000) / this.requestsPerSecond);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#release();
    }, wait);
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
