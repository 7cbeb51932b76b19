/**
 * Reads CloudWatch log streams fast: streams in parallel, and each stream cut into time slices
 * read in parallel, under the source's request-rate cap, with bounded buffering. Internal to
 * CloudWatchLogSource.
 *
 * ## Slices
 *
 * A slice is a part `[lo, hi)` of one stream by event timestamp (`lo` absent: from the head;
 * `hi` absent: to the end of the stream). It is read with GetLogEvents from `startTime: lo`,
 * forward tokens and `startFromHead: true`:
 *
 * - a slice with `hi` is complete as soon as a page holds an event at or after `hi` (that event
 *   and the rest of the page belong to the next slice and are dropped here), or when the same
 *   token comes back (the stream ends inside the slice);
 * - the last slice (no `hi`) ends only by the real end rule: the same `nextForwardToken` that was
 *   sent comes back. An empty page is never the end.
 *
 * No `endTime` is sent (moto keeps `endTime` inclusive where AWS excludes it; bounding the slice
 * on our side is right on both), and no request is spent on an empty "end" page per slice: a
 * slice usually costs one request. This relies on GetLogEvents returning a stream's events in
 * timestamp order, which is how CloudWatch Logs stores them (and what makes time slices
 * joined end to end equal to the stream read from the head).
 *
 * Every stream starts as one slice from the head. After each page that did not finish its
 * slice, the density of that page (events per millisecond) estimates what is left up to `hi`
 * (or, for the last slice, up to the stream's `lastEventTimestamp` from DescribeLogStreams); if
 * that is more than about a page, the rest is split: the slice keeps the events strictly before
 * the page's last timestamp `b` and ends there, and new slices cover `[b, hi)`, each expected to
 * hold most of one page. Events at exactly `b` are read again by the first new slice, so a
 * timestamp shared by many events is never cut. New slices are split again if they turn out
 * denser than expected, so bursts in the log are handled where they are. Without
 * `lastEventTimestamp` (a stream with no events yet) the last slice is read with tokens only.
 *
 * ## Scheduling and memory
 *
 * At most `concurrency` requests are in flight (waiting for a rate token counts). The consumer
 * reads each stream slice by slice, in order, and gets a slice's pages as soon as they arrive,
 * while later slices are fetched ahead. Fetching ahead is bounded: pages buffered plus pages in
 * flight (counted as full pages) stay under `maxBufferedEvents`, except that the slice the
 * consumer is waiting on may always fetch. Next come the last slices of the streams (they end
 * with a request that only confirms the end: fetched early, that round trip overlaps the
 * others instead of trailing after them), then slices nearer the consumer (earlier timestamps).
 *
 * `storedBytes` is not used to plan slices: AWS has reported 0 for it since 2019 (moto still
 * fills it); the first page's density is what every stream is planned from.
 */
import { CloudWatchLogNotFoundError } from '../../errors';
import type { CloudWatchContext, Page, StreamInfo } from './CloudWatchContext';
import { getLogEventsPage, isResourceNotFound } from './CloudWatchContext';
import type { TimedBatch } from './mergeByTimestamp';
import { timeSlices } from './timeSlices';
import { abortReason } from '../../internal/sleep';

/** GetLogEvents' largest page: 10,000 events (AWS also stops at 1 MB). */
export const MAX_PAGE_EVENTS = 10_000;
/** AWS's byte cap of one page, and what it counts per event on top of the message. */
const PAGE_BYTES = 1_048_576;
const EVENT_OVERHEAD_BYTES = 26;
/** New slices are sized to hold this share of a page (the rest is margin for uneven logs). */
const SLICE_FILL = 0.85;
/** One split makes at most this many slices (denser parts split again). */
const MAX_SPLIT = 64;

/** Where a stream's reading stopped: resume from here to get what was written since. */
export interface StreamCursor {
  startTime: number | undefined;
  token: string | undefined;
}

/** Options of {@link SlicedStreamReader}. */
export interface SlicedReaderOptions {
  /** Requests in flight at most. */
  concurrency: number;
  /** Events buffered ahead of the consumer (pages in flight count as full pages). */
  maxBufferedEvents: number;
  /** `read`: a missing stream is an error; `follow`: it is empty for now. */
  mode: 'read' | 'follow';
  /** The job, for error messages. */
  jobName?: string | undefined;
  /** GetLogEvents `limit` sent with every request (default and most: 10,000). */
  pageEvents?: number | undefined;
}

interface Slice {
  lo: number | undefined;
  hi: number | undefined;
  token: string | undefined;
  pages: TimedBatch[];
  buffered: number;
  done: boolean;
  inFlight: boolean;
}

interface StreamState {
  index: number;
  info: StreamInfo;
  slices: Slice[];
  /** The slice the consumer is on. */
  cursor: number;
  /** Set once the last slice has reached the end of the stream. */
  end: StreamCursor | undefined;
}

export class SlicedStreamReader {
  readonly #ctx: CloudWatchContext;
  readonly #options: SlicedReaderOptions;
  readonly #pageEvents: number;
  readonly #streams: StreamState[];
  #inFlight = 0;
  #buffered = 0;
  #error: { error: unknown } | undefined;
  #closed = false;
  #waiters: (() => void)[] = [];
  readonly #onAbort = () => this.#notify();
  /** Requests sent (diagnostics and tests). */
  requests = 0;

  constructor(ctx: CloudWatchContext, streams: readonly StreamInfo[], options: SlicedReaderOptions) {
    this.#ctx = ctx;
    this.#options = { ...options, concurrency: Math.max(1, Math.floor(options.concurrency)) };
    this.#pageEvents = Math.max(1, Math.min(MAX_PAGE_EVENTS, Math.floor(options.pageEvents ?? MAX_PAGE_EVENTS)));
    this.#streams = streams.map((info, index) => ({
      index,
      info,
      slices: [newSlice(undefined, undefined)],
      cursor: 0,
      end: undefined,
    }));
    ctx.signal.addEventListener('abort', this.#onAbort, { once: true });
    this.#pump();
  }

  /** The events of stream `index` (in the order given to the constructor), batch by batch. */
  async *batches(index: number): AsyncGenerator<TimedBatch, void, undefined> {
    const stream = this.#streams[index]!;
    for (;;) {
      this.#check();
      const slice = stream.slices[stream.cursor];
      if (slice === undefined) return;
      const page = slice.pages.shift();
      if (page !== undefined) {
        slice.buffered -= page.messages.length;
        this.#buffered -= page.messages.length;
        this.#pump();
        yield page;
        continue;
      }
      if (slice.done) {
        stream.cursor++;
        this.#pump();
        continue;
      }
      await this.#changed();
    }
  }

  /** Where each stream's reading reached its end (after `batches` of every stream is done). */
  cursor(index: number): StreamCursor {
    return this.#streams[index]!.end ?? { startTime: undefined, token: undefined };
  }

  /** Stops fetching (requests in flight are aborted by the context's signal). */
  close(): void {
    this.#closed = true;
    this.#ctx.signal.removeEventListener('abort', this.#onAbort);
    for (const stream of this.#streams) {
      for (const slice of stream.slices) slice.pages = [];
    }
    this.#notify();
  }

  #check(): void {
    if (this.#ctx.signal.aborted) throw abortReason(this.#ctx.signal);
    if (this.#error !== undefined) throw this.#error.error;
  }

  #changed(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  #pump(): void {
    while (!this.#closed && this.#error === undefined && !this.#ctx.signal.aborted && this.#inFlight < this.#options.concurrency) {
      const slice = this.#pick();
      if (slice === undefined) return;
      void this.#fetch(slice.stream, slice.slice);
    }
  }

  /** The next slice to fetch: one the consumer waits on first, then the earliest that fits in the budget. */
  #pick(): { stream: StreamState; slice: Slice } | undefined {
    let best: { stream: StreamState; slice: Slice } | undefined;
    const consider = (stream: StreamState, slice: Slice) => {
      if (best === undefined || earlier(slice, stream, best.slice, best.stream)) best = { stream, slice };
    };
    const fits = this.#buffered + (this.#inFlight + 1) * this.#pageEvents <= this.#options.maxBufferedEvents;
    for (const stream of this.#streams) {
      const head = stream.slices[stream.cursor];
      if (head !== undefined && !head.done && !head.inFlight && head.pages.length === 0) return { stream, slice: head };
      if (!fits) continue;
      for (let i = stream.cursor; i < stream.slices.length; i++) {
        const slice = stream.slices[i]!;
        if (slice.done || slice.inFlight) continue;
        consider(stream, slice);
        break;
      }
      const last = stream.slices[stream.slices.length - 1];
      if (last !== undefined && last.hi === undefined && !last.done && !last.inFlight) consider(stream, last);
    }
    return best;
  }


  async #fetch(stream: StreamState, slice: Slice): Promise<void> {
    slice.inFlight = true;
    this.#inFlight++;
    this.requests++;
    const sent = slice.token;
    try {
      const page = await getLogEventsPage(this.#ctx, {
        logStreamName: stream.info.name,
        startTime: slice.lo,
        nextToken: sent,
        limit: this.#pageEvents,
      });
      if (!this.#closed) this.#accept(stream, slice, sent, page);
    } catch (error) {
      if (this.#closed || this.#ctx.signal.aborted) {
        // The read is over; nothing to report.
      } else if (isResourceNotFound(error) && this.#options.mode === 'follow') {
        // Not there (yet): empty for now, follow() keeps polling it from the head.
        slice.done = true;
      } else if (isResourceNotFound(error)) {
        this.#error = {
          error: new CloudWatchLogNotFoundError(
            { logGroupName: this.#ctx.logGroupName, logStreamNames: [stream.info.name], reason: 'NoSuchStream', jobName: this.#options.jobName },
            { cause: error },
          ),
        };
      } else {
        this.#error = { error };
      }
    } finally {
      slice.inFlight = false;
      this.#inFlight--;
      this.#notify();
      this.#pump();
    }
  }

  #accept(stream: StreamState, slice: Slice, sent: string | undefined, page: Page): void {
    const { events, nextForwardToken: next } = page;
    const messages: string[] = [];
    const timestamps: number[] = [];
    let reachedHi = false;
    for (const event of events) {
      const ts = event.timestamp ?? event.ingestionTime ?? 0;
      if (slice.hi !== undefined && ts >= slice.hi) {
        reachedHi = true;
        break;
      }
      messages.push(event.message ?? '');
      timestamps.push(ts);
    }
    const atEnd = next === undefined || (sent !== undefined && next === sent);
    if (reachedHi || atEnd) {
      this.#push(slice, stream, messages, timestamps);
      slice.done = true;
      if (slice.hi === undefined) stream.end = { startTime: slice.lo, token: next ?? sent };
      return;
    }
    const split = this.#planSplit(stream, slice, messages, timestamps);
    if (split === undefined) {
      this.#push(slice, stream, messages, timestamps);
      slice.token = next;
      return;
    }
    // Keep the events before the split point; the new slices read the rest, from `split[0]` on.
    let keep = messages.length;
    while (keep > 0 && timestamps[keep - 1]! >= split[0]!) keep--;
    messages.length = keep;
    timestamps.length = keep;
    this.#push(slice, stream, messages, timestamps);
    slice.done = true;
    const children: Slice[] = [];
    for (let i = 0; i + 1 < split.length; i++) {
      const last = i + 2 === split.length;
      children.push(newSlice(split[i], last ? slice.hi : split[i + 1]));
    }
    stream.slices.splice(stream.slices.indexOf(slice) + 1, 0, ...children);
    // Forget consumed slices so the list stays short.
    if (stream.cursor > 0) {
      stream.slices.splice(0, stream.cursor);
      stream.cursor = 0;
    }
  }

  /**
   * Whether to split the rest of `slice` after a page ending at timestamp `b`: the boundaries
   * `[b, ..., end]` of the new slices, or undefined to go on with the token.
   */
  #planSplit(stream: StreamState, slice: Slice, messages: readonly string[], timestamps: readonly number[]): number[] | undefined {
    const n = timestamps.length;
    if (n < 2) return undefined;
    const first = timestamps[0]!;
    const b = timestamps[n - 1]!;
    if (b <= first) return undefined;
    const last = stream.info.lastEventTimestamp;
    const end = slice.hi ?? (last !== undefined ? last + 1 : undefined);
    if (end === undefined || end - b < 2) return undefined;
    let chars = 0;
    for (const message of messages) chars += message.length + EVENT_OVERHEAD_BYTES;
    const perPage = Math.min(this.#pageEvents, Math.max(n, Math.floor(PAGE_BYTES / Math.max(1, chars / n))));
    const remaining = (n / (b - first)) * (end - b);
    if (remaining <= perPage) return undefined;
    const count = Math.min(MAX_SPLIT, Math.ceil(remaining / (SLICE_FILL * perPage)));
    return count < 2 ? undefined : timeSlices(b, end, count);
  }

  #push(slice: Slice, stream: StreamState, messages: string[], timestamps: number[]): void {
    if (messages.length === 0) return;
    slice.pages.push({ source: stream.info.name, messages, timestamps });
    slice.buffered += messages.length;
    this.#buffered += messages.length;
  }
}

function newSlice(lo: number | undefined, hi: number | undefined): Slice {
  return { lo, hi, token: undefined, pages: [], buffered: 0, done: false, inFlight: false };
}

/** Fetch order between two slices: a stream's last slice first, then earlier start first (from the head first), then stream order. */
function earlier(a: Slice, sa: StreamState, b: Slice, sb: StreamState): boolean {
  if ((a.hi === undefined) !== (b.hi === undefined)) return a.hi === undefined;
  const la = a.lo ?? -Infinity;
  const lb = b.lo ?? -Infinity;
  return la < lb || (la === lb && sa.index < sb.index);
}
