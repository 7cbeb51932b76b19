/**
 * S3TextLogSource and saveLog with the real S3 client against moto, directly and behind the
 * fault proxy (throttling, 500, 503 and connection resets in the middle of bodies, on
 * GetObject, HeadObject and ListObjectsV2).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InvalidS3UriError, S3LogNotFoundError } from '../../src/errors';
import type { Clients } from '../../src/jobs/Clients';
import { createClients } from '../../src/jobs/createClients';
import { S3TextLogSource } from '../../src/logs/S3TextLogSource';
import { readLogText } from '../../src/logs/readLogText';
import { saveLog } from '../../src/logs/saveLog';
import { fakeCredentials } from '../support/fakeCredentials';
import { type FaultProxy, type FaultRule, startFaultProxy, tenPercentFaults } from '../support/faultProxy';
import { type MotoServer, motoAvailable, startMoto } from '../support/moto';

const moto = motoAvailable();
if (!moto.ok) console.warn(`S3TextLogSource integration tests skipped: ${moto.reason}`);

const BUCKET = 'fcncloudml';
const JOB = 'resnet50-p3-gpu4-b512-e2';
const fastRetry = { baseDelayMs: 5, maxDelayMs: 50 };

const readFaults = (): FaultRule[] => tenPercentFaults(/^(GetObject|HeadObject|ListObjectsV2)$/);

/** A training log of `lines` lines with CRLF now and then, multi-byte characters, and no final newline. */
function trainingLog(lines: number, seed: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const r = (i * 7919 + seed * 104729) % 100;
    if (r < 50) out.push(`${i}/5000 [${'='.repeat(i % 30)}>${'.'.repeat(29 - (i % 30))}] - loss: ${(1 / (i + 2)).toFixed(4)}`);
    else if (r < 80) out.push(`train: ${i % 100}%|${'█'.repeat(i % 20)}▏| données ${i}\r`);
    else out.push(`2024-05-01 12:00:${String(i % 60).padStart(2, '0')} - INFO - step ${i} 🚀`);
  }
  return out.join('\n');
}

describe.skipIf(!moto.ok)('S3TextLogSource against moto', () => {
  let server: MotoServer;
  let proxy: FaultProxy;
  let direct: Clients;
  let faulty: Clients;
  let dir: string;
  const files: Record<string, string | Buffer> = {};

  beforeAll(async () => {
    server = await startMoto();
    proxy = await startFaultProxy({ target: server.endpoint, seed: Number(process.env.FAULT_SEED ?? 11) });
    direct = createClients({ endpoint: server.endpoint, region: 'us-east-1', credentials: fakeCredentials });
    // The SDK's own retries are off behind the proxy (maxAttempts 1), so every fault reaches
    // S3TextLogSource's retry and resume logic (and the SDK's 0.5 s+ throttling backoff does not slow the suite).
    faulty = {
      ...createClients({ endpoint: proxy.endpoint, region: 'us-east-1', credentials: fakeCredentials }),
      s3: new S3Client({ endpoint: proxy.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: fakeCredentials, maxAttempts: 1 }),
    };
    dir = await mkdtemp(join(tmpdir(), 's3-log-'));
    await direct.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    files[`${JOB}/training-log.txt`] = trainingLog(60_000, 1);
    files[`${JOB}/algo-2/training-log.log.gz`] = gzipSync(trainingLog(20_000, 2));
    files[`${JOB}/empty.log`] = '';
    files[`${JOB}/output/model.tar.gz`] = gzipSync('not a log');
    files[`${JOB}/metrics.json`] = '{"loss": 0.1}';
    for (let i = 0; i < 40; i++) files[`${JOB}/steps/step-${String(i).padStart(2, '0')}.log`] = trainingLog(500 + i * 37, i + 3);
    for (const [Key, Body] of Object.entries(files)) {
      await direct.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Buffer.from(Body), ContentLength: Buffer.byteLength(Body) }));
    }
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    for (const clients of [direct, faulty]) for (const client of Object.values(clients)) client.destroy();
    await proxy?.stop();
    await server?.stop();
  });

  beforeEach(() => {
    proxy.setRules([]);
    proxy.resetStats();
  });

  it('reads one object exactly as it was written', async () => {
    const text = await readLogText(new S3TextLogSource({ client: direct.s3, uri: `s3://${BUCKET}/${JOB}/training-log.txt` }));
    expect(text).toBe((files[`${JOB}/training-log.txt`] as string).replace(/\r(?=\n|$)/g, ''));
  });

  it('reads every .txt/.log/.gz object under the job prefix in key order, and no model.tar.gz or .json', async () => {
    const source = new S3TextLogSource({ client: direct.s3, uri: `s3://${BUCKET}/${JOB}/` });
    const sources = new Set<string>();
    let lines = 0;
    for await (const event of source.read()) {
      sources.add(event.source);
      lines++;
    }
    const steps = Array.from({ length: 40 }, (_, i) => `${JOB}/steps/step-${String(i).padStart(2, '0')}.log`);
    expect([...sources]).toEqual([`${JOB}/algo-2/training-log.log.gz`, ...steps, `${JOB}/training-log.txt`]);
    expect(lines).toBe(80_000 + steps.reduce((n, _, i) => n + 500 + i * 37, 0));
  });

  it('saves a byte-identical file through 10% throttling, 10% 5xx and 10% connection resets', async () => {
    const uri = `s3://${BUCKET}/${JOB}/`;
    const clean = join(dir, 'clean.log');
    const withFaults = join(dir, 'faults.log');
    const expected = await saveLog(new S3TextLogSource({ client: direct.s3, uri }), clean);

    proxy.setRules(readFaults());
    const got = await saveLog(new S3TextLogSource({ client: faulty.s3, uri, retry: fastRetry }), withFaults);

    expect(got).toEqual(expected);
    expect((await readFile(withFaults)).equals(await readFile(clean))).toBe(true);
    const { faults, faultsByOperation } = proxy.stats();
    expect(faults.reset).toBeGreaterThan(0);
    expect(faults.throttle + faults.internal + faults.unavailable).toBeGreaterThan(0);
    expect(faultsByOperation.GetObject).toBeGreaterThan(0);
  }, 60_000);

  it('resumes bodies cut by resets with Range requests and still gets every byte', async () => {
    const key = `${JOB}/training-log.txt`;
    proxy.setRules([{ operation: 'GetObject', kind: 'reset', rate: 1, max: 3 }]);

    const text = await readLogText(new S3TextLogSource({ client: faulty.s3, uri: `s3://${BUCKET}/${key}`, retry: fastRetry }));

    expect(text).toBe((files[key] as string).replace(/\r(?=\n|$)/g, ''));
    expect(proxy.stats().faults.reset).toBe(3);
  }, 60_000);

  it('follows a log re-uploaded with lines appended and a new object, through faults', async () => {
    const prefix = `follow-${Date.now()}/`;
    const put = (key: string, body: string) => direct.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: prefix + key, Body: body }));
    await put('algo-1.log', 'epoch 1\nepoch 2 (partial');
    proxy.setRules(readFaults());
    let polls = 0;
    const events: string[] = [];
    const source = new S3TextLogSource({ client: faulty.s3, uri: `s3://${BUCKET}/${prefix}`, retry: fastRetry });
    for await (const event of source.follow({
      pollIntervalMs: 10,
      until: async () => {
        polls++;
        if (polls === 3) await put('algo-1.log', 'epoch 1\nepoch 2 (partial, now complete)\nepoch 3\n');
        if (polls === 5) await put('algo-2.log', 'second instance\n');
        if (polls === 7) await put('algo-1.log', 'epoch 1\nepoch 2 (partial, now complete)\nepoch 3\nlast words');
        return polls >= 7;
      },
    })) {
      events.push(`${event.source.slice(prefix.length)}: ${event.message}`);
    }
    expect(events).toEqual([
      'algo-1.log: epoch 1',
      'algo-1.log: epoch 2 (partial, now complete)',
      'algo-1.log: epoch 3',
      'algo-2.log: second instance',
      'algo-1.log: last words',
    ]);
  }, 60_000);

  describe('bad input', () => {
    it('rejects a malformed URI before any request', () => {
      for (const uri of ['s3:/fcncloudml/x.txt', 'https://fcncloudml.s3.amazonaws.com/x.txt', 's3://a/x', 's3://bad bucket/x']) {
        expect(() => new S3TextLogSource({ client: direct.s3, uri })).toThrow(InvalidS3UriError);
      }
    });

    it('names the bucket when it does not exist', async () => {
      for (const uri of ['s3://no-such-bucket-here/log.txt', 's3://no-such-bucket-here/job/']) {
        const error = await readLogText(new S3TextLogSource({ client: faulty.s3, uri, retry: fastRetry })).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(S3LogNotFoundError);
        expect(error).toMatchObject({ reason: 'NoSuchBucket', bucket: 'no-such-bucket-here' });
        expect((error as Error).message).toContain('no-such-bucket-here');
      }
    });

    it('names the bucket and key when the object does not exist', async () => {
      const error = await readLogText(new S3TextLogSource({ client: faulty.s3, uri: `s3://${BUCKET}/${JOB}/nope.txt` })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(S3LogNotFoundError);
      expect(error).toMatchObject({ reason: 'NoSuchKey', bucket: BUCKET, key: `${JOB}/nope.txt`, where: [`s3://${BUCKET}/${JOB}/nope.txt`] });
    });

    it('fails instead of returning an empty log for a prefix with no log object', async () => {
      const error = await readLogText(new S3TextLogSource({ client: faulty.s3, uri: `s3://${BUCKET}/${JOB}/output/` })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(S3LogNotFoundError);
      expect(error).toMatchObject({ reason: 'NoLogObjects', bucket: BUCKET, prefix: `${JOB}/output/` });
      expect((error as Error).message).toContain('model.tar.gz');
    });
  });
});
