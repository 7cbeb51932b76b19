import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../../../src/report/internal/timeToTarget';
import { sweepReport } from '../../../src/report/sweepReport';
import { sweepTable } from '../../../src/report/sweepTable';
import type { SweepJobResult, SweepResult } from '../../../src/sweep/SweepResult';
import { cifarSweep, type KerasEpoch, P3_2XLARGE_USD_PER_HOUR, sweepJob } from '../support/sweepResults';

const epoch = (seconds: number | undefined, val_accuracy: number, val_loss = 1): KerasEpoch => ({
  ...(seconds !== undefined ? { seconds } : {}),
  loss: 1,
  accuracy: 0.5,
  val_loss,
  val_accuracy,
});

function sweepOf(jobs: SweepJobResult[]): SweepResult {
  return { ...cifarSweep(), name: 'ttt', jobs };
}

function twoInstances(epochs: KerasEpoch[], repeat = 1): SweepJobResult {
  return sweepJob('ttt', { instanceType: 'ml.p3.2xlarge', instanceCount: 2, batchSize: 128, repeat, status: 'Completed', trainingSeconds: 400, epochs });
}

describe('time to target', () => {
  it('takes the first epoch reaching the target, the seconds up to it summed, and their dollars over every instance', () => {
    const job = twoInstances([epoch(50, 0.5), epoch(40, 0.8), epoch(40, 0.9)]);
    const [row] = sweepTable(sweepOf([job]), { target: { metric: 'val_accuracy', value: 0.75 } });
    // epoch 2 reaches 0.75: 50 + 40 = 90 s; 90 s x 2 instances x 3.825 $/h / 3600 = $0.19125
    expect(row!.jobs[0]!.target).toEqual({ measured: true, reached: true, epoch: 2, seconds: 90, usd: 0.19125, best: 0.9, estimated: false });
    expect(row!.target).toEqual({ runs: 1, reached: 1, epoch: 2, seconds: 90, usd: 0.19125, best: 0.9, estimated: false });
    expect((90 * 2 * P3_2XLARGE_USD_PER_HOUR) / 3600).toBeCloseTo(0.19125, 12);
  });

  it('counts reaching the value exactly as reaching it', () => {
    const [row] = sweepTable(sweepOf([twoInstances([epoch(10, 0.7), epoch(10, 0.75)])]), { target: { metric: 'val_accuracy', value: 0.75 } });
    expect(row!.target!.epoch).toBe(2);
  });

  it('means the epoch, the seconds and the dollars over the repeats that reached it, and counts those that did not', () => {
    const jobs = [
      twoInstances([epoch(50, 0.5), epoch(40, 0.8)], 1),
      twoInstances([epoch(60, 0.6), epoch(40, 0.7), epoch(40, 0.76)], 2),
      twoInstances([epoch(60, 0.6), epoch(40, 0.7)], 3),
    ];
    const [row] = sweepTable(sweepOf(jobs), { target: { metric: 'val_accuracy', value: 0.75 } });
    // 90 s at epoch 2 and 140 s at epoch 3
    expect(row!.target).toMatchObject({ runs: 3, reached: 2, epoch: 2.5, seconds: 115, best: 0.8 });
    expect(row!.target!.usd).toBeCloseTo((115 * 2 * P3_2XLARGE_USD_PER_HOUR) / 3600, 9);
  });

  it('falls to the target for a loss: mode min by default when the metric name says loss', () => {
    expect(resolveTarget('t', { metric: 'val_loss', value: 0.5 })!.mode).toBe('min');
    expect(resolveTarget('t', { metric: 'Train_Loss', value: 0.5 })!.mode).toBe('min');
    expect(resolveTarget('t', { metric: 'val_accuracy', value: 0.5 })!.mode).toBe('max');
    expect(resolveTarget('t', { metric: 'val_loss', value: 0.5, mode: 'max' })!.mode).toBe('max');
    const [row] = sweepTable(sweepOf([twoInstances([epoch(30, 0, 1.0), epoch(30, 0, 0.6), epoch(30, 0, 0.4)])]), { target: { metric: 'val_loss', value: 0.5 } });
    expect(row!.target).toMatchObject({ reached: 1, epoch: 3, seconds: 90, best: 0.4 });
  });

  it('never counts a NaN as reaching a target, nor as the best value', () => {
    const [row] = sweepTable(sweepOf([twoInstances([epoch(30, 0, 0.9), epoch(30, 0, NaN)])]), { target: { metric: 'val_loss', value: 0.5 } });
    expect(row!.target).toMatchObject({ runs: 1, reached: 0, best: 0.9 });
    expect(row!.target!.seconds).toBeUndefined();
  });

  it('lets the job\'s mean seconds per epoch stand in for an epoch the log did not time, and says so', () => {
    const [row] = sweepTable(sweepOf([twoInstances([epoch(50, 0.5), epoch(undefined, 0.6), epoch(40, 0.8)])]), { target: { metric: 'val_accuracy', value: 0.75 } });
    // 50 + 45 (the mean of 50 and 40) + 40
    expect(row!.target).toMatchObject({ reached: 1, epoch: 3, seconds: 135, estimated: true });
    const markdown = sweepReport(sweepOf([twoInstances([epoch(50, 0.5), epoch(undefined, 0.6), epoch(40, 0.8)])]), { format: 'markdown', target: { metric: 'val_accuracy', value: 0.75 } });
    expect(markdown).toContain('135.0 s ‡');
    expect(markdown).toContain('‡ some epochs up to the target have no time in the log');
  });

  it('prices the time with the estimate\'s rate when the job\'s cost has none', () => {
    const job = twoInstances([epoch(50, 0.8)]);
    delete job.cost;
    const [row] = sweepTable(sweepOf([job]), { target: { metric: 'val_accuracy', value: 0.75 } });
    expect(row!.target!.usd).toBeCloseTo((50 * 2 * P3_2XLARGE_USD_PER_HOUR) / 3600, 9);
  });

  it('says "not reached" with the best value when no repeat reached the target, and "not measured" without the metric', () => {
    const markdown = sweepReport(cifarSweep(), { format: 'markdown', target: { metric: 'val_accuracy', value: 0.99 } });
    expect(markdown).toContain('not reached (best 0.8)');
    expect(markdown).toContain('not reached (best 0.61)');
    const other = sweepReport(cifarSweep(), { format: 'markdown', target: { metric: 'top5', value: 0.9 } });
    expect(other).toContain('not measured (no top5 in any log)');
  });

  it('puts the fixture sweep\'s times to target in the rows: epoch 4 of both ml.p3.2xlarge batch 128 repeats', () => {
    const [p3b128, p3b256] = sweepTable(cifarSweep(), { target: { metric: 'val_accuracy', value: 0.75 } });
    // 52+41+41+40 = 174 s and 53+42+41+41 = 177 s
    expect(p3b128!.jobs.map((j) => j.target!.seconds)).toEqual([174, 177]);
    expect(p3b128!.target).toMatchObject({ runs: 2, reached: 2, epoch: 4, seconds: 175.5 });
    expect(p3b128!.target!.usd).toBeCloseTo((175.5 * P3_2XLARGE_USD_PER_HOUR) / 3600, 9);
    // the diverged repeat never gets there
    expect(p3b256!.target).toMatchObject({ runs: 2, reached: 1, epoch: 5, seconds: 185, best: 0.76 });
  });

  it('rejects a target that is not { metric, value, mode? }', () => {
    expect(() => resolveTarget('t', { metric: 'a', value: Infinity })).toThrow(TypeError);
    expect(() => resolveTarget('t', { metric: 'a', value: 1, mode: 'up' as 'max' })).toThrow(/mode/);
    expect(resolveTarget('t', undefined)).toBeUndefined();
  });
});
