/**
 * The CloudWatch Logs calls of CloudWatchLogSource, each one rate-limited, retried and
 * abortable. Internal.
 *
 * Every attempt (retries included) first takes a token from the source's {@link RateLimiter},
 * then goes out with `abortSignal`, so aborting the read cancels requests in flight (their
 * sockets are destroyed) as well as waits for a token or for a retry.
 */
import type { CloudWatchLogsClient, LogStream, OutputLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { logsSdk } from '../../internal/sdk';
import type { RateLimiter } from './RateLimiter';
import { withRetry } from '../../internal/withRetry';
import type { RetryOptions } from '../../internal/withRetry';

/** What one read or follow of a CloudWatchLogSource works with. */
export interface CloudWatchContext {
  client: CloudWatchLogsClient;
  logGroupName: string;
  limiter: RateLimiter;
  /** Aborted when the read ends, however it ends. */
  signal: AbortSignal;
  retry: RetryOptions;
}

/** What DescribeLogStreams says about a stream. */
export interface StreamInfo {
  name: string;
  firstEventTimestamp?: number | undefined;
  lastEventTimestamp?: number | undefined;
  /** Bytes of the stream's events, where the service still reports it (AWS reports 0 nowadays; moto reports the messages' bytes). */
  storedBytes?: number | undefined;
}

/** One GetLogEvents request. */
export interface PageRequest {
  logStreamName: string;
  startTime?: number | undefined;
  nextToken?: string | undefined;
  limit?: number | undefined;
}

/** One GetLogEvents answer, as the readers use it. */
export interface Page {
  events: OutputLogEvent[];
  nextForwardToken: string | undefined;
}

/** DescribeLogStreams' page size limit. */
const DESCRIBE_LIMIT = 50;

/** Whether an error says the log group or stream does not exist. */
export function isResourceNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'ResourceNotFoundException';
}

/**
 * Stream names in a natural order: `algo-2` before `algo-10`, then by code units. The order of
 * a job's instances, used to break timestamp ties when merging.
 */
export function compareStreamNames(a: string, b: string): number {
  const chunks = /(\d+)|(\D+)/g;
  const pa = a.match(chunks) ?? [];
  const pb = b.match(chunks) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      const nx = x.replace(/^0+(?=\d)/, '');
      const ny = y.replace(/^0+(?=\d)/, '');
      if (nx.length !== ny.length) return nx.length - ny.length;
      if (nx !== ny) return nx < ny ? -1 : 1;
      continue;
    }
    return x < y ? -1 : 1;
  }
  if (pa.length !== pb.length) return pa.length - pb.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every stream of the group whose name starts with `prefix`, all pages of DescribeLogStreams
 * (followed by `nextToken`). Errors (ResourceNotFoundException for a missing group included)
 * are thrown as they are.
 */
export async function describeStreams(ctx: CloudWatchContext, prefix: string): Promise<StreamInfo[]> {
  const { DescribeLogStreamsCommand } = logsSdk();
  const streams: StreamInfo[] = [];
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await withRetry(
      async () => {
        await ctx.limiter.acquire(ctx.signal);
        return ctx.client.send(
          new DescribeLogStreamsCommand({
            logGroupName: ctx.logGroupName,
            logStreamNamePrefix: prefix === '' ? undefined : prefix,
            nextToken: token,
            limit: DESCRIBE_LIMIT,
          }),
          { abortSignal: ctx.signal },
        );
      },
      ctx.signal,
      ctx.retry,
    );
    for (const stream of page.logStreams ?? []) {
      const info = toStreamInfo(stream);
      if (info !== undefined && info.name.startsWith(prefix)) streams.push(info);
    }
    nextToken = page.nextToken !== undefined && page.nextToken !== '' && page.nextToken !== token ? page.nextToken : undefined;
    if ((page.logStreams ?? []).length === 0) nextToken = undefined;
  } while (nextToken !== undefined);
  return streams;
}

/** One GetLogEvents page, from the head forward (`startFromHead: true`). */
export async function getLogEventsPage(ctx: CloudWatchContext, request: PageRequest): Promise<Page> {
  const { GetLogEventsCommand } = logsSdk();
  const answer = await withRetry(
    async () => {
      await ctx.limiter.acquire(ctx.signal);
      return ctx.client.send(
        new GetLogEventsCommand({
          logGroupName: ctx.logGroupName,
          logStreamName: request.logStreamName,
          startFromHead: true,
          startTime: request.startTime,
          nextToken: request.nextToken,
          limit: request.limit,
        }),
        { abortSignal: ctx.signal },
      );
    },
    ctx.signal,
    ctx.retry,
  );
  return { events: answer.events ?? [], nextForwardToken: answer.nextForwardToken };
}

function toStreamInfo(stream: LogStream): StreamInfo | undefined {
  if (stream.logStreamName === undefined) return undefined;
  return {
    name: stream.logStreamName,
    firstEventTimestamp: stream.firstEventTimestamp,
    lastEventTimestamp: stream.lastEventTimestamp,
    storedBytes: stream.storedBytes,
  };
}
