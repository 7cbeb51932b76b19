/**
 * The fault proxy as `sagemaker-bench/testing` ships it, in front of moto. Its behaviours one by
 * one (every kind, quotas, hooks, streaming) are tested in test/support/faultProxy.integration.test.ts.
 */
import { DescribeTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudWatchLogSource } from '../../src/logs/CloudWatchLogSource';
import { readLogText } from '../../src/logs/readLogText';
import { clientsFor, faultMix, motoAvailable, seedLogStream, startFaultProxy, startMoto, type MotoServer } from '../../src/testing/index';

const moto = motoAvailable();
if (!moto.ok) console.warn(`startFaultProxy integration tests skipped: ${moto.reason}`);

describe('startFaultProxy options', () => {
  it('refuses a target that is not an http:// URL', async () => {
    await expect(startFaultProxy({ target: 'https://127.0.0.1:5000' })).rejects.toThrow(/target must be an http:\/\/ URL/);
    await expect(startFaultProxy({ target: 'not a url' })).rejects.toThrow(TypeError);
  });
});

describe.skipIf(!moto.ok)('startFaultProxy in front of moto', () => {
  let server: MotoServer;

  beforeAll(async () => {
    server = await startMoto();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('gets a whole seeded log through half of GetLogEvents failing, and counts what it did', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    await seedLogStream(server.clients, { logStreamName: 'proxied-job/algo-1-1700000000', events: lines });
    const proxy = await startFaultProxy({ target: server.endpoint, seed: 9, rules: faultMix({ throttle: 0.3, reset: 0.2 }, 'GetLogEvents') });
    try {
      const { logs } = clientsFor(proxy);
      const text = await readLogText(new CloudWatchLogSource({ client: logs, jobName: 'proxied-job' }));

      expect(text).toBe(lines.join('\n'));
      const stats = proxy.stats();
      expect(stats.byOperation.GetLogEvents).toBeGreaterThan(0);
      expect(stats.faults.throttle + stats.faults.reset).toBeGreaterThan(0);
      expect(stats.faultsByOperation).toEqual({ GetLogEvents: stats.faults.throttle + stats.faults.reset });
      expect(stats.faults.internal).toBe(0);
    } finally {
      await proxy.stop();
    }
  }, 60_000);

  it('throttles by an account-wide quota before the service sees the request', async () => {
    const proxy = await startFaultProxy({ target: server.endpoint, quotas: [{ operation: 'DescribeTrainingJob', requestsPerSecond: 0, burst: 1 }] });
    try {
      const sagemaker = clientsFor(proxy).sagemaker;
      const first = await sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'none' })).catch((e: unknown) => e);
      const second = await sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'none' })).catch((e: unknown) => e);

      expect(first).toMatchObject({ name: 'ValidationException' }); // moto's answer: no such job
      expect(second).toMatchObject({ name: 'ThrottlingException' });
      expect(proxy.stats().throttledByQuota).toBeGreaterThanOrEqual(1);
    } finally {
      await proxy.stop();
    }
  }, 60_000);
});
