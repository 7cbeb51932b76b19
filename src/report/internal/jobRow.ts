/**
 * One job of a sweep as a flat, typed row. Internal.
 *
 * @module
 */
import { getInstanceSpec } from '../../builder/instanceCatalog';
import type { SweepJobResult, SweepResult } from '../../sweep/SweepResult';
import type { ResolvedSweepTarget, SweepJobRow } from '../SweepTableRow';
import { roundUsd } from '../../cost/internal/roundUsd';
import { accuracyOf } from './accuracyMetric';
import { epochTiming } from './epochTiming';
import { jobTargetOutcome } from './timeToTarget';

/** What the rows are computed with (settled by the public function). */
export interface RowOptions {
  target?: ResolvedSweepTarget | undefined;
  /** The metric read as the final loss. */
  lossMetric: string;
  /** The metrics tried, in order, for the final accuracy. */
  accuracyMetrics: readonly string[];
}

function metricOf(metrics: Readonly<Record<string, number>> | undefined, name: string): number | undefined {
  if (metrics === undefined || metrics === null || !Object.hasOwn(metrics, name)) return undefined;
  const value = metrics[name];
  return typeof value === 'number' ? value : undefined;
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The row of `job`, one job of `result`. */
export function jobRow(result: SweepResult, job: SweepJobResult, options: RowOptions): SweepJobRow {
  const cell = job.cell;
  const instanceType = String(cell?.instanceType ?? job.summary?.instanceType ?? '');
  const instanceCount = finite(cell?.instanceCount) ?? job.summary?.instanceCount ?? 1;
  const timing = epochTiming(job);
  const row: SweepJobRow = {
    sweep: String(result.name),
    model: String(result.model),
    region: String(result.region),
    jobName: String(job.jobName),
    repeat: finite(cell?.repeat) ?? 1,
    instanceType,
    instanceCount,
    hyperParameters: { ...(cell?.hyperParameters ?? {}) },
    status: job.status,
    epochSeconds: timing.logSeconds,
    spot: job.cost?.spot ?? job.summary?.spot ?? job.estimate?.spot ?? false,
    notes: Array.isArray(job.notes) ? job.notes.map(String) : [],
  };
  const gpus = getInstanceSpec(instanceType)?.gpus;
  if (gpus !== undefined) {
    row.gpusPerInstance = gpus;
    row.gpus = gpus * instanceCount;
  }
  if (cell?.batchSize !== undefined) row.batchSize = cell.batchSize;
  if (cell?.epochs !== undefined) row.epochs = cell.epochs;
  if (job.failureReason !== undefined) row.failureReason = String(job.failureReason);

  const trainingSeconds = finite(job.summary?.trainingSeconds);
  if (trainingSeconds !== undefined) row.trainingSeconds = trainingSeconds;
  const billable = finite(job.summary?.billableSeconds) ?? finite(job.cost?.billableSeconds);
  if (billable !== undefined) row.billableSeconds = billable;
  const billed = finite(job.summary?.billedInstanceSeconds) ?? finite(job.cost?.billedInstanceSeconds);
  if (billed !== undefined) row.billedInstanceSeconds = billed;
  if (job.metrics !== undefined && Array.isArray(job.metrics.epochs)) row.epochsCompleted = job.metrics.epochs.length;
  if (timing.epochsTrained !== undefined) row.epochsTrained = timing.epochsTrained;
  if (timing.perEpoch !== undefined) row.secondsPerEpoch = timing.perEpoch;
  if (timing.std !== undefined) row.secondsPerEpochStd = timing.std;
  if (timing.source !== undefined) row.secondsPerEpochSource = timing.source;

  const loss = metricOf(job.metrics?.final, options.lossMetric) ?? metricOf(job.summary?.finalMetrics, options.lossMetric);
  if (loss !== undefined) row.finalLoss = loss;
  const accuracy = accuracyOf(job.metrics?.final, options.accuracyMetrics) ?? accuracyOf(job.summary?.finalMetrics, options.accuracyMetrics);
  if (accuracy !== undefined) {
    row.finalAccuracy = accuracy.value;
    row.accuracyMetric = accuracy.metric;
  }

  const usdPerHour = finite(job.cost?.usdPerHour) ?? finite(job.estimate?.usdPerHour);
  if (usdPerHour !== undefined) row.usdPerHour = usdPerHour;
  const usd = finite(job.cost?.usd);
  if (usd !== undefined) {
    row.usd = usd;
    if (timing.epochsTrained !== undefined) row.usdPerEpoch = roundUsd(usd / timing.epochsTrained);
  } else if (job.cost?.reason !== undefined) {
    row.notes.push(`no dollars: ${String(job.cost.reason)}`);
  }
  const savings = finite(job.cost?.spotSavingsUsd);
  if (savings !== undefined) row.spotSavingsUsd = savings;
  const maxUsd = finite(job.estimate?.maxUsd);
  if (maxUsd !== undefined) row.maxUsd = maxUsd;
  if (options.target !== undefined) row.target = jobTargetOutcome(job, timing, usdPerHour, options.target);
  return row;
}
