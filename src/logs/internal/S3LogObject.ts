/**
 * One S3 log object being read, line by line, across dropped connections, polls and re-uploads,
 * never mixing two versions of it. Internal to S3TextLogSource.
 *
 * State kept between calls: the version being read (its ETag, and its VersionId where the
 * bucket keeps versions), how many bytes of the stored object were received (`rawOffset`), how
 * many bytes of text were given to the line splitter (`delivered`: the same for plain objects,
 * the decompressed count for `.gz`), the last {@link TAIL_BYTES} of that text, whether any line
 * of the object has been handed out yet, and the splitter, which holds the line still being
 * written.
 *
 * **Pinning.** The first GetObject learns the version; every later request for more bytes of it
 * (a `Range` resume after a dropped connection, or the next poll of `follow()`) names it: by
 * `VersionId` where the bucket has versions (the old version is then read to its end even if the
 * object has been replaced since), and always with `If-Match: <ETag>`.
 *
 * **A new version** (If-Match failed, or a poll shows a new ETag) is an append when it repeats the
 * text read so far: its size is at least `delivered`, and the last {@link TAIL_BYTES} read are
 * found again at the same offset (plain objects: a `Range` request that starts that many bytes
 * early; `.gz`: decompressed again from the start, the text read so far skipped and its tail
 * compared). Reading then goes on where it stopped, in the new version. Anything else is a
 * rewrite: when no line of the object has been handed out yet it is read again from its start,
 * cleanly; otherwise {@link S3ObjectChangedError} is thrown, because going on would stitch two
 * versions together.
 *
 * **Decoding.** A `.gz` object that is not gzip, is corrupt or is truncated throws
 * {@link LogDecodeError} naming the object. For `.gz` a dropped connection is resumed on the
 * compressed bytes and fed to the same inflater, so nothing is decompressed twice.
 */
import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { IncompleteObjectError, LogDecodeError, S3LogNotFoundError, S3ObjectChangedError } from '../../errors';
import { isTransient } from '../../internal/isTransient';
import { s3Sdk } from '../../internal/sdk';
import { abortReason, linkedAbortController, sleep, throwIfAborted } from '../../internal/sleep';
import { PATIENT_RETRY, backoffDelay } from '../../internal/withRetry';
import { LineSplitter } from './LineSplitter';
import type { CursorLogBatch } from './LogBatchIterator';
import { httpStatus, notFoundError, s3ErrorCode, sendS3 } from './S3ReadContext';
import type { S3ReadContext } from './S3ReadContext';

/** What a listing or HeadObject says about an object. */
export interface ObjectVersion {
  etag?: string | undefined;
  size?: number | undefined;
}

/** How much of the text read so far a new version must repeat to count as an append. */
export const TAIL_BYTES = 64 * 1024;

/** If-Match failed, or the pinned version is gone: the object was replaced. */
class ObjectChanged extends Error {}

/** The new version does not repeat the text read so far. */
class Rewritten extends Error {}

/** Version changes handled in a row, while reading, before giving up. */
const MAX_CHANGES = 5;

export class S3LogObject {
  readonly key: string;
  readonly gzip: boolean;
  readonly #maxLineBytes: number | undefined;
  #etag: string | undefined;
  #versionId: string | undefined;
  /** Send VersionId on resumes (false once the caller turned out not to be allowed to). */
  #useVersionId = true;
  #size: number | undefined;
  #rawOffset = 0;
  #delivered = 0;
  /** The last chunks of text delivered, at least TAIL_BYTES of them when there are that many. */
  #tail: Buffer[] = [];
  #tailBytes = 0;
  /** A new version was seen and must be checked to be an append before reading on. */
  #unverified = false;
  /** A line (or a piece of one) of this object has been handed out. */
  #yielded = false;
  /** `.gz`: the current version has been decompressed to its end. */
  #passDone = false;
  #splitter: LineSplitter;
  /** The lines of the chunk just received, decoded as they are taken. */
  readonly #batch: CursorLogBatch;

  constructor(key: string, options: { gzip?: boolean; maxLineBytes?: number | undefined } = {}) {
    this.key = key;
    this.gzip = options.gzip ?? /\.gz$/i.test(key);
    this.#maxLineBytes = options.maxLineBytes;
    this.#splitter = this.#newSplitter();
    // `continued` is a plain property set with each line (a getter chain costs ~5x more per event).
    const batch: { source: string; continued: boolean; next(): string | undefined } = {
      source: key,
      continued: false,
      next: () => {
        const splitter = this.#splitter;
        const line = splitter.next();
        batch.continued = splitter.continued;
        if (line !== undefined) this.#yielded = true;
        return line;
      },
    };
    this.#batch = batch;
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
  async *readNew(ctx: S3ReadContext, version: ObjectVersion = {}): AsyncGenerator<CursorLogBatch, void, undefined> {
    this.#see(ctx, version);
    for (let changes = 0; ; changes++) {
      try {
        if (this.gzip) yield* this.#gzipPass(ctx);
        else yield* this.#plainRead(ctx);
        return;
      } catch (error) {
        if (error instanceof Rewritten) {
          this.#rewritten(ctx);
          continue;
        }
        if (!(error instanceof ObjectChanged)) throw error;
        if (changes >= MAX_CHANGES) {
          throw new S3ObjectChangedError(
            { bucket: ctx.bucket, key: this.key, etag: this.#etagRead, newEtag: this.#etag, offset: this.#delivered, times: changes + 1 },
            { cause: error },
          );
        }
        this.#versionId = undefined;
        const head = await this.#head(ctx);
        // The same ETag again (a lost VersionId, say): read on with If-Match alone.
        if (head.etag === this.#etag) this.#useVersionId = false;
        this.#see(ctx, head, true);
      }
    }
  }

  /** The end of the log: the last line if it had no newline (held until now), as a batch. */
  finish(): CursorLogBatch {
    this.#splitter.end();
    return this.#batch;
  }

  #newSplitter(): LineSplitter {
    return new LineSplitter(this.#maxLineBytes === undefined ? {} : { maxLineBytes: this.#maxLineBytes });
  }

  /** Takes note of what a listing or HeadObject said; a new ETag must prove to be an append. */
  #see(ctx: S3ReadContext, version: ObjectVersion, changed = false): void {
    const { etag, size } = version;
    if (changed || (etag !== undefined && this.#etag !== undefined && etag !== this.#etag)) {
      this.#versionId = undefined;
      if (this.#delivered === 0) {
        // Nothing read yet: the new version is simply the one to read.
        this.#restart();
      } else if (size !== undefined && size < (this.gzip ? 0 : this.#delivered)) {
        this.#etag = etag;
        this.#rewritten(ctx);
      } else {
        this.#unverified = true;
        if (this.gzip) this.#passDone = false;
      }
    }
    if (etag !== undefined) this.#etag = etag;
    if (size !== undefined) this.#size = size;
  }

  /** The object was replaced by another text: start over if nothing was handed out, else fail. */
  #rewritten(ctx: S3ReadContext): void {
    if (this.#yielded) {
      throw new S3ObjectChangedError({ bucket: ctx.bucket, key: this.key, etag: this.#etagRead, newEtag: this.#etag, offset: this.#delivered });
    }
    this.#restart();
  }

  /** The ETag of the text handed out so far (kept for the error message). */
  #etagRead: string | undefined;

  #restart(): void {
    this.#rawOffset = 0;
    this.#delivered = 0;
    this.#tail = [];
    this.#tailBytes = 0;
    this.#unverified = false;
    this.#passDone = false;
    this.#versionId = undefined;
    this.#splitter = this.#newSplitter();
  }

  /** Gives text to the splitter, keeping its tail for append checks. */
  #deliver(chunk: Buffer): void {
    this.#delivered += chunk.length;
    this.#tail.push(chunk);
    this.#tailBytes += chunk.length;
    while (this.#tail.length > 1 && this.#tailBytes - this.#tail[0]!.length >= TAIL_BYTES) this.#tailBytes -= this.#tail.shift()!.length;
    this.#splitter.push(chunk);
  }

  /** The last `TAIL_BYTES` (or fewer, if less was read) of the text delivered. */
  #tailText(): Buffer {
    const all = this.#tail.length === 1 ? this.#tail[0]! : Buffer.concat(this.#tail);
    return all.length > TAIL_BYTES ? all.subarray(all.length - TAIL_BYTES) : all;
  }

  async *#plainRead(ctx: S3ReadContext): AsyncGenerator<CursorLogBatch, void, undefined> {
    const verify = this.#unverified ? this.#tailText() : undefined;
    if (verify === undefined && this.#etag !== undefined && this.#size !== undefined && this.#rawOffset >= this.#size) return;
    for await (const chunk of this.#fetch(ctx, verify)) {
      this.#etagRead = this.#etag;
      this.#deliver(chunk);
      yield this.#batch;
    }
  }

  async *#gzipPass(ctx: S3ReadContext): AsyncGenerator<CursorLogBatch, void, undefined> {
    if (this.#passDone) return;
    const skip = this.#delivered;
    const expected = this.#unverified ? this.#tailText() : undefined;
    /** The text of the skipped part that must match `expected` (its last bytes). */
    const seenTail: Buffer[] = [];
    let seenTailBytes = 0;
    let seen = 0;
    this.#rawOffset = 0;
    // Readable.from reads ahead: its generator may be waiting on the body when the pass ends, so
    // the pass has its own abort, which destroys that body (and its socket) at once.
    const { controller: pass, release } = linkedAbortController(ctx.signal);
    const raw = Readable.from(this.#fetch({ ...ctx, signal: pass.signal }, undefined), { objectMode: false });
    const gunzip = createGunzip();
    pipeline(raw, gunzip, () => undefined);
    try {
      for await (const out of gunzip as AsyncIterable<Buffer>) {
        let chunk = out;
        if (seen < skip) {
          const drop = Math.min(skip - seen, out.length);
          if (expected !== undefined && seen + drop > skip - expected.length) {
            const from = Math.max(0, skip - expected.length - seen);
            seenTail.push(out.subarray(from, drop));
            seenTailBytes += drop - from;
          }
          seen += drop;
          if (seen === skip && expected !== undefined) {
            this.#checkTail(expected, seenTail, seenTailBytes);
          }
          if (drop === out.length) continue;
          chunk = out.subarray(drop);
        }
        seen += chunk.length;
        this.#unverified = false;
        this.#etagRead = this.#etag;
        this.#deliver(chunk);
        yield this.#batch;
      }
    } catch (error) {
      if (isZlibError(error)) throw this.#decodeError(ctx, error);
      if (pass.signal.aborted && ctx.signal?.aborted) throw abortReason(ctx.signal);
      throw error;
    } finally {
      release();
      pass.abort(new DOMException('The .gz pass ended', 'AbortError'));
      gunzip.destroy();
      raw.destroy();
    }
    if (seen < skip) {
      // The new version's text is shorter than what was already read: not an append.
      throw new Rewritten();
    }
    this.#unverified = false;
    this.#passDone = true;
  }

  #checkTail(expected: Buffer, seen: Buffer[], seenBytes: number): void {
    if (seenBytes !== expected.length || !Buffer.concat(seen, seenBytes).equals(expected)) throw new Rewritten();
  }

  #decodeError(ctx: S3ReadContext, error: unknown): LogDecodeError {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown }).code;
    const reason =
      code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(message)
        ? `it is truncated (${message})`
        : /incorrect header check|not in gzip format/i.test(message)
          ? `it is not gzip data (${message})`
          : `it is corrupt (${message})`;
    return new LogDecodeError({ bucket: ctx.bucket, key: this.key, reason }, { cause: error });
  }

  async #head(ctx: S3ReadContext): Promise<ObjectVersion> {
    const { HeadObjectCommand } = s3Sdk();
    try {
      const head = await sendS3(ctx, () => new HeadObjectCommand({ Bucket: ctx.bucket, Key: this.key }), `s3://${ctx.bucket}/${this.key}`);
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
   * The bytes of the pinned version from `rawOffset` to its end, resuming with Range after a
   * dropped connection, a stalled body or a short body. With `verify`, the request starts
   * `verify.length` bytes early and those bytes must equal `verify` (else {@link Rewritten}).
   * Every body is consumed or destroyed.
   */
  async *#fetch(ctx: S3ReadContext, verify: Buffer | undefined): AsyncGenerator<Buffer> {
    const { GetObjectCommand } = s3Sdk();
    const { signal } = ctx;
    const attempts = Math.max(1, ctx.backoff.attempts ?? PATIENT_RETRY.attempts);
    /** Bytes of `verify` still to be checked. */
    let check = verify;
    let end: number | undefined;
    let failures = 0;
    for (;;) {
      throwIfAborted(signal);
      const early = check?.length ?? 0;
      if (end !== undefined && this.#rawOffset >= end && early === 0) return;
      const from = this.#rawOffset - early;
      const versionId = this.#useVersionId ? this.#versionId : undefined;
      let response: GetObjectCommandOutput;
      try {
        response = await sendS3(
          ctx,
          () =>
            new GetObjectCommand({
              Bucket: ctx.bucket,
              Key: this.key,
              Range: from > 0 ? `bytes=${from}-` : undefined,
              IfMatch: this.#etag,
              VersionId: versionId,
            }),
          `s3://${ctx.bucket}/${this.key}`,
        );
      } catch (error) {
        if (signal?.aborted) throw abortReason(signal);
        const code = s3ErrorCode(error);
        const status = httpStatus(error);
        if (code === 'PreconditionFailed' || status === 412) throw new ObjectChanged();
        if (versionId !== undefined && (code === 'NoSuchVersion' || code === 'InvalidArgument')) throw new ObjectChanged();
        if (versionId !== undefined && (code === 'AccessDenied' || status === 403)) {
          // Not allowed s3:GetObjectVersion: pin by ETag alone.
          this.#useVersionId = false;
          continue;
        }
        if (from > 0 && (code === 'InvalidRange' || status === 416)) {
          // Nothing at or after `from`: the object ends exactly there (or, when checking, is shorter than what was read).
          if (early > 0) throw new Rewritten();
          return;
        }
        throw notFoundError(ctx, error, { key: this.key }) ?? error;
      }

      if (this.#etag === undefined) this.#etag = response.ETag;
      else if (response.ETag !== undefined && response.ETag !== this.#etag) {
        // A store that ignored If-Match: the body is another version's, and is not read.
        toReadable(response.Body).destroy();
        throw new ObjectChanged();
      }
      if (this.#useVersionId && response.VersionId !== undefined && response.VersionId !== 'null') this.#versionId ??= response.VersionId;
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
        for await (const received of body as AsyncIterable<Uint8Array>) {
          let chunk = toBuffer(received);
          progressed = true;
          if (check !== undefined) {
            const n = Math.min(check.length, chunk.length);
            if (!chunk.subarray(0, n).equals(check.subarray(0, n))) throw new Rewritten();
            check = n === check.length ? undefined : check.subarray(n);
            if (n === chunk.length) continue;
            chunk = chunk.subarray(n);
          }
          this.#unverified = false;
          this.#rawOffset += chunk.length;
          yield chunk;
        }
      } catch (error) {
        if (signal?.aborted) throw abortReason(signal);
        if (error instanceof Rewritten || !isTransient(error)) throw error;
        failure = error;
      } finally {
        signal?.removeEventListener('abort', onAbort);
        body.destroy();
      }
      const position = this.#rawOffset - (check?.length ?? 0);
      if (failure === undefined && (end === undefined || position >= end)) {
        // The whole version was received; if part of the text to check is missing, it is shorter than what was read.
        if (check !== undefined) throw new Rewritten();
        return;
      }

      // The connection dropped, the body stalled, or it ended short of Content-Length: resume from here.
      failures = progressed ? 1 : failures + 1;
      if (failures >= attempts) {
        throw failure ?? new IncompleteObjectError({ bucket: ctx.bucket, key: this.key, offset: this.#rawOffset, size: end, attempts: failures });
      }
      if (!progressed) await sleep(backoffDelay(failures, ctx.backoff), signal);
    }
  }
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
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
