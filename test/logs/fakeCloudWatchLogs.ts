/**
 * An in-memory CloudWatch Logs with AWS's semantics, for unit tests of CloudWatchLogSource:
 * GetLogEvents pages of at most 10,000 events / 1 MB (or a smaller `pageSize`), `startTime`
 * inclusive and `endTime` exclusive, forward tokens, the end marked by the same token coming
 * back, and (optionally) empty pages before the end, as AWS may send. DescribeLogStreams pages
 * by `logStreamNamePrefix` with `nextToken`, and reports `storedBytes: 0` as AWS does (unless
 * told otherwise). A missing group or stream throws ResourceNotFoundException.
 *
 * Use it behind aws-sdk-client-mock (`wire(mock)`), or as the client itself (`asClient()`),
 * which also sees the `abortSignal` of each request.
 */
import {
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import type {
  CloudWatchLogsClient,
  DescribeLogStreamsCommandInput,
  DescribeLogStreamsCommandOutput,
  GetLogEventsCommandInput,
  GetLogEventsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs';
import type { AwsStub } from 'aws-sdk-client-mock';

export interface FakeEvent {
  timestamp: number;
  message: string;
}

export interface FakeOptions {
  /** Events per GetLogEvents page at most (default 10,000, AWS's). */
  pageSize?: number;
  /** DescribeLogStreams page size (default 50). */
  describePageSize?: number;
  /** Report storedBytes (sum of message bytes) instead of AWS's 0. */
  reportStoredBytes?: boolean;
  /** Before the real end and between pages, answer this many empty pages (new token, no events) every so often. */
  emptyPages?: number;
}

/** A fault to throw instead of answering one request. */
export type Fault = (operation: 'GetLogEvents' | 'DescribeLogStreams', input: object) => Error | undefined;

export interface RecordedCall {
  operation: 'GetLogEvents' | 'DescribeLogStreams';
  input: GetLogEventsCommandInput | DescribeLogStreamsCommandInput;
  /** What came back (undefined when it failed). */
  output?: GetLogEventsCommandOutput | DescribeLogStreamsCommandOutput;
  error?: unknown;
}

const PAGE_BYTES = 1_048_576;

export function notFound(message = 'The specified log group does not exist.'): ResourceNotFoundException {
  return new ResourceNotFoundException({ message, $metadata: { httpStatusCode: 400 } });
}

export function throttling(): Error {
  return Object.assign(new Error('Rate exceeded'), {
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    $retryable: { throttling: true },
  });
}

export function internalError(): Error {
  return Object.assign(new Error('Internal failure'), { name: 'InternalFailure', $fault: 'server', $metadata: { httpStatusCode: 500 } });
}

export function connectionReset(): Error {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}

export class FakeCloudWatchLogs {
  readonly groups = new Map<string, Map<string, FakeEvent[]>>();
  readonly calls: RecordedCall[] = [];
  faults: Fault | undefined;
  options: FakeOptions;
  /** Answers are delayed by this many ms (asClient only); lets requests overlap. */
  delayMs = 0;
  #inFlight = 0;
  /** Most requests in flight at once (asClient only). */
  maxInFlight = 0;
  #emptyCounter = 0;

  constructor(options: FakeOptions = {}) {
    this.options = options;
  }

  createGroup(group: string): this {
    if (!this.groups.has(group)) this.groups.set(group, new Map());
    return this;
  }

  /** Creates the stream if needed and adds events (kept sorted by timestamp, stable). */
  put(group: string, stream: string, events: FakeEvent[]): this {
    this.createGroup(group);
    const streams = this.groups.get(group)!;
    const list = streams.get(stream) ?? [];
    list.push(...events);
    list.sort((a, b) => a.timestamp - b.timestamp);
    streams.set(stream, list);
    return this;
  }

  /** The GetLogEvents calls, in order. */
  get getCalls(): (RecordedCall & { input: GetLogEventsCommandInput })[] {
    return this.calls.filter((c): c is RecordedCall & { input: GetLogEventsCommandInput } => c.operation === 'GetLogEvents');
  }

  describeLogStreams(input: DescribeLogStreamsCommandInput): DescribeLogStreamsCommandOutput {
    const call: RecordedCall = { operation: 'DescribeLogStreams', input };
    this.calls.push(call);
    try {
      const fault = this.faults?.('DescribeLogStreams', input);
      if (fault !== undefined) throw fault;
      const streams = this.groups.get(input.logGroupName ?? '');
      if (streams === undefined) throw notFound();
      if ((input.limit ?? 50) > 50) throw new Error('limit > 50');
      const prefix = input.logStreamNamePrefix ?? '';
      const names = [...streams.keys()].filter((n) => n.startsWith(prefix)).sort();
      const size = Math.min(input.limit ?? 50, this.options.describePageSize ?? 50);
      const start = input.nextToken === undefined ? 0 : Number(input.nextToken);
      const page = names.slice(start, start + size);
      const output: DescribeLogStreamsCommandOutput = {
        $metadata: {},
        logStreams: page.map((name) => {
          const events = streams.get(name)!;
          return {
            logStreamName: name,
            creationTime: 0,
            ...(events.length > 0 ? { firstEventTimestamp: events[0]!.timestamp, lastEventTimestamp: events[events.length - 1]!.timestamp } : {}),
            storedBytes: this.options.reportStoredBytes ? events.reduce((sum, e) => sum + Buffer.byteLength(e.message), 0) : 0,
          };
        }),
        ...(start + size < names.length ? { nextToken: String(start + size) } : {}),
      };
      call.output = output;
      return output;
    } catch (error) {
      call.error = error;
      throw error;
    }
  }

  getLogEvents(input: GetLogEventsCommandInput): GetLogEventsCommandOutput {
    const call: RecordedCall = { operation: 'GetLogEvents', input };
    this.calls.push(call);
    try {
      const fault = this.faults?.('GetLogEvents', input);
      if (fault !== undefined) throw fault;
      const events = this.groups.get(input.logGroupName ?? '')?.get(input.logStreamName ?? '');
      if (events === undefined) throw notFound(this.groups.has(input.logGroupName ?? '') ? 'The specified log stream does not exist.' : undefined);
      if (input.startFromHead !== true && input.nextToken === undefined) throw new Error('the fake only reads from the head');
      const filtered = events.filter(
        (e) => (input.startTime === undefined || e.timestamp >= input.startTime) && (input.endTime === undefined || e.timestamp < input.endTime),
      );
      const pos = input.nextToken === undefined ? 0 : Number(/^f\/(\d+)/.exec(input.nextToken)![1]);
      let output: GetLogEventsCommandOutput;
      if (pos >= filtered.length) {
        const token = input.nextToken ?? `f/${pos}`;
        output = { $metadata: {}, events: [], nextForwardToken: token, nextBackwardToken: `b/${pos}` };
      } else if ((this.options.emptyPages ?? 0) > 0 && this.#emptyCounter++ % 3 === 0) {
        // An empty page before the end: a new token for the same position.
        output = { $metadata: {}, events: [], nextForwardToken: `f/${pos}/e${this.#emptyCounter}`, nextBackwardToken: `b/${pos}` };
      } else {
        const max = Math.min(input.limit ?? 10_000, this.options.pageSize ?? 10_000);
        const page: FakeEvent[] = [];
        let bytes = 0;
        for (let i = pos; i < filtered.length && page.length < max; i++) {
          const size = Buffer.byteLength(filtered[i]!.message) + 26;
          if (page.length > 0 && bytes + size > PAGE_BYTES) break;
          bytes += size;
          page.push(filtered[i]!);
        }
        output = {
          $metadata: {},
          events: page.map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.timestamp + 5 })),
          nextForwardToken: `f/${pos + page.length}`,
          nextBackwardToken: `b/${pos}`,
        };
      }
      call.output = output;
      return output;
    } catch (error) {
      call.error = error;
      throw error;
    }
  }

  /** Routes the mock's commands to this fake. */
  wire(mock: AwsStub<any, any, any>): this {
    mock.on(GetLogEventsCommand).callsFake((input: GetLogEventsCommandInput) => this.getLogEvents(input));
    mock.on(DescribeLogStreamsCommand).callsFake((input: DescribeLogStreamsCommandInput) => this.describeLogStreams(input));
    return this;
  }

  /** A stand-in client: answers after `delayMs`, and rejects at once when the request's abortSignal aborts. */
  asClient(): CloudWatchLogsClient & { aborted: number } {
    const fake = this;
    const client = {
      aborted: 0,
      send(command: { input: object }, options?: { abortSignal?: AbortSignal }) {
        const signal = options?.abortSignal;
        return new Promise((resolve, reject) => {
          if (signal?.aborted) {
            reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
            return;
          }
          fake.#inFlight++;
          fake.maxInFlight = Math.max(fake.maxInFlight, fake.#inFlight);
          const finish = () => {
            fake.#inFlight--;
            signal?.removeEventListener('abort', onAbort);
          };
          const onAbort = () => {
            cancel();
            finish();
            client.aborted++;
            reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
          };
          signal?.addEventListener('abort', onAbort, { once: true });
          const answer = () => {
            finish();
            try {
              if (command instanceof GetLogEventsCommand) resolve(fake.getLogEvents(command.input));
              else if (command instanceof DescribeLogStreamsCommand) resolve(fake.describeLogStreams(command.input));
              else reject(new Error(`the fake does not know ${command.constructor.name}`));
            } catch (error) {
              reject(error);
            }
          };
          // setImmediate when there is no delay: a timer of 0 ms still costs about 1 ms.
          let cancel: () => void;
          if (fake.delayMs > 0) {
            const timer = setTimeout(answer, fake.delayMs);
            cancel = () => clearTimeout(timer);
          } else {
            const immediate = setImmediate(answer);
            cancel = () => clearImmediate(immediate);
          }
        });
      },
    };
    return client as unknown as CloudWatchLogsClient & { aborted: number };
  }
}

/** `count` events of one stream, timestamps from `start`, `perMs` events per millisecond. */
export function makeEvents(stream: string, count: number, start = 1_700_000_000_000, perMs = 10): FakeEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    timestamp: start + Math.floor(i / perMs),
    message: `${stream} #${i} epoch ${1 + Math.floor(i / 1000)} step ${i % 1000} loss=${(1 / (i + 1)).toFixed(6)}`,
  }));
}
