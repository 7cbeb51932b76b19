/**
 * The training log a script wrote as text into S3, streamed line by line. See
 * {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/logs.md#s3textlogsource | docs/logs.md}.
 *
 * @module
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { S3LogNotFoundError } from '../errors';
import { abortReason, sleep, throwIfAborted } from '../internal/sleep';
import { s3Sdk } from '../internal/sdk';
import type { FollowOptions, LogEvent, LogSource, ReadOptions } from './LogSource';
import { parseS3Uri } from './parseS3Uri';
import type { RetryOptions } from '../internal/withRetry';
import { PATIENT_RETRY, checkRetryOptions } from '../internal/withRetry';
import { delayMs, integerAtLeast } from '../internal/checkOptions';
import { resolveTimeouts } from '../internal/requestTimeouts';
import type { RequestTimeouts, ResolvedTimeouts } from '../internal/requestTimeouts';
import { checkJobName } from '../jobs/internal/checkJobName';
import { DEFAULT_MAX_LINE_BYTES, MAX_STRING_LENGTH } from './internal/LineSplitter';
import { jobOverCheck } from './internal/jobOverCheck';
import { compareKeys, listLogObjects } from './internal/listLogObjects';
import type { ListedLogObject } from './internal/listLogObjects';
import { S3LogObject } from './internal/S3LogObject';
import { LogBatchIterator } from './internal/LogBatchIterator';
import type { LogBatch } from './internal/LogBatchIterator';
import { httpStatus, notFoundError, s3ErrorCode, sendS3 } from './internal/S3ReadContext';
import type { S3ReadContext } from './internal/S3ReadContext';

/** Options of {@link S3TextLogSource}. */
export interface S3TextLogSourceOptions {
  /** The S3 client to read with (its region, credentials and endpoint are used as they are). */
  client: S3Client;
  /** `s3://bucket/key` for one object, `s3://bucket/prefix/` for every log object under the prefix. */
  uri: string;
  /** The training job the log belongs to: named in errors, and `follow()` stops when it ends (with `sagemaker`). */
  jobName?: string;
  /** With `jobName`: `follow()`'s default `until` is "the job reached Completed, Failed or Stopped". */
  sagemaker?: SageMakerClient;
  /** Default `pollIntervalMs` of `follow()` (5000 ms). */
  pollIntervalMs?: number;
  /** Retries of throttling, 5xx, dropped connections and timeouts (default: 10 attempts, 200 ms base, 10 s cap). */
  retry?: Pick<RetryOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs'>;
  /** Time to the first byte of each answer and silence in its body (default 30 s each); a body that stalls is resumed with Range. */
  timeouts?: RequestTimeouts;
  /**
   * Longest line handed out whole, in bytes (default 4 MiB): a longer line (progress bars joined
   * by `\r` with no `\n`) comes in pieces of at most this size, each but the last with
   * `continued: true`, so memory stays bounded whatever the log.
   */
  maxLineBytes?: number;
}

const DEFAULT_POLL_MS = 5_000;

/**
 * Reads a training log written as text into S3. `s3://bucket/key` reads that one object;
 * `s3://bucket/prefix/` reads every `.txt` and `.log` object under it (at any depth), and the
 * `.txt.gz` / `.log.gz` ones decompressed, in key order, and nothing else (`model.tar.gz` is not
 * a log). An explicit key is read whatever its name, decompressed when it ends in `.gz`.
 *
 * Text is streamed line by line, never held whole in memory: each event is
 * `{ message, source: key }` (S3 text has no timestamps). `\n` and `\r\n` both end a line; a
 * last line without a newline is still a line; UTF-8 characters cut between network chunks are
 * decoded correctly; a line longer than `maxLineBytes` comes in pieces marked `continued`.
 * Throttling and 5xx are retried with backoff; a connection dropped in the middle of a body, or a
 * body that goes silent for `timeouts.idleMs`, is resumed with a `Range` request from the last
 * byte received. Breaking out of the loop, or aborting, destroys the response body and its
 * socket at once.
 *
 * A read never mixes two versions of an object: it pins the version it started with (by
 * `VersionId` where the bucket has versions, and `If-Match` on the ETag). A new version that
 * repeats the text read so far (an append) is read on from where reading stopped; any other is
 * read again from its start if no line of it was handed out yet, and otherwise fails with
 * {@link S3ObjectChangedError}. A `.gz` object that cannot be decompressed fails with
 * {@link LogDecodeError} naming it (a prefix read stops there). See
 * {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/logs.md#s3textlogsource | docs/logs.md}.
 *
 * `follow()` polls (HeadObject for a key, ListObjectsV2 for a prefix) and yields what was
 * appended (a new ETag or a larger size, checked to be an append as above) and new objects
 * under the prefix. A line still being written (no newline yet) is held back until it is
 * completed or the follow ends. A missing object or an empty prefix is "nothing yet" while
 * following, an error in `read()`.
 *
 * @throws {InvalidS3UriError} from the constructor, for a malformed URI.
 *
 * @example
 * ```ts
 * import { S3Client } from '@aws-sdk/client-s3';
 * import { S3TextLogSource, saveLog } from 'sagemaker-bench';
 *
 * const source = new S3TextLogSource({
 *   client: new S3Client({ region: 'us-east-1' }),
 *   uri: 's3://fcncloudml/resnet50-p3-gpu4-b512-e2/',
 * });
 * for await (const event of source.read()) console.log(event.message);
 * const { lines, bytes } = await saveLog(source, 'resnet50-p3-gpu4-b512-e2.log');
 * ```
 */
export class S3TextLogSource implements LogSource {
  /** The URI as given. */
  readonly uri: string;
  /** The bucket of the URI. */
  readonly bucket: string;
  /** Set when the URI names one object. */
  readonly key: string | undefined;
  /** Set when the URI ends with `/` (or names only the bucket: `''`). */
  readonly prefix: string | undefined;
  /** The training job the log belongs to, when given. */
  readonly jobName: string | undefined;
  readonly #client: S3Client;
  readonly #sagemaker: SageMakerClient | undefined;
  readonly #pollIntervalMs: number;
  readonly #backoff: RetryOptions;
  readonly #timeouts: ResolvedTimeouts;
  readonly #maxLineBytes: number;

  /**
   * A log source over one S3 text object or every log object under a prefix. Nothing is sent until it is read.
   *
   * @param options - The client, the `s3://` URI, and how to read it.
   * @throws {InvalidS3UriError} for a malformed URI.
   */
  constructor(options: S3TextLogSourceOptions) {
    const where = 'S3TextLogSource';
    const location = parseS3Uri(options.uri);
    if (options.jobName !== undefined) checkJobName(options.jobName);
    this.uri = options.uri;
    this.bucket = location.bucket;
    this.key = 'key' in location ? location.key : undefined;
    this.prefix = 'prefix' in location ? location.prefix : undefined;
    this.jobName = options.jobName;
    this.#client = options.client;
    this.#sagemaker = options.sagemaker;
    this.#pollIntervalMs = delayMs(where, 'pollIntervalMs', options.pollIntervalMs, DEFAULT_POLL_MS);
    this.#backoff = checkRetryOptions(where, options.retry, PATIENT_RETRY);
    this.#timeouts = resolveTimeouts(where, options.timeouts);
    this.#maxLineBytes = integerAtLeast(where, 'maxLineBytes', options.maxLineBytes, 16, DEFAULT_MAX_LINE_BYTES, MAX_STRING_LENGTH);
  }

  /**
   * Every line there is now, in order.
   *
   * @throws {S3LogNotFoundError} when the bucket or the object does not exist, or the prefix holds no log object.
   * @example
   * ```ts
   * for await (const { message, source: key } of source.read({ signal: AbortSignal.timeout(60_000) })) {
   *   console.log(key, message);
   * }
   * ```
   */
  read(options: ReadOptions = {}): AsyncIterableIterator<LogEvent> {
    return new LogBatchIterator(this.#readBatches(this.#context(options.signal)));
  }

  /**
   * Lines as the log grows, until `until()` says it is over (by default, with `jobName` and
   * `sagemaker`: the job reached a terminal status; without them: until `signal` aborts), then
   * one last poll, so lines written at the very end are not lost.
   *
   * @example
   * ```ts
   * const source = new S3TextLogSource({ client: s3, uri, jobName, sagemaker });
   * for await (const event of source.follow({ pollIntervalMs: 10_000 })) console.log(event.message);
   * ```
   */
  follow(options: FollowOptions = {}): AsyncIterableIterator<LogEvent> {
    const interval = delayMs('S3TextLogSource.follow', 'pollIntervalMs', options.pollIntervalMs, this.#pollIntervalMs);
    return new LogBatchIterator(this.#followBatches(this.#context(options.signal), options, interval));
  }

  async *#readBatches(ctx: S3ReadContext): AsyncGenerator<LogBatch, void, undefined> {
    throwIfAborted(ctx.signal);
    if (this.key !== undefined) {
      yield* this.#objectBatches(ctx, this.#object(this.key), {});
      return;
    }
    const prefix = this.prefix ?? '';
    const listing = await listLogObjects(ctx, prefix);
    if (listing.logs.length === 0) {
      throw new S3LogNotFoundError({
        bucket: this.bucket,
        prefix,
        reason: 'NoLogObjects',
        jobName: this.jobName,
        detail:
          listing.skippedCount === 0
            ? 'the prefix is empty'
            : `${listing.skippedCount} other object${listing.skippedCount === 1 ? '' : 's'} skipped, e.g. ${listing.skippedSample.join(', ')}`,
      });
    }
    for (const entry of listing.logs) {
      yield* this.#objectBatches(ctx, this.#object(entry.key), entry);
    }
  }

  async *#objectBatches(ctx: S3ReadContext, object: S3LogObject, version: Partial<ListedLogObject>): AsyncGenerator<LogBatch, void, undefined> {
    yield* object.readNew(ctx, version);
    yield object.finish();
  }

  #object(key: string): S3LogObject {
    return new S3LogObject(key, { maxLineBytes: this.#maxLineBytes });
  }

  async *#followBatches(ctx: S3ReadContext, options: FollowOptions, interval: number): AsyncGenerator<LogBatch, void, undefined> {
    const { signal } = ctx;
    const until = options.until ?? this.#defaultUntil(signal);
    const objects = new Map<string, S3LogObject>();
    let bucketChecked = false;
    for (;;) {
      throwIfAborted(signal);
      const over = await until();
      let versions: ListedLogObject[];
      if (this.key !== undefined) {
        const head = await this.#headForFollow(ctx, this.key, !bucketChecked);
        bucketChecked = true;
        versions = head === undefined ? [] : [head];
      } else {
        versions = (await listLogObjects(ctx, this.prefix ?? '')).logs;
      }
      for (const entry of versions) {
        let object = objects.get(entry.key);
        if (object === undefined) {
          object = this.#object(entry.key);
          objects.set(entry.key, object);
        }
        if (!object.hasNews(entry)) continue;
        try {
          yield* object.readNew(ctx, entry);
        } catch (error) {
          // Deleted since the listing: nothing there for now.
          if (error instanceof S3LogNotFoundError && error.reason === 'NoSuchKey') continue;
          throw error;
        }
      }
      if (over) {
        // The end: lines still waiting for their newline are complete now.
        for (const key of [...objects.keys()].sort(compareKeys)) yield objects.get(key)!.finish();
        return;
      }
      await sleep(interval, signal);
    }
  }

  /** HeadObject for follow: undefined when the object does not exist yet (the bucket must). */
  async #headForFollow(ctx: S3ReadContext, key: string, checkBucket: boolean): Promise<ListedLogObject | undefined> {
    const { HeadObjectCommand, ListObjectsV2Command } = s3Sdk();
    try {
      const head = await sendS3(ctx, () => new HeadObjectCommand({ Bucket: ctx.bucket, Key: key }), `s3://${ctx.bucket}/${key}`);
      return { key, etag: head.ETag, size: head.ContentLength };
    } catch (error) {
      if (ctx.signal?.aborted) throw abortReason(ctx.signal);
      if (s3ErrorCode(error) !== 'NotFound' && httpStatus(error) !== 404) throw error;
    }
    if (checkBucket) {
      // HEAD says 404 for a missing bucket too: ask once in a way that tells them apart.
      try {
        await sendS3(ctx, () => new ListObjectsV2Command({ Bucket: ctx.bucket, Prefix: key, MaxKeys: 1 }), `s3://${ctx.bucket}/`);
      } catch (error) {
        if (ctx.signal?.aborted) throw abortReason(ctx.signal);
        throw notFoundError(ctx, error, { key }) ?? error;
      }
    }
    return undefined;
  }

  /**
   * What the source reads, in one line: `S3TextLogSource(s3://bucket/key)`, or
   * `S3TextLogSource(s3://bucket/prefix/)` for the log objects under a prefix. Sends nothing.
   *
   * @example
   * ```ts
   * console.log(String(source)); // S3TextLogSource(s3://fcncloudml/resnet50-p3-gpu4-b512-e2/)
   * ```
   */
  toString(): string {
    return `S3TextLogSource(${this.uri})`;
  }

  /** Node's `util.inspect` (and so notebooks and the REPL) shows {@link S3TextLogSource.toString}. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  #defaultUntil(signal: AbortSignal | undefined): () => boolean | Promise<boolean> {
    if (this.#sagemaker !== undefined && this.jobName !== undefined) {
      return jobOverCheck(this.#sagemaker, this.jobName, signal, this.#backoff, this.#timeouts);
    }
    return () => false;
  }

  #context(signal: AbortSignal | undefined): S3ReadContext {
    return { client: this.#client, bucket: this.bucket, signal, backoff: this.#backoff, timeouts: this.#timeouts, jobName: this.jobName };
  }
}
