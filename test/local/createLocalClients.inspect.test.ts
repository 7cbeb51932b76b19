/** How local mode's clients and a local job's log source print in a REPL or a notebook. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { TrainingJobBuilder } from '../../src/builder/TrainingJobBuilder';
import { waitForTrainingJob } from '../../src/jobs/waitForTrainingJob';
import { createLocalClients } from '../../src/local/createLocalClients';
import { LocalSageMakerClient } from '../../src/local/LocalSageMakerClient';
import { logSourceForJob } from '../../src/logs/logSourceForJob';
import { parseTrainingLog } from '../../src/metrics/parseTrainingLog';

const TRAIN = join(import.meta.dirname, '../../examples/local/train.py');
const dir = mkdtempSync(join(tmpdir(), 'local-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createLocalClients in a REPL', () => {
  it('prints one line: local, the runtime, the command and the work dir', () => {
    const workDir = join(dir, 'work');
    const clients = createLocalClients({ runtime: 'process', command: ['python3', 'my train.py', '--lr=0.1'], workDir });
    const line = `Clients(local, runtime process, command python3 "my train.py" --lr=0.1, work dir ${workDir}) { sagemaker: LocalSageMakerClient, s3, logs }`;
    expect(inspect(clients)).toBe(line);
    expect(String(clients)).toBe(line);
  });

  it('says runtime auto and that an S3 client was given', () => {
    const s3 = new S3Client({ region: 'us-east-1' });
    expect(String(createLocalClients({ workDir: '/tmp/w', s3 }))).toBe('Clients(local, runtime auto, work dir /tmp/w, s3 client given) { sagemaker: LocalSageMakerClient, s3, logs }');
  });

  it('stays a plain { sagemaker, s3, logs }', () => {
    const clients = createLocalClients({ workDir: join(dir, 'plain') });
    const { sagemaker, s3, logs } = clients;
    expect(sagemaker).toBeInstanceOf(LocalSageMakerClient);
    expect(typeof s3.send).toBe('function');
    expect(typeof logs.send).toBe('function');
    expect(Object.keys(clients)).toEqual(['sagemaker', 's3', 'logs']);
    expect(Object.keys({ ...clients })).toEqual(['sagemaker', 's3', 'logs']);
  });

  it("prints a local job's log source as the job and the folder of its streams, and its metrics as a table", async () => {
    execFileSync('python3', [TRAIN, '--generate', join(dir, 'data'), '--samples', '300']);
    const workDir = join(dir, 'jobs');
    const clients = createLocalClients({ runtime: 'process', command: ['python3', TRAIN], workDir });
    await new TrainingJobBuilder()
      .name('digits-inspect-1')
      .image('123456789012.dkr.ecr.us-east-1.amazonaws.com/digits:latest')
      .role('arn:aws:iam::123456789012:role/SageMakerRole')
      .instance('ml.m5.large')
      .channel('training', pathToFileURL(`${dir}/data/`).href)
      .outputPath(pathToFileURL(`${dir}/out/`).href)
      .hyperParameters({ epochs: 2 })
      .launch(clients.sagemaker);
    await waitForTrainingJob(clients.sagemaker, 'digits-inspect-1', { minDelay: 0.05, maxDelay: 0.2 });
    const source = await logSourceForJob(clients, 'digits-inspect-1');
    expect(inspect(source)).toMatch(/^LocalLogSource\(digits-inspect-1, .+digits-inspect-1.+logs\)$/);
    expect(String(source)).toBe(inspect(source));
    expect(String(source).includes(workDir)).toBe(true);
    const metrics = await parseTrainingLog(source);
    expect(inspect(metrics)).toMatch(/^TrainingMetrics: keras, 2 epochs/);
  }, 60_000);
});
