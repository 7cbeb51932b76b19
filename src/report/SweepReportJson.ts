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
  sweep: string;
  model: string;
  region: string;
  job_name: string;
  repeat: number;
  instance_type: string;
  instance_count: number;
  gpus_per_instance: number | null;
  gpus: number | null;
  batch_size: number | null;
  epochs: number | null;
  hyper_parameters: Record<string, string>;
  status: SweepJobStatus;
  failure_reason: string | null;
  spot: boolean;
  training_seconds: SweepReportJsonNumber | null;
  billable_seconds: SweepReportJsonNumber | null;
  billed_instance_seconds: SweepReportJsonNumber | null;
  epochs_completed: number | null;
  epochs_trained: number | null;
  seconds_per_epoch_mean: SweepReportJsonNumber | null;
  seconds_per_epoch_std: SweepReportJsonNumber | null;
  seconds_per_epoch_source: SecondsPerEpochSource | null;
  final_loss: SweepReportJsonNumber | null;
  final_accuracy: SweepReportJsonNumber | null;
  accuracy_metric: string | null;
  usd_per_hour: SweepReportJsonNumber | null;
  usd: SweepReportJsonNumber | null;
  usd_per_epoch: SweepReportJsonNumber | null;
  spot_savings_usd: SweepReportJsonNumber | null;
  max_usd: SweepReportJsonNumber | null;
  target_metric: string | null;
  target_value: number | null;
  target_mode: 'max' | 'min' | null;
  target_reached: boolean | null;
  target_epoch: number | null;
  time_to_target_seconds: SweepReportJsonNumber | null;
  usd_to_target: SweepReportJsonNumber | null;
  target_best: SweepReportJsonNumber | null;
  notes: string[];
}

/** Mean and spread, as in {@link SpreadStats}. */
export interface SweepReportJsonSpread {
  mean: SweepReportJsonNumber;
  std: SweepReportJsonNumber | null;
  n: number;
  min: SweepReportJsonNumber;
  max: SweepReportJsonNumber;
}

/** One configuration and its repeats aggregated, as in {@link SweepConfigurationRow}. */
export interface SweepReportJsonConfiguration {
  sweep: string;
  model: string;
  region: string;
  /** Identifies the configuration within its sweep. */
  key: string;
  instance_type: string;
  instance_count: number;
  gpus_per_instance: number | null;
  gpus: number | null;
  batch_size: number | null;
  epochs: number | null;
  hyper_parameters: Record<string, string>;
  /** The repeats' job names, in the plan's order. */
  job_names: string[];
  runs: number;
  completed: number;
  status_counts: Partial<Record<SweepJobStatus, number>>;
  /** Over every finished epoch of every repeat. */
  seconds_per_epoch: SweepReportJsonSpread | null;
  seconds_per_epoch_source: SecondsPerEpochSource | null;
  /** Means over the Completed repeats, from here to `spot_savings_usd`. */
  training_seconds: SweepReportJsonNumber | null;
  final_loss: SweepReportJsonNumber | null;
  final_accuracy: SweepReportJsonNumber | null;
  accuracy_metric: string | null;
  usd: SweepReportJsonNumber | null;
  usd_per_epoch: SweepReportJsonNumber | null;
  spot_savings_usd: SweepReportJsonNumber | null;
  max_usd: SweepReportJsonNumber | null;
  fastest: boolean;
  cheapest: boolean;
  /** `null` without a target. Means over the repeats that reached it. */
  time_to_target: {
    runs: number;
    reached: number;
    epoch: SweepReportJsonNumber | null;
    seconds: SweepReportJsonNumber | null;
    usd: SweepReportJsonNumber | null;
    best: SweepReportJsonNumber | null;
    estimated: boolean;
  } | null;
}

/** One sweep result. */
export interface SweepReportJsonSweep {
  name: string;
  model: string;
  region: string;
  seed: number | null;
  aborted: boolean;
  startedAt: string | null;
  endedAt: string | null;
  launchOrder: string[];
  configurations: SweepReportJsonConfiguration[];
  jobs: SweepReportJsonJob[];
}

/** The whole JSON report. */
export interface SweepReportJson {
  schema: 'sagemaker-bench/sweep-report';
  version: 1;
  /** Only when `options.generatedAt` is given: the same input always gives the same output. */
  generatedAt?: string;
  /** The target, with its mode settled; `null` without one. */
  target: { metric: string; value: number; mode: 'max' | 'min' } | null;
  sweeps: SweepReportJsonSweep[];
}
