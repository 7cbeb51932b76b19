/**
 * The data movement of local mode against moto and the local filesystem: S3 and file:// channels
 * into File mode's layout, gzip tars of model/ and output/data/, and artifacts put back on S3 or
 * under a file:// path.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidS3UriError } from '../../src/errors';
import { createClients } from '../../src/jobs/createClients';
import { fetchChannel, putArtifact, writeTarGz } from '../../src/local/internal/artifacts';
import { fakeCredentials } from '../support/fakeCredentials';
import { type MotoServer, motoAvailable, startMoto } from '../support/moto';

const moto = motoAvailable();
if (!moto.ok) console.warn(`local artifacts integration tests skipped: ${moto.reason}`);

const BUCKET = 'fcncloudml';
/** More than one ListObjectsV2 page (1000 keys). */
const MANY = 1003;

/** Every file under `dir`, as `relative path -> content`. */
async function treeOf(dir: string): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out[relative(dir, path)] = await readFile(path);
    }
  };
  await walk(dir);
  return out;
}

/** Every directory under `dir` (relative paths). */
async function dirsOf(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      out.push(relative(dir, join(at, entry.name)));
      await walk(join(at, entry.name));
    }
  };
  await walk(dir);
  return out.sort();
}

describe.skipIf(!moto.ok)('local mode artifacts against moto', () => {
  let server: MotoServer;
  let s3: S3Client;
  let dir: string;
  let n = 0;
  const fresh = (): string => join(dir, `dest-${++n}`);

  const nested: Record<string, Buffer> = {
    'train/a.csv': Buffer.from('x,y\n1,2\n'),
    'train/sub/b.csv': Buffer.from('x,y\n3,4\n'),
    'train/sub/deeper/c.bin': randomBytes(300_000),
    'train/empty.txt': Buffer.alloc(0),
    'train/données ünïcode.txt': Buffer.from('é'),
  };

  const put = async (Key: string, Body: Buffer): Promise<void> => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body, ContentLength: Body.length }));
  };

  beforeAll(async () => {
    server = await startMoto();
    s3 = createClients({ endpoint: server.endpoint, region: 'us-east-1', credentials: fakeCredentials }).s3;
    dir = await mkdtemp(join(tmpdir(), 'local-artifacts-'));
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    for (const [key, body] of Object.entries(nested)) await put(key, body);
    await put('train/folder/', Buffer.alloc(0)); // a console-made "folder": no data
    await put('other/not-in-train.csv', Buffer.from('no'));
    await put('data/data.csv', Buffer.from('the one object'));
    await put('data/data.csv.bak', Buffer.from('not this one'));
    await put('evil/ok.txt', Buffer.from('fine'));
    await put('evil/../../escape.txt', Buffer.from('out'));
    await put('clash/weights', Buffer.from('file'));
    await put('clash/weights/part1', Buffer.from('and a directory'));
    const keys = Array.from({ length: MANY }, (_, i) => `many/shard-${String(i).padStart(4, '0')}.txt`);
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((key) => put(key, Buffer.from(key))));
    }
  }, 120_000);

  afterAll(async () => {
    s3?.destroy();
    await server?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  describe('fetchChannel', () => {
    it('writes every object under an s3:// prefix at its key minus the prefix, nested keys as directories, folder markers skipped', async () => {
      const dest = fresh();
      const result = await fetchChannel({ s3, uri: `s3://${BUCKET}/train/`, destDir: dest });

      const expected = Object.fromEntries(Object.entries(nested).map(([key, body]) => [key.slice('train/'.length), body]));
      expect(await treeOf(dest)).toEqual(expected);
      expect(await dirsOf(dest)).toEqual(['sub', 'sub/deeper']);
      expect(result).toEqual({ files: 5, bytes: Object.values(nested).reduce((sum, body) => sum + body.length, 0) });
    });

    it('lays out a prefix written without its final slash the same way', async () => {
      const dest = fresh();
      const result = await fetchChannel({ s3, uri: `s3://${BUCKET}/train`, destDir: dest });
      expect(Object.keys(await treeOf(dest)).sort()).toEqual(['a.csv', 'données ünïcode.txt', 'empty.txt', 'sub/b.csv', 'sub/deeper/c.bin']);
      expect(result.files).toBe(5);
    });

    it('reads every page of ListObjectsV2 for a prefix of more than 1000 objects', async () => {
      const dest = fresh();
      const result = await fetchChannel({ s3, uri: `s3://${BUCKET}/many/`, destDir: dest });
      const names = await readdir(dest);
      expect(names).toHaveLength(MANY);
      expect(result.files).toBe(MANY);
      expect(await readFile(join(dest, 'shard-1002.txt'), 'utf8')).toBe('many/shard-1002.txt');
    }, 60_000);

    it('takes an S3Prefix naming one object as that object alone, under its own name', async () => {
      const dest = fresh();
      const result = await fetchChannel({ s3, uri: `s3://${BUCKET}/data/data.csv`, destDir: dest });
      expect(await treeOf(dest)).toEqual({ 'data.csv': Buffer.from('the one object') });
      expect(result).toEqual({ files: 1, bytes: 14 });
    });

    it('gives 0 files for an empty prefix, and an empty channel directory (SageMaker refuses such a job at create)', async () => {
      const dest = fresh();
      const result = await fetchChannel({ s3, uri: `s3://${BUCKET}/nothing-here/`, destDir: dest });
      expect(result).toEqual({ files: 0, bytes: 0 });
      expect(await readdir(dest)).toEqual([]);
    });

    it("refuses a key with a '..' segment before writing anything, inside the channel or out of it", async () => {
      const root = fresh();
      const dest = join(root, 'input', 'data', 'train');
      await expect(fetchChannel({ s3, uri: `s3://${BUCKET}/evil/`, destDir: dest })).rejects.toThrow(
        /refusing S3 key "evil\/\.\.\/\.\.\/escape\.txt".*'\.\.' segment/,
      );
      expect(await readdir(dest)).toEqual([]);
      expect(existsSync(join(root, 'input', 'escape.txt'))).toBe(false);
      expect(existsSync(join(root, 'input', 'data', 'escape.txt'))).toBe(false);
    });

    it('refuses two keys that would make one path both a file and a directory', async () => {
      const dest = fresh();
      await expect(fetchChannel({ s3, uri: `s3://${BUCKET}/clash/`, destDir: dest })).rejects.toThrow(/weights would be both a file and a directory/);
      expect(await readdir(dest)).toEqual([]);
    });

    it('says which bucket does not exist', async () => {
      await expect(fetchChannel({ s3, uri: 's3://no-such-bucket-here/train/', destDir: fresh() })).rejects.toThrow(
        /S3 bucket no-such-bucket-here of s3:\/\/no-such-bucket-here\/train\/ does not exist/,
      );
    });

    it('refuses URIs of other schemes, malformed s3:// URIs and an s3:// channel without a client', async () => {
      await expect(fetchChannel({ uri: `https://${BUCKET}.s3.amazonaws.com/train/`, destDir: fresh() })).rejects.toThrow(TypeError);
      await expect(fetchChannel({ uri: 's3://a/train/', destDir: fresh() })).rejects.toThrow(InvalidS3UriError);
      await expect(fetchChannel({ uri: `s3://${BUCKET}/train/`, destDir: fresh() })).rejects.toThrow(/an S3 client is needed/);
    });

    it('copies a file:// directory tree (never hard links, so the job cannot change the originals), a symlinked file as a file', async () => {
      const src = join(dir, 'local-src');
      await mkdir(join(src, 'sub', 'deeper'), { recursive: true });
      await mkdir(join(src, 'empty-dir'));
      await writeFile(join(src, 'a.csv'), 'x,y\n1,2\n');
      await writeFile(join(src, 'sub', 'deeper', 'c.bin'), nested['train/sub/deeper/c.bin']!);
      const outside = join(dir, 'outside-the-tree.txt');
      await writeFile(outside, 'linked in');
      await symlink(outside, join(src, 'sub', 'link.txt'));

      const dest = fresh();
      const result = await fetchChannel({ uri: pathToFileURL(src).href, destDir: dest });

      expect(await treeOf(dest)).toEqual({
        'a.csv': Buffer.from('x,y\n1,2\n'),
        'sub/deeper/c.bin': nested['train/sub/deeper/c.bin'],
        'sub/link.txt': Buffer.from('linked in'),
      });
      expect(await dirsOf(dest)).toEqual(['empty-dir', 'sub', 'sub/deeper']);
      expect(result).toEqual({ files: 3, bytes: 8 + 300_000 + 9 });
      const linked = await lstat(join(dest, 'sub', 'link.txt'));
      expect(linked.isSymbolicLink()).toBe(false);
      expect(linked.ino).not.toBe((await stat(outside)).ino);
      expect((await stat(join(dest, 'a.csv'))).ino).not.toBe((await stat(join(src, 'a.csv'))).ino);
      await writeFile(join(dest, 'a.csv'), 'changed by the job');
      expect(await readFile(join(src, 'a.csv'), 'utf8')).toBe('x,y\n1,2\n');
    });

    it('copies a file:// file into the channel directory under its own name', async () => {
      const file = join(dir, 'single.csv');
      await writeFile(file, 'a,b\n');
      const dest = fresh();
      expect(await fetchChannel({ uri: pathToFileURL(file).href, destDir: dest })).toEqual({ files: 1, bytes: 4 });
      expect(await treeOf(dest)).toEqual({ 'single.csv': Buffer.from('a,b\n') });
    });

    it('refuses a file:// tree with a symlink loop, a missing file:// path, and a channel directory inside its source', async () => {
      const src = join(dir, 'loop-src');
      await mkdir(join(src, 'a'), { recursive: true });
      await symlink(src, join(src, 'a', 'back'));
      await expect(fetchChannel({ uri: pathToFileURL(src).href, destDir: fresh() })).rejects.toThrow(/symlink loop/);
      await expect(fetchChannel({ uri: pathToFileURL(join(dir, 'missing')).href, destDir: fresh() })).rejects.toThrow(/does not exist/);
      await expect(fetchChannel({ uri: pathToFileURL(src).href, destDir: join(src, 'inside') })).rejects.toThrow(/overlap/);
    });

    it('stops when its signal aborts, with the signal reason', async () => {
      const dest = fresh();
      const controller = new AbortController();
      const reason = new Error('stop the job');
      setTimeout(() => controller.abort(reason), 50);
      await expect(fetchChannel({ s3, uri: `s3://${BUCKET}/many/`, destDir: dest, signal: controller.signal })).rejects.toBe(reason);
      expect((await readdir(dest)).length).toBeLessThan(MANY);
      await expect(fetchChannel({ s3, uri: `s3://${BUCKET}/train/`, destDir: fresh(), signal: controller.signal })).rejects.toBe(reason);
    }, 30_000);
  });

  describe('writeTarGz', () => {
    it('writes a gzip tar of the directory contents with paths relative to it and no ./ entries, that tar reads back', async () => {
      const src = join(dir, 'model');
      await mkdir(join(src, 'code'), { recursive: true });
      await mkdir(join(src, 'empty'));
      const weights = randomBytes(200_000);
      await writeFile(join(src, 'model.pth'), weights);
      await writeFile(join(src, 'code', 'inference.py'), 'print("hi")\n');
      await writeFile(join(src, '@at-sign.txt'), 'not an archive to include');
      const file = join(dir, 'out', 'model.tar.gz');

      const { bytes } = await writeTarGz(src, file);

      expect(bytes).toBe((await stat(file)).size);
      expect((await readFile(file)).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
      const entries = execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).trim().split('\n').sort();
      expect(entries).toEqual(['@at-sign.txt', 'code/', 'code/inference.py', 'empty/', 'model.pth']);
      const back = join(dir, 'model-back');
      await mkdir(back);
      execFileSync('tar', ['-xzf', file, '-C', back]);
      expect(await treeOf(back)).toEqual(await treeOf(src));
      expect(await dirsOf(back)).toEqual(['code', 'empty']);
      expect((await readdir(join(dir, 'out'))).filter((name) => name.includes('.partial-'))).toEqual([]);
    });

    it('writes an empty archive for an empty directory', async () => {
      const src = join(dir, 'empty-model');
      await mkdir(src);
      const file = join(dir, 'empty.tar.gz');
      await writeTarGz(src, file);
      expect(execFileSync('tar', ['-tzf', file], { encoding: 'utf8' })).toBe('');
    });

    it('refuses to write the archive inside the directory it packs, and stops on an aborted signal', async () => {
      const src = join(dir, 'self');
      await mkdir(src);
      await writeFile(join(src, 'x'), 'x');
      await expect(writeTarGz(src, join(src, 'model.tar.gz'))).rejects.toThrow(/would contain itself/);
      const reason = new Error('stopped');
      await expect(writeTarGz(src, join(dir, 'never.tar.gz'), { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
      expect(existsSync(join(dir, 'never.tar.gz'))).toBe(false);
    });
  });

  describe('putArtifact', () => {
    it('uploads a file to an s3:// URI that reads back byte for byte, an empty file included', async () => {
      const file = join(dir, 'upload.tar.gz');
      const body = randomBytes(6 * 1024 * 1024 + 7);
      await writeFile(file, body);
      const key = 'jobs/resnet50-p3-gpu4-b512-e2/output/model.tar.gz';

      await putArtifact({ s3, file, uri: `s3://${BUCKET}/${key}` });

      const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(Buffer.from(await got.Body!.transformToByteArray()).equals(body)).toBe(true);

      const empty = join(dir, 'empty-upload');
      await writeFile(empty, '');
      await putArtifact({ s3, file: empty, uri: `s3://${BUCKET}/jobs/empty` });
      expect((await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'jobs/empty' }))).ContentLength).toBe(0);
    });

    it('copies a file to a file:// URI, creating its directories, leaving no partial file', async () => {
      const file = join(dir, 'output.tar.gz');
      await writeFile(file, 'tar bytes');
      const target = join(dir, 'file-output', 'job', 'output', 'output.tar.gz');

      await putArtifact({ file, uri: pathToFileURL(target).href });

      expect(await readFile(target, 'utf8')).toBe('tar bytes');
      expect(await readdir(join(dir, 'file-output', 'job', 'output'))).toEqual(['output.tar.gz']);
    });

    it('refuses a prefix or directory URI, and an s3:// URI without a client', async () => {
      const file = join(dir, 'output.tar.gz');
      await expect(putArtifact({ s3, file, uri: `s3://${BUCKET}/jobs/` })).rejects.toThrow(/names a prefix or a directory/);
      await expect(putArtifact({ file, uri: pathToFileURL(dir).href + '/' })).rejects.toThrow(/names a prefix or a directory/);
      await expect(putArtifact({ file, uri: `s3://${BUCKET}/jobs/x` })).rejects.toThrow(/an S3 client is needed/);
    });

    it('stops an upload when its signal aborts, and leaves no object', async () => {
      const file = join(dir, 'big-upload');
      await writeFile(file, randomBytes(64 * 1024 * 1024));
      const controller = new AbortController();
      const reason = new Error('stop the upload');
      setTimeout(() => controller.abort(reason), 20);
      await expect(putArtifact({ s3, file, uri: `s3://${BUCKET}/jobs/aborted`, signal: controller.signal })).rejects.toBe(reason);
      await expect(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'jobs/aborted' }))).rejects.toMatchObject({ name: 'NotFound' });
      const target = join(dir, 'aborted-copy', 'model.tar.gz');
      await expect(putArtifact({ file, uri: pathToFileURL(target).href, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
      expect(existsSync(target)).toBe(false);
    }, 30_000);
  });
});
