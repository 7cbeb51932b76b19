import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CloudWatchLogNotFoundError } from '../../../src/errors';
import type { CloudWatchContext, StreamInfo } from '../../../src/logs/internal/CloudWatchContext';
import { DEFAULT_TIMEOUTS } from '../../../src/internal/requestTimeouts';
import { RateLimiter } from '../../../src/logs/RateLimiter';
import { SlicedStreamReader } from '../../../src/logs/internal/SlicedStreamReader';
import type { SlicedReaderOptions } from '../../../src/logs/internal/SlicedStreamReader';
import { FakeCloudWatchLogs, makeEvents } from '../fakeCloudWatchLogs';
import type { FakeEvent } from '../fakeCloudWatchLogs';

const GROUP = 'g';

function context(fake: FakeCloudWatchLogs, controller = new AbortController()): CloudWatchContext {
  return {
    client: fake.asClient(),
    logGroupName: GROUP,
    limiter: new RateLimiter({ requestsPerSecond: Infinity }),
    signal: controller.signal,
    retry: { baseDelayMs: 1, maxDelayMs: 1 },
    timeouts: DEFAULT_TIMEOUTS,
  };
}

async function drain(reader: SlicedStreamReader, index: number): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of reader.batches(index)) {
    batch.messages.forEach((message, i) => out.push(`${batch.timestamps[i]}|${message}`));
  }
  return out;
}

const arbitraryStream = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 5 })), { maxLength: 40 })
  .map((steps) => {
    const out: FakeEvent[] = [];
    let ts = 1_000_000;
    for (const [gap, same] of steps) {
      ts += gap;
      for (let k = 0; k < same; k++) out.push({ timestamp: ts, message: `m${out.length}` });
    }
    return out;
  });

describe('SlicedStreamReader', () => {
  it('gives back every stream exactly, in order, whatever the slicing, page sizes and hints', async () => {
    let sliced = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbitraryStream, { minLength: 1, maxLength: 3 }),
        fc.record({
          pageEvents: fc.integer({ min: 1, max: 6 }),
          serverPage: fc.integer({ min: 1, max: 8 }),
          emptyPages: fc.boolean(),
          storedBytes: fc.boolean(),
          concurrency: fc.integer({ min: 1, max: 6 }),
          maxBufferedEvents: fc.integer({ min: 1, max: 40 }),
          hint: fc.constantFrom('exact', 'stale', 'none'),
          together: fc.boolean(),
        }),
        async (streams, o) => {
          const fake = new FakeCloudWatchLogs({ pageSize: o.serverPage, emptyPages: o.emptyPages ? 1 : 0 });
          const infos: StreamInfo[] = streams.map((events, i) => {
            const name = `s${i}`;
            fake.put(GROUP, name, events);
            const first = events[0]?.timestamp;
            const last = events.at(-1)?.timestamp;
            return {
              name,
              firstEventTimestamp: o.hint === 'none' ? undefined : first,
              // AWS updates lastEventTimestamp lazily: it may be behind the real last event.
              lastEventTimestamp: o.hint === 'none' || last === undefined ? undefined : o.hint === 'stale' ? Math.floor((first! + last) / 2) : last,
              storedBytes: o.storedBytes ? events.length * 1_000_000 : 0,
            };
          });
          const options: SlicedReaderOptions = { concurrency: o.concurrency, maxBufferedEvents: o.maxBufferedEvents, mode: 'read', pageEvents: o.pageEvents };
          const reader = new SlicedStreamReader(context(fake), infos, options);

          const got = o.together
            ? await Promise.all(infos.map((_, i) => drain(reader, i)))
            : await infos.reduce<Promise<string[][]>>(async (acc, _, i) => [...(await acc), await drain(reader, i)], Promise.resolve([]));
          reader.close();

          expect(got).toEqual(streams.map((events) => events.map((e) => `${e.timestamp}|${e.message}`)));
          if (new Set(fake.getCalls.map((c) => c.input.startTime)).size > 1) sliced++;
        },
      ),
      { numRuns: 300 },
    );
    expect(sliced).toBeGreaterThan(30);
  });

  it('reads a dense stream in slices of about a page each, one request per slice', async () => {
    const events = makeEvents('s0', 1_000, 1_000_000, 2);
    const fake = new FakeCloudWatchLogs().put(GROUP, 's0', events);
    const info: StreamInfo = { name: 's0', firstEventTimestamp: events[0]!.timestamp, lastEventTimestamp: events.at(-1)!.timestamp };
    const reader = new SlicedStreamReader(context(fake), [info], { concurrency: 4, maxBufferedEvents: 1_000, mode: 'read', pageEvents: 100 });

    const got = await drain(reader, 0);

    expect(got).toHaveLength(1_000);
    // 10 pages' worth: the probe page, about 11 slices of 85 events, and the one request that sees the end.
    expect(fake.getCalls.length).toBeGreaterThanOrEqual(11);
    expect(fake.getCalls.length).toBeLessThanOrEqual(16);
    expect(fake.getCalls.every((c) => c.input.limit === 100 && c.input.startFromHead === true)).toBe(true);
  });

  it('ends the last slice only when the same token comes back, and remembers where', async () => {
    const events = makeEvents('s0', 30, 1_000_000, 1);
    const fake = new FakeCloudWatchLogs({ emptyPages: 1 }).put(GROUP, 's0', events);
    const reader = new SlicedStreamReader(context(fake), [{ name: 's0' }], { concurrency: 2, maxBufferedEvents: 100, mode: 'read', pageEvents: 7 });

    await drain(reader, 0);

    const last = fake.getCalls.at(-1)!;
    expect(last.input.nextToken).toBeDefined();
    expect((last.output as { nextForwardToken?: string }).nextForwardToken).toBe(last.input.nextToken);
    expect(reader.cursor(0)).toEqual({ startTime: last.input.startTime, token: last.input.nextToken });
  });

  it('holds at most maxBufferedEvents (plus the page the consumer waits on) while the consumer is slow', async () => {
    const fake = new FakeCloudWatchLogs().put(GROUP, 's0', makeEvents('s0', 2_000, 1_000_000, 1));
    const reader = new SlicedStreamReader(context(fake), [{ name: 's0', firstEventTimestamp: 1_000_000, lastEventTimestamp: 1_001_999 }], {
      concurrency: 8,
      maxBufferedEvents: 100,
      mode: 'read',
      pageEvents: 20,
    });

    const batches = reader.batches(0);
    let consumed = 0;
    for (let i = 0; i < 5; i++) {
      const next = await batches.next();
      consumed += next.value?.messages.length ?? 0;
      await new Promise((resolve) => setTimeout(resolve, 5));
      const fetched = fake.getCalls.reduce((sum, c) => sum + ((c.output as { events?: unknown[] } | undefined)?.events?.length ?? 0), 0);
      // Everything fetched and not yet consumed: the budget, plus the consumer's own page, plus
      // the events each page read past its slice's end (dropped, never buffered).
      expect(fetched - consumed).toBeLessThanOrEqual(100 + 20 + fake.getCalls.length * 20);
    }
    await batches.return(undefined);
    reader.close();
    expect(fake.getCalls.length).toBeLessThan(100);
  });

  it('reports a stream deleted while being read as CloudWatchLogNotFoundError in read mode', async () => {
    const fake = new FakeCloudWatchLogs().createGroup(GROUP);
    const reader = new SlicedStreamReader(context(fake), [{ name: 'gone' }], { concurrency: 1, maxBufferedEvents: 10, mode: 'read', jobName: 'job' });

    const error = await drain(reader, 0).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CloudWatchLogNotFoundError);
    expect(error).toMatchObject({ reason: 'NoSuchStream', logStreamNames: ['gone'], logGroupName: GROUP, jobName: 'job' });
  });

  it('treats a missing stream as empty in follow mode', async () => {
    const fake = new FakeCloudWatchLogs().createGroup(GROUP);
    const reader = new SlicedStreamReader(context(fake), [{ name: 'not-yet' }], { concurrency: 1, maxBufferedEvents: 10, mode: 'follow' });

    expect(await drain(reader, 0)).toEqual([]);
    expect(reader.cursor(0)).toEqual({ startTime: undefined, token: undefined });
  });
});
