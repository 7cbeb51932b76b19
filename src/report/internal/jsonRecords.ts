/**
 * The rows as plain JSON records: what the JSON report holds and the CSV report writes out.
 * Internal.
 *
 * @module
 */
import type { SweepCsvColumn } from '../sweepCsvColumns';
import type { SweepReportJsonConfiguration, SweepReportJsonJob, SweepReportJsonNumber, SweepReportJsonSpread } from '../SweepReportJson';
import type { ResolvedSweepTarget, SpreadStats, SweepConfigurationRow, SweepJobRow } from '../SweepTableRow';

// Every field of a JSON job is a CSV column (and the `satisfies` in sweepCsvColumns.ts says the converse).
const everyFieldIsAColumn: [Exclude<keyof SweepReportJsonJob, SweepCsvColumn>] extends [never] ? true : false = true;
void everyFieldIsAColumn;

/** A number for JSON: as is when finite, else `'NaN'`, `'Infinity'` or `'-Infinity'`; `null` when absent. */
export function jsonNumber(value: number | undefined): SweepReportJsonNumber | null {
  if (value === undefined) return null;
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

function finiteOrNull(value: number | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** `hyperParameters` with its keys sorted (a stable order for JSON and CSV). */
export function sortedHyperParameters(hyperParameters: Record<string, string>): Record<string, string> {
  // fromEntries, not assignment: a key such as `__proto__` stays a key.
  return Object.fromEntries(Object.keys(hyperParameters).sort().map((key) => [key, String(hyperParameters[key])]));
}

/** The sweep a job or configuration belongs to. */
function sharedFields(row: SweepJobRow | SweepConfigurationRow) {
  return { sweep: row.sweep, model: row.model, region: row.region };
}

/** What a job and its configuration share: the instances, batch size, epochs and hyperparameters. */
function configurationFields(row: SweepJobRow | SweepConfigurationRow) {
  return {
    instance_type: row.instanceType,
    instance_count: row.instanceCount,
    gpus_per_instance: row.gpusPerInstance ?? null,
    gpus: row.gpus ?? null,
    batch_size: finiteOrNull(row.batchSize),
    epochs: finiteOrNull(row.epochs),
    hyper_parameters: sortedHyperParameters(row.hyperParameters),
  };
}

/** One job as the JSON report's job (and the CSV's row). */
export function jobRecord(row: SweepJobRow, target: ResolvedSweepTarget | undefined): SweepReportJsonJob {
  const outcome = row.target;
  return {
    ...sharedFields(row),
    job_name: row.jobName,
    repeat: row.repeat,
    ...configurationFields(row),
    status: row.status,
    failure_reason: row.failureReason ?? null,
    spot: row.spot,
    training_seconds: jsonNumber(row.trainingSeconds),
    billable_seconds: jsonNumber(row.billableSeconds),
    billed_instance_seconds: jsonNumber(row.billedInstanceSeconds),
    epochs_completed: row.epochsCompleted ?? null,
    epochs_trained: row.epochsTrained ?? null,
    seconds_per_epoch_mean: jsonNumber(row.secondsPerEpoch),
    seconds_per_epoch_std: jsonNumber(row.secondsPerEpochStd),
    seconds_per_epoch_source: row.secondsPerEpochSource ?? null,
    final_loss: jsonNumber(row.finalLoss),
    final_accuracy: jsonNumber(row.finalAccuracy),
    accuracy_metric: row.accuracyMetric ?? null,
    usd_per_hour: jsonNumber(row.usdPerHour),
    usd: jsonNumber(row.usd),
    usd_per_epoch: jsonNumber(row.usdPerEpoch),
    spot_savings_usd: jsonNumber(row.spotSavingsUsd),
    max_usd: jsonNumber(row.maxUsd),
    target_metric: target?.metric ?? null,
    target_value: target?.value ?? null,
    target_mode: target?.mode ?? null,
    target_reached: outcome?.reached ?? null,
    target_epoch: outcome?.epoch ?? null,
    time_to_target_seconds: jsonNumber(outcome?.seconds),
    usd_to_target: jsonNumber(outcome?.usd),
    target_best: jsonNumber(outcome?.best),
    notes: [...row.notes],
  };
}

function spreadRecord(stats: SpreadStats | undefined): SweepReportJsonSpread | null {
  if (stats === undefined) return null;
  return { mean: jsonNumber(stats.mean)!, std: jsonNumber(stats.std), n: stats.n, min: jsonNumber(stats.min)!, max: jsonNumber(stats.max)! };
}

/** One configuration as the JSON report's. */
export function configurationRecord(row: SweepConfigurationRow): SweepReportJsonConfiguration {
  const outcome = row.target;
  return {
    ...sharedFields(row),
    key: row.key,
    ...configurationFields(row),
    job_names: row.jobs.map((j) => j.jobName),
    runs: row.runs,
    completed: row.completed,
    status_counts: { ...row.statusCounts },
    seconds_per_epoch: spreadRecord(row.secondsPerEpoch),
    seconds_per_epoch_source: row.secondsPerEpochSource ?? null,
    training_seconds: jsonNumber(row.trainingSeconds),
    final_loss: jsonNumber(row.finalLoss),
    final_accuracy: jsonNumber(row.finalAccuracy),
    accuracy_metric: row.accuracyMetric ?? null,
    usd: jsonNumber(row.usd),
    usd_per_epoch: jsonNumber(row.usdPerEpoch),
    spot_savings_usd: jsonNumber(row.spotSavingsUsd),
    max_usd: jsonNumber(row.maxUsd),
    fastest: row.fastest,
    cheapest: row.cheapest,
    time_to_target:
      outcome === undefined
        ? null
        : {
            runs: outcome.runs,
            reached: outcome.reached,
            epoch: jsonNumber(outcome.epoch),
            seconds: jsonNumber(outcome.seconds),
            usd: jsonNumber(outcome.usd),
            best: jsonNumber(outcome.best),
            estimated: outcome.estimated,
          },
  };
}
