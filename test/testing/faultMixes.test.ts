import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/internal/mulberry32';
import type { FaultKind, FaultRule } from '../../src/testing/FaultRule';
import { faultMix, tenPercentFaults } from '../../src/testing/faultMixes';

/** How often each kind hits over `trials` requests, walking the rules as the proxy does (first hit wins). */
function shares(rules: FaultRule[], trials = 200_000): Partial<Record<FaultKind | 'none', number>> {
  const roll = mulberry32(11);
  const counts: Partial<Record<FaultKind | 'none', number>> = {};
  for (let i = 0; i < trials; i++) {
    const hit = rules.find((rule) => roll() < rule.rate);
    const kind = hit?.kind ?? 'none';
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).map(([kind, n]) => [kind, n / trials]));
}

describe('tenPercentFaults', () => {
  it('throttles 10%, answers 5% with 500 and 5% with 503, and resets 10% of the requests', () => {
    const got = shares(tenPercentFaults());

    expect(got.throttle).toBeCloseTo(0.1, 2);
    expect(got.internal).toBeCloseTo(0.05, 2);
    expect(got.unavailable).toBeCloseTo(0.05, 2);
    expect(got.reset).toBeCloseTo(0.1, 2);
    expect(got.none).toBeCloseTo(0.7, 2);
  });

  it('applies to every operation by default, and to the name or pattern given', () => {
    expect(tenPercentFaults().every((rule) => rule.operation === undefined)).toBe(true);
    expect(tenPercentFaults('GetObject').map((rule) => rule.operation)).toEqual(['GetObject', 'GetObject', 'GetObject', 'GetObject']);
    const pattern = /^Get/;
    expect(tenPercentFaults(pattern).every((rule) => rule.operation === pattern)).toBe(true);
  });

  it('keeps the exact rates the repository’s seeded tests were written against', () => {
    expect(tenPercentFaults().map((rule) => rule.rate)).toEqual([0.1, 0.05 / 0.9, 0.05 / 0.85, 0.1 / 0.8]);
  });
});

describe('faultMix', () => {
  it('gives each kind its overall share of the requests, in a fixed order', () => {
    const rules = faultMix({ reset: 0.05, throttle: 0.2, slow: 0.1 }, 'GetLogEvents');

    expect(rules.map((rule) => rule.kind)).toEqual(['throttle', 'reset', 'slow']);
    expect(rules.every((rule) => rule.operation === 'GetLogEvents')).toBe(true);
    const got = shares(rules);
    expect(got.throttle).toBeCloseTo(0.2, 2);
    expect(got.reset).toBeCloseTo(0.05, 2);
    expect(got.slow).toBeCloseTo(0.1, 2);
  });

  it('fails every request when the shares add up to 1, and leaves out kinds with share 0', () => {
    const rules = faultMix({ throttle: 0.5, internal: 0.5, unavailable: 0 });

    expect(rules.map((rule) => [rule.kind, rule.rate])).toEqual([
      ['throttle', 0.5],
      ['internal', 1],
    ]);
    expect(shares(rules).none).toBeUndefined();
  });

  it('refuses shares that add up to more than 1, a share out of 0..1 and an unknown kind', () => {
    expect(() => faultMix({ throttle: 0.6, reset: 0.6 })).toThrow(/more than 1/);
    expect(() => faultMix({ throttle: -0.1 })).toThrow(RangeError);
    expect(() => faultMix({ throttle: Number.NaN })).toThrow(RangeError);
    expect(() => faultMix({ explode: 0.1 } as never)).toThrow(/unknown fault kind "explode"/);
  });
});
