import { describe, expect, it } from 'vitest';
import { paretoFront } from '../../../src/report/internal/paretoFront';

describe('paretoFront', () => {
  it('keeps the points no other beats in both time and dollars, in ascending time', () => {
    const points = [
      { x: 314, y: 0.33 }, // beaten by the next one in both
      { x: 288, y: 0.31 },
      { x: 705, y: 0.06 },
      { x: 800, y: 0.06 }, // as cheap as the one before, but slower
    ];
    expect(paretoFront(points)).toEqual([1, 2]);
  });

  it('keeps every one of equal points, and a single point', () => {
    expect(paretoFront([{ x: 1, y: 1 }, { x: 1, y: 1 }, { x: 2, y: 2 }])).toEqual([0, 1]);
    expect(paretoFront([{ x: 5, y: 5 }])).toEqual([0]);
    expect(paretoFront([])).toEqual([]);
  });
});
