import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../../../src/logs/internal/RateLimiter';

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
