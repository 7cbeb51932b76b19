import { describe, expect, it } from 'vitest';
import { FollowMerger } from '../../../src/logs/internal/FollowMerger';
import type { PolledEvent } from '../../../src/logs/internal/FollowMerger';

const ev = (stream: string, ts: number, message = `${stream}@${ts}`): PolledEvent => ({ stream, ts, message });
const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const messages = (batches: { messages: readonly string[] }[]) => batches.flatMap((b) => [...b.messages]);

describe('FollowMerger', () => {
  it('lets out at once what every stream that has logged has reached, merged by timestamp', () => {
    const merger = new FollowMerger(order);
    const out = merger.next([[ev('a', 1), ev('a', 3)], [ev('b', 2)]], 2, false);
    expect(messages(out)).toEqual(['a@1', 'b@2']);
    expect(merger.held).toBe(1);
  });

  it('holds an event for one poll at most, then lets it out with what sorts before it', () => {
    const merger = new FollowMerger(order);
    merger.next([[ev('a', 1), ev('a', 10)], [ev('b', 1)]], 1, false);
    // b's line at 5 arrives a poll late: it still comes before a@10, which was held.
    const second = merger.next([[], [ev('b', 5)]], 5, false);
    expect(messages(second)).toEqual(['b@5', 'a@10']);
    expect(merger.held).toBe(0);
  });

  it('keeps the output in order even when a held event is let out early', () => {
    const merger = new FollowMerger(order);
    merger.next([[ev('a', 1), ev('a', 9)], [ev('b', 1)]], 1, false);
    const out = merger.next([[], [ev('b', 4), ev('b', 12)]], 4, false);
    expect(messages(out)).toEqual(['b@4', 'a@9']);
    expect(merger.held).toBe(1);
  });

  it('breaks ties by stream order then arrival, and batches runs of one stream', () => {
    const merger = new FollowMerger(order);
    const out = merger.next([[ev('b', 1, 'b1'), ev('b', 1, 'b2')], [ev('a', 1, 'a1')]], undefined, true);
    expect(out.map((b) => [b.source, [...b.messages]])).toEqual([
      ['a', ['a1']],
      ['b', ['b1', 'b2']],
    ]);
    expect(out[0]!.timestamps).toEqual([new Date(1)]);
  });

  it('lets everything out on the final poll', () => {
    const merger = new FollowMerger(order);
    merger.next([[ev('a', 1), ev('a', 50)], [ev('b', 1)]], 1, false);
    expect(messages(merger.next([[ev('a', 60)], []], 1, true))).toEqual(['a@50', 'a@60']);
    expect(merger.held).toBe(0);
  });
});
