import { describe, expect, it } from 'vitest';
import type { CostEstimate } from '../../../src/cost/estimateTrainingCost';
import type { TrainingJobCost } from '../../../src/cost/trainingJobCost';
import type { TrainingJobSummary } from '../../../src/jobs/summarizeTrainingJob';
import type { JournalJob, JournalRecord } from '../../../src/sweep/internal/JournalRecord';
import { resultFromRecords } from '../../../src/sweep/internal/resultFromRecords';
import type { SweepJobResult } from '../../../src/sweep/SweepResult';

const t = (minute: number): Date => new Date(Date.UTC(2026, 11, 2, 5, minute));
const estimate = (usd: number): CostEstimate => ({
  instanceType: 'ml.p3.2xlarge',
  instanceCount: 1,
  usdPerHour: 3.825,
  clusterUsdPerHour: 3.825,
  maxUsd: usd,
  spot: false,
  region: 'us-east-1',
  maxBillableSeconds: 3600,
  groups: [{ instanceType: 'ml.p3.2xlarge', instanceCount: 1, usdPerHour: 3.825 }],
  notes: [],
});
const job = (name: string, batchSize: number): JournalJob => ({
  jobName: name,
  cell: { instanceType: 'ml.p3.2xlarge', instanceCount: 1, batchSize, epochs: 5, hyperParameters: {}, repeat: 1 },
  requestHash: 'a'.repeat(64),
  estimate: estimate(3.825),
});
const A = 'sw-resnet50-p3-gpu1-b256-e5-r1';
const B = 'sw-resnet50-p3-gpu1-b512-e5-r1';
const plan: JournalRecord = {
  type: 'sweep',
  version: 1,
  name: 'sw',
  model: 'resnet50',
  region: 'us-east-1',
  seed: 7,
  order: [B, A],
  jobs: [job(A, 256), job(B, 512)],
  at: t(0),
};
const summary = { jobName: A, status: 'Stopped', instanceCount: 1, spot: false, phases: [] } as unknown as TrainingJobSummary;
const cost = { billedInstanceSeconds: 600, usd: 0.6375, totalUsd: 0.6375 } as TrainingJobCost;

/** The result of job A after the plan and `records`. */
const resultOfA = (...records: JournalRecord[]): SweepJobResult => resultFromRecords([plan, ...records]).jobs[0]!;

describe('resultFromRecords', () => {
  it('tells the plan: name, model, region, seed, launch order and start', () => {
    const result = resultFromRecords([plan]);
    expect(result).toMatchObject({ name: 'sw', model: 'resnet50', region: 'us-east-1', seed: 7, launchOrder: [B, A], startedAt: t(0), aborted: false });
    expect(result.jobs.map((j) => j.jobName)).toEqual([A, B]);
    expect(result).not.toHaveProperty('endedAt');
  });

  it('says NotLaunched, with the estimate and no notes, for a job never launched', () => {
    expect(resultOfA()).toEqual({ jobName: A, cell: job(A, 256).cell, status: 'NotLaunched', estimate: estimate(3.825), notes: [] });
  });

  it('says NotLaunched for a job whose create was only about to be sent (launching), and that the job may exist', () => {
    const result = resultOfA({ type: 'launching', jobName: A, at: t(1) });
    expect(result.status).toBe('NotLaunched');
    expect(result.estimate).toEqual(estimate(3.825));
    expect(result.notes.join(' ')).toMatch(/may exist/);
  });

  it('says InProgress for a job launched and not ended', () => {
    expect(resultOfA({ type: 'launching', jobName: A, at: t(1) }, { type: 'launched', jobName: A, arn: 'arn:a', adopted: false, at: t(2) })).toEqual({
      jobName: A,
      cell: job(A, 256).cell,
      status: 'InProgress',
      estimate: estimate(3.825),
      notes: [],
    });
  });

  it('says NotLaunched with the reason for a job the service refused', () => {
    const result = resultOfA({ type: 'launching', jobName: A, at: t(1) }, { type: 'refused', jobName: A, reason: 'ResourceLimitExceeded: quota 2', at: t(2) });
    expect(result.status).toBe('NotLaunched');
    expect(result.failureReason).toBe('ResourceLimitExceeded: quota 2');
  });

  it('forgets an earlier refusal once the job is launched on resume', () => {
    const result = resultOfA(
      { type: 'refused', jobName: A, reason: 'quota', at: t(1) },
      { type: 'resumed', at: t(2) },
      { type: 'launched', jobName: A, arn: 'arn:a', adopted: false, at: t(3) },
    );
    expect(result.status).toBe('InProgress');
    expect(result).not.toHaveProperty('failureReason');
  });

  it('gives the status and failure reason of a job that ended, with a note that nothing was collected yet', () => {
    const launched: JournalRecord = { type: 'launched', jobName: A, arn: 'arn:a', adopted: false, at: t(2) };
    const failed = resultOfA(launched, { type: 'ended', jobName: A, status: 'Failed', failureReason: 'AlgorithmError: loss NaN', at: t(9) });
    expect(failed).toMatchObject({ status: 'Failed', failureReason: 'AlgorithmError: loss NaN', notes: ['log, metrics and cost not collected yet'] });
    const completed = resultOfA(launched, { type: 'ended', jobName: A, status: 'Completed', at: t(9) });
    expect(completed).toMatchObject({ status: 'Completed', notes: ['log, metrics and cost not collected yet'] });
    expect(completed).not.toHaveProperty('failureReason');
  });

  it('takes a result record as the job result, keeping the plan estimate when it has none', () => {
    const collected: SweepJobResult = { jobName: A, cell: job(A, 256).cell, status: 'Completed', cost, notes: ['no log found'] };
    const result = resultOfA(
      { type: 'launched', jobName: A, arn: 'arn:a', adopted: false, at: t(2) },
      { type: 'ended', jobName: A, status: 'Completed', at: t(9) },
      { type: 'result', jobName: A, result: collected, at: t(10) },
    );
    expect(result).toEqual({ ...collected, estimate: estimate(3.825) });
    const own = resultOfA({ type: 'result', jobName: A, result: { ...collected, estimate: estimate(1) }, at: t(10) });
    expect(own.estimate).toEqual(estimate(1));
  });

  it('keeps a result when a launching record follows it', () => {
    const collected: SweepJobResult = { jobName: A, cell: job(A, 256).cell, status: 'Completed', notes: [] };
    const result = resultOfA({ type: 'result', jobName: A, result: collected, at: t(10) }, { type: 'launching', jobName: A, at: t(11) });
    expect(result.status).toBe('Completed');
  });

  it('says Stopped with the reason, a note, the summary and the cost for a job the sweep stopped', () => {
    const result = resultOfA(
      { type: 'launched', jobName: A, arn: 'arn:a', adopted: false, at: t(2) },
      { type: 'stopping', jobName: A, reason: 'the sweep was aborted', summary, cost, at: t(5) },
    );
    expect(result).toEqual({
      jobName: A,
      cell: job(A, 256).cell,
      status: 'Stopped',
      estimate: estimate(3.825),
      failureReason: 'the sweep was aborted',
      notes: ['stop requested by the sweep; the figures are those of the moment it was asked to stop'],
      summary,
      cost,
    });
  });

  it('says InProgress, with the error and a note, for a job the sweep could not stop', () => {
    const result = resultOfA(
      { type: 'launched', jobName: A, arn: 'arn:a', adopted: false, at: t(2) },
      { type: 'stopping', jobName: A, reason: 'the sweep was aborted', error: 'AccessDenied', at: t(5) },
    );
    expect(result.status).toBe('InProgress');
    expect(result.failureReason).toBe('the sweep was aborted; the stop failed: AccessDenied');
    expect(result.notes).toEqual(['the job could not be stopped: it may still be running']);
    expect(result).not.toHaveProperty('summary');
  });

  it('keeps every job to its own records', () => {
    const result = resultFromRecords([
      plan,
      { type: 'launched', jobName: B, arn: 'arn:b', adopted: false, at: t(2) },
      { type: 'ended', jobName: B, status: 'Completed', at: t(3) },
    ]);
    expect(result.jobs.map((j) => j.status)).toEqual(['NotLaunched', 'Completed']);
  });

  it('ignores records of jobs the plan does not hold', () => {
    const result = resultFromRecords([plan, { type: 'launched', jobName: 'someone-else', arn: 'arn:x', adopted: false, at: t(2) }]);
    expect(result.jobs.map((j) => j.status)).toEqual(['NotLaunched', 'NotLaunched']);
    expect(result.jobs).toHaveLength(2);
  });

  it('sets endedAt and aborted from a settled record', () => {
    expect(resultFromRecords([plan, { type: 'settled', aborted: false, at: t(30) }])).toMatchObject({ endedAt: t(30), aborted: false });
    expect(resultFromRecords([plan, { type: 'settled', aborted: true, at: t(30) }])).toMatchObject({ endedAt: t(30), aborted: true });
  });

  it('clears endedAt and aborted when the sweep was resumed after settling', () => {
    const result = resultFromRecords([plan, { type: 'settled', aborted: true, at: t(30) }, { type: 'resumed', at: t(40) }]);
    expect(result.aborted).toBe(false);
    expect(result).not.toHaveProperty('endedAt');
    expect(result.startedAt).toEqual(t(0));
  });

  it('takes the last settled record after a resume', () => {
    const result = resultFromRecords([
      plan,
      { type: 'settled', aborted: true, at: t(30) },
      { type: 'resumed', at: t(40) },
      { type: 'settled', aborted: false, at: t(50) },
    ]);
    expect(result).toMatchObject({ endedAt: t(50), aborted: false });
  });

  it('returns a deeply frozen result that does not share the launch order of the records', () => {
    const result = resultFromRecords([plan]);
    expect(Object.isFrozen(result)).toBe(true);
    expect(Object.isFrozen(result.jobs[0])).toBe(true);
    expect(Object.isFrozen(result.launchOrder)).toBe(true);
    expect(result.launchOrder).not.toBe((plan as { order: string[] }).order);
    expect(Object.isFrozen((plan as { order: string[] }).order)).toBe(false);
  });
});
