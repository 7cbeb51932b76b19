/**
 * logSourceForJob end to end against moto: jobs made with CreateTrainingJob (moto gives them an
 * OutputDataConfig and the status Completed), their S3 text logs under `<output>/<job>/`, their
 * CloudWatch streams under `/aws/sagemaker/TrainingJobs`, through the fault proxy.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LogNotFoundError, S3LogNotFoundError, TrainingJobNotFoundError } from '../../src/errors';
import type { Clients } from '../../src/jobs/Clients';
import { createClients } from '../../src/jobs/createClients';
import { CloudWatchLogSource } from '../../src/logs/CloudWatchLogSource';
import { S3TextLogSource } from '../../src/logs/S3TextLogSource';
import { logSourceForJob } from '../../src/logs/logSourceForJob';
import { readLogText } from '../../src/logs/readLogText';
import { saveLog } from '../../src/logs/saveLog';
import { seedRequest } from '../fixtures/seed';
import { fakeCredentials } from '../support/fakeCredentials';
import { type FaultProxy, type FaultRule, startFaultProxy, tenPercentFaults } from '../support/faultProxy';
import { type MotoServer, motoAvailable, startMoto } from '../support/moto';

const moto = motoAvailable();
if (!moto.ok) console.warn(`logSourceForJob integration tests skipped: ${moto.reason}`);

const BUCKET = 'fcncloudml';
const GROUP = '/aws/sagemaker/TrainingJobs';

function request(name: string, outputPath = `s3://${BUCKET}/`): CreateTrainingJobCommandInput {
  return {
    ...(structuredClone(seedRequest) as unknown as CreateTrainingJobCommandInput),
    TrainingJobName: name,
    OutputDataConfig: { S3OutputPath: outputPath },
  };
}

const faults = (): FaultRule[] => tenPercentFaults(/^(GetObject|HeadObject|ListObjectsV2|DescribeTrainingJob|DescribeLogStreams)$/);

function logText(lines: number, tag: string): string {
  return Array.from({ length: lines }, (_, i) => `${tag} epoch ${1 + Math.floor(i / 100)} step ${i} loss ${(2 / (i + 1)).toFixed(5)} █`).join('\n') + '\n';
}

describe.skipIf(!moto.ok)('logSourceForJob against moto', () => {
  let server: MotoServer;
  let proxy: FaultProxy;
  let direct: Clients;
  let faulty: Clients;
  let dir: string;
  const s3Log = logText(30_000, 's3');

  beforeAll(async () => {
    server = await startMoto();
    proxy = await startFaultProxy({ target: server.endpoint, seed: 5 });
    direct = createClients({ endpoint: server.endpoint, region: 'us-east-1', credentials: fakeCredentials });
    faulty = createClients({ endpoint: proxy.endpoint, region: 'us-east-1', credentials: fakeCredentials });
    dir = await mkdtemp(join(tmpdir(), 'job-log-'));
    await direct.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));

    // A job whose image wrote its log to S3 (the seed's CNN / ResNet50), with its model beside it.
    await direct.sagemaker.send(new CreateTrainingJobCommand(request('resnet50-p3-gpu4-b512-e2')));
    await putObject('resnet50-p3-gpu4-b512-e2/training-log.txt', s3Log);
    await putObject('resnet50-p3-gpu4-b512-e2/output/model.tar.gz', 'model');

    // A job that logged to CloudWatch only (the seed's FCN), whose output path has no trailing slash.
    await direct.sagemaker.send(new CreateTrainingJobCommand(request('seismic-fcn-c5-cpu16-e1', `s3://${BUCKET}/fcn`)));
    await putObject('fcn/seismic-fcn-c5-cpu16-e1/output/model.tar.gz', 'model');
    await direct.logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    await direct.logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: 'seismic-fcn-c5-cpu16-e1/algo-1-1700000000' }));
    const t0 = Date.now() - 60_000;
    await direct.logs.send(
      new PutLogEventsCommand({
        logGroupName: GROUP,
        logStreamName: 'seismic-fcn-c5-cpu16-e1/algo-1-1700000000',
        logEvents: Array.from({ length: 50 }, (_, i) => ({ timestamp: t0 + i, message: `fcn step ${i}` })),
      }),
    );
    // A stream of another job whose name starts the same: never picked up.
    await direct.logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: 'seismic-fcn-c5-cpu16-e10/algo-1-1700000000' }));

    // A job with no log anywhere, and one whose output bucket does not exist.
    await direct.sagemaker.send(new CreateTrainingJobCommand(request('mnist-cnn-m5-cpu4-e1')));
    await direct.sagemaker.send(new CreateTrainingJobCommand(request('mnist-cnn-m5-cpu4-e2', 's3://no-such-output-bucket/')));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    for (const clients of [direct, faulty]) for (const client of Object.values(clients ?? {})) client.destroy();
    await proxy?.stop();
    await server?.stop();
  });

  beforeEach(() => {
    proxy.setRules([]);
  });

  function putObject(key: string, body: string) {
    return direct.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: Buffer.from(body) }));
  }

  it('returns the S3 text log of a job that wrote one, and reads it whole', async () => {
    const source = await logSourceForJob(direct, 'resnet50-p3-gpu4-b512-e2');

    expect(source).toBeInstanceOf(S3TextLogSource);
    expect(source).toMatchObject({ uri: `s3://${BUCKET}/resnet50-p3-gpu4-b512-e2/` });
    expect(`${await readLogText(source)}\n`).toBe(s3Log);
  });

  it('saves the S3 log byte-identically through 10% throttling, 5xx and resets', async () => {
    const clean = join(dir, 'clean.txt');
    const withFaults = join(dir, 'faults.txt');
    await saveLog(await logSourceForJob(direct, 'resnet50-p3-gpu4-b512-e2'), clean);

    proxy.setRules(faults());
    const result = await saveLog(await logSourceForJob(faulty, 'resnet50-p3-gpu4-b512-e2'), withFaults);

    expect((await readFile(withFaults)).equals(await readFile(clean))).toBe(true);
    expect(await readFile(withFaults, 'utf8')).toBe(s3Log);
    expect(result).toEqual({ lines: 30_000, bytes: Buffer.byteLength(s3Log) });
  }, 60_000);

  it("returns the CloudWatch streams of a job with no S3 log, and only that job's", async () => {
    const source = await logSourceForJob(direct, 'seismic-fcn-c5-cpu16-e1');

    expect(source).toBeInstanceOf(CloudWatchLogSource);
    const events = [];
    for await (const event of source.read()) events.push(event);
    expect(events.map((e) => e.message)).toEqual(Array.from({ length: 50 }, (_, i) => `fcn step ${i}`));
    expect(new Set(events.map((e) => e.source))).toEqual(new Set(['seismic-fcn-c5-cpu16-e1/algo-1-1700000000']));
  });

  it("forces CloudWatch with prefer: 'cloudwatch' and S3 with prefer: 's3'", async () => {
    await expect(logSourceForJob(direct, 'seismic-fcn-c5-cpu16-e1', { prefer: 'cloudwatch' })).resolves.toBeInstanceOf(CloudWatchLogSource);
    const error = await logSourceForJob(direct, 'seismic-fcn-c5-cpu16-e1', { prefer: 's3' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3LogNotFoundError);
    expect(error).toMatchObject({ reason: 'NoLogObjects', bucket: BUCKET, prefix: 'fcn/seismic-fcn-c5-cpu16-e1/' });
  });

  it('throws LogNotFoundError naming both places for a job with no log anywhere', async () => {
    proxy.setRules(faults());
    const error = await logSourceForJob(faulty, 'mnist-cnn-m5-cpu4-e1').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LogNotFoundError);
    expect(error).toMatchObject({ jobName: 'mnist-cnn-m5-cpu4-e1' });
    const where = (error as LogNotFoundError).where;
    expect(where[0]).toContain(`s3://${BUCKET}/mnist-cnn-m5-cpu4-e1/`);
    expect(where[1]).toContain(`${GROUP}, streams mnist-cnn-m5-cpu4-e1/*`);
  }, 60_000);

  it('names the missing output bucket', async () => {
    const error = await logSourceForJob(direct, 'mnist-cnn-m5-cpu4-e2', { prefer: 's3' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3LogNotFoundError);
    expect(error).toMatchObject({ reason: 'NoSuchBucket', bucket: 'no-such-output-bucket' });

    const either = (await logSourceForJob(direct, 'mnist-cnn-m5-cpu4-e2').catch((e: unknown) => e)) as LogNotFoundError;
    expect(either).toBeInstanceOf(LogNotFoundError);
    expect(either.where[0]).toContain('bucket no-such-output-bucket does not exist');
  });

  it('throws TrainingJobNotFoundError for a job that does not exist', async () => {
    const error = await logSourceForJob(direct, 'never-launched').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingJobNotFoundError);
    expect(error).toMatchObject({ jobName: 'never-launched' });
  });

  it('works with an S3 client that has its own retries turned off', async () => {
    proxy.setRules(faults());
    const clients = { ...faulty, s3: new S3Client({ endpoint: proxy.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: fakeCredentials, maxAttempts: 1 }) };
    const text = await readLogText(await logSourceForJob(clients, 'resnet50-p3-gpu4-b512-e2'));
    clients.s3.destroy();
    expect(`${text}\n`).toBe(s3Log);
  }, 60_000);
});
