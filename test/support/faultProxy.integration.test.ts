import { createHash, randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTrainingJobCommand, DescribeTrainingJobCommand, ListTrainingJobsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { fakeCredentials } from './fakeCredentials';
import { operationOf, startFaultProxy } from './faultProxy';
import type { FaultInfo, FaultProxy, FaultRule } from './faultProxy';
import { motoAvailable, startMoto } from './moto';
import type { MotoServer } from './moto';

const availability = motoAvailable();
if (!availability.ok) console.warn(`Skipping fault proxy integration tests: ${availability.reason}`);

const region = 'us-east-1';
const group = '/aws/sagemaker/TrainingJobs';
const stream = 'job-1/algo-1-1700000000';
const bucket = 'fcncloudml';
const T0 = Date.now() - 3_600_000;

describe('operationOf', () => {
  it('names JSON-protocol operations after the X-Amz-Target header', () => {
    expect(operationOf('POST', '/', { 'x-amz-target': 'Logs_20140328.GetLogEvents' })).toBe('GetLogEvents');
    expect(operationOf('POST', '/', { 'x-amz-target': 'SageMaker.DescribeTrainingJob' })).toBe('DescribeTrainingJob');
  });

  it('names path-style S3 operations by method, path and query', () => {
    const cases: Array<[string, string, Record<string, string>, string]> = [
      ['GET', '/fcncloudml/logs/a.txt', {}, 'GetObject'],
      ['HEAD', '/fcncloudml/logs/a.txt', {}, 'HeadObject'],
      ['PUT', '/fcncloudml/logs/a.txt', {}, 'PutObject'],
      ['PUT', '/fcncloudml/logs/b.txt', { 'x-amz-copy-source': '/fcncloudml/logs/a.txt' }, 'CopyObject'],
      ['DELETE', '/fcncloudml/logs/a.txt', {}, 'DeleteObject'],
      ['GET', '/fcncloudml?list-type=2&prefix=logs%2F', {}, 'ListObjectsV2'],
      ['GET', '/fcncloudml/?list-type=2', {}, 'ListObjectsV2'],
      ['GET', '/fcncloudml', {}, 'ListObjects'],
      ['PUT', '/fcncloudml', {}, 'CreateBucket'],
      ['HEAD', '/fcncloudml', {}, 'HeadBucket'],
      ['DELETE', '/fcncloudml', {}, 'DeleteBucket'],
      ['GET', '/', {}, 'ListBuckets'],
      ['POST', '/fcncloudml?delete', {}, 'DeleteObjects'],
      ['GET', '/fcncloudml?location', {}, 'GetBucketLocation'],
      ['PUT', '/fcncloudml?versioning', {}, 'PutBucketVersioning'],
      ['POST', '/fcncloudml/big.bin?uploads', {}, 'CreateMultipartUpload'],
      ['PUT', '/fcncloudml/big.bin?partNumber=2&uploadId=abc', {}, 'UploadPart'],
      ['POST', '/fcncloudml/big.bin?uploadId=abc', {}, 'CompleteMultipartUpload'],
      ['DELETE', '/fcncloudml/big.bin?uploadId=abc', {}, 'AbortMultipartUpload'],
      ['GET', '/fcncloudml/big.bin?uploadId=abc', {}, 'ListParts'],
      ['GET', '/fcncloudml/a.txt?tagging', {}, 'GetObjectTagging'],
      ['GET', '/fcncloudml/a%20b/c.txt?x-id=GetObject', {}, 'GetObject'],
    ];
    for (const [method, url, headers, expected] of cases) {
      expect([method, url, operationOf(method, url, headers)]).toEqual([method, url, expected]);
    }
  });

  it("names moto's own API MotoApi and query-protocol calls by their Action", () => {
    expect(operationOf('POST', '/moto-api/reset', {})).toBe('MotoApi');
    expect(operationOf('GET', '/?Action=GetCallerIdentity&Version=2011-06-15', {})).toBe('GetCallerIdentity');
  });
});

/** Raw HTTP GET through an agent, to look at the socket and the bytes. */
function rawGet(url: string, agent: Agent): Promise<{ res: IncomingMessage; body: Buffer; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks), reused: req.reusedSocket }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The error a promise rejects with (undefined if it resolves). */
function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** Counts what a body stream yields, and whether it ended or failed, without consuming it all at once. */
function watchBody(body: Readable): { bytes: () => Buffer; ended: () => boolean; error: () => unknown } {
  const chunks: Buffer[] = [];
  let ended = false;
  let error: unknown;
  body.on('data', (chunk: Buffer) => chunks.push(chunk));
  body.on('end', () => {
    ended = true;
  });
  body.on('error', (e) => {
    error = e;
  });
  return { bytes: () => Buffer.concat(chunks), ended: () => ended, error: () => error };
}

function trainingJob(name: string): CreateTrainingJobCommandInput {
  return {
    TrainingJobName: name,
    RoleArn: 'arn:aws:iam::123456789012:role/bench',
    AlgorithmSpecification: { TrainingImage: 'bench/train:latest', TrainingInputMode: 'File' },
    OutputDataConfig: { S3OutputPath: `s3://${bucket}/output` },
    ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 10 },
    StoppingCondition: { MaxRuntimeInSeconds: 3_600 },
  };
}

describe('quota rules', () => {
  it('refuses a quota whose rate or burst is not a number >= 0', async () => {
    const target = 'http://127.0.0.1:9';
    await expect(startFaultProxy({ target, quotas: [{ requestsPerSecond: -1 }] })).rejects.toThrow(RangeError);
    await expect(startFaultProxy({ target, quotas: [{ requestsPerSecond: Number.NaN }] })).rejects.toThrow(RangeError);
    await expect(startFaultProxy({ target, quotas: [{ requestsPerSecond: 1, burst: -2 }] })).rejects.toThrow(RangeError);
  });
});

describe.skipIf(!availability.ok)('fault proxy in front of moto', () => {
  let moto: MotoServer;
  let proxy: FaultProxy;
  const direct = {} as { s3: S3Client; logs: CloudWatchLogsClient; sagemaker: SageMakerClient };
  const clients: Array<{ destroy(): void }> = [];

  function viaProxy(maxAttempts = 3): { s3: S3Client; logs: CloudWatchLogsClient; sagemaker: SageMakerClient } {
    const config = { endpoint: proxy.endpoint, region, credentials: fakeCredentials, maxAttempts };
    const built = {
      s3: new S3Client({ ...config, forcePathStyle: true }),
      logs: new CloudWatchLogsClient(config),
      sagemaker: new SageMakerClient(config),
    };
    clients.push(built.s3, built.logs, built.sagemaker);
    return built;
  }

  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startFaultProxy({ target: moto.endpoint });
    const config = { endpoint: moto.endpoint, region, credentials: fakeCredentials };
    direct.s3 = new S3Client({ ...config, forcePathStyle: true });
    direct.logs = new CloudWatchLogsClient(config);
    direct.sagemaker = new SageMakerClient(config);
    clients.push(direct.s3, direct.logs, direct.sagemaker);
    // moto loads a service's backend on its first call (up to ~1 s): not inside a 300 ms timeout.
    await direct.sagemaker.send(new ListTrainingJobsCommand({}));
    await direct.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await direct.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'logs/train.txt', Body: 'epoch 1\nepoch 2\nepoch 3\n' }));
    await direct.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await direct.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
    await direct.logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        logEvents: Array.from({ length: 200 }, (_, i) => ({ timestamp: T0 + i, message: `line ${i} ${'x'.repeat(100)}` })),
      }),
    );
  });

  afterEach(() => {
    proxy.setRules([]);
    proxy.setQuotas([]);
    proxy.setLatency(0);
    proxy.resetStats();
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await proxy?.stop();
    await moto?.stop();
  });

  describe('without rules', () => {
    it('answers exactly as moto does, and counts requests per operation', async () => {
      const { logs, s3 } = viaProxy();
      const input = { logGroupName: group, logStreamName: stream, startFromHead: true };
      const { $metadata: _a, ...fromMoto } = await direct.logs.send(new GetLogEventsCommand(input));
      const { $metadata: _b, ...fromProxy } = await logs.send(new GetLogEventsCommand(input));
      expect(fromProxy).toEqual(fromMoto);
      expect(fromProxy.events).toHaveLength(200);

      const objectDirect = await direct.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'logs/train.txt' }));
      const objectProxied = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'logs/train.txt' }));
      expect(await objectProxied.Body?.transformToString()).toBe(await objectDirect.Body?.transformToString());
      expect(objectProxied.ETag).toBe(objectDirect.ETag);
      expect(objectProxied.ContentLength).toBe(objectDirect.ContentLength);

      expect(proxy.stats()).toMatchObject({
        requests: 2,
        byOperation: { GetLogEvents: 1, GetObject: 1 },
        faults: { throttle: 0, internal: 0, unavailable: 0, reset: 0, slow: 0, hold: 0, stall: 0 },
        throttledByQuota: 0,
        held: 0,
        silencedTotal: 0,
        hookErrors: 0,
      });
    });

    it('streams a large object both ways intact', async () => {
      const { s3 } = viaProxy();
      const data = randomBytes(24 * 1024 * 1024);
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'big/blob.bin', Body: data }));
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big/blob.bin' }));
      const body = await object.Body?.transformToByteArray();
      expect(body?.length).toBe(data.length);
      expect(sha256(body ?? new Uint8Array())).toBe(sha256(data));
      expect(proxy.stats().byOperation).toMatchObject({ PutObject: 1, GetObject: 1 });
    });

    it('keeps client connections alive between requests', async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const first = await rawGet(`${proxy.endpoint}/moto-api/data.json`, agent);
        const second = await rawGet(`${proxy.endpoint}/moto-api/data.json`, agent);
        expect(first.res.statusCode).toBe(200);
        expect(second.body.toString()).toBe(first.body.toString());
        expect(second.reused).toBe(true);
      } finally {
        agent.destroy();
      }
    });
  });

  describe('faults the SDK retries', () => {
    it('throttles GetLogEvents twice, then the SDK retry succeeds', async () => {
      proxy.setRules([{ operation: 'GetLogEvents', kind: 'throttle', rate: 1, max: 2 }]);
      const { logs } = viaProxy();
      const answer = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true }));
      expect(answer.events).toHaveLength(200);
      expect(answer.$metadata.attempts).toBe(3);
      expect(proxy.stats()).toMatchObject({ requests: 3, byOperation: { GetLogEvents: 3 }, faults: { throttle: 2 } });
    });

    it('retries through 500s, 503s and connection resets', async () => {
      const kinds: FaultRule['kind'][] = ['internal', 'unavailable', 'reset'];
      for (const kind of kinds) {
        proxy.setRules([{ operation: 'DescribeLogStreams', kind, rate: 1, max: 1 }]);
        const { logs } = viaProxy();
        const answer = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
        expect([kind, answer.logStreams?.[0]?.logStreamName, answer.$metadata.attempts]).toEqual([kind, stream, 2]);
      }
      expect(proxy.stats().faults).toEqual({ throttle: 0, internal: 1, unavailable: 1, reset: 1, slow: 0, hold: 0, stall: 0 });
    });

    it('retries S3 SlowDown, InternalError and ServiceUnavailable', async () => {
      const { s3 } = viaProxy();
      for (const kind of ['throttle', 'internal', 'unavailable'] as const) {
        proxy.setRules([{ operation: 'GetObject', kind, rate: 1, max: 1 }]);
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'logs/train.txt' }));
        expect([kind, await object.Body?.transformToString(), object.$metadata.attempts]).toEqual([kind, 'epoch 1\nepoch 2\nepoch 3\n', 2]);
      }
      expect(proxy.stats().faultsByOperation).toEqual({ GetObject: 3 });
    });

    it('retries a response held longer than the client request timeout', async () => {
      proxy.setRules([{ operation: 'DescribeLogStreams', kind: 'slow', rate: 1, max: 1, delayMs: 1_500 }]);
      const logs = new CloudWatchLogsClient({
        endpoint: proxy.endpoint,
        region,
        credentials: fakeCredentials,
        // Without throwOnRequestTimeout the SDK only logs a warning and keeps waiting.
        requestHandler: { requestTimeout: 300, throwOnRequestTimeout: true },
      });
      clients.push(logs);
      const answer = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
      expect(answer.$metadata.attempts).toBe(2);
      expect(proxy.stats().faults.slow).toBe(1);
    });

    it('forwards the whole upload before answering a throttled PutObject, so the retry stores it intact', async () => {
      proxy.setRules([{ operation: 'PutObject', kind: 'throttle', rate: 1, max: 1 }]);
      const { s3 } = viaProxy();
      const data = randomBytes(6 * 1024 * 1024);
      const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'big/retried.bin', Body: data }));
      expect(put.$metadata.attempts).toBe(2);
      const object = await direct.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big/retried.bin' }));
      expect(sha256((await object.Body?.transformToByteArray()) ?? new Uint8Array())).toBe(sha256(data));
    });
  });

  describe('fault answers as the SDK sees them with retries off', () => {
    async function failure(send: () => Promise<unknown>): Promise<Record<string, unknown>> {
      const error = await send().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      return error as Record<string, unknown>;
    }

    it('surfaces a JSON-protocol throttle as ThrottlingException with HTTP 400', async () => {
      proxy.setRules([{ operation: 'GetLogEvents', kind: 'throttle', rate: 1 }]);
      const { logs } = viaProxy(1);
      const error = await failure(() => logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream })));
      expect(error).toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });
    });

    it('surfaces SageMaker 500 and 503 answers as InternalFailure and ServiceUnavailable', async () => {
      const { sagemaker } = viaProxy(1);
      proxy.setRules([{ operation: 'DescribeTrainingJob', kind: 'internal', rate: 1 }]);
      expect(await failure(() => sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'any' })))).toMatchObject({
        name: 'InternalFailure',
        $fault: 'server',
        $metadata: { httpStatusCode: 500 },
      });
      proxy.setRules([{ operation: 'DescribeTrainingJob', kind: 'unavailable', rate: 1 }]);
      expect(await failure(() => sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'any' })))).toMatchObject({
        name: 'ServiceUnavailable',
        $fault: 'server',
        $metadata: { httpStatusCode: 503 },
      });
    });

    it('surfaces S3 faults as SlowDown, InternalError and ServiceUnavailable', async () => {
      const { s3 } = viaProxy(1);
      const get = (): Promise<unknown> => s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'logs/train.txt' }));
      proxy.setRules([{ operation: 'GetObject', kind: 'throttle', rate: 1 }]);
      expect(await failure(get)).toMatchObject({ name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
      proxy.setRules([{ operation: 'GetObject', kind: 'internal', rate: 1 }]);
      expect(await failure(get)).toMatchObject({ name: 'InternalError', $metadata: { httpStatusCode: 500 } });
      proxy.setRules([{ operation: 'GetObject', kind: 'unavailable', rate: 1 }]);
      expect(await failure(get)).toMatchObject({ name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } });
      proxy.setRules([{ operation: 'HeadObject', kind: 'throttle', rate: 1 }]);
      expect(await failure(() => s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'logs/train.txt' })))).toMatchObject({
        $metadata: { httpStatusCode: 503 },
      });
    });

    it('surfaces a reset in the middle of a JSON answer as a network error', async () => {
      proxy.setRules([{ operation: 'GetLogEvents', kind: 'reset', rate: 1 }]);
      const { logs } = viaProxy(1);
      const error = await failure(() => logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream })));
      // The status line arrived (200), the body did not: Node reports ECONNRESET ("aborted"),
      // a code the SDK's retry strategy treats as transient.
      expect(error).toMatchObject({ code: 'ECONNRESET', $metadata: { httpStatusCode: 200 } });
    });

    async function readUntilReset(s3: S3Client): Promise<{ received: string; error: unknown }> {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'logs/train.txt' }));
      expect(object.$metadata.httpStatusCode).toBe(200);
      expect(object.ContentLength).toBe(24);
      const received: Buffer[] = [];
      try {
        for await (const chunk of object.Body as AsyncIterable<Buffer>) received.push(chunk);
        return { received: Buffer.concat(received).toString(), error: undefined };
      } catch (error) {
        return { received: Buffer.concat(received).toString(), error };
      }
    }

    it('cuts a GetObject body after the status and part of the body', async () => {
      const { s3 } = viaProxy(1);
      proxy.setRules([{ operation: 'GetObject', kind: 'reset', rate: 1, resetAfterBytes: 10 }]);
      const cut = await readUntilReset(s3);
      expect(cut.error).toMatchObject({ code: 'ECONNRESET' });
      expect(cut.received).toBe('epoch 1\nep');
      // by default: half of the body
      proxy.setRules([{ operation: 'GetObject', kind: 'reset', rate: 1 }]);
      expect(await readUntilReset(s3)).toMatchObject({ received: 'epoch 1\nepoc', error: { code: 'ECONNRESET' } });
      // never the whole body, whatever resetAfterBytes says
      proxy.setRules([{ operation: 'GetObject', kind: 'reset', rate: 1, resetAfterBytes: 1_000 }]);
      expect(await readUntilReset(s3)).toMatchObject({ received: 'epoch 1\nepoch 2\nepoch 3', error: { code: 'ECONNRESET' } });
    });

    it('delays a slow response by delayMs', async () => {
      proxy.setRules([{ operation: 'DescribeLogStreams', kind: 'slow', rate: 1, delayMs: 400 }]);
      const { logs } = viaProxy(1);
      const started = performance.now();
      await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
      expect(performance.now() - started).toBeGreaterThanOrEqual(390);
    });

    it('never faults more than max times, and not other operations', async () => {
      proxy.setRules([{ operation: /^Describe/, kind: 'internal', rate: 1, max: 2 }]);
      const { logs } = viaProxy(1);
      const outcomes: string[] = [];
      for (let i = 0; i < 4; i++) {
        outcomes.push(await logs.send(new DescribeLogStreamsCommand({ logGroupName: group })).then(() => 'ok', (e: Error) => e.name));
      }
      await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit: 1 }));
      expect(outcomes).toEqual(['InternalFailure', 'InternalFailure', 'ok', 'ok']);
      expect(proxy.stats().faultsByOperation).toEqual({ DescribeLogStreams: 2 });
    });
  });

  describe('seed and latency', () => {
    async function faultSequence(seed: number): Promise<string> {
      const seeded = await startFaultProxy({ target: moto.endpoint, seed, rules: [{ operation: 'DescribeLogStreams', kind: 'internal', rate: 0.5 }] });
      const logs = new CloudWatchLogsClient({ endpoint: seeded.endpoint, region, credentials: fakeCredentials, maxAttempts: 1 });
      try {
        let sequence = '';
        for (let i = 0; i < 24; i++) {
          sequence += await logs.send(new DescribeLogStreamsCommand({ logGroupName: group })).then(() => '.', () => 'F');
        }
        expect(seeded.stats().faults.internal).toBe(sequence.split('F').length - 1);
        return sequence;
      } finally {
        logs.destroy();
        await seeded.stop();
      }
    }

    it('repeats the same fault sequence for the same seed and another one for another seed', async () => {
      const [a, b, c] = [await faultSequence(7), await faultSequence(7), await faultSequence(8)];
      expect(a).toBe(b);
      expect(a).not.toBe(c);
      expect(a).toMatch(/F/);
      expect(a).toMatch(/\./);
    });

    it('adds the latency to every request without serializing concurrent ones', async () => {
      const latency = 250;
      proxy.setLatency(latency);
      const { logs } = viaProxy(1);
      const describe = (): Promise<unknown> => logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
      let started = performance.now();
      await describe();
      expect(performance.now() - started).toBeGreaterThanOrEqual(latency - 10);

      const parallel = 8;
      started = performance.now();
      await Promise.all(Array.from({ length: parallel }, describe));
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(latency - 10);
      expect(elapsed).toBeLessThan((parallel * latency) / 2);
    });
  });

  describe('silent servers: hold and stall', () => {
    it('holds a CreateTrainingJob silent after moto created the job, until the SDK request timeout gives up and closes the connection', async () => {
      const name = 'held-create';
      const seenByHook: Array<string | undefined> = [];
      proxy.setRules([
        {
          operation: 'CreateTrainingJob',
          kind: 'hold',
          rate: 1,
          max: 1,
          // Runs when the proxy goes silent: moto has already answered, so the job exists.
          onFault: async () => {
            const job = await direct.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
            seenByHook.push(job.TrainingJobName);
          },
        },
      ]);
      const sagemaker = new SageMakerClient({
        endpoint: proxy.endpoint,
        region,
        credentials: fakeCredentials,
        maxAttempts: 1,
        requestHandler: { requestTimeout: 300, throwOnRequestTimeout: true },
      });
      clients.push(sagemaker);
      const started = performance.now();
      const pending = caught(sagemaker.send(new CreateTrainingJobCommand(trainingJob(name))));
      await vi.waitFor(() => expect(proxy.stats().held).toBe(1), { interval: 10 });

      const error = await pending;
      const elapsed = performance.now() - started;
      expect(error).toMatchObject({ name: 'TimeoutError', code: 'ETIMEDOUT' });
      expect(elapsed).toBeGreaterThanOrEqual(290);
      expect(elapsed).toBeLessThan(1_500);
      await vi.waitFor(() => expect(proxy.stats().held).toBe(0), { interval: 10 });
      expect(proxy.stats()).toMatchObject({ silencedTotal: 1, faults: { hold: 1 }, byOperation: { CreateTrainingJob: 1 }, hookErrors: 0 });
      expect(seenByHook).toEqual([name]);
      const job = await direct.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
      expect(job.TrainingJobArn).toMatch(/training-job\/held-create$/);
    });

    it('holds a PutObject silent until an AbortSignal ends it, and moto stored the object', async () => {
      proxy.setRules([{ operation: 'PutObject', kind: 'hold', rate: 1 }]);
      const { s3 } = viaProxy(1);
      const controller = new AbortController();
      const pending = caught(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'held/put.txt', Body: 'stored anyway' }), { abortSignal: controller.signal }));
      await vi.waitFor(() => expect(proxy.stats().held).toBe(1), { interval: 10 });
      await sleep(100);
      expect(proxy.stats().held).toBe(1);
      controller.abort();
      expect(await pending).toMatchObject({ name: 'AbortError' });
      await vi.waitFor(() => expect(proxy.stats().held).toBe(0), { interval: 10 });
      const stored = await direct.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'held/put.txt' }));
      expect(await stored.Body?.transformToString()).toBe('stored anyway');
    });

    it('closes held connections when it stops', async () => {
      const extra = await startFaultProxy({ target: moto.endpoint, rules: [{ operation: 'DescribeLogStreams', kind: 'hold', rate: 1 }] });
      const logs = new CloudWatchLogsClient({ endpoint: extra.endpoint, region, credentials: fakeCredentials, maxAttempts: 1 });
      try {
        const pending = caught(logs.send(new DescribeLogStreamsCommand({ logGroupName: group })));
        await vi.waitFor(() => expect(extra.stats().held).toBe(1), { interval: 10 });
        await extra.stop();
        // Node's "socket hang up", which the SDK names TimeoutError (a retryable network error).
        expect(await pending).toMatchObject({ name: 'TimeoutError', code: 'ECONNRESET', message: 'socket hang up' });
        expect(extra.stats()).toMatchObject({ held: 0, silencedTotal: 1 });
      } finally {
        logs.destroy();
        await extra.stop();
      }
    });

    it('stalls a 1 MB GetObject after the headers and exactly stallAfterBytes body bytes, until the reader destroys the body', async () => {
      const data = randomBytes(1024 * 1024);
      await direct.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'stall/blob.bin', Body: data }));
      const stallAfterBytes = 300_000;
      proxy.setRules([{ operation: 'GetObject', kind: 'stall', rate: 1, max: 1, stallAfterBytes }]);
      const { s3 } = viaProxy(1);

      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'stall/blob.bin' }));
      expect(object.ContentLength).toBe(data.length);
      const body = object.Body as Readable;
      const watched = watchBody(body);
      await vi.waitFor(() => expect(watched.bytes().length).toBe(stallAfterBytes), { interval: 10 });
      await sleep(500);
      expect([watched.bytes().length, watched.ended(), watched.error()]).toEqual([stallAfterBytes, false, undefined]);
      expect(watched.bytes().equals(data.subarray(0, stallAfterBytes))).toBe(true);
      expect(proxy.stats()).toMatchObject({ held: 1, silencedTotal: 1, faults: { stall: 1 } });

      body.destroy();
      await vi.waitFor(() => expect(proxy.stats().held).toBe(0), { interval: 10 });
      expect(watched.ended()).toBe(false);
    });

    it('stalls after half the body by default, and after the headers alone with stallAfterBytes 0', async () => {
      const { s3 } = viaProxy(1);
      for (const [stallAfterBytes, expected] of [[undefined, 'epoch 1\nepoc'], [0, '']] as const) {
        proxy.setRules([{ operation: 'GetObject', kind: 'stall', rate: 1, max: 1, stallAfterBytes }]);
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'logs/train.txt' }));
        expect(object.ContentLength).toBe(24);
        const body = object.Body as Readable;
        const watched = watchBody(body);
        await sleep(100);
        expect([stallAfterBytes, watched.bytes().toString(), watched.ended(), proxy.stats().held]).toEqual([stallAfterBytes, expected, false, 1]);
        body.destroy();
        await vi.waitFor(() => expect(proxy.stats().held).toBe(0), { interval: 10 });
      }
      expect(proxy.stats().silencedTotal).toBe(2);
    });

    it('keeps a stalled GetLogEvents pending past the request timeout (the headers came) until an abort ends it as ECONNRESET', async () => {
      proxy.setRules([{ operation: 'GetLogEvents', kind: 'stall', rate: 1 }]);
      const logs = new CloudWatchLogsClient({
        endpoint: proxy.endpoint,
        region,
        credentials: fakeCredentials,
        maxAttempts: 1,
        requestHandler: { requestTimeout: 200, throwOnRequestTimeout: true },
      });
      clients.push(logs);
      const controller = new AbortController();
      let settled = false;
      const pending = caught(logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true }), { abortSignal: controller.signal })).finally(() => {
        settled = true;
      });
      await vi.waitFor(() => expect(proxy.stats().held).toBe(1), { interval: 10 });
      await sleep(400);
      expect(settled).toBe(false);
      controller.abort();
      // Not an AbortError: the SDK is already reading the body, which fails as "aborted".
      const error = await pending;
      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({ code: 'ECONNRESET', message: expect.stringMatching(/^aborted/), $metadata: { httpStatusCode: 200, attempts: 1 } });
      await vi.waitFor(() => expect(proxy.stats().held).toBe(0), { interval: 10 });
    });

    it('lets a client socketTimeout end a stalled GetLogEvents with a TimeoutError', async () => {
      proxy.setRules([{ operation: 'GetLogEvents', kind: 'stall', rate: 1 }]);
      const logs = new CloudWatchLogsClient({ endpoint: proxy.endpoint, region, credentials: fakeCredentials, maxAttempts: 1, requestHandler: { socketTimeout: 300 } });
      clients.push(logs);
      const started = performance.now();
      const error = await caught(logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true })));
      expect(error).toMatchObject({ name: 'TimeoutError' });
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      await vi.waitFor(() => expect(proxy.stats().held).toBe(0), { interval: 10 });
      expect(proxy.stats().silencedTotal).toBe(1);
    });
  });

  describe('account-wide quotas', () => {
    const outcome = (e: unknown): string => (e === undefined ? '.' : (e as Error).name === 'ThrottlingException' ? 'T' : (e as Error).name);

    it('lets a bucket of burst requests through, then one per 1/requestsPerSecond, on an injected clock', async () => {
      let now = 0;
      const limited = await startFaultProxy({
        target: moto.endpoint,
        clock: () => now,
        quotas: [{ operation: 'DescribeLogStreams', requestsPerSecond: 2, burst: 5 }],
      });
      const logs = new CloudWatchLogsClient({ endpoint: limited.endpoint, region, credentials: fakeCredentials, maxAttempts: 1 });
      const run = async (n: number): Promise<string> => {
        let sequence = '';
        for (let i = 0; i < n; i++) sequence += outcome(await caught(logs.send(new DescribeLogStreamsCommand({ logGroupName: group }))));
        return sequence;
      };
      try {
        expect(await run(7)).toBe('.....TT');
        now += 1_000; // two tokens
        expect(await run(3)).toBe('..T');
        now += 250; // half a token
        expect(await run(1)).toBe('T');
        now += 250;
        expect(await run(1)).toBe('.');
        now += 60_000; // refills up to the burst, not beyond
        expect(await run(6)).toBe('.....T');
        // other operations are not limited
        for (let i = 0; i < 3; i++) await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit: 1 }));
        expect(limited.stats()).toMatchObject({
          requests: 21,
          throttledByQuota: 5,
          throttledByQuotaByOperation: { DescribeLogStreams: 5 },
          faults: { throttle: 0 },
          byOperation: { DescribeLogStreams: 18, GetLogEvents: 3 },
        });
        limited.resetStats();
        expect(limited.stats()).toMatchObject({ throttledByQuota: 0, throttledByQuotaByOperation: {} });
      } finally {
        logs.destroy();
        await limited.stop();
      }
    });

    it('throttles 40 DescribeLogStreams sent over 1 s to a 10/s quota with burst 10 to about 20, and leaves GetLogEvents alone', async () => {
      proxy.setQuotas([{ operation: 'DescribeLogStreams', requestsPerSecond: 10, burst: 10 }]);
      const { logs } = viaProxy(1);
      const describes: Array<Promise<unknown>> = [];
      const reads: Array<Promise<unknown>> = [];
      const started = performance.now();
      for (let i = 0; i < 40; i++) {
        describes.push(caught(logs.send(new DescribeLogStreamsCommand({ logGroupName: group }))));
        if (i % 4 === 0) reads.push(caught(logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit: 1 }))));
        await sleep(25);
      }
      const errors = await Promise.all(describes);
      // Every request arrived within `span`: at most the burst plus what refilled meanwhile.
      const span = performance.now() - started;
      const throttled = errors.filter((e) => e !== undefined);
      const passed = errors.length - throttled.length;
      expect(passed).toBeGreaterThanOrEqual(15);
      expect(passed).toBeLessThanOrEqual(10 + Math.ceil(span / 100));
      for (const error of throttled) {
        expect(error).toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });
      }
      expect(await Promise.all(reads)).toEqual(Array.from({ length: 10 }, () => undefined));
      expect(proxy.stats()).toMatchObject({
        throttledByQuota: throttled.length,
        throttledByQuotaByOperation: { DescribeLogStreams: throttled.length },
        byOperation: { DescribeLogStreams: 40, GetLogEvents: 10 },
        faults: { throttle: 0 },
      });
    });

    it('checks quotas before the fault rules, answers S3 with SlowDown, and spares the rules their dice and max', async () => {
      const { s3 } = viaProxy(1);
      proxy.setRules([{ operation: 'GetObject', kind: 'internal', rate: 1, max: 2 }]);
      // rate 0: the single token of the burst never comes back
      proxy.setQuotas([{ operation: /Object$/, requestsPerSecond: 0 }]);
      const get = async (): Promise<string> => {
        const error = await caught(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'logs/train.txt' })));
        return error === undefined ? 'ok' : `${(error as Error).name} ${(error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode}`;
      };
      const outcomes = [await get(), await get(), await get()];
      proxy.setQuotas([]);
      outcomes.push(await get(), await get());
      expect(outcomes).toEqual(['InternalError 500', 'SlowDown 503', 'SlowDown 503', 'InternalError 500', 'ok']);
      expect(proxy.stats()).toMatchObject({ throttledByQuota: 2, faults: { internal: 2, throttle: 0 }, faultsByOperation: { GetObject: 2 } });
    });
  });

  describe('onFault hooks', () => {
    it('runs a reset hook after the partial body was sent and before the reset, so the resume meets the replaced object', async () => {
      const key = 'replaced/train.txt';
      const v1 = 'version 1: epoch 1 epoch 2\n';
      const v2 = 'version 2: epoch 1 epoch 2 epoch 3 epoch 4\n';
      await direct.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: v1 }));
      const events: string[] = [];
      const infos: FaultInfo[] = [];
      let received = Buffer.alloc(0);
      proxy.setRules([
        {
          operation: 'GetObject',
          kind: 'reset',
          rate: 1,
          max: 1,
          resetAfterBytes: 10,
          onFault: async (info) => {
            infos.push(info);
            await vi.waitFor(() => expect(received.length).toBe(10), { interval: 5 });
            events.push(`hook: the client has ${received.length} bytes`);
            await direct.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: v2 }));
            events.push('hook: version 2 stored');
          },
        },
      ]);
      const { s3 } = viaProxy(1);
      const first = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      try {
        for await (const chunk of first.Body as AsyncIterable<Buffer>) received = Buffer.concat([received, chunk]);
        events.push('client: body ended');
      } catch (error) {
        events.push(`client: ${(error as { code?: string }).code}`);
      }
      expect(events).toEqual(['hook: the client has 10 bytes', 'hook: version 2 stored', 'client: ECONNRESET']);
      expect(received.toString()).toBe(v1.slice(0, 10));
      expect(infos).toEqual([{ rule: expect.objectContaining({ kind: 'reset' }), operation: 'GetObject', method: 'GET', url: expect.stringMatching(/^\/fcncloudml\/replaced\/train\.txt/) }]);

      const resumed = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: 'bytes=10-' }));
      expect(resumed.ETag).not.toBe(first.ETag);
      expect(resumed.ContentRange).toBe(`bytes 10-${v2.length - 1}/${v2.length}`);
      expect(await resumed.Body?.transformToString()).toBe(v2.slice(10));
      // A resume that pins the first version with If-Match is refused instead.
      expect(await caught(s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: 'bytes=10-', IfMatch: first.ETag })))).toMatchObject({
        $metadata: { httpStatusCode: 412 },
      });
    });

    it('runs a hook before an error answer is sent and before a slow response is released', async () => {
      const events: string[] = [];
      proxy.setRules([
        {
          operation: 'GetLogEvents',
          kind: 'throttle',
          rate: 1,
          max: 1,
          onFault: async () => {
            await sleep(100);
            events.push('throttle hook done');
          },
        },
        { operation: 'DescribeLogStreams', kind: 'slow', rate: 1, max: 1, delayMs: 50, onFault: () => void events.push('slow hook') },
      ]);
      const { logs } = viaProxy(1);
      const started = performance.now();
      const error = await caught(logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit: 1 })));
      events.push(`client: ${(error as Error).name}`);
      expect(performance.now() - started).toBeGreaterThanOrEqual(95);
      await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
      events.push('client: DescribeLogStreams answered');
      expect(events).toEqual(['throttle hook done', 'client: ThrottlingException', 'slow hook', 'client: DescribeLogStreams answered']);
    });

    it('still applies the fault when its hook throws, and keeps the error', async () => {
      const broken = new Error('hook broke');
      proxy.setRules([
        {
          operation: 'DescribeLogStreams',
          kind: 'internal',
          rate: 1,
          max: 1,
          onFault: () => {
            throw broken;
          },
        },
      ]);
      const { logs } = viaProxy(1);
      expect(await caught(logs.send(new DescribeLogStreamsCommand({ logGroupName: group })))).toMatchObject({ name: 'InternalFailure' });
      expect(proxy.stats()).toMatchObject({ hookErrors: 1, faults: { internal: 1 } });
      expect(proxy.hookFailures()).toEqual([broken]);
      proxy.resetStats();
      expect([proxy.stats().hookErrors, proxy.hookFailures()]).toEqual([0, []]);
    });
  });


  it('refuses connections once stopped', async () => {
    const extra = await startFaultProxy({ target: moto.endpoint });
    const agent = new Agent({ keepAlive: true });
    try {
      const first = await rawGet(`${extra.endpoint}/moto-api/data.json`, agent);
      expect(first.res.statusCode).toBe(200);
      await extra.stop();
      await expect(rawGet(`${extra.endpoint}/moto-api/data.json`, new Agent())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      agent.destroy();
    }
  });
});
