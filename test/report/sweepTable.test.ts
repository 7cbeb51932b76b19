import { describe, expect, it } from 'vitest';
import { sweepTable } from '../../src/report/sweepTable';
import type { SweepResult } from '../../src/sweep/SweepResult';
import { cifarSweep, G4DN_XLARGE_USD_PER_HOUR, mnistSweep, P3_2XLARGE_USD_PER_HOUR, sweepJob } from './support/sweepResults';

function byConfiguration(result: SweepResult = cifarSweep()) {
  const rows = sweepTable(result);
  const find = (instanceType: string, batchSize: number) => rows.find((r) => r.instanceType === instanceType && r.batchSize === batchSize)!;
  return { rows, p3b128: find('ml.p3.2xlarge', 128), p3b256: find('ml.p3.2xlarge', 256), g4b128: find('ml.g4dn.xlarge', 128), g4b256: find('ml.g4dn.xlarge', 256) };
}

describe('sweepTable', () => {
  it('groups the jobs by configuration, a cell without its repeat, in the plan order', () => {
    const { rows } = byConfiguration();
    expect(rows.map((r) => [r.instanceType, r.batchSize, r.jobs.map((j) => j.repeat)])).toEqual([
      ['ml.p3.2xlarge', 128, [1, 2]],
      ['ml.p3.2xlarge', 256, [1, 2]],
      ['ml.g4dn.xlarge', 128, [1, 2]],
      ['ml.g4dn.xlarge', 256, [1, 2]],
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(4);
    expect(rows.every((r) => r.sweep === 'cifar-sweep' && r.model === 'resnet50' && r.epochs === 5)).toBe(true);
  });

  it('pools every finished epoch of every repeat into the mean and sample standard deviation of seconds per epoch', () => {
    const { p3b128 } = byConfiguration();
    // 52 41 41 40 41 and 53 42 41 41 40: mean 432 / 10 = 43.2; squared deviations sum to 219.6; 219.6 / 9 = 24.4
    expect(p3b128.secondsPerEpoch).toMatchObject({ n: 10, min: 40, max: 53 });
    expect(p3b128.secondsPerEpoch!.mean).toBeCloseTo(43.2, 10);
    expect(p3b128.secondsPerEpoch!.std).toBeCloseTo(Math.sqrt(24.4), 10);
    expect(p3b128.secondsPerEpochSource).toBe('log');
  });

  it('counts the epochs of a Failed or Stopped repeat, but gives no per-run figure without a Completed one', () => {
    const { g4b256 } = byConfiguration();
    expect(g4b256.statusCounts).toEqual({ Failed: 1, NotLaunched: 1 });
    expect(g4b256.completed).toBe(0);
    expect(g4b256.secondsPerEpoch).toEqual({ mean: 109, n: 1, min: 109, max: 109 });
    expect(g4b256.trainingSeconds).toBeUndefined();
    expect(g4b256.usd).toBeUndefined();
    expect(g4b256.usdPerEpoch).toBeUndefined();
  });

  it('uses a repeat\'s training time / epochs for each of its epochs when its log has no epoch times', () => {
    const { g4b128 } = byConfiguration();
    const noLog = g4b128.jobs[0]!;
    expect(noLog.secondsPerEpochSource).toBe('training-time');
    expect(noLog.secondsPerEpoch).toBe(705 / 5);
    expect(noLog.epochsCompleted).toBeUndefined();
    expect(noLog.epochsTrained).toBe(5);
    // the Stopped repeat's 131 and 118, and 141 five times
    expect(g4b128.secondsPerEpoch!.mean).toBeCloseTo((131 + 118 + 5 * 141) / 7, 10);
    expect(g4b128.secondsPerEpoch!.n).toBe(7);
    expect(g4b128.secondsPerEpochSource).toBe('training-time');
  });

  it('takes training time, final loss and accuracy and dollars as means over the Completed repeats', () => {
    const { p3b128, g4b128 } = byConfiguration();
    expect(p3b128.trainingSeconds).toBe(314);
    expect(p3b128.finalLoss).toBeCloseTo(0.625, 10);
    expect(p3b128.finalAccuracy).toBeCloseTo(0.795, 10);
    expect(p3b128.accuracyMetric).toBe('val_accuracy');
    // 313 s and 315 s at 3.825 $/h
    expect(p3b128.usd).toBeCloseTo(((313 + 315) / 2) * (P3_2XLARGE_USD_PER_HOUR / 3600), 9);
    expect(p3b128.usdPerEpoch).toBeCloseTo(((313 + 315) / 2 / 5) * (P3_2XLARGE_USD_PER_HOUR / 3600), 9);
    // the Stopped repeat's 371 s are not a run's time
    expect(g4b128.trainingSeconds).toBe(705);
    // spot: 282 billable of 705 s
    expect(g4b128.usd).toBeCloseTo(282 * (G4DN_XLARGE_USD_PER_HOUR / 3600), 9);
    expect(g4b128.spotSavingsUsd).toBeCloseTo((705 - 282) * (G4DN_XLARGE_USD_PER_HOUR / 3600), 8);
    expect(g4b128.maxUsd).toBe(G4DN_XLARGE_USD_PER_HOUR);
  });

  it('keeps a diverged repeat\'s NaN loss: the mean is NaN', () => {
    const { p3b256 } = byConfiguration();
    expect(p3b256.jobs[1]!.finalLoss).toBeNaN();
    expect(p3b256.finalLoss).toBeNaN();
  });

  it('reads GPUs from the instance catalog, times the instance count', () => {
    const result = cifarSweep();
    result.jobs = [
      sweepJob('gpus', { instanceType: 'ml.p3.8xlarge', instanceCount: 2, batchSize: 64, repeat: 1, status: 'Completed', trainingSeconds: 100 }),
      sweepJob('gpus', { instanceType: 'ml.x9.huge', batchSize: 64, repeat: 1, status: 'Completed', trainingSeconds: 100 }),
    ];
    const [p3, unknown] = sweepTable(result);
    expect([p3!.gpusPerInstance, p3!.gpus]).toEqual([4, 8]);
    expect(unknown!.gpus).toBeUndefined();
    expect(unknown!.usd).toBeUndefined();
    expect(unknown!.jobs[0]!.usdPerHour).toBeUndefined();
  });

  it('marks the fastest (lowest seconds per epoch) and the cheapest (lowest dollars per epoch) configuration', () => {
    const { rows, p3b256, g4b128 } = byConfiguration();
    expect(rows.filter((r) => r.fastest)).toEqual([p3b256]);
    expect(rows.filter((r) => r.cheapest)).toEqual([g4b128]);
  });

  it('marks every configuration that ties for the lowest, none when all tie, and none when only one has a figure', () => {
    const job = (instanceType: string, batchSize: number, seconds: number) =>
      sweepJob('tie', { instanceType, batchSize, repeat: 1, status: 'Completed', trainingSeconds: 100, epochs: [{ seconds, loss: 1, accuracy: 0.5, val_loss: 1, val_accuracy: 0.5 }] });
    const sweep = (jobs: ReturnType<typeof job>[]): SweepResult => ({ ...cifarSweep(), jobs });
    expect(sweepTable(sweep([job('ml.p3.2xlarge', 1, 10), job('ml.p3.2xlarge', 2, 10), job('ml.p3.2xlarge', 3, 12)])).map((r) => r.fastest)).toEqual([true, true, false]);
    expect(sweepTable(sweep([job('ml.p3.2xlarge', 1, 10), job('ml.p3.2xlarge', 2, 10)])).map((r) => r.fastest)).toEqual([false, false]);
    expect(sweepTable(sweep([job('ml.p3.2xlarge', 1, 10)])).map((r) => [r.fastest, r.cheapest])).toEqual([[false, false]]);
    const notLaunched = sweepJob('tie', { instanceType: 'ml.p3.2xlarge', batchSize: 9, repeat: 1, status: 'NotLaunched' });
    expect(sweepTable(sweep([job('ml.p3.2xlarge', 1, 10), notLaunched])).map((r) => r.fastest)).toEqual([false, false]);
  });

  it('never marks as the fastest a configuration none of whose runs completed', () => {
    const run = (batchSize: number, seconds: number, status: 'Completed' | 'Failed') =>
      sweepJob('fails', { instanceType: 'ml.p3.2xlarge', batchSize, repeat: 1, status, trainingSeconds: 100, failureReason: status === 'Failed' ? 'AlgorithmError: CUDA out of memory' : undefined, epochs: [{ seconds, loss: 1, accuracy: 0.5, val_loss: 1, val_accuracy: 0.5 }] } as never);
    const rows = sweepTable({ ...cifarSweep(), jobs: [run(1024, 5, 'Failed'), run(256, 20, 'Completed'), run(512, 30, 'Completed')] });
    expect(rows.map((r) => r.fastest)).toEqual([false, true, false]);
  });

  it('marks the fastest and cheapest of each model on its own', () => {
    const rows = sweepTable([cifarSweep(), mnistSweep()]);
    expect(rows.filter((r) => r.model === 'cnn').map((r) => r.fastest)).toEqual([false]);
    expect(rows.filter((r) => r.model === 'resnet50' && r.fastest)).toHaveLength(1);
  });

  it('reads the accuracy as val_accuracy first, else accuracy, or the metric named by accuracyMetric', () => {
    const { p3b128 } = byConfiguration();
    expect(p3b128.jobs[0]!.accuracyMetric).toBe('val_accuracy');
    const training = sweepTable(cifarSweep(), { accuracyMetric: 'accuracy' })[0]!;
    expect(training.accuracyMetric).toBe('accuracy');
    expect(training.finalAccuracy).toBeCloseTo((0.78 + 0.79) / 2, 10);
    const loss = sweepTable(cifarSweep(), { lossMetric: 'val_loss' })[0]!;
    expect(loss.finalLoss).toBeCloseTo((0.62 + 0.6) / 2, 10);
  });

  it('rejects what is not a SweepResult and bad options with a TypeError', () => {
    expect(() => sweepTable(null as unknown as SweepResult)).toThrow(TypeError);
    expect(() => sweepTable({ name: 'x' } as unknown as SweepResult)).toThrow(/jobs array/);
    expect(() => sweepTable(cifarSweep(), { target: { metric: 'val_accuracy', value: NaN } })).toThrow(/target.value/);
    expect(() => sweepTable(cifarSweep(), { target: { metric: '', value: 1 } })).toThrow(/target.metric/);
    expect(() => sweepTable(cifarSweep(), { accuracyMetric: [] })).toThrow(/accuracyMetric/);
  });
});
