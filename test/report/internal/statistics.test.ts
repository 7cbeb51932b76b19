import { describe, expect, it } from 'vitest';
import { mean, spread, standardDeviation } from '../../../src/report/internal/statistics';

describe('statistics', () => {
  it('gives the mean and the sample (n - 1) standard deviation', () => {
    expect(mean([2, 4, 4, 4, 5, 5, 7, 9])).toBe(5);
    // squared deviations sum to 32; 32 / 7
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(spread([3, 1, 2])).toEqual({ mean: 2, std: 1, n: 3, min: 1, max: 3 });
  });

  it('has no standard deviation of one value and no mean of none', () => {
    expect(standardDeviation([4])).toBeUndefined();
    expect(spread([4])).toEqual({ mean: 4, n: 1, min: 4, max: 4 });
    expect(mean([])).toBeUndefined();
    expect(spread([])).toBeUndefined();
  });

  it('keeps a NaN: a diverged run is not averaged away', () => {
    expect(mean([1, NaN])).toBeNaN();
    expect(spread([1, NaN])!.min).toBeNaN();
  });

  it('handles a hundred thousand values without overflowing the call stack', () => {
    expect(spread(Array.from({ length: 200_000 }, (_, i) => i % 10))!.max).toBe(9);
  });
});
