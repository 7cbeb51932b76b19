import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarizeTrainingJob } from '../../src/jobs/summarizeTrainingJob';
import { createdAt, describedAfter, jobArn, jobName, phases } from './fixtures';

const at = (seconds: number) => new Date(createdAt.getTime() + seconds * 1000);

describe('summarizeTrainingJob', () => {
  const completed = describedAfter(phases.completed, {
    TrainingStartTime: at(120),
    TrainingEndTime: at(3560),
    TrainingTimeInSeconds: 3440,
    BillableTimeInSeconds: 3440,
    ModelArtifacts: { S3ModelArtifacts: `s3://fcncloudml/${jobName}/output/model.tar.gz` },
    FinalMetricDataList: [
      { MetricName: 'train:loss', Value: 0.12, Timestamp: at(3500) },
      { MetricName: 'validation:accuracy', Value: 0.93, Timestamp: at(3500) },
    ],
  });

  it('gives the job, its instances and its times as Dates and seconds', () => {
    const summary = summarizeTrainingJob(completed);

    expect(summary).toMatchObject({
      jobName,
      arn: jobArn,
      status: 'Completed',
      secondaryStatus: 'Completed',
      instanceType: 'ml.p3.8xlarge',
      instanceCount: 1,
      spot: false,
      createdAt,
      startedAt: at(120),
      endedAt: at(3560),
      trainingSeconds: 3440,
      billableSeconds: 3440,
      billedInstanceSeconds: 3440,
      maxRuntimeSeconds: 3600,
      modelArtifacts: `s3://fcncloudml/${jobName}/output/model.tar.gz`,
      hyperParameters: { 'batch-size': '512', epochs: '5' },
    });
    expect(summary.spotSavingsPercent).toBeUndefined();
    expect(summary.timeLimitExceeded).toBeUndefined();
    expect(summary.failureReason).toBeUndefined();
  });

  it('lists one phase per SecondaryStatusTransition with its seconds and message', () => {
    const summary = summarizeTrainingJob(completed);

    expect(summary.phases.map((p) => [p.status, p.seconds])).toEqual([
      ['Starting', 120],
      ['Downloading', 60],
      ['Training', 3320],
      ['Uploading', 60],
      ['Completed', 0],
    ]);
    expect(summary.phases[2]).toEqual({
      status: 'Training',
      startedAt: at(180),
      endedAt: at(3500),
      seconds: 3320,
      message: 'Training message',
    });
  });

  it('turns FinalMetricDataList into name -> value', () => {
    expect(summarizeTrainingJob(completed).finalMetrics).toEqual({ 'train:loss': 0.12, 'validation:accuracy': 0.93 });
  });

  it('multiplies billable seconds by the instance count and computes the spot savings', () => {
    const spot = describedAfter(phases.completed, {
      EnableManagedSpotTraining: true,
      ResourceConfig: { InstanceType: 'ml.p3.2xlarge', InstanceCount: 4, VolumeSizeInGB: 16 },
      TrainingTimeInSeconds: 3600,
      BillableTimeInSeconds: 1200,
    });

    const summary = summarizeTrainingJob(spot);

    expect(summary.spot).toBe(true);
    expect(summary.billedInstanceSeconds).toBe(4800);
    expect(summary.spotSavingsPercent).toBeCloseTo(66.6667, 3);
  });

  it('keeps billed = billable x count and savings = (1 - billable / training) x 100 for any figures', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_419_200 }), fc.integer({ min: 1, max: 64 }), fc.double({ min: 0, max: 1, noNaN: true }), (training, count, fraction) => {
        const billable = Math.round(training * fraction);
        const summary = summarizeTrainingJob(
          describedAfter(phases.completed, {
            EnableManagedSpotTraining: true,
            ResourceConfig: { InstanceType: 'ml.g5.xlarge', InstanceCount: count, VolumeSizeInGB: 30 },
            TrainingTimeInSeconds: training,
            BillableTimeInSeconds: billable,
          }),
        );
        expect(summary.billedInstanceSeconds).toBe(billable * count);
        expect(summary.spotSavingsPercent).toBeCloseTo((1 - billable / training) * 100, 9);
        expect(summary.spotSavingsPercent).toBeGreaterThanOrEqual(0);
        expect(summary.spotSavingsPercent).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('computes the training seconds from the start and end times when the service has not set them', () => {
    const summary = summarizeTrainingJob(
      describedAfter(phases.completed, { TrainingStartTime: at(120), TrainingEndTime: at(3560), TrainingTimeInSeconds: undefined }),
    );

    expect(summary.trainingSeconds).toBe(3440);
  });

  it('flags a job the service stopped at its MaxRuntime', () => {
    const summary = summarizeTrainingJob(describedAfter([...phases.training, ['MaxRuntimeExceeded', 3780]]));

    expect(summary.status).toBe('Stopped');
    expect(summary.timeLimitExceeded).toBe('MaxRuntimeExceeded');
  });

  it('carries the failure reason of a failed job', () => {
    const summary = summarizeTrainingJob(
      describedAfter([...phases.training, ['Failed', 400]], { FailureReason: 'AlgorithmError: exit code 1' }),
    );

    expect(summary.failureReason).toBe('AlgorithmError: exit code 1');
  });

  it('leaves the current phase of a running job open, and billing unset', () => {
    const summary = summarizeTrainingJob(describedAfter(phases.training));

    const current = summary.phases.at(-1)!;
    expect(current.status).toBe('Training');
    expect(current.endedAt).toBeUndefined();
    expect(current.seconds).toBeUndefined();
    expect(summary.billableSeconds).toBeUndefined();
    expect(summary.billedInstanceSeconds).toBeUndefined();
    expect(summary.endedAt).toBeUndefined();
  });

  it('adds up the instances of a heterogeneous cluster', () => {
    const summary = summarizeTrainingJob(
      describedAfter(phases.completed, {
        ResourceConfig: {
          VolumeSizeInGB: 30,
          InstanceGroups: [
            { InstanceGroupName: 'gpu', InstanceType: 'ml.p3.2xlarge', InstanceCount: 2 },
            { InstanceGroupName: 'cpu', InstanceType: 'ml.c5.xlarge', InstanceCount: 3 },
          ],
        },
        BillableTimeInSeconds: 100,
      }),
    );

    expect(summary.instanceType).toBe('ml.p3.2xlarge+ml.c5.xlarge');
    expect(summary.instanceCount).toBe(5);
    expect(summary.billedInstanceSeconds).toBe(500);
  });

  it('accepts timestamps as ISO strings, as a JSON round trip leaves them', () => {
    const roundTripped = JSON.parse(JSON.stringify(completed)) as typeof completed;

    const summary = summarizeTrainingJob(roundTripped);

    expect(summary.createdAt).toEqual(createdAt);
    expect(summary.phases[0]?.seconds).toBe(120);
  });
});
