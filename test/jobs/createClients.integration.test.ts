/**
 * createClients({ timeouts }) with the real SDK clients against servers on 127.0.0.1 that
 * stall: an answer that never starts, a body that stops halfway, and a listener whose
 * connection queue is full (a connection that never completes).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { DescribeTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RequestTimeoutError } from '../../src/errors';
import { createClients } from '../../src/jobs/createClients';
import { describeTrainingJob } from '../../src/jobs/describeTrainingJob';
import { readLogText } from '../../src/logs/readLogText';
import { S3TextLogSource } from '../../src/logs/S3TextLogSource';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Rejects with what `promise` rejects with, and how long that took (ms); fails if it resolves. */
async function failure(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  try {
    await promise;
  } catch (error) {
    return { error, ms: Date.now() - started };
  }
  throw new Error('expected a failure');
}

describe('createClients({ timeouts }) against a server that stalls', () => {
  let server: Server;
  let endpoint: string;
  let handler: Handler;
  let requests: number;

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        requests++;
        handler(req, res);
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
    requests = 0;
  });

  /** An answer whose headers never come. */
  const silent: Handler = () => undefined;
  /** Headers and half a JSON body, then nothing. */
  const halfBody: Handler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': 1000 });
    res.write('{"TrainingJobName":"a",');
  };

  it('cuts off an answer that does not start within firstByteMs, on requests the library sends', async () => {
    handler = silent;
    const clients = createClients({ endpoint, region: 'us-east-1', credentials, timeouts: { firstByteMs: 300 } });

    const { error, ms } = await failure(describeTrainingJob(clients.sagemaker, 'stalled-job'));
    clients.sagemaker.destroy();

    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toMatchObject({ operation: 'DescribeTrainingJob', phase: 'response', timeoutMs: 300 });
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(5_000);
  });

  it('cuts off a body that stops for idleMs', async () => {
    handler = halfBody;
    const clients = createClients({ endpoint, region: 'us-east-1', credentials, timeouts: { idleMs: 300 } });

    const { error, ms } = await failure(describeTrainingJob(clients.sagemaker, 'stalled-job'));
    clients.sagemaker.destroy();

    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toMatchObject({ phase: 'body', timeoutMs: 300 });
    expect(ms).toBeLessThan(5_000);
  });

  it('gives the S3 client the same limits: a log object whose body stalls is cut off', async () => {
    handler = (req, res) => {
      if (req.method === 'HEAD' || req.url?.includes('list-type')) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 1000, etag: '"e1"' });
      res.write('epoch 1/5\n');
    };
    const clients = createClients({ endpoint, region: 'us-east-1', credentials, timeouts: { firstByteMs: 300, idleMs: 300 } });
    const source = new S3TextLogSource({ client: clients.s3, uri: 's3://fcncloudml/job/log.txt', retry: { attempts: 1 } });

    const { error, ms } = await failure(readLogText(source));
    clients.s3.destroy();

    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toMatchObject({ operation: 'GetObject', resource: 's3://fcncloudml/job/log.txt', phase: 'body', timeoutMs: 300 });
    expect(ms).toBeLessThan(5_000);
  });

  it('lets a timeouts option given to a function win over the clients\', limit by limit', async () => {
    handler = silent;
    const clients = createClients({ endpoint, region: 'us-east-1', credentials, timeouts: { firstByteMs: 20_000, idleMs: 20_000 } });

    const given = await failure(describeTrainingJob(clients.sagemaker, 'stalled-job', { timeouts: { firstByteMs: 200 } }));
    handler = halfBody;
    const other = await failure(describeTrainingJob(clients.sagemaker, 'stalled-job', { timeouts: { firstByteMs: 200, idleMs: 250 } }));
    clients.sagemaker.destroy();

    expect(given.error).toMatchObject({ phase: 'response', timeoutMs: 200 });
    expect(other.error).toMatchObject({ phase: 'body', timeoutMs: 250 });
  });

  it('leaves requests sent with the clients directly to the SDK: firstByteMs does not bound them', async () => {
    handler = silent;
    const clients = createClients({ endpoint, region: 'us-east-1', credentials, timeouts: { firstByteMs: 100 } });

    const sent = clients.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'stalled-job' }), { abortSignal: AbortSignal.timeout(800) });
    const { error, ms } = await failure(sent);
    clients.sagemaker.destroy();

    expect(error).not.toBeInstanceOf(RequestTimeoutError);
    expect((error as Error).name).toBe('AbortError');
    expect(ms).toBeGreaterThanOrEqual(700);
  });

  it('keeps the 30 s defaults for clients made without timeouts', async () => {
    handler = silent;
    const clients = createClients({ endpoint, region: 'us-east-1', credentials });

    const pending = describeTrainingJob(clients.sagemaker, 'stalled-job', { signal: AbortSignal.timeout(700) });
    const { error } = await failure(pending);
    clients.sagemaker.destroy();

    expect(error).not.toBeInstanceOf(RequestTimeoutError);
    expect(requests).toBe(1);
  });
});

describe('createClients({ timeouts: { connectMs } }) against a listener whose connection queue is full', () => {
  let listener: ChildProcessWithoutNullStreams;
  let port: number;
  let filler: Socket;

  beforeAll(async () => {
    // A socket that listens with a backlog of 0 and never accepts: once one connection waits in
    // its queue, the kernel drops the SYNs of the next ones, which stay connecting.
    listener = spawn('python3', ['-c', 'import socket, sys\ns = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)\nprint(s.getsockname()[1], flush=True)\nsys.stdin.read()']);
    port = await new Promise<number>((resolve, reject) => {
      listener.once('error', reject);
      listener.stdout.once('data', (data: Buffer) => resolve(Number(String(data).trim())));
    });
    filler = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      filler.once('connect', resolve);
      filler.once('error', reject);
    });
  });

  afterAll(() => {
    filler?.destroy();
    listener?.kill();
  });

  it('fails a connection that is not made within connectMs, for requests sent directly too', async () => {
    const clients = createClients({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials, timeouts: { connectMs: 200 } });

    const { error, ms } = await failure(clients.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'a' })));
    clients.sagemaker.destroy();

    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect((error as Error).message).toContain('did not establish a connection');
    // The SDK retries a timeout: three attempts of 200 ms, with its backoff between them.
    expect(ms).toBeGreaterThanOrEqual(550);
    expect(ms).toBeLessThan(5_000);
  });
});
