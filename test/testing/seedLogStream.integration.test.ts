import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudWatchLogSource } from '../../src/logs/CloudWatchLogSource';
import { readLogText } from '../../src/logs/readLogText';
import { motoAvailable, seedLogStream, startMoto, type MotoServer } from '../../src/testing/index';

const moto = motoAvailable();
if (!moto.ok) console.warn(`seedLogStream integration tests skipped: ${moto.reason}`);

describe('seedLogStream before any request', () => {
  // A client that fails the test if anything is sent.
  const noClient = { logs: { send: () => Promise.reject(new Error('nothing should be sent')) } } as never;

  it('refuses events CloudWatch would drop, older than 14 days or more than 2 hours ahead', async () => {
    const old = seedLogStream(noClient, { logStreamName: 's', events: [{ message: 'old', timestamp: Date.now() - 15 * 86_400_000 }] });
    await expect(old).rejects.toThrow(/events\[0\] .*older than 14 days/);
    const ahead = seedLogStream(noClient, { logStreamName: 's', events: 'x', startTime: Date.now() + 3 * 3_600_000 });
    await expect(ahead).rejects.toThrow(RangeError);
  });

  it('refuses an event without a message and a missing stream name', async () => {
    await expect(seedLogStream(noClient, { logStreamName: 's', events: [{} as { message: string }] })).rejects.toThrow(/events\[0\] has no message/);
    await expect(seedLogStream(noClient, { logStreamName: '', events: 'x' })).rejects.toThrow(TypeError);
  });
});

describe.skipIf(!moto.ok)('seedLogStream against moto', () => {
  let server: MotoServer;

  beforeAll(async () => {
    server = await startMoto();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("writes a text's lines as events 100 ms apart ending a minute ago, leaving out empty lines", async () => {
    const before = Date.now();
    const seeded = await seedLogStream(server.clients, { logStreamName: 'text-job/algo-1-1700000000', events: 'one\n\ntwo\r\nthree\n' });

    expect(seeded.logGroupName).toBe('/aws/sagemaker/TrainingJobs');
    expect(seeded.events.map((e) => e.message)).toEqual(['one', 'two', 'three']);
    const times = seeded.events.map((e) => e.timestamp.getTime());
    expect(times[2]! - times[0]!).toBe(200);
    expect(before - 60_000 - times[2]!).toBeLessThan(200);
    expect(await readLogText(new CloudWatchLogSource({ client: server.clients.logs, jobName: 'text-job' }))).toBe('one\ntwo\nthree');
  });

  it('keeps given timestamps, puts the events in time order, and appends to an existing stream', async () => {
    const t0 = Date.now() - 3_600_000;
    await seedLogStream(server.clients, { logGroupName: '/my/group', logStreamName: 'mixed', events: [{ message: 'b', timestamp: t0 + 2 }, { message: 'a', timestamp: new Date(t0 + 1) }] });
    await seedLogStream(server.clients, { logGroupName: '/my/group', logStreamName: 'mixed', events: ['c', 'd'], startTime: t0 + 10, intervalMs: 5 });

    const page = await server.clients.logs.send(new GetLogEventsCommand({ logGroupName: '/my/group', logStreamName: 'mixed', startFromHead: true }));
    expect(page.events?.map((e) => [e.message, e.timestamp! - t0])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 10],
      ['d', 15],
    ]);
  });

  it('writes 25,000 events in batches within the service limits and they read back whole, in order', async () => {
    const lines = Array.from({ length: 25_000 }, (_, i) => `step ${i}`);
    const seeded = await seedLogStream(server.clients, { logStreamName: 'long-job/algo-1-1700000000', events: lines, intervalMs: 1 });

    expect(seeded.events).toHaveLength(25_000);
    expect(await readLogText(new CloudWatchLogSource({ client: server.clients.logs, jobName: 'long-job' }))).toBe(lines.join('\n'));
  }, 60_000);
});
