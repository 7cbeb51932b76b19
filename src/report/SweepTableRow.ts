/**
 * The row model of a sweep's report: one {@link SweepJobRow} per job and one
 * {@link SweepConfigurationRow} per configuration (a cell of the matrix without its repeat),
 * what {@link sweepTable} returns and every format of {@link sweepReport} is drawn from. Types only.
 *
 * @module
 */
import type { SweepJobStatus } from '../sweep/SweepResult';

/**
 * A quality target, as MLPerf Training measures "time to train": the first epoch whose `metric`
 * reaches `value`. `mode`: `'min'` (the metric must fall to `value` or below) or `'max'` (rise to
 * it or above); default `'min'` when the metric's name contains `loss` (any case), else `'max'`.
 */
export interface SweepTarget {
  /** The metric, as the log prints it in each epoch (`val_accuracy`, `val_loss`, ...). */
  metric: string;
  /** The value to reach. */
  value: number;
  /**
   * `max`: the metric must rise to `value` or above; `min`: fall to it or below. Default: `min` when the metric's name contains `loss`, else `max`.
   */
  mode?: 'max' | 'min';
}

/** A {@link SweepTarget} with its mode settled. */
export interface ResolvedSweepTarget {
  /** The metric, as the log prints it in each epoch. */
  metric: string;
  /** The value to reach. */
  value: number;
  /** `max`: the metric must rise to `value` or above; `min`: fall to it or below. */
  mode: 'max' | 'min';
}

/** Where a figure of seconds per epoch came from. */
export type SecondsPerEpochSource =
  /** The epochs' own seconds in the log (Keras' `13s`, Lightning's timings, log timestamps). */
  | 'log'
  /** No epoch of the log had seconds: the job's training time divided by its epochs (start-up included). */
  | 'training-time';

/** Mean and spread of a set of values. */
export interface SpreadStats {
  /** The mean. */
  mean: number;
  /** The sample standard deviation (n - 1); absent for a single value. */
  std?: number;
  /** How many values. */
  n: number;
  /** The smallest value. */
  min: number;
  /** The largest value. */
  max: number;
}

/** How one job went against a {@link SweepTarget}. */
export interface JobTargetOutcome {
  /** The job's log has the target's metric in at least one epoch. */
  measured: boolean;
  /** An epoch reached the target. */
  reached: boolean;
  /** The first epoch (1-based) that reached it. */
  epoch?: number;
  /** The seconds of epochs 1 to `epoch`, summed. */
  seconds?: number;
  /** What those seconds cost: `seconds x instanceCount x usdPerHour / 3600` (on-demand rate). */
  usd?: number;
  /** The best value the metric had in any epoch (NaN values skipped); absent when it never had one. */
  best?: number;
  /** Some of those epochs had no seconds in the log: the job's mean seconds per epoch stood in. */
  estimated: boolean;
}

/** How a configuration's repeats went against a {@link SweepTarget}: means over the repeats that reached it. */
export interface ConfigurationTargetOutcome {
  /** Repeats whose log has epochs. */
  runs: number;
  /** Repeats that reached the target. */
  reached: number;
  /** Mean first epoch reaching it. */
  epoch?: number;
  /** Mean cumulative seconds to it. */
  seconds?: number;
  /** Mean dollars of those seconds. */
  usd?: number;
  /** The best value of the metric over every epoch of every repeat. */
  best?: number;
  /** Some epoch seconds were estimated (see {@link JobTargetOutcome.estimated}). */
  estimated: boolean;
}

/** One job of a sweep, flattened: what the CSV has one row of. */
export interface SweepJobRow {
  /** The sweep's name. */
  sweep: string;
  /** The sweep's model. */
  model: string;
  /** The sweep's region. */
  region: string;
  /** The training job's name. */
  jobName: string;
  /** Which repeat of its configuration the job is (1-based). */
  repeat: number;
  /** The cell's instance type. */
  instanceType: string;
  /** The cell's instance count. */
  instanceCount: number;
  /** GPUs per instance, from the instance catalog; absent for a type it does not list. */
  gpusPerInstance?: number;
  /** `gpusPerInstance x instanceCount`. */
  gpus?: number;
  /** The cell's batch size. */
  batchSize?: number;
  /** The epochs the job was planned to train. */
  epochs?: number;
  /** The cell's hyperparameter axes' values. */
  hyperParameters: Record<string, string>;
  /** Where the job ended (Completed, Failed, Stopped, NotLaunched, InProgress). */
  status: SweepJobStatus;
  /** Why the job failed, was stopped, or was not launched. */
  failureReason?: string;
  /** TrainingTimeInSeconds (summary.trainingSeconds). */
  trainingSeconds?: number;
  /** BillableTimeInSeconds, per instance. */
  billableSeconds?: number;
  /** Billable seconds x instances. */
  billedInstanceSeconds?: number;
  /** Epochs finished in the log; absent when the job has no metrics. */
  epochsCompleted?: number;
  /**
   * Epochs the job trained: the log's finished epochs, else (a Completed job without epochs in a
   * log) the planned epochs. What training time and dollars are divided by, per epoch.
   */
  epochsTrained?: number;
  /** Seconds of each finished epoch, as the log has them (`undefined` where an epoch has none). */
  epochSeconds: (number | undefined)[];
  /** Mean seconds per epoch of the job (log epochs with seconds; else training time / epochs). */
  secondsPerEpoch?: number;
  /** Their sample standard deviation (log epochs only, two or more). */
  secondsPerEpochStd?: number;
  /** Where `secondsPerEpoch` came from: the log's epochs, or the training time divided by the epochs. */
  secondsPerEpochSource?: SecondsPerEpochSource;
  /** The last `loss` (the loss metric) of the log, else of FinalMetricDataList. NaN kept. */
  finalLoss?: number;
  /** The last accuracy, of the metric named by `accuracyMetric`. NaN kept. */
  finalAccuracy?: number;
  /** Which metric `finalAccuracy` is (`val_accuracy`, `accuracy`, `acc`, ...). */
  accuracyMetric?: string;
  /** Managed spot training. */
  spot: boolean;
  /** On-demand USD per instance-hour (the cost's, else the estimate's). */
  usdPerHour?: number;
  /** Billed dollars (cost.usd). */
  usd?: number;
  /** `usd` / the epochs trained (start-up included, as billed). */
  usdPerEpoch?: number;
  /** Spot jobs: on-demand minus billed dollars. */
  spotSavingsUsd?: number;
  /** The plan's worst case (estimate.maxUsd). */
  maxUsd?: number;
  /** Against the target, when one is given. */
  target?: JobTargetOutcome;
  /** The job's notes, and why it has no dollars (a missing price). */
  notes: string[];
}

/** One configuration of a sweep (a cell without its repeat) and its repeats, aggregated. */
export interface SweepConfigurationRow {
  /** The sweep's name. */
  sweep: string;
  /** The sweep's model. */
  model: string;
  /** The sweep's region. */
  region: string;
  /** Identifies the configuration within its sweep (instance, count, batch size, epochs, hyperparameters). */
  key: string;
  /** The configuration's instance type. */
  instanceType: string;
  /** The configuration's instance count. */
  instanceCount: number;
  /** GPUs per instance, from the instance catalog; absent for a type it does not list. */
  gpusPerInstance?: number;
  /** `gpusPerInstance x instanceCount`. */
  gpus?: number;
  /** The configuration's batch size. */
  batchSize?: number;
  /** The epochs each repeat was planned to train. */
  epochs?: number;
  /** The configuration's hyperparameter axes' values. */
  hyperParameters: Record<string, string>;
  /** The repeats, in the plan's order. */
  jobs: SweepJobRow[];
  /** How many repeats ended in each status. */
  statusCounts: Partial<Record<SweepJobStatus, number>>;
  /** Repeats in all. */
  runs: number;
  /** Repeats that Completed: what the per-run figures are means over. */
  completed: number;
  /**
   * Seconds per epoch over every finished epoch of every repeat (whatever its status), from the
   * log; a repeat without epoch times in its log counts its training time / epochs once per epoch.
   */
  secondsPerEpoch?: SpreadStats;
  /** `'training-time'` when at least one repeat's figure is its training time / epochs. */
  secondsPerEpochSource?: SecondsPerEpochSource;
  /** Mean training time of the Completed repeats. */
  trainingSeconds?: number;
  /** Mean final loss of the Completed repeats (NaN if one diverged). */
  finalLoss?: number;
  /** Mean final accuracy of the Completed repeats. */
  finalAccuracy?: number;
  /** The accuracy metric(s) used, joined with `/` when repeats differ. */
  accuracyMetric?: string;
  /** Mean billed dollars per Completed run. */
  usd?: number;
  /** Mean of the Completed runs' dollars per epoch. */
  usdPerEpoch?: number;
  /** Mean spot savings per Completed run (spot runs only). */
  spotSavingsUsd?: number;
  /** The plan's worst case of one run. */
  maxUsd?: number;
  /** Lowest mean seconds per epoch of its model's configurations (ties all marked; needs two to compare). */
  fastest: boolean;
  /** Lowest dollars per epoch of its model's configurations (ties all marked; needs two to compare). */
  cheapest: boolean;
  /** Against the target, when one is given. */
  target?: ConfigurationTargetOutcome;
}
