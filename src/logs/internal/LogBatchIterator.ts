/**
 * Turns an async generator of batches of lines (one per network chunk) into the async iterator
 * of LogEvent that `read()` and `follow()` return. Internal.
 *
 * An async generator that yields once per line pays a few promise hops per line; for a 1 GB
 * log (10 million lines) that cost more than the network. Here a line of the current batch is
 * handed out with one already-resolved promise, and the generator is only resumed when a batch
 * runs out. A batch is an array of messages (CloudWatch pages, with timestamps) or a cursor that
 * decodes each line only when it is asked for (S3). A message that is a piece of a long line
 * (flagged by the batch) becomes an event with `continued: true`; other events have no
 * `continued` key at all. `return()` (a `break` out of `for await`) closes the
 * generator at once, so its `finally` blocks destroy response bodies and clear timers.
 */
import type { LogEvent } from '../LogSource';

/**
 * Lines that came together, all from one source (stream name or S3 key), in one of two shapes:
 * an array of messages (with timestamps when the source knows them), or a cursor that decodes
 * each message when it is asked for (S3: only one chunk and one line alive at a time).
 */
export type LogBatch = ArrayLogBatch | CursorLogBatch;

export interface ArrayLogBatch {
  readonly source: string;
  readonly messages: readonly string[];
  /** Per message, when the source knows it. */
  readonly timestamps?: readonly (Date | undefined)[];
  /** Per message: true when it is a piece of a line that goes on in the next message. */
  readonly continued?: readonly boolean[];
}

export interface CursorLogBatch {
  readonly source: string;
  /** The next message of the batch, or undefined when it has no more. */
  next(): string | undefined;
  /**
   * Read right after each `next()`: true when the message it returned is a piece of a line that
   * goes on in the next message (a getter over `LineSplitter.continued`). Absent: never.
   */
  readonly continued?: boolean;
}

/** A batch over an array of messages. */
export function arrayBatch(source: string, messages: readonly string[]): ArrayLogBatch {
  return { source, messages };
}

export class LogBatchIterator implements AsyncIterableIterator<LogEvent> {
  readonly #batches: AsyncGenerator<LogBatch, void, undefined>;
  /** The current batch, as its source and either a cursor or an array (with its position). */
  #source = '';
  #cursor: CursorLogBatch | undefined;
  #messages: readonly string[] | undefined;
  #timestamps: readonly (Date | undefined)[] | undefined;
  #continuedFlags: readonly boolean[] | undefined;
  /** The cursor has a `continued` flag to read after each `next()`. */
  #cursorFlags = false;
  #index = 0;
  /** The next message of the current batch (its time, whether it is a piece), taken ahead so `next()` knows whether it has one. */
  #ahead: string | undefined;
  #aheadTime: Date | undefined;
  #aheadContinued = false;
  #done = false;
  /** Calls that need the generator, in flight: while there are any, later calls queue behind them. */
  #inFlight = 0;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(batches: AsyncGenerator<LogBatch, void, undefined>) {
    this.#batches = batches;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<LogEvent, undefined>> {
    if (this.#inFlight === 0 && this.#ahead !== undefined) return Promise.resolve({ value: this.#take(), done: false });
    return this.#queue(() => this.#pull());
  }

  return(): Promise<IteratorResult<LogEvent, undefined>> {
    return this.#queue(async () => {
      this.#finish();
      await this.#batches.return(undefined);
      return { value: undefined, done: true };
    });
  }

  throw(error?: unknown): Promise<IteratorResult<LogEvent, undefined>> {
    return this.#queue(async () => {
      this.#finish();
      await this.#batches.return(undefined);
      throw error;
    });
  }

  #take(): LogEvent {
    const message = this.#ahead!;
    const timestamp = this.#aheadTime;
    const continued = this.#aheadContinued;
    this.#advance();
    if (continued) {
      return timestamp === undefined
        ? { message, source: this.#source, continued: true }
        : { message, timestamp, source: this.#source, continued: true };
    }
    return timestamp === undefined ? { message, source: this.#source } : { message, timestamp, source: this.#source };
  }

  /** Takes the next message of the current batch into `#ahead` (undefined when it has no more). */
  #advance(): void {
    const cursor = this.#cursor;
    if (cursor !== undefined) {
      this.#ahead = cursor.next();
      if (this.#cursorFlags) this.#aheadContinued = cursor.continued === true;
      return;
    }
    const i = this.#index++;
    this.#ahead = this.#messages?.[i];
    this.#aheadTime = this.#timestamps?.[i];
    if (this.#continuedFlags !== undefined) this.#aheadContinued = this.#continuedFlags[i] === true;
  }

  async #pull(): Promise<IteratorResult<LogEvent, undefined>> {
    while (this.#ahead === undefined) {
      if (this.#done) return { value: undefined, done: true };
      let result: IteratorResult<LogBatch, void>;
      try {
        result = await this.#batches.next();
      } catch (error) {
        this.#finish();
        throw error;
      }
      if (result.done === true) {
        this.#finish();
        return { value: undefined, done: true };
      }
      const batch = result.value;
      this.#source = batch.source;
      this.#index = 0;
      this.#aheadTime = undefined;
      this.#aheadContinued = false;
      if ('messages' in batch) {
        this.#cursor = undefined;
        this.#cursorFlags = false;
        this.#messages = batch.messages;
        this.#timestamps = batch.timestamps;
        this.#continuedFlags = batch.continued;
      } else {
        this.#cursor = batch;
        this.#cursorFlags = 'continued' in batch;
        this.#messages = undefined;
        this.#timestamps = undefined;
        this.#continuedFlags = undefined;
      }
      this.#advance();
    }
    return { value: this.#take(), done: false };
  }

  #finish(): void {
    this.#done = true;
    this.#cursor = undefined;
    this.#messages = undefined;
    this.#timestamps = undefined;
    this.#continuedFlags = undefined;
    this.#ahead = undefined;
    this.#aheadTime = undefined;
    this.#aheadContinued = false;
  }

  #queue<T>(call: () => Promise<T>): Promise<T> {
    this.#inFlight++;
    const wrapped = async (): Promise<T> => {
      try {
        return await call();
      } finally {
        this.#inFlight--;
      }
    };
    const run = this.#tail.then(wrapped, wrapped);
    this.#tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}
