/**
 * How charts name configurations: short, and only with what varies. Internal.
 *
 * @module
 */
import type { SweepConfigurationRow } from '../SweepTableRow';
import { hyperParametersText } from './reportDocument';

/** `ml.p3.2xlarge`, or `ml.p3.2xlarge ×2`. */
export function instanceLabel(row: Pick<SweepConfigurationRow, 'instanceType' | 'instanceCount'>): string {
  return `${row.instanceType}${row.instanceCount === 1 ? '' : ` ×${row.instanceCount}`}`;
}

/** What tells the configurations of `rows` apart, besides the instance. */
export interface Varying {
  sweep: boolean;
  epochs: boolean;
  hyperParameters: boolean;
}

/** Which fields vary among `rows` (the sweep, when several are charted together). */
export function varying(rows: readonly SweepConfigurationRow[]): Varying {
  const distinct = (f: (r: SweepConfigurationRow) => unknown) => new Set(rows.map((r) => JSON.stringify(f(r) ?? null))).size > 1;
  return {
    sweep: distinct((r) => r.sweep) || distinct((r) => r.model),
    epochs: distinct((r) => r.epochs),
    hyperParameters: distinct((r) => Object.entries(r.hyperParameters).sort()),
  };
}

/** `batch 128`, plus the epochs and hyperparameters where they vary. */
export function seriesLabel(row: SweepConfigurationRow, vary: Varying): string {
  const parts = [row.batchSize === undefined ? 'default batch' : `batch ${row.batchSize}`];
  if (vary.epochs) parts.push(row.epochs === undefined ? 'default epochs' : `${row.epochs} epochs`);
  if (vary.hyperParameters) parts.push(hyperParametersText(row.hyperParameters));
  return parts.join(', ');
}

/** `sweep · ` when several sweeps are charted together, else nothing. */
export function sweepPrefix(row: SweepConfigurationRow, vary: Varying): string {
  return vary.sweep ? `${row.sweep} · ` : '';
}

/** A configuration's full label: `ml.p3.2xlarge ×2, batch 128`. */
export function configurationLabel(row: SweepConfigurationRow, vary: Varying): string {
  return `${sweepPrefix(row, vary)}${instanceLabel(row)}, ${seriesLabel(row, vary)}`;
}
