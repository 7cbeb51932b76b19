/**
 * Seeds an S3 bucket in a local server. See {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/testing.md | docs/testing.md}.
 *
 * @module
 */
import { s3Sdk } from '../internal/sdk';
import type { Clients } from '../jobs/Clients';
import { ignore } from './internal/ignore';

/**
 * Creates the bucket (when it does not exist yet) and puts the objects, key by key: a text is
 * stored as UTF-8. Objects are sent from memory, which moto stores fast (~135 MB/s; a stream
 * body would be sent `aws-chunked`, which moto decodes slowly). Resolves with the objects'
 * `s3://bucket/key` URIs, in the order given.
 *
 * `clients` is anything with an `s3` client: `moto.clients`, or `{ s3 }` (path-style addressing,
 * as `clientsFor` sets it).
 *
 * @example
 * ```ts
 * import { S3TextLogSource, readLogText } from 'sagemaker-bench';
 * import { seedBucket, startMoto } from 'sagemaker-bench/testing';
 *
 * const moto = await startMoto();
 * const [uri] = await seedBucket(moto.clients, 'my-bucket', { 'runs/a/training-log.txt': 'epoch 1\nepoch 2\n' });
 * console.log(uri); // s3://my-bucket/runs/a/training-log.txt
 * console.log(await readLogText(new S3TextLogSource({ client: moto.clients.s3, uri: uri! }))); // 'epoch 1\nepoch 2'
 * ```
 */
export async function seedBucket(
  clients: Pick<Clients, 's3'>,
  bucket: string,
  objects: Readonly<Record<string, string | Uint8Array>> = {},
): Promise<string[]> {
  if (typeof bucket !== 'string' || bucket === '') throw new TypeError('seedBucket: bucket must be a non-empty string');
  const { CreateBucketCommand, PutObjectCommand } = s3Sdk();
  await clients.s3.send(new CreateBucketCommand({ Bucket: bucket })).catch(ignore('BucketAlreadyOwnedByYou', 'BucketAlreadyExists'));
  const uris: string[] = [];
  for (const [key, body] of Object.entries(objects)) {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
    uris.push(`s3://${bucket}/${key}`);
  }
  return uris;
}
