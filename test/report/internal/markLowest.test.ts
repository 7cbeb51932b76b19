import { describe, expect, it } from 'vitest';
import { markLowest } from '../../../src/report/internal/markLowest';

describe('markLowest', () => {
  it('marks the lowest finite value, every one of a tie, nothing when all tie or only one is finite', () => {
    expect(markLowest([3, 1, 2])).toEqual([1]);
    expect(markLowest([1, 3, 1 + 1e-12])).toEqual([0, 2]);
    expect(markLowest([2, 2])).toEqual([]);
    expect(markLowest([undefined, 4, NaN, 5])).toEqual([1]);
    expect(markLowest([-Infinity, 4, Infinity])).toEqual([]);
    expect(markLowest([undefined, 4, NaN])).toEqual([]);
    expect(markLowest([])).toEqual([]);
  });
});
