import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { SWEEP_CSV_COLUMNS } from '../../src/report/sweepCsvColumns';
import { sweepReport } from '../../src/report/sweepReport';
import { cifarSweep, emptySweep, HOSTILE_VALUE, mnistSweep } from './support/sweepResults';

function records(csv: string): Record<string, string>[] {
  return parse(csv, { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
}

describe("sweepReport(result, { format: 'csv' })", () => {
  it('writes a header of SWEEP_CSV_COLUMNS and one row per job, in the plan order', () => {
    const csv = sweepReport(cifarSweep(), { format: 'csv' });
    const [header, ...rows] = parse(csv) as string[][];
    expect(header).toEqual([...SWEEP_CSV_COLUMNS]);
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => r.length === SWEEP_CSV_COLUMNS.length)).toBe(true);
    expect(records(csv).map((r) => r.job_name)).toEqual(cifarSweep().jobs.map((j) => j.jobName));
  });

  it('ends every record with CRLF, as RFC 4180 says', () => {
    const csv = sweepReport(cifarSweep(), { format: 'csv' });
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.startsWith(`${SWEEP_CSV_COLUMNS.join(',')}\r\n`)).toBe(true);
  });

  it('round-trips quotes, commas, pipes and newlines through a CSV parser', () => {
    const result = cifarSweep();
    result.jobs[0]!.notes = ['a "quoted", comma', 'line\nbreak', 'carriage\rreturn'];
    const [first, , , failed] = records(sweepReport(result, { format: 'csv' }));
    expect(first!.notes).toBe('a "quoted", comma; line\nbreak; carriage\rreturn');
    expect(JSON.parse(first!.hyper_parameters!)).toEqual({ optimizer: 'sgd', schedule: HOSTILE_VALUE });
    expect(failed!.failure_reason).toBe(result.jobs[3]!.failureReason);
    expect(failed!.failure_reason).toContain('\n');
  });

  it('writes numbers as numbers, NaN as NaN, booleans as true/false and unknown figures as empty cells', () => {
    const rows = records(sweepReport(cifarSweep(), { format: 'csv' }));
    const first = rows[0]!;
    expect(first).toMatchObject({ repeat: '1', instance_count: '1', gpus: '1', batch_size: '128', training_seconds: '313', epochs_completed: '5', seconds_per_epoch_mean: '43', usd_per_hour: '3.825', usd: '0.3325625', spot: 'false', final_loss: '0.63', final_accuracy: '0.79', accuracy_metric: 'val_accuracy', max_usd: '3.825' });
    const diverged = rows.find((r) => r.job_name === 'cifar-sweep-p3-2xlarge-b256-r2')!;
    expect(diverged.final_loss).toBe('NaN');
    const notLaunched = rows.find((r) => r.status === 'NotLaunched')!;
    expect(notLaunched).toMatchObject({ training_seconds: '', usd: '', seconds_per_epoch_mean: '', final_loss: '', epochs_completed: '', target_reached: '' });
    const noLog = rows.find((r) => r.job_name === 'cifar-sweep-g4dn-xlarge-b128-r1')!;
    expect(noLog).toMatchObject({ spot: 'true', seconds_per_epoch_source: 'training-time', seconds_per_epoch_mean: '141', epochs_completed: '', epochs_trained: '5' });
    expect(Number(noLog.spot_savings_usd)).toBeCloseTo(((705 - 282) * 0.7364) / 3600, 8);
  });

  it('fills the target columns with a target, and leaves them empty without one', () => {
    const withTarget = records(sweepReport(cifarSweep(), { format: 'csv', target: { metric: 'val_accuracy', value: 0.75 } }))[0]!;
    expect(withTarget).toMatchObject({ target_metric: 'val_accuracy', target_value: '0.75', target_mode: 'max', target_reached: 'true', target_epoch: '4', time_to_target_seconds: '174', usd_to_target: '0.184875', target_best: '0.79' });
    const without = records(sweepReport(cifarSweep(), { format: 'csv' }))[0]!;
    expect(without).toMatchObject({ target_metric: '', target_reached: '', time_to_target_seconds: '' });
  });

  it('puts the jobs of several sweeps one after the other', () => {
    const rows = records(sweepReport([cifarSweep(), mnistSweep()], { format: 'csv' }));
    expect(rows.map((r) => r.sweep)).toEqual([...Array(8).fill('cifar-sweep'), 'mnist-sweep', 'mnist-sweep']);
    expect(rows.at(-1)!.model).toBe('cnn');
  });

  it('writes only the header for a sweep without jobs', () => {
    expect(sweepReport(emptySweep(), { format: 'csv' })).toBe(`${SWEEP_CSV_COLUMNS.join(',')}\r\n`);
  });
});
