/**
 * `s3://bucket/key` and `s3://bucket/prefix/` parsing, strict enough to catch typos before a
 * request is made. See {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/logs.md#parses3uri | docs/logs.md}.
 *
 * @module
 */
import { InvalidS3UriError } from '../errors';
import { checkS3BucketName } from '../internal/s3BucketName';

/** One S3 object: the URI did not end with `/`. */
export interface S3ObjectLocation {
  /** The bucket. */
  bucket: string;
  /** The object's key. */
  key: string;
}

/** Everything under a prefix: the URI ended with `/` (or named only the bucket: prefix `''`). */
export interface S3PrefixLocation {
  /** The bucket. */
  bucket: string;
  /** Ends with `/`, or is `''` for the whole bucket. */
  prefix: string;
}

/** What {@link parseS3Uri} returns: a key or a prefix, told apart with `'key' in location`. */
export type S3Location = S3ObjectLocation | S3PrefixLocation;

/** S3's limit on a key, in UTF-8 bytes. */
const MAX_KEY_BYTES = 1024;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
/** A UTF-16 surrogate without its pair: not a character, sent as U+FFFD (another key). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Parses an S3 URI. `s3://bucket/key` gives `{ bucket, key }`; a URI ending in `/`
 * (`s3://bucket/prefix/`, `s3://bucket/`) or naming only the bucket (`s3://bucket`) gives
 * `{ bucket, prefix }`.
 *
 * Only the `s3://` scheme is accepted (lowercase, as the AWS CLI writes it). `https://` URLs of
 * S3 (virtual-hosted or path style) are rejected on purpose, with the `s3://` form to use
 * suggested in the reason: the host of such a URL says which endpoint and region to call,
 * and the SDK client you pass decides that, not the URI. The bucket name is checked
 * against the rule the builder's validation uses too: S3's general-purpose bucket naming rules
 * (3-63 lowercase letters, digits, dots and hyphens, ...; access point aliases and directory
 * buckets accepted, and legacy us-east-1 names with capitals and underscores, up to 255
 * characters); the key may hold any character except control characters (and lone UTF-16 surrogates, which are not characters) and may be
 * at most 1024 UTF-8 bytes.
 *
 * @throws {InvalidS3UriError} with the URI and the reason, for anything else; `code` says which
 * bucket naming rule was broken (`bucket_name_too_short`, ...) when the bucket name is at fault.
 *
 * @example
 * ```ts
 * import { parseS3Uri } from 'sagemaker-bench';
 *
 * parseS3Uri('s3://fcncloudml/resnet50-p3-gpu4-b512-e2/log.txt');
 * // { bucket: 'fcncloudml', key: 'resnet50-p3-gpu4-b512-e2/log.txt' }
 * parseS3Uri('s3://fcncloudml/resnet50-p3-gpu4-b512-e2/');
 * // { bucket: 'fcncloudml', prefix: 'resnet50-p3-gpu4-b512-e2/' }
 * ```
 */
export function parseS3Uri(uri: string): S3Location {
  const fail = (reason: string): never => {
    throw new InvalidS3UriError(String(uri), reason);
  };
  if (typeof uri !== 'string') fail(`expected a string, got ${uri === null ? 'null' : typeof uri}`);
  if (uri === '') fail('it is empty');
  if (uri.trim() !== uri) fail('it has leading or trailing whitespace');

  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(uri);
  if (scheme === null) fail('it does not start with s3://');
  const name = scheme![1]!;
  if (name !== 's3') {
    if (/^https?$/i.test(name)) fail(`https URLs are not accepted${httpsSuggestion(uri)}`);
    if (name.toLowerCase() === 's3') fail('the scheme must be written in lowercase: s3://');
    fail(`the scheme is ${name}://, not s3://`);
  }

  const rest = uri.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash + 1);

  const bucketIssue = checkS3BucketName(bucket);
  if (bucketIssue?.severity === 'error') throw new InvalidS3UriError(uri, bucketIssue.message, { code: bucketIssue.code });
  if (CONTROL.test(path)) fail('the key contains a control character');
  if (LONE_SURROGATE.test(path)) fail('the key contains a lone UTF-16 surrogate (not a character: it would be sent as U+FFFD, another key)');
  if (Buffer.byteLength(path, 'utf8') > MAX_KEY_BYTES) fail(`the key is longer than ${MAX_KEY_BYTES} bytes`);

  if (path === '' || path.endsWith('/')) return { bucket, prefix: path };
  return { bucket, key: path };
}

/** For `https://bucket.s3.region.amazonaws.com/key` or `https://s3.region.amazonaws.com/bucket/key`: "; use s3://bucket/key". */
function httpsSuggestion(uri: string): string {
  let url: URL;
  let path: string;
  try {
    url = new URL(uri);
    path = decodeURIComponent(url.pathname.replace(/^\//, ''));
  } catch {
    return '';
  }
  const virtual = /^(.+)\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com$/.exec(url.hostname);
  if (virtual !== null) return `; use s3://${virtual[1]}/${path}`;
  if (/^s3[.-]([a-z0-9-]+\.)?amazonaws\.com$/.test(url.hostname) && path !== '') return `; use s3://${path}`;
  return '';
}
