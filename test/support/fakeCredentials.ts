/**
 * Fake static credentials for the local servers (moto, the fault proxy, the timeline endpoint).
 * They are never valid on AWS, and moto does not check signatures.
 *
 * @example
 * new S3Client({ endpoint: moto.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: fakeCredentials });
 */
export const fakeCredentials = { accessKeyId: 'test', secretAccessKey: 'test' };
