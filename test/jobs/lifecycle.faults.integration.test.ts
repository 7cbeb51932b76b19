/**
 * The job lifecycle against servers that misbehave the way a benchmark run of many jobs meets
 * them: a SageMaker endpoint that never answers, throttles every call, refuses connections, or
 * drops a CreateTrainingJob's answer after making the job. The real SDK client talks to our
 * timeline endpoint (test/support/sagemakerTimelineServer.ts) through the fault proxy.
 */
import { type CreateTrainingJobCommandInput, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JobNotStoppedError, JobUnreachableError, RequestTimeoutError, WaitTimeoutError } from '../../src/errors';
import { launchTrainingJob } from '../../src/jobs/launchTrainingJob';
import { type TrainingJobPollErrorEvent, type WaitOptions, waitForTrainingJob } from '../../src/jobs/waitForTrainingJob';
import { fakeCredentials } from '../support/fakeCredentials';
import { type FaultProxy, startFaultProxy, tenPercentFaults } from '../support/faultProxy';
import { type SageMakerTimelineServer, startSageMakerTimelineServer } from '../support/sagemakerTimelineServer';
import { seedRequest } from '../fixtures/seed';

const fast: WaitOptions = { minDelay: 0.02, maxDelay: 0.1 };
const quickStop = { maxStopTime: 3, retry: { attempts: 30, baseDelayMs: 5, maxDelayMs: 50 } };
const shortTimeouts = { firstByteMs: 250, idleMs: 250 };

function request(name: string): CreateTrainingJobCommandInput {
  return { ...(structuredClone(seedRequest) as unknown as CreateTrainingJobCommandInput), TrainingJobName: name };
}

/** A server on 127.0.0.1 that accepts connections and never says a word. */
async function blackHole(): Promise<{ endpoint: string; connections: () => number; stop: () => Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    connections: () => accepted,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens (connections are refused). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}



describe('job lifecycle against silent, throttling and unreachable servers', () => {
  let server: SageMakerTimelineServer;
  let proxy: FaultProxy;
  let sagemaker: SageMakerClient;

  beforeAll(async () => {
    server = await startSageMakerTimelineServer();
    proxy = await startFaultProxy({ target: server.endpoint, seed: 5 });
    // The SDK's own retries off: every fault reaches the library's handling.
    sagemaker = new SageMakerClient({ endpoint: proxy.endpoint, region: 'us-east-1', credentials: fakeCredentials, maxAttempts: 1 });
  });

  afterAll(async () => {
    sagemaker?.destroy();
    await proxy?.stop();
    await server?.stop();
  });

  beforeEach(() => {
    server.reset();
    server.setTime(Date.now());
    proxy.setRules([]);
    proxy.resetStats();
  });

  afterEach(async () => {
    // No held connection outlives a test: every silent request was given up and closed.
    expect(await proxy.heldAfterSettling()).toBe(0);
  });

  describe('waitForTrainingJob', () => {
    it('ends at maxWaitTime by the wall clock while a DescribeTrainingJob hangs, and stops the job with stopOnTimeout', async () => {
      const name = 'silent-wait';
      await launchTrainingJob(sagemaker, request(name));
      proxy.setRules([{ operation: 'DescribeTrainingJob', kind: 'hold', rate: 1 }]);

      const started = Date.now();
      const error = await waitForTrainingJob(sagemaker, name, { ...fast, maxWaitTime: 1, stopOnTimeout: true, stop: quickStop }).catch((e: unknown) => e);
      const took = Date.now() - started;

      expect(error).toBeInstanceOf(WaitTimeoutError);
      expect(error).toMatchObject({ jobName: name, stopped: true });
      expect(took).toBeGreaterThanOrEqual(950);
      expect(took).toBeLessThan(2_500);
      expect(server.describe(name)?.TrainingJobStatus).toBe('Stopping');
    });

    it('gives up with JobUnreachableError after maxFailureTime of refused connections, reporting each failure', async () => {
      const unreachable = new SageMakerClient({
        endpoint: `http://127.0.0.1:${await closedPort()}`,
        region: 'us-east-1',
        credentials: fakeCredentials,
        maxAttempts: 1,
      });
      const events: TrainingJobPollErrorEvent[] = [];

      const started = Date.now();
      const error = await waitForTrainingJob(unreachable, 'never-reached', { ...fast, maxFailureTime: 0.8, onPollError: (e) => events.push(e) }).catch(
        (e: unknown) => e,
      );
      unreachable.destroy();

      expect(error).toBeInstanceOf(JobUnreachableError);
      expect(error).toBeInstanceOf(WaitTimeoutError);
      expect(error).toMatchObject({ jobName: 'never-reached', stopped: false, lastStatus: undefined });
      expect((error as JobUnreachableError).failures).toBe(events.length);
      expect((error as JobUnreachableError).failingSeconds).toBeGreaterThanOrEqual(0.8);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(events.length).toBeGreaterThanOrEqual(3);
      expect(events.map((e) => e.failures)).toEqual(events.map((_, i) => i + 1));
      expect((error as Error).message).toMatch(/ECONNREFUSED/);
    });

    it('gives up on a throttling storm, and says the job was not stopped when the stop is throttled too', async () => {
      const name = 'throttled-wait';
      await launchTrainingJob(sagemaker, request(name));
      proxy.setRules([{ operation: /^(DescribeTrainingJob|StopTrainingJob)$/, kind: 'throttle', rate: 1 }]);

      const error = await waitForTrainingJob(sagemaker, name, {
        ...fast,
        maxFailureTime: 0.5,
        stopOnTimeout: true,
        stop: { maxStopTime: 0.5, retry: { baseDelayMs: 5, maxDelayMs: 20 } },
      }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(JobUnreachableError);
      expect(error).toMatchObject({ jobName: name, stopped: false });
      expect((error as WaitTimeoutError).stopError).toBeInstanceOf(JobNotStoppedError);
      expect((error as WaitTimeoutError).stopError).toMatchObject({ jobName: name });
      expect((error as Error).message).toMatch(/may still be running/);
      expect(server.describe(name)?.TrainingJobStatus).toBe('InProgress');
    });

    it('stops the job on abort although StopTrainingJob is throttled five times', async () => {
      const name = 'stop-throttled';
      await launchTrainingJob(sagemaker, request(name));
      proxy.setRules([{ operation: 'StopTrainingJob', kind: 'throttle', rate: 1, max: 5 }]);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 150);

      const error = await waitForTrainingJob(sagemaker, name, { ...fast, signal: controller.signal, stopOnAbort: true, stop: quickStop }).catch(
        (e: unknown) => e,
      );

      expect((error as Error).name).toBe('AbortError');
      expect(proxy.stats().faultsByOperation.StopTrainingJob).toBe(5);
      expect(server.describe(name)?.TrainingJobStatus).toBe('Stopping');
    });

    it('stops the job on abort although the first StopTrainingJob requests never answer', async () => {
      const name = 'stop-held';
      await launchTrainingJob(sagemaker, request(name));
      proxy.setRules([{ operation: 'StopTrainingJob', kind: 'hold', rate: 1, max: 2 }]);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);

      const error = await waitForTrainingJob(sagemaker, name, {
        ...fast,
        signal: controller.signal,
        stopOnAbort: true,
        timeouts: shortTimeouts,
        stop: quickStop,
      }).catch((e: unknown) => e);

      expect((error as Error).name).toBe('AbortError');
      expect(server.describe(name)?.TrainingJobStatus).toBe('Stopping');
    });

    it('settles an aborted wait within maxStopTime when StopTrainingJob never answers, naming the job left running', async () => {
      const hole = await blackHole();
      const silent = new SageMakerClient({ endpoint: hole.endpoint, region: 'us-east-1', credentials: fakeCredentials, maxAttempts: 1 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);

      const started = Date.now();
      const error = await waitForTrainingJob(silent, 'stop-never', {
        ...fast,
        signal: controller.signal,
        stopOnAbort: true,
        timeouts: shortTimeouts,
        stop: { maxStopTime: 1, retry: { baseDelayMs: 5, maxDelayMs: 20 } },
      }).catch((e: unknown) => e);
      const took = Date.now() - started;
      silent.destroy();
      await hole.stop();

      expect(error).toBeInstanceOf(JobNotStoppedError);
      expect(error).toMatchObject({ jobName: 'stop-never', stopped: false });
      expect((error as JobNotStoppedError).attempts).toBeGreaterThan(1);
      expect((error as Error).cause).toBeInstanceOf(RequestTimeoutError);
      expect((error as Error).message).toMatch(/stop-never may still be running/);
      expect(took).toBeLessThan(3_000);
      expect(hole.connections()).toBeGreaterThan(1);
    });
  });

  describe('launchTrainingJob', () => {
    it('launches 50 jobs under 10% throttling, 5xx and resets: every launch succeeds and makes exactly one job', async () => {
      proxy.setRules(tenPercentFaults(/^(CreateTrainingJob|DescribeTrainingJob)$/));
      const names = Array.from({ length: 50 }, (_, i) => `faulty-launch-${i}`);

      const results = await Promise.allSettled(names.map((name) => launchTrainingJob(sagemaker, request(name), { retry: { baseDelayMs: 5, maxDelayMs: 50 } })));

      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(server.jobNames().sort()).toEqual([...names].sort());
      expect(server.requests('CreateTrainingJob').length).toBeGreaterThan(50);
      expect(proxy.stats().faultsByOperation.CreateTrainingJob).toBeGreaterThan(0);
    });

    it('reports the launch when the answer of a CreateTrainingJob that made the job never comes', async () => {
      proxy.setRules([{ operation: 'CreateTrainingJob', kind: 'hold', rate: 1, max: 1 }]);

      const launched = await launchTrainingJob(sagemaker, request('held-create'), { timeouts: shortTimeouts, retry: { baseDelayMs: 5, maxDelayMs: 20 } });

      expect(launched.jobName).toBe('held-create');
      expect(launched.arn).toMatch(/training-job\/held-create$/);
      expect(server.jobNames()).toEqual(['held-create']);
      expect(proxy.stats().silencedTotal).toBe(1);
    });
  });
});
