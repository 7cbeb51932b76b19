/**
 * What every S3 call of an S3TextLogSource read needs, and the mapping of S3's "not found"
 * answers to typed errors. Internal.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { S3LogNotFoundError } from '../../errors';
import type { ResolvedTimeouts } from '../../internal/requestTimeouts';
import { sendRequest } from '../../internal/sendRequest';
import { withRetry } from '../../internal/withRetry';
import type { RetryOptions } from '../../internal/withRetry';

export interface S3ReadContext {
  client: S3Client;
  bucket: string;
  signal: AbortSignal | undefined;
  backoff: RetryOptions;
  /** Time limits of every request. */
  timeouts: ResolvedTimeouts;
  /** Named in errors, when the source belongs to a training job. */
  jobName: string | undefined;
}

/**
 * One S3 request of a read: a new command from `command()` for each attempt, bounded by the
 * context's timeouts and retried with its backoff; `resource` (the `s3://` URI) is named in a timeout.
 */
export function sendS3<C extends Parameters<typeof sendRequest>[1]>(ctx: S3ReadContext, command: () => C, resource: string): ReturnType<typeof sendRequest<C>> {
  return withRetry(() => sendRequest(ctx.client, command(), { signal: ctx.signal, timeouts: ctx.timeouts, resource }), ctx.signal, ctx.backoff);
}

/** The S3 error code of an SDK error (`NoSuchKey`, `NoSuchBucket`, `NotFound`, `PreconditionFailed`, ...). */
export function s3ErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { name?: unknown; Code?: unknown };
  if (typeof e.Code === 'string') return e.Code;
  return typeof e.name === 'string' ? e.name : undefined;
}

/** HTTP status of an SDK error, if it has one. */
export function httpStatus(error: unknown): number | undefined {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

/** A typed error for NoSuchBucket / NoSuchKey, or undefined when `error` is neither. */
export function notFoundError(
  ctx: S3ReadContext,
  error: unknown,
  where: { key?: string; prefix?: string },
): S3LogNotFoundError | undefined {
  const code = s3ErrorCode(error);
  if (code === 'NoSuchBucket') {
    return new S3LogNotFoundError({ bucket: ctx.bucket, ...where, reason: 'NoSuchBucket', jobName: ctx.jobName }, { cause: error });
  }
  if (code === 'NoSuchKey' && where.key !== undefined) {
    return new S3LogNotFoundError({ bucket: ctx.bucket, key: where.key, reason: 'NoSuchKey', jobName: ctx.jobName }, { cause: error });
  }
  return undefined;
}
