/**
 * The JSON report's schema, `sagemaker-bench/sweep-report` version 1: what
 * `sweepReport(result, { format: 'json' })` writes. Types only.
 *
 * Conventions: a figure that does not exist is `null` (every key is always there); a number that
 * is not finite (a diverged run's NaN loss) is the string `'NaN'`, `'Infinity'` or `'-Infinity'`
 * (JSON has no such numbers, and `null` would read as "unknown"); times are ISO 8601 strings.
 * Jobs and configurations use the CSV's snake_case column names; a job holds exactly the CSV's
 * columns, with typed values (`hyper_parameters` an object, `notes` an array). A new field is
 * added without a new version; a field renamed, retyped or removed bumps `version`.
 *
 * @module
 */
import type { SweepJobStatus } from '../sweep/SweepResult';
import type { SecondsPerEpochSource } from './SweepTableRow';

/** A number in the JSON report: finite, or the name of a non-finite one. */
export type SweepReportJsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

/** One job: the CSV's row, typed. See {@link SWEEP_CSV_COLUMNS} for what each field is. */
export interface SweepReportJsonJob {
  /** The sweep's name. */
  sweep: string;
  /** The sweep's model. */
  model: string;
  /** The sweep's region. */
  region: string;
  /** The training job's name. */
  job_name: string;
  /** Which repeat of its configuration the job is (1-based). */
  repeat: number;
  /** The cell's instance type. */
  instance_type: string;
  /** The cell's instance count. */
  instance_count: number;
  /** GPUs per instance, from the instance catalog; `null` for a type it does not list. */
  gpus_per_instance: number | null;
  /** null; | `gpus_per_instance x instance_count`; `null` for a type the catalog does not list. */
  gpus: number | null;
  /** The cell's batch size; `null` when the sweep has none. */
  batch_size: number | null;
  /** null; | The epochs the job was planned to train; `null` when the sweep has none. */
  epochs: number | null;
  /** The cell's hyperparameter axes' values. */
  hyper_parameters: Record<string, string>;
  /** Completed, Failed, Stopped, NotLaunched or InProgress. */
  status: SweepJobStatus;
  /** Why the job failed or was not launched; `null` when it did not. */
  failure_reason: string | null;
  /** `true` for managed spot training. */
  spot: boolean;
  /** TrainingTimeInSeconds. */
  training_seconds: SweepReportJsonNumber | null;
  /** BillableTimeInSeconds, per instance. */
  billable_seconds: SweepReportJsonNumber | null;
  /** `billable_seconds x instance_count`: the instance-seconds paid for. */
  billed_instance_seconds: SweepReportJsonNumber | null;
  /** Finished epochs in the log; `null` when the job has no metrics. */
  epochs_completed: number | null;
  /** What per-epoch figures divide by: `epochs_completed`, else (a Completed job without epochs in a log) the planned `epochs`. */
  epochs_trained: number | null;
  /** Mean seconds per epoch of the job. */
  seconds_per_epoch_mean: SweepReportJsonNumber | null;
  /** Sample standard deviation of the seconds per epoch (log epochs only, two or more). */
  seconds_per_epoch_std: SweepReportJsonNumber | null;
  /** Where the seconds per epoch came from: the log's epochs, or the training time divided by the epochs. */
  seconds_per_epoch_source: SecondsPerEpochSource | null;
  /** The last loss in the log (else in FinalMetricDataList). */
  final_loss: SweepReportJsonNumber | null;
  /** The last accuracy in the log, of the metric `accuracy_metric` names. */
  final_accuracy: SweepReportJsonNumber | null;
  /** Which metric `final_accuracy` is (`val_accuracy`, `accuracy`, `acc`, ...). */
  accuracy_metric: string | null;
  /** On-demand price per instance-hour, in USD. */
  usd_per_hour: SweepReportJsonNumber | null;
  /** null; | Billed dollars. */
  usd: SweepReportJsonNumber | null;
  /** `usd / epochs_trained` (start-up included, as billed). */
  usd_per_epoch: SweepReportJsonNumber | null;
  /** Spot jobs: on-demand minus billed dollars. */
  spot_savings_usd: SweepReportJsonNumber | null;
  /** The plan's worst-case estimate, in USD. */
  max_usd: SweepReportJsonNumber | null;
  /** The target's metric, when a target is given. */
  target_metric: string | null;
  /** The target's value, when a target is given. */
  target_value: number | null;
  /** The target's mode, when a target is given: `max` (rise to the value) or `min` (fall to it). */
  target_mode: 'max' | 'min' | null;
  /** Whether an epoch reached the target; `null` without a target. */
  target_reached: boolean | null;
  /** The first epoch (1-based) that reached the target. */
  target_epoch: number | null;
  /** The seconds of the epochs up to `target_epoch`, summed. */
  time_to_target_seconds: SweepReportJsonNumber | null;
  /** What `time_to_target_seconds` cost, at the on-demand rate. */
  usd_to_target: SweepReportJsonNumber | null;
  /** The best value the target's metric had in any epoch. */
  target_best: SweepReportJsonNumber | null;
  /** The job's notes, and why it has no dollars (a missing price). */
  notes: string[];
}

/** Mean and spread, as in {@link SpreadStats}. */
export interface SweepReportJsonSpread {
  /** The mean. */
  mean: SweepReportJsonNumber;
  /** The sample standard deviation (n - 1); `null` for a single value. */
  std: SweepReportJsonNumber | null;
  /** How many values. */
  n: number;
  /** The smallest value. */
  min: SweepReportJsonNumber;
  /** The largest value. */
  max: SweepReportJsonNumber;
}

/** One configuration and its repeats aggregated, as in {@link SweepConfigurationRow}. */
export interface SweepReportJsonConfiguration {
  /** The sweep's name. */
  sweep: string;
  /** The sweep's model. */
  model: string;
  /** The sweep's region. */
  region: string;
  /** Identifies the configuration within its sweep. */
  key: string;
  /** The configuration's instance type. */
  instance_type: string;
  /** The configuration's instance count. */
  instance_count: number;
  /** GPUs per instance, from the instance catalog; `null` for a type it does not list. */
  gpus_per_instance: number | null;
  /** null; | `gpus_per_instance x instance_count`; `null` for a type the catalog does not list. */
  gpus: number | null;
  /** The configuration's batch size; `null` when the sweep has none. */
  batch_size: number | null;
  /** null; | The planned epochs; `null` when the sweep has none. */
  epochs: number | null;
  /** The configuration's hyperparameter axes' values. */
  hyper_parameters: Record<string, string>;
  /** The repeats' job names, in the plan's order. */
  job_names: string[];
  /** Repeats in all. */
  runs: number;
  /** Repeats that Completed: what the means below are over. */
  completed: number;
  /** How many repeats ended in each status. */
  status_counts: Partial<Record<SweepJobStatus, number>>;
  /** Over every finished epoch of every repeat. */
  seconds_per_epoch: SweepReportJsonSpread | null;
  /** `training-time` when at least one repeat's figure is its training time / epochs, else `log`. */
  seconds_per_epoch_source: SecondsPerEpochSource | null;
  /** Means over the Completed repeats, from here to `spot_savings_usd`. */
  training_seconds: SweepReportJsonNumber | null;
  /** Mean final loss (`'NaN'` if one repeat diverged). */
  final_loss: SweepReportJsonNumber | null;
  /** Mean final accuracy. */
  final_accuracy: SweepReportJsonNumber | null;
  /** The accuracy metric(s) used, joined with `/` when repeats differ. */
  accuracy_metric: string | null;
  /** null; | Mean billed dollars per run. */
  usd: SweepReportJsonNumber | null;
  /** Mean dollars per epoch. */
  usd_per_epoch: SweepReportJsonNumber | null;
  /** Mean spot savings per run (spot runs only). */
  spot_savings_usd: SweepReportJsonNumber | null;
  /** The plan's worst case of one run, in USD. */
  max_usd: SweepReportJsonNumber | null;
  /** Lowest mean seconds per epoch of its model's configurations (ties all marked; needs two to compare). */
  fastest: boolean;
  /** Lowest dollars per epoch of its model's configurations (ties all marked; needs two to compare). */
  cheapest: boolean;
  /** `null` without a target. Means over the repeats that reached it. */
  time_to_target: {
    /** Repeats whose log has epochs. */
    runs: number;
    /** Repeats that reached the target. */
    reached: number;
    /** Mean first epoch reaching it. */
    epoch: SweepReportJsonNumber | null;
    /** Mean cumulative seconds to it. */
    seconds: SweepReportJsonNumber | null;
    /** Mean dollars of those seconds. */
    usd: SweepReportJsonNumber | null;
    /** The best value of the metric over every epoch of every repeat. */
    best: SweepReportJsonNumber | null;
    /** Some epoch seconds were estimated (the job's mean seconds per epoch stood in). */
    estimated: boolean;
  } | null;
}

/** One sweep result. */
export interface SweepReportJsonSweep {
  /** The sweep's name. */
  name: string;
  /** The sweep's model. */
  model: string;
  /** The sweep's region. */
  region: string;
  /** null; | The seed the launch order was shuffled with. */
  seed: number | null;
  /** The sweep was aborted: every job still running was stopped. */
  aborted: boolean;
  /** When the sweep first started. */
  startedAt: string | null;
  /** When the sweep settled; `null` in a journal of a sweep still running. */
  endedAt: string | null;
  /** The job names in the order they were (to be) launched. */
  launchOrder: string[];
  /** One entry per configuration (a cell without its repeat). */
  configurations: SweepReportJsonConfiguration[];
  /** One entry per job. */
  jobs: SweepReportJsonJob[];
}

/** The whole JSON report. */
export interface SweepReportJson {
  /** Names the format: always `sagemaker-bench/sweep-report`. */
  schema: 'sagemaker-bench/sweep-report';
  /** The format's version: bumped when a field is renamed, retyped or removed. */
  version: 1;
  /** Only when `options.generatedAt` is given: the same input always gives the same output. */
  generatedAt?: string;
  /** The target, with its mode settled; `null` without one. */
  target: {
    /** The metric, as the log prints it in each epoch. */
    metric: string;
    /** The value to reach. */
    value: number;
    /** `max`: the metric must rise to `value` or above; `min`: fall to it or below. */
    mode: 'max' | 'min';
  } | null;
  /** One entry per sweep result. */
  sweeps: SweepReportJsonSweep[];
}
