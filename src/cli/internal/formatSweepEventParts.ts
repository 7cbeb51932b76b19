/**
 * The pieces the sweep command's progress is made of: a wall-clock time, a ticking elapsed time
 * and the short outcome of an ended job. Internal.
 */
import { formatUsd } from './formatDuration';
import type { SweepJobResult, TrainingMetrics } from '../../index';

const two = (n: number): string => String(n).padStart(2, '0');

/** `12:03:04`: the local time of day of `date` (`--:--:--` for an invalid date). */
export function formatClockTime(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) return '--:--:--';
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** `00:41`, `12:05`, `1:02:03`: a ticking clock of whole seconds (negative or unknown: `00:00`). */
export function formatElapsed(seconds: number): string {
  const s = Number.isFinite(seconds) ? Math.max(0, Math.floor(seconds)) : 0;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${two(m)}:${two(s % 60)}`;
}

/** The metric an ended job is judged by, in this order of preference. */
const HEADLINE_METRICS = ['val_accuracy', 'val_acc', 'accuracy', 'acc', 'val_loss', 'loss'] as const;

/** `0.913`, `12.5`, `1234`, `NaN`: a metric value, short. */
export function formatMetricValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return String(Math.round(value));
  return String(Number(value.toPrecision(3)));
}

/** The headline metric of a job's metrics (its last epoch's, else its last value seen): `['val_accuracy', 0.91]`. */
export function headlineMetric(metrics: TrainingMetrics | undefined): [name: string, value: number] | undefined {
  if (metrics === undefined) return undefined;
  const last = metrics.epochs.at(-1)?.metrics ?? {};
  for (const name of HEADLINE_METRICS) {
    const value = last[name] ?? metrics.final[name];
    if (typeof value === 'number') return [name, value];
  }
  return undefined;
}

/**
 * The short outcome of an ended job, as parts to join: `['5 epochs', 'val_accuracy 0.91', '$0.00']`;
 * a job that did not complete leads with its reason.
 */
export function outcomeParts(result: SweepJobResult): string[] {
  const parts: string[] = [];
  if (result.status !== 'Completed' && result.failureReason !== undefined && result.failureReason !== '') parts.push(oneLine(result.failureReason));
  const epochs = result.metrics?.epochs.length ?? 0;
  if (epochs > 0) parts.push(`${epochs} ${epochs === 1 ? 'epoch' : 'epochs'}`);
  const metric = headlineMetric(result.metrics);
  if (metric !== undefined) parts.push(`${metric[0]} ${formatMetricValue(metric[1])}`);
  if (result.cost?.usd !== undefined && Number.isFinite(result.cost.usd)) parts.push(formatUsd(result.cost.usd));
  return parts;
}

/** Text on one line: newlines and runs of white space become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
