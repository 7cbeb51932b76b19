/**
 * Cutting a time range into slices that can be read in parallel. Internal.
 *
 * Slices are half-open, `[start, end)` in integer milliseconds, the way GetLogEvents' `startTime`
 * (inclusive) and `endTime` (exclusive) bound them: consecutive slices share a boundary, so
 * every timestamp of the range is in exactly one slice, and reading the slices one after another
 * gives the events in the same order as reading the range at once.
 */

/**
 * The boundaries of `count` slices of `[start, end)` as equal as integers allow:
 * `[start, b1, ..., end]`, strictly increasing. Fewer slices when the range has fewer
 * milliseconds than `count` (every slice is at least 1 ms wide); `[start, end]` (one slice)
 * when `count` is below 2.
 *
 * @example
 * timeSlices(0, 10, 3); // [0, 3, 6, 10]: slices [0,3) [3,6) [6,10)
 */
export function timeSlices(start: number, end: number, count: number): number[] {
  if (!Number.isInteger(start) || !Number.isInteger(end)) throw new RangeError(`timeSlices needs integer bounds, got ${start}, ${end}`);
  if (end <= start) throw new RangeError(`timeSlices needs start < end, got [${start}, ${end})`);
  const span = end - start;
  const n = Math.max(1, Math.min(Math.floor(count) || 1, span));
  const bounds = [start];
  for (let i = 1; i < n; i++) bounds.push(start + Math.floor((span * i) / n));
  bounds.push(end);
  return bounds;
}

/**
 * Which slice of `bounds` (as returned by {@link timeSlices}) holds `timestamp`: `i` for
 * `bounds[i] <= timestamp < bounds[i + 1]`; `-1` before the first, `bounds.length - 1` at or
 * after the last bound.
 */
export function sliceIndex(bounds: readonly number[], timestamp: number): number {
  let lo = 0;
  let hi = bounds.length;
  // First bound greater than timestamp, minus one.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bounds[mid]! <= timestamp) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
