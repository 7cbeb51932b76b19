/**
 * Axis ticks at round numbers (1, 2 or 5 times a power of ten) and a domain that ends on them.
 * Internal.
 *
 * @module
 */

/** A scale's domain and its ticks. */
export interface NiceScale {
  min: number;
  max: number;
  step: number;
  ticks: number[];
  /** Decimals a tick label needs. */
  decimals: number;
}

/** The largest value a chart places (beyond it figures are treated as missing: no axis spans them). */
export const CHART_LIMIT = 1e100;

/**
 * About `count` ticks over [`min`, `max`] at a step of 1, 2 or 5 x 10^k, the domain widened to
 * the ticks around it. An empty (or too narrow) range is widened around its value; `integer`
 * keeps the step at least 1 (epochs).
 */
export function niceTicks(min: number, max: number, count = 5, integer = false): NiceScale {
  let lo = Number.isFinite(min) ? Math.max(-CHART_LIMIT, min) : 0;
  let hi = Number.isFinite(max) ? Math.min(CHART_LIMIT, max) : 1;
  if (hi < lo) [lo, hi] = [hi, lo];
  const magnitude = Math.max(Math.abs(lo), Math.abs(hi));
  if (hi - lo <= magnitude * 1e-9 || hi - lo < 1e-200) {
    // An empty range, or one too narrow for floating point: widen it around its value.
    if (magnitude === 0) hi = 1;
    else {
      const pad = Math.max(magnitude * 0.1, 1e-200);
      lo -= pad;
      hi += pad;
    }
  }
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  let step = (error >= 7.07 ? 10 : error >= 3.16 ? 5 : error >= 1.41 ? 2 : 1) * power;
  if (integer) step = Math.max(1, Math.round(step));
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  if (!(step > 0) || !Number.isFinite(first) || !Number.isFinite(last) || last - first > 100) {
    // A range too narrow for floating point (or too wide to tick): its two ends.
    return { min: lo, max: hi, step: hi - lo, ticks: [lo, hi], decimals: 2 };
  }
  const ticks: number[] = [];
  for (let k = first; k <= last && ticks.length <= 100; k++) ticks.push(Number((k * step).toPrecision(12)));
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  // Ticks are rounded to 12 digits (0.6, not 0.6000000000000001): the domain still holds both ends.
  return { min: Math.min(ticks[0]!, lo), max: Math.max(ticks[ticks.length - 1]!, hi), step, ticks, decimals: Math.min(decimals, 12) };
}

/** A tick's label: `decimals` decimals, thousands unseparated. */
export function tickLabel(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}
