/**
 * The one rule for S3 bucket names in sagemaker-bench: the builder's validation (every `s3://`
 * URI of a CreateTrainingJob request), `parseS3Uri` (the log sources, local mode's channels and
 * outputs) and everything built on them ask {@link checkS3BucketName}, so a name one of them
 * accepts the others accept too. Internal: every layer may import it.
 *
 * The rule is S3's for general-purpose buckets
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html): 3 to 63
 * characters; lowercase letters, digits, dots and hyphens; a letter or digit first and last; no
 * two dots in a row; not shaped like an IP address; not starting with `xn--`, `sthree-` or
 * `amzn-s3-demo-`; not ending with `.mrap` (Multi-Region Access Points are named by their ARN).
 *
 * Two kinds of name are accepted although no general-purpose bucket can be created with them:
 *
 * - names ending with `-s3alias` or `--ol-s3` (access point and Object Lambda access point
 *   aliases), `--x-s3` (directory buckets, S3 Express One Zone) and `--table-s3` (S3 Tables):
 *   S3 reserves these suffixes because it gives them out itself, to names that work wherever a
 *   bucket name does (GetObject, ListObjectsV2, a SageMaker channel);
 * - legacy names: buckets made in us-east-1 before March 1, 2018 may have capitals and
 *   underscores and up to 255 characters. Such a bucket still works, so it is accepted, with a
 *   warning (`bucket_name_legacy`) where warnings can be given (the builder's validation): a
 *   capital in a bucket name is far more often a typo than a 2017 bucket.
 *
 * @module
 */

/** Every code {@link checkS3BucketName} gives. Stable: match on these. */
export const S3_BUCKET_NAME_CODES = [
  'bucket_name_missing',
  'bucket_name_too_short',
  'bucket_name_too_long',
  'bucket_name_characters',
  'bucket_name_edges',
  'bucket_name_adjacent_dots',
  'bucket_name_ip_address',
  'bucket_name_reserved_prefix',
  'bucket_name_reserved_suffix',
  'bucket_name_legacy',
] as const;

/** One of {@link S3_BUCKET_NAME_CODES}. */
export type S3BucketNameCode = (typeof S3_BUCKET_NAME_CODES)[number];

/** What is wrong with a bucket name. */
export interface S3BucketNameIssue {
  code: S3BucketNameCode;
  /** `error`: no bucket can have this name. `warning`: only a legacy us-east-1 bucket can (`bucket_name_legacy`); the name is accepted. */
  severity: 'error' | 'warning';
  /** One clause naming the bucket, e.g. `the bucket name "b" is shorter than 3 characters`. */
  message: string;
}

/** S3's limits: 3 to 63 characters; 255 for a legacy us-east-1 bucket. */
export const S3_BUCKET_NAME_MIN_LENGTH = 3;
export const S3_BUCKET_NAME_MAX_LENGTH = 63;
export const S3_LEGACY_BUCKET_NAME_MAX_LENGTH = 255;

/** Prefixes no bucket may start with. */
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'] as const;
/** Suffixes of names no bucket request can use by name (Multi-Region Access Points go by ARN). */
const RESERVED_SUFFIXES = ['.mrap'] as const;
/** Every character a bucket name (legacy ones included) may hold. */
const LEGACY_CHARS = /^[A-Za-z0-9._-]+$/;
/** Every character a bucket name made today may hold. */
const CHARS = /^[a-z0-9.-]+$/;
const EDGES = /^[A-Za-z0-9](?:.*[A-Za-z0-9])?$/s;
const IP_ADDRESS = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * What is wrong with `name` as an S3 bucket name (the part of `s3://bucket/key` between `s3://`
 * and the first `/`), or `undefined` when nothing is: the first rule it breaks, as a stable
 * code and a clause for a message. An issue of severity `warning` (a legacy us-east-1 name) is
 * accepted.
 *
 * @example
 * ```ts
 * checkS3BucketName('fcncloudml');    // undefined
 * checkS3BucketName('b');             // { code: 'bucket_name_too_short', severity: 'error', message: 'the bucket name "b" is shorter than 3 characters' }
 * checkS3BucketName('My_Old_Bucket'); // { code: 'bucket_name_legacy', severity: 'warning', ... }
 * ```
 */
export function checkS3BucketName(name: string): S3BucketNameIssue | undefined {
  const quoted = JSON.stringify(name);
  const error = (code: S3BucketNameCode, message: string): S3BucketNameIssue => ({ code, severity: 'error', message });
  if (name === '') return error('bucket_name_missing', 'the bucket name is missing');
  if (name.length < S3_BUCKET_NAME_MIN_LENGTH) {
    return error('bucket_name_too_short', `the bucket name ${quoted} is shorter than ${S3_BUCKET_NAME_MIN_LENGTH} characters`);
  }
  if (name.length > S3_LEGACY_BUCKET_NAME_MAX_LENGTH) {
    return error(
      'bucket_name_too_long',
      `the bucket name is ${name.length} characters long: at most ${S3_BUCKET_NAME_MAX_LENGTH} (${S3_LEGACY_BUCKET_NAME_MAX_LENGTH} for a legacy us-east-1 bucket)`,
    );
  }
  if (!LEGACY_CHARS.test(name)) {
    return error('bucket_name_characters', `the bucket name ${quoted} may only hold lowercase letters, digits, dots and hyphens`);
  }
  if (!EDGES.test(name)) return error('bucket_name_edges', `the bucket name ${quoted} must begin and end with a letter or a digit`);
  if (name.includes('..')) return error('bucket_name_adjacent_dots', `the bucket name ${quoted} has two dots in a row`);
  if (IP_ADDRESS.test(name)) return error('bucket_name_ip_address', `the bucket name ${quoted} is shaped like an IP address`);
  const lower = name.toLowerCase();
  const prefix = RESERVED_PREFIXES.find((p) => lower.startsWith(p));
  if (prefix !== undefined) {
    return error('bucket_name_reserved_prefix', `the bucket name ${quoted} starts with ${prefix}, which S3 reserves (no bucket can have it)`);
  }
  const suffix = RESERVED_SUFFIXES.find((s) => lower.endsWith(s));
  if (suffix !== undefined) {
    return error(
      'bucket_name_reserved_suffix',
      `the bucket name ${quoted} ends with ${suffix}, which S3 reserves for Multi-Region Access Points (use the access point's ARN with the SDK)`,
    );
  }
  if (!CHARS.test(name) || name.length > S3_BUCKET_NAME_MAX_LENGTH) {
    return {
      code: 'bucket_name_legacy',
      severity: 'warning',
      message:
        `the bucket name ${quoted} ${CHARS.test(name) ? `is longer than ${S3_BUCKET_NAME_MAX_LENGTH} characters` : 'has capitals or underscores'}: ` +
        'only a legacy us-east-1 bucket (made before March 1, 2018) can have such a name; check the spelling',
    };
  }
  return undefined;
}
