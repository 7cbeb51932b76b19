/**
 * A tiny S3 in process, for benchmarks that run on virtual time (no sockets, no moto): an SDK v3
 * request handler answering, for path-style requests (`forcePathStyle: true`), as the S3 REST API
 * does:
 *
 * - ListObjectsV2 (`GET /<bucket>/?list-type=2`): `prefix`, `start-after`, `max-keys` (default
 *   1000) and `continuation-token`, answered with the `ListBucketResult` XML the SDK parses
 *   (Name, Prefix, KeyCount, MaxKeys, IsTruncated, NextContinuationToken, Contents with Key,
 *   LastModified, ETag, Size, StorageClass), keys in UTF-8 byte order;
 * - GetObject (`GET /<bucket>/<key>`): the object, with ETag, Content-Length, Last-Modified and
 *   Content-Type; `Range: bytes=a-` / `bytes=a-b` (206 with Content-Range; 416 InvalidRange past
 *   the end); `If-Match` (412 PreconditionFailed on another ETag);
 * - HeadObject (`HEAD /<bucket>/<key>`): the same headers, no body (404 without a body when missing).
 *
 * Errors are S3's XML `<Error><Code>...</Code><Message>...</Message>...</Error>` with its status:
 * NoSuchBucket (404), NoSuchKey (404), PreconditionFailed (412), InvalidRange (416), and
 * NotImplemented (501) for anything else. Signatures are not checked.
 *
 * @example
 * ```ts
 * const s3 = new InProcessS3();
 * s3.put('bench-bucket', 'out/job-1/training-log.txt', 'Epoch 1/5\n...');
 * const client = new S3Client({
 *   requestHandler: s3.requestHandler(),
 *   region: 'us-east-1',
 *   credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
 *   forcePathStyle: true,
 * });
 * await client.send(new ListObjectsV2Command({ Bucket: 'bench-bucket', Prefix: 'out/job-1/' }));
 * s3.counts(); // { ListObjectsV2: 1 }
 * ```
 */
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';

interface StoredObject {
  body: Buffer;
  etag: string;
  lastModified: Date;
}

/** The part of an SDK v3 `HttpRequest` this handler reads. */
interface SdkHttpRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null | undefined>;
  headers: Record<string, string>;
}

/** An SDK v3 request handler serving requests in process (no sockets). */
export interface InProcessS3Handler {
  handle(request: SdkHttpRequest): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: Readable } }>;
  updateHttpClientConfig(): void;
  httpHandlerConfigs(): Record<string, never>;
  destroy(): void;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function header(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

function queryValue(query: SdkHttpRequest['query'], name: string): string | undefined {
  const value = query?.[name];
  if (Array.isArray(value)) return value[0];
  return value ?? undefined;
}

/** Compares keys the way S3 orders them: by their UTF-8 bytes. */
function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Buckets of objects, and the handler that serves them. */
export class InProcessS3 {
  private readonly buckets = new Map<string, Map<string, StoredObject>>();
  private readonly tally = new Map<string, number>();

  /** Creates the bucket if needed and stores (or replaces) the object. */
  put(bucket: string, key: string, body: string | Uint8Array, lastModified: Date = new Date(Date.UTC(2025, 0, 6, 9, 0, 0))): void {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
    const etag = `"${createHash('md5').update(bytes).digest('hex')}"`;
    let objects = this.buckets.get(bucket);
    if (objects === undefined) {
      objects = new Map();
      this.buckets.set(bucket, objects);
    }
    objects.set(key, { body: bytes, etag, lastModified });
  }

  /** Requests answered so far per operation (`ListObjectsV2`, `GetObject`, `HeadObject`, `Other`), errors included. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.tally);
  }

  /** Bytes stored in every object of every bucket. */
  storedBytes(): number {
    let total = 0;
    for (const objects of this.buckets.values()) for (const object of objects.values()) total += object.body.length;
    return total;
  }

  /** An SDK request handler: `new S3Client({ requestHandler: s3.requestHandler(), forcePathStyle: true, ... })`. */
  requestHandler(): InProcessS3Handler {
    return {
      handle: async (request) => {
        const answer = this.answer(request);
        return { response: { statusCode: answer.status, headers: answer.headers, body: Readable.from(answer.body.length === 0 ? [] : [answer.body]) } };
      },
      updateHttpClientConfig: () => {},
      httpHandlerConfigs: () => ({}),
      destroy: () => {},
    };
  }

  private count(operation: string): void {
    this.tally.set(operation, (this.tally.get(operation) ?? 0) + 1);
  }

  private answer(request: SdkHttpRequest): Answer {
    const [bucketPart = '', ...keyParts] = request.path.replace(/^\//, '').split('/');
    const bucket = decodeURIComponent(bucketPart);
    const key = keyParts.map(decodeURIComponent).join('/');
    const method = request.method.toUpperCase();
    const head = method === 'HEAD';
    if (method === 'GET' && key === '' && queryValue(request.query, 'list-type') === '2') {
      this.count('ListObjectsV2');
      return this.list(bucket, request.query);
    }
    if ((method === 'GET' || head) && key !== '') {
      this.count(head ? 'HeadObject' : 'GetObject');
      return this.get(bucket, key, request.headers, head);
    }
    this.count('Other');
    return this.error(501, 'NotImplemented', `InProcessS3 answers ListObjectsV2, GetObject and HeadObject only, not ${method} ${request.path}`, {}, false);
  }

  private list(bucket: string, query: SdkHttpRequest['query']): Answer {
    const objects = this.buckets.get(bucket);
    if (objects === undefined) return this.error(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket }, false);
    const prefix = queryValue(query, 'prefix') ?? '';
    const startAfter = queryValue(query, 'start-after');
    const token = queryValue(query, 'continuation-token');
    const maxKeys = Math.max(0, Math.min(1000, Number(queryValue(query, 'max-keys') ?? 1000) || 0));
    // The token is the last key of the previous page, base64: opaque to the client.
    const after = token !== undefined ? Buffer.from(token, 'base64').toString('utf8') : startAfter;
    const keys = [...objects.keys()]
      .filter((k) => k.startsWith(prefix) && (after === undefined || byUtf8(k, after) > 0))
      .sort(byUtf8);
    const page = keys.slice(0, maxKeys);
    const truncated = keys.length > page.length;
    const contents = page
      .map((k) => {
        const object = objects.get(k)!;
        return (
          '<Contents>' +
          `<Key>${xmlEscape(k)}</Key>` +
          `<LastModified>${object.lastModified.toISOString()}</LastModified>` +
          `<ETag>${xmlEscape(object.etag)}</ETag>` +
          `<Size>${object.body.length}</Size>` +
          '<StorageClass>STANDARD</StorageClass>' +
          '</Contents>'
        );
      })
      .join('');
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      `<Name>${xmlEscape(bucket)}</Name>` +
      (prefix === '' ? '<Prefix/>' : `<Prefix>${xmlEscape(prefix)}</Prefix>`) +
      (startAfter === undefined ? '' : `<StartAfter>${xmlEscape(startAfter)}</StartAfter>`) +
      (token === undefined ? '' : `<ContinuationToken>${xmlEscape(token)}</ContinuationToken>`) +
      `<KeyCount>${page.length}</KeyCount>` +
      `<MaxKeys>${maxKeys}</MaxKeys>` +
      `<IsTruncated>${truncated}</IsTruncated>` +
      (truncated ? `<NextContinuationToken>${Buffer.from(page[page.length - 1]!, 'utf8').toString('base64')}</NextContinuationToken>` : '') +
      contents +
      '</ListBucketResult>';
    return { status: 200, headers: this.baseHeaders({ 'content-type': 'application/xml' }), body: Buffer.from(xml, 'utf8') };
  }

  private get(bucket: string, key: string, headers: Record<string, string>, head: boolean): Answer {
    const objects = this.buckets.get(bucket);
    if (objects === undefined) return this.error(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket }, head);
    const object = objects.get(key);
    if (object === undefined) return this.error(404, head ? 'NotFound' : 'NoSuchKey', 'The specified key does not exist.', { Key: key }, head);
    const ifMatch = header(headers, 'if-match');
    if (ifMatch !== undefined && ifMatch !== '*' && !ifMatch.split(',').map((t) => t.trim()).includes(object.etag)) {
      return this.error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: 'If-Match' }, head);
    }
    const size = object.body.length;
    const objectHeaders = {
      etag: object.etag,
      'last-modified': object.lastModified.toUTCString(),
      'content-type': 'text/plain',
      'accept-ranges': 'bytes',
    };
    const range = header(headers, 'range');
    const match = range === undefined ? null : /^bytes=(\d+)-(\d*)$/.exec(range.trim());
    if (match !== null) {
      const start = Number(match[1]);
      const end = match[2] === '' ? size - 1 : Math.min(size - 1, Number(match[2]));
      if (start >= size || end < start) {
        return this.error(416, 'InvalidRange', 'The requested range is not satisfiable', { RangeRequested: range!, ActualObjectSize: String(size) }, head);
      }
      const body = object.body.subarray(start, end + 1);
      return {
        status: 206,
        headers: this.baseHeaders({ ...objectHeaders, 'content-length': String(body.length), 'content-range': `bytes ${start}-${end}/${size}` }),
        body: head ? Buffer.alloc(0) : body,
      };
    }
    return { status: 200, headers: this.baseHeaders({ ...objectHeaders, 'content-length': String(size) }), body: head ? Buffer.alloc(0) : object.body };
  }

  private baseHeaders(extra: Record<string, string>): Record<string, string> {
    return { 'x-amz-request-id': randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase(), date: new Date(Date.now()).toUTCString(), server: 'AmazonS3', ...extra };
  }

  private error(status: number, code: string, message: string, fields: Record<string, string>, head: boolean): Answer {
    const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>` +
      Object.entries(fields)
        .map(([name, value]) => `<${name}>${xmlEscape(value)}</${name}>`)
        .join('') +
      `<RequestId>${requestId}</RequestId><HostId>${Buffer.from(requestId).toString('base64')}</HostId></Error>`;
    const body = head ? Buffer.alloc(0) : Buffer.from(xml, 'utf8');
    return { status, headers: { ...this.baseHeaders({ 'x-amz-request-id': requestId }), ...(head ? {} : { 'content-type': 'application/xml', 'content-length': String(body.length) }) }, body };
  }
}
