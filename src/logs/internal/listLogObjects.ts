/**
 * Every log object under an S3 prefix, in key order: `.txt`, `.log`, `.txt.gz` and `.log.gz`,
 * nothing else (a `model.tar.gz` is not a log). ListObjectsV2, all pages. Internal.
 */
import { abortReason } from '../../internal/sleep';
import { s3Sdk } from '../../internal/sdk';
import { notFoundError, sendS3 } from './S3ReadContext';
import type { S3ReadContext } from './S3ReadContext';

/** One log object as the listing saw it. */
export interface ListedLogObject {
  key: string;
  etag: string | undefined;
  size: number | undefined;
}

export interface LogObjectListing {
  /** The log objects, sorted by key (UTF-8 byte order, as S3 lists them). */
  logs: ListedLogObject[];
  /** How many other objects were under the prefix (skipped: not logs). */
  skippedCount: number;
  /** The first few skipped keys, for error messages. */
  skippedSample: string[];
}

const LOG_KEY = /\.(txt|log)(\.gz)?$/i;
const SAMPLE = 5;

/** Whether a key names a log object: ends with `.txt`, `.log`, `.txt.gz` or `.log.gz` (any case). */
export function isLogKey(key: string): boolean {
  return LOG_KEY.test(key);
}

/** Compares keys the way S3 orders them: by their UTF-8 bytes. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Lists `prefix` (every page) and keeps the log objects. NoSuchBucket becomes S3LogNotFoundError. */
export async function listLogObjects(ctx: S3ReadContext, prefix: string): Promise<LogObjectListing> {
  const { ListObjectsV2Command } = s3Sdk();
  const logs: ListedLogObject[] = [];
  const skippedSample: string[] = [];
  let skippedCount = 0;
  let token: string | undefined;
  do {
    let page;
    try {
      page = await sendS3(
        ctx,
        () => new ListObjectsV2Command({ Bucket: ctx.bucket, Prefix: prefix === '' ? undefined : prefix, ContinuationToken: token }),
        `s3://${ctx.bucket}/${prefix}`,
      );
    } catch (error) {
      if (ctx.signal?.aborted) throw abortReason(ctx.signal);
      throw notFoundError(ctx, error, { prefix }) ?? error;
    }
    for (const object of page.Contents ?? []) {
      if (object.Key === undefined) continue;
      if (isLogKey(object.Key)) {
        logs.push({ key: object.Key, etag: object.ETag, size: object.Size });
      } else {
        skippedCount++;
        if (skippedSample.length < SAMPLE) skippedSample.push(object.Key);
      }
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  logs.sort((a, b) => compareKeys(a.key, b.key));
  return { logs, skippedCount, skippedSample };
}
