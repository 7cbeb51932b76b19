/**
 * seedTrainingJob then the library's own readers, with the real SDK clients against moto (and
 * through the fault proxy): what a user's test of a log-reading script does.
 */
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainingJobBuilder } from '../../src/builder/TrainingJobBuilder';
import { ValidationError } from '../../src/errors';
import { describeTrainingJob } from '../../src/jobs/describeTrainingJob';
import { CloudWatchLogSource } from '../../src/logs/CloudWatchLogSource';
import { logSourceForJob } from '../../src/logs/logSourceForJob';
import { readLogText } from '../../src/logs/readLogText';
import { S3TextLogSource } from '../../src/logs/S3TextLogSource';
import { parseTrainingLog } from '../../src/metrics/parseTrainingLog';
import {
  clientsFor,
  motoAvailable,
  seedTrainingJob,
  startFaultProxy,
  startMoto,
  tenPercentFaults,
  type FaultProxy,
  type MotoServer,
} from '../../src/testing/index';

const moto = motoAvailable();
if (!moto.ok) console.warn(`seedTrainingJob integration tests skipped: ${moto.reason}`);

const kerasLog = [
  'Epoch 1/3',
  '469/469 [==============================] - 12s 25ms/step - loss: 0.4000 - accuracy: 0.8800 - val_loss: 0.2000 - val_accuracy: 0.9400',
  'Epoch 2/3',
  '469/469 [==============================] - 11s 24ms/step - loss: 0.2000 - accuracy: 0.9400 - val_loss: 0.1500 - val_accuracy: 0.9550',
  'Epoch 3/3',
  '469/469 [==============================] - 11s 24ms/step - loss: 0.1000 - accuracy: 0.9700 - val_loss: 0.1200 - val_accuracy: 0.9650',
  '',
].join('\n');

function request(name: string, outputPath = 's3://seed-jobs/runs/'): CreateTrainingJobCommandInput {
  return {
    TrainingJobName: name,
    AlgorithmSpecification: { TrainingImage: '123456789012.dkr.ecr.us-east-1.amazonaws.com/cnn:latest', TrainingInputMode: 'File' },
    RoleArn: 'arn:aws:iam::123456789012:role/SageMakerRole',
    OutputDataConfig: { S3OutputPath: outputPath },
    ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 10 },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
  };
}

describe.skipIf(!moto.ok)('seedTrainingJob against moto', () => {
  let server: MotoServer;
  let proxy: FaultProxy;

  beforeAll(async () => {
    server = await startMoto();
    proxy = await startFaultProxy({ target: server.endpoint, seed: 3 });
  });

  afterAll(async () => {
    await proxy?.stop();
    await server?.stop();
  });

  it('makes a Completed job whose S3 text log logSourceForJob finds and parseTrainingLog reads', async () => {
    const seeded = await seedTrainingJob(server.clients, request('cnn-s3-log'), { s3Log: kerasLog });

    expect(seeded).toEqual({
      jobName: 'cnn-s3-log',
      arn: expect.stringMatching(/^arn:aws:sagemaker:us-east-1:\d{12}:training-job\/cnn-s3-log$/),
      s3LogUri: 's3://seed-jobs/runs/cnn-s3-log/training-log.txt',
      logStreamNames: [],
    });
    expect((await describeTrainingJob(server.clients.sagemaker, 'cnn-s3-log')).TrainingJobStatus).toBe('Completed');
    const source = await logSourceForJob(server.clients, 'cnn-s3-log');
    expect(source).toBeInstanceOf(S3TextLogSource);
    const metrics = await parseTrainingLog(source);
    expect(metrics.format).toBe('keras');
    expect(metrics.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(metrics.final).toMatchObject({ loss: 0.1, val_accuracy: 0.965 });
  });

  it('writes the CloudWatch log to <job>/algo-1-<epoch> in /aws/sagemaker/TrainingJobs, found when there is no S3 log', async () => {
    const startTime = new Date(Date.now() - 600_000);
    const seeded = await seedTrainingJob(server.clients, request('cnn-cloudwatch-log'), { cloudWatchLog: kerasLog, startTime });

    expect(seeded.s3LogUri).toBeUndefined();
    expect(seeded.logStreamNames).toEqual([`cnn-cloudwatch-log/algo-1-${Math.floor(startTime.getTime() / 1000)}`]);
    // the output bucket exists, as a real job's does
    await expect(server.clients.s3.send(new HeadBucketCommand({ Bucket: 'seed-jobs' }))).resolves.toBeDefined();
    const source = await logSourceForJob(server.clients, 'cnn-cloudwatch-log');
    expect(source).toBeInstanceOf(CloudWatchLogSource);
    const events = [];
    for await (const event of source.read()) events.push(event);
    expect(events.map((e) => e.message)).toEqual(kerasLog.trimEnd().split('\n'));
    expect(events[0]!.timestamp).toEqual(startTime);
    expect((await parseTrainingLog(events)).epochs).toHaveLength(3);
  });

  it('writes one stream per host and takes a builder, whose build() validates the job', async () => {
    const job = TrainingJobBuilder.from(request('cnn-two-hosts')).instance('ml.m5.xlarge', { count: 2 });
    const seeded = await seedTrainingJob(server.clients, job, { cloudWatchLog: { hosts: ['host one a\nhost one b', ['host two a']] } });

    expect(seeded.logStreamNames.map((name) => name.replace(/-\d+$/, ''))).toEqual(['cnn-two-hosts/algo-1', 'cnn-two-hosts/algo-2']);
    const text = await readLogText(await logSourceForJob(server.clients, 'cnn-two-hosts'));
    expect(text.split('\n').sort()).toEqual(['host one a', 'host one b', 'host two a']);

    const invalid = new TrainingJobBuilder().name('no-image');
    await expect(seedTrainingJob(server.clients, invalid)).rejects.toBeInstanceOf(ValidationError);
  });

  it('puts the S3 log under an output path without a trailing slash, and under the name asked for', async () => {
    const seeded = await seedTrainingJob(server.clients, request('cnn-no-slash', 's3://seed-jobs/fcn'), { s3Log: 'only line\n', s3LogName: 'stdout.log' });

    expect(seeded.s3LogUri).toBe('s3://seed-jobs/fcn/cnn-no-slash/stdout.log');
    expect(await readLogText(await logSourceForJob(server.clients, 'cnn-no-slash'))).toBe('only line');
  });

  it('reads a seeded job back whole through 10% throttling, 5xx and connection resets', async () => {
    const lines = Array.from({ length: 3_000 }, (_, i) => `step ${i} loss ${(1 / (i + 1)).toFixed(5)}`);
    await seedTrainingJob(server.clients, request('cnn-faults'), { s3Log: `${lines.join('\n')}\n` });
    proxy.setRules(tenPercentFaults());
    try {
      const flaky = clientsFor(proxy);
      expect(await readLogText(await logSourceForJob(flaky, 'cnn-faults'))).toBe(lines.join('\n'));
      const { faults } = proxy.stats();
      expect(faults.throttle + faults.internal + faults.unavailable + faults.reset).toBeGreaterThan(0);
    } finally {
      proxy.setRules([]);
    }
  }, 60_000);

  it('refuses a job without a name, and an S3 log for a job without an S3 output path', async () => {
    await expect(seedTrainingJob(server.clients, { ...request('x'), TrainingJobName: undefined })).rejects.toThrow(/no TrainingJobName/);
    const noOutput = { ...request('cnn-no-output'), OutputDataConfig: undefined };
    await expect(seedTrainingJob(server.clients, noOutput, { s3Log: 'x' })).rejects.toThrow(/S3OutputPath/);
  });
});
