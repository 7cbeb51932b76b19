import { formatSeconds } from '../../internal/formatSeconds';

/** `41s`, `2m05s`, `1h02m03s`; `-` when unknown. Internal. */
export function formatDuration(seconds: number | undefined): string {
  return seconds === undefined || !Number.isFinite(seconds) ? '-' : formatSeconds(seconds);
}

/** `$0.15`, `$12.34`, `$0.0012` for amounts under a cent; `-` when unknown. */
export function formatUsd(usd: number | undefined): string {
  if (usd === undefined || !Number.isFinite(usd)) return '-';
  if (usd !== 0 && Math.abs(usd) < 0.01) return `$${usd.toPrecision(2)}`;
  return `$${usd.toFixed(2)}`;
}
