/**
 * Credentials for local servers. See {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/testing.md | docs/testing.md}.
 *
 * @module
 */

/**
 * Fake static credentials for local servers (moto, the fault proxy): never valid on AWS, and
 * moto does not check signatures. The SDK still signs every request with them, so no real
 * credentials (environment, `~/.aws`, instance roles) are looked up or sent. (Not frozen: the
 * SDK notes on a credentials object where it came from.)
 *
 * @example
 * ```ts
 * import { S3Client } from '@aws-sdk/client-s3';
 * import { fakeCredentials } from 'sagemaker-bench/testing';
 *
 * const s3 = new S3Client({ endpoint: 'http://127.0.0.1:5000', forcePathStyle: true, region: 'us-east-1', credentials: fakeCredentials });
 * ```
 */
export const fakeCredentials: {
  /** `'test'`. */
  accessKeyId: string;
  /** `'test'`. */
  secretAccessKey: string;
} = { accessKeyId: 'test', secretAccessKey: 'test' };
