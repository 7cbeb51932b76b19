/**
 * CloudWatchLogSource and saveLog with the real CloudWatch Logs client against moto, directly
 * and behind the fault proxy (throttling, 500, 503 and connection resets in the middle of
 * answers, on GetLogEvents and DescribeLogStreams).
 *
 * moto differs from AWS in ways the reader does not depend on: it never sends empty pages
 * before the end (the unit tests cover those with a fake that does), it has no 1 MB page cap,
 * and it reports storedBytes (AWS reports 0), so here long streams are sliced from storedBytes
 * at once; the unit tests cover slicing without it. The reader never sends endTime, whose
 * meaning differs (moto keeps it inclusive).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchLogNotFoundError } from '../../src/errors';
import { createClients } from '../../src/jobs/createClients';
import { CloudWatchLogSource } from '../../src/logs/CloudWatchLogSource';
import type { LogEvent } from '../../src/logs/LogSource';
import { saveLog } from '../../src/logs/saveLog';
import { fakeCredentials } from '../support/fakeCredentials';
import { type FaultProxy, type FaultRule, startFaultProxy, tenPercentFaults } from '../support/faultProxy';
import { type MotoServer, motoAvailable, startMoto } from '../support/moto';

const moto = motoAvailable();
if (!moto.ok) console.warn(`CloudWatchLogSource integration tests skipped: ${moto.reason}`);

const GROUP = '/aws/sagemaker/TrainingJobs';
const JOB = 'fcn-seismic-ml-p3-2xlarge-b16-e30';
const fastRetry = { baseDelayMs: 5, maxDelayMs: 50 };

const readFaults = (): FaultRule[] => tenPercentFaults(/^(GetLogEvents|DescribeLogStreams)$/);

interface Seeded {
  stream: string;
  timestamp: number;
  message: string;
}

/** Training-log lines, some with multi-byte characters; `perMs` lines share each millisecond. */
function lines(stream: string, count: number, start: number, perMs: number): Seeded[] {
  return Array.from({ length: count }, (_, i) => ({
    stream,
    timestamp: start + Math.floor(i / perMs),
    message:
      i % 7 === 0
        ? `[${stream.split('/')[1]}] epoch ${1 + Math.floor(i / 1000)} — données ${i} ✓ 🚀`
        : `[${stream.split('/')[1]}] ${i}/5000 [==========>...] - loss: ${(1 / (i + 2)).toFixed(4)} - acc: 0.${(i * 37) % 1000}`,
  }));
}

async function put(client: CloudWatchLogsClient, events: Seeded[]): Promise<void> {
  const stream = events[0]!.stream;
  await client.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: stream }));
  for (let i = 0; i < events.length; i += 10_000) {
    await client.send(
      new PutLogEventsCommand({
        logGroupName: GROUP,
        logStreamName: stream,
        logEvents: events.slice(i, i + 10_000).map(({ timestamp, message }) => ({ timestamp, message })),
      }),
    );
  }
}

async function collect(iterable: AsyncIterable<LogEvent>): Promise<LogEvent[]> {
  const out: LogEvent[] = [];
  for await (const event of iterable) out.push(event);
  return out;
}

describe.skipIf(!moto.ok)('CloudWatchLogSource against moto', () => {
  let server: MotoServer;
  let proxy: FaultProxy;
  let direct: CloudWatchLogsClient;
  let viaProxy: CloudWatchLogsClient;
  let dir: string;
  /** The job's log as it must come out: both instances merged by timestamp, ties algo-1 first. */
  let expected: Seeded[];
  let single: Seeded[];
  const start = Date.now() - 3_600_000;

  beforeAll(async () => {
    server = await startMoto();
    proxy = await startFaultProxy({ target: server.endpoint, seed: 4 });
    direct = createClients({ endpoint: server.endpoint, region: 'us-east-1', credentials: fakeCredentials }).logs;
    viaProxy = createClients({ endpoint: proxy.endpoint, region: 'us-east-1', credentials: fakeCredentials }).logs;
    dir = await mkdtemp(join(tmpdir(), 'cw-log-'));

    await direct.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    // Two instances, algo-2 starting a little later and logging at another pace.
    const algo1 = lines(`${JOB}/algo-1-1700000000`, 24_000, start, 4);
    const algo2 = lines(`${JOB}/algo-2-1700000000`, 18_000, start + 1_000, 3);
    await put(direct, algo1);
    await put(direct, algo2);
    expected = [...algo1.map((e, k) => ({ e, i: 0, k })), ...algo2.map((e, k) => ({ e, i: 1, k }))]
      .sort((a, b) => a.e.timestamp - b.e.timestamp || a.i - b.i || a.k - b.k)
      .map(({ e }) => e);
    // A job whose name extends the first one's: its streams must never show up.
    await put(direct, lines(`${JOB}2/algo-1-1700000000`, 50, start, 1));
    // One long stream, read in time slices.
    single = lines('single-instance-job/algo-1-1700000000', 60_000, start, 6);
    await put(direct, single);
  }, 120_000);

  afterAll(async () => {
    await proxy?.stop();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    proxy.setRules([]);
    proxy.resetStats();
  });

  it('reads both instances of a job, merged in timestamp order, and nothing of another job', async () => {
    const got = await collect(new CloudWatchLogSource({ client: viaProxy, jobName: JOB, retry: fastRetry }).read());

    expect(got.length).toBe(expected.length);
    expect(got.map((e) => e.message)).toEqual(expected.map((e) => e.message));
    expect(got.map((e) => e.source)).toEqual(expected.map((e) => e.stream));
    expect(got.every((e, i) => e.timestamp?.getTime() === expected[i]!.timestamp)).toBe(true);
  });

  it('reads a long single stream in parallel slices and joins them in order', async () => {
    const got = await collect(new CloudWatchLogSource({ client: viaProxy, jobName: 'single-instance-job', retry: fastRetry }).read());

    expect(got.map((e) => e.message)).toEqual(single.map((e) => e.message));
    expect(proxy.stats().byOperation.GetLogEvents).toBeGreaterThan(2);
  });

  it('writes, under 10% throttling, 10% 5xx and 10% resets, a file byte-identical to the fault-free one', async () => {
    const clean = join(dir, 'clean.log');
    const faulty = join(dir, 'faulty.log');
    const fromClean = await saveLog(new CloudWatchLogSource({ client: viaProxy, jobName: JOB, retry: fastRetry }), clean);
    const text = expected.map((e) => `${e.message}\n`).join('');
    expect(await readFile(clean, 'utf8')).toBe(text);
    expect(fromClean).toEqual({ lines: expected.length, bytes: Buffer.byteLength(text) });

    proxy.setRules(readFaults());
    proxy.resetStats();
    const fromFaulty = await saveLog(new CloudWatchLogSource({ client: viaProxy, jobName: JOB, retry: fastRetry }), faulty);

    expect(fromFaulty).toEqual(fromClean);
    expect((await readFile(faulty)).equals(await readFile(clean))).toBe(true);
    const { faults } = proxy.stats();
    expect(faults.throttle).toBeGreaterThan(0);
    expect(faults.internal + faults.unavailable).toBeGreaterThan(0);
    expect(faults.reset).toBeGreaterThan(0);
  }, 120_000);

  it('returns the whole single stream exactly under the same faults', async () => {
    proxy.setRules(readFaults());
    const got = await collect(new CloudWatchLogSource({ client: viaProxy, jobName: 'single-instance-job', retry: fastRetry }).read());

    expect(got.map((e) => e.message)).toEqual(single.map((e) => e.message));
    expect(Object.values(proxy.stats().faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  }, 120_000);

  it('throws CloudWatchLogNotFoundError for a job with no streams and for a missing group', async () => {
    const noStreams = await collect(new CloudWatchLogSource({ client: viaProxy, jobName: 'never-ran' }).read()).catch((e: unknown) => e);
    expect(noStreams).toBeInstanceOf(CloudWatchLogNotFoundError);
    expect(noStreams).toMatchObject({ reason: 'NoStreams', logGroupName: GROUP, logStreamNamePrefix: 'never-ran/' });

    const noGroup = await collect(new CloudWatchLogSource({ client: viaProxy, jobName: JOB, logGroupName: '/no/such/group' }).read()).catch(
      (e: unknown) => e,
    );
    expect(noGroup).toBeInstanceOf(CloudWatchLogNotFoundError);
    expect(noGroup).toMatchObject({ reason: 'NoLogGroup', logGroupName: '/no/such/group' });
  });

  it('follows a job whose second instance starts late, and drains the last lines', async () => {
    const job = 'late-instance-job';
    const first = lines(`${job}/algo-1-1700000000`, 30, start, 1);
    await put(direct, first);
    const late = lines(`${job}/algo-2-1700000000`, 20, start + 100, 1);
    const tail = lines(`${job}/algo-1-1700000000`, 5, start + 200, 1).map((e, i) => ({ ...e, message: `final ${i}` }));
    let polls = 0;
    const until = async () => {
      polls++;
      if (polls === 2) await put(direct, late);
      if (polls === 3) {
        await direct.send(
          new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: tail[0]!.stream, logEvents: tail.map(({ timestamp, message }) => ({ timestamp, message })) }),
        );
        return true;
      }
      return false;
    };

    const got = await collect(new CloudWatchLogSource({ client: viaProxy, jobName: job, retry: fastRetry }).follow({ until, pollIntervalMs: 20 }));

    expect(got.map((e) => e.message).sort()).toEqual([...first, ...late, ...tail].map((e) => e.message).sort());
    expect(got.slice(0, 30).map((e) => e.message)).toEqual(first.map((e) => e.message));
    expect(got.slice(-5).map((e) => e.message)).toEqual(tail.map((e) => e.message));
  });
});
