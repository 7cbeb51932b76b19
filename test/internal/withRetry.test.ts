import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_RETRY, PATIENT_RETRY, backoffDelay, checkRetryOptions, retryDefaults, withRetry } from '../../src/internal/withRetry';

const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
const transient = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
const denied = () => Object.assign(new Error('denied'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
const fast = { baseDelayMs: 1, maxDelayMs: 2 };

describe('withRetry', () => {
  it('calls again after throttling and dropped connections, then returns the answer', async () => {
    const errors = [throttled(), reset()];
    const fn = vi.fn(async (attempt: number) => {
      const error = errors.shift();
      if (error) throw error;
      return `ok on attempt ${attempt}`;
    });
    const onRetry = vi.fn();

    await expect(withRetry(fn, undefined, { baseDelayMs: 1, onRetry })).resolves.toBe('ok on attempt 3');
    expect(onRetry).toHaveBeenCalledTimes(2);
  });

  it('returns the first success after transient failures', async () => {
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw transient();
        return 'ok';
      },
      undefined,
      fast,
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('does not retry an error that will not go away', async () => {
    const fn = vi.fn(async () => {
      throw denied();
    });
    await expect(withRetry(fn, undefined, { baseDelayMs: 1 })).rejects.toThrow('denied');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('throws a non-transient error at once, the very same object', async () => {
    let calls = 0;
    const accessDenied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    await expect(
      withRetry(
        async () => {
          calls++;
          throw accessDenied;
        },
        undefined,
        fast,
      ),
    ).rejects.toBe(accessDenied);
    expect(calls).toBe(1);
  });

  it('retries only what isRetryable accepts, when given', async () => {
    const fn = vi.fn(async () => {
      throw throttled();
    });
    await expect(withRetry(fn, undefined, { ...fast, isRetryable: () => false })).rejects.toThrow('Rate exceeded');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('gives up after the attempts run out, with the last error', async () => {
    const fn = vi.fn(async () => {
      throw throttled();
    });
    await expect(withRetry(fn, undefined, { attempts: 3, baseDelayMs: 1 })).rejects.toThrow('Rate exceeded');
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('throws the last transient error when the attempts run out', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw transient();
        },
        undefined,
        { ...fast, attempts: 4 },
      ),
    ).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(calls).toBe(4);
  });

  it('makes 8 attempts when told nothing, and 10 with the patient policy', async () => {
    const failing = () =>
      vi.fn(async () => {
        throw transient();
      });
    const byDefault = failing();
    await expect(withRetry(byDefault, undefined, { random: () => 0 })).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(byDefault).toHaveBeenCalledTimes(8);
    const patient = failing();
    await expect(withRetry(patient, undefined, { ...PATIENT_RETRY, random: () => 0 })).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(patient).toHaveBeenCalledTimes(10);
  });

  it('waits with capped exponential backoff and full jitter', async () => {
    const delays: number[] = [];
    const fn = async () => {
      throw throttled();
    };
    await withRetry(fn, undefined, { attempts: 6, baseDelayMs: 1, maxDelayMs: 4, random: () => 0.999, onRetry: (_e, _a, d) => delays.push(d) }).catch(() => undefined);
    expect(delays.map((d) => Math.round(d))).toEqual([1, 2, 4, 4, 4]);
  });

  it('stops at once when aborted during a wait, with the signal reason, and leaves no timer', async () => {
    vi.useFakeTimers();
    try {
      const controller = new AbortController();
      const fn = vi.fn(async () => {
        throw throttled();
      });
      const running = withRetry(fn, controller.signal, { baseDelayMs: 60_000, random: () => 0.5 });
      await vi.advanceTimersByTimeAsync(1);
      controller.abort(new Error('cancelled'));
      await expect(running).rejects.toThrow('cancelled');
      expect(fn).toHaveBeenCalledTimes(1);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops waiting at once when the signal aborts, with its reason', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const call = withRetry(
      async () => {
        setTimeout(() => controller.abort(new Error('stop now')), 5);
        throw transient();
      },
      controller.signal,
      { baseDelayMs: 60_000, maxDelayMs: 60_000 },
    );
    await expect(call).rejects.toThrow('stop now');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('does not call at all when the signal has already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    const fn = vi.fn(async () => 'ok');
    await expect(withRetry(fn, controller.signal)).rejects.toThrow('too late');
    expect(fn).not.toHaveBeenCalled();
  });
});

describe('backoffDelay', () => {
  it('waits at most min(cap, base * 2^(retry-1)) before a retry', () => {
    for (let retry = 1; retry <= 10; retry++) {
      for (let i = 0; i < 50; i++) {
        const delay = backoffDelay(retry, { baseDelayMs: 100, maxDelayMs: 3_000 });
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(Math.min(3_000, 100 * 2 ** (retry - 1)));
      }
    }
  });

  it("uses withRetry's base and cap when given none", () => {
    const top = () => 0.999;
    expect(backoffDelay(1, { random: top })).toBeCloseTo(0.999 * DEFAULT_RETRY.baseDelayMs);
    expect(backoffDelay(30, { random: top })).toBeCloseTo(0.999 * DEFAULT_RETRY.maxDelayMs);
  });
});

describe('retryDefaults', () => {
  it('fills the attempts and delays left unset or undefined from the defaults, and keeps the rest', () => {
    expect(retryDefaults({ attempts: 3, baseDelayMs: undefined }, PATIENT_RETRY)).toEqual({
      attempts: 3,
      baseDelayMs: PATIENT_RETRY.baseDelayMs,
      maxDelayMs: PATIENT_RETRY.maxDelayMs,
    });
    expect(retryDefaults(undefined, DEFAULT_RETRY)).toEqual(DEFAULT_RETRY);
  });
});

describe('withRetry, free retries', () => {
  it('does not use up an attempt for a failure isFree accepts, and still backs off', async () => {
    let calls = 0;
    const delays: number[] = [];
    const result = await withRetry(
      async () => {
        calls++;
        if (calls <= 6) throw throttled();
        return 'ok';
      },
      undefined,
      { attempts: 2, baseDelayMs: 1, maxDelayMs: 1, isFree: () => true, onRetry: (_e, _n, delay) => delays.push(delay) },
    );

    expect(result).toBe('ok');
    expect(calls).toBe(7);
    expect(delays).toHaveLength(6);
  });

  it('counts free retries against maxFree, then spends attempts again', async () => {
    let calls = 0;
    const error = await withRetry(
      async () => {
        calls++;
        throw throttled();
      },
      undefined,
      { attempts: 3, baseDelayMs: 0, maxDelayMs: 0, isFree: () => true, maxFree: 4 },
    ).catch((e: unknown) => e);

    expect((error as Error).name).toBe('ThrottlingException');
    expect(calls).toBe(4 + 3);
  });

  it('falls back to 8 attempts, not an endless loop, for a NaN or infinite attempts it is handed', async () => {
    for (const attempts of [Number.NaN, Number.POSITIVE_INFINITY]) {
      let calls = 0;
      await withRetry(
        async () => {
          calls++;
          throw throttled();
        },
        undefined,
        { attempts, baseDelayMs: 0, maxDelayMs: 0 },
      ).catch(() => undefined);
      expect(calls).toBe(8);
    }
  });
});

describe('checkRetryOptions', () => {
  it('fills unset fields from the defaults', () => {
    expect(checkRetryOptions('X', { attempts: 3 }, PATIENT_RETRY)).toEqual({ attempts: 3, baseDelayMs: 200, maxDelayMs: 10_000 });
    expect(checkRetryOptions('X', undefined, PATIENT_RETRY)).toEqual(PATIENT_RETRY);
  });

  it.each([
    [{ attempts: Number.NaN }, /X: retry.attempts must be an integer >= 1, got NaN/],
    [{ attempts: 0 }, /retry.attempts/],
    [{ attempts: 2.5 }, /retry.attempts/],
    [{ attempts: Number.POSITIVE_INFINITY }, /retry.attempts/],
    [{ baseDelayMs: -1 }, /retry.baseDelayMs/],
    [{ maxDelayMs: Number.NaN }, /retry.maxDelayMs/],
  ])('refuses %o, naming the option and its owner', (options, message) => {
    expect(() => checkRetryOptions('X', options, PATIENT_RETRY)).toThrow(RangeError);
    expect(() => checkRetryOptions('X', options, PATIENT_RETRY)).toThrow(message);
  });
});
