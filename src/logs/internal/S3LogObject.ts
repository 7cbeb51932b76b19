/**
 * One S3 log object being read, line by line, across dropped connections, polls and re-uploads.
 * Internal to S3TextLogSource.
 *
 * State kept between calls: the ETag and size last seen, how many bytes of the stored object
 * were received (`rawOffset`), how many bytes of text were given to the line splitter
 * (`delivered`: the same for plain objects, the decompressed count for `.gz`), and the splitter
 * itself, which holds the line still being written.
 *
 * - A dropped connection mid-body resumes with `Range: bytes=<rawOffset>-` and
 *   `If-Match: <ETag>`. For `.gz` the compressed bytes are resumed and fed to the same inflater,
 *   so decompression continues where it stopped.
 * - A new version (ETag changed) of a plain object at least as long as what was read is read
 *   from `rawOffset` (a log re-uploaded with lines appended); a shorter one is read again from
 *   the start with a fresh splitter. A new version of a `.gz` object is decompressed from the
 *   start and its first `delivered` bytes are skipped; if it turns out shorter than that, it is
 *   read again from the start.
 */
import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { abortReason, sleep, throwIfAborted } from '../../internal/sleep';
import { s3Sdk } from '../../internal/sdk';
import { S3LogNotFoundError } from '../../errors';
import { isTransient } from '../../internal/isTransient';
import { PATIENT_RETRY, backoffDelay, withRetry } from '../../internal/withRetry';
import { LineSplitter } from './LineSplitter';
import type { LogBatch } from './LogBatchIterator';
import { httpStatus, notFoundError, s3ErrorCode } from './S3ReadContext';
import type { S3ReadContext } from './S3ReadContext';

/** What a listing or HeadObject says about an object. */
export interface ObjectVersion {
  etag?: string | undefined;
  size?: number | undefined;
}

/** If-Match failed: the object was replaced while it was being read. */
class ObjectChanged extends Error {}

/** A version change while reading is handled this many times in a row before giving up. */
const MAX_CHANGES = 5;

export class S3LogObject {
  readonly key: string;
  readonly gzip: boolean;
  #etag: string | undefined;
  #size: number | undefined;
  #rawOffset = 0;
  #delivered = 0;
  /** `.gz`: the current version has been decompressed to its end. */
  #passDone = false;
  #splitter = new LineSplitter();
  /** The lines of the chunk just received, decoded as they are taken. */
  readonly #batch: LogBatch;

  constructor(key: string, gzip = /\.gz$/i.test(key)) {
    this.key = key;
    this.gzip = gzip;
    this.#batch = { source: key, next: () => this.#splitter.next() };
  }

  /** Bytes of the stored object received so far (compressed bytes for `.gz`). */
  get rawOffset(): number {
    return this.#rawOffset;
  }

  /** The ETag of the version being read, once known. */
  get etag(): string | undefined {
    return this.#etag;
  }

  /** Whether `version` (from a listing or HeadObject) has bytes this object has not read. */
  hasNews(version: ObjectVersion): boolean {
    if (this.#etag === undefined || (version.etag !== undefined && version.etag !== this.#etag)) return true;
    if (this.gzip) return !this.#passDone;
    return version.size === undefined || version.size > this.#rawOffset;
  }

  /**
   * Reads from where the last call stopped to the end of the object as it is now, yielding the
   * lines completed by each chunk (take them all before resuming). `version` is what a listing
   * or HeadObject just said.
   */
  async *readNew(ctx: S3ReadContext, version: ObjectVersion = {}): AsyncGenerator<LogBatch, void, undefined> {
    this.#see(version);
    for (let changes = 0; ; changes++) {
      try {
        if (this.gzip) yield* this.#gzipPass(ctx);
        else yield* this.#plainRead(ctx);
        return;
      } catch (error) {
        if (!(error instanceof ObjectChanged)) throw error;
        if (changes >= MAX_CHANGES) {
          throw new Error(`s3://${ctx.bucket}/${this.key} was replaced ${changes + 1} times while it was being read`, { cause: error });
        }
        this.#see(await this.#head(ctx));
      }
    }
  }

  /** The end of the log: the last line if it had no newline (held until now). */
  finish(): string[] {
    return this.#splitter.end();
  }

  #see(version: ObjectVersion): void {
    const { etag, size } = version;
    if (etag !== undefined && this.#etag !== undefined && etag !== this.#etag) {
      if (this.gzip) this.#passDone = false;
      else if (size !== undefined && size < this.#rawOffset) this.#restart();
    }
    if (etag !== undefined) this.#etag = etag;
    if (size !== undefined) this.#size = size;
  }

  #restart(): void {
    this.#rawOffset = 0;
    this.#delivered = 0;
    this.#passDone = false;
    this.#splitter = new LineSplitter();
  }

  async *#plainRead(ctx: S3ReadContext): AsyncGenerator<LogBatch, void, undefined> {
    if (this.#etag !== undefined && this.#size !== undefined && this.#rawOffset >= this.#size) return;
    for await (const chunk of this.#fetch(ctx)) {
      this.#delivered += chunk.length;
      this.#splitter.push(chunk);
      yield this.#batch;
    }
  }

  async *#gzipPass(ctx: S3ReadContext): AsyncGenerator<LogBatch, void, undefined> {
    if (this.#passDone) return;
    const skip = this.#delivered;
    let seen = 0;
    this.#rawOffset = 0;
    const raw = Readable.from(this.#fetch(ctx), { objectMode: false });
    const gunzip = createGunzip();
    pipeline(raw, gunzip, () => undefined);
    try {
      for await (const out of gunzip as AsyncIterable<Buffer>) {
        let chunk = out;
        if (seen < skip) {
          const drop = Math.min(skip - seen, out.length);
          seen += drop;
          if (drop === out.length) continue;
          chunk = out.subarray(drop);
        }
        seen += chunk.length;
        this.#delivered = seen;
        this.#splitter.push(chunk);
        yield this.#batch;
      }
    } finally {
      gunzip.destroy();
      raw.destroy();
    }
    if (seen < skip) {
      // The new version is shorter than what was already read: it replaced the log, read it all.
      this.#restart();
      yield* this.#gzipPass(ctx);
      return;
    }
    this.#passDone = true;
  }

  async #head(ctx: S3ReadContext): Promise<ObjectVersion> {
    const { HeadObjectCommand } = s3Sdk();
    try {
      const head = await withRetry(
        () => ctx.client.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: this.key }), { abortSignal: ctx.signal }),
        ctx.signal,
        ctx.backoff,
      );
      return { etag: head.ETag, size: head.ContentLength };
    } catch (error) {
      if (ctx.signal?.aborted) throw abortReason(ctx.signal);
      if (s3ErrorCode(error) === 'NotFound' || httpStatus(error) === 404) {
        throw new S3LogNotFoundError(
          { bucket: ctx.bucket, key: this.key, reason: 'NoSuchKey', jobName: ctx.jobName, detail: 'it was deleted while it was being read' },
          { cause: error },
        );
      }
      throw error;
    }
  }

  /**
   * The bytes of the object from `rawOffset` to its end, resuming with Range + If-Match after
   * a dropped connection or a short body. Every body is consumed or destroyed.
   */
  async *#fetch(ctx: S3ReadContext): AsyncGenerator<Uint8Array> {
    const { GetObjectCommand } = s3Sdk();
    const { signal } = ctx;
    const attempts = Math.max(1, ctx.backoff.attempts ?? PATIENT_RETRY.attempts);
    let end: number | undefined;
    let failures = 0;
    for (;;) {
      throwIfAborted(signal);
      if (end !== undefined && this.#rawOffset >= end) return;
      const from = this.#rawOffset;
      let response: GetObjectCommandOutput;
      try {
        response = await withRetry(
          () =>
            ctx.client.send(
              new GetObjectCommand({
                Bucket: ctx.bucket,
                Key: this.key,
                Range: from > 0 ? `bytes=${from}-` : undefined,
                IfMatch: this.#etag,
              }),
              { abortSignal: signal },
            ),
          signal,
          ctx.backoff,
        );
      } catch (error) {
        if (signal?.aborted) throw abortReason(signal);
        const code = s3ErrorCode(error);
        if (code === 'PreconditionFailed' || httpStatus(error) === 412) throw new ObjectChanged();
        // Nothing at or after `from`: the object ends exactly where we stopped.
        if (from > 0 && (code === 'InvalidRange' || httpStatus(error) === 416)) return;
        throw notFoundError(ctx, error, { key: this.key }) ?? error;
      }

      this.#etag ??= response.ETag;
      end = totalSize(response, from);
      if (end !== undefined) this.#size = end;
      const body = toReadable(response.Body);
      let failure: unknown;
      let progressed = false;
      const onAbort = (): void => {
        body.destroy(abortReason(signal!) as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        for await (const chunk of body as AsyncIterable<Uint8Array>) {
          this.#rawOffset += chunk.length;
          progressed = true;
          yield chunk;
        }
      } catch (error) {
        if (signal?.aborted) throw abortReason(signal);
        if (!isTransient(error)) throw error;
        failure = error;
      } finally {
        signal?.removeEventListener('abort', onAbort);
        body.destroy();
      }
      if (failure === undefined && (end === undefined || this.#rawOffset >= end)) return;

      // The connection dropped, or the body ended short of Content-Length: resume from here.
      failures = progressed ? 1 : failures + 1;
      if (failures >= attempts) {
        throw (
          failure ??
          new Error(`the body of s3://${ctx.bucket}/${this.key} kept ending early, at byte ${this.#rawOffset} of ${end ?? '?'}`)
        );
      }
      if (!progressed) await sleep(backoffDelay(failures, ctx.backoff), signal);
    }
  }
}

/** The size of the whole object: from `Content-Range: bytes a-b/total`, else `from + Content-Length`. */
function totalSize(response: GetObjectCommandOutput, from: number): number | undefined {
  const range = response.ContentRange === undefined ? null : /\/(\d+)\s*$/.exec(response.ContentRange);
  if (range !== null) return Number(range[1]);
  return response.ContentLength === undefined ? undefined : from + response.ContentLength;
}

/** The body as a Node Readable (the SDK gives an IncomingMessage in Node; tests may give other shapes). */
function toReadable(body: unknown): Readable {
  if (body instanceof Readable) return body;
  if (body === undefined || body === null) return Readable.from([]);
  if (typeof body === 'string' || body instanceof Uint8Array) return Readable.from([Buffer.from(body)]);
  if (typeof (body as ReadableStream).getReader === 'function') {
    return Readable.fromWeb(body as Parameters<typeof Readable.fromWeb>[0]);
  }
  if (typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') {
    return Readable.from(body as AsyncIterable<Uint8Array>, { objectMode: false });
  }
  throw new TypeError(`unexpected GetObject body: ${Object.prototype.toString.call(body)}`);
}
