/**
 * Merging the events of several log streams (one per instance: `algo-1`, `algo-2`, ...) into
 * one sequence in timestamp order. Internal.
 *
 * Stable: events with the same timestamp come in the order of their inputs (input 0 first),
 * and the events of one input keep their order. Each input is expected in timestamp order (as
 * GetLogEvents returns a stream); if one is not, the merge still never loses or repeats an
 * event, it only takes the smallest head each time.
 *
 * Works on batches (one GetLogEvents page, or part of one) and yields runs of consecutive events
 * of one input, so merging a single stream costs nothing per event, and two streams whose
 * events alternate cost one small batch per run.
 */
import type { ArrayLogBatch } from './LogBatchIterator';

/** Events of one stream, in order, with their timestamps in epoch milliseconds. */
export interface TimedBatch {
  source: string;
  messages: readonly string[];
  timestamps: readonly number[];
}

interface Head {
  input: number;
  batch: TimedBatch;
  index: number;
}

/**
 * Merges `inputs` (each in timestamp order) by timestamp, ties by input order. Closing the
 * returned generator (a `break` downstream) closes every input.
 *
 * @example
 * for await (const batch of mergeByTimestamp([algo1.batches(), algo2.batches()])) write(batch);
 */
export async function* mergeByTimestamp(inputs: readonly AsyncIterator<TimedBatch>[]): AsyncGenerator<ArrayLogBatch, void, undefined> {
  const next = async (input: number): Promise<Head | undefined> => {
    for (;;) {
      const result = await inputs[input]!.next();
      if (result.done === true) return undefined;
      if (result.value.messages.length > 0) return { input, batch: result.value, index: 0 };
    }
  };
  try {
    let heads = (await Promise.all(inputs.map((_, i) => next(i)))).filter((h): h is Head => h !== undefined);
    while (heads.length > 1) {
      // The head with the smallest (timestamp, input), and the bound set by the others.
      let best = 0;
      for (let h = 1; h < heads.length; h++) {
        if (before(heads[h]!, heads[best]!)) best = h;
      }
      const head = heads[best]!;
      let boundTs = Infinity;
      let boundInput = Infinity;
      for (let h = 0; h < heads.length; h++) {
        if (h === best) continue;
        const other = heads[h]!;
        const ts = other.batch.timestamps[other.index]!;
        if (ts < boundTs || (ts === boundTs && other.input < boundInput)) {
          boundTs = ts;
          boundInput = other.input;
        }
      }
      const { batch } = head;
      const start = head.index;
      let end = start;
      const stop = batch.messages.length;
      while (end < stop) {
        const ts = batch.timestamps[end]!;
        if (ts > boundTs || (ts === boundTs && head.input > boundInput)) break;
        end++;
      }
      head.index = end;
      yield toLogBatch(batch, start, end);
      if (head.index >= stop) {
        const refill = await next(head.input);
        if (refill === undefined) heads = heads.filter((h) => h !== head);
        else heads[best] = refill;
      }
    }
    // One input left: pass its batches through.
    const last = heads[0];
    if (last === undefined) return;
    yield toLogBatch(last.batch, last.index, last.batch.messages.length);
    for (;;) {
      const result = await inputs[last.input]!.next();
      if (result.done === true) return;
      if (result.value.messages.length > 0) yield toLogBatch(result.value, 0, result.value.messages.length);
    }
  } finally {
    await Promise.allSettled(inputs.map((input) => input.return?.()));
  }
}

function before(a: Head, b: Head): boolean {
  const ta = a.batch.timestamps[a.index]!;
  const tb = b.batch.timestamps[b.index]!;
  return ta < tb || (ta === tb && a.input < b.input);
}

function toLogBatch(batch: TimedBatch, start: number, end: number): ArrayLogBatch {
  const whole = start === 0 && end === batch.messages.length;
  const messages = whole ? batch.messages : batch.messages.slice(start, end);
  const timestamps = new Array<Date>(end - start);
  for (let i = start; i < end; i++) timestamps[i - start] = new Date(batch.timestamps[i]!);
  return { source: batch.source, messages, timestamps };
}
