/**
 * A whole sweep on this machine: local clients, the example training script (python3), file://
 * channels and outputs. Nothing is sent to AWS.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TrainingJobBuilder } from '../../src/builder/TrainingJobBuilder';
import { createLocalClients } from '../../src/local/createLocalClients';
import { defineSweep } from '../../src/sweep/defineSweep';
import { readSweepJournal } from '../../src/sweep/readSweepJournal';
import { runSweep } from '../../src/sweep/runSweep';
import type { SweepEvent } from '../../src/sweep/SweepEvent';

const TRAIN = join(import.meta.dirname, '../../examples/local/train.py');

describe('runSweep with local clients', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'local-sweep-'));
    execFileSync('python3', [TRAIN, '--generate', join(dir, 'data'), '--samples', '600']);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function plan(sleepPerEpoch = 0) {
    return defineSweep({
      name: 'digits',
      model: 'softmax',
      base: new TrainingJobBuilder()
        .image('123456789012.dkr.ecr.us-east-1.amazonaws.com/digits:latest')
        .role('arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole')
        .instance('ml.m5.large')
        .channel('training', pathToFileURL(`${dir}/data/`).href)
        .outputPath(pathToFileURL(`${dir}/output/`).href)
        .hyperParameters({ epochs: 3, 'sleep-per-epoch': sleepPerEpoch })
        .maxRuntime(600),
      matrix: { batchSize: [32, 128] },
      repeats: 2,
      local: true,
    });
  }

  const clients = () => createLocalClients({ workDir: join(dir, 'work'), runtime: 'process', command: ['python3', TRAIN], stopGraceSeconds: 2 });

  it('runs every job one at a time and reads its epochs from the local log', async () => {
    const events: SweepEvent[] = [];
    const journal = join(dir, 'sweep.jsonl');
    const result = await runSweep(plan(), { clients: clients(), journal, seed: 1, pollSeconds: 0.2, onEvent: (e) => events.push(e) });
    expect(result.region).toBe('local');
    expect(result.jobs.map((j) => j.status)).toEqual(['Completed', 'Completed', 'Completed', 'Completed']);
    for (const job of result.jobs) {
      expect(job.metrics?.format).toBe('keras');
      expect(job.metrics?.epochs).toHaveLength(3);
      expect(job.cost?.usd).toBe(0); // not billed
      expect(job.notes).toEqual([]);
    }
    // One job at a time: no job launched before the previous one ended.
    let running = 0;
    for (const event of events) {
      if (event.type === 'launched') running++;
      if (event.type === 'ended') running--;
      expect(running).toBeLessThanOrEqual(1);
    }
    expect(await readSweepJournal(journal)).toEqual(result);
  }, 60_000);

  it('stops the running local job on abort, and a resume runs the rest', async () => {
    const controller = new AbortController();
    const journal = join(dir, 'sweep.jsonl');
    const slow = plan(1);
    const first = await runSweep(slow, {
      clients: clients(),
      journal,
      seed: 2,
      pollSeconds: 0.2,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'status' && e.secondaryStatus === 'Training') controller.abort();
        if (e.type === 'launched' && !controller.signal.aborted) setTimeout(() => controller.abort(), 1500);
      },
    });
    expect(first.aborted).toBe(true);
    expect(first.jobs.filter((j) => j.status === 'Stopped')).toHaveLength(1);
    expect(first.jobs.filter((j) => j.status === 'NotLaunched')).toHaveLength(3);

    const resumed = await runSweep(slow, { clients: clients(), journal, pollSeconds: 0.2 });
    expect(resumed.aborted).toBe(false);
    const statuses = resumed.jobs.map((j) => j.status).sort();
    expect(statuses).toEqual(['Completed', 'Completed', 'Completed', 'Stopped']);
  }, 90_000);
});
