/**
 * The errors a user meets, as the public functions throw them, with the real SDK clients
 * against small HTTP servers on 127.0.0.1: an HTML page where an AWS API should be, AWS
 * refusals (JSON AccessDeniedException, S3's XML AccessDenied), a closed port, host names that
 * do not resolve (an agent whose DNS lookup fails: no network is used), a job and a bucket that
 * do not exist, and throttling that is retried, not shown.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Agent } from 'node:https';
import type { LookupFunction } from 'node:net';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AccessDeniedError,
  EndpointError,
  LaunchError,
  NotAuthorizedError,
  S3LogNotFoundError,
  TrainingJobNotFoundError,
} from '../../src/errors';
import { createClients } from '../../src/jobs/createClients';
import { describeTrainingJob } from '../../src/jobs/describeTrainingJob';
import { launchTrainingJob } from '../../src/jobs/launchTrainingJob';
import { stopTrainingJob } from '../../src/jobs/stopTrainingJob';
import { waitForTrainingJob } from '../../src/jobs/waitForTrainingJob';
import { CloudWatchLogSource } from '../../src/logs/CloudWatchLogSource';
import { S3TextLogSource } from '../../src/logs/S3TextLogSource';
import { logSourceForJob } from '../../src/logs/logSourceForJob';
import { readLogText } from '../../src/logs/readLogText';
import { seedRequest, seedRole } from '../fixtures/seed';
import { fakeCredentials } from '../support/fakeCredentials';
import { freePort } from '../support/freePort';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const ACCOUNT = '111122223333';
const once = { retry: { attempts: 1 } };

/** An AWS JSON 1.1 answer, with the request id AWS (and moto) put on every answer. */
function awsJson(res: ServerResponse, status: number, value: unknown, errorType?: string): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': 'req-json',
    ...(errorType !== undefined ? { 'x-amzn-errortype': errorType } : {}),
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** S3's XML error answer. */
function s3Error(res: ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>req-s3</RequestId></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': 'req-s3', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function operationOf(req: IncomingMessage): string {
  const target = String(req.headers['x-amz-target'] ?? '');
  return target === '' ? `S3 ${req.method ?? ''}` : target.slice(target.indexOf('.') + 1);
}

/** "User ... is not authorized to perform: <action> on resource: <arn> because ...", as IAM words it. */
function deniedBy(action: string, resource: string): { __type: string; Message: string } {
  return {
    __type: 'AccessDeniedException',
    Message: `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
  };
}

/** A lookup that fails as getaddrinfo does for a name that does not exist. */
const noSuchHost: LookupFunction = (hostname, _options, callback) => {
  const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname });
  process.nextTick(() => callback(error, '', 4));
};

describe('the errors a user meets, from the public functions', () => {
  let server: Server;
  let endpoint: string;
  let handler: Handler;
  let seen: string[];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push(operationOf(req));
        handler(req, res, body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    endpoint = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    seen = [];
  });

  const clients = () => createClients({ endpoint, region: 'us-east-1', credentials: fakeCredentials });

  describe('an endpoint that answers with an HTML page', () => {
    beforeEach(() => {
      handler = (_req, res) => {
        const page = '<!DOCTYPE html><html><head><title>Welcome</title></head><body>It works!</body></html>';
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page) });
        res.end(page);
      };
    });

    it('fails describeTrainingJob with EndpointError not-aws naming the endpoint, at once', async () => {
      const error = await describeTrainingJob(clients().sagemaker, 'my-job').catch((e: unknown) => e);

      expect(error).toBeInstanceOf(EndpointError);
      expect(error).toMatchObject({ reason: 'not-aws', endpoint, service: 'SageMaker', operation: 'DescribeTrainingJob', region: 'us-east-1' });
      expect((error as Error).message).toBe(
        `Endpoint ${endpoint} answered SageMaker DescribeTrainingJob with something that is not an AWS API response (HTTP 200, text/html page): ` +
          'check that the URL points at an AWS-compatible service (moto, LocalStack), not at a web page or a proxy.',
      );
      expect((error as Error).cause).toMatchObject({ name: 'SyntaxError' });
      expect(seen).toEqual(['DescribeTrainingJob']);
    });

    it('fails the CloudWatch log reader the same way, without retrying', async () => {
      const source = new CloudWatchLogSource({ client: clients().logs, jobName: 'my-job', ...once });

      const error = await readLogText(source).catch((e: unknown) => e);

      expect(error).toMatchObject({ name: 'EndpointError', reason: 'not-aws', service: 'CloudWatch Logs', operation: 'DescribeLogStreams' });
      expect(seen).toEqual(['DescribeLogStreams']);
    });

    it('fails the S3 log reader the same way when the page comes with a 404', async () => {
      handler = (_req, res) => {
        const page = '<html><body><h1>404 Not Found</h1></body></html>';
        res.writeHead(404, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(page) });
        res.end(page);
      };

      const error = await readLogText(new S3TextLogSource({ client: clients().s3, uri: 's3://bkt/job/log.txt', ...once })).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(EndpointError);
      expect(error).toMatchObject({ reason: 'not-aws', service: 'S3', endpoint });
    });
  });

  describe('AWS refusing for want of a permission', () => {
    beforeEach(() => {
      handler = (req, res) => {
        const operation = operationOf(req);
        if (operation === 'CreateTrainingJob') awsJson(res, 400, deniedBy('iam:PassRole', seedRole), 'AccessDeniedException');
        else if (operation.startsWith('S3')) s3Error(res, 403, 'AccessDenied', 'Access Denied');
        else if (operation === 'DescribeTrainingJob') {
          awsJson(res, 400, deniedBy('sagemaker:DescribeTrainingJob', `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/my-job`), 'AccessDeniedException');
        } else if (operation === 'DescribeLogStreams') awsJson(res, 200, { logStreams: [{ logStreamName: 'my-job/algo-1-1', creationTime: 1_700_000_000_000 }] });
        else awsJson(res, 400, { __type: 'AccessDeniedException', message: 'User is not authorized to perform this action' }, 'AccessDeniedException');
      };
    });

    it('fails describeTrainingJob with NotAuthorizedError naming the action and the resource', async () => {
      const error = await describeTrainingJob(clients().sagemaker, 'my-job').catch((e: unknown) => e);

      expect(error).toBeInstanceOf(NotAuthorizedError);
      expect(error).toMatchObject({
        action: 'sagemaker:DescribeTrainingJob',
        resource: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/my-job`,
        errorCode: 'AccessDeniedException',
      });
      expect((error as Error).message).toMatch(/^Not authorized to call sagemaker:DescribeTrainingJob on arn:aws:sagemaker:us-east-1:111122223333:training-job\/my-job: /);
      expect(seen).toEqual(['DescribeTrainingJob']);
    });

    it('fails waitForTrainingJob at once with it, and stopTrainingJob with JobNotStoppedError naming it', async () => {
      const waited = await waitForTrainingJob(clients().sagemaker, 'my-job', { minDelay: 0.05, maxDelay: 0.05 }).catch((e: unknown) => e);
      const stopped = await stopTrainingJob(clients().sagemaker, 'my-job', once).catch((e: unknown) => e);

      expect(waited).toBeInstanceOf(NotAuthorizedError);
      expect(stopped).toMatchObject({ name: 'JobNotStoppedError', cause: { name: 'NotAuthorizedError', action: 'sagemaker:StopTrainingJob' } });
      expect((stopped as Error).message).toContain('NotAuthorizedError: Not authorized to call sagemaker:StopTrainingJob');
    });

    it('fails launchTrainingJob with AccessDeniedError, still a LaunchError, naming the action the service names', async () => {
      const error = await launchTrainingJob(clients().sagemaker, { ...structuredClone(seedRequest) } as never, once).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(AccessDeniedError);
      expect(error).toBeInstanceOf(LaunchError);
      expect(error).toMatchObject({ action: 'iam:PassRole', roleArn: seedRole, jobName: seedRequest.TrainingJobName });
      expect((error as Error).cause).toMatchObject({ name: 'AccessDeniedException' });
    });

    it('fails the S3 log reader with s3:GetObject on the object', async () => {
      const error = await readLogText(new S3TextLogSource({ client: clients().s3, uri: 's3://logs-bucket/job/output/log.txt', ...once })).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(NotAuthorizedError);
      expect(error).toMatchObject({ action: 's3:GetObject', resource: 's3://logs-bucket/job/output/log.txt', errorCode: 'AccessDenied' });
    });

    it('fails the CloudWatch log reader with logs:GetLogEvents when it reads named streams', async () => {
      const source = new CloudWatchLogSource({ client: clients().logs, logStreamNames: ['my-job/algo-1-1'], ...once });

      const error = await readLogText(source).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(NotAuthorizedError);
      expect(error).toMatchObject({ action: 'logs:GetLogEvents', operation: 'GetLogEvents' });
    });
  });

  describe('nothing listening, and names that do not resolve', () => {
    it('fails with EndpointError refused naming the endpoint when the port is closed', async () => {
      const closed = `http://127.0.0.1:${await freePort()}`;
      const { sagemaker } = createClients({ endpoint: closed, region: 'us-east-1', credentials: fakeCredentials });

      const error = await describeTrainingJob(sagemaker, 'my-job').catch((e: unknown) => e);

      expect(error).toBeInstanceOf(EndpointError);
      expect(error).toMatchObject({ reason: 'refused', endpoint: closed });
      expect((error as Error).message).toMatch(new RegExp(`^Endpoint ${closed} refused the connection \\(ECONNREFUSED 127\\.0\\.0\\.1:\\d+\\): is the server`));
    });

    it('says "unknown region us-east-7 (did you mean us-east-1?)" when the region has no endpoint', async () => {
      const sagemaker = new SageMakerClient({
        region: 'us-east-7',
        credentials: fakeCredentials,
        maxAttempts: 1,
        requestHandler: { httpsAgent: new Agent({ lookup: noSuchHost }) },
      });

      const error = await describeTrainingJob(sagemaker, 'my-job').catch((e: unknown) => e);
      sagemaker.destroy();

      expect(error).toBeInstanceOf(EndpointError);
      expect(error).toMatchObject({ reason: 'unresolved', region: 'us-east-7', knownRegion: false, suggestedRegion: 'us-east-1' });
      expect((error as EndpointError).endpoint).toMatch(/^https:\/\/[a-z.]*sagemaker\.us-east-7\.amazonaws\.com$/);
      expect((error as Error).message).toMatch(/^Unknown region us-east-7 \(did you mean us-east-1\?\): https:\/\/\S+ does not resolve \(ENOTFOUND \S+\)\. Use a region AWS has/);
    });

    it('blames the network when a known region does not resolve', async () => {
      const logs = new CloudWatchLogsClient({ region: 'eu-west-1', credentials: fakeCredentials, maxAttempts: 1, requestHandler: { httpsAgent: new Agent({ lookup: noSuchHost }) } });

      const error = await readLogText(new CloudWatchLogSource({ client: logs, jobName: 'my-job', ...once })).catch((e: unknown) => e);
      logs.destroy();

      expect(error).toMatchObject({ name: 'EndpointError', reason: 'unresolved', knownRegion: true, service: 'CloudWatch Logs' });
      expect((error as Error).message).toMatch(/check your network, DNS and proxy settings; CloudWatch Logs may also not be offered in region eu-west-1\.$/);
    });
  });

  describe('a job and a bucket that do not exist', () => {
    beforeEach(() => {
      handler = (req, res) => {
        const operation = operationOf(req);
        if (operation.startsWith('S3')) s3Error(res, 404, 'NoSuchBucket', 'The specified bucket does not exist');
        else if (operation === 'DescribeLogStreams' || operation === 'GetLogEvents') {
          awsJson(res, 400, { __type: 'ResourceNotFoundException', message: 'The specified log group does not exist.' }, 'ResourceNotFoundException');
        } else awsJson(res, 400, { __type: 'ValidationException', Message: 'Requested resource not found.' }, 'ValidationException');
      };
    });

    it('gives TrainingJobNotFoundError from describe, stop, wait and logSourceForJob', async () => {
      const c = clients();
      const errors = await Promise.all([
        describeTrainingJob(c.sagemaker, 'no-such-job').catch((e: unknown) => e),
        stopTrainingJob(c.sagemaker, 'no-such-job', once).catch((e: unknown) => e),
        waitForTrainingJob(c.sagemaker, 'no-such-job').catch((e: unknown) => e),
        logSourceForJob(c, 'no-such-job').catch((e: unknown) => e),
      ]);

      for (const error of errors) {
        expect(error).toBeInstanceOf(TrainingJobNotFoundError);
        expect(error).toMatchObject({ jobName: 'no-such-job' });
        expect((error as Error).message).toBe('Training job no-such-job does not exist (in this account and region)');
      }
    });

    it('gives S3LogNotFoundError NoSuchBucket for a bucket that does not exist', async () => {
      const error = await readLogText(new S3TextLogSource({ client: clients().s3, uri: 's3://no-such-bucket/job/log.txt', ...once })).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(S3LogNotFoundError);
      expect(error).toMatchObject({ reason: 'NoSuchBucket', bucket: 'no-such-bucket' });
      expect((error as Error).message).toMatch(/^S3 bucket no-such-bucket does not exist/);
    });
  });

  describe('throttling', () => {
    it("is retried by the SDK client's own retries and never shown: describeTrainingJob succeeds", async () => {
      let throttled = 0;
      handler = (_req, res) => {
        if (throttled++ < 1) awsJson(res, 400, { __type: 'ThrottlingException', message: 'Rate exceeded' }, 'ThrottlingException');
        else awsJson(res, 200, { TrainingJobName: 'my-job', TrainingJobStatus: 'InProgress', SecondaryStatus: 'Training' });
      };

      const job = await describeTrainingJob(clients().sagemaker, 'my-job');

      expect(job.TrainingJobStatus).toBe('InProgress');
      expect(seen).toEqual(['DescribeTrainingJob', 'DescribeTrainingJob']);
    });

    it('is retried by the library too when the SDK does not retry (maxAttempts 1): the log is read', async () => {
      let throttled = 0;
      handler = (req, res, body) => {
        const operation = operationOf(req);
        if (operation === 'GetLogEvents' && throttled++ < 2) {
          awsJson(res, 400, { __type: 'ThrottlingException', message: 'Rate exceeded' }, 'ThrottlingException');
          return;
        }
        if (operation === 'DescribeLogStreams') {
          awsJson(res, 200, { logStreams: [{ logStreamName: 'my-job/algo-1-1', creationTime: 1_700_000_000_000 }] });
          return;
        }
        const token = (JSON.parse(body) as { nextToken?: string }).nextToken;
        const events = token === undefined ? [{ timestamp: 1_700_000_000_000, message: 'epoch 1/1 loss 0.5', ingestionTime: 1_700_000_000_001 }] : [];
        awsJson(res, 200, { events, nextForwardToken: 'f/1', nextBackwardToken: 'b/1' });
      };
      const logs = new CloudWatchLogsClient({ endpoint, region: 'us-east-1', credentials: fakeCredentials, maxAttempts: 1 });

      const text = await readLogText(new CloudWatchLogSource({ client: logs, logStreamNames: ['my-job/algo-1-1'], retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 20 } }));
      logs.destroy();

      expect(text).toBe('epoch 1/1 loss 0.5');
      expect(seen.filter((o) => o === 'GetLogEvents').length).toBeGreaterThanOrEqual(3);
    });
  });
});
