/**
 * The columns of the CSV report, in order.
 *
 * @module
 */
import type { SweepReportJsonJob } from './SweepReportJson';

/**
 * The CSV report's columns, in order (one row per job; the JSON report's jobs have the same
 * names). An empty cell is a figure that does not exist; `NaN`, `Infinity` are written as such.
 *
 * | column | what it is |
 * | --- | --- |
 * | `sweep`, `model`, `region` | the sweep's name, model and region |
 * | `job_name`, `repeat` | the job, and which repeat of its configuration (1-based) |
 * | `instance_type`, `instance_count` | the cell's instances |
 * | `gpus_per_instance`, `gpus` | from the instance catalog (`gpus` = per instance x count); empty for a type it does not list |
 * | `batch_size`, `epochs` | the cell's (planned epochs) |
 * | `hyper_parameters` | the cell's hyperparameter axes, as a JSON object with sorted keys |
 * | `status`, `failure_reason` | Completed, Failed, Stopped, NotLaunched or InProgress, and why |
 * | `spot` | `true` for managed spot training |
 * | `training_seconds`, `billable_seconds`, `billed_instance_seconds` | TrainingTimeInSeconds, BillableTimeInSeconds (per instance) and billable x instances |
 * | `epochs_completed` | finished epochs in the log |
 * | `epochs_trained` | what per-epoch figures divide by: `epochs_completed`, else (a Completed job without a log) the planned `epochs` |
 * | `seconds_per_epoch_mean`, `seconds_per_epoch_std`, `seconds_per_epoch_source` | the job's epochs: mean, sample standard deviation, and `log` or `training-time` (training time / epochs) |
 * | `final_loss`, `final_accuracy`, `accuracy_metric` | the last loss and accuracy in the log, and which metric the accuracy is |
 * | `usd_per_hour`, `usd`, `usd_per_epoch`, `spot_savings_usd` | on-demand price per instance-hour, billed dollars, dollars / epochs, spot savings |
 * | `max_usd` | the plan's worst-case estimate |
 * | `target_metric`, `target_value`, `target_mode` | the target, when one is given |
 * | `target_reached`, `target_epoch`, `time_to_target_seconds`, `usd_to_target`, `target_best` | the first epoch reaching it, the seconds up to it, their dollars, the best value seen |
 * | `notes` | the job's notes, joined with `; ` |
 *
 * @example
 * ```ts
 * import { parse } from 'csv-parse/sync';
 * import { SWEEP_CSV_COLUMNS, sweepReport, type SweepResult } from 'sagemaker-bench';
 *
 * declare const result: SweepResult;
 * const [header] = parse(sweepReport(result, { format: 'csv' })) as string[][];
 * console.log(header!.join(',') === SWEEP_CSV_COLUMNS.join(',')); // true
 * ```
 */
export const SWEEP_CSV_COLUMNS = [
  'sweep',
  'model',
  'region',
  'job_name',
  'repeat',
  'instance_type',
  'instance_count',
  'gpus_per_instance',
  'gpus',
  'batch_size',
  'epochs',
  'hyper_parameters',
  'status',
  'failure_reason',
  'spot',
  'training_seconds',
  'billable_seconds',
  'billed_instance_seconds',
  'epochs_completed',
  'epochs_trained',
  'seconds_per_epoch_mean',
  'seconds_per_epoch_std',
  'seconds_per_epoch_source',
  'final_loss',
  'final_accuracy',
  'accuracy_metric',
  'usd_per_hour',
  'usd',
  'usd_per_epoch',
  'spot_savings_usd',
  'max_usd',
  'target_metric',
  'target_value',
  'target_mode',
  'target_reached',
  'target_epoch',
  'time_to_target_seconds',
  'usd_to_target',
  'target_best',
  'notes',
] as const satisfies readonly (keyof SweepReportJsonJob)[];

/** A column of {@link SWEEP_CSV_COLUMNS}. */
export type SweepCsvColumn = (typeof SWEEP_CSV_COLUMNS)[number];
