/**
 * Virtual time for benchmarks: `setTimeout`, `clearTimeout` and `Date.now` replaced by a virtual
 * clock that, whenever nothing else is pending, jumps to the next timer, so hours of simulated
 * job time take milliseconds. `Math.random` is replaced by a seeded PRNG, so jitter is
 * reproducible. (`new Date()` without arguments still reads the real clock.)
 *
 * Shared by bench/wait.bench.ts and bench/sweep.bench.ts.
 *
 * @module
 */
import { prng } from '../../test/support/prng';

interface VirtualTimer {
  id: number;
  at: number;
  fn: (...args: unknown[]) => void;
  args: unknown[];
}

/** Options of {@link VirtualTime}. */
export interface VirtualTimeOptions {
  /**
   * Before jumping to the next timer, also wait for pending file-system requests (journal writes
   * and their fdatasync) to finish, so real I/O never makes the clock jump while code is merely
   * waiting on the disk. Default false (the wait benchmark does no I/O).
   */
  waitForIo?: boolean;
}

/** Resource kinds of `process.getActiveResourcesInfo()` that are file-system requests in flight. */
const FS_REQUEST = /^(FSReq|FileHandleCloseReq|CloseReq)/;

/**
 * A virtual clock: `install(seed)`, then `await time.run(promise)` runs timers in time order
 * until the promise settles; `uninstall()` puts the real functions back.
 *
 * @example
 * ```ts
 * const time = new VirtualTime();
 * time.install(1);
 * try {
 *   await time.run(new Promise((resolve) => setTimeout(resolve, 3_600_000))); // an hour, at once
 * } finally {
 *   time.uninstall();
 * }
 * ```
 */
export class VirtualTime {
  private nowMs = Date.UTC(2025, 0, 6, 9, 0, 0);
  private nextId = 1;
  private fired = 0;
  private readonly timers = new Map<number, VirtualTimer>();
  private readonly waitForIo: boolean;
  private readonly real = {
    setTimeout: globalThis.setTimeout,
    clearTimeout: globalThis.clearTimeout,
    setImmediate: globalThis.setImmediate,
    dateNow: Date.now,
    random: Math.random,
  };

  constructor(options: VirtualTimeOptions = {}) {
    this.waitForIo = options.waitForIo ?? false;
  }

  install(seed: number): void {
    const timers = this.timers;
    const self = this;
    const fakeSetTimeout = (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
      const id = self.nextId++;
      timers.set(id, { id, at: self.nowMs + Math.max(0, Number(ms) || 0), fn, args });
      const handle = {
        ref: () => handle,
        unref: () => handle,
        hasRef: () => true,
        refresh: () => handle,
        [Symbol.toPrimitive]: () => id,
      };
      return handle;
    };
    const fakeClearTimeout = (handle: unknown) => {
      if (handle === undefined || handle === null) return;
      timers.delete(Number(handle as number));
    };
    globalThis.setTimeout = fakeSetTimeout as unknown as typeof setTimeout;
    globalThis.clearTimeout = fakeClearTimeout as unknown as typeof clearTimeout;
    Date.now = () => self.nowMs;
    Math.random = prng(seed);
  }

  uninstall(): void {
    globalThis.setTimeout = this.real.setTimeout;
    globalThis.clearTimeout = this.real.clearTimeout;
    Date.now = this.real.dateNow;
    Math.random = this.real.random;
  }

  now(): number {
    return this.nowMs;
  }

  /** Timers run so far by {@link run} (each one a jump of the clock, or a step at the same time). */
  firedTimers(): number {
    return this.fired;
  }

  /** Lets every promise and I/O callback that is ready run (real setImmediate turns). */
  private async settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => this.real.setImmediate(resolve));
    if (!this.waitForIo) return;
    // Sleeps 1 ms of real time per look (no busy wait: the CPU figures stay the code's own). A
    // request that has just completed stays listed until the next turn, so settle again after it.
    while (process.getActiveResourcesInfo().some((kind) => FS_REQUEST.test(kind))) {
      await new Promise<void>((resolve) => this.real.setTimeout(resolve, 1));
      for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => this.real.setImmediate(resolve));
    }
  }

  /** Runs virtual time until `promise` settles. */
  async run<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await this.settle();
      if (settled) return promise;
      let next: VirtualTimer | undefined;
      for (const timer of this.timers.values()) {
        if (!next || timer.at < next.at || (timer.at === next.at && timer.id < next.id)) next = timer;
      }
      if (!next) throw new Error('virtual time: the awaited promise is pending and no timer is scheduled');
      this.timers.delete(next.id);
      this.nowMs = Math.max(this.nowMs, next.at);
      this.fired++;
      next.fn(...next.args);
    }
  }

  /** Drops timers left behind (e.g. a waiter's pending sleep). */
  clear(): void {
    this.timers.clear();
  }
}
