/** How a sweep's result prints in a REPL or a notebook (util.inspect, String()), and that it stays plain data. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainingJobCost } from '../../../src/cost/trainingJobCost';
import type { TrainingJobSummary } from '../../../src/jobs/summarizeTrainingJob';
import { parseTrainingLog } from '../../../src/metrics/parseTrainingLog';
import type { JournalJob, JournalRecord } from '../../../src/sweep/internal/JournalRecord';
import { encodeRecord } from '../../../src/sweep/internal/journalCodec';
import { resultFromRecords } from '../../../src/sweep/internal/resultFromRecords';
import { sweepResultText } from '../../../src/sweep/internal/sweepResultText';
import { readSweepJournal } from '../../../src/sweep/readSweepJournal';
import type { SweepResult } from '../../../src/sweep/SweepResult';

const t = (minute: number): Date => new Date(Date.UTC(2026, 11, 2, 5, minute));
const job = (name: string, instanceType: string, batchSize: number, instanceCount = 1): JournalJob => ({
  jobName: name,
  cell: { instanceType, instanceCount, batchSize, epochs: 2, hyperParameters: {}, repeat: 1 },
  requestHash: 'a'.repeat(64),
  estimate: { instanceType, instanceCount, usdPerHour: 3.825, maxUsd: 3.825, spot: false } as JournalJob['estimate'],
});
const A = 'sw-resnet50-p3-gpu1-b256-e2-r1';
const B = 'sw-resnet50-p3-gpu4-b512-e2-r1';
const C = 'sw-resnet50-g5-gpu1-b256-e2-r1';
const D = 'sw-resnet50-g5-gpu1-b512-e2-r1';
const LOG = ['Epoch 1/2', '5/5 [==============================] - 41s 600ms/step - loss: 0.9000', 'Epoch 2/2', '5/5 [==============================] - 40s 400ms/step - loss: 0.4000'];

async function records(): Promise<JournalRecord[]> {
  const metrics = await parseTrainingLog(LOG);
  const summary = (trainingSeconds: number) => ({ jobName: A, status: 'Completed', instanceCount: 1, spot: false, phases: [], trainingSeconds, finalMetrics: {}, hyperParameters: {} }) as TrainingJobSummary;
  const cost = (usd: number) => ({ billedInstanceSeconds: 100, usd }) as TrainingJobCost;
  const plan: JournalRecord = {
    type: 'sweep',
    version: 1,
    name: 'sw',
    model: 'resnet50',
    region: 'us-east-1',
    seed: 7,
    order: [A, B, C, D],
    jobs: [job(A, 'ml.p3.2xlarge', 256), job(B, 'ml.p3.8xlarge', 512, 2), job(C, 'ml.g5.2xlarge', 256), job(D, 'ml.g5.2xlarge', 512)],
    at: t(0),
  };
  return [
    plan,
    { type: 'result', jobName: A, result: { jobName: A, cell: job(A, 'ml.p3.2xlarge', 256).cell, status: 'Completed', summary: summary(90), cost: cost(0.0956), metrics, notes: [] }, at: t(5) },
    { type: 'result', jobName: B, result: { jobName: B, cell: job(B, 'ml.p3.8xlarge', 512, 2).cell, status: 'Completed', summary: summary(130), cost: cost(1.2345), notes: ['no log'] }, at: t(6) },
    {
      type: 'result',
      jobName: C,
      result: { jobName: C, cell: job(C, 'ml.g5.2xlarge', 256).cell, status: 'Failed', cost: cost(0.004), failureReason: 'AlgorithmError: CUDA out of memory.\nTried to allocate 2.00 GiB', notes: [] },
      at: t(7),
    },
    { type: 'settled', aborted: false, at: t(8) },
  ];
}

const TABLE = [
  'SweepResult sw (resnet50, us-east-1): 4 jobs, 2 Completed, 1 Failed, 1 NotLaunched, $1.33 billed',
  '  job                             instance          status       epochs  s/epoch        $',
  '  ------------------------------  ----------------  -----------  ------  -------  -------',
  '  sw-resnet50-p3-gpu1-b256-e2-r1  ml.p3.2xlarge     Completed       2/2     40.5    $0.10',
  '  sw-resnet50-p3-gpu4-b512-e2-r1  ml.p3.8xlarge x2  Completed       -/2    ~65.0    $1.23',
  '  sw-resnet50-g5-gpu1-b256-e2-r1  ml.g5.2xlarge     Failed          -/2        -  $0.0040',
  '  sw-resnet50-g5-gpu1-b512-e2-r1  ml.g5.2xlarge     NotLaunched     -/2        -        -',
  '  ~ training time / epochs: the log has no epoch times',
  '  sw-resnet50-g5-gpu1-b256-e2-r1: AlgorithmError: CUDA out of memory. Tried to allocate 2.00 GiB',
].join('\n');

const dir = mkdtempSync(join(tmpdir(), 'sweep-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SweepResult in a REPL', () => {
  it('prints as a table of its jobs under util.inspect and String()', async () => {
    const result = resultFromRecords(await records());
    expect(inspect(result)).toBe(TABLE);
    expect(String(result)).toBe(TABLE);
    expect(`${result}`).toBe(TABLE);
  });

  it("prints each job's metrics as their epochs table", async () => {
    const result = resultFromRecords(await records());
    expect(inspect(result.jobs[0]!.metrics)).toMatch(/^TrainingMetrics: keras, 2 epochs, 1m21s of training\n {2}epoch {2}seconds {2}steps {2}loss\n/);
  });

  it('shows as many jobs as maxArrayLength allows, as util.inspect shows arrays', async () => {
    const lines = inspect(resultFromRecords(await records()), { maxArrayLength: 2 }).split('\n');
    expect(lines.slice(3, 6)).toEqual([
      '  sw-resnet50-p3-gpu1-b256-e2-r1  ml.p3.2xlarge     Completed     2/2     40.5  $0.10',
      '  sw-resnet50-p3-gpu4-b512-e2-r1  ml.p3.8xlarge x2  Completed     -/2    ~65.0  $1.23',
      '  ... 2 more jobs',
    ]);
  });

  it('prints the same table for the result read back from the journal, metrics included', async () => {
    const path = join(dir, 'sweep.jsonl');
    writeFileSync(path, (await records()).map((record) => `${encodeRecord(record)}\n`).join(''));
    const read = await readSweepJournal(path);
    expect(inspect(read)).toBe(TABLE);
    expect(String(read.jobs[0]!.metrics)).toMatch(/^TrainingMetrics: keras, 2 epochs/);
  });

  it('stays plain, frozen data: JSON, structuredClone, keys and deep equality as before', async () => {
    const result = resultFromRecords(await records());
    const path = join(dir, 'again.jsonl');
    writeFileSync(path, (await records()).map((record) => `${encodeRecord(record)}\n`).join(''));
    const read = await readSweepJournal(path);
    expect(read).toStrictEqual(result);
    expect(JSON.stringify(read)).toBe(JSON.stringify(result));
    expect(Object.keys(result)).toEqual(['name', 'model', 'region', 'jobs', 'seed', 'launchOrder', 'startedAt', 'aborted', 'endedAt']);
    expect(Object.isFrozen(result)).toBe(true);
    const clone = structuredClone(result);
    expect(clone).toStrictEqual(result);
    expect(String(clone)).toBe('[object Object]');
    expect(JSON.parse(JSON.stringify(result))).toEqual(JSON.parse(JSON.stringify(clone)));
  });

  it('prints an empty or aborted sweep in one line', () => {
    const empty = { name: 'e', model: 'cnn', region: 'local', jobs: [], seed: 1, launchOrder: [], aborted: true } satisfies SweepResult;
    expect(sweepResultText(empty)).toBe('SweepResult e (cnn, local): 0 jobs, aborted');
  });
});
