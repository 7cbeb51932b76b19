/**
 * What a user with nothing configured meets, in a child process whose HOME is an empty
 * directory and whose environment has no AWS_* variable, against a server on 127.0.0.1 that is
 * never reached: NoCredentialsError within ~2 s (the SDK's instance-metadata lookup must not
 * hang, even when something at its address accepts connections and never answers), a profile
 * that does not exist named as such, and no region named as such.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { Server as TcpServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHILD = 'test/internal/support/noCredentialsChild.ts';

interface Outcome {
  name?: string;
  message?: string;
  reason?: string;
  option?: string;
  profile?: string;
  /** From the request to its failure, in the child. */
  ms: number;
  /** From the spawn to the exit (Node, tsx and the SDK loading included). */
  wallMs: number;
}

function addressOf(server: Server | TcpServer): number {
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

describe('no credentials, no region, no such profile (a fresh machine)', () => {
  let home: string;
  let api: Server;
  let endpoint: string;
  let requests = 0;
  let silent: TcpServer;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'smb-empty-home-'));
    api = createServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'r' });
      res.end('{}');
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${addressOf(api)}`;
    // Accepts connections and never answers: an instance-metadata address that hangs.
    silent = createTcpServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await Promise.all([new Promise((resolve) => api.close(resolve)), new Promise((resolve) => silent.close(resolve))]);
    rmSync(home, { recursive: true, force: true });
  });

  /** Runs the child with an empty HOME, no AWS_* variable but `extraEnv`, and createClients `options`. */
  function run(options: object, extraEnv: Record<string, string> = {}): Promise<Outcome> {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('AWS_') && value !== undefined) env[key] = value;
    Object.assign(env, { HOME: home, USERPROFILE: home, NODE_NO_WARNINGS: '1' }, extraEnv);
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, endpoint, JSON.stringify(options)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        const wallMs = performance.now() - started;
        try {
          resolve({ ...(JSON.parse(out.trim().split('\n').pop() ?? '') as Omit<Outcome, 'wallMs'>), wallMs });
        } catch {
          reject(new Error(`child exited ${String(code)} without a result: ${out}${err}`));
        }
      });
    });
  }

  it('fails with NoCredentialsError naming aws configure and the variables, in under 3 s', async () => {
    const outcome = await run({ region: 'us-east-1' });

    expect(outcome.name).toBe('NoCredentialsError');
    expect(outcome.reason).toBe('none');
    expect(outcome.message).toBe(
      'No AWS credentials found: run `aws configure` (or `aws sso login`), set AWS_PROFILE to a configured profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
    );
    expect(outcome.ms).toBeLessThan(3_000);
    expect(requests).toBe(0);
  });

  it('fails as fast when the instance-metadata address accepts connections and never answers', async () => {
    const outcome = await run({ region: 'us-east-1' }, { AWS_EC2_METADATA_SERVICE_ENDPOINT: `http://127.0.0.1:${addressOf(silent)}` });

    expect(outcome.name).toBe('NoCredentialsError');
    expect(outcome.ms).toBeLessThan(3_000);
    expect(requests).toBe(0);
  });

  it('says a profile that does not exist is not in ~/.aws/config', async () => {
    const outcome = await run({ region: 'us-east-1', profile: 'nope' });

    expect(outcome).toMatchObject({ name: 'NoCredentialsError', reason: 'profile-not-found', profile: 'nope' });
    expect(outcome.message).toBe(
      'AWS profile nope is not in ~/.aws/config or ~/.aws/credentials (no profile is configured): ' +
        'create it with `aws configure --profile nope` (or `aws configure sso`), or use another (--profile, AWS_PROFILE).',
    );
    expect(outcome.ms).toBeLessThan(3_000);
  });

  it('says there is no region, naming --region, AWS_REGION and aws configure set region', async () => {
    const outcome = await run({});

    expect(outcome).toMatchObject({ name: 'ClientConfigError', option: 'region' });
    expect(outcome.message).toBe(
      'No AWS region is configured: pass region to createClients (--region on the command line), set AWS_REGION, or run `aws configure set region us-east-1`.',
    );
    expect(outcome.ms).toBeLessThan(3_000);
    expect(requests).toBe(0);
  });
});
