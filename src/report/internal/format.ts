/**
 * Numbers for people: seconds with one decimal, dollars with four significant digits (two to
 * four decimals), metrics with four significant digits; NaN and infinities spelled out, never
 * hidden. Internal.
 *
 * @module
 */
import type { SpreadStats } from '../SweepTableRow';

/** What a cell shows for a figure that does not exist. */
export const NONE = '–';

/** `NaN`, `Infinity` or `-Infinity` for a number that is not finite; `undefined` for a finite one. */
function nonFinite(value: number): string | undefined {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return undefined;
}

/** `41.2 s`. */
export function formatSeconds(value: number | undefined): string {
  if (value === undefined) return NONE;
  return nonFinite(value) ?? `${secondsText(value)} s`;
}

/** One decimal from 1 s up (`41.2`); below, two significant digits (`0.11`, `0.0042`), so short epochs still read. */
function secondsText(value: number): string {
  if (value === 0 || Math.abs(value) >= 1) return value.toFixed(1);
  return Number(value.toPrecision(2)).toString();
}

/** `41.2 ± 0.8 s`, or `41.2 s` for a single value. */
export function formatSpreadSeconds(stats: SpreadStats | undefined): string {
  if (stats === undefined) return NONE;
  if (stats.std === undefined || !Number.isFinite(stats.mean)) return formatSeconds(stats.mean);
  return `${secondsText(stats.mean)} ± ${nonFinite(stats.std) ?? secondsText(stats.std)} s`;
}

/** `$11.48`, `$0.4250`, `$123.46`: four significant digits, at least two and at most four decimals. */
export function formatUsd(value: number | undefined): string {
  if (value === undefined) return NONE;
  const special = nonFinite(value);
  if (special !== undefined) return special;
  const magnitude = Math.abs(value);
  const decimals = magnitude === 0 ? 2 : Math.min(4, Math.max(2, 3 - Math.floor(Math.log10(magnitude))));
  const text = magnitude.toFixed(decimals);
  return `${value < 0 && Number(text) !== 0 ? '-' : ''}$${text}`;
}

/** A metric's value with four significant digits: `0.8731`, `1.235`, `1235`; `NaN` for a diverged run. */
export function formatMetric(value: number | undefined): string {
  if (value === undefined) return NONE;
  const special = nonFinite(value);
  if (special !== undefined) return special;
  return String(Number(value.toPrecision(4)));
}

/** An epoch number, or a mean of them: `4`, `4.5`. */
export function formatEpoch(value: number | undefined): string {
  if (value === undefined) return NONE;
  return nonFinite(value) ?? String(Math.round(value * 10) / 10);
}

/** A number for a cell (a count, a batch size): as is, or {@link NONE}. */
export function formatPlain(value: number | undefined): string {
  if (value === undefined) return NONE;
  return nonFinite(value) ?? String(value);
}

/** A Date (or the ISO string a journal read back from JSON has) as ISO 8601; `undefined` when it is neither. */
export function isoTime(value: Date | string | undefined): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value === 'string' && value !== '') return value;
  return undefined;
}
