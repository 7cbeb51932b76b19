/**
 * startMoto as a user gets it from `sagemaker-bench/testing`: a server with ready clients,
 * reset, stop, typed errors, and nothing left running when the test process dies.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { DescribeTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MotoServerError } from '../../src/errors';
import { motoAvailable, seedBucket, startMoto, type MotoServer } from '../../src/testing/index';
import { isRunning, waitUntilGone } from '../support/processAlive';

const moto = motoAvailable();
if (!moto.ok) console.warn(`startMoto integration tests skipped: ${moto.reason}`);

describe.skipIf(!moto.ok)('startMoto', () => {
  let server: MotoServer;
  let dir: string;

  beforeAll(async () => {
    server = await startMoto();
    dir = mkdtempSync(join(tmpdir(), 'sb-start-moto-'));
  });

  afterAll(async () => {
    await server?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('gives ready clients for the server, in us-east-1 with fake credentials', async () => {
    expect(server.endpoint).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.region).toBe('us-east-1');
    expect(server.clients).toBe(server.clients);
    expect(await server.clients.s3.config.region()).toBe('us-east-1');
    expect(await server.clients.logs.config.credentials()).toMatchObject({ accessKeyId: 'test', secretAccessKey: 'test' });
    const answer = await server.clients.s3.send(new ListBucketsCommand({}));
    expect(answer.$metadata.httpStatusCode).toBe(200);
  });

  it('forgets every bucket on reset', async () => {
    await seedBucket(server.clients, 'reset-me', { 'a.txt': 'a' });
    await server.reset();
    const { Buckets } = await server.clients.s3.send(new ListBucketsCommand({}));
    expect(Buckets ?? []).toEqual([]);
  });

  it('makes its clients in the region asked for', async () => {
    const other = await startMoto({ region: 'eu-west-1' });
    try {
      expect(other.region).toBe('eu-west-1');
      expect(await other.clients.sagemaker.config.region()).toBe('eu-west-1');
      const error = await other.clients.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'nope' })).catch((e: unknown) => e);
      expect((error as Error).message).toContain('arn:aws:sagemaker:eu-west-1:');
    } finally {
      await other.stop();
    }
    expect(await waitUntilGone(other.pid, 5_000)).toBe(true);
    // a second stop is the same, harmless
    await expect(other.stop()).resolves.toBeUndefined();
  });

  it('throws MotoServerError with the server output when moto exits before answering', async () => {
    // Passes the availability check, then dies as a broken moto would.
    const broken = join(dir, 'python-broken');
    writeFileSync(broken, `#!/bin/sh\nif [ "$2" = "import moto.server" ]; then exit 0; fi\necho 'Traceback: moto exploded' >&2\nexit 3\n`);
    chmodSync(broken, 0o755);

    const error = await startMoto({ python: broken }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MotoServerError);
    expect(error).toMatchObject({ name: 'MotoServerError', reason: 'exited', exitCode: 3 });
    expect((error as MotoServerError).stderr).toContain('Traceback: moto exploded');
    expect((error as MotoServerError).port).toBeGreaterThan(0);
  });

  it('refuses a start timeout that is not a positive number', async () => {
    await expect(startMoto({ startTimeoutMs: 0 })).rejects.toThrow(RangeError);
  });

  it('leaves no moto running when the Node process that started it is killed with SIGKILL', async () => {
    const entry = fileURLToPath(new URL('../../src/testing/index.ts', import.meta.url));
    const code = `import { startMoto } from ${JSON.stringify(entry)};\nconst m = await startMoto();\nconsole.log(m.pid);\nprocess.kill(process.pid, 'SIGKILL');`;
    const pid = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.on('error', reject);
      child.on('exit', () => {
        const printed = Number.parseInt(out.trim(), 10);
        if (Number.isInteger(printed) && printed > 0) resolve(printed);
        else reject(new Error(`the child printed no pid: ${out}\n${err}`));
      });
    });
    expect(await waitUntilGone(pid, 10_000)).toBe(true);
  });
});
