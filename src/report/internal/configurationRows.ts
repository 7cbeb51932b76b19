/**
 * Groups a sweep's jobs by configuration (a cell without its repeat) and aggregates the
 * repeats. Internal.
 *
 * @module
 */
import { roundUsd } from '../../cost/internal/roundUsd';
import type { SweepJobStatus, SweepResult } from '../../sweep/SweepResult';
import type { SweepConfigurationRow, SweepJobRow } from '../SweepTableRow';
import { jobRow, type RowOptions } from './jobRow';
import { markLowest } from './markLowest';
import { defined, mean, spread } from './statistics';
import { configurationTargetOutcome } from './timeToTarget';

/** What identifies a configuration within a sweep: everything of its cell but the repeat. */
export function configurationKey(row: Pick<SweepJobRow, 'instanceType' | 'instanceCount' | 'batchSize' | 'epochs' | 'hyperParameters'>): string {
  const hyperParameters = Object.entries(row.hyperParameters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([row.instanceType, row.instanceCount, row.batchSize ?? null, row.epochs ?? null, hyperParameters]);
}

function aggregate(jobs: SweepJobRow[], key: string, options: RowOptions): SweepConfigurationRow {
  const first = jobs[0]!;
  const statusCounts: Partial<Record<SweepJobStatus, number>> = {};
  for (const job of jobs) statusCounts[job.status] = (statusCounts[job.status] ?? 0) + 1;
  const completed = jobs.filter((j) => j.status === 'Completed');
  const row: SweepConfigurationRow = {
    sweep: first.sweep,
    model: first.model,
    region: first.region,
    key,
    instanceType: first.instanceType,
    instanceCount: first.instanceCount,
    hyperParameters: { ...first.hyperParameters },
    jobs,
    statusCounts,
    runs: jobs.length,
    completed: completed.length,
    fastest: false,
    cheapest: false,
  };
  if (first.gpusPerInstance !== undefined) row.gpusPerInstance = first.gpusPerInstance;
  if (first.gpus !== undefined) row.gpus = first.gpus;
  if (first.batchSize !== undefined) row.batchSize = first.batchSize;
  if (first.epochs !== undefined) row.epochs = first.epochs;

  // Epochs are measurements whatever became of the run: pool every finished epoch's seconds; a
  // repeat without epoch times in its log counts its training time / epochs once per epoch.
  const pooled: number[] = [];
  let derived = false;
  for (const job of jobs) {
    if (job.secondsPerEpochSource === 'log') pooled.push(...defined(job.epochSeconds));
    else if (job.secondsPerEpochSource === 'training-time') {
      derived = true;
      for (let i = 0; i < Math.min(job.epochsTrained ?? 1, 100_000); i++) pooled.push(job.secondsPerEpoch!);
    }
  }
  const perEpoch = spread(pooled);
  if (perEpoch !== undefined && Number.isFinite(perEpoch.mean)) {
    row.secondsPerEpoch = perEpoch;
    row.secondsPerEpochSource = derived ? 'training-time' : 'log';
  }

  // Runs are outcomes: per-run figures are means over the Completed repeats.
  const trainingSeconds = mean(defined(completed.map((j) => j.trainingSeconds)));
  if (trainingSeconds !== undefined) row.trainingSeconds = trainingSeconds;
  const finalLoss = mean(defined(completed.map((j) => j.finalLoss)));
  if (finalLoss !== undefined) row.finalLoss = finalLoss;
  const finalAccuracy = mean(defined(completed.map((j) => j.finalAccuracy)));
  if (finalAccuracy !== undefined) row.finalAccuracy = finalAccuracy;
  const accuracyMetrics = [...new Set(completed.map((j) => j.accuracyMetric).filter((m): m is string => m !== undefined))];
  if (accuracyMetrics.length > 0) row.accuracyMetric = accuracyMetrics.join('/');
  const usd = mean(defined(completed.map((j) => j.usd)));
  if (usd !== undefined) row.usd = roundUsd(usd);
  const usdPerEpoch = mean(defined(completed.map((j) => j.usdPerEpoch)));
  if (usdPerEpoch !== undefined) row.usdPerEpoch = roundUsd(usdPerEpoch);
  const savings = mean(defined(completed.map((j) => j.spotSavingsUsd)));
  if (savings !== undefined) row.spotSavingsUsd = roundUsd(savings);
  const maxUsd = jobs.find((j) => j.maxUsd !== undefined)?.maxUsd;
  if (maxUsd !== undefined) row.maxUsd = maxUsd;
  if (options.target !== undefined) {
    row.target = configurationTargetOutcome(
      jobs.map((j) => j.target!),
      options.target.mode,
    );
  }
  return row;
}

/** Every configuration, and every job in the plans' order (the same job rows). */
export interface SweepRows {
  configurations: SweepConfigurationRow[];
  jobs: SweepJobRow[];
}

/**
 * The configurations of every result, in the results' order and, within one, in the order of
 * their first job (the plan's matrix order), with the fastest and cheapest of each model marked.
 */
export function configurationRows(results: readonly SweepResult[], options: RowOptions): SweepRows {
  const rows: SweepConfigurationRow[] = [];
  const all: SweepJobRow[] = [];
  for (const result of results) {
    const groups = new Map<string, SweepJobRow[]>();
    for (const job of result.jobs) {
      const row = jobRow(result, job, options);
      all.push(row);
      const key = configurationKey(row);
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    for (const [key, jobs] of groups) rows.push(aggregate(jobs, key, options));
  }
  const models = new Map<string, SweepConfigurationRow[]>();
  for (const row of rows) {
    const group = models.get(row.model);
    if (group) group.push(row);
    else models.set(row.model, [row]);
  }
  for (const group of models.values()) {
    // Only configurations that completed a run can be the fastest: a configuration whose runs all fail is no choice.
    for (const i of markLowest(group.map((r) => (r.completed > 0 ? r.secondsPerEpoch?.mean : undefined)))) group[i]!.fastest = true;
    for (const i of markLowest(group.map((r) => r.usdPerEpoch))) group[i]!.cheapest = true;
  }
  return { configurations: rows, jobs: all };
}

