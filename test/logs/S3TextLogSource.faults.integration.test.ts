/**
 * S3TextLogSource with the real S3 client against moto behind the fault proxy, where servers go
 * silent (answers held back, bodies that stop halfway) and objects are replaced at the very
 * moment a connection drops.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LogDecodeError, RequestTimeoutError, S3ObjectChangedError } from '../../src/errors';
import { S3TextLogSource } from '../../src/logs/S3TextLogSource';
import { saveLog } from '../../src/logs/saveLog';
import { fakeCredentials } from '../support/fakeCredentials';
import { type FaultProxy, startFaultProxy } from '../support/faultProxy';
import { type MotoServer, motoAvailable, startMoto } from '../support/moto';

const moto = motoAvailable();
if (!moto.ok) console.warn(`S3TextLogSource fault integration tests skipped: ${moto.reason}`);

const BUCKET = 'silent-logs';
const VERSIONED = 'versioned-logs';
const fastRetry = { baseDelayMs: 5, maxDelayMs: 50 };
const timeouts = { firstByteMs: 300, idleMs: 300 };

/** `lines` lines of `width` characters, each line telling its version and number. */
function versionedLog(version: string, lines: number, width = 60): string {
  let out = '';
  for (let i = 0; i < lines; i++) out += `${version} line ${String(i).padStart(6, '0')} `.padEnd(width, '.') + '\n';
  return out;
}



describe.skipIf(!moto.ok)('S3TextLogSource against silent servers and replaced objects', () => {
  let server: MotoServer;
  let proxy: FaultProxy;
  let direct: S3Client;
  let faulty: S3Client;
  let dir: string;

  const put = (Key: string, body: string | Buffer, Bucket = BUCKET) =>
    direct.send(new PutObjectCommand({ Bucket, Key, Body: Buffer.from(body), ContentLength: Buffer.byteLength(body) }));
  const source = (uri: string) => new S3TextLogSource({ client: faulty, uri, retry: fastRetry, timeouts });

  beforeAll(async () => {
    server = await startMoto();
    proxy = await startFaultProxy({ target: server.endpoint, seed: 21 });
    direct = new S3Client({ endpoint: server.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: fakeCredentials });
    faulty = new S3Client({ endpoint: proxy.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: fakeCredentials, maxAttempts: 1 });
    await direct.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await direct.send(new CreateBucketCommand({ Bucket: VERSIONED }));
    await direct.send(new PutBucketVersioningCommand({ Bucket: VERSIONED, VersioningConfiguration: { Status: 'Enabled' } }));
    dir = await mkdtemp(join(tmpdir(), 's3-faults-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    direct?.destroy();
    faulty?.destroy();
    await proxy?.stop();
    await server?.stop();
  });

  beforeEach(() => {
    proxy.setRules([]);
    proxy.resetStats();
  });

  afterEach(async () => {
    // No held connection outlives a test: every silent request was given up and closed.
    expect(await proxy.heldAfterSettling()).toBe(0);
  });

  describe('silent servers', () => {
    it('reads the whole log when GetObject answers are held back, cutting each off at firstByteMs', async () => {
      const text = versionedLog('v1', 20_000);
      await put('held/log.txt', text);
      proxy.setRules([{ operation: 'GetObject', kind: 'hold', rate: 1, max: 2 }]);

      const { bytes } = await saveLog(source(`s3://${BUCKET}/held/log.txt`), join(dir, 'held.txt'));

      expect(await readFile(join(dir, 'held.txt'), 'utf8')).toBe(text);
      expect(bytes).toBe(Buffer.byteLength(text));
      expect(proxy.stats().silencedTotal).toBe(2);
    });

    it('resumes bodies that stop halfway (no byte, no end, no reset) with Range, byte-identical', async () => {
      const text = versionedLog('v1', 40_000);
      await put('stalled/log.txt', text);
      proxy.setRules([{ operation: 'GetObject', kind: 'stall', rate: 1, max: 3 }]);

      await saveLog(source(`s3://${BUCKET}/stalled/log.txt`), join(dir, 'stalled.txt'));

      expect(await readFile(join(dir, 'stalled.txt'), 'utf8')).toBe(text);
      expect(proxy.stats().faults.stall).toBe(3);
      expect(proxy.stats().byOperation.GetObject).toBe(4);
    });

    it('resumes a stalled .gz body on the compressed bytes', async () => {
      const text = versionedLog('gz', 30_000);
      await put('stalled/log.txt.gz', gzipSync(text));
      proxy.setRules([{ operation: 'GetObject', kind: 'stall', rate: 1, max: 2 }]);

      await saveLog(source(`s3://${BUCKET}/stalled/log.txt.gz`), join(dir, 'stalled-gz.txt'));

      expect(await readFile(join(dir, 'stalled-gz.txt'), 'utf8')).toBe(text);
    });

    it('retries held ListObjectsV2 and HeadObject requests too', async () => {
      await put('prefix/a.log', 'a1\na2\n');
      proxy.setRules([{ operation: /^(ListObjectsV2|HeadObject)$/, kind: 'hold', rate: 1, max: 2 }]);
      const lines: string[] = [];
      let polls = 0;

      for await (const e of source(`s3://${BUCKET}/prefix/a.log`).follow({ pollIntervalMs: 10, until: () => ++polls >= 2 })) lines.push(e.message);
      for await (const e of source(`s3://${BUCKET}/prefix/`).read()) lines.push(e.message);

      expect(lines).toEqual(['a1', 'a2', 'a1', 'a2']);
      expect(proxy.stats().silencedTotal).toBe(2);
    });

    it('fails with RequestTimeoutError naming the object when no answer ever comes, within a bounded time', async () => {
      await put('never/log.txt', 'x\n');
      proxy.setRules([{ operation: 'GetObject', kind: 'hold', rate: 1 }]);

      const started = Date.now();
      const error = await saveLog(
        new S3TextLogSource({ client: faulty, uri: `s3://${BUCKET}/never/log.txt`, retry: { attempts: 3, ...fastRetry }, timeouts }),
        join(dir, 'never.txt'),
      ).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(RequestTimeoutError);
      expect(error).toMatchObject({ operation: 'GetObject', resource: `s3://${BUCKET}/never/log.txt`, phase: 'response', timeoutMs: 300 });
      expect(proxy.stats().byOperation.GetObject).toBe(3);
      expect(Date.now() - started).toBeLessThan(3_000);
    });

    it('fails with RequestTimeoutError (phase body) when every body stalls before its first byte', async () => {
      await put('never/body.txt', versionedLog('v1', 100));
      proxy.setRules([{ operation: 'GetObject', kind: 'stall', rate: 1, stallAfterBytes: 0 }]);

      const error = await saveLog(
        new S3TextLogSource({ client: faulty, uri: `s3://${BUCKET}/never/body.txt`, retry: { attempts: 3, ...fastRetry }, timeouts }),
        join(dir, 'never-body.txt'),
      ).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(RequestTimeoutError);
      expect(error).toMatchObject({ operation: 'GetObject', phase: 'body', resource: `s3://${BUCKET}/never/body.txt` });
    });
  });

  describe('an object replaced at the moment a connection drops', () => {
    /** A reset of the first GetObject after `afterBytes`, with `replace()` run just before the reset. */
    const swapOnReset = (afterBytes: number, replace: () => Promise<unknown>) =>
      proxy.setRules([{ operation: 'GetObject', kind: 'reset', rate: 1, max: 1, resetAfterBytes: afterBytes, onFault: async () => void (await replace()) }]);

    async function readAll(uri: string): Promise<{ lines: string[]; error: unknown }> {
      const lines: string[] = [];
      try {
        for await (const e of source(uri).read()) lines.push(e.message);
        return { lines, error: undefined };
      } catch (error) {
        return { lines, error };
      }
    }

    it('never stitches a same-length v2 onto v1: S3ObjectChangedError, and every line handed out is v1', async () => {
      const v1 = versionedLog('v1', 20_000);
      const v2 = versionedLog('v2', 20_000);
      await put('swap/same.txt', v1);
      swapOnReset(300_000, () => put('swap/same.txt', v2));

      const { lines, error } = await readAll(`s3://${BUCKET}/swap/same.txt`);

      expect(error).toBeInstanceOf(S3ObjectChangedError);
      expect(error).toMatchObject({ bucket: BUCKET, key: 'swap/same.txt' });
      expect(lines.length).toBeGreaterThan(1_000);
      expect(lines.every((line) => line.startsWith('v1 '))).toBe(true);
    });

    it('never makes hybrid lines from a shorter v2: S3ObjectChangedError', async () => {
      await put('swap/short.txt', versionedLog('v1', 20_000));
      swapOnReset(300_000, () => put('swap/short.txt', versionedLog('v2', 3_000)));

      const { lines, error } = await readAll(`s3://${BUCKET}/swap/short.txt`);

      expect(error).toBeInstanceOf(S3ObjectChangedError);
      expect(lines.every((line) => /^v1 line \d{6} \.+$/.test(line))).toBe(true);
    });

    it('never yields both versions of a replaced .gz one after the other: S3ObjectChangedError', async () => {
      const v1 = gzipSync(versionedLog('v1', 40_000));
      await put('swap/log.txt.gz', v1);
      swapOnReset(Math.floor(v1.length / 2), () => put('swap/log.txt.gz', gzipSync(versionedLog('v2', 40_000))));

      const { lines, error } = await readAll(`s3://${BUCKET}/swap/log.txt.gz`);

      expect(error).toBeInstanceOf(S3ObjectChangedError);
      expect(lines.every((line) => line.startsWith('v1 '))).toBe(true);
    });

    it('goes on through a v2 that only appends to v1: the log of v2, whole', async () => {
      const v1 = versionedLog('v1', 20_000);
      const v2 = v1 + versionedLog('more', 500);
      await put('swap/append.txt', v1);
      swapOnReset(500_000, () => put('swap/append.txt', v2));

      const { lines, error } = await readAll(`s3://${BUCKET}/swap/append.txt`);

      expect(error).toBeUndefined();
      expect(lines.join('\n') + '\n').toBe(v2);
    });

    it('reads v1 to its end in a versioned bucket, pinned by VersionId, whatever replaced it', async () => {
      const v1 = versionedLog('v1', 20_000);
      await put('swap/pinned.txt', v1, VERSIONED);
      const versioned = new S3TextLogSource({ client: faulty, uri: `s3://${VERSIONED}/swap/pinned.txt`, retry: fastRetry, timeouts });
      swapOnReset(300_000, () => put('swap/pinned.txt', versionedLog('v2', 20_000), VERSIONED));

      await saveLog(versioned, join(dir, 'pinned.txt'));

      expect(await readFile(join(dir, 'pinned.txt'), 'utf8')).toBe(v1);
      const resume = proxy.stats().byOperation.GetObject;
      expect(resume).toBe(2);
    });
  });

  describe('objects that cannot be decoded', () => {
    it.each([
      ['not gzip at all', Buffer.from('plain text in a .gz\n'), /not gzip data/],
      ['truncated', gzipSync(versionedLog('v1', 2_000)).subarray(0, 5_000), /truncated/],
      ['corrupt in the middle', (() => {
        const bytes = Buffer.from(gzipSync(versionedLog('v1', 2_000)));
        bytes.fill(0x55, 2_000, 2_400);
        return bytes;
      })(), /corrupt|invalid|incorrect/i],
    ])('throws LogDecodeError naming the object for a .gz that is %s', async (_what, body, reason) => {
      await put('bad/log.txt.gz', body);

      const error = await saveLog(source(`s3://${BUCKET}/bad/log.txt.gz`), join(dir, 'bad.txt')).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(LogDecodeError);
      expect(error).toMatchObject({ bucket: BUCKET, key: 'bad/log.txt.gz', uri: `s3://${BUCKET}/bad/log.txt.gz` });
      expect((error as Error).message).toMatch(reason);
      expect((error as Error).message).toContain('bad/log.txt.gz');
    });

    it('stops a prefix read at the first object that cannot be decoded, naming it', async () => {
      await put('mixed/a.log', 'a1\n');
      await put('mixed/b.log.gz', Buffer.from('not gzip'));
      await put('mixed/c.log', 'c1\n');
      const lines: string[] = [];

      const error = await (async () => {
        for await (const e of source(`s3://${BUCKET}/mixed/`).read()) lines.push(e.message);
      })().catch((e: unknown) => e);

      expect(error).toBeInstanceOf(LogDecodeError);
      expect((error as LogDecodeError).key).toBe('mixed/b.log.gz');
      expect(lines).toEqual(['a1']);
    });
  });
});
