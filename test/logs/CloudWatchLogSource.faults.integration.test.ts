/**
 * CloudWatchLogSource with the real CloudWatch Logs client against moto behind the fault proxy,
 * where the server goes silent (answers held back, JSON bodies that stop halfway) and where many
 * readers in one process share an account-wide request quota (a token bucket in the proxy, as
 * AWS counts GetLogEvents per account and region).
 */
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RequestTimeoutError } from '../../src/errors';
import { CloudWatchLogSource } from '../../src/logs/CloudWatchLogSource';
import { RateLimiter } from '../../src/logs/RateLimiter';
import { readLogText } from '../../src/logs/readLogText';
import { fakeCredentials } from '../support/fakeCredentials';
import { type FaultProxy, startFaultProxy } from '../support/faultProxy';
import { type MotoServer, motoAvailable, startMoto } from '../support/moto';

const moto = motoAvailable();
if (!moto.ok) console.warn(`CloudWatchLogSource fault integration tests skipped: ${moto.reason}`);

const GROUP = '/aws/sagemaker/TrainingJobs';
const fastRetry = { baseDelayMs: 5, maxDelayMs: 50 };
/** Short enough to give up on silence quickly, long enough for moto's answers on a loaded machine (2 test files at a time). */
const timeouts = { firstByteMs: 1_000, idleMs: 1_000 };
const READERS = 20;



describe.skipIf(!moto.ok)('CloudWatchLogSource against silent servers and a shared quota', () => {
  let server: MotoServer;
  let proxy: FaultProxy;
  let direct: CloudWatchLogsClient;
  let viaProxy: CloudWatchLogsClient;
  const texts = new Map<string, string>();
  const start = Date.now() - 3_600_000;

  async function seed(job: string, streams: number, events: number): Promise<void> {
    const lines: { ts: number; stream: number; message: string }[] = [];
    for (let s = 1; s <= streams; s++) {
      const stream = `${job}/algo-${s}-1700000000`;
      await direct.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: stream }));
      const logEvents = Array.from({ length: events }, (_, i) => ({ timestamp: start + i * 10 + s, message: `[algo-${s}] ${job} step ${i} loss: ${(1 / (i + 2)).toFixed(5)}` }));
      for (let i = 0; i < logEvents.length; i += 10_000) {
        await direct.send(new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, logEvents: logEvents.slice(i, i + 10_000) }));
      }
      logEvents.forEach((e) => lines.push({ ts: e.timestamp, stream: s, message: e.message }));
    }
    lines.sort((a, b) => a.ts - b.ts || a.stream - b.stream);
    texts.set(job, lines.map((l) => l.message).join('\n'));
  }

  beforeAll(async () => {
    server = await startMoto();
    proxy = await startFaultProxy({ target: server.endpoint, seed: 31 });
    direct = new CloudWatchLogsClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: fakeCredentials });
    viaProxy = new CloudWatchLogsClient({ endpoint: proxy.endpoint, region: 'us-east-1', credentials: fakeCredentials });
    await direct.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    await seed('silent-job', 2, 15_000);
    for (let r = 0; r < READERS; r++) await seed(`quota-job-${r}`, 1, 3_000);
  });

  afterAll(async () => {
    direct?.destroy();
    viaProxy?.destroy();
    await proxy?.stop();
    await server?.stop();
  });

  beforeEach(() => {
    proxy.setRules([]);
    proxy.setQuotas([]);
    proxy.resetStats();
  });

  afterEach(async () => {
    // No held connection outlives a test: every silent request was given up and closed.
    expect(await proxy.heldAfterSettling()).toBe(0);
  });

  describe('silent servers', () => {
    const source = (client = viaProxy) => new CloudWatchLogSource({ client, jobName: 'silent-job', retry: fastRetry, timeouts, requestsPerSecond: Infinity });

    it('reads the whole log when GetLogEvents and DescribeLogStreams answers are held back', async () => {
      proxy.setRules([
        { operation: 'DescribeLogStreams', kind: 'hold', rate: 1, max: 1 },
        { operation: 'GetLogEvents', kind: 'hold', rate: 1, max: 3 },
      ]);

      expect(await readLogText(source())).toBe(texts.get('silent-job'));
      expect(proxy.stats().silencedTotal).toBe(4);
    });

    it('reads the whole log when GetLogEvents bodies stop halfway (JSON answers the SDK reads whole)', async () => {
      proxy.setRules([{ operation: 'GetLogEvents', kind: 'stall', rate: 1, max: 3 }]);

      expect(await readLogText(source())).toBe(texts.get('silent-job'));
      expect(proxy.stats().faults.stall).toBe(3);
    });

    it('fails with RequestTimeoutError naming the stream when GetLogEvents never answers', async () => {
      proxy.setRules([{ operation: 'GetLogEvents', kind: 'hold', rate: 1 }]);
      const patient = new CloudWatchLogSource({ client: viaProxy, jobName: 'silent-job', retry: { attempts: 2, ...fastRetry }, timeouts, requestsPerSecond: Infinity });

      const started = Date.now();
      const error = await readLogText(patient).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(RequestTimeoutError);
      expect(error).toMatchObject({ operation: 'GetLogEvents', phase: 'response' });
      expect((error as RequestTimeoutError).resource).toMatch(/stream silent-job\/algo-[12]-1700000000$/);
      expect(Date.now() - started).toBeLessThan(8_000);
    });
  });

  describe('readers sharing the account quota', () => {
    const jobs = Array.from({ length: READERS }, (_, r) => `quota-job-${r}`);

    it.each([10, 5])('reads %i requests/s worth of quota with 20 concurrent readers of one client: none fails, every log whole', async (quota) => {
      proxy.setQuotas([{ operation: /^(GetLogEvents|DescribeLogStreams)$/, requestsPerSecond: quota, burst: quota }]);
      // One client, as a process's createClients() gives: its sources share one limiter (the default).
      const client = new CloudWatchLogsClient({ endpoint: proxy.endpoint, region: `us-east-1`, credentials: fakeCredentials });
      const started = Date.now();

      const results = await Promise.allSettled(jobs.map((jobName) => readLogText(new CloudWatchLogSource({ client, jobName, retry: fastRetry }))));
      const seconds = (Date.now() - started) / 1000;
      client.destroy();

      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      results.forEach((r, i) => expect((r as PromiseFulfilledResult<string>).value).toBe(texts.get(jobs[i]!)));
      const { requests, throttledByQuota } = proxy.stats();
      // The shared, adaptive limiter keeps close to the quota: few requests are turned away.
      expect(throttledByQuota / requests).toBeLessThan(0.25);
      expect(requests / seconds).toBeLessThanOrEqual(quota * 1.5 + 2);
    });

    it('lets sources with different clients share one RateLimiter passed to each', async () => {
      proxy.setQuotas([{ operation: /^(GetLogEvents|DescribeLogStreams)$/, requestsPerSecond: 10, burst: 10 }]);
      const rateLimiter = new RateLimiter({ requestsPerSecond: 10 });
      const clients = jobs.slice(0, 8).map(() => new CloudWatchLogsClient({ endpoint: proxy.endpoint, region: 'us-east-1', credentials: fakeCredentials }));

      const results = await Promise.allSettled(
        clients.map((client, i) => readLogText(new CloudWatchLogSource({ client, jobName: jobs[i]!, retry: fastRetry, rateLimiter }))),
      );
      for (const client of clients) client.destroy();

      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(rateLimiter.successes).toBeGreaterThanOrEqual(16);
      expect(proxy.stats().throttledByQuota / proxy.stats().requests).toBeLessThan(0.25);
    });
  });
});
