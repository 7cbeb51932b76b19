/**
 * The typed rows of a sweep's report: one per configuration, each with its repeats' job rows.
 *
 * @module
 */
import type { SweepResult } from '../sweep/SweepResult';
import { configurationRows } from './internal/configurationRows';
import { optionsObject, resultsOf, rowOptions } from './internal/reportInput';
import type { SweepConfigurationRow, SweepTarget } from './SweepTableRow';

/** Options of {@link sweepTable} (and of {@link sweepReport} and {@link sweepChart}, which take them too). */
export interface SweepTableOptions {
  /** A quality target: adds time to target and dollars to target (see {@link SweepTarget}). */
  target?: SweepTarget | undefined;
  /** The metric read as the final loss (`metrics.final[lossMetric]`). Default `'loss'`. */
  lossMetric?: string | undefined;
  /**
   * The metric read as the final accuracy, or names to try in order. Default: `val_accuracy`,
   * `val_acc`, `eval_accuracy`, ..., `accuracy`, `acc`, ... (the first a job's log has).
   */
  accuracyMetric?: string | readonly string[] | undefined;
}

/**
 * Groups the jobs of one or more sweep results by configuration (the cell without its repeat:
 * instance type and count, batch size, epochs, hyperparameters) and aggregates the repeats:
 * seconds per epoch pool every finished epoch of every repeat (mean, sample standard deviation);
 * per-run figures (training time, final loss and accuracy, billed dollars, dollars per epoch,
 * spot savings) are means over the Completed repeats. Marks the fastest (lowest mean seconds per
 * epoch) and cheapest (lowest dollars per epoch) configuration of each model. Pure: no AWS, no I/O.
 *
 * @example
 * ```ts
 * import { sweepTable, type SweepResult } from 'sagemaker-bench';
 *
 * declare const result: SweepResult; // what runSweep resolves with
 * for (const row of sweepTable(result, { target: { metric: 'val_accuracy', value: 0.75 } })) {
 *   console.log(row.instanceType, row.batchSize, row.secondsPerEpoch?.mean, row.usdPerEpoch, row.fastest, row.target?.seconds);
 * }
 * ```
 */
export function sweepTable(result: SweepResult | readonly SweepResult[], options?: SweepTableOptions): SweepConfigurationRow[] {
  const given = optionsObject('sweepTable', options, false);
  return configurationRows(resultsOf('sweepTable', result), rowOptions('sweepTable', given)).configurations;
}
