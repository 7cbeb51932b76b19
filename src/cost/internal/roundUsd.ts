/**
 * Dollar amounts without floating-point noise. Internal.
 *
 * @module
 */

/**
 * Rounds to a billionth of a dollar: `14.688 * 2400 / 3600` is 9.792, not 9.792000000000002.
 * Far below a cent, so no amount an AWS bill shows changes.
 */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1e9) / 1e9;
}
