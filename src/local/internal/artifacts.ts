/**
 * The data movement of a local training job, as SageMaker does it around the container: a
 * channel's data copied into `input/data/<channel>/` with File mode's key layout, `model/` and
 * `output/data/` packed into gzip tars, and the tars put at `<S3OutputPath>/<job>/output/`.
 * Every S3 request goes through `sendRequest` and `withRetry`; the SDK and `tar` are loaded
 * lazily. Internal to src/local.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import type { S3Client } from '@aws-sdk/client-s3';
import type * as TarModule from 'tar';
import { parseS3Uri } from '../../logs/parseS3Uri';
import { MAX_TIMER_MS } from '../../internal/checkOptions';
import { DEFAULT_TIMEOUTS } from '../../internal/requestTimeouts';
import type { ResolvedTimeouts } from '../../internal/requestTimeouts';
import { s3Sdk } from '../../internal/sdk';
import { sendRequest } from '../../internal/sendRequest';
import { linkedAbortController, throwIfAborted } from '../../internal/sleep';
import { PATIENT_RETRY, withRetry } from '../../internal/withRetry';

const load = createRequire(import.meta.url);
let tar: typeof TarModule | undefined;

/**
 * The `tar` package (node-tar v7), loaded on first use like the SDK modules of `sdk.ts`, so
 * importing src/local costs nothing until a job packs its artifacts.
 *
 * @example
 * ```ts
 * const { Pack } = tarPackage();
 * const pack = new Pack({ cwd: modelDir, gzip: true });
 * ```
 */
export function tarPackage(): typeof TarModule {
  return (tar ??= load('tar') as typeof TarModule);
}

/** How many S3 objects of a channel are downloaded at once. */
const DOWNLOAD_CONCURRENCY = 8;
/** PutObject's limit: a bigger object needs a multipart upload. */
const MAX_PUT_BYTES = 5 * 1024 ** 3;
/**
 * The slowest upload allowed for before a PutObject is cut off. `sendRequest` counts the upload
 * of the body in the time to the first byte of the answer, so that limit grows with the file.
 */
const MIN_UPLOAD_BYTES_PER_SECOND = 1024 * 1024;
/** The longest file or directory name Linux and macOS accept, in bytes. */
const MAX_NAME_BYTES = 255;

/** What a channel, an output path or an artifact URI names. */
type Location = { kind: 's3'; bucket: string; key: string; isPrefix: boolean } | { kind: 'file'; path: string };

/** Files and bytes written by {@link fetchChannel}. */
export interface FetchedChannel {
  files: number;
  bytes: number;
}

/**
 * Copies a channel's data into `destDir` (created if missing) with the layout SageMaker's File
 * input mode gives `/opt/ml/input/data/<channel>/`:
 *
 * - `s3://bucket/prefix/`: every object under the prefix (ListObjectsV2, every page), written to
 *   `destDir/<key minus the prefix>`; a prefix without the final `/` (`s3://bucket/train`) takes
 *   the `/` after it as the separator, as the Python SDK's local mode does (`train/a.csv` ->
 *   `a.csv`). Folder markers (keys ending in `/`) are skipped. Up to 8 objects download at once.
 * - an S3Prefix that names one object (`s3://bucket/data.csv`, an object with exactly that key):
 *   that object alone, as `destDir/data.csv`.
 * - `file:///dir` or `file:///dir/file`: the directory's tree (empty directories included) or the
 *   file, each file copied (a copy-on-write clone where the filesystem has them; never a hard
 *   link, so a job that changes an input in place does not change the user's file). A symlink
 *   in the tree is followed and its target's content placed in `destDir`: no symlink out of the
 *   tree is ever created. A symlink loop, a dangling symlink or a special file (FIFO, socket,
 *   device) is an error.
 *
 * A key that cannot be written inside `destDir` as it is (a `..` or `.` segment, an empty one
 * such as `a//b`, a leading `/`, a NUL, a name over 255 bytes) is refused before anything is
 * downloaded, and so are two keys that would make one path both a file and a directory
 * (`weights` and `weights/part1`): SageMaker refuses the same names for its own downloads.
 *
 * An empty prefix gives `{ files: 0, bytes: 0 }`, not an error. SageMaker itself refuses such
 * a job at CreateTrainingJob with a ValidationException: `No S3 objects found under S3 URL
 * "<uri>" given in input data source. Please ensure that the bucket exists in the selected
 * region (<region>), that objects exist under that S3 prefix, and that the role "<role>" has
 * "s3:ListBucket" permissions on bucket "<bucket>".`; the caller decides whether to do the same.
 *
 * Aborting `signal` stops the downloads and copies (files already written stay).
 *
 * @returns How many files were written, and their bytes.
 * @throws {InvalidS3UriError} for a malformed `s3://` URI; TypeError for another scheme, a
 *   malformed `file://` URL or a missing S3 client; Error for a refused key, a missing bucket or
 *   file, and what S3 or the filesystem answered.
 *
 * @example
 * ```ts
 * const { files, bytes } = await fetchChannel({
 *   s3: clients.s3,
 *   uri: 's3://fcncloudml/imagenet/train/',
 *   destDir: join(jobTree, 'input', 'data', 'train'),
 *   signal,
 * });
 * ```
 */
export async function fetchChannel(options: { s3?: S3Client; uri: string; destDir: string; signal?: AbortSignal }): Promise<FetchedChannel> {
  const { uri, signal } = options;
  const location = parseLocation('fetchChannel', uri);
  throwIfAborted(signal);
  const destDir = resolve(options.destDir);
  await mkdir(destDir, { recursive: true });
  if (location.kind === 'file') return copyLocalChannel(uri, location.path, destDir, signal);
  if (options.s3 === undefined) throw new TypeError(`fetchChannel: an S3 client is needed to read ${uri}`);
  return downloadS3Channel(options.s3, uri, location, destDir, signal);
}

/**
 * Writes a gzip tar of the contents of `srcDir` to `file`, the way SageMaker packs `/opt/ml/model`
 * into `model.tar.gz` and `/opt/ml/output/data` into `output.tar.gz`: entries are named relative
 * to `srcDir` with no `./` entry or prefix (`model.pth`, `code/`, `code/inference.py`, as the
 * Python SDK's local mode writes them with `tarfile.add(path, arcname=name)`); an empty `srcDir`
 * gives an empty archive. Files, directories and symlinks (as symlinks) are stored, special files
 * are skipped; user and group names and ids are left out (node-tar's `portable`), and an entry
 * that cannot be read fails the call. The archive is written beside `file` and renamed into
 * place, so `file` is never half-written; `file` must not be inside `srcDir`.
 *
 * @returns The size of the archive in bytes.
 *
 * @example
 * ```ts
 * const { bytes } = await writeTarGz(join(jobTree, 'model'), join(jobDir, 'model.tar.gz'), { signal });
 * ```
 */
export async function writeTarGz(srcDir: string, file: string, options: { signal?: AbortSignal } = {}): Promise<{ bytes: number }> {
  const { signal } = options;
  throwIfAborted(signal);
  const src = await realpath(resolve(srcDir));
  if (!(await stat(src)).isDirectory()) throw new TypeError(`writeTarGz: ${srcDir} is not a directory`);
  const outDir = resolve(dirname(resolve(file)));
  await mkdir(outDir, { recursive: true });
  const out = join(await realpath(outDir), basename(resolve(file)));
  if (isInside(out, src)) throw new TypeError(`writeTarGz: ${file} is inside ${srcDir}: the archive would contain itself`);

  const names = (await readdir(src)).sort(compareUtf8);
  const { Pack } = tarPackage();
  const pack = new Pack({ cwd: src, gzip: true, portable: true, strict: true });
  for (const name of names) pack.add(name);
  pack.end();

  const partial = partialName(out);
  try {
    await pipeline(
      async function* () {
        for await (const chunk of pack) yield chunk;
      },
      createWriteStream(partial, { flags: 'wx' }),
      { signal },
    );
    await rename(partial, out);
  } catch (error) {
    pack.destroy();
    await rm(partial, { force: true });
    throw error;
  }
  return { bytes: (await stat(out)).size };
}

/**
 * Puts a local file at an artifact URI: `s3://bucket/key` with one PutObject whose body is
 * streamed from the file with its `ContentLength` (at most 5 GB, PutObject's limit: there is no
 * multipart upload here), retried from the start of the file on throttling, 5xx and dropped
 * connections; `file:///path/name` by copying it there (the directories created, the copy
 * written beside the target and renamed into place). The URI must name an object or a file, not a
 * prefix or a directory (no trailing `/`).
 *
 * @throws {InvalidS3UriError} for a malformed `s3://` URI; TypeError for another scheme, a prefix,
 *   a missing S3 client or a `file` that is not a regular file; Error for a file over 5 GB and
 *   what S3 or the filesystem answered.
 *
 * @example
 * ```ts
 * await putArtifact({ s3: clients.s3, file: modelTar, uri: `${s3OutputPath}/${jobName}/output/model.tar.gz`, signal });
 * ```
 */
export async function putArtifact(options: { s3?: S3Client; file: string; uri: string; signal?: AbortSignal }): Promise<void> {
  const { uri, signal } = options;
  const location = parseLocation('putArtifact', uri);
  if (uri.endsWith('/') || (location.kind === 's3' && (location.isPrefix || location.key === ''))) {
    throw new TypeError(`putArtifact: ${uri} names a prefix or a directory, not an object`);
  }
  throwIfAborted(signal);
  const file = resolve(options.file);
  const info = await stat(file);
  if (!info.isFile()) throw new TypeError(`putArtifact: ${options.file} is not a regular file`);

  if (location.kind === 'file') {
    await copyFileAtomically(file, location.path, signal);
    return;
  }
  if (options.s3 === undefined) throw new TypeError(`putArtifact: an S3 client is needed to write ${uri}`);
  const size = info.size;
  if (size > MAX_PUT_BYTES) {
    throw new Error(`putArtifact: ${options.file} is ${size} bytes; one PutObject takes at most ${MAX_PUT_BYTES} (5 GiB), and multipart upload is not supported`);
  }
  const { PutObjectCommand } = s3Sdk();
  const timeouts = uploadTimeouts(size);
  const s3 = options.s3;
  await withRetry(
    async () => {
      // A fresh stream for each attempt: the SDK never retries a streamed body itself.
      const body = size === 0 ? undefined : createReadStream(file, { start: 0, end: size - 1 });
      try {
        await sendRequest(
          s3,
          new PutObjectCommand({ Bucket: location.bucket, Key: location.key, Body: body ?? new Uint8Array(0), ContentLength: size }),
          { signal, timeouts, resource: uri },
        );
      } finally {
        body?.destroy();
      }
    },
    signal,
    PATIENT_RETRY,
  );
}

/** `s3://...` or `file://...`, parsed; a TypeError names `where` for anything else. */
function parseLocation(where: string, uri: string): Location {
  if (typeof uri !== 'string') throw new TypeError(`${where}: uri must be a string, got ${uri === null ? 'null' : typeof uri}`);
  if (uri.startsWith('file://')) return { kind: 'file', path: fileURLToPath(uri) };
  if (/^s3:\/\//i.test(uri)) {
    const location = parseS3Uri(uri);
    return 'key' in location
      ? { kind: 's3', bucket: location.bucket, key: location.key, isPrefix: false }
      : { kind: 's3', bucket: location.bucket, key: location.prefix, isPrefix: true };
  }
  throw new TypeError(`${where}: expected an s3:// or file:// URI, got ${JSON.stringify(uri)}`);
}

/** One object of a channel, and where it goes. */
interface PlannedObject {
  key: string;
  /** The path under destDir, `/`-separated. */
  path: string;
}

async function downloadS3Channel(
  s3: S3Client,
  uri: string,
  location: Extract<Location, { kind: 's3' }>,
  destDir: string,
  signal: AbortSignal | undefined,
): Promise<FetchedChannel> {
  const { bucket, key: prefix } = location;
  const keys = await listKeys(s3, bucket, prefix, uri, signal);
  const plan = planObjects(uri, prefix, keys);
  const { GetObjectCommand } = s3Sdk();

  let bytes = 0;
  await forEachConcurrently(plan, DOWNLOAD_CONCURRENCY, signal, async (object, inner) => {
    const target = join(destDir, ...object.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    const resource = `s3://${bucket}/${object.key}`;
    const written = await withRetry(
      async () => {
        const output = await sendRequest(s3, new GetObjectCommand({ Bucket: bucket, Key: object.key }), { signal: inner, timeouts: DEFAULT_TIMEOUTS, resource });
        // Never write through a hard link a file:// channel may have left at this path.
        await rm(target, { force: true });
        const body = output.Body as Readable | undefined;
        if (body === undefined) {
          await pipeline([], createWriteStream(target), { signal: inner });
        } else {
          await pipeline(body, createWriteStream(target), { signal: inner });
        }
        return (await stat(target)).size;
      },
      inner,
      PATIENT_RETRY,
    );
    bytes += written;
  });
  return { files: plan.length, bytes };
}

/** Every key under `prefix`, all pages of ListObjectsV2. */
async function listKeys(s3: S3Client, bucket: string, prefix: string, uri: string, signal: AbortSignal | undefined): Promise<string[]> {
  const { ListObjectsV2Command } = s3Sdk();
  const keys: string[] = [];
  let token: string | undefined;
  do {
    let page;
    try {
      page = await withRetry(
        () =>
          sendRequest(s3, new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix === '' ? undefined : prefix, ContinuationToken: token }), {
            signal,
            timeouts: DEFAULT_TIMEOUTS,
            resource: `s3://${bucket}/${prefix}`,
          }),
        signal,
        PATIENT_RETRY,
      );
    } catch (error) {
      throwIfAborted(signal);
      if ((error as { name?: unknown } | null)?.name === 'NoSuchBucket') {
        throw new Error(`fetchChannel: S3 bucket ${bucket} of ${uri} does not exist`, { cause: error });
      }
      throw error;
    }
    for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys;
}

/** Where each key goes under destDir; refuses unsafe names and file/directory clashes before anything is written. */
function planObjects(uri: string, prefix: string, keys: readonly string[]): PlannedObject[] {
  // An S3Prefix that is exactly one object's key: that object alone, under its own name.
  if (prefix !== '' && !prefix.endsWith('/') && keys.includes(prefix)) {
    const name = prefix.slice(prefix.lastIndexOf('/') + 1);
    checkPath(uri, prefix, name);
    return [{ key: prefix, path: name }];
  }
  const plan: PlannedObject[] = [];
  for (const key of keys) {
    if (!key.startsWith(prefix) || key.endsWith('/')) continue; // folder markers hold no data
    let path = key.slice(prefix.length);
    if (prefix !== '' && !prefix.endsWith('/') && path.startsWith('/')) path = path.slice(1);
    checkPath(uri, key, path);
    plan.push({ key, path });
  }
  const files = new Set(plan.map((object) => object.path));
  for (const { key, path } of plan) {
    for (let cut = path.indexOf('/'); cut !== -1; cut = path.indexOf('/', cut + 1)) {
      const dir = path.slice(0, cut);
      if (files.has(dir)) {
        throw new Error(`fetchChannel: ${uri} holds both ${prefix}${dir} and ${key}: ${dir} would be both a file and a directory`);
      }
    }
  }
  return plan;
}

/** Throws unless `path` is a plain relative path that stays inside the destination. */
function checkPath(uri: string, key: string, path: string): void {
  const refuse = (why: string): never => {
    throw new Error(`fetchChannel: refusing S3 key ${JSON.stringify(key)} of ${uri}: ${why}`);
  };
  if (path === '') refuse('it names no file under the prefix');
  if (path.includes('\0')) refuse('it contains a NUL character');
  if (path.startsWith('/') || isAbsolute(path)) refuse('it would be written at an absolute path');
  for (const segment of path.split('/')) {
    if (segment === '..') refuse("a '..' segment would escape the channel directory");
    if (segment === '.' || segment === '') refuse("an empty or '.' segment does not name a file or directory");
    if (Buffer.byteLength(segment, 'utf8') > MAX_NAME_BYTES) refuse(`a name is longer than ${MAX_NAME_BYTES} bytes`);
  }
  // The same check on the path as the OS sees it (a backslash is a separator on Windows).
  const probe = resolve('/channel', ...path.split('/'));
  if (!isInside(probe, resolve('/channel'))) refuse('it would escape the channel directory');
}

/** Runs `task` on every item, `limit` at a time; the first failure aborts the others and is thrown. */
async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal | undefined,
  task: (item: T, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const { controller, release } = linkedAbortController(signal);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        throwIfAborted(controller.signal);
        await task(item, controller.signal);
      } catch (error) {
        if (failure === undefined) {
          failure = { error };
          controller.abort(error);
        }
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  } finally {
    release();
  }
  if (failure !== undefined) throw failure.error;
  throwIfAborted(signal);
}

async function copyLocalChannel(uri: string, source: string, destDir: string, signal: AbortSignal | undefined): Promise<FetchedChannel> {
  let info: Stats;
  let real: string;
  try {
    real = await realpath(source);
    info = await stat(real);
  } catch (error) {
    throw new Error(`fetchChannel: ${uri} does not exist or cannot be read (${(error as Error).message})`, { cause: error });
  }
  const counts: FetchedChannel = { files: 0, bytes: 0 };
  if (info.isFile()) {
    await placeFile(real, info, join(destDir, basename(source)));
    return { files: 1, bytes: info.size };
  }
  if (!info.isDirectory()) throw new Error(`fetchChannel: ${uri} is neither a file nor a directory`);
  const dest = await realpath(destDir);
  if (isInside(dest, real) || isInside(real, dest)) {
    throw new Error(`fetchChannel: the channel directory ${destDir} and ${uri} overlap: one would be copied into itself`);
  }
  await copyTree(uri, real, dest, new Set([real]), counts, signal);
  return counts;
}

/** Places every file under `dir` (a real path) at the same place under `dest`; `ancestors` holds the real directories being walked, for loops. */
async function copyTree(uri: string, dir: string, dest: string, ancestors: Set<string>, counts: FetchedChannel, signal: AbortSignal | undefined): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => compareUtf8(a.name, b.name));
  for (const entry of entries) {
    throwIfAborted(signal);
    const path = join(dir, entry.name);
    const target = join(dest, entry.name);
    let real = path;
    if (entry.isSymbolicLink()) {
      try {
        real = await realpath(path);
      } catch (error) {
        throw new Error(`fetchChannel: ${path} in ${uri} is a dangling or looping symlink`, { cause: error });
      }
    }
    const info = await stat(real);
    if (info.isDirectory()) {
      if (ancestors.has(real)) throw new Error(`fetchChannel: ${path} in ${uri} links back to a directory it is in (a symlink loop)`);
      await mkdir(target, { recursive: true });
      ancestors.add(real);
      await copyTree(uri, real, target, ancestors, counts, signal);
      ancestors.delete(real);
    } else if (info.isFile()) {
      await placeFile(real, info, target);
      counts.files++;
      counts.bytes += info.size;
    } else {
      throw new Error(`fetchChannel: ${path} in ${uri} is not a regular file or a directory`);
    }
  }
}

/**
 * Copies `real` to `target`: a copy-on-write clone where the filesystem has them, else a plain
 * copy. Never a hard link: a job that changes an input file in place must not change the user's.
 */
async function placeFile(real: string, info: Stats, target: string): Promise<void> {
  await rm(target, { force: true });
  await copyFile(real, target, constants.COPYFILE_FICLONE);
  if ((await stat(target)).size !== info.size) throw new Error(`fetchChannel: ${real} changed while it was being copied`);
}

/** Copies `file` to `target` through a temporary file beside it, so `target` is never half-written. */
async function copyFileAtomically(file: string, target: string, signal: AbortSignal | undefined): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const partial = partialName(target);
  try {
    await pipeline(createReadStream(file), createWriteStream(partial, { flags: 'wx' }), { signal });
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/** The time limits of a PutObject of `size` bytes: the default ones, with room to send the body at 1 MiB/s. */
function uploadTimeouts(size: number): ResolvedTimeouts {
  const uploadMs = Math.ceil((size / MIN_UPLOAD_BYTES_PER_SECOND) * 1000);
  return { ...DEFAULT_TIMEOUTS, firstByteMs: Math.min(MAX_TIMER_MS, DEFAULT_TIMEOUTS.firstByteMs + uploadMs) };
}

/** `target` with a random suffix, in the same directory (a rename from there is atomic). */
function partialName(target: string): string {
  return `${target}.partial-${randomBytes(6).toString('hex')}`;
}

/** Whether `path` is `dir` or below it (both absolute). */
function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** Compares names by their UTF-8 bytes, as S3 orders keys. */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
