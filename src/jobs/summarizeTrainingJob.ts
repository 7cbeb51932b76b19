import type { DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';

/** One phase of a job: one SecondaryStatusTransition. */
export interface TrainingJobPhase {
  /** Secondary status: `Starting`, `Downloading`, `Training`, `Uploading`, `Completed`, ... */
  status: string;
  /** When the phase started. */
  startedAt: Date;
  /** Absent while the phase is still going on. */
  endedAt?: Date;
  /** `endedAt - startedAt` in seconds; absent while the phase is still going on. */
  seconds?: number;
  /** The service's message for the phase. */
  message?: string;
}

/** A training job in one plain object: what ran where, for how long, at what billed time, with what result. */
export interface TrainingJobSummary {
  /** The training job's name. */
  jobName: string;
  /** The training job's ARN. */
  arn?: string;
  /** `InProgress`, `Completed`, `Failed`, `Stopping` or `Stopped`. */
  status: string;
  /** The phase the job is in: `Starting`, `Downloading`, `Training`, `Uploading`, `Completed`, ... */
  secondaryStatus?: string;
  /** Set when the service ended the job at a time limit (status `Stopped`: the work did not finish). */
  timeLimitExceeded?: 'MaxRuntimeExceeded' | 'MaxWaitTimeExceeded';
  /** The instance type; for a heterogeneous cluster, the group types joined with `+`. */
  instanceType?: string;
  /** Instances in total (all instance groups together). */
  instanceCount: number;
  /** Managed spot training. */
  spot: boolean;
  /** When the job was created (CreationTime). */
  createdAt?: Date;
  /** When the instances started (TrainingStartTime). */
  startedAt?: Date;
  /** When the job ended (TrainingEndTime). */
  endedAt?: Date;
  /** TrainingTimeInSeconds, or `endedAt - startedAt` when the service has not set it. */
  trainingSeconds?: number;
  /** BillableTimeInSeconds, per instance (set by the service when the job ends). */
  billableSeconds?: number;
  /** `billableSeconds x instanceCount`: the instance-seconds you pay for. */
  billedInstanceSeconds?: number;
  /** Spot jobs only: `(1 - billableSeconds / trainingSeconds) x 100`. Not rounded. */
  spotSavingsPercent?: number;
  /** MaxRuntimeInSeconds of the job. */
  maxRuntimeSeconds?: number;
  /** One entry per SecondaryStatusTransition, in order. */
  phases: TrainingJobPhase[];
  /** Why the job failed (FailureReason), when it did. */
  failureReason?: string;
  /** FinalMetricDataList as metric name to value. */
  finalMetrics: Record<string, number>;
  /** Where the model artifacts were written. */
  modelArtifacts?: string;
  /** The job's hyperparameters, as SageMaker has them (strings). */
  hyperParameters: Record<string, string>;
}

function toDate(value: Date | string | number | undefined): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function secondsBetween(start: Date | undefined, end: Date | undefined): number | undefined {
  return start && end ? (end.getTime() - start.getTime()) / 1000 : undefined;
}

/**
 * Turns a DescribeTrainingJob output into a plain summary with Dates and numbers of seconds,
 * ready for a table, a JSON file or a cost estimate. Pure: it calls nothing.
 *
 * - `billedInstanceSeconds = billableSeconds x instanceCount`
 * - `spotSavingsPercent = (1 - billableSeconds / trainingSeconds) x 100`, spot jobs only
 * - `phases`: one `{ status, startedAt, endedAt, seconds, message }` per SecondaryStatusTransition
 * - `finalMetrics`: FinalMetricDataList as `{ name: value }`
 *
 * @example
 * ```ts
 * import { describeTrainingJob, summarizeTrainingJob } from 'sagemaker-bench';
 *
 * const summary = summarizeTrainingJob(await describeTrainingJob(sagemaker, 'resnet50-p3-gpu4-b512-e2'));
 * console.log(`${summary.jobName}: ${summary.status}, ${summary.billedInstanceSeconds} billed instance-seconds`);
 * for (const phase of summary.phases) console.log(phase.status, phase.seconds);
 * ```
 */
export function summarizeTrainingJob(description: DescribeTrainingJobCommandOutput): TrainingJobSummary {
  const config = description.ResourceConfig;
  const groups = config?.InstanceGroups ?? [];
  const instanceType =
    config?.InstanceType ?? (groups.length > 0 ? groups.map((g) => g.InstanceType ?? '?').join('+') : undefined);
  const instanceCount =
    config?.InstanceCount ?? (groups.length > 0 ? groups.reduce((n, g) => n + (g.InstanceCount ?? 0), 0) : 1);
  const spot = description.EnableManagedSpotTraining === true;

  const createdAt = toDate(description.CreationTime);
  const startedAt = toDate(description.TrainingStartTime);
  const endedAt = toDate(description.TrainingEndTime);
  const trainingSeconds = description.TrainingTimeInSeconds ?? secondsBetween(startedAt, endedAt);
  const billableSeconds = description.BillableTimeInSeconds;

  const phases = (description.SecondaryStatusTransitions ?? []).map((transition): TrainingJobPhase => {
    const phaseStart = toDate(transition.StartTime) ?? new Date(Number.NaN);
    const phaseEnd = toDate(transition.EndTime);
    const phase: TrainingJobPhase = { status: transition.Status ?? 'Unknown', startedAt: phaseStart };
    if (phaseEnd) {
      phase.endedAt = phaseEnd;
      phase.seconds = (phaseEnd.getTime() - phaseStart.getTime()) / 1000;
    }
    if (transition.StatusMessage) phase.message = transition.StatusMessage;
    return phase;
  });

  const finalMetrics: Record<string, number> = {};
  for (const metric of description.FinalMetricDataList ?? []) {
    if (metric.MetricName !== undefined && metric.Value !== undefined) finalMetrics[metric.MetricName] = metric.Value;
  }

  const summary: TrainingJobSummary = {
    jobName: description.TrainingJobName ?? '',
    status: description.TrainingJobStatus ?? 'Unknown',
    instanceCount,
    spot,
    phases,
    finalMetrics,
    hyperParameters: { ...(description.HyperParameters ?? {}) },
  };
  if (description.TrainingJobArn) summary.arn = description.TrainingJobArn;
  if (description.SecondaryStatus) summary.secondaryStatus = description.SecondaryStatus;
  if (description.SecondaryStatus === 'MaxRuntimeExceeded' || description.SecondaryStatus === 'MaxWaitTimeExceeded') {
    summary.timeLimitExceeded = description.SecondaryStatus;
  }
  if (instanceType) summary.instanceType = instanceType;
  if (createdAt) summary.createdAt = createdAt;
  if (startedAt) summary.startedAt = startedAt;
  if (endedAt) summary.endedAt = endedAt;
  if (trainingSeconds !== undefined) summary.trainingSeconds = trainingSeconds;
  if (billableSeconds !== undefined) {
    summary.billableSeconds = billableSeconds;
    summary.billedInstanceSeconds = billableSeconds * instanceCount;
  }
  if (spot && billableSeconds !== undefined && trainingSeconds !== undefined && trainingSeconds > 0) {
    summary.spotSavingsPercent = (1 - billableSeconds / trainingSeconds) * 100;
  }
  const maxRuntime = description.StoppingCondition?.MaxRuntimeInSeconds;
  if (maxRuntime !== undefined) summary.maxRuntimeSeconds = maxRuntime;
  if (description.FailureReason) summary.failureReason = description.FailureReason;
  if (description.ModelArtifacts?.S3ModelArtifacts) summary.modelArtifacts = description.ModelArtifacts.S3ModelArtifacts;
  return summary;
}
