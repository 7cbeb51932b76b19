import { createHash, randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeTrainingJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { fakeCredentials } from './fakeCredentials';
import { operationOf, startFaultProxy } from './faultProxy';
import type { FaultProxy, FaultRule } from './faultProxy';
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

describe.skipIf(!availability.ok)('fault proxy in front of moto', () => {
  let moto: MotoServer;
  let proxy: FaultProxy;
  const direct = {} as { s3: S3Client; logs: CloudWatchLogsClient };
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
    clients.push(direct.s3, direct.logs);
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
        faults: { throttle: 0, internal: 0, unavailable: 0, reset: 0, slow: 0 },
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
      expect(proxy.stats().faults).toEqual({ throttle: 0, internal: 1, unavailable: 1, reset: 1, slow: 0 });
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
