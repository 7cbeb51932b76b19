/**
 * Which figures are the lowest: the "fastest" and "cheapest" marks. Internal.
 *
 * @module
 */
import { isFiniteNumber } from './statistics';

/**
 * The indexes of the lowest finite values of `values` (all of them when several tie, within a
 * billionth). Nothing when fewer than two values are finite (one figure is not a comparison),
 * nor when every one ties (no figure stands out).
 */
export function markLowest(values: readonly (number | undefined)[]): number[] {
  const candidates = values.map((v, i) => [v, i] as const).filter((entry): entry is readonly [number, number] => isFiniteNumber(entry[0]));
  if (candidates.length < 2) return [];
  const lowest = Math.min(...candidates.map(([v]) => v));
  const tolerance = 1e-9 * Math.max(1, Math.abs(lowest));
  const marked = candidates.filter(([v]) => v - lowest <= tolerance).map(([, i]) => i);
  return marked.length === candidates.length ? [] : marked;
}
