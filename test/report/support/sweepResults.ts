/**
 * Sweep results written by hand for the report tests: what runSweep would resolve with for a
 * ResNet-50 / CIFAR-10 sweep of 2 instance types x 2 batch sizes x 2 repeats, Keras logs, real
 * us-east-1 training prices (ml.p3.2xlarge 3.825 $/h, ml.g4dn.xlarge 0.7364 $/h), and every way a
 * job can end: Completed, a diverged NaN loss, no log, Stopped, Failed, NotLaunched.
 */
import type { CostEstimate } from '../../../src/cost/estimateTrainingCost';
import type { TrainingJobCost } from '../../../src/cost/trainingJobCost';
import type { TrainingJobSummary } from '../../../src/jobs/summarizeTrainingJob';
import type { EpochMetrics, MetricPoint, TrainingMetrics } from '../../../src/metrics/TrainingMetrics';
import type { SweepCell } from '../../../src/sweep/SweepPlan';
import type { SweepJobResult, SweepJobStatus, SweepResult } from '../../../src/sweep/SweepResult';

export const P3_2XLARGE_USD_PER_HOUR = 3.825;
export const G4DN_XLARGE_USD_PER_HOUR = 0.7364;
const PRICES: Record<string, number> = { 'ml.p3.2xlarge': P3_2XLARGE_USD_PER_HOUR, 'ml.g4dn.xlarge': G4DN_XLARGE_USD_PER_HOUR };

/** A hyperparameter value with every character a report must escape. */
export const HOSTILE_VALUE = 'cosine<warmup & "restarts"|5';

/** One Keras epoch: its seconds (as Keras prints `41s`) and its four metrics. */
export interface KerasEpoch {
  seconds?: number;
  loss: number;
  accuracy: number;
  val_loss: number;
  val_accuracy: number;
}

const START = Date.parse('2026-11-30T09:00:00Z');

/** The TrainingMetrics parseTrainingLog gives for a Keras log of `epochs`. */
export function kerasMetrics(epochs: readonly KerasEpoch[], steps: number): TrainingMetrics {
  let at = START + 120_000;
  const list: EpochMetrics[] = epochs.map((e, i) => {
    at += (e.seconds ?? 60) * 1000;
    const epoch: EpochMetrics = {
      epoch: i + 1,
      totalEpochs: 5,
      steps,
      metrics: { loss: e.loss, accuracy: e.accuracy, val_loss: e.val_loss, val_accuracy: e.val_accuracy },
      endedAt: new Date(at),
      ...(e.seconds !== undefined ? { seconds: e.seconds } : {}),
    };
    return epoch;
  });
  const series: Record<string, MetricPoint[]> = {};
  for (const epoch of list) {
    for (const [name, value] of Object.entries(epoch.metrics)) (series[name] ??= []).push({ value, epoch: epoch.epoch, timestamp: epoch.endedAt! });
  }
  const final = list.length > 0 ? { ...list[list.length - 1]!.metrics } : {};
  const seconds = epochs.reduce((sum, e) => sum + (e.seconds ?? 0), 0);
  return { format: 'keras', epochs: list, final, series, trainingSeconds: seconds, warnings: [] };
}

interface JobSpec {
  instanceType: string;
  instanceCount?: number;
  batchSize: number;
  repeat: number;
  status: SweepJobStatus;
  epochs?: readonly KerasEpoch[];
  trainingSeconds?: number;
  billableSeconds?: number;
  spot?: boolean;
  failureReason?: string;
  notes?: string[];
}

function roundUsd(usd: number): number {
  return Math.round(usd * 1e9) / 1e9;
}

/** The job result of `spec` in sweep `sweep`, with a summary, metrics and cost that agree. */
export function sweepJob(sweep: string, spec: JobSpec): SweepJobResult {
  const { instanceType, batchSize, repeat, status } = spec;
  const count = spec.instanceCount ?? 1;
  const jobName = `${sweep}-${instanceType.replace(/^ml\./, '').replace(/\./g, '-')}${count > 1 ? `-x${count}` : ''}-b${batchSize}-r${repeat}`;
  const cell: SweepCell = { instanceType, instanceCount: count, batchSize, epochs: 5, hyperParameters: { optimizer: 'sgd', schedule: HOSTILE_VALUE }, repeat };
  const usdPerHour = PRICES[instanceType];
  const spot = spec.spot ?? false;
  const estimate: CostEstimate = {
    instanceType,
    instanceCount: count,
    spot,
    region: 'us-east-1',
    maxBillableSeconds: 3600,
    groups: [{ instanceType, instanceCount: count, ...(usdPerHour !== undefined ? { usdPerHour } : {}) }],
    notes: [],
    ...(usdPerHour !== undefined ? { usdPerHour, clusterUsdPerHour: usdPerHour * count, maxUsd: roundUsd(usdPerHour * count) } : { reason: `no training price for ${instanceType}` }),
  };
  const job: SweepJobResult = { jobName, cell, status, estimate, notes: spec.notes ?? [] };
  if (spec.failureReason !== undefined) job.failureReason = spec.failureReason;
  if (status === 'NotLaunched') return job;

  const training = spec.trainingSeconds!;
  const billable = spec.billableSeconds ?? training;
  const started = new Date(START + repeat * 3_600_000);
  const summary: TrainingJobSummary = {
    jobName,
    arn: `arn:aws:sagemaker:us-east-1:123456789012:training-job/${jobName}`,
    status,
    secondaryStatus: status,
    instanceType,
    instanceCount: count,
    spot,
    createdAt: new Date(started.getTime() - 60_000),
    startedAt: started,
    endedAt: new Date(started.getTime() + training * 1000),
    trainingSeconds: training,
    billableSeconds: billable,
    billedInstanceSeconds: billable * count,
    phases: [],
    finalMetrics: {},
    hyperParameters: { batch_size: String(batchSize), epochs: '5', optimizer: 'sgd', schedule: HOSTILE_VALUE },
    ...(spot ? { spotSavingsPercent: (1 - billable / training) * 100 } : {}),
    ...(spec.failureReason !== undefined ? { failureReason: spec.failureReason } : {}),
  };
  job.summary = summary;
  if (spec.epochs !== undefined) job.metrics = kerasMetrics(spec.epochs, Math.ceil(50_000 / batchSize));
  if (usdPerHour !== undefined) {
    const perSecond = (usdPerHour * count) / 3600;
    const usd = roundUsd(billable * perSecond);
    const onDemandUsd = roundUsd((spot ? Math.max(training, billable) : billable) * perSecond);
    const cost: TrainingJobCost = {
      billedInstanceSeconds: billable * count,
      usd,
      onDemandUsd,
      warmPoolUsd: 0,
      totalUsd: usd,
      usdPerHour,
      instanceType,
      instanceCount: count,
      region: 'us-east-1',
      spot,
      running: false,
      billableSeconds: billable,
      ...(spot ? { spotSavingsUsd: roundUsd(onDemandUsd - usd) } : {}),
    };
    job.cost = cost;
  }
  return job;
}

const e = (seconds: number | undefined, loss: number, accuracy: number, val_loss: number, val_accuracy: number): KerasEpoch => ({
  ...(seconds !== undefined ? { seconds } : {}),
  loss,
  accuracy,
  val_loss,
  val_accuracy,
});

/**
 * The fixture sweep `cifar-sweep` (resnet50, us-east-1, aborted after its Failed job):
 *
 * | configuration | repeat 1 | repeat 2 |
 * | --- | --- | --- |
 * | ml.p3.2xlarge, batch 128 | Completed | Completed |
 * | ml.p3.2xlarge, batch 256 | Completed | Completed, loss NaN from epoch 3 |
 * | ml.g4dn.xlarge, batch 128 | Completed on spot, no log | Stopped after 2 epochs |
 * | ml.g4dn.xlarge, batch 256 | Failed (out of memory) after 1 epoch | NotLaunched |
 */
export function cifarSweep(): SweepResult {
  const name = 'cifar-sweep';
  const jobs: SweepJobResult[] = [
    sweepJob(name, {
      instanceType: 'ml.p3.2xlarge', batchSize: 128, repeat: 1, status: 'Completed', trainingSeconds: 313,
      epochs: [e(52, 1.62, 0.41, 1.34, 0.52), e(41, 1.12, 0.6, 1.03, 0.64), e(41, 0.89, 0.69, 0.85, 0.71), e(40, 0.74, 0.74, 0.71, 0.76), e(41, 0.63, 0.78, 0.62, 0.79)],
    }),
    sweepJob(name, {
      instanceType: 'ml.p3.2xlarge', batchSize: 256, repeat: 1, status: 'Completed', trainingSeconds: 287,
      epochs: [e(47, 1.71, 0.38, 1.45, 0.45), e(35, 1.24, 0.56, 1.15, 0.58), e(34, 1.01, 0.64, 0.97, 0.66), e(35, 0.86, 0.7, 0.83, 0.72), e(34, 0.75, 0.74, 0.74, 0.76)],
    }),
    sweepJob(name, {
      instanceType: 'ml.g4dn.xlarge', batchSize: 128, repeat: 1, status: 'Completed', trainingSeconds: 705, billableSeconds: 282, spot: true,
      notes: ['no log found: no CloudWatch log stream under /aws/sagemaker/TrainingJobs for this job'],
    }),
    sweepJob(name, {
      instanceType: 'ml.g4dn.xlarge', batchSize: 256, repeat: 1, status: 'Failed', trainingSeconds: 214,
      failureReason: 'AlgorithmError: ResourceExhaustedError: OOM when allocating tensor with shape[256,64,112,112]\n  File "train.py", line 88, in <module> | model.fit(...)',
      epochs: [e(109, 1.78, 0.36, 1.52, 0.43)],
    }),
    sweepJob(name, {
      instanceType: 'ml.p3.2xlarge', batchSize: 128, repeat: 2, status: 'Completed', trainingSeconds: 315,
      epochs: [e(53, 1.6, 0.42, 1.31, 0.5), e(42, 1.1, 0.61, 1.0, 0.62), e(41, 0.87, 0.7, 0.81, 0.73), e(41, 0.73, 0.75, 0.7, 0.75), e(40, 0.62, 0.79, 0.6, 0.8)],
    }),
    sweepJob(name, {
      instanceType: 'ml.p3.2xlarge', batchSize: 256, repeat: 2, status: 'Completed', trainingSeconds: 289,
      epochs: [e(48, 1.74, 0.37, 1.49, 0.43), e(35, 1.28, 0.54, 1.21, 0.55), e(35, NaN, 0.1, NaN, 0.1), e(34, NaN, 0.1, NaN, 0.1), e(35, NaN, 0.1, NaN, 0.1)],
      notes: ['loss is NaN from epoch 3: the run diverged'],
    }),
    sweepJob(name, {
      instanceType: 'ml.g4dn.xlarge', batchSize: 128, repeat: 2, status: 'Stopped', trainingSeconds: 371,
      failureReason: 'Stopped by the sweep: aborted after a job failed',
      epochs: [e(131, 1.65, 0.4, 1.38, 0.5), e(118, 1.15, 0.59, 1.06, 0.61)],
      notes: ['stop requested by the sweep'],
    }),
    sweepJob(name, {
      instanceType: 'ml.g4dn.xlarge', batchSize: 256, repeat: 2, status: 'NotLaunched',
      failureReason: 'the sweep was aborted before this job was launched',
    }),
  ];
  return {
    name,
    model: 'resnet50',
    region: 'us-east-1',
    jobs,
    seed: 42,
    launchOrder: [4, 0, 6, 2, 1, 5, 3, 7].map((i) => jobs[i]!.jobName),
    startedAt: new Date('2026-11-30T09:00:00Z'),
    endedAt: new Date('2026-11-30T12:10:00Z'),
    aborted: true,
  };
}

/** A second model's small sweep (`mnist-sweep`, cnn, one configuration, two repeats), for reports over several results. */
export function mnistSweep(): SweepResult {
  const name = 'mnist-sweep';
  const jobs = [1, 2].map((repeat) =>
    sweepJob(name, {
      instanceType: 'ml.g4dn.xlarge', batchSize: 64, repeat, status: 'Completed', trainingSeconds: 150 + repeat,
      epochs: [e(12, 0.3, 0.91, 0.12, 0.96), e(9, 0.1, 0.97, 0.08, 0.975), e(9, 0.07, 0.98, 0.06, 0.981), e(9, 0.05, 0.985, 0.05, 0.984), e(10, 0.04, 0.988, 0.045, 0.986)],
    }),
  );
  return { name, model: 'cnn', region: 'us-east-1', jobs, seed: 7, launchOrder: jobs.map((j) => j.jobName), startedAt: new Date('2026-12-01T08:00:00Z'), endedAt: new Date('2026-12-01T08:20:00Z'), aborted: false };
}

/** An empty sweep: planned, nothing run. */
export function emptySweep(): SweepResult {
  return { name: 'empty', model: 'fcn', region: 'us-east-1', jobs: [], seed: 1, launchOrder: [], aborted: false };
}
