import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sliceIndex, timeSlices } from '../../../src/logs/internal/timeSlices';

describe('timeSlices', () => {
  it('cuts a range into half-open slices as equal as integers allow', () => {
    expect(timeSlices(0, 10, 3)).toEqual([0, 3, 6, 10]);
    expect(timeSlices(100, 104, 4)).toEqual([100, 101, 102, 103, 104]);
  });

  it('makes fewer slices than asked when the range has fewer milliseconds', () => {
    expect(timeSlices(5, 7, 10)).toEqual([5, 6, 7]);
    expect(timeSlices(5, 6, 10)).toEqual([5, 6]);
  });

  it('makes one slice when asked for fewer than two', () => {
    expect(timeSlices(0, 1000, 1)).toEqual([0, 1000]);
    expect(timeSlices(0, 1000, 0)).toEqual([0, 1000]);
  });

  it('rejects an empty or non-integer range', () => {
    expect(() => timeSlices(10, 10, 2)).toThrow(RangeError);
    expect(() => timeSlices(0.5, 10, 2)).toThrow(RangeError);
  });

  it('puts every event in exactly one slice, so the slices joined in order give the whole, in order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 200 }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { maxLength: 200 }),
        (start, span, count, positions) => {
          const end = start + span;
          const events = positions.map((p, i) => ({ ts: start + Math.floor(p * span), id: i })).sort((a, b) => a.ts - b.ts || a.id - b.id);
          const bounds = timeSlices(start, end, count);

          // Strictly increasing, from start to end.
          expect(bounds[0]).toBe(start);
          expect(bounds.at(-1)).toBe(end);
          for (let i = 1; i < bounds.length; i++) expect(bounds[i]!).toBeGreaterThan(bounds[i - 1]!);

          // What GetLogEvents would return for each slice: startTime inclusive, endTime exclusive.
          const joined = bounds.slice(0, -1).flatMap((lo, i) => events.filter((e) => e.ts >= lo && e.ts < bounds[i + 1]!));
          expect(joined).toEqual(events);
          for (const e of events) {
            const i = sliceIndex(bounds, e.ts);
            expect(e.ts).toBeGreaterThanOrEqual(bounds[i]!);
            expect(e.ts).toBeLessThan(bounds[i + 1]!);
          }
        },
      ),
    );
  });

  it('says which slice holds a timestamp, and -1 or the last index outside the range', () => {
    const bounds = [0, 3, 6, 10];
    expect(sliceIndex(bounds, -1)).toBe(-1);
    expect(sliceIndex(bounds, 0)).toBe(0);
    expect(sliceIndex(bounds, 3)).toBe(1);
    expect(sliceIndex(bounds, 9)).toBe(2);
    expect(sliceIndex(bounds, 10)).toBe(3);
  });
});
