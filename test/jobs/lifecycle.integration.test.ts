/**
 * The job lifecycle end to end with the real SDK client (serialization, retries, waiter) against
 * the SageMaker timeline endpoint (test/support/sagemakerTimelineServer.ts), behind the fault
 * proxy (throttling, 500, 503, connection resets). The endpoint's clock is moved by the test;
 * the waiter polls every 20-100 ms of real time.
 */
import { type CreateTrainingJobCommandInput, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AccessDeniedError,
  InvalidJobNameError,
  JobNameInUseError,
  ResourceLimitError,
  ServiceValidationError,
  TrainingJobFailedError,
  TrainingJobNotFoundError,
  TrainingJobStoppedError,
  ValidationError,
  WaitTimeoutError,
} from '../../src/errors';
import type { Clients } from '../../src/jobs/Clients';
import { createClients } from '../../src/jobs/createClients';
import { describeTrainingJob } from '../../src/jobs/describeTrainingJob';
import { launchTrainingJob } from '../../src/jobs/launchTrainingJob';
import { stopTrainingJob } from '../../src/jobs/stopTrainingJob';
import { summarizeTrainingJob } from '../../src/jobs/summarizeTrainingJob';
import type { TrainingJobStatusEvent } from '../../src/jobs/TrainingJobStatusEvent';
import { type WaitOptions, waitForTrainingJob } from '../../src/jobs/waitForTrainingJob';
import { fakeCredentials } from '../support/fakeCredentials';
import { type FaultProxy, type FaultRule, startFaultProxy } from '../support/faultProxy';
import { type SageMakerTimelineServer, standardTimeline, startSageMakerTimelineServer } from '../support/sagemakerTimelineServer';
import { seedRequest, seedRole } from '../fixtures/seed';

const fast: WaitOptions = { minDelay: 0.02, maxDelay: 0.1 };

/** Every kind of fault the proxy knows, on DescribeTrainingJob, at the given total rate. */
function describeFaults(rate: number): FaultRule[] {
  const each = rate / 4;
  return [
    { operation: 'DescribeTrainingJob', kind: 'throttle', rate: each },
    { operation: 'DescribeTrainingJob', kind: 'internal', rate: each / (1 - each) },
    { operation: 'DescribeTrainingJob', kind: 'unavailable', rate: each / (1 - 2 * each) },
    { operation: 'DescribeTrainingJob', kind: 'reset', rate: each / (1 - 3 * each) },
  ];
}

function request(name: string, overrides: Partial<CreateTrainingJobCommandInput> = {}): CreateTrainingJobCommandInput {
  return { ...(structuredClone(seedRequest) as unknown as CreateTrainingJobCommandInput), TrainingJobName: name, ...overrides };
}

describe('job lifecycle against the timeline endpoint, through the fault proxy', () => {
  let server: SageMakerTimelineServer;
  let proxy: FaultProxy;
  let clients: Clients;

  beforeAll(async () => {
    server = await startSageMakerTimelineServer();
    proxy = await startFaultProxy({ target: server.endpoint, seed: 3 });
    clients = createClients({ endpoint: proxy.endpoint, region: 'us-east-1', credentials: fakeCredentials });
  });

  afterAll(async () => {
    clients?.sagemaker.destroy();
    await proxy?.stop();
    await server?.stop();
  });

  beforeEach(() => {
    server.reset();
    server.setTime(Date.now());
    proxy.setRules([]);
    proxy.resetStats();
  });

  afterEach(() => {
    // Nothing may be left running unwatched: every job a test created has ended or is stopping.
    const running = server.jobNames().filter((name) => server.describe(name)?.TrainingJobStatus === 'InProgress');
    expect(running).toEqual([]);
  });

  /** Starts waiting and collects the status events. */
  function follow(name: string, options: WaitOptions = {}) {
    const events: TrainingJobStatusEvent[] = [];
    const wait = waitForTrainingJob(clients.sagemaker, name, { ...fast, ...options, onStatus: (e) => events.push(e) });
    wait.catch(() => undefined);
    const seen = (secondary: string) =>
      vi.waitFor(() => expect(events.at(-1)?.secondaryStatus).toBe(secondary), { timeout: 15_000, interval: 10 });
    return { events, wait, seen };
  }

  it('launches a job and follows it to Completed, each status change reported once, through throttled, 5xx and reset describes', async () => {
    const name = 'lifecycle-completed';
    server.script(name, { steps: standardTimeline({ starting: 60, downloading: 30, training: 600, uploading: 30 }), finalMetrics: { 'validation:accuracy': 0.93 } });
    proxy.setRules(describeFaults(0.4));

    const launched = await launchTrainingJob(clients.sagemaker, request(name));
    expect(launched).toEqual({ jobName: name, arn: `arn:aws:sagemaker:us-east-1:123456789012:training-job/${name}` });

    const { events, wait, seen } = follow(name);
    await seen('Starting');
    for (const [seconds, secondary] of [[60, 'Downloading'], [30, 'Training'], [600, 'Uploading'], [30, 'Completed']] as const) {
      server.advance(seconds);
      await seen(secondary);
    }
    const final = await wait;

    expect(final.TrainingJobStatus).toBe('Completed');
    expect(events.map((e) => `${e.status}/${e.secondaryStatus}`)).toEqual([
      'InProgress/Starting',
      'InProgress/Downloading',
      'InProgress/Training',
      'InProgress/Uploading',
      'Completed/Completed',
    ]);
    expect(events.map((e) => e.secondsSinceCreation)).toEqual([0, 60, 90, 690, 720]);
    const stats = proxy.stats();
    expect(stats.faults.throttle + stats.faults.internal + stats.faults.unavailable + stats.faults.reset).toBeGreaterThan(0);
    const summary = summarizeTrainingJob(final);
    expect(summary).toMatchObject({ status: 'Completed', trainingSeconds: 660, billedInstanceSeconds: 660, finalMetrics: { 'validation:accuracy': 0.93 } });
    expect(summary.phases.map((p) => p.seconds)).toEqual([60, 30, 600, 30, 0]);
  });

  it('keeps waiting when faults outlast the SDK client retries (a client with maxAttempts 1)', async () => {
    const name = 'lifecycle-no-sdk-retries';
    const bare = new SageMakerClient({ endpoint: proxy.endpoint, region: 'us-east-1', credentials: fakeCredentials, maxAttempts: 1 });
    try {
      await launchTrainingJob(bare, request(name));
      proxy.setRules(describeFaults(0.6));
      const events: string[] = [];
      const wait = waitForTrainingJob(bare, name, { ...fast, onStatus: (e) => events.push(e.secondaryStatus) });
      await vi.waitFor(() => expect(proxy.stats().faultsByOperation.DescribeTrainingJob ?? 0).toBeGreaterThanOrEqual(8), { timeout: 15_000 });
      server.advance(60 + 30 + 600 + 30);

      const final = await wait;

      expect(final.TrainingJobStatus).toBe('Completed');
      expect(events).toEqual(['Starting', 'Completed']);
    } finally {
      bare.destroy();
    }
  });

  it('rejects with TrainingJobFailedError carrying the failure reason', async () => {
    const name = 'lifecycle-failed';
    const reason = 'AlgorithmError: ExecuteUserScriptError: CUDA out of memory';
    server.script(name, standardTimeline({ starting: 60, downloading: 30, training: 120, end: { failed: reason } }));
    await launchTrainingJob(clients.sagemaker, request(name));
    const { events, wait, seen } = follow(name);
    await seen('Starting');

    server.advance(300);
    const error = await wait.catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TrainingJobFailedError);
    expect(error).toMatchObject({ jobName: name, failureReason: reason });
    expect((error as TrainingJobFailedError).description.TrainingJobStatus).toBe('Failed');
    expect(events.at(-1)).toMatchObject({ status: 'Failed', secondaryStatus: 'Failed' });
  });

  it('resolves when the job is stopped with stopTrainingJob, after Stopping', async () => {
    const name = 'lifecycle-stopped';
    await launchTrainingJob(clients.sagemaker, request(name));
    const { events, wait, seen } = follow(name);
    server.advance(100);
    await seen('Training');

    await stopTrainingJob(clients.sagemaker, name);
    await seen('Stopping');
    server.advance(30);
    const final = await wait;

    expect(final).toMatchObject({ TrainingJobStatus: 'Stopped', SecondaryStatus: 'Stopped' });
    expect(events.map((e) => e.secondaryStatus)).toEqual(['Training', 'Stopping', 'Stopped']);
  });

  it('rejects a stopped job with TrainingJobStoppedError when stoppedIsError is set', async () => {
    const name = 'lifecycle-stopped-error';
    await launchTrainingJob(clients.sagemaker, request(name));
    await stopTrainingJob(clients.sagemaker, name);
    server.advance(30);

    await expect(waitForTrainingJob(clients.sagemaker, name, { ...fast, stoppedIsError: true })).rejects.toBeInstanceOf(TrainingJobStoppedError);
  });

  it('resolves a job the service stopped at MaxRuntime, with MaxRuntimeExceeded in the event and the summary', async () => {
    const name = 'lifecycle-max-runtime';
    server.script(name, standardTimeline({ starting: 60, downloading: 30, training: 7200 }));
    await launchTrainingJob(clients.sagemaker, request(name, { StoppingCondition: { MaxRuntimeInSeconds: 600 } }));
    const { events, wait, seen } = follow(name);
    server.advance(100);
    await seen('Training');

    server.advance(600);
    const final = await wait;

    expect(final).toMatchObject({ TrainingJobStatus: 'Stopped', SecondaryStatus: 'MaxRuntimeExceeded' });
    expect(events.at(-1)).toMatchObject({ status: 'Stopped', secondaryStatus: 'MaxRuntimeExceeded', secondsSinceCreation: 660 });
    expect(summarizeTrainingJob(final)).toMatchObject({ timeLimitExceeded: 'MaxRuntimeExceeded', trainingSeconds: 600 });
  });

  it('stops the job when the wait is aborted with stopOnAbort, and nothing is left running', async () => {
    const name = 'lifecycle-abort';
    await launchTrainingJob(clients.sagemaker, request(name));
    const controller = new AbortController();
    const { wait, seen } = follow(name, { signal: controller.signal, stopOnAbort: true });
    server.advance(100);
    await seen('Training');

    controller.abort();
    const error = await wait.catch((e: unknown) => e);

    expect((error as Error).name).toBe('AbortError');
    expect(server.requests('StopTrainingJob')).toHaveLength(1);
    expect(server.describe(name)?.TrainingJobStatus).toBe('Stopping');
    server.advance(30);
    expect(server.describe(name)?.TrainingJobStatus).toBe('Stopped');
  });

  it('leaves the job running when aborted without stopOnAbort (the caller stops it)', async () => {
    const name = 'lifecycle-abort-no-stop';
    await launchTrainingJob(clients.sagemaker, request(name));
    const controller = new AbortController();
    const { wait, seen } = follow(name, { signal: controller.signal });
    await seen('Starting');

    controller.abort();
    await expect(wait).rejects.toMatchObject({ name: 'AbortError' });

    expect(server.describe(name)?.TrainingJobStatus).toBe('InProgress');
    await stopTrainingJob(clients.sagemaker, name);
  });

  it('gives up after maxWaitTime and stops the job with stopOnTimeout', async () => {
    const name = 'lifecycle-timeout';
    await launchTrainingJob(clients.sagemaker, request(name));
    proxy.setRules(describeFaults(0.3));

    const error = await waitForTrainingJob(clients.sagemaker, name, { ...fast, maxWaitTime: 0.6, stopOnTimeout: true }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({ jobName: name, stopped: true });
    expect(server.describe(name)?.TrainingJobStatus).toBe('Stopping');
  });

  it('reports the launch when a retried CreateTrainingJob finds its own job (the first answer was lost to a reset)', async () => {
    const name = 'lifecycle-retried-launch';
    proxy.setRules([{ operation: 'CreateTrainingJob', kind: 'reset', rate: 1, max: 1 }]);

    const launched = await launchTrainingJob(clients.sagemaker, request(name));

    expect(launched).toEqual({ jobName: name, arn: `arn:aws:sagemaker:us-east-1:123456789012:training-job/${name}` });
    expect(proxy.stats().faults.reset).toBe(1);
    expect(server.requests('CreateTrainingJob').map((r) => r.status)).toEqual([200, 400]);
    expect(server.jobNames()).toEqual([name]);
    await stopTrainingJob(clients.sagemaker, name);
  });

  it('throws JobNameInUseError when the name belongs to another job', async () => {
    const name = 'lifecycle-name-taken';
    await launchTrainingJob(clients.sagemaker, request(name));

    const error = await launchTrainingJob(clients.sagemaker, request(name, { HyperParameters: { 'batch-size': '256', epochs: '5' } })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(JobNameInUseError);
    expect((error as JobNameInUseError).jobName).toBe(name);
    expect(((error as JobNameInUseError).cause as Error).name).toBe('ResourceInUse');
    await stopTrainingJob(clients.sagemaker, name);
  });

  it('maps the service refusals read off the wire to typed launch errors', async () => {
    server.rejectNextCreate({ type: 'ResourceLimitExceeded', message: "The account-level service limit 'ml.p3.8xlarge for training job usage' is 0 Instances" });
    server.rejectNextCreate({ type: 'AccessDeniedException', message: `User is not authorized to perform: iam:PassRole on resource: ${seedRole}` });
    server.rejectNextCreate({ type: 'ValidationException', message: 'Could not access model data at s3://fcncloudml/.' });

    const quota = await launchTrainingJob(clients.sagemaker, request('lifecycle-quota')).catch((e: unknown) => e);
    const denied = await launchTrainingJob(clients.sagemaker, request('lifecycle-denied')).catch((e: unknown) => e);
    const invalid = await launchTrainingJob(clients.sagemaker, request('lifecycle-invalid')).catch((e: unknown) => e);

    expect(quota).toBeInstanceOf(ResourceLimitError);
    expect((quota as ResourceLimitError).instanceType).toBe('ml.p3.8xlarge');
    expect(denied).toBeInstanceOf(AccessDeniedError);
    expect((denied as AccessDeniedError).roleArn).toBe(seedRole);
    expect(invalid).toBeInstanceOf(ServiceValidationError);
    expect((invalid as ServiceValidationError).serviceMessage).toBe('Could not access model data at s3://fcncloudml/.');
    expect(server.jobNames()).toEqual([]);
  });

  it('sends nothing for an invalid request', async () => {
    const error = await launchTrainingJob(clients.sagemaker, request('bad_name_with_underscores')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ValidationError);
    expect(proxy.stats().requests).toBe(0);
  });

  it('tells a missing job from a malformed name (refused before sending), and stopping a finished job is not an error', async () => {
    const missing = await describeTrainingJob(clients.sagemaker, 'lifecycle-missing').catch((e: unknown) => e);
    const before = proxy.stats().requests;
    const malformed = await describeTrainingJob(clients.sagemaker, 'bad_name').catch((e: unknown) => e);
    const sentForMalformed = proxy.stats().requests - before;
    const name = 'lifecycle-finished';
    await launchTrainingJob(clients.sagemaker, request(name));
    server.advance(3600);

    expect(missing).toBeInstanceOf(TrainingJobNotFoundError);
    expect(malformed).toBeInstanceOf(InvalidJobNameError);
    expect(sentForMalformed).toBe(0);
    await expect(stopTrainingJob(clients.sagemaker, name)).resolves.toBeUndefined();
    await expect(stopTrainingJob(clients.sagemaker, 'lifecycle-missing')).rejects.toBeInstanceOf(TrainingJobNotFoundError);
  });
});
