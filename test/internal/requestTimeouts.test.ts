import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUTS, resolveTimeouts, setClientTimeouts, timeoutsFor } from '../../src/internal/requestTimeouts';

describe('timeoutsFor', () => {
  it('gives a client made with limits its own limits where the caller gave none', () => {
    const client = {};
    setClientTimeouts(client, { firstByteMs: 5_000, idleMs: 7_000 });

    expect(timeoutsFor(client, resolveTimeouts('test', undefined))).toEqual({ firstByteMs: 5_000, idleMs: 7_000 });
    expect(timeoutsFor(client, DEFAULT_TIMEOUTS)).toEqual({ firstByteMs: 5_000, idleMs: 7_000 });
  });

  it('keeps every limit the caller gave, and fills only the others from the client', () => {
    const client = {};
    setClientTimeouts(client, { firstByteMs: 5_000, idleMs: 7_000 });

    expect(timeoutsFor(client, resolveTimeouts('test', { firstByteMs: 100 }))).toEqual({ firstByteMs: 100, idleMs: 7_000 });
    expect(timeoutsFor(client, resolveTimeouts('test', { firstByteMs: 100, idleMs: 200 }))).toEqual({ firstByteMs: 100, idleMs: 200 });
  });

  it('keeps the defaults for a limit the client was not given, and for clients made without limits', () => {
    const client = {};
    setClientTimeouts(client, { idleMs: 7_000 });

    expect(timeoutsFor(client, DEFAULT_TIMEOUTS)).toEqual({ firstByteMs: 30_000, idleMs: 7_000 });
    expect(timeoutsFor({}, DEFAULT_TIMEOUTS)).toBe(DEFAULT_TIMEOUTS);
  });

  it('treats limits computed from the defaults (a copy) as given', () => {
    const client = {};
    setClientTimeouts(client, { firstByteMs: 5_000, idleMs: 7_000 });
    const computed = { ...DEFAULT_TIMEOUTS, firstByteMs: 90_000 };

    expect(timeoutsFor(client, computed)).toEqual({ firstByteMs: 90_000, idleMs: 30_000 });
  });
});
