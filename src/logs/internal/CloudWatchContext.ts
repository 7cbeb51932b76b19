/**
 * The CloudWatch Logs calls of CloudWatchLogSource, each one rate-limited, bounded in time,
 * retried and abortable. Internal.
 *
 * Every attempt (the SDK's own retries and ours) first takes a token from the source's
 * {@link RateLimiter} (by default the one shared by every source of the client and region) and
 * tells it about throttling, so the limiter slows down for everyone. A throttled request is
 * retried without using up an attempt while other requests of the limiter succeed: under the
 * account's quota no read fails while the others make progress. Each attempt goes out with
 * `abortSignal` and the time limits of `timeouts`, so aborting the read, or a silent server,
 * cancels requests in flight (their sockets are destroyed).
 */
import type { CloudWatchLogsClient, LogStream, OutputLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { isThrottling } from '../../internal/isTransient';
import type { ResolvedTimeouts } from '../../internal/requestTimeouts';
import { logsSdk } from '../../internal/sdk';
import { sendRequest } from '../../internal/sendRequest';
import type { RateLimiter } from '../RateLimiter';
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
  timeouts: ResolvedTimeouts;
}

/**
 * Calls `send` with retries; throttling while the limiter's other requests succeed does not use
 * up an attempt.
 */
function withPatientRetry<T>(ctx: CloudWatchContext, send: () => Promise<T>): Promise<T> {
  let mark = 0;
  return withRetry(
    () => {
      mark = ctx.limiter.successes;
      return send();
    },
    ctx.signal,
    { ...ctx.retry, isFree: (error) => isThrottling(error) && ctx.limiter.successes > mark },
  );
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
    const page = await withPatientRetry(ctx, () =>
      sendRequest(
        ctx.client,
        new DescribeLogStreamsCommand({
          logGroupName: ctx.logGroupName,
          logStreamNamePrefix: prefix === '' ? undefined : prefix,
          nextToken: token,
          limit: DESCRIBE_LIMIT,
        }),
        { signal: ctx.signal, timeouts: ctx.timeouts, limiter: ctx.limiter, resource: `CloudWatch Logs ${ctx.logGroupName}, streams ${prefix}*`, operation: 'DescribeLogStreams' },
      ),
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
  const answer = await withPatientRetry(ctx, () =>
    sendRequest(
      ctx.client,
      new GetLogEventsCommand({
        logGroupName: ctx.logGroupName,
        logStreamName: request.logStreamName,
        startFromHead: true,
        startTime: request.startTime,
        nextToken: request.nextToken,
        limit: request.limit,
      }),
      { signal: ctx.signal, timeouts: ctx.timeouts, limiter: ctx.limiter, resource: `CloudWatch Logs ${ctx.logGroupName}, stream ${request.logStreamName}`, operation: 'GetLogEvents' },
    ),
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
