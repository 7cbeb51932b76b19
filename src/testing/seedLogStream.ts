/**
 * Seeds a CloudWatch log stream in a local server. See {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/testing.md | docs/testing.md}.
 *
 * @module
 */
import type { InputLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { nonNegativeNumber } from '../internal/checkOptions';
import { logsSdk } from '../internal/sdk';
import type { Clients } from '../jobs/Clients';
import { ignore } from './internal/ignore';
import { TRAINING_JOB_LOG_GROUP } from './internal/trainingJobLogGroup';

/**
 * One log event to seed: its text and, optionally, its time.
 *
 * @example
 * ```ts
 * import type { SeedLogEvent } from 'sagemaker-bench/testing';
 *
 * const event: SeedLogEvent = { message: 'Epoch 1/5', timestamp: new Date(Date.now() - 60_000) };
 * ```
 */
export interface SeedLogEvent {
  /** The event's text (one line of the log). CloudWatch refuses empty messages: empty ones are left out. */
  message: string;
  /** When it was written. Default: from its place in the log (see {@link SeedLogStreamOptions.startTime}). */
  timestamp?: Date | number;
}

/**
 * A log to seed: a text (one event per line; empty lines are left out, as SageMaker's log agent
 * does), or its events, as strings or {@link SeedLogEvent}s.
 *
 * @example
 * ```ts
 * import type { SeedLogLines } from 'sagemaker-bench/testing';
 *
 * const text: SeedLogLines = 'Epoch 1/2\nloss: 0.9\nEpoch 2/2\nloss: 0.5\n';
 * const events: SeedLogLines = [{ message: 'Epoch 1/2', timestamp: Date.now() - 120_000 }, { message: 'Epoch 2/2', timestamp: Date.now() - 60_000 }];
 * ```
 */
export type SeedLogLines = string | readonly (string | SeedLogEvent)[];

/**
 * Options of {@link seedLogStream}.
 *
 * @example
 * ```ts
 * import type { SeedLogStreamOptions } from 'sagemaker-bench/testing';
 *
 * const options: SeedLogStreamOptions = {
 *   logStreamName: 'my-job/algo-1-1700000000',
 *   events: 'line 1\nline 2\n',
 *   startTime: Date.now() - 3_600_000, // an hour ago
 *   intervalMs: 1_000,                 // one line a second
 * };
 * ```
 */
export interface SeedLogStreamOptions {
  /** The log group, created when missing. Default `/aws/sagemaker/TrainingJobs`, where SageMaker training jobs log. */
  logGroupName?: string;
  /** The stream, created when missing (events are appended to an existing one). A training job's are `<job>/algo-<n>-<epoch seconds>`. */
  logStreamName: string;
  /** The events. */
  events: SeedLogLines;
  /**
   * When the log starts: the n-th event (empty ones left out, counting from 0) is at
   * `startTime + n * intervalMs` unless it has its own `timestamp`. Default: so that the last
   * one is a minute ago. CloudWatch (and moto) drop events older than 14 days or more than 2
   * hours ahead: such times are refused with a RangeError.
   */
  startTime?: Date | number;
  /** Milliseconds between events that have no `timestamp`. Default 100. */
  intervalMs?: number;
}

/**
 * What {@link seedLogStream} wrote.
 *
 * @example
 * ```ts
 * import { seedLogStream, startMoto } from 'sagemaker-bench/testing';
 *
 * const moto = await startMoto();
 * const { events } = await seedLogStream(moto.clients, { logStreamName: 'my-job/algo-1-1700000000', events: 'a\nb' });
 * console.log(events.map((e) => e.timestamp.toISOString()));
 * ```
 */
export interface SeededLogStream {
  /** The log group. */
  logGroupName: string;
  /** The stream. */
  logStreamName: string;
  /** The events written, in time order, with their times (what GetLogEvents gives back). */
  events: {
    /** The event's text (one line). */
    message: string;
    /** The event's time. */
    timestamp: Date;
  }[];
}

const DAY_MS = 86_400_000;
const MAX_BATCH_EVENTS = 10_000;
const MAX_BATCH_BYTES = 1_000_000;

/**
 * Writes log events into a CloudWatch log stream (creating the group and the stream when
 * missing), as a training job's log agent would: in time order, in PutLogEvents batches
 * within the service's limits (10,000 events, 1 MB, 24 hours each). Then `CloudWatchLogSource`,
 * `logSourceForJob`, `readLogText` and `parseTrainingLog` can read it back. For a whole
 * training job (its description, its S3 log and its streams) use `seedTrainingJob`.
 *
 * `clients` is anything with a `logs` client: `moto.clients`, or `{ logs }`.
 *
 * @example
 * ```ts
 * import { readLogText, CloudWatchLogSource } from 'sagemaker-bench';
 * import { seedLogStream, startMoto } from 'sagemaker-bench/testing';
 *
 * const moto = await startMoto();
 * await seedLogStream(moto.clients, { logStreamName: 'my-job/algo-1-1700000000', events: 'step 1\nstep 2\n' });
 * const text = await readLogText(new CloudWatchLogSource({ client: moto.clients.logs, jobName: 'my-job' }));
 * console.log(text); // 'step 1\nstep 2'
 * ```
 */
export async function seedLogStream(clients: Pick<Clients, 'logs'>, options: SeedLogStreamOptions): Promise<SeededLogStream> {
  const logGroupName = options.logGroupName ?? TRAINING_JOB_LOG_GROUP;
  const { logStreamName } = options;
  if (typeof logStreamName !== 'string' || logStreamName === '') throw new TypeError('seedLogStream: logStreamName must be a non-empty string');
  const events = timedEvents(options);
  const { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } = logsSdk();
  await clients.logs.send(new CreateLogGroupCommand({ logGroupName })).catch(ignore('ResourceAlreadyExistsException'));
  await clients.logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName })).catch(ignore('ResourceAlreadyExistsException'));
  for (const batch of batches(events)) {
    const answer = await clients.logs.send(new PutLogEventsCommand({ logGroupName, logStreamName, logEvents: batch }));
    const rejected = answer.rejectedLogEventsInfo;
    if (rejected !== undefined && Object.values(rejected).some((index) => index !== undefined)) {
      throw new RangeError(`seedLogStream: the server dropped events of ${logStreamName}: ${JSON.stringify(rejected)} (too old, too new or expired)`);
    }
  }
  return { logGroupName, logStreamName, events: events.map((e) => ({ message: e.message ?? '', timestamp: new Date(e.timestamp ?? 0) })) };
}

/** The events with a time each, empty messages left out, in time order (stable). */
function timedEvents(options: SeedLogStreamOptions): InputLogEvent[] {
  const given = typeof options.events === 'string' ? options.events.split(/\r?\n/) : options.events;
  if (!Array.isArray(given)) throw new TypeError('seedLogStream: events must be a string or an array of strings and { message, timestamp } events');
  const intervalMs = nonNegativeNumber('seedLogStream', 'intervalMs', options.intervalMs, 100);
  const kept: { message: string; timestamp: number | undefined; at: number }[] = [];
  given.forEach((event: string | SeedLogEvent, at: number) => {
    const message = typeof event === 'string' ? event : event?.message;
    if (typeof message !== 'string') throw new TypeError(`seedLogStream: events[${at}] has no message`);
    if (message === '') return;
    const timestamp = typeof event !== 'string' && event.timestamp !== undefined ? toMillis(event.timestamp, `events[${at}].timestamp`) : undefined;
    kept.push({ message, timestamp, at });
  });
  const now = Date.now();
  const start = options.startTime === undefined ? now - 60_000 - Math.max(0, kept.length - 1) * intervalMs : toMillis(options.startTime, 'startTime');
  const out = kept.map(({ message, timestamp, at }, i) => {
    const time = timestamp ?? start + i * intervalMs;
    if (time < now - 14 * DAY_MS + 60_000 || time > now + 2 * 3_600_000 - 60_000) {
      throw new RangeError(
        `seedLogStream: events[${at}] is at ${new Date(time).toISOString()}; CloudWatch drops events older than 14 days or more than 2 hours ahead`,
      );
    }
    return { event: { message, timestamp: time } as InputLogEvent, i };
  });
  return out.sort((a, b) => a.event.timestamp! - b.event.timestamp! || a.i - b.i).map(({ event }) => event);
}

function* batches(events: InputLogEvent[]): Generator<InputLogEvent[]> {
  let batch: InputLogEvent[] = [];
  let bytes = 0;
  for (const event of events) {
    const size = Buffer.byteLength(event.message ?? '') + 26;
    const first = batch[0]?.timestamp;
    if (batch.length > 0 && (batch.length >= MAX_BATCH_EVENTS || bytes + size > MAX_BATCH_BYTES || event.timestamp! - first! >= DAY_MS)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(event);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

function toMillis(value: Date | number, name: string): number {
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new TypeError(`seedLogStream: ${name} must be a Date or a number of milliseconds, got ${String(value)}`);
  return ms;
}
