/**
 * Means and spreads of a report's figures. Internal.
 *
 * @module
 */
import type { SpreadStats } from '../SweepTableRow';

/** The mean of `values`, `undefined` when there are none. NaN in, NaN out (a diverged run shows). */
export function mean(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** The sample standard deviation (n - 1) of `values`; `undefined` for fewer than two. */
export function standardDeviation(values: readonly number[]): number | undefined {
  if (values.length < 2) return undefined;
  const m = mean(values)!;
  let squares = 0;
  for (const v of values) squares += (v - m) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/** Mean, sample standard deviation, count, min and max of `values`; `undefined` when there are none. */
export function spread(values: readonly number[]): SpreadStats | undefined {
  const m = mean(values);
  if (m === undefined) return undefined;
  let min = values[0]!;
  let max = values[0]!;
  for (const v of values) {
    if (v < min || Number.isNaN(v)) min = v;
    if (v > max || Number.isNaN(v)) max = v;
  }
  const stats: SpreadStats = { mean: m, n: values.length, min, max };
  const std = standardDeviation(values);
  if (std !== undefined) stats.std = std;
  return stats;
}

/** The numbers among `values` (`undefined` left out, NaN kept). */
export function defined(values: readonly (number | undefined)[]): number[] {
  return values.filter((v): v is number => typeof v === 'number');
}

/** A finite number: what can be compared, charted or summed. */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
