/**
 * A log's metrics as a REPL or a notebook prints them: a summary line and the epochs table
 * (seconds, steps, every metric), the same columns as `sagemaker-bench metrics`. Internal.
 *
 * @module
 */
import { formatSeconds } from '../../internal/formatSeconds';
import { printable } from '../../internal/printable';
import { textTable } from '../../internal/textTable';
import type { TrainingMetrics } from '../TrainingMetrics';

/** A metric value as the log printed it, near enough: four significant digits; NaN and infinities spelled out. */
export function formatMetricValue(value: number | undefined): string {
  if (value === undefined) return '';
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

/** `41.2`, and three decimals below 10 s (`0.412`). */
function formatEpochSeconds(value: number | undefined): string {
  if (value === undefined || typeof value !== 'number') return '';
  if (!Number.isFinite(value)) return String(value);
  return value.toFixed(value < 10 ? 3 : 1);
}

/**
 * The text of `metrics`: `TrainingMetrics: keras, 5 epochs, 3m32s of training`, then one row per
 * epoch (at most `maxRows`), then the final values when there is no epoch, then the warnings.
 * Reads only what it is given (a result read back from JSON may lack parts).
 *
 * @example
 * ```ts
 * console.log(trainingMetricsText(await parseTrainingLog(text)));
 * ```
 */
export function trainingMetricsText(metrics: TrainingMetrics, maxRows = Infinity): string {
  const epochs = Array.isArray(metrics.epochs) ? metrics.epochs : [];
  const warnings = Array.isArray(metrics.warnings) ? metrics.warnings : [];
  const final = metrics.final !== null && typeof metrics.final === 'object' ? metrics.final : {};
  const format = String(metrics.format ?? 'unknown');
  const parts = [format === 'unknown' ? 'unknown format' : format, epochs.length === 0 ? 'no epochs' : `${epochs.length} epoch${epochs.length === 1 ? '' : 's'}`];
  if (typeof metrics.trainingSeconds === 'number' && Number.isFinite(metrics.trainingSeconds)) parts.push(`${formatSeconds(metrics.trainingSeconds)} of training`);
  if (warnings.length > 0) parts.push(`${warnings.length} warning${warnings.length === 1 ? '' : 's'}`);
  const lines = [`TrainingMetrics: ${parts.join(', ')}`];
  if (epochs.length > 0) {
    const names = [...new Set(epochs.flatMap((epoch) => Object.keys(epoch?.metrics ?? {})))];
    const withSeconds = epochs.some((epoch) => epoch?.seconds !== undefined);
    const withSteps = epochs.some((epoch) => epoch?.steps !== undefined);
    const header = ['epoch', ...(withSeconds ? ['seconds'] : []), ...(withSteps ? ['steps'] : []), ...names];
    const rows = epochs.map((epoch) => [
      String(epoch?.epoch ?? ''),
      ...(withSeconds ? [formatEpochSeconds(epoch?.seconds)] : []),
      ...(withSteps ? [epoch?.steps === undefined ? '' : String(epoch.steps)] : []),
      ...names.map((name) => formatMetricValue(epoch?.metrics?.[name])),
    ]);
    lines.push(...textTable(header, rows, header.map(() => 'right' as const), maxRows, 'epoch').map((line) => `  ${line}`));
  } else {
    const entries = Object.entries(final);
    if (entries.length > 0) lines.push(`  final: ${entries.map(([name, value]) => `${name}=${formatMetricValue(value)}`).join(' ')}`);
  }
  for (const warning of warnings.slice(0, 3)) lines.push(`  warning: ${String(warning)}`);
  if (warnings.length > 3) lines.push(`  ... ${warnings.length - 3} more warnings (metrics.warnings)`);
  return lines.join('\n');
}

/**
 * `metrics`, printing as {@link trainingMetricsText} in a REPL (`util.inspect`) and with
 * `String()`; its JSON, structured clone and deep equality unchanged (see internal/printable).
 *
 * @example
 * ```ts
 * return printableMetrics({ format, epochs, final, series, warnings });
 * ```
 */
export function printableMetrics<T extends TrainingMetrics>(metrics: T): T {
  return printable(metrics, (maxRows) => trainingMetricsText(metrics, maxRows));
}
