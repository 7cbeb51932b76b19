import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateTrainingJobCommand,
  DescribeTrainingJobCommand,
  SageMakerClient,
  StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { fakeCredentials } from './fakeCredentials';
import { motoAvailable, startMoto } from './moto';
import type { MotoServer } from './moto';
import { isRunning, waitUntilGone } from './processAlive';

const availability = motoAvailable();
if (!availability.ok) console.warn(`Skipping moto integration tests: ${availability.reason}`);

/** Runs a Node process that starts moto, prints its pid, then ends as `ending` says. */
function motoInChildProcess(ending: string): Promise<number> {
  const motoModule = fileURLToPath(new URL('./moto.ts', import.meta.url));
  const code = `import { startMoto } from ${JSON.stringify(motoModule)};\nconst m = await startMoto();\nconsole.log(m.pid);\n${ending};`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', () => {
      const pid = Number.parseInt(out.trim(), 10);
      if (Number.isInteger(pid) && pid > 0) resolve(pid);
      else reject(new Error(`child printed no pid: ${out}\n${err}`));
    });
  });
}

const region = 'us-east-1';
const T0 = Date.now() - 3_600_000;

function trainingJobRequest(name: string): CreateTrainingJobCommandInput {
  return {
    TrainingJobName: name,
    AlgorithmSpecification: { TrainingImage: '245983579475.dkr.ecr.us-east-1.amazonaws.com/fcn:latest', TrainingInputMode: 'File' },
    RoleArn: 'arn:aws:iam::245983579475:role/SageMakerRole',
    OutputDataConfig: { S3OutputPath: 's3://fcncloudml/output' },
    ResourceConfig: { InstanceType: 'ml.p3.2xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
  };
}

describe('moto availability check', () => {
  it('explains what is missing when the Python interpreter cannot be run', async () => {
    const previous = process.env.SAGEMAKER_BENCH_PYTHON;
    process.env.SAGEMAKER_BENCH_PYTHON = '/nonexistent/python3';
    vi.resetModules();
    try {
      const fresh = await import('./moto');
      const answer = fresh.motoAvailable();
      expect(answer.ok).toBe(false);
      expect(answer.ok ? '' : answer.reason).toMatch(/\/nonexistent\/python3 could not be run .*moto\[server\]/);
      await expect(fresh.startMoto()).rejects.toThrow(/nonexistent\/python3/);
    } finally {
      if (previous === undefined) delete process.env.SAGEMAKER_BENCH_PYTHON;
      else process.env.SAGEMAKER_BENCH_PYTHON = previous;
      vi.resetModules();
    }
  });
});

describe.skipIf(!availability.ok)('moto server lifecycle', () => {
  it('reports moto as available, from a cached check', () => {
    expect(motoAvailable()).toEqual({ ok: true });
    expect(motoAvailable()).toBe(motoAvailable());
  });

  it('starts on a free local port, answers the SDK, and is gone after stop', async () => {
    const moto = await startMoto();
    try {
      expect(moto.endpoint).toBe(`http://127.0.0.1:${moto.port}`);
      expect(isRunning(moto.pid)).toBe(true);
      const s3 = new S3Client({ endpoint: moto.endpoint, forcePathStyle: true, region, credentials: fakeCredentials });
      const buckets = await s3.send(new ListBucketsCommand({}));
      expect(buckets.$metadata.httpStatusCode).toBe(200);
      s3.destroy();
    } finally {
      await moto.stop();
    }
    expect(await waitUntilGone(moto.pid, 2_000)).toBe(true);
    await expect(fetch(`${moto.endpoint}/moto-api/data.json`)).rejects.toThrow();
    // stop twice is harmless
    await moto.stop();
  });

  it('runs two servers side by side on different ports', async () => {
    const [a, b] = await Promise.all([startMoto(), startMoto()]);
    try {
      expect(a.port).not.toBe(b.port);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(await waitUntilGone(a.pid, 2_000)).toBe(true);
    expect(await waitUntilGone(b.pid, 2_000)).toBe(true);
  });

  it('kills the server when the Node process that started it exits without stopping it', async () => {
    const pid = await motoInChildProcess('process.exit(0)');
    expect(await waitUntilGone(pid, 10_000)).toBe(true);
  });

  it('ends the server even when the Node process that started it is killed with SIGKILL', async () => {
    const pid = await motoInChildProcess("process.kill(process.pid, 'SIGKILL')");
    expect(await waitUntilGone(pid, 10_000)).toBe(true);
  });
});

describe.skipIf(!availability.ok)('moto as S3, CloudWatch Logs and SageMaker', () => {
  let moto: MotoServer;
  let s3: S3Client;
  let logs: CloudWatchLogsClient;
  let sagemaker: SageMakerClient;

  beforeAll(async () => {
    moto = await startMoto();
    const config = { endpoint: moto.endpoint, region, credentials: fakeCredentials };
    s3 = new S3Client({ ...config, forcePathStyle: true });
    logs = new CloudWatchLogsClient(config);
    sagemaker = new SageMakerClient({ ...config, maxAttempts: 1 });
  });

  afterAll(async () => {
    s3?.destroy();
    logs?.destroy();
    sagemaker?.destroy();
    await moto?.stop();
  });

  it('stores and returns an S3 object', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'fcncloudml' }));
    await s3.send(new PutObjectCommand({ Bucket: 'fcncloudml', Key: 'logs/job-1/train.txt', Body: 'epoch 1\nepoch 2\n' }));
    const object = await s3.send(new GetObjectCommand({ Bucket: 'fcncloudml', Key: 'logs/job-1/train.txt' }));
    expect(await object.Body?.transformToString()).toBe('epoch 1\nepoch 2\n');
  });

  it('answers S3 Range requests with 206 and Content-Range, clipping an end past the size', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'range-bucket' }));
    await s3.send(new PutObjectCommand({ Bucket: 'range-bucket', Key: 'digits.txt', Body: '0123456789' }));
    const middle = await s3.send(new GetObjectCommand({ Bucket: 'range-bucket', Key: 'digits.txt', Range: 'bytes=2-5' }));
    expect(middle.$metadata.httpStatusCode).toBe(206);
    expect(middle.ContentRange).toBe('bytes 2-5/10');
    expect(await middle.Body?.transformToString()).toBe('2345');
    const tail = await s3.send(new GetObjectCommand({ Bucket: 'range-bucket', Key: 'digits.txt', Range: 'bytes=8-100' }));
    expect(tail.ContentRange).toBe('bytes 8-9/10');
    expect(await tail.Body?.transformToString()).toBe('89');
    await expect(
      s3.send(new GetObjectCommand({ Bucket: 'range-bucket', Key: 'digits.txt', Range: 'bytes=10-' })),
    ).rejects.toMatchObject({ name: 'InvalidRange', $metadata: { httpStatusCode: 416 } });
  });

  it('stores log events and returns them from the head in timestamp order', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/sagemaker/TrainingJobs' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/aws/sagemaker/TrainingJobs', logStreamName: 'job-1/algo-1-1700000000' }));
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: '/aws/sagemaker/TrainingJobs',
        logStreamName: 'job-1/algo-1-1700000000',
        logEvents: [
          { timestamp: T0, message: 'starting' },
          { timestamp: T0 + 5, message: 'epoch 1' },
        ],
      }),
    );
    const page = await logs.send(
      new GetLogEventsCommand({ logGroupName: '/aws/sagemaker/TrainingJobs', logStreamName: 'job-1/algo-1-1700000000', startFromHead: true }),
    );
    expect(page.events?.map((e) => [e.timestamp, e.message])).toEqual([
      [T0, 'starting'],
      [T0 + 5, 'epoch 1'],
    ]);
  });

  describe('GetLogEvents paging (facts documented in docs/testing.md)', () => {
    const group = 'paging';
    const stream = 'big';
    const total = 10_005;

    beforeAll(async () => {
      await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
      await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
      await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'empty' }));
      // 10 events per millisecond: timestamps T0 .. T0 + 1000
      const events = Array.from({ length: total }, (_, i) => ({ timestamp: T0 + Math.floor(i / 10), message: `line ${i}` }));
      for (let i = 0; i < total; i += 5_000) {
        await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: events.slice(i, i + 5_000) }));
      }
    });

    it('pages 10,000 events at most, then answers with the same forward token at the end', async () => {
      const sizes: number[] = [];
      let token: string | undefined;
      for (let page = 0; page < 5; page++) {
        const answer = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true, nextToken: token }));
        sizes.push(answer.events?.length ?? -1);
        if (answer.nextForwardToken === token) break;
        token = answer.nextForwardToken;
      }
      expect(sizes).toEqual([10_000, 5, 0]);
    });

    it('returns the same forward token again for an empty stream', async () => {
      const first = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'empty', startFromHead: true }));
      const second = await logs.send(
        new GetLogEventsCommand({ logGroupName: group, logStreamName: 'empty', startFromHead: true, nextToken: first.nextForwardToken }),
      );
      expect(first.events).toEqual([]);
      expect(second.nextForwardToken).toBe(first.nextForwardToken);
    });

    it('treats startTime as inclusive and endTime as inclusive too (AWS excludes endTime)', async () => {
      const answer = await logs.send(
        new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true, startTime: T0 + 10, endTime: T0 + 12 }),
      );
      const offsets = [...new Set(answer.events?.map((e) => (e.timestamp ?? 0) - T0))];
      expect(offsets).toEqual([10, 11, 12]);
      expect(answer.events?.[0]?.message).toBe('line 100');
    });

    it('returns the last events without startFromHead and the first ones with it', async () => {
      const tail = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit: 2 }));
      expect(tail.events?.map((e) => e.message)).toEqual([`line ${total - 2}`, `line ${total - 1}`]);
      const head = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit: 2, startFromHead: true }));
      expect(head.events?.map((e) => e.message)).toEqual(['line 0', 'line 1']);
    });

    it('rejects a limit above 10,000', async () => {
      await expect(
        logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit: 10_001 })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    });

    it('describes streams with first and last event timestamps only once they have events', async () => {
      const answer = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
      const byName = new Map(answer.logStreams?.map((s) => [s.logStreamName, s]));
      expect(byName.get(stream)).toMatchObject({ firstEventTimestamp: T0, lastEventTimestamp: T0 + 1000 });
      expect(byName.get('empty')?.firstEventTimestamp).toBeUndefined();
      expect(byName.get('empty')?.lastEventTimestamp).toBeUndefined();
    });

    it('answers ResourceNotFoundException for a missing stream', async () => {
      await expect(
        logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'missing' })),
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } });
    });
  });

  describe('SageMaker training jobs (facts documented in docs/testing.md)', () => {
    it('creates a training job that is Completed at once', async () => {
      const created = await sagemaker.send(new CreateTrainingJobCommand(trainingJobRequest('moto-job-1')));
      expect(created.TrainingJobArn).toMatch(/^arn:aws:sagemaker:us-east-1:\d{12}:training-job\/moto-job-1$/);
      const job = await sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'moto-job-1' }));
      expect(job).toMatchObject({
        TrainingJobName: 'moto-job-1',
        TrainingJobStatus: 'Completed',
        SecondaryStatus: 'Completed',
        ResourceConfig: { InstanceType: 'ml.p3.2xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
        ModelArtifacts: { S3ModelArtifacts: 's3://fcncloudml/output/moto-job-1/output/model.tar.gz' },
      });
      expect(job.TrainingStartTime).toBeInstanceOf(Date);
      expect(job.TrainingEndTime?.getTime()).toBe(job.TrainingStartTime?.getTime());
      expect(job.SecondaryStatusTransitions?.map((t) => t.Status)).toEqual(['Starting']);
      expect(job.BillableTimeInSeconds).toBeUndefined();
    });

    it('replaces a job created again under the same name instead of answering ResourceInUse', async () => {
      await sagemaker.send(new CreateTrainingJobCommand(trainingJobRequest('moto-job-twice')));
      const again = await sagemaker.send(new CreateTrainingJobCommand(trainingJobRequest('moto-job-twice')));
      expect(again.TrainingJobArn).toContain('moto-job-twice');
    });

    it('answers ValidationException "Could not find training job" for a job that does not exist', async () => {
      const error = await sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'no-such-job' })).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
      expect((error as Error).message).toMatch(/^Could not find training job 'arn:aws:sagemaker:us-east-1:\d{12}:training-job\/no-such-job'\.$/);
    });

    it('answers StopTrainingJob with an HTTP 500 the SDK cannot parse', async () => {
      await sagemaker.send(new CreateTrainingJobCommand(trainingJobRequest('moto-job-stop')));
      await expect(sagemaker.send(new StopTrainingJobCommand({ TrainingJobName: 'moto-job-stop' }))).rejects.toMatchObject({
        $metadata: { httpStatusCode: 500 },
      });
    });
  });

  it('forgets every resource on reset', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'reset-me' }));
    await moto.reset();
    const buckets = await s3.send(new ListBucketsCommand({}));
    expect(buckets.Buckets ?? []).toEqual([]);
    await expect(sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'moto-job-1' }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});
