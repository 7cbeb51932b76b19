import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { niceTicks, tickLabel } from '../../../src/report/internal/niceTicks';

describe('niceTicks', () => {
  it('puts about five ticks at 1, 2 or 5 times a power of ten and ends the domain on them', () => {
    expect(niceTicks(0, 145.2)).toMatchObject({ min: 0, max: 160, step: 20, ticks: [0, 20, 40, 60, 80, 100, 120, 140, 160], decimals: 0 });
    expect(niceTicks(0, 136.3).max).toBe(140);
    expect(niceTicks(0, 0.334, 5)).toMatchObject({ min: 0, max: 0.35, step: 0.05, decimals: 2 });
    expect(niceTicks(0.62, 1.74, 5).ticks).toEqual([0.6, 0.8, 1, 1.2, 1.4, 1.6, 1.8]);
    expect(niceTicks(-3, 7, 5).ticks).toEqual([-4, -2, 0, 2, 4, 6, 8]);
  });

  it('widens an empty range, or one too narrow for floating point, around its value', () => {
    expect(niceTicks(0, 0)).toMatchObject({ min: 0, max: 1 });
    const narrow = niceTicks(1e16, 1e16 + 2);
    expect(new Set(narrow.ticks).size).toBe(narrow.ticks.length);
    expect(narrow.ticks.length).toBeLessThanOrEqual(12);
    const around = niceTicks(5, 5);
    expect(around.min).toBeLessThan(5);
    expect(around.max).toBeGreaterThan(5);
  });

  it('keeps an integer step of at least 1 for epochs', () => {
    expect(niceTicks(1, 5, 4, true).ticks).toEqual([1, 2, 3, 4, 5]);
    expect(niceTicks(1, 1, 1, true).step).toBe(1);
  });

  it('labels ticks with the decimals their step needs and no -0', () => {
    expect(tickLabel(0.35000000000000003, 2)).toBe('0.35');
    expect(tickLabel(-0, 1)).toBe('0.0');
    expect(tickLabel(-1e-13, 0)).toBe('0');
  });

  it('always gives a finite domain that holds both ends, its ticks in order', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -1e90, max: 1e90 }), fc.double({ noNaN: true, min: -1e90, max: 1e90 }), fc.integer({ min: 1, max: 12 }), (a, b, count) => {
        const scale = niceTicks(Math.min(a, b), Math.max(a, b), count);
        expect(Number.isFinite(scale.min) && Number.isFinite(scale.max)).toBe(true);
        expect(scale.min).toBeLessThanOrEqual(Math.min(a, b));
        expect(scale.max).toBeGreaterThanOrEqual(Math.max(a, b));
        expect(scale.ticks.length).toBeGreaterThanOrEqual(2);
        expect(scale.ticks.length).toBeLessThanOrEqual(102);
        expect([...scale.ticks].sort((x, y) => x - y)).toEqual(scale.ticks);
      }),
    );
  });
});
