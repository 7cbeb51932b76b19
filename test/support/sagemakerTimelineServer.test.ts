import {
  CreateTrainingJobCommand,
  type CreateTrainingJobCommandInput,
  DescribeTrainingJobCommand,
  SageMakerClient,
  StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { seedRequest } from '../fixtures/seed';
import { fakeCredentials } from './fakeCredentials';
import {
  ManualClock,
  SageMakerTimeline,
  type SageMakerTimelineServer,
  standardTimeline,
  startSageMakerTimelineServer,
  systemClock,
} from './sagemakerTimelineServer';

const request = (overrides: Partial<CreateTrainingJobCommandInput> = {}): CreateTrainingJobCommandInput =>
  ({ ...structuredClone(seedRequest), ...overrides }) as CreateTrainingJobCommandInput;
const name = seedRequest.TrainingJobName;

/** Sends one raw AWS JSON 1.1 request, as the wire carries it. */
async function raw(endpoint: string, operation: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `SageMaker.${operation}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('SageMaker timeline endpoint', () => {
  let server: SageMakerTimelineServer;
  let client: SageMakerClient;

  beforeAll(async () => {
    server = await startSageMakerTimelineServer();
    client = new SageMakerClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: fakeCredentials, maxAttempts: 1 });
  });

  afterAll(async () => {
    client.destroy();
    await server.stop();
  });

  beforeEach(() => {
    server.reset();
  });

  const describeJob = () => client.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));

  it('listens on 127.0.0.1 and answers the real SDK client', async () => {
    expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const created = await client.send(new CreateTrainingJobCommand(request()));

    expect(created.TrainingJobArn).toBe(`arn:aws:sagemaker:us-east-1:123456789012:training-job/${name}`);
  });

  it('moves a job through Starting, Downloading, Training, Uploading and Completed as the clock advances', async () => {
    server.script(name, standardTimeline({ starting: 60, downloading: 30, training: 600, uploading: 30 }));
    await client.send(new CreateTrainingJobCommand(request()));
    const seen: string[] = [];
    for (const step of [0, 60, 30, 600, 30]) {
      server.advance(step);
      const job = await describeJob();
      seen.push(`${job.TrainingJobStatus}/${job.SecondaryStatus}`);
    }

    expect(seen).toEqual([
      'InProgress/Starting',
      'InProgress/Downloading',
      'InProgress/Training',
      'InProgress/Uploading',
      'Completed/Completed',
    ]);
  });

  it('reports the phase timeline, the times and the billing of a finished job', async () => {
    server.script(name, { steps: standardTimeline({ starting: 60, downloading: 30, training: 600, uploading: 30 }), finalMetrics: { 'validation:accuracy': 0.91 } });
    await client.send(new CreateTrainingJobCommand(request()));
    const created = server.clock.now();
    server.advance(720);

    const job = await describeJob();

    expect(job.CreationTime).toEqual(new Date(created));
    expect(job.TrainingStartTime).toEqual(new Date(created + 60_000));
    expect(job.TrainingEndTime).toEqual(new Date(created + 720_000));
    expect(job.TrainingTimeInSeconds).toBe(660);
    expect(job.BillableTimeInSeconds).toBe(660);
    expect(job.SecondaryStatusTransitions?.map((t) => [t.Status, (t.EndTime!.getTime() - t.StartTime!.getTime()) / 1000])).toEqual([
      ['Starting', 60],
      ['Downloading', 30],
      ['Training', 600],
      ['Uploading', 30],
      ['Completed', 0],
    ]);
    expect(job.FinalMetricDataList?.map((m) => [m.MetricName, m.Value])).toEqual([['validation:accuracy', 0.91]]);
    expect(job.ModelArtifacts?.S3ModelArtifacts).toBe(`s3://fcncloudml/${name}/output/model.tar.gz`);
    expect(job.HyperParameters).toEqual(seedRequest.HyperParameters);
  });

  it('bills a spot job for a fraction of its training time', async () => {
    server.script(name, { steps: standardTimeline({ starting: 60, downloading: 40, training: 900, uploading: 60 }), billableFraction: 0.25 });
    await client.send(new CreateTrainingJobCommand(request({ EnableManagedSpotTraining: true, StoppingCondition: { MaxRuntimeInSeconds: 3600, MaxWaitTimeInSeconds: 7200 } })));
    server.advance(2000);

    const job = await describeJob();

    expect(job.TrainingTimeInSeconds).toBe(1000);
    expect(job.BillableTimeInSeconds).toBe(250);
  });

  it('fails a job with its FailureReason', async () => {
    server.script(name, standardTimeline({ training: 100, end: { failed: 'AlgorithmError: CUDA out of memory' } }));
    await client.send(new CreateTrainingJobCommand(request()));
    server.advance(1000);

    const job = await describeJob();

    expect(job).toMatchObject({ TrainingJobStatus: 'Failed', SecondaryStatus: 'Failed', FailureReason: 'AlgorithmError: CUDA out of memory' });
  });

  it('stops a job MaxRuntimeInSeconds after its training started: Stopped / MaxRuntimeExceeded', async () => {
    server.script(name, standardTimeline({ starting: 60, training: 7200 }));
    await client.send(new CreateTrainingJobCommand(request({ StoppingCondition: { MaxRuntimeInSeconds: 600 } })));
    server.advance(659);
    expect((await describeJob()).SecondaryStatus).toBe('Training');

    server.advance(1);
    const job = await describeJob();

    expect(job).toMatchObject({ TrainingJobStatus: 'Stopped', SecondaryStatus: 'MaxRuntimeExceeded', TrainingTimeInSeconds: 600 });
  });

  it('goes Stopping, then Stopped, after StopTrainingJob, and refuses to stop a job that is not running', async () => {
    await client.send(new CreateTrainingJobCommand(request()));
    server.advance(200);
    await client.send(new StopTrainingJobCommand({ TrainingJobName: name }));
    expect(await describeJob()).toMatchObject({ TrainingJobStatus: 'Stopping', SecondaryStatus: 'Stopping' });

    const again = await raw(server.endpoint, 'StopTrainingJob', { TrainingJobName: name });
    server.advance(30);

    expect(again).toEqual({
      status: 400,
      json: { __type: 'ValidationException', message: 'The request was rejected because the training job is in status Stopping.' },
    });
    expect(await describeJob()).toMatchObject({ TrainingJobStatus: 'Stopped', SecondaryStatus: 'Stopped' });
  });

  it('answers an unknown job as the service does', async () => {
    const answer = await raw(server.endpoint, 'DescribeTrainingJob', { TrainingJobName: 'nope' });

    expect(answer).toEqual({ status: 400, json: { __type: 'ValidationException', message: 'Requested resource not found.' } });
  });

  it('answers a malformed job name with a pattern ValidationException', async () => {
    const answer = await raw(server.endpoint, 'DescribeTrainingJob', { TrainingJobName: 'bad_name' });

    expect(answer.status).toBe(400);
    expect(answer.json.message).toMatch(/failed to satisfy constraint: Member must satisfy regular expression pattern/);
  });

  it('answers a taken name with ResourceInUse, which the SDK raises as its ResourceInUse error', async () => {
    await client.send(new CreateTrainingJobCommand(request()));

    const error = await client.send(new CreateTrainingJobCommand(request())).catch((e: unknown) => e);

    expect((error as Error).name).toBe('ResourceInUse');
    expect((error as Error).message).toMatch(/already exists/);
    expect(server.jobNames()).toEqual([name]);
  });

  it('refuses the next create with a queued service error', async () => {
    server.rejectNextCreate({ type: 'ResourceLimitExceeded', message: "The account-level service limit 'ml.p3.8xlarge for training job usage' is 0 Instances" });

    const error = await client.send(new CreateTrainingJobCommand(request())).catch((e: unknown) => e);
    const retry = await client.send(new CreateTrainingJobCommand(request()));

    expect((error as Error).name).toBe('ResourceLimitExceeded');
    expect(retry.TrainingJobArn).toContain(name);
  });

  it('requires the members the service requires', async () => {
    const answer = await raw(server.endpoint, 'CreateTrainingJob', { TrainingJobName: 'x' });

    expect(answer.status).toBe(400);
    expect(answer.json.__type).toBe('ValidationException');
    expect(answer.json.message).toMatch(/5 validation errors detected/);
  });

  it('records the requests it answered', async () => {
    await client.send(new CreateTrainingJobCommand(request()));
    await describeJob();
    await describeJob();

    expect(server.requests('DescribeTrainingJob')).toHaveLength(2);
    expect(server.requests().map((r) => [r.operation, r.status])).toEqual([
      ['CreateTrainingJob', 200],
      ['DescribeTrainingJob', 200],
      ['DescribeTrainingJob', 200],
    ]);
  });
});

describe('SageMaker timeline in process', () => {
  it('serves the SDK client without sockets through requestHandler()', async () => {
    const timeline = new SageMakerTimeline({ clock: new ManualClock(new Date('2025-01-06T09:00:00Z')) });
    const client = new SageMakerClient({ region: 'us-east-1', credentials: fakeCredentials, requestHandler: timeline.requestHandler() });
    await client.send(new CreateTrainingJobCommand(request()));
    timeline.advance(95);

    const job = await client.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));

    expect(job.SecondaryStatus).toBe('Training');
    expect(job.CreationTime).toEqual(new Date('2025-01-06T09:00:00Z'));
  });

  it('follows Date.now, and so vitest fake timers, with systemClock', async () => {
    vi.useFakeTimers({ now: new Date('2025-01-06T09:00:00Z') });
    try {
      const timeline = new SageMakerTimeline({ clock: systemClock });
      timeline.handle('SageMaker.CreateTrainingJob', JSON.stringify(request()));
      vi.advanceTimersByTime(700_000);

      expect(timeline.describe(name)?.SecondaryStatus).toBe('Uploading');
      expect(() => timeline.advance(1)).toThrow(/ManualClock/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('recomputes the timeline of an existing job given a new script', () => {
    const timeline = new SageMakerTimeline();
    timeline.handle('SageMaker.CreateTrainingJob', JSON.stringify(request()));
    timeline.script(name, [{ after: 10, secondary: 'Training' }, { after: 10, secondary: 'Completed' }]);
    timeline.advance(25);

    expect(timeline.describe(name)).toMatchObject({ TrainingJobStatus: 'Completed', TrainingTimeInSeconds: 10 });
  });
});
