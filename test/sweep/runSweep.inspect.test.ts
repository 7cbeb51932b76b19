/**
 * What runSweep resolves with prints as a table in a REPL or a notebook, the same as the result
 * read back from its journal, and is still the same plain data (a real local sweep: python3).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { TrainingJobBuilder } from '../../src/builder/TrainingJobBuilder';
import { createLocalClients } from '../../src/local/createLocalClients';
import { defineSweep } from '../../src/sweep/defineSweep';
import { readSweepJournal } from '../../src/sweep/readSweepJournal';
import { runSweep } from '../../src/sweep/runSweep';

const TRAIN = join(import.meta.dirname, '../../examples/local/train.py');
const dir = mkdtempSync(join(tmpdir(), 'sweep-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runSweep in a REPL', () => {
  it('resolves with a result that prints as a table of its jobs, the same as its journal', async () => {
    execFileSync('python3', [TRAIN, '--generate', join(dir, 'data'), '--samples', '300']);
    const plan = defineSweep({
      name: 'digits',
      model: 'softmax',
      base: new TrainingJobBuilder()
        .image('123456789012.dkr.ecr.us-east-1.amazonaws.com/digits:latest')
        .role('arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole')
        .instance('ml.m5.large')
        .channel('training', pathToFileURL(`${dir}/data/`).href)
        .outputPath(pathToFileURL(`${dir}/output/`).href)
        .hyperParameters({ epochs: 2 })
        .maxRuntime(600),
      matrix: { batchSize: [64] },
      local: true,
    });
    const journal = join(dir, 'sweep.jsonl');
    const clients = createLocalClients({ workDir: join(dir, 'work'), runtime: 'process', command: ['python3', TRAIN] });
    const result = await runSweep(plan, { clients, journal, seed: 1, pollSeconds: 0.2 });

    const lines = inspect(result).split('\n');
    expect(lines[0]).toBe('SweepResult digits (softmax, local): 1 job, 1 Completed, $0.00 billed');
    expect(lines[1]).toMatch(/^ {2}job +instance +status +epochs +s\/epoch +\$$/);
    expect(lines[3]).toMatch(new RegExp(`^  ${plan.jobs[0]!.jobName} +ml\\.m5\\.large +Completed +2/2 +[0-9.]+ +\\$0\\.00$`));
    expect(String(result)).toBe(inspect(result));
    expect(inspect(result.jobs[0]!.metrics)).toMatch(/^TrainingMetrics: keras, 2 epochs/);

    const read = await readSweepJournal(journal);
    expect(inspect(read)).toBe(inspect(result));
    expect(read).toStrictEqual(result);
    expect(JSON.stringify(read)).toBe(JSON.stringify(result));
  }, 60_000);
});
