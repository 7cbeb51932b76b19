/**
 * sendRequest with the real SDK clients against a small programmable HTTP server on 127.0.0.1:
 * time limits per attempt, slow readers that are not silent servers, pacing of the SDK's own
 * retries, and errors that carry no credentials (also as the public functions throw them).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeTrainingJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NotAuthorizedError, RequestTimeoutError } from '../../src/errors';
import { resolveTimeouts } from '../../src/internal/requestTimeouts';
import { sendRequest } from '../../src/internal/sendRequest';
import type { RequestPacer } from '../../src/internal/sendRequest';
import { describeTrainingJob } from '../../src/jobs/describeTrainingJob';
import { launchTrainingJob } from '../../src/jobs/launchTrainingJob';
import { stopTrainingJob } from '../../src/jobs/stopTrainingJob';
import { waitForTrainingJob } from '../../src/jobs/waitForTrainingJob';
import { CloudWatchLogSource } from '../../src/logs/CloudWatchLogSource';
import { S3TextLogSource } from '../../src/logs/S3TextLogSource';
import { readLogText } from '../../src/logs/readLogText';
import { seedRequest } from '../fixtures/seed';

/** Fake, but shaped like real temporary credentials, so a leak would be recognisable. */
const credentials = {
  accessKeyId: 'ASIAXK7Q2ZL4MNB8VTRE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzSECRETKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEPT//////////wEaCXVzLWVhc3QtMSJHMEUCIQDsessiontokenSECRETvalue0123456789abcdef',
};
const secrets = [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken.slice(0, 40)];

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** Status, JSON error body and AWS JSON error headers. */
function jsonError(res: ServerResponse, status: number, type: string, message: string): void {
  const body = JSON.stringify({ __type: type, message });
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function json(res: ServerResponse, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

describe('sendRequest against a local server', () => {
  let server: Server;
  let endpoint: string;
  let handler: Handler;
  let requests: { target: string; path: string; at: number }[];
  const timeouts = resolveTimeouts('test', { firstByteMs: 200, idleMs: 200 });

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        requests.push({ target: String(req.headers['x-amz-target'] ?? ''), path: req.url ?? '', at: Date.now() });
        handler(req, res, body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    requests = [];
  });

  const sagemaker = (maxAttempts = 1) => new SageMakerClient({ endpoint, region: 'us-east-1', credentials, maxAttempts });
  const s3 = () => new S3Client({ endpoint, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1 });

  describe('time limits', () => {
    it('gives each SDK attempt its own firstByteMs: a slow failure then a slow answer is not a timeout', async () => {
      let n = 0;
      handler = (_req, res) => {
        n++;
        setTimeout(() => (n === 1 ? jsonError(res, 500, 'InternalFailure', 'oops') : json(res, { TrainingJobName: 'a', TrainingJobStatus: 'Completed' })), 600);
      };
      const client = sagemaker(3);
      // Each answer within the limit with a wide margin (a loaded machine's timers run late),
      // both together well past it.
      const perAttempt = resolveTimeouts('test', { firstByteMs: 1_000, idleMs: 1_000 });

      const out = await sendRequest(client, new DescribeTrainingJobCommand({ TrainingJobName: 'a' }), { timeouts: perAttempt, resource: 'training job a' });
      client.destroy();

      expect(out.TrainingJobStatus).toBe('Completed');
      expect(requests).toHaveLength(2);
    });

    it('cuts off an answer whose headers never come, and the socket with it', async () => {
      let closed = false;
      handler = (req) => req.socket.once('close', () => (closed = true));
      const client = sagemaker();

      const started = Date.now();
      const error = await sendRequest(client, new DescribeTrainingJobCommand({ TrainingJobName: 'a' }), { timeouts, resource: 'training job a' }).catch((e: unknown) => e);
      client.destroy();

      expect(error).toBeInstanceOf(RequestTimeoutError);
      expect(error).toMatchObject({ operation: 'DescribeTrainingJob', resource: 'training job a', phase: 'response', timeoutMs: 200 });
      expect(Date.now() - started).toBeLessThan(1_000);
      await expect.poll(() => closed).toBe(true);
    });

    it('cuts off a JSON body that stops halfway', async () => {
      handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': 1000 });
        res.write('{"TrainingJobName":"a",');
      };
      const client = sagemaker();

      const error = await sendRequest(client, new DescribeTrainingJobCommand({ TrainingJobName: 'a' }), { timeouts, resource: 'training job a' }).catch((e: unknown) => e);
      client.destroy();

      expect(error).toBeInstanceOf(RequestTimeoutError);
      expect(error).toMatchObject({ phase: 'body' });
    });

    it('fails a streamed body that stops halfway while its reader waits, and destroys it', async () => {
      handler = (_req, res) => {
        res.writeHead(200, { 'content-length': 100_000, etag: '"e"' });
        res.write(Buffer.alloc(10_000, 97));
      };
      const client = s3();
      const out = await sendRequest(client, new GetObjectCommand({ Bucket: 'bkt', Key: 'k' }), { timeouts, resource: 's3://bkt/k' });
      let received = 0;

      const error = await (async () => {
        for await (const chunk of out.Body as AsyncIterable<Buffer>) received += chunk.length;
      })().catch((e: unknown) => e);
      client.destroy();

      expect(received).toBe(10_000);
      expect(error).toBeInstanceOf(RequestTimeoutError);
      expect(error).toMatchObject({ operation: 'GetObject', resource: 's3://bkt/k', phase: 'body' });
    });

    it('does not take a slow reader for a silent server: data waiting in the buffer is not silence', async () => {
      const size = 2_000_000;
      handler = (_req, res) => {
        res.writeHead(200, { 'content-length': size, etag: '"e"' });
        res.end(Buffer.alloc(size, 98));
      };
      const client = s3();
      const out = await sendRequest(client, new GetObjectCommand({ Bucket: 'bkt', Key: 'k' }), { timeouts, resource: 's3://bkt/k' });
      let received = 0;
      let pauses = 0;

      for await (const chunk of out.Body as AsyncIterable<Buffer>) {
        received += chunk.length;
        // Well past idleMs between reads, three times over, while the rest sits in buffers.
        if (pauses < 3) {
          pauses++;
          await new Promise((resolve) => setTimeout(resolve, 350));
        }
      }
      client.destroy();

      expect(received).toBe(size);
    });
  });

  describe('pacing', () => {
    it('paces every attempt, the SDK client retries included, and tells the limiter about throttling', async () => {
      let n = 0;
      handler = (_req, res) => {
        n++;
        if (n <= 2) jsonError(res, 400, 'ThrottlingException', 'Rate exceeded');
        else json(res, { TrainingJobName: 'a', TrainingJobStatus: 'InProgress' });
      };
      const calls: string[] = [];
      const limiter: RequestPacer = {
        acquire: async () => void calls.push('acquire'),
        recordThrottle: () => void calls.push('throttle'),
        recordSuccess: () => void calls.push('success'),
      };
      const client = sagemaker(3);

      await sendRequest(client, new DescribeTrainingJobCommand({ TrainingJobName: 'a' }), { timeouts, resource: 'training job a', limiter });
      client.destroy();

      expect(calls).toEqual(['acquire', 'throttle', 'acquire', 'throttle', 'acquire', 'success']);
    });
  });

  describe('credentials', () => {
    /** Every error the public functions throw, inspected as deeply as Node can: no secret in it. */
    function expectClean(error: unknown): void {
      expect(error).toBeInstanceOf(Error);
      const text = inspect(error, { showHidden: true, depth: Infinity, getters: true });
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/Signature=[0-9a-f]{16}/);
    }

    /**
     * An endpoint that refuses everything, echoing the request's signed headers in its message the
     * way AWS's signature errors do (the canonical request: `x-amz-security-token:<token>`, and the
     * Authorization header with the access key id and signature).
     */
    const refuseAll: Handler = (req, res) => {
      const echo =
        'The request signature we calculated does not match the signature you provided. The Canonical String for this request should have been ' +
        `'POST\n/\n\nhost:${String(req.headers.host)}\nx-amz-security-token:${String(req.headers['x-amz-security-token'])}\n' ` +
        `(Authorization: ${String(req.headers.authorization)})`;
      const target = String(req.headers['x-amz-target'] ?? '');
      if (target.endsWith('DescribeTrainingJob')) jsonError(res, 400, 'ValidationException', 'Requested resource not found.');
      else if (target.endsWith('CreateTrainingJob')) jsonError(res, 400, 'ValidationException', echo);
      else if (target !== '') jsonError(res, 400, 'AccessDeniedException', echo);
      else {
        const body = `<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>${echo}</Message><RequestId>R1</RequestId></Error>`;
        res.writeHead(403, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      }
    };

    it('keeps no credentials in the errors of describe, launch, stop and wait', async () => {
      handler = refuseAll;
      const client = sagemaker();
      const errors = await Promise.all([
        describeTrainingJob(client, 'missing-job').catch((e: unknown) => e),
        launchTrainingJob(client, { ...structuredClone(seedRequest), TrainingJobName: 'denied-job' } as never, { retry: { attempts: 1 } }).catch((e: unknown) => e),
        stopTrainingJob(client, 'denied-job', { retry: { attempts: 1 } }).catch((e: unknown) => e),
        waitForTrainingJob(client, 'missing-job').catch((e: unknown) => e),
      ]);
      client.destroy();

      expect(errors.map((e) => (e as Error).name)).toEqual(['TrainingJobNotFoundError', 'ServiceValidationError', 'JobNotStoppedError', 'TrainingJobNotFoundError']);
      errors.forEach(expectClean);
      // The redaction keeps the service's words around the secrets.
      expect((errors[1] as Error).message).toMatch(/signature we calculated does not match/);
    });

    it('keeps no credentials in the errors of the log readers, the SDK errors they rethrow included', async () => {
      handler = refuseAll;
      const client = s3();
      const logs = new CloudWatchLogsClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
      const errors = await Promise.all([
        readLogText(new S3TextLogSource({ client, uri: 's3://bkt/job/log.txt', retry: { attempts: 1 } })).catch((e: unknown) => e),
        readLogText(new CloudWatchLogSource({ client: logs, jobName: 'job', retry: { attempts: 1 } })).catch((e: unknown) => e),
      ]);
      client.destroy();
      logs.destroy();

      expect(errors.map((e) => (e as Error).name)).toEqual(['NotAuthorizedError', 'NotAuthorizedError']);
      expect(errors.map((e) => ((e as Error).cause as Error).name)).toEqual(['AccessDenied', 'AccessDeniedException']);
      expect(errors.map((e) => (e as NotAuthorizedError).action)).toEqual(['s3:GetObject', 'logs:DescribeLogStreams']);
      errors.forEach(expectClean);
    });
  });
});
