import { describe, expect, it } from 'vitest';
import { SWEEP_CSV_COLUMNS } from '../../src/report/sweepCsvColumns';
import type { SweepReportJson } from '../../src/report/SweepReportJson';
import { sweepReport } from '../../src/report/sweepReport';
import { cifarSweep, mnistSweep } from './support/sweepResults';

const target = { metric: 'val_accuracy', value: 0.75 };

function report(options: { generatedAt?: Date | string; target?: typeof target } = {}): SweepReportJson {
  return JSON.parse(sweepReport([cifarSweep(), mnistSweep()], { format: 'json', ...options })) as SweepReportJson;
}

describe("sweepReport(result, { format: 'json' })", () => {
  it('writes the versioned schema with one entry per sweep, its configurations and its jobs', () => {
    const json = report({ target });
    expect(json.schema).toBe('sagemaker-bench/sweep-report');
    expect(json.version).toBe(1);
    expect(json.target).toEqual({ metric: 'val_accuracy', value: 0.75, mode: 'max' });
    expect(json.sweeps.map((s) => [s.name, s.model, s.configurations.length, s.jobs.length])).toEqual([
      ['cifar-sweep', 'resnet50', 4, 8],
      ['mnist-sweep', 'cnn', 1, 2],
    ]);
    expect(json.sweeps[0]).toMatchObject({ region: 'us-east-1', seed: 42, aborted: true, startedAt: '2026-11-30T09:00:00.000Z', endedAt: '2026-11-30T12:10:00.000Z' });
    expect(json.sweeps[0]!.launchOrder).toHaveLength(8);
  });

  it('gives every job exactly the CSV columns, with typed values', () => {
    const job = report().sweeps[0]!.jobs[0]!;
    expect(Object.keys(job)).toEqual([...SWEEP_CSV_COLUMNS]);
    expect(job).toMatchObject({ job_name: 'cifar-sweep-p3-2xlarge-b128-r1', repeat: 1, gpus: 1, training_seconds: 313, spot: false, usd: 0.3325625, notes: [] });
    expect(job.hyper_parameters).toEqual({ optimizer: 'sgd', schedule: 'cosine<warmup & "restarts"|5' });
  });

  it('writes a NaN as the string "NaN" and a figure that does not exist as null', () => {
    const [cifar] = report().sweeps;
    const diverged = cifar!.jobs.find((j) => j.job_name === 'cifar-sweep-p3-2xlarge-b256-r2')!;
    expect(diverged.final_loss).toBe('NaN');
    const notLaunched = cifar!.jobs.find((j) => j.status === 'NotLaunched')!;
    expect(notLaunched).toMatchObject({ training_seconds: null, usd: null, final_loss: null, target_reached: null, failure_reason: 'the sweep was aborted before this job was launched' });
    expect(cifar!.configurations[1]!.final_loss).toBe('NaN');
  });

  it('aggregates configurations with their spread, marks and time to target', () => {
    const [p3b128, p3b256, g4b128, g4b256] = report({ target }).sweeps[0]!.configurations;
    expect(p3b128!.seconds_per_epoch).toMatchObject({ mean: 43.2, n: 10, min: 40, max: 53 });
    expect(p3b128!.time_to_target).toMatchObject({ runs: 2, reached: 2, epoch: 4, seconds: 175.5, estimated: false });
    expect(p3b256!.fastest).toBe(true);
    expect(g4b128!.cheapest).toBe(true);
    expect(g4b128!.seconds_per_epoch_source).toBe('training-time');
    expect(g4b256).toMatchObject({ completed: 0, usd: null, status_counts: { Failed: 1, NotLaunched: 1 } });
    expect(report().sweeps[0]!.configurations[0]!.time_to_target).toBeNull();
  });

  it('is the same bytes for the same input, and writes generatedAt only when given', () => {
    const a = sweepReport(cifarSweep(), { format: 'json' });
    expect(sweepReport(cifarSweep(), { format: 'json' })).toBe(a);
    expect(JSON.parse(a)).not.toHaveProperty('generatedAt');
    expect(report({ generatedAt: new Date('2026-12-02T10:00:00Z') }).generatedAt).toBe('2026-12-02T10:00:00.000Z');
    expect(Object.keys(report({ generatedAt: '2026-12-02' }))).toEqual(['schema', 'version', 'generatedAt', 'target', 'sweeps']);
    expect(() => sweepReport(cifarSweep(), { format: 'json', generatedAt: new Date(NaN) })).toThrow(/generatedAt/);
  });

  it('reads startedAt back from a journal whose dates are ISO strings', () => {
    const result = { ...cifarSweep(), startedAt: '2026-11-30T09:00:00.000Z' as unknown as Date };
    expect((JSON.parse(sweepReport(result, { format: 'json' })) as SweepReportJson).sweeps[0]!.startedAt).toBe('2026-11-30T09:00:00.000Z');
  });
});
