/**
 * A small in-memory S3 bucket behind aws-sdk-client-mock, for S3TextLogSource unit tests:
 * GetObject (Range, If-Match, bodies cut into chosen chunks, resets mid-body), HeadObject and
 * ListObjectsV2 (paginated), with faults queued per operation.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NoSuchKey,
  NotFound,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { GetObjectCommandInput, HeadObjectCommandInput, ListObjectsV2CommandInput } from '@aws-sdk/client-s3';
import { sdkStreamMixin } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';

/** `short`: the body ends cleanly after `afterBytes`, short of the ContentLength announced. */
export type Fault =
  | { kind: 'throttle' }
  | { kind: 'internal' }
  | { kind: 'reset'; afterBytes: number }
  | { kind: 'stall'; afterBytes: number }
  | { kind: 'short'; afterBytes: number };

interface StoredObject {
  body: Buffer;
  etag: string;
}

export const s3Mock = mockClient(S3Client);

/** A real S3Client (its `send` is mocked by `s3Mock`). */
export const s3Client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

export function slowDown(): S3ServiceException {
  return new S3ServiceException({ name: 'SlowDown', $fault: 'server', $metadata: { httpStatusCode: 503 }, message: 'Please reduce your request rate.' });
}

export function internalError(): S3ServiceException {
  return new S3ServiceException({ name: 'InternalError', $fault: 'server', $metadata: { httpStatusCode: 500 }, message: 'We encountered an internal error.' });
}

export class FakeS3Bucket {
  readonly bucket: string;
  readonly objects = new Map<string, StoredObject>();
  /** Every GetObject request, in order. */
  readonly gets: GetObjectCommandInput[] = [];
  readonly heads: HeadObjectCommandInput[] = [];
  readonly lists: ListObjectsV2CommandInput[] = [];
  /** Every body handed out, to check they were consumed or destroyed. */
  readonly bodies: Readable[] = [];
  /** Faults for the next requests of each operation, used in order. */
  readonly faults: { GetObject: Fault[]; HeadObject: Fault[]; ListObjectsV2: Fault[] } = { GetObject: [], HeadObject: [], ListObjectsV2: [] };
  /** Body chunk size (bytes). */
  chunkSize = 7;
  /** ListObjectsV2 page size. */
  pageSize = 1000;
  exists = true;
  /** Answer GetObject whatever its If-Match says, as some S3-compatible stores do. */
  ignoreIfMatch = false;
  /** Called after each GetObject answer is made (1-based count): e.g. to re-upload an object mid-read. */
  afterGet: ((count: number) => void) | undefined;

  constructor(bucket = 'fcncloudml') {
    this.bucket = bucket;
  }

  put(key: string, content: string | Buffer): this {
    const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    this.objects.set(key, { body, etag: `"${createHash('md5').update(body).digest('hex')}"` });
    return this;
  }

  etag(key: string): string {
    return this.objects.get(key)!.etag;
  }

  /** Routes the mocked client's GetObject, HeadObject and ListObjectsV2 to this bucket. */
  install(): this {
    s3Mock.on(GetObjectCommand).callsFake((input: GetObjectCommandInput) => this.#get(input));
    s3Mock.on(HeadObjectCommand).callsFake((input: HeadObjectCommandInput) => this.#head(input));
    s3Mock.on(ListObjectsV2Command).callsFake((input: ListObjectsV2CommandInput) => this.#list(input));
    return this;
  }

  #checkBucket(name: string | undefined): void {
    if (!this.exists || name !== this.bucket) {
      throw new NoSuchBucket({ message: 'The specified bucket does not exist', $metadata: { httpStatusCode: 404 } });
    }
  }

  #get(input: GetObjectCommandInput) {
    this.gets.push(input);
    const fault = this.faults.GetObject.shift();
    if (fault?.kind === 'throttle') throw slowDown();
    if (fault?.kind === 'internal') throw internalError();
    this.#checkBucket(input.Bucket);
    const object = this.objects.get(input.Key ?? '');
    if (object === undefined) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } });
    if (!this.ignoreIfMatch && input.IfMatch !== undefined && input.IfMatch !== object.etag) {
      throw new S3ServiceException({ name: 'PreconditionFailed', $fault: 'client', $metadata: { httpStatusCode: 412 }, message: 'At least one of the pre-conditions you specified did not hold' });
    }
    let start = 0;
    if (input.Range !== undefined) {
      const match = /^bytes=(\d+)-$/.exec(input.Range);
      if (match === null) throw new Error(`unexpected Range ${input.Range}`);
      start = Number(match[1]);
      if (start >= object.body.length) {
        throw new S3ServiceException({ name: 'InvalidRange', $fault: 'client', $metadata: { httpStatusCode: 416 }, message: 'The requested range is not satisfiable' });
      }
    }
    const slice = object.body.subarray(start);
    const body = this.#body(slice, fault);
    this.afterGet?.(this.gets.length);
    return {
      Body: sdkStreamMixin(body),
      ETag: object.etag,
      ContentLength: slice.length,
      ContentRange: input.Range === undefined ? undefined : `bytes ${start}-${object.body.length - 1}/${object.body.length}`,
      $metadata: { httpStatusCode: input.Range === undefined ? 200 : 206 },
    };
  }

  #body(bytes: Buffer, fault: Fault | undefined): Readable {
    const limit = fault?.kind === 'reset' || fault?.kind === 'stall' || fault?.kind === 'short' ? fault.afterBytes : bytes.length;
    let at = 0;
    const size = this.chunkSize;
    // highWaterMark 0: read() runs only once the consumer has taken everything pushed, so a
    // reset loses no byte that was "received" (the Range of the resume is exactly afterBytes).
    const body = new Readable({
      highWaterMark: 0,
      read() {
        if (at >= limit) {
          if (fault?.kind === 'reset') this.destroy(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
          else if (fault?.kind !== 'stall') this.push(null);
          return; // 'stall': never sends more
        }
        const end = Math.min(limit, at + size);
        const chunk = Buffer.from(bytes.subarray(at, end));
        at = end;
        setImmediate(() => this.push(chunk));
      },
    });
    this.bodies.push(body);
    return body;
  }

  #head(input: HeadObjectCommandInput) {
    this.heads.push(input);
    const fault = this.faults.HeadObject.shift();
    if (fault?.kind === 'throttle') throw slowDown();
    if (fault?.kind === 'internal') throw internalError();
    const object = this.exists && input.Bucket === this.bucket ? this.objects.get(input.Key ?? '') : undefined;
    if (object === undefined) throw new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } });
    return { ETag: object.etag, ContentLength: object.body.length, $metadata: { httpStatusCode: 200 } };
  }

  #list(input: ListObjectsV2CommandInput) {
    this.lists.push(input);
    const fault = this.faults.ListObjectsV2.shift();
    if (fault?.kind === 'throttle') throw slowDown();
    if (fault?.kind === 'internal') throw internalError();
    this.#checkBucket(input.Bucket);
    // Pages in insertion order (not sorted), to prove the source sorts by key itself.
    const keys = [...this.objects.keys()].filter((k) => k.startsWith(input.Prefix ?? ''));
    const start = input.ContinuationToken === undefined ? 0 : Number(input.ContinuationToken);
    const size = Math.min(this.pageSize, input.MaxKeys ?? 1000);
    const page = keys.slice(start, start + size);
    const more = start + size < keys.length;
    return {
      Contents: page.map((Key) => ({ Key, ETag: this.objects.get(Key)!.etag, Size: this.objects.get(Key)!.body.length })),
      IsTruncated: more,
      NextContinuationToken: more ? String(start + size) : undefined,
      KeyCount: page.length,
      $metadata: { httpStatusCode: 200 },
    };
  }
}

/** Collects an async iterable (with a safety cap, so a bug cannot hang a test forever). */
export async function collect<T>(iterable: AsyncIterable<T>, max = 100_000): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) {
    out.push(item);
    if (out.length >= max) throw new Error(`more than ${max} items`);
  }
  return out;
}
