/**
 * The order of events in follow mode. Internal to CloudWatchLogSource.
 *
 * Each poll brings, per stream, the events written since the last poll. They are merged by
 * timestamp (ties: stream order, then arrival order) with the events held back by the poll
 * before. What goes out now is the longest run, in that order, that ends with an event that is
 * either at or before the watermark (the earliest "latest timestamp" of the streams that have
 * logged: every such stream has already reached it) or was already held once. The rest is held
 * until the next poll. So an event waits for slower instances for one poll at most, the output
 * is in timestamp order unless an instance's lines arrive more than a poll late, and every event
 * comes out exactly once. The last poll (`final`) lets everything out.
 */
import type { ArrayLogBatch } from './LogBatchIterator';

/** One event read by a poll. */
export interface PolledEvent {
  ts: number;
  stream: string;
  message: string;
}

interface Pending extends PolledEvent {
  seq: number;
  held: boolean;
}

export class FollowMerger {
  readonly #compareStreams: (a: string, b: string) => number;
  #held: Pending[] = [];
  #seq = 0;

  constructor(compareStreams: (a: string, b: string) => number) {
    this.#compareStreams = compareStreams;
  }

  /** Events held back for the next poll. */
  get held(): number {
    return this.#held.length;
  }

  /**
   * Takes one poll's events (one array per stream, each in stream order) and returns the batches
   * to yield now, in order. `watermark`: the earliest latest-timestamp of the streams that have
   * logged (undefined: none has).
   */
  next(polled: readonly (readonly PolledEvent[])[], watermark: number | undefined, final: boolean): ArrayLogBatch[] {
    const pending = this.#held;
    for (const events of polled) {
      for (const event of events) pending.push({ ...event, seq: this.#seq++, held: false });
    }
    pending.sort((a, b) => a.ts - b.ts || this.#compareStreams(a.stream, b.stream) || a.seq - b.seq);
    let count = pending.length;
    if (!final) {
      const limit = watermark ?? Infinity;
      while (count > 0 && !pending[count - 1]!.held && pending[count - 1]!.ts > limit) count--;
    }
    this.#held = pending.slice(count);
    for (const event of this.#held) event.held = true;
    return toBatches(pending, count);
  }
}

/** The first `count` events as batches, one per run of the same stream. */
function toBatches(pending: readonly Pending[], count: number): ArrayLogBatch[] {
  const batches: ArrayLogBatch[] = [];
  let start = 0;
  while (start < count) {
    const stream = pending[start]!.stream;
    let end = start + 1;
    while (end < count && pending[end]!.stream === stream) end++;
    const run = pending.slice(start, end);
    batches.push({ source: stream, messages: run.map((p) => p.message), timestamps: run.map((p) => new Date(p.ts)) });
    start = end;
  }
  return batches;
}
