import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../../src/logs/RateLimiter';

describe('RateLimiter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const clock = () => () => Date.now();

  it('lets a burst of one second of requests go at once, then spaces the rest evenly', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 5, now: clock() });
    const granted: number[] = [];
    const start = Date.now();
    const all = Array.from({ length: 12 }, () => limiter.acquire().then(() => granted.push(Date.now() - start)));

    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toHaveLength(5);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(granted).toHaveLength(10);
    await vi.advanceTimersByTimeAsync(400);
    await Promise.all(all);
    expect(granted).toHaveLength(12);
    // After the burst: one every 200 ms.
    expect(granted.slice(5)).toEqual([200, 400, 600, 800, 1000, 1200, 1400]);
  });

  it('serves waiters first come, first served', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 1, now: clock() });
    const order: string[] = [];
    await limiter.acquire();
    const a = limiter.acquire().then(() => order.push('a'));
    const b = limiter.acquire().then(() => order.push('b'));
    await vi.advanceTimersByTimeAsync(2_000);
    await Promise.all([a, b]);
    expect(order).toEqual(['a', 'b']);
  });

  it('lets an aborted waiter leave the queue and clears its timer when no one waits', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 1, now: clock() });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    expect(limiter.waiting).toBe(1);
    controller.abort(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    expect(limiter.waiting).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not limit with an infinite rate and rejects a rate that is not positive', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: Infinity });
    await Promise.all(Array.from({ length: 1000 }, () => limiter.acquire()));
    expect(limiter.waiting).toBe(0);
    expect(() => new RateLimiter({ requestsPerSecond: 0 })).toThrow(RangeError);
    expect(() => new RateLimiter({ requestsPerSecond: Number.NaN })).toThrow(RangeError);
  });
});

describe('RateLimiter, adaptive', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('cuts its rate by 30% on throttling, at most once a second, and never below minRequestsPerSecond', () => {
    const limiter = new RateLimiter({ requestsPerSecond: 10, minRequestsPerSecond: 2, now: () => Date.now() });

    limiter.recordThrottle();
    limiter.recordThrottle(); // same burst of answers: counted once
    expect(limiter.currentRate).toBeCloseTo(7);
    vi.advanceTimersByTime(1_000);
    limiter.recordThrottle();
    expect(limiter.currentRate).toBeCloseTo(4.9);
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(1_000);
      limiter.recordThrottle();
    }
    expect(limiter.currentRate).toBe(2);
    expect(limiter.throttles).toBe(23);
  });

  it('climbs back to requestsPerSecond by 2% of it per success, never above', () => {
    const limiter = new RateLimiter({ requestsPerSecond: 10, now: () => Date.now() });
    limiter.recordThrottle();

    for (let i = 0; i < 10; i++) limiter.recordSuccess();
    expect(limiter.currentRate).toBeCloseTo(9);
    for (let i = 0; i < 100; i++) limiter.recordSuccess();
    expect(limiter.currentRate).toBe(10);
    expect(limiter.successes).toBe(110);
  });

  it('spaces requests at the slowed rate, without a burst on top of the throttled ones', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 10, now: () => Date.now() });
    for (let i = 0; i < 10; i++) await limiter.acquire();
    limiter.recordThrottle(); // rate 7/s
    const granted: number[] = [];
    const start = Date.now();
    const all = Array.from({ length: 7 }, () => limiter.acquire().then(() => granted.push(Date.now() - start)));

    await vi.advanceTimersByTimeAsync(1_100);
    await Promise.all(all);

    // One every 1/7 s: the first after about 143 ms, the seventh after about a second.
    expect(granted).toHaveLength(7);
    expect(granted[0]).toBeGreaterThanOrEqual(140);
    expect(granted.at(-1)).toBeGreaterThanOrEqual(990);
    expect(granted.at(-1)).toBeLessThanOrEqual(1_100);
  });

  it('waits, without spinning, at a rate so low that its delay would overflow a timer', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 1e-7, minRequestsPerSecond: 1e-8, now: () => Date.now() });
    await limiter.acquire();
    let granted = false;
    void limiter.acquire().then(() => (granted = true));

    await vi.advanceTimersByTimeAsync(5_000);

    expect(granted).toBe(false);
    expect(vi.getTimerCount()).toBe(1);
  });

  it('keeps a fixed rate with adaptive: false', () => {
    const limiter = new RateLimiter({ requestsPerSecond: 10, adaptive: false });
    limiter.recordThrottle();
    expect(limiter.currentRate).toBe(10);
  });

  it.each([
    [{ requestsPerSecond: 5, burst: 0 }, /burst/],
    [{ requestsPerSecond: 5, burst: Number.NaN }, /burst/],
    [{ requestsPerSecond: 5, minRequestsPerSecond: 6 }, /minRequestsPerSecond/],
    [{ requestsPerSecond: 5, minRequestsPerSecond: 0 }, /minRequestsPerSecond/],
  ])('rejects %o', (options, message) => {
    expect(() => new RateLimiter(options)).toThrow(message);
  });
});

describe('sharedRateLimiter', () => {
  it('gives every caller with the same client and region one limiter, at 10 requests per second', async () => {
    const { sharedRateLimiter } = await import('../../src/logs/RateLimiter');
    const a = {};
    const b = {};

    expect(sharedRateLimiter(a, 'us-east-1')).toBe(sharedRateLimiter(a, 'us-east-1'));
    expect(sharedRateLimiter(a, 'us-east-1')).not.toBe(sharedRateLimiter(a, 'eu-west-1'));
    expect(sharedRateLimiter(a, 'us-east-1')).not.toBe(sharedRateLimiter(b, 'us-east-1'));
    expect(sharedRateLimiter(a, 'us-east-1').requestsPerSecond).toBe(10);
  });
});
