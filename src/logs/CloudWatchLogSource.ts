/**
 * A training job's CloudWatch log: its streams (one per instance), merged, complete and fast.
 * See {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/logs.md#cloudwatchlogsource | docs/logs.md, "CloudWatchLogSource"}.
 *
 * @module
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { CloudWatchLogNotFoundError } from '../errors';
import { linkedAbortController, sleep, throwIfAborted } from '../internal/sleep';
import type { FollowOptions, LogEvent, LogSource, ReadOptions } from './LogSource';
import type { CloudWatchContext, StreamInfo } from './internal/CloudWatchContext';
import { compareStreamNames, describeStreams, getLogEventsPage, isResourceNotFound } from './internal/CloudWatchContext';
import { jobOverCheck } from './internal/jobOverCheck';
import { FollowMerger } from './internal/FollowMerger';
import type { PolledEvent } from './internal/FollowMerger';
import { LogBatchIterator } from './internal/LogBatchIterator';
import type { ArrayLogBatch } from './internal/LogBatchIterator';
import { mergeByTimestamp } from './internal/mergeByTimestamp';
import { clientRegion } from '../internal/clientRegion';
import { RateLimiter, sharedRateLimiter } from './RateLimiter';
import { SlicedStreamReader } from './internal/SlicedStreamReader';
import type { StreamCursor } from './internal/SlicedStreamReader';
import { DEFAULT_RETRY, checkRetryOptions } from '../internal/withRetry';
import type { RetryOptions } from '../internal/withRetry';
import { delayMs, integerAtLeast, positiveNumber } from '../internal/checkOptions';
import { resolveTimeouts } from '../internal/requestTimeouts';
import type { RequestTimeouts, ResolvedTimeouts } from '../internal/requestTimeouts';
import { checkJobName } from '../jobs/internal/checkJobName';

/** Options of {@link CloudWatchLogSource}. Give exactly one of `jobName` and `logStreamNames`. */
export interface CloudWatchLogSourceOptions {
  /** The client to read with (its region, credentials and endpoint are used as they are). */
  client: CloudWatchLogsClient;
  /** Read every stream of this training job: the streams named `<jobName>/...` (`<jobName>/algo-1-1700000000`, ...). */
  jobName?: string;
  /** Or read exactly these streams (full names). */
  logStreamNames?: string[];
  /** Default: `/aws/sagemaker/TrainingJobs`, where SageMaker training jobs log. */
  logGroupName?: string;
  /** With `jobName`: `follow()` ends by itself once the job is Completed, Failed or Stopped. */
  sagemaker?: SageMakerClient;
  /**
   * The rate limiter to draw from: pass one {@link RateLimiter} to several sources (even with
   * different clients) to keep them together under one quota. Default: the limiter shared by
   * every source that reads with the same `client` in the same region, at 10 requests per
   * second (the GetLogEvents quota of an AWS account and region), slowed down by throttling.
   */
  rateLimiter?: RateLimiter;
  /**
   * Or a limiter of this source's own, at this many requests per second at most (a token
   * bucket: bursts of up to one second's worth; adaptive). Ignored when `rateLimiter` is given.
   */
  requestsPerSecond?: number;
  /** Requests in flight at most (default 6). */
  concurrency?: number;
  /**
   * Events read ahead of your loop at most, pages in flight counted as full pages of 10,000
   * (default 80,000). Bounds memory when your loop is slower than the network.
   */
  maxBufferedEvents?: number;
  /** Default `pollIntervalMs` of `follow()` (5000 ms). */
  pollIntervalMs?: number;
  /**
   * Retries of throttling, 5xx, dropped connections and timeouts, on top of the SDK's own
   * (default 8 attempts, 250 ms base, 8 s cap). Throttling while the other requests of the
   * rate limiter succeed does not use up an attempt.
   */
  retry?: Pick<RetryOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs'>;
  /** Time to the first byte of each answer and silence in its body (default 30 s each); a request past them is retried. */
  timeouts?: RequestTimeouts;
}

const DEFAULT_GROUP = '/aws/sagemaker/TrainingJobs';
const DEFAULT_CONCURRENCY = 6;
const DEFAULT_BUFFERED_EVENTS = 80_000;
const DEFAULT_POLL_MS = 5_000;

/** A stream followed from where its reading stopped. */
interface Tail extends StreamCursor {
  name: string;
  /** Timestamp of the last event seen, if any. */
  lastTimestamp: number | undefined;
}

/**
 * Reads a training job's CloudWatch log: every stream of the job (`<job>/algo-1-...`,
 * `<job>/algo-2-...`: one per instance), merged into one sequence in timestamp order (ties:
 * stream order `algo-1`, `algo-2`, ..., `algo-10`, then the order in the stream). Each event is
 * `{ message, timestamp, source: streamName }`.
 *
 * Complete: streams are found with DescribeLogStreams by the prefix `<job>/` (every page; job
 * `a` never gets job `a2`'s streams), read with GetLogEvents from the head with forward tokens,
 * and a stream ends only when the same `nextForwardToken` comes back (an empty page is not the
 * end). Throttling, 5xx and dropped connections are retried with backoff, on top of the SDK's
 * own retries, by sending the same request again: no event is lost or repeated.
 *
 * Fast: streams are read in parallel, and a long stream is cut into time slices read in
 * parallel and joined in order, under a request-rate cap (`requestsPerSecond`, default 10)
 * shared by all requests of the source. Memory stays bounded: events are handed out as soon
 * as the earliest slice has them, and at most `maxBufferedEvents` are read ahead.
 *
 * `read()` throws {@link CloudWatchLogNotFoundError} when the group, the named streams or any
 * stream of the job do not exist (never an empty log that looks like success); `follow()`
 * treats them as empty for now and keeps polling. Breaking out of the loop, or aborting,
 * cancels the requests in flight and clears every timer at once.
 *
 * @example
 * ```ts
 * import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
 * import { SageMakerClient } from '@aws-sdk/client-sagemaker';
 * import { CloudWatchLogSource, saveLog } from 'sagemaker-bench';
 *
 * const source = new CloudWatchLogSource({
 *   client: new CloudWatchLogsClient({ region: 'us-east-1' }),
 *   jobName: 'resnet50-p3-gpu4-b512-e2',
 *   sagemaker: new SageMakerClient({ region: 'us-east-1' }),
 * });
 * for await (const { timestamp, source: stream, message } of source.read()) {
 *   console.log(timestamp?.toISOString(), stream, message);
 * }
 * await saveLog(source, 'resnet50-p3-gpu4-b512-e2.log');
 * ```
 */
export class CloudWatchLogSource implements LogSource {
  /** The log group read (default `/aws/sagemaker/TrainingJobs`). */
  readonly logGroupName: string;
  /** The training job whose streams are read, when the source was given `jobName`. */
  readonly jobName: string | undefined;
  /** The streams read, when the source was given `logStreamNames`. */
  readonly logStreamNames: readonly string[] | undefined;
  readonly #client: CloudWatchLogsClient;
  readonly #sagemaker: SageMakerClient | undefined;
  readonly #limiter: RateLimiter | undefined;
  readonly #concurrency: number;
  readonly #maxBufferedEvents: number;
  readonly #pollIntervalMs: number;
  readonly #retry: RetryOptions;
  readonly #timeouts: ResolvedTimeouts;
  /** Streams found by the last listing (of a job's streams): what `toString()` reports. */
  #streamsFound: number | undefined;

  /**
   * A log source over a training job's CloudWatch streams (`jobName`) or over named streams
   * (`logStreamNames`): exactly one of the two. Nothing is sent until it is read.
   *
   * @param options - The client, what to read, and how fast.
   * @throws TypeError when the options cannot work (both or neither of `jobName` and `logStreamNames`, ...).
   */
  constructor(options: CloudWatchLogSourceOptions) {
    const { jobName, logStreamNames } = options;
    if ((jobName === undefined) === (logStreamNames === undefined)) {
      throw new TypeError(
        `CloudWatchLogSource needs exactly one of jobName and logStreamNames, got ${jobName === undefined ? 'neither' : 'both'}`,
      );
    }
    if (jobName !== undefined) checkJobName(jobName);
    if (logStreamNames !== undefined) {
      if (!Array.isArray(logStreamNames) || logStreamNames.length === 0) {
        throw new TypeError('CloudWatchLogSource: logStreamNames must be a non-empty array of stream names');
      }
      const bad = logStreamNames.find((name) => typeof name !== 'string' || name === '');
      if (bad !== undefined) throw new TypeError(`CloudWatchLogSource: invalid stream name ${JSON.stringify(bad)}`);
      if (new Set(logStreamNames).size !== logStreamNames.length) {
        throw new TypeError('CloudWatchLogSource: logStreamNames lists a stream twice');
      }
    }
    const where = 'CloudWatchLogSource';
    if (options.rateLimiter !== undefined && !(options.rateLimiter instanceof RateLimiter)) {
      throw new TypeError(`${where}: rateLimiter must be a RateLimiter`);
    }
    this.#client = options.client;
    this.jobName = jobName;
    this.logStreamNames = logStreamNames === undefined ? undefined : Object.freeze([...logStreamNames]);
    this.logGroupName = options.logGroupName ?? DEFAULT_GROUP;
    this.#sagemaker = options.sagemaker;
    const ownRate = options.requestsPerSecond;
    if (ownRate !== undefined && !(typeof ownRate === 'number' && ownRate > 0)) {
      throw new RangeError(`${where}: requestsPerSecond must be above 0 (Infinity for no limit), got ${String(ownRate)}`);
    }
    this.#limiter = options.rateLimiter ?? (ownRate === undefined ? undefined : new RateLimiter({ requestsPerSecond: ownRate }));
    this.#concurrency = integerAtLeast(where, 'concurrency', options.concurrency, 1, DEFAULT_CONCURRENCY);
    this.#maxBufferedEvents = positiveNumber(where, 'maxBufferedEvents', options.maxBufferedEvents, DEFAULT_BUFFERED_EVENTS);
    this.#pollIntervalMs = delayMs(where, 'pollIntervalMs', options.pollIntervalMs, DEFAULT_POLL_MS);
    this.#retry = checkRetryOptions(where, options.retry, DEFAULT_RETRY);
    this.#timeouts = resolveTimeouts(where, options.timeouts);
  }

  /**
   * Every event there is now, merged in timestamp order.
   *
   * @throws {CloudWatchLogNotFoundError} when the log group, a named stream, or any stream of the job does not exist.
   * @example
   * ```ts
   * let lines = 0;
   * for await (const event of source.read({ signal: AbortSignal.timeout(120_000) })) lines++;
   * ```
   */
  read(options: ReadOptions = {}): AsyncIterableIterator<LogEvent> {
    return new LogBatchIterator(this.#readBatches(options.signal));
  }

  /**
   * Events as the log grows: first everything there is (as `read()`), then a poll every
   * `pollIntervalMs` (default 5 s) of each stream from where it stopped, picking up streams that
   * appear later (instances that start late). When `until()` says it is over (default, with
   * `jobName` and `sagemaker`: the job is Completed, Failed or Stopped; otherwise: never, until
   * `signal` aborts), one more poll drains what was written at the very end, then it ends.
   *
   * Order while following: the events of each poll are merged by timestamp; an event is held
   * back until every stream that has logged has reached its timestamp, but never longer than one
   * poll. So lines that reach CloudWatch more than a poll late may come after later lines of
   * another instance; everything comes out exactly once.
   *
   * @example
   * ```ts
   * for await (const { source: stream, message } of source.follow({ pollIntervalMs: 10_000 })) {
   *   console.log(stream.split('/').at(-1), message);
   * }
   * ```
   */
  follow(options: FollowOptions = {}): AsyncIterableIterator<LogEvent> {
    const interval = delayMs('CloudWatchLogSource.follow', 'pollIntervalMs', options.pollIntervalMs, this.#pollIntervalMs);
    return new LogBatchIterator(this.#followBatches(options, interval));
  }

  /**
   * What the source reads, in one line: `CloudWatchLogSource(/aws/sagemaker/TrainingJobs,
   * resnet50-p3-gpu4-b512-e2/*)`, with `, 3 streams` once a read or follow has listed them;
   * `CloudWatchLogSource(<group>, 2 streams: <name>, <name>)` for named streams. Sends nothing.
   *
   * @example
   * ```ts
   * console.log(String(source)); // CloudWatchLogSource(/aws/sagemaker/TrainingJobs, resnet50-p3-gpu4-b512-e2/*)
   * ```
   */
  toString(): string {
    const names = this.logStreamNames;
    if (names === undefined) {
      const found = this.#streamsFound === undefined ? '' : `, ${this.#streamsFound} stream${this.#streamsFound === 1 ? '' : 's'}`;
      return `CloudWatchLogSource(${this.logGroupName}, ${this.jobName!}/*${found})`;
    }
    const shown = names.length > 3 ? [...names.slice(0, 2), '...'] : names;
    return `CloudWatchLogSource(${this.logGroupName}, ${names.length} stream${names.length === 1 ? '' : 's'}: ${shown.join(', ')})`;
  }

  /** Node's `util.inspect` (and so notebooks and the REPL) shows {@link CloudWatchLogSource.toString}. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  /** The limiter of this source: its own or given one, else the one shared by its client and region. */
  async #rateLimiter(): Promise<RateLimiter> {
    return this.#limiter ?? sharedRateLimiter(this.#client, await clientRegion(this.#client));
  }

  async #context(signal: AbortSignal | undefined): Promise<{ ctx: CloudWatchContext; release: () => void }> {
    const limiter = await this.#rateLimiter();
    const { controller, release: unlink } = linkedAbortController(signal);
    const ctx: CloudWatchContext = {
      client: this.#client,
      logGroupName: this.logGroupName,
      limiter,
      signal: controller.signal,
      retry: this.#retry,
      timeouts: this.#timeouts,
    };
    return {
      ctx,
      release: () => {
        unlink();
        if (!controller.signal.aborted) controller.abort(new DOMException('The log read ended', 'AbortError'));
      },
    };
  }

  async *#readBatches(signal: AbortSignal | undefined): AsyncGenerator<ArrayLogBatch, void, undefined> {
    throwIfAborted(signal);
    const { ctx, release } = await this.#context(signal);
    let reader: SlicedStreamReader | undefined;
    try {
      const streams = await this.#findStreams(ctx, 'read');
      reader = this.#reader(ctx, streams, 'read');
      yield* mergeByTimestamp(streams.map((_, i) => reader!.batches(i)));
    } finally {
      reader?.close();
      release();
    }
  }

  async *#followBatches(options: FollowOptions, interval: number): AsyncGenerator<ArrayLogBatch, void, undefined> {
    throwIfAborted(options.signal);
    const { ctx, release } = await this.#context(options.signal);
    const { signal } = ctx;
    const until = options.until ?? this.#defaultUntil(signal);
    const tails = new Map<string, Tail>();
    let reader: SlicedStreamReader | undefined;
    try {
      // Everything there is now, read as fast as read() does.
      const streams = await this.#findStreams(ctx, 'follow');
      if (streams.length > 0) {
        const current = this.#reader(ctx, streams, 'follow');
        reader = current;
        const lastSeen = new Map<string, number>();
        for await (const batch of mergeByTimestamp(streams.map((_, i) => current.batches(i)))) {
          const ts = batch.timestamps?.[batch.timestamps.length - 1];
          if (ts !== undefined) lastSeen.set(batch.source, ts.getTime());
          yield batch;
        }
        streams.forEach((info, i) => {
          tails.set(info.name, { name: info.name, ...current.cursor(i), lastTimestamp: lastSeen.get(info.name) });
        });
        current.close();
        reader = undefined;
      }
      // Then poll.
      const merger = new FollowMerger((a, b) => this.#compareStreams(a, b));
      for (;;) {
        const over = await until();
        throwIfAborted(signal);
        // Named streams all have a tail from the start; a job's streams may appear at any time.
        const found = this.jobName !== undefined ? await this.#findStreams(ctx, 'follow') : [];
        for (const { name } of found) {
          if (!tails.has(name)) tails.set(name, { name, startTime: undefined, token: undefined, lastTimestamp: undefined });
        }
        const polled = await Promise.all([...tails.values()].map((tail) => this.#poll(ctx, tail)));
        let watermark: number | undefined;
        for (const { lastTimestamp } of tails.values()) {
          if (lastTimestamp !== undefined) watermark = Math.min(watermark ?? Infinity, lastTimestamp);
        }
        yield* merger.next(polled, watermark, over);
        if (over) return;
        await sleep(interval, signal);
      }
    } finally {
      reader?.close();
      release();
    }
  }

  /** What a stream has gained since its cursor, read to the end with forward tokens. */
  async #poll(ctx: CloudWatchContext, tail: Tail): Promise<PolledEvent[]> {
    const out: PolledEvent[] = [];
    for (;;) {
      let page;
      try {
        page = await getLogEventsPage(ctx, { logStreamName: tail.name, startTime: tail.startTime, nextToken: tail.token });
      } catch (error) {
        if (isResourceNotFound(error) && !ctx.signal.aborted) return out;
        throw error;
      }
      const sent = tail.token;
      for (const event of page.events) {
        const ts = event.timestamp ?? event.ingestionTime ?? 0;
        out.push({ ts, stream: tail.name, message: event.message ?? '' });
        tail.lastTimestamp = ts;
      }
      tail.token = page.nextForwardToken ?? sent;
      if (page.nextForwardToken === undefined || page.nextForwardToken === sent) return out;
    }
  }

  #reader(ctx: CloudWatchContext, streams: StreamInfo[], mode: 'read' | 'follow'): SlicedStreamReader {
    return new SlicedStreamReader(ctx, streams, {
      concurrency: this.#concurrency,
      maxBufferedEvents: this.#maxBufferedEvents,
      mode,
      jobName: this.jobName,
    });
  }

  /**
   * The streams to read, in merge order. `read` mode throws CloudWatchLogNotFoundError for a
   * missing group, named stream or job without streams; `follow` mode returns what exists.
   */
  async #findStreams(ctx: CloudWatchContext, mode: 'read' | 'follow'): Promise<StreamInfo[]> {
    const group = this.logGroupName;
    const jobName = this.jobName;
    if (this.logStreamNames === undefined) {
      const prefix = `${jobName!}/`;
      let streams: StreamInfo[];
      try {
        streams = await describeStreams(ctx, prefix);
      } catch (error) {
        if (!isResourceNotFound(error) || ctx.signal.aborted) throw error;
        if (mode === 'follow') return [];
        throw new CloudWatchLogNotFoundError({ logGroupName: group, logStreamNamePrefix: prefix, reason: 'NoLogGroup', jobName }, { cause: error });
      }
      this.#streamsFound = streams.length;
      if (streams.length === 0 && mode === 'read') {
        throw new CloudWatchLogNotFoundError({ logGroupName: group, logStreamNamePrefix: prefix, reason: 'NoStreams', jobName });
      }
      return streams.sort((a, b) => compareStreamNames(a.name, b.name));
    }
    const names = this.logStreamNames;
    let found: (StreamInfo | undefined)[];
    try {
      found = await Promise.all(names.map(async (name) => (await describeStreams(ctx, name)).find((s) => s.name === name)));
    } catch (error) {
      if (!isResourceNotFound(error) || ctx.signal.aborted) throw error;
      if (mode === 'follow') return names.map((name) => ({ name }));
      throw new CloudWatchLogNotFoundError({ logGroupName: group, logStreamNames: [...names], reason: 'NoLogGroup', jobName }, { cause: error });
    }
    const missing = names.filter((_, i) => found[i] === undefined);
    if (missing.length > 0 && mode === 'read') {
      throw new CloudWatchLogNotFoundError({ logGroupName: group, logStreamNames: missing, reason: 'NoSuchStream', jobName });
    }
    // Named streams keep the order they were given in; missing ones (follow) are polled until they appear.
    return names.map((name, i) => found[i] ?? { name });
  }

  /** Merge order of streams: as named in `logStreamNames`, else natural name order (algo-2 before algo-10). */
  #compareStreams(a: string, b: string): number {
    const names = this.logStreamNames;
    return names === undefined ? compareStreamNames(a, b) : names.indexOf(a) - names.indexOf(b);
  }

  #defaultUntil(signal: AbortSignal): () => Promise<boolean> {
    if (this.jobName !== undefined && this.#sagemaker !== undefined) {
      return jobOverCheck(this.#sagemaker, this.jobName, signal, this.#retry, this.#timeouts);
    }
    return async () => false;
  }
}
