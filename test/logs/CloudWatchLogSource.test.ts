import { CloudWatchLogsClient, DescribeLogStreamsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloudWatchLogNotFoundError, InvalidJobNameError, LogNotFoundError } from '../../src/errors';
import { CloudWatchLogSource } from '../../src/logs/CloudWatchLogSource';
import type { LogEvent } from '../../src/logs/LogSource';
import { FakeCloudWatchLogs, connectionReset, internalError, makeEvents, throttling } from './fakeCloudWatchLogs';
import type { FakeEvent } from './fakeCloudWatchLogs';

const GROUP = '/aws/sagemaker/TrainingJobs';
const fast = { requestsPerSecond: Infinity, retry: { baseDelayMs: 1, maxDelayMs: 2 } } as const;
const cwMock = mockClient(CloudWatchLogsClient);
const client = new CloudWatchLogsClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

async function collect(iterable: AsyncIterable<LogEvent>): Promise<LogEvent[]> {
  const out: LogEvent[] = [];
  for await (const event of iterable) out.push(event);
  return out;
}

function expected(stream: string, events: FakeEvent[]): LogEvent[] {
  return events.map((e) => ({ message: e.message, timestamp: new Date(e.timestamp), source: stream }));
}

beforeEach(() => cwMock.reset());

describe('CloudWatchLogSource options', () => {
  it.each([
    [{ retry: { attempts: Number.NaN } }, /retry.attempts must be an integer >= 1, got NaN/],
    [{ retry: { baseDelayMs: -1 } }, /retry.baseDelayMs/],
    [{ pollIntervalMs: 0 }, /pollIntervalMs/],
    [{ pollIntervalMs: Number.NaN }, /pollIntervalMs/],
    [{ timeouts: { firstByteMs: 0 } }, /timeouts.firstByteMs/],
    [{ rateLimiter: {} as never }, /rateLimiter must be a RateLimiter/],
    [{ concurrency: Number.POSITIVE_INFINITY }, /concurrency must be an integer >= 1/],
    [{ concurrency: 2.5 }, /concurrency must be an integer >= 1/],
    [{ maxBufferedEvents: Number.POSITIVE_INFINITY }, /maxBufferedEvents must be a finite number/],
    [{ pollIntervalMs: 2 ** 31 }, /pollIntervalMs/],
  ])('refuses %o in the constructor', (options, message) => {
    expect(() => new CloudWatchLogSource({ client: new FakeCloudWatchLogs().asClient(), jobName: 'job', ...options })).toThrow(message);
  });

  it.each([0, Number.NaN, -5, Number.POSITIVE_INFINITY])('refuses follow({ pollIntervalMs: %s }) when called, before any request', (pollIntervalMs) => {
    const fake = new FakeCloudWatchLogs();
    const source = new CloudWatchLogSource({ client: fake.asClient(), jobName: 'job' });

    expect(() => source.follow({ pollIntervalMs })).toThrow(/pollIntervalMs must be a finite number above 0/);
    expect(fake.calls).toHaveLength(0);
  });

  it.each(['', 'bad_name', 'a/b'])('refuses the job name %j', (jobName) => {
    expect(() => new CloudWatchLogSource({ client: new FakeCloudWatchLogs().asClient(), jobName })).toThrow(InvalidJobNameError);
  });

  it('needs exactly one of jobName and logStreamNames', () => {
    expect(() => new CloudWatchLogSource({ client })).toThrow(/exactly one of jobName and logStreamNames, got neither/);
    expect(() => new CloudWatchLogSource({ client, jobName: 'a', logStreamNames: ['a/algo-1'] })).toThrow(/got both/);
    expect(() => new CloudWatchLogSource({ client, logStreamNames: [] })).toThrow(/non-empty array/);
    expect(() => new CloudWatchLogSource({ client, jobName: 'a', requestsPerSecond: 0 })).toThrow(/requestsPerSecond must be above 0/);
  });

  it('reads the SageMaker training log group unless told otherwise', () => {
    expect(new CloudWatchLogSource({ client, jobName: 'a' }).logGroupName).toBe(GROUP);
    expect(new CloudWatchLogSource({ client, jobName: 'a', logGroupName: '/custom' }).logGroupName).toBe('/custom');
  });
});

describe('CloudWatchLogSource.read', () => {
  it('keeps reading past empty pages and stops only when the same token comes back', async () => {
    const events = makeEvents('job/algo-1-1', 25, 1_700_000_000_000, 1);
    const fake = new FakeCloudWatchLogs({ pageSize: 4, emptyPages: 1 }).put(GROUP, 'job/algo-1-1', events).wire(cwMock);

    const got = await collect(new CloudWatchLogSource({ client, jobName: 'job', ...fast }).read());

    expect(got).toEqual(expected('job/algo-1-1', events));
    const gets = fake.getCalls;
    expect(gets.some((c) => c.output !== undefined && (c.output as { events: unknown[] }).events.length === 0 && c !== gets.at(-1))).toBe(true);
    const last = gets.at(-1)!;
    expect((last.output as { nextForwardToken?: string }).nextForwardToken).toBe(last.input.nextToken);
    expect(gets.every((c) => c.input.startFromHead === true)).toBe(true);
  });

  it('finds every stream of the job across DescribeLogStreams pages', async () => {
    const fake = new FakeCloudWatchLogs({ describePageSize: 2 });
    const names = ['job/algo-1-1', 'job/algo-2-1', 'job/algo-3-1', 'job/algo-4-1', 'job/algo-5-1'];
    for (const name of names) fake.put(GROUP, name, [{ timestamp: 1_700_000_000_000, message: `hello from ${name}` }]);
    fake.wire(cwMock);

    const got = await collect(new CloudWatchLogSource({ client, jobName: 'job', ...fast }).read());

    expect(got.map((e) => e.source)).toEqual(names);
    const describes = fake.calls.filter((c) => c.operation === 'DescribeLogStreams');
    expect(describes.map((c) => (c.input as { nextToken?: string }).nextToken)).toEqual([undefined, '2', '4']);
  });

  it('never reads the streams of a job whose name merely starts with the same letters', async () => {
    const fake = new FakeCloudWatchLogs()
      .put(GROUP, 'a/algo-1-1', [{ timestamp: 1, message: 'job a' }])
      .put(GROUP, 'a2/algo-1-1', [{ timestamp: 1, message: 'job a2' }])
      .put(GROUP, 'ab/algo-1-1', [{ timestamp: 1, message: 'job ab' }])
      .wire(cwMock);

    const got = await collect(new CloudWatchLogSource({ client, jobName: 'a', ...fast }).read());

    expect(got.map((e) => e.message)).toEqual(['job a']);
    expect(cwMock).toHaveReceivedCommandWith(DescribeLogStreamsCommand, { logGroupName: GROUP, logStreamNamePrefix: 'a/' });
    expect(fake.getCalls.every((c) => c.input.logStreamName === 'a/algo-1-1')).toBe(true);
  });

  it('merges the instances in timestamp order, ties by instance number then by order in the stream', async () => {
    const t = 1_700_000_000_000;
    new FakeCloudWatchLogs()
      .put(GROUP, 'job/algo-10-1', [
        { timestamp: t, message: 'ten a' },
        { timestamp: t + 2, message: 'ten b' },
      ])
      .put(GROUP, 'job/algo-2-1', [
        { timestamp: t, message: 'two a' },
        { timestamp: t, message: 'two b' },
        { timestamp: t + 2, message: 'two c' },
        { timestamp: t + 3, message: 'two d' },
      ])
      .put(GROUP, 'job/algo-1-1', [
        { timestamp: t + 1, message: 'one a' },
        { timestamp: t + 2, message: 'one b' },
      ])
      .wire(cwMock);

    const got = await collect(new CloudWatchLogSource({ client, jobName: 'job', ...fast }).read());

    expect(got.map((e) => e.message)).toEqual(['two a', 'two b', 'ten a', 'one a', 'one b', 'two c', 'ten b', 'two d']);
    expect(got[0]).toEqual({ message: 'two a', timestamp: new Date(t), source: 'job/algo-2-1' });
  });

  it('reads named streams in the order given, each one whole', async () => {
    const t = 1_700_000_000_000;
    new FakeCloudWatchLogs()
      .put(GROUP, 'x/algo-2-1', [{ timestamp: t, message: 'x2' }])
      .put(GROUP, 'x/algo-1-1', [{ timestamp: t, message: 'x1' }])
      .put(GROUP, 'x/algo-1-10', [{ timestamp: t, message: 'x10' }])
      .wire(cwMock);

    const got = await collect(new CloudWatchLogSource({ client, logStreamNames: ['x/algo-2-1', 'x/algo-1-1'], ...fast }).read());

    expect(got.map((e) => e.message)).toEqual(['x2', 'x1']);
  });

  it('splits a long stream into time slices read in parallel and joins them in order', async () => {
    const events = makeEvents('job/algo-1-1', 60_000, 1_700_000_000_000, 3);
    const fake = new FakeCloudWatchLogs().put(GROUP, 'job/algo-1-1', events);
    fake.delayMs = 2;
    const source = new CloudWatchLogSource({ client: fake.asClient(), jobName: 'job', ...fast, concurrency: 4 });

    const got = await collect(source.read());

    expect(got).toEqual(expected('job/algo-1-1', events));
    // One page from the head first (its density plans the slices: storedBytes is 0 on AWS), then many at once.
    expect(fake.getCalls[0]!.input).toMatchObject({ startTime: undefined, nextToken: undefined, startFromHead: true });
    expect(fake.maxInFlight).toBeGreaterThan(1);
    expect(fake.maxInFlight).toBeLessThanOrEqual(4);
    const starts = new Set(fake.getCalls.map((c) => c.input.startTime));
    expect(starts.size).toBeGreaterThan(3);
    expect(fake.getCalls.every((c) => c.input.endTime === undefined)).toBe(true);
  });

  it('returns exactly the stream, in order, for any timestamps, page sizes and slicing', async () => {
    const arbitraryEvents = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 4 })), { minLength: 0, maxLength: 60 })
      .map((steps) => {
        // Increasing timestamps with runs of equal ones (several events in one millisecond).
        const out: FakeEvent[] = [];
        let ts = 1_700_000_000_000;
        for (const [gap, same] of steps) {
          ts += gap;
          for (let k = 0; k < same; k++) out.push({ timestamp: ts, message: `e${out.length}@${ts}` });
        }
        return out;
      });
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbitraryEvents, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 7 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 5 }),
        async (streams, pageSize, storedBytes, emptyPages, concurrency) => {
          const fake = new FakeCloudWatchLogs({ pageSize, reportStoredBytes: storedBytes, emptyPages: emptyPages ? 1 : 0 });
          streams.forEach((events, i) => fake.put(GROUP, `p/algo-${i + 1}-1`, events));
          const source = new CloudWatchLogSource({ client: fake.asClient(), jobName: 'p', ...fast, concurrency, maxBufferedEvents: 5 });

          const got = await collect(source.read());

          const all = streams
            .flatMap((events, i) => events.map((e, k) => ({ ...e, i, k })))
            .sort((a, b) => a.timestamp - b.timestamp || a.i - b.i || a.k - b.k);
          expect(got.map((e) => `${e.source}|${e.message}`)).toEqual(all.map((e) => `p/algo-${e.i + 1}-1|${e.message}`));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('retries throttling, 5xx and dropped connections by sending the same request again', async () => {
    const events = makeEvents('job/algo-1-1', 30, 1_700_000_000_000, 1);
    const fake = new FakeCloudWatchLogs({ pageSize: 7 }).put(GROUP, 'job/algo-1-1', events).wire(cwMock);
    const errors = [throttling(), internalError(), connectionReset()];
    let n = 0;
    fake.faults = () => (n++ % 2 === 1 && errors.length > 0 ? errors.shift() : undefined);

    const got = await collect(new CloudWatchLogSource({ client, jobName: 'job', ...fast }).read());

    expect(got).toEqual(expected('job/algo-1-1', events));
    const failed = fake.calls.map((c, i) => ({ c, i })).filter(({ c }) => c.error !== undefined);
    expect(failed).toHaveLength(3);
    for (const { c, i } of failed) {
      const retry = fake.calls.slice(i + 1).find((d) => d.operation === c.operation && d.error === undefined && JSON.stringify(d.input) === JSON.stringify(c.input));
      expect(retry, `retry of ${JSON.stringify(c.input)}`).toBeDefined();
    }
  });

  it('gives up on an error that is not transient', async () => {
    new FakeCloudWatchLogs().put(GROUP, 'job/algo-1-1', makeEvents('job/algo-1-1', 3)).wire(cwMock);
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    cwMock.on(GetLogEventsCommand).rejects(denied);

    await expect(collect(new CloudWatchLogSource({ client, jobName: 'job', ...fast }).read())).rejects.toThrow('not authorized');
    expect(cwMock).toHaveReceivedCommandTimes(GetLogEventsCommand, 1);
  });

  it('throws CloudWatchLogNotFoundError naming the group when it does not exist', async () => {
    new FakeCloudWatchLogs().wire(cwMock);

    const error = await collect(new CloudWatchLogSource({ client, jobName: 'job', ...fast }).read()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CloudWatchLogNotFoundError);
    expect(error).toBeInstanceOf(LogNotFoundError);
    expect(error).toMatchObject({ reason: 'NoLogGroup', logGroupName: GROUP, logStreamNamePrefix: 'job/', jobName: 'job' });
    expect((error as Error).message).toContain(`CloudWatch log group ${GROUP} does not exist`);
    expect((error as Error).message).toContain('streams job/*');
  });

  it('throws CloudWatchLogNotFoundError for a job without streams, never an empty log', async () => {
    new FakeCloudWatchLogs().put(GROUP, 'other/algo-1-1', [{ timestamp: 1, message: 'x' }]).wire(cwMock);

    const error = await collect(new CloudWatchLogSource({ client, jobName: 'job', ...fast }).read()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CloudWatchLogNotFoundError);
    expect(error).toMatchObject({ reason: 'NoStreams', logStreamNamePrefix: 'job/', where: [`CloudWatch Logs ${GROUP}, streams job/*`] });
  });

  it('throws CloudWatchLogNotFoundError listing the named streams that do not exist', async () => {
    new FakeCloudWatchLogs().put(GROUP, 'job/algo-1-1', [{ timestamp: 1, message: 'x' }]).wire(cwMock);

    const error = await collect(
      new CloudWatchLogSource({ client, logStreamNames: ['job/algo-1-1', 'job/algo-2-1', 'job/algo-3-1'], ...fast }).read(),
    ).catch((e: unknown) => e);

    expect(error).toMatchObject({ reason: 'NoSuchStream', logStreamNames: ['job/algo-2-1', 'job/algo-3-1'] });
    expect((error as Error).message).toContain('job/algo-2-1, job/algo-3-1');
  });

  it('stops sending requests and aborts those in flight when the loop breaks', async () => {
    const fake = new FakeCloudWatchLogs({ pageSize: 50 });
    fake.put(GROUP, 'job/algo-1-1', makeEvents('job/algo-1-1', 5_000, 1_700_000_000_000, 1));
    fake.put(GROUP, 'job/algo-2-1', makeEvents('job/algo-2-1', 5_000, 1_700_000_000_000, 1));
    fake.delayMs = 5;
    const fakeClient = fake.asClient();
    const source = new CloudWatchLogSource({ client: fakeClient, jobName: 'job', ...fast, concurrency: 4 });

    let seen = 0;
    for await (const _ of source.read()) {
      if (++seen === 10) break;
    }
    const sent = fake.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(seen).toBe(10);
    expect(fakeClient.aborted).toBeGreaterThan(0);
    expect(fake.calls.length).toBe(sent);
  });

  it('rejects with the signal reason and sends nothing more once aborted', async () => {
    const fake = new FakeCloudWatchLogs({ pageSize: 50 }).put(GROUP, 'job/algo-1-1', makeEvents('job/algo-1-1', 5_000, 1_700_000_000_000, 1));
    fake.delayMs = 5;
    const controller = new AbortController();
    const source = new CloudWatchLogSource({ client: fake.asClient(), jobName: 'job', ...fast });

    const reading = collect(
      (async function* () {
        for await (const event of source.read({ signal: controller.signal })) {
          if (event.message.includes('#20 ')) controller.abort(new Error('enough'));
          yield event;
        }
      })(),
    );

    await expect(reading).rejects.toThrow('enough');
    const sent = fake.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(fake.calls.length).toBe(sent);
  });

  it('keeps the read-ahead within maxBufferedEvents while the loop is slow', async () => {
    const fake = new FakeCloudWatchLogs({ pageSize: 100 }).put(GROUP, 'job/algo-1-1', makeEvents('job/algo-1-1', 20_000, 1_700_000_000_000, 1));
    const source = new CloudWatchLogSource({ client: fake.asClient(), jobName: 'job', ...fast, concurrency: 8, maxBufferedEvents: 30_000 });

    const iterator = source.read()[Symbol.asyncIterator]();
    await iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const fetched = fake.getCalls.reduce((sum, c) => sum + ((c.output as { events?: unknown[] } | undefined)?.events?.length ?? 0), 0);
    await iterator.return?.();

    // 30,000 budget = 3 full pages ahead (pages in flight count as full); the page being read is extra.
    expect(fetched).toBeLessThanOrEqual(4 * 10_000 + 100);
    expect(fetched).toBeLessThan(20_000);
  });
});

describe('CloudWatchLogSource.follow', () => {
  afterEach(() => vi.useRealTimers());

  it('picks up a stream that appears later and drains once more when until() turns true', async () => {
    const t = 1_700_000_000_000;
    const fake = new FakeCloudWatchLogs().put(GROUP, 'job/algo-1-1', [{ timestamp: t, message: 'one: start' }]);
    const source = new CloudWatchLogSource({ client: fake.asClient(), jobName: 'job', ...fast });
    let polls = 0;
    const until = () => {
      polls++;
      if (polls === 2) fake.put(GROUP, 'job/algo-2-1', [{ timestamp: t + 1, message: 'two: late instance' }]);
      if (polls === 3) {
        fake.put(GROUP, 'job/algo-1-1', [{ timestamp: t + 2, message: 'one: last words' }]);
        return true;
      }
      return false;
    };

    const got = await collect(source.follow({ until, pollIntervalMs: 1 }));

    expect(got.map((e) => e.message)).toEqual(['one: start', 'two: late instance', 'one: last words']);
    expect(got[1]!.source).toBe('job/algo-2-1');
    expect(polls).toBe(3);
  });

  it('resumes each stream from its last token instead of reading it again', async () => {
    const events = makeEvents('job/algo-1-1', 40, 1_700_000_000_000, 1);
    const fake = new FakeCloudWatchLogs({ pageSize: 8 }).put(GROUP, 'job/algo-1-1', events.slice(0, 20));
    let polls = 0;
    const until = () => {
      polls++;
      if (polls === 2) fake.put(GROUP, 'job/algo-1-1', events.slice(20));
      return polls >= 3;
    };

    const got = await collect(new CloudWatchLogSource({ client: fake.asClient(), jobName: 'job', ...fast }).follow({ until, pollIntervalMs: 1 }));

    expect(got).toEqual(expected('job/algo-1-1', events));
    const fromHead = fake.getCalls.filter((c) => c.input.nextToken === undefined && c.input.startTime === undefined);
    expect(fromHead).toHaveLength(1);
  });

  it('treats a missing group as empty for now and keeps polling until it appears', async () => {
    const fake = new FakeCloudWatchLogs();
    let polls = 0;
    const until = () => {
      polls++;
      if (polls === 3) fake.put(GROUP, 'job/algo-1-1', [{ timestamp: 5, message: 'finally' }]);
      return polls >= 4;
    };

    const got = await collect(new CloudWatchLogSource({ client: fake.asClient(), jobName: 'job', ...fast }).follow({ until, pollIntervalMs: 1 }));

    expect(got.map((e) => e.message)).toEqual(['finally']);
    expect(fake.calls.filter((c) => c.error !== undefined).length).toBeGreaterThan(0);
  });

  it('polls a named stream that does not exist yet until it does', async () => {
    const fake = new FakeCloudWatchLogs().createGroup(GROUP);
    let polls = 0;
    const until = () => {
      polls++;
      if (polls === 2) fake.put(GROUP, 'job/algo-1-1', [{ timestamp: 5, message: 'here now' }]);
      return polls >= 3;
    };

    const got = await collect(
      new CloudWatchLogSource({ client: fake.asClient(), logStreamNames: ['job/algo-1-1'], ...fast }).follow({ until, pollIntervalMs: 1 }),
    );

    expect(got.map((e) => e.message)).toEqual(['here now']);
  });

  it('holds back lines another instance has not reached yet, for one poll at most', async () => {
    const t = 1_700_000_000_000;
    const fake = new FakeCloudWatchLogs()
      .put(GROUP, 'job/algo-1-1', [{ timestamp: t, message: 'one@0' }])
      .put(GROUP, 'job/algo-2-1', [{ timestamp: t, message: 'two@0' }]);
    let polls = 0;
    const until = () => {
      polls++;
      if (polls === 1) fake.put(GROUP, 'job/algo-1-1', [{ timestamp: t + 10, message: 'one@10' }]);
      if (polls === 2) fake.put(GROUP, 'job/algo-2-1', [{ timestamp: t + 5, message: 'two@5 (arrived late)' }]);
      return polls >= 3;
    };

    const got = await collect(new CloudWatchLogSource({ client: fake.asClient(), jobName: 'job', ...fast }).follow({ until, pollIntervalMs: 1 }));

    expect(got.map((e) => e.message)).toEqual(['one@0', 'two@0', 'two@5 (arrived late)', 'one@10']);
  });

  it('asks SageMaker whether the job is over when given a client and no until', async () => {
    const { DescribeTrainingJobCommand, SageMakerClient } = await import('@aws-sdk/client-sagemaker');
    const smMock = mockClient(SageMakerClient);
    smMock
      .on(DescribeTrainingJobCommand)
      .resolvesOnce({ TrainingJobStatus: 'InProgress' })
      .resolves({ TrainingJobStatus: 'Completed' });
    const fake = new FakeCloudWatchLogs().put(GROUP, 'job/algo-1-1', [{ timestamp: 1, message: 'done' }]);
    const sagemaker = new SageMakerClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

    const got = await collect(new CloudWatchLogSource({ client: fake.asClient(), jobName: 'job', sagemaker, ...fast }).follow({ pollIntervalMs: 1 }));

    expect(got.map((e) => e.message)).toEqual(['done']);
    expect(smMock).toHaveReceivedCommandTimes(DescribeTrainingJobCommand, 2);
    expect(smMock).toHaveReceivedCommandWith(DescribeTrainingJobCommand, { TrainingJobName: 'job' });
    smMock.restore();
  });

  it('clears its poll timer at once when aborted while waiting', async () => {
    vi.useFakeTimers();
    const fake = new FakeCloudWatchLogs().put(GROUP, 'job/algo-1-1', [{ timestamp: 1, message: 'only' }]);
    const controller = new AbortController();
    const iterator = new CloudWatchLogSource({ client: fake.asClient(), jobName: 'job', ...fast })
      .follow({ signal: controller.signal, pollIntervalMs: 60_000, until: () => false })
      [Symbol.asyncIterator]();

    const first = iterator.next();
    await vi.advanceTimersByTimeAsync(10);
    expect((await first).value?.message).toBe('only');
    const second = iterator.next();
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error('stop following'));

    await expect(second).rejects.toThrow('stop following');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('CloudWatchLogSource rate cap', () => {
  afterEach(() => vi.useRealTimers());

  it('never sends more than requestsPerSecond on average, however many slices wait', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const fake = new FakeCloudWatchLogs({ pageSize: 10 });
    for (let i = 1; i <= 6; i++) fake.put(GROUP, `job/algo-${i}-1`, makeEvents(`job/algo-${i}-1`, 100, 1_700_000_000_000, 1));
    // Fake timers run ahead of the fake's real setImmediate answers: no first-byte limit here.
    const timeouts = { firstByteMs: 3_600_000 };
    const source = new CloudWatchLogSource({ client: fake.asClient(), jobName: 'job', requestsPerSecond: 4, concurrency: 6, timeouts });

    const reading = collect(source.read());
    await vi.advanceTimersByTimeAsync(0);
    const atStart = fake.calls.length;
    await vi.advanceTimersByTimeAsync(2_000);
    const afterTwoSeconds = fake.calls.length;
    await vi.advanceTimersByTimeAsync(600_000);
    const got = await reading;

    expect(got).toHaveLength(600);
    expect(atStart).toBeLessThanOrEqual(4); // the burst: one second's worth
    expect(afterTwoSeconds).toBeLessThanOrEqual(4 + 2 * 4);
    expect(afterTwoSeconds).toBeGreaterThanOrEqual(4 + 2 * 4 - 1);
  });
});
