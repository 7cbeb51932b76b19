import { gzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { DescribeTrainingJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { IncompleteObjectError, InvalidS3UriError, LogDecodeError, LogNotFoundError, S3LogNotFoundError, S3ObjectChangedError } from '../../src/errors';
import { TAIL_BYTES } from '../../src/logs/internal/S3LogObject';
import { S3TextLogSource } from '../../src/logs/S3TextLogSource';
import { FakeS3Bucket, collect, s3Client, s3Mock } from './fakeS3Bucket';

const fastRetry = { baseDelayMs: 1, maxDelayMs: 2 };
let bucket: FakeS3Bucket;

beforeEach(() => {
  s3Mock.reset();
  bucket = new FakeS3Bucket('fcncloudml').install();
});

const source = (uri: string, extra: Partial<ConstructorParameters<typeof S3TextLogSource>[0]> = {}) =>
  new S3TextLogSource({ client: s3Client, uri, retry: fastRetry, ...extra });

const messages = async (iterable: AsyncIterable<{ message: string }>) => (await collect(iterable)).map((e) => e.message);

/** Waits until `check` holds (polling the event loop), for follow tests. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 2_000 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
  expect(check()).toBe(true);
}

describe('S3TextLogSource', () => {
  describe('one object (s3://bucket/key)', () => {
    it('yields each line with the key as source and no timestamp', async () => {
      bucket.put('job/log.txt', 'Epoch 1/2\nloss: 0.5\nEpoch 2/2\n');

      const events = await collect(source('s3://fcncloudml/job/log.txt').read());

      expect(events).toEqual([
        { message: 'Epoch 1/2', source: 'job/log.txt' },
        { message: 'loss: 0.5', source: 'job/log.txt' },
        { message: 'Epoch 2/2', source: 'job/log.txt' },
      ]);
      expect(bucket.gets).toEqual([{ Bucket: 'fcncloudml', Key: 'job/log.txt' }]);
    });

    it('handles \\r\\n, a last line without newline and UTF-8 characters cut between network chunks', async () => {
      bucket.chunkSize = 1;
      bucket.put('log.txt', 'train █▏ 10%\r\ndonnées 🚀\r\nlast line');

      expect(await messages(source('s3://fcncloudml/log.txt').read())).toEqual(['train █▏ 10%', 'données 🚀', 'last line']);
    });

    it('reads an explicit .gz key decompressed', async () => {
      bucket.put('job/log.txt.gz', gzipSync('a\nb\n'));

      expect(await messages(source('s3://fcncloudml/job/log.txt.gz').read())).toEqual(['a', 'b']);
    });

    it('reads an empty object as an empty log', async () => {
      bucket.put('empty.log', '');

      expect(await messages(source('s3://fcncloudml/empty.log').read())).toEqual([]);
    });
  });

  describe('a prefix (s3://bucket/prefix/)', () => {
    it('reads every .txt and .log object under it in key order, and nothing else', async () => {
      bucket
        .put('job/z-last.log', 'z\n')
        .put('job/output/model.tar.gz', gzipSync('not a log'))
        .put('job/a-first.txt', 'a\n')
        .put('job/metrics.json', '{}')
        .put('job/nested/m.txt', 'm\n')
        .put('job/notes.TXT', 'upper\n')
        .put('other-job/log.txt', 'never\n')
        .put('job/', '');

      const events = await collect(source('s3://fcncloudml/job/').read());

      expect(events.map((e) => e.source)).toEqual(['job/a-first.txt', 'job/nested/m.txt', 'job/notes.TXT', 'job/z-last.log']);
      expect(events.map((e) => e.message)).toEqual(['a', 'm', 'upper', 'z']);
      expect(bucket.gets.map((g) => g.Key)).not.toContain('job/output/model.tar.gz');
    });

    it('orders keys by their UTF-8 bytes, as S3 lists them', async () => {
      bucket.put('p/\u{1F600}.txt', 'emoji\n').put('p/\uFF5E.txt', 'fullwidth\n').put('p/B.txt', 'B\n').put('p/a.txt', 'a\n');

      expect(await messages(source('s3://fcncloudml/p/').read())).toEqual(['B', 'a', 'fullwidth', 'emoji']);
    });

    it('decompresses .txt.gz and .log.gz objects, streaming', async () => {
      bucket.put('job/1.log.gz', gzipSync('one\ntwo\n')).put('job/2.txt.gz', gzipSync('three')).put('job/3.txt', 'four\n');

      expect(await messages(source('s3://fcncloudml/job/').read())).toEqual(['one', 'two', 'three', 'four']);
    });

    it('follows ListObjectsV2 pages to the end', async () => {
      bucket.pageSize = 2;
      for (let i = 0; i < 5; i++) bucket.put(`job/part-${i}.log`, `line ${i}\n`);

      expect(await messages(source('s3://fcncloudml/job/').read())).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4']);
      expect(bucket.lists.map((l) => l.ContinuationToken)).toEqual([undefined, '2', '4']);
    });

    it('reads the whole bucket for s3://bucket/', async () => {
      bucket.put('x.log', 'x\n');

      expect(await messages(source('s3://fcncloudml/').read())).toEqual(['x']);
      expect(bucket.lists[0]).toEqual({ Bucket: 'fcncloudml' });
    });
  });

  describe('faults', () => {
    it('resumes a body dropped mid-way with a Range request from the last byte received, checking the ETag', async () => {
      const text = Array.from({ length: 50 }, (_, i) => `step ${i} loss ${(1 / (i + 1)).toFixed(4)}`).join('\n');
      bucket.put('log.txt', text);
      bucket.faults.GetObject.push({ kind: 'reset', afterBytes: 100 }, { kind: 'reset', afterBytes: 45 });

      expect((await messages(source('s3://fcncloudml/log.txt').read())).join('\n')).toBe(text);
      expect(bucket.gets.map((g) => [g.Range, g.IfMatch])).toEqual([
        [undefined, undefined],
        ['bytes=100-', bucket.etag('log.txt')],
        ['bytes=145-', bucket.etag('log.txt')],
      ]);
      expect(bucket.bodies.every((b) => b.destroyed)).toBe(true);
    });

    it('resumes a .gz body on the compressed bytes, feeding the same decompressor', async () => {
      const text = Array.from({ length: 400 }, (_, i) => `line ${i} ${'x'.repeat(i % 17)}`).join('\n');
      const compressed = gzipSync(text);
      bucket.put('job/log.txt.gz', compressed);
      bucket.faults.GetObject.push({ kind: 'reset', afterBytes: Math.floor(compressed.length / 2) });

      expect((await messages(source('s3://fcncloudml/job/').read())).join('\n')).toBe(text);
      expect(bucket.gets.map((g) => g.Range)).toEqual([undefined, `bytes=${Math.floor(compressed.length / 2)}-`]);
    });

    it('retries throttling and 5xx on GetObject and ListObjectsV2 with backoff', async () => {
      bucket.put('job/a.log', 'a\n');
      bucket.faults.ListObjectsV2.push({ kind: 'throttle' }, { kind: 'internal' });
      bucket.faults.GetObject.push({ kind: 'throttle' }, { kind: 'internal' }, { kind: 'throttle' });

      expect(await messages(source('s3://fcncloudml/job/').read())).toEqual(['a']);
      expect(s3Mock.commandCalls(ListObjectsV2Command)).toHaveLength(3);
      expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(4);
    });

    it('gives up after the configured attempts and throws the last error', async () => {
      bucket.put('a.log', 'a\n');
      bucket.faults.GetObject.push({ kind: 'throttle' }, { kind: 'throttle' }, { kind: 'throttle' });

      await expect(collect(source('s3://fcncloudml/a.log', { retry: { ...fastRetry, attempts: 3 } }).read())).rejects.toMatchObject({ name: 'SlowDown' });
    });

    it('continues from the same offset when the object was replaced by a longer version mid-read that repeats the text read', async () => {
      bucket.chunkSize = 4;
      bucket.put('log.txt', 'first\nsecond\n');
      bucket.faults.GetObject.push({ kind: 'reset', afterBytes: 8 });
      // The training script re-uploads its log with a line appended while the first body is in flight.
      bucket.afterGet = (n) => {
        if (n === 1) bucket.put('log.txt', 'first\nsecond\nthird\n');
      };
      const firstEtag = bucket.etag('log.txt');

      expect(await messages(source('s3://fcncloudml/log.txt').read())).toEqual(['first', 'second', 'third']);
      // The resume of the new version starts early enough to check that it repeats what was read
      // (the last 64 KiB, here all 8 bytes): from byte 0.
      expect(bucket.gets.map((g) => g.Range)).toEqual([undefined, 'bytes=8-', undefined]);
      expect(bucket.gets[1]!.IfMatch).toBe(firstEtag);
      expect(bucket.gets[2]!.IfMatch).toBe(bucket.etag('log.txt'));
      expect(firstEtag).not.toBe(bucket.etag('log.txt'));
      expect(bucket.heads).toHaveLength(1);
    });

    it('checks an append with a Range that starts 64 KiB before the offset on a big object', async () => {
      const head = `${'p'.repeat(99)}\n`.repeat(1_000);
      bucket.chunkSize = 16 * 1024;
      bucket.put('log.txt', `${head}second\n`);
      const offset = 80_000;
      bucket.faults.GetObject.push({ kind: 'reset', afterBytes: offset });
      bucket.afterGet = (n) => {
        if (n === 1) bucket.put('log.txt', `${head}second\nthird\n`);
      };

      const lines = await messages(source('s3://fcncloudml/log.txt').read());

      expect(lines.slice(-2)).toEqual(['second', 'third']);
      expect(lines).toHaveLength(1_002);
      expect(bucket.gets.map((g) => g.Range)).toEqual([undefined, `bytes=${offset}-`, `bytes=${offset - TAIL_BYTES}-`]);
    });

    it('fails with S3ObjectChangedError, never stitching, when the object is replaced by a text of the same length mid-read', async () => {
      bucket.chunkSize = 4;
      bucket.put('log.txt', 'v1 line a\nv1 line b\n');
      bucket.faults.GetObject.push({ kind: 'reset', afterBytes: 12 });
      bucket.afterGet = (n) => {
        if (n === 1) bucket.put('log.txt', 'v2 line a\nv2 line b\n');
      };
      const seen: string[] = [];
      const v1 = bucket.etag('log.txt');

      const error = await (async () => {
        for await (const e of source('s3://fcncloudml/log.txt').read()) seen.push(e.message);
      })().catch((e: unknown) => e);

      expect(error).toBeInstanceOf(S3ObjectChangedError);
      expect(error).toMatchObject({ bucket: 'fcncloudml', key: 'log.txt', etag: v1, newEtag: bucket.etag('log.txt'), offset: 12 });
      expect(seen).toEqual(['v1 line a']);
      expect(seen.join('\n')).not.toContain('v2');
    });

    it('fails with S3ObjectChangedError when the object is replaced by a shorter text after lines were handed out', async () => {
      bucket.chunkSize = 4;
      bucket.put('log.txt', 'old line one\nold line two\n');
      bucket.faults.GetObject.push({ kind: 'reset', afterBytes: 20 });
      bucket.afterGet = (n) => {
        if (n === 1) bucket.put('log.txt', 'new\n');
      };
      const seen: string[] = [];

      const error = await (async () => {
        for await (const e of source('s3://fcncloudml/log.txt').read()) seen.push(e.message);
      })().catch((e: unknown) => e);

      expect(error).toBeInstanceOf(S3ObjectChangedError);
      expect(seen).toEqual(['old line one']);
    });

    it('reads the new version cleanly from its start when the object is replaced before any line was handed out', async () => {
      bucket.chunkSize = 4;
      bucket.put('log.txt', 'old line one\nold line two\n');
      bucket.faults.GetObject.push({ kind: 'reset', afterBytes: 8 });
      bucket.afterGet = (n) => {
        if (n === 1) bucket.put('log.txt', 'new\n');
      };

      expect(await messages(source('s3://fcncloudml/log.txt').read())).toEqual(['new']);
      expect(bucket.gets.map((g) => g.Range)).toEqual([undefined, 'bytes=8-', undefined]);
    });

    it('skips the text already read when a .gz object is replaced by a longer version mid-read', async () => {
      const first = Array.from({ length: 300 }, (_, i) => `line ${i}`).join('\n') + '\n';
      const compressed = gzipSync(first);
      bucket.put('job/log.txt.gz', compressed);
      bucket.faults.GetObject.push({ kind: 'reset', afterBytes: Math.floor(compressed.length * 0.7) });
      bucket.afterGet = (n) => {
        if (n === 1) bucket.put('job/log.txt.gz', gzipSync(`${first}line 300\n`));
      };

      const lines = await messages(source('s3://fcncloudml/job/').read());

      expect(lines).toEqual(Array.from({ length: 301 }, (_, i) => `line ${i}`));
      expect(bucket.gets.map((g) => g.Range)).toEqual([undefined, `bytes=${Math.floor(compressed.length * 0.7)}-`, undefined]);
    });
  });

  describe('errors', () => {
    it.each([
      [{ retry: { attempts: Number.NaN } }, /retry.attempts must be an integer >= 1, got NaN/],
      [{ retry: { maxDelayMs: Number.POSITIVE_INFINITY } }, /retry.maxDelayMs/],
      [{ pollIntervalMs: -5 }, /pollIntervalMs/],
      [{ timeouts: { idleMs: Number.NaN } }, /timeouts.idleMs/],
      [{ maxLineBytes: 8 }, /maxLineBytes/],
      [{ maxLineBytes: 2 ** 29 }, /maxLineBytes must be an integer >= 16 and at most 536870888/],
      [{ pollIntervalMs: 2 ** 31 }, /pollIntervalMs must be a finite number above 0 and at most 2147483647/],
      [{ timeouts: { firstByteMs: Number.MAX_SAFE_INTEGER } }, /timeouts.firstByteMs/],
      [{ retry: { maxDelayMs: 3e9 } }, /retry.maxDelayMs/],
      [{ jobName: '' }, /Invalid training job name/],
    ])('refuses %o in the constructor', (options, message) => {
      expect(() => new S3TextLogSource({ client: s3Client, uri: 's3://fcncloudml/log.txt', ...options })).toThrow(message);
    });

    it.each([0, Number.NaN, -5])('refuses follow({ pollIntervalMs: %s }) when called, before any request', (pollIntervalMs) => {
      expect(() => source('s3://fcncloudml/log.txt').follow({ pollIntervalMs })).toThrow(/pollIntervalMs must be a finite number above 0/);
      expect(bucket.heads).toHaveLength(0);
    });

    it('closes the body at once when the loop breaks out of a .gz read, even while the body is silent', async () => {
      bucket.chunkSize = 512;
      const text = Array.from({ length: 20_000 }, (_, i) => `line ${i}`).join('\n');
      const compressed = gzipSync(text);
      bucket.put('job/log.txt.gz', compressed);
      // Silent after its first 200 bytes: the break comes while the reader waits for more.
      bucket.faults.GetObject.push({ kind: 'stall', afterBytes: 200 });

      for await (const event of source('s3://fcncloudml/job/log.txt.gz').read()) {
        expect(event.message).toBe('line 0');
        break;
      }
      await new Promise((resolve) => setImmediate(resolve));

      expect(bucket.bodies[0]!.destroyed).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(bucket.gets).toHaveLength(1);
    });

    it('destroys the body of a store that ignored If-Match and sent another version, and does not read it', async () => {
      bucket.ignoreIfMatch = true;
      bucket.chunkSize = 4;
      bucket.put('log.txt', 'v1 one\nv1 two\n');
      bucket.faults.GetObject.push({ kind: 'reset', afterBytes: 9 });
      bucket.afterGet = (n) => {
        if (n === 1) bucket.put('log.txt', 'v2 one\nv2 two\n');
      };

      const error = await collect(source('s3://fcncloudml/log.txt').read()).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(S3ObjectChangedError);
      expect(bucket.bodies[1]!.destroyed).toBe(true);
    });

    it('throws IncompleteObjectError naming the object when its body keeps ending short of its size', async () => {
      bucket.put('log.txt', 'a\nb\nc\nd\n');
      for (let i = 0; i < 3; i++) bucket.faults.GetObject.push({ kind: 'short', afterBytes: 0 });

      const error = await collect(new S3TextLogSource({ client: s3Client, uri: 's3://fcncloudml/log.txt', retry: { attempts: 3, ...fastRetry } }).read()).catch(
        (e: unknown) => e,
      );

      expect(error).toBeInstanceOf(IncompleteObjectError);
      expect(error).toMatchObject({ bucket: 'fcncloudml', key: 'log.txt', offset: 0, size: 8 });
    });

    it('throws LogDecodeError naming the key for a .gz that is not gzip, and one that is truncated', async () => {
      bucket.put('job/bad.log.gz', 'plain text\n');
      bucket.put('job/short.log.gz', gzipSync('a\nb\n'.repeat(1_000)).subarray(0, 40));

      for (const key of ['job/bad.log.gz', 'job/short.log.gz']) {
        const error = await collect(source(`s3://fcncloudml/${key}`).read()).catch((e: unknown) => e);
        expect(error, key).toBeInstanceOf(LogDecodeError);
        expect(error).toMatchObject({ bucket: 'fcncloudml', key });
      }
    });

    it('rejects a malformed URI in the constructor', () => {
      expect(() => source('https://fcncloudml.s3.amazonaws.com/log.txt')).toThrow(InvalidS3UriError);
      expect(() => source('s3://')).toThrow(InvalidS3UriError);
    });

    it('throws S3LogNotFoundError naming the bucket and key for a missing object', async () => {
      const error = await collect(source('s3://fcncloudml/job/missing.txt').read()).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(S3LogNotFoundError);
      expect(error).toBeInstanceOf(LogNotFoundError);
      expect(error).toMatchObject({ reason: 'NoSuchKey', bucket: 'fcncloudml', key: 'job/missing.txt', where: ['s3://fcncloudml/job/missing.txt'] });
      expect((error as Error).message).toContain('job/missing.txt');
    });

    it('throws S3LogNotFoundError naming the bucket when it does not exist', async () => {
      bucket.exists = false;

      for (const uri of ['s3://fcncloudml/job/log.txt', 's3://fcncloudml/job/']) {
        const error = await collect(source(uri).read()).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(S3LogNotFoundError);
        expect(error).toMatchObject({ reason: 'NoSuchBucket', bucket: 'fcncloudml' });
        expect((error as Error).message).toContain('fcncloudml');
      }
    });

    it('throws instead of returning an empty log when a prefix holds no log object, saying what it skipped', async () => {
      bucket.put('job/output/model.tar.gz', 'x');

      const error = await collect(source('s3://fcncloudml/job/').read()).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(S3LogNotFoundError);
      expect(error).toMatchObject({ reason: 'NoLogObjects', bucket: 'fcncloudml', prefix: 'job/', jobName: undefined });
      expect((error as Error).message).toContain('model.tar.gz');
    });

    it('names the job in the error when it was given one', async () => {
      const error = await collect(source('s3://fcncloudml/resnet50-p3-gpu4-b512-e2/', { jobName: 'resnet50-p3-gpu4-b512-e2' }).read()).catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ reason: 'NoLogObjects', jobName: 'resnet50-p3-gpu4-b512-e2' });
    });
  });

  describe('releasing resources', () => {
    it('destroys the body at once when the loop breaks', async () => {
      bucket.put('log.txt', 'a\nb\nc\nd\n'.repeat(100));
      bucket.chunkSize = 16;

      for await (const event of source('s3://fcncloudml/log.txt').read()) {
        expect(event.message).toBe('a');
        break;
      }

      expect(bucket.bodies).toHaveLength(1);
      expect(bucket.bodies[0]!.destroyed).toBe(true);
    });

    it('rejects with the abort reason and destroys a stalled body when the signal aborts', async () => {
      bucket.put('log.txt', 'first\nsecond\n');
      bucket.faults.GetObject.push({ kind: 'stall', afterBytes: 6 });
      const controller = new AbortController();
      const seen: string[] = [];

      const reading = (async () => {
        for await (const event of source('s3://fcncloudml/log.txt').read({ signal: controller.signal })) {
          seen.push(event.message);
          controller.abort(new Error('enough'));
        }
      })();

      await expect(reading).rejects.toThrow('enough');
      expect(seen).toEqual(['first']);
      expect(bucket.bodies[0]!.destroyed).toBe(true);
    });

    it('does not start when the signal has already aborted', async () => {
      bucket.put('log.txt', 'a\n');
      await expect(collect(source('s3://fcncloudml/log.txt').read({ signal: AbortSignal.abort() }))).rejects.toMatchObject({ name: 'AbortError' });
      expect(bucket.gets).toHaveLength(0);
    });
  });

  describe('follow', () => {
    it('reads growth of an object with a Range from the last offset (checking the text read), holding a partial line until it is completed', async () => {
      const head = `${'p'.repeat(99)}\n`.repeat(700);
      bucket.put('log.txt', `${head}one\ntw`);
      let over = false;
      const events: string[] = [];
      const following = (async () => {
        for await (const e of source('s3://fcncloudml/log.txt').follow({ pollIntervalMs: 1, until: () => over })) events.push(e.message);
      })();

      await until(() => events.length === 701);
      bucket.put('log.txt', `${head}one\ntwo\nthree\n`);
      await until(() => events.length === 703);
      bucket.put('log.txt', `${head}one\ntwo\nthree\nfour`);
      over = true;
      await following;

      expect(events.slice(700)).toEqual(['one', 'two', 'three', 'four']);
      const ranges = bucket.gets.map((g) => g.Range);
      expect(ranges[0]).toBeUndefined();
      expect(ranges).toContain(`bytes=${head.length + 6 - TAIL_BYTES}-`);
      expect(ranges).toContain(`bytes=${head.length + 14 - TAIL_BYTES}-`);
    });

    it('picks up new objects under the prefix, and drains once more after until() says it is over', async () => {
      bucket.put('job/algo-1.log', 'a1\n');
      let polls = 0;
      const events = await collect(
        source('s3://fcncloudml/job/').follow({
          pollIntervalMs: 1,
          until: () => {
            polls++;
            if (polls === 2) bucket.put('job/algo-2.log', 'b1\n');
            if (polls === 3) bucket.put('job/algo-2.log', 'b1\nb2 written at the very end\n');
            return polls >= 3;
          },
        }),
      );

      expect(events.map((e) => `${e.source}: ${e.message}`)).toEqual(['job/algo-1.log: a1', 'job/algo-2.log: b1', 'job/algo-2.log: b2 written at the very end']);
    });

    it('fails with S3ObjectChangedError when a followed object is rewritten, shorter or not, after lines were handed out', async () => {
      for (const rewrite of ['new\n', 'new one\nnew two\nnew three\n']) {
        bucket.put('log.txt', 'old one\nold two\n');
        let polls = 0;
        const events: string[] = [];
        const error = await (async () => {
          const following = source('s3://fcncloudml/log.txt').follow({
            pollIntervalMs: 1,
            until: () => {
              polls++;
              if (polls === 2) bucket.put('log.txt', rewrite);
              return polls >= 3;
            },
          });
          for await (const e of following) events.push(e.message);
        })().catch((e: unknown) => e);

        expect(error, rewrite).toBeInstanceOf(S3ObjectChangedError);
        expect(events).toEqual(['old one', 'old two']);
      }
    });

    it('waits for an object that does not exist yet instead of failing', async () => {
      let polls = 0;
      const events = await messages(
        source('s3://fcncloudml/job/log.txt').follow({
          pollIntervalMs: 1,
          until: () => {
            polls++;
            if (polls === 3) bucket.put('job/log.txt', 'finally\n');
            return polls >= 3;
          },
        }),
      );
      expect(events).toEqual(['finally']);
    });

    it('fails at once when the bucket does not exist', async () => {
      bucket.exists = false;
      const error = await collect(source('s3://fcncloudml/job/log.txt').follow({ pollIntervalMs: 1, until: () => false })).catch((e: unknown) => e);
      expect(error).toMatchObject({ reason: 'NoSuchBucket', bucket: 'fcncloudml' });
    });

    it('stops by default when the training job reaches a terminal status', async () => {
      const sagemakerMock = mockClient(SageMakerClient);
      sagemakerMock
        .on(DescribeTrainingJobCommand)
        .resolvesOnce({ TrainingJobStatus: 'InProgress' } as never)
        .resolvesOnce({ TrainingJobStatus: 'Stopping' } as never)
        .resolves({ TrainingJobStatus: 'Completed' } as never);
      bucket.put('job/log.txt', 'done\n');
      const sagemaker = new SageMakerClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

      const events = await messages(source('s3://fcncloudml/job/', { jobName: 'job', sagemaker }).follow({ pollIntervalMs: 1 }));

      expect(events).toEqual(['done']);
      expect(sagemakerMock).toHaveReceivedCommandTimes(DescribeTrainingJobCommand, 3);
      expect(sagemakerMock).toHaveReceivedCommandWith(DescribeTrainingJobCommand, { TrainingJobName: 'job' });
      sagemakerMock.restore();
    });

    it('stops at once, clearing its timer, when aborted while waiting between polls', async () => {
      bucket.put('log.txt', 'a\n');
      const controller = new AbortController();
      const events: string[] = [];
      const following = (async () => {
        for await (const e of source('s3://fcncloudml/log.txt').follow({ pollIntervalMs: 60_000, signal: controller.signal, until: () => false })) {
          events.push(e.message);
        }
      })();
      await until(() => events.length === 1);
      const t0 = Date.now();
      controller.abort();
      await expect(following).rejects.toMatchObject({ name: 'AbortError' });
      expect(Date.now() - t0).toBeLessThan(5_000);
    });
  });
});

