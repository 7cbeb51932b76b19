/**
 * The API operation a request is for, as the fault proxy names it. Internal to sagemaker-bench/testing.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** S3 sub-resources (query keys) and the word they put in the operation name. */
const S3_SUBRESOURCES: ReadonlyArray<[string, string]> = [
  ['acl', 'Acl'],
  ['policy', 'Policy'],
  ['tagging', 'Tagging'],
  ['versioning', 'Versioning'],
  ['cors', 'Cors'],
  ['lifecycle', 'LifecycleConfiguration'],
  ['encryption', 'Encryption'],
  ['website', 'Website'],
  ['notification', 'NotificationConfiguration'],
  ['logging', 'Logging'],
  ['ownershipControls', 'OwnershipControls'],
  ['publicAccessBlock', 'PublicAccessBlock'],
  ['object-lock', 'ObjectLockConfiguration'],
  ['replication', 'Replication'],
  ['accelerate', 'AccelerateConfiguration'],
  ['requestPayment', 'RequestPayment'],
];

/**
 * The API operation a request is for: JSON protocols by `X-Amz-Target`
 * (`Logs_20140328.GetLogEvents` -> `GetLogEvents`), query protocols by `Action=`, S3 REST
 * (path-style addressing) by method, path and query. moto's own `/moto-api/` is `MotoApi`.
 *
 * @example
 * ```ts
 * operationOf('GET', '/bucket?list-type=2', {}); // 'ListObjectsV2'
 * ```
 */
export function operationOf(method: string, url: string, headers: IncomingHttpHeaders): string {
  const amzTarget = headers['x-amz-target'];
  if (typeof amzTarget === 'string' && amzTarget !== '') {
    const dot = amzTarget.lastIndexOf('.');
    return dot >= 0 ? amzTarget.slice(dot + 1) : amzTarget;
  }
  const parsed = new URL(url, 'http://proxy.invalid');
  if (parsed.pathname.startsWith('/moto-api/')) return 'MotoApi';
  const query = parsed.searchParams;
  const action = query.get('Action');
  if (action !== null && action !== '') return action;

  const path = parsed.pathname.replace(/^\/+/, '');
  const slash = path.indexOf('/');
  const bucket = slash < 0 ? path : path.slice(0, slash);
  const key = slash < 0 ? '' : path.slice(slash + 1);
  const m = method.toUpperCase();
  const sub = S3_SUBRESOURCES.find(([name]) => query.has(name))?.[1];
  const verb = m === 'GET' || m === 'HEAD' ? 'Get' : m === 'PUT' ? 'Put' : m === 'DELETE' ? 'Delete' : undefined;

  if (bucket === '') return m === 'GET' ? 'ListBuckets' : `${m}Service`;
  if (key === '') {
    if (m === 'HEAD') return 'HeadBucket';
    if (m === 'GET') {
      if (query.get('list-type') === '2') return 'ListObjectsV2';
      if (query.has('uploads')) return 'ListMultipartUploads';
      if (query.has('versions')) return 'ListObjectVersions';
      if (query.has('location')) return 'GetBucketLocation';
    }
    if (m === 'POST' && query.has('delete')) return 'DeleteObjects';
    if (sub !== undefined && verb !== undefined) return `${verb}Bucket${sub}`;
    if (m === 'GET') return 'ListObjects';
    if (m === 'PUT') return 'CreateBucket';
    if (m === 'DELETE') return 'DeleteBucket';
    return `${m}Bucket`;
  }
  if (m === 'GET' || m === 'HEAD') {
    if (m === 'GET' && query.has('uploadId')) return 'ListParts';
    if (m === 'GET' && query.has('attributes')) return 'GetObjectAttributes';
    if (sub === 'Acl' || sub === 'Tagging') return `GetObject${sub}`;
    return m === 'HEAD' ? 'HeadObject' : 'GetObject';
  }
  if (m === 'PUT') {
    const copy = headers['x-amz-copy-source'] !== undefined;
    if (query.has('uploadId') && query.has('partNumber')) return copy ? 'UploadPartCopy' : 'UploadPart';
    if (sub === 'Acl' || sub === 'Tagging') return `PutObject${sub}`;
    return copy ? 'CopyObject' : 'PutObject';
  }
  if (m === 'POST') {
    if (query.has('uploads')) return 'CreateMultipartUpload';
    if (query.has('uploadId')) return 'CompleteMultipartUpload';
    if (query.has('restore')) return 'RestoreObject';
    return 'PostObject';
  }
  if (m === 'DELETE') {
    if (query.has('uploadId')) return 'AbortMultipartUpload';
    if (sub === 'Tagging') return 'DeleteObjectTagging';
    return 'DeleteObject';
  }
  return `${m}Object`;
}
