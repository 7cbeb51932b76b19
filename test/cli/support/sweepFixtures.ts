/**
 * A small sweep plan and the events runSweep would send about its jobs, for the tests of the
 * sweep command's progress display (and the script the pseudo-terminal test runs).
 */
import { TrainingJobBuilder } from '../../../src/builder/TrainingJobBuilder';
import type { TrainingJobCost } from '../../../src/cost/trainingJobCost';
import type { TrainingJobSummary } from '../../../src/jobs/summarizeTrainingJob';
import type { TrainingMetrics } from '../../../src/metrics/TrainingMetrics';
import { defineSweep } from '../../../src/sweep/defineSweep';
import type { SweepEvent } from '../../../src/sweep/SweepEvent';
import type { SweepPlan } from '../../../src/sweep/SweepPlan';
import type { SweepJobResult, SweepJobStatus } from '../../../src/sweep/SweepResult';

/** A local sweep: one job per batch size (times `repeats`), named `<name>-softmax-m5-b<n>-r<k>`. */
export function samplePlan(options: { name?: string; batchSizes?: number[]; repeats?: number } = {}): SweepPlan {
  return defineSweep({
    name: options.name ?? 'digits',
    model: 'softmax',
    base: new TrainingJobBuilder()
      .image('123456789012.dkr.ecr.us-east-1.amazonaws.com/digits:latest')
      .role('arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole')
      .instance('ml.m5.large')
      .channel('training', 'file:///tmp/digits/data/')
      .outputPath('file:///tmp/digits/output/')
      .hyperParameters({ epochs: 5 })
      .maxRuntime(600),
    matrix: { batchSize: options.batchSizes ?? [16, 64, 256] },
    repeats: options.repeats ?? 1,
    local: true,
  });
}

/** The events of runSweep, each at the current time. */
export const events = {
  queued: (jobName: string, reason: 'quota' | 'concurrency' | 'throttled' = 'quota', message = 'ml.m5.large: 2 of 2 instances in use (account quota)'): SweepEvent => ({
    type: 'queued',
    jobName,
    at: new Date(),
    reason,
    instanceType: 'ml.m5.large',
    message,
  }),
  launched: (jobName: string, resumed = false): SweepEvent => ({ type: 'launched', jobName, at: new Date(), arn: `arn:aws:sagemaker:local:000000000000:training-job/${jobName}`, resumed }),
  status: (jobName: string, secondaryStatus?: string, status = 'InProgress'): SweepEvent => ({
    type: 'status',
    jobName,
    at: new Date(),
    status,
    ...(secondaryStatus === undefined ? {} : { secondaryStatus }),
  }),
  ended: (jobName: string, status: SweepJobStatus, failureReason?: string): SweepEvent => ({
    type: 'ended',
    jobName,
    at: new Date(),
    status,
    ...(failureReason === undefined ? {} : { failureReason }),
  }),
  result: (result: SweepJobResult): SweepEvent => ({ type: 'result', jobName: result.jobName, at: new Date(), result }),
  stopped: (jobName: string, reason = 'stopped by the sweep (aborted)'): SweepEvent => ({ type: 'stopped', jobName, at: new Date(), reason }),
};

/** A job's result: `epochs` epochs whose val_accuracy rises to `valAccuracy`, billed `usd`. */
export function sampleResult(
  plan: SweepPlan,
  jobName: string,
  options: { status?: SweepJobStatus; epochs?: number; valAccuracy?: number; usd?: number; seconds?: number; failureReason?: string } = {},
): SweepJobResult {
  const job = plan.jobs.find((j) => j.jobName === jobName);
  if (job === undefined) throw new Error(`no job ${jobName} in the plan`);
  const status = options.status ?? 'Completed';
  const count = options.epochs ?? 5;
  const last = options.valAccuracy ?? 0.91;
  const epochs = Array.from({ length: count }, (_, i) => ({
    epoch: i + 1,
    totalEpochs: count,
    metrics: { loss: 1 / (i + 2), val_accuracy: last - (count - 1 - i) * 0.01 },
  }));
  const metrics: TrainingMetrics = { format: 'keras', epochs, final: epochs.at(-1)?.metrics ?? {}, series: {}, warnings: [] };
  const summary = {
    jobName,
    status,
    instanceCount: 1,
    spot: false,
    phases: [],
    finalMetrics: {},
    hyperParameters: {},
    ...(options.seconds === undefined ? {} : { trainingSeconds: options.seconds }),
  } satisfies TrainingJobSummary;
  const cost = { billedInstanceSeconds: options.seconds ?? 0, usd: options.usd ?? 0, instanceType: 'ml.m5.large', instanceCount: 1, region: 'local', spot: false, running: false } as unknown as TrainingJobCost;
  return {
    jobName,
    cell: job.cell,
    status,
    summary,
    metrics,
    cost,
    estimate: job.cost,
    ...(options.failureReason === undefined ? {} : { failureReason: options.failureReason }),
    notes: [],
  };
}
