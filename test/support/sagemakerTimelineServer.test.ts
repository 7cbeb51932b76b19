import { spawn } from 'node:child_process';
import { Agent } from 'node:http';
import { connect } from 'node:net';
import {
  CreateTrainingJobCommand,
  type CreateTrainingJobCommandInput,
  DescribeTrainingJobCommand,
  ListTrainingJobsCommand,
  type ListTrainingJobsCommandInput,
  paginateListTrainingJobs,
  SageMakerClient,
  StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { seedRequest } from '../fixtures/seed';
import { fakeCredentials } from './fakeCredentials';
import {
  ManualClock,
  ScaledClock,
  SageMakerTimeline,
  type SageMakerTimelineOptions,
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

/** A job of the seed's shape with another name, and other members where given. */
const jobRequest = (jobName: string, overrides: Partial<CreateTrainingJobCommandInput> = {}): CreateTrainingJobCommandInput =>
  request({ TrainingJobName: jobName, ...overrides });
const onInstances = (InstanceType: string, InstanceCount = 1): Partial<CreateTrainingJobCommandInput> =>
  ({ ResourceConfig: { InstanceType, InstanceCount, VolumeSizeInGB: 16 } }) as Partial<CreateTrainingJobCommandInput>;

/** Starts a server with these options and an SDK client (maxAttempts 1) on it; both are closed after each test. */
function serverWith(): {
  start: (options?: SageMakerTimelineOptions, clientOptions?: { maxAttempts?: number; httpAgent?: Agent }) => Promise<{ server: SageMakerTimelineServer; client: SageMakerClient }>;
} {
  const opened: { server: SageMakerTimelineServer; client: SageMakerClient }[] = [];
  afterEach(async () => {
    for (const { server, client } of opened.splice(0)) {
      client.destroy();
      await server.stop();
    }
  });
  return {
    start: async (options = {}, clientOptions = {}) => {
      const server = await startSageMakerTimelineServer(options);
      const client = new SageMakerClient({
        endpoint: server.endpoint,
        region: 'us-east-1',
        credentials: fakeCredentials,
        maxAttempts: clientOptions.maxAttempts ?? 1,
        ...(clientOptions.httpAgent ? { requestHandler: { httpAgent: clientOptions.httpAgent } } : {}),
      });
      opened.push({ server, client });
      return { server, client };
    },
  };
}

/** Every job the listing gives, following NextToken to the end (pages may be short or empty). */
async function listAll(client: SageMakerClient, input: Omit<ListTrainingJobsCommandInput, 'NextToken'> = {}): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListTrainingJobs({ client }, input)) {
    names.push(...(page.TrainingJobSummaries ?? []).map((s) => s.TrainingJobName!));
  }
  return names;
}

/** The error a promise rejects with. */
const failure = (promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error & { $metadata?: { httpStatusCode?: number } },
  );

describe('SageMaker timeline ListTrainingJobs', () => {
  const servers = serverWith();

  it('lists the newest jobs first, ten to a page, each with the summary members of the API model', async () => {
    const { server, client } = await servers.start();
    const t0 = server.clock.now();
    for (let i = 1; i <= 12; i += 1) {
      await client.send(new CreateTrainingJobCommand(jobRequest(`list-job-${String(i).padStart(2, '0')}`)));
      if (i < 12) server.advance(10);
    }
    server.advance(615); // list-job-01 (720 s) has ended; list-job-12 is 615 s old: Training

    const first = await client.send(new ListTrainingJobsCommand({}));
    const second = await client.send(new ListTrainingJobsCommand({ NextToken: first.NextToken }));

    expect(first.TrainingJobSummaries?.map((s) => s.TrainingJobName)).toEqual(
      [12, 11, 10, 9, 8, 7, 6, 5, 4, 3].map((i) => `list-job-${String(i).padStart(2, '0')}`),
    );
    expect(first.NextToken).toEqual(expect.any(String));
    expect(first.TrainingJobSummaries?.[0]).toEqual({
      TrainingJobName: 'list-job-12',
      TrainingJobArn: 'arn:aws:sagemaker:us-east-1:123456789012:training-job/list-job-12',
      CreationTime: new Date(t0 + 110_000),
      LastModifiedTime: new Date(t0 + 110_000 + 90_000),
      TrainingJobStatus: 'InProgress',
      SecondaryStatus: 'Training',
    });
    expect(second.TrainingJobSummaries?.map((s) => s.TrainingJobName)).toEqual(['list-job-02', 'list-job-01']);
    expect(second.NextToken).toBeUndefined();
    expect(second.TrainingJobSummaries?.[1]).toEqual({
      TrainingJobName: 'list-job-01',
      TrainingJobArn: 'arn:aws:sagemaker:us-east-1:123456789012:training-job/list-job-01',
      CreationTime: new Date(t0),
      TrainingEndTime: new Date(t0 + 720_000),
      LastModifiedTime: new Date(t0 + 720_000),
      TrainingJobStatus: 'Completed',
      SecondaryStatus: 'Completed',
    });
  });

  it('filters by NameContains without regard to case, by StatusEquals and by creation and modification times', async () => {
    const { server, client } = await servers.start();
    server.script('Sweep-A-1', [{ after: 100, secondary: 'Completed' }]);
    await client.send(new CreateTrainingJobCommand(jobRequest('Sweep-A-1')));
    server.advance(50);
    const secondCreated = new Date(server.clock.now());
    await client.send(new CreateTrainingJobCommand(jobRequest('sweep-a-2')));
    server.advance(50);
    await client.send(new CreateTrainingJobCommand(jobRequest('other-1')));
    server.advance(1); // Sweep-A-1 Completed 1 s ago; the others still Starting
    const names = async (input: ListTrainingJobsCommandInput) =>
      ((await client.send(new ListTrainingJobsCommand({ MaxResults: 100, ...input }))).TrainingJobSummaries ?? []).map((s) => s.TrainingJobName);

    expect(await names({ NameContains: 'SWEEP-a' })).toEqual(['sweep-a-2', 'Sweep-A-1']);
    expect(await names({ StatusEquals: 'Completed' })).toEqual(['Sweep-A-1']);
    expect(await names({ StatusEquals: 'InProgress', NameContains: 'sweep' })).toEqual(['sweep-a-2']);
    expect(await names({ CreationTimeAfter: secondCreated })).toEqual(['other-1']);
    expect(await names({ CreationTimeBefore: secondCreated })).toEqual(['Sweep-A-1']);
    expect(await names({ LastModifiedTimeAfter: new Date(secondCreated.getTime() + 1) })).toEqual(['other-1', 'Sweep-A-1']);
    expect(await names({ LastModifiedTimeBefore: new Date(secondCreated.getTime() + 1) })).toEqual(['sweep-a-2']);
    expect(await names({ NameContains: 'nothing' })).toEqual([]);
  });

  it('sorts by Name, CreationTime and Status, in either order', async () => {
    const { server, client } = await servers.start();
    server.script('b-job', [{ after: 10, secondary: 'Failed', failureReason: 'AlgorithmError: exit 1' }]);
    for (const jobName of ['c-job', 'a-job', 'b-job']) {
      await client.send(new CreateTrainingJobCommand(jobRequest(jobName)));
      server.advance(20);
    }
    const names = async (input: ListTrainingJobsCommandInput) =>
      ((await client.send(new ListTrainingJobsCommand(input))).TrainingJobSummaries ?? []).map((s) => s.TrainingJobName);

    expect(await names({ SortBy: 'Name' })).toEqual(['c-job', 'b-job', 'a-job']);
    expect(await names({ SortBy: 'Name', SortOrder: 'Ascending' })).toEqual(['a-job', 'b-job', 'c-job']);
    expect(await names({ SortOrder: 'Ascending' })).toEqual(['c-job', 'a-job', 'b-job']);
    expect(await names({ SortBy: 'CreationTime' })).toEqual(['b-job', 'a-job', 'c-job']);
    expect(await names({ SortBy: 'Status', SortOrder: 'Ascending' })).toEqual(['b-job', 'c-job', 'a-job']); // Failed < InProgress
    expect(await names({ SortBy: 'Status', SortOrder: 'Descending' })).toEqual(['a-job', 'c-job', 'b-job']);
  });

  it('cuts each page before filtering it by NameContains or StatusEquals, as the service does, so an empty page may carry a NextToken', async () => {
    const { server, client } = await servers.start();
    await client.send(new CreateTrainingJobCommand(jobRequest('wanted-1')));
    for (let i = 1; i <= 5; i += 1) {
      server.advance(1);
      await client.send(new CreateTrainingJobCommand(jobRequest(`noise-${i}`)));
    }

    const first = await client.send(new ListTrainingJobsCommand({ NameContains: 'wanted', MaxResults: 2 }));

    expect(first.TrainingJobSummaries).toEqual([]);
    expect(first.NextToken).toEqual(expect.any(String));
    expect(await listAll(client, { NameContains: 'wanted', MaxResults: 2 })).toEqual(['wanted-1']);
    expect(await listAll(client, { StatusEquals: 'InProgress', MaxResults: 4 })).toHaveLength(6);
  });

  it('fills every page with fullListPages: true', async () => {
    const { server, client } = await servers.start({ fullListPages: true });
    await client.send(new CreateTrainingJobCommand(jobRequest('wanted-1')));
    for (let i = 1; i <= 5; i += 1) {
      server.advance(1);
      await client.send(new CreateTrainingJobCommand(jobRequest(`noise-${i}`)));
    }

    const first = await client.send(new ListTrainingJobsCommand({ NameContains: 'wanted', MaxResults: 2 }));

    expect(first.TrainingJobSummaries?.map((s) => s.TrainingJobName)).toEqual(['wanted-1']);
    expect(first.NextToken).toBeUndefined();
  });

  it('pages through 250 jobs with MaxResults 100 giving each exactly once, even when jobs are created between pages', async () => {
    const { server, client } = await servers.start();
    const created = Array.from({ length: 250 }, (_, i) => `page-job-${i}`);
    await Promise.all(created.map((jobName) => client.send(new CreateTrainingJobCommand(jobRequest(jobName)))));
    const seen: string[] = [];
    const sizes: number[] = [];
    let token: string | undefined;
    let page = 0;
    do {
      const answer = await client.send(new ListTrainingJobsCommand({ MaxResults: 100, NextToken: token }));
      sizes.push(answer.TrainingJobSummaries?.length ?? 0);
      seen.push(...(answer.TrainingJobSummaries ?? []).map((s) => s.TrainingJobName!));
      token = answer.NextToken;
      page += 1;
      if (page === 1) {
        // Newer jobs come before the cursor in the default order: they neither repeat nor shift a page.
        server.advance(1);
        await client.send(new CreateTrainingJobCommand(jobRequest('late-job-1')));
      }
    } while (token !== undefined);

    expect(sizes).toEqual([100, 100, 50]);
    expect(seen).toHaveLength(250);
    expect(new Set(seen)).toEqual(new Set(created));
    expect(await listAll(client, { MaxResults: 100, SortBy: 'Name', SortOrder: 'Ascending' })).toEqual([...created, 'late-job-1'].sort());
  });

  it('refuses a NextToken it did not give, one given for another sort, and MaxResults, SortBy or NameContains out of their range', async () => {
    const { server, client } = await servers.start();
    for (let i = 0; i < 3; i += 1) await client.send(new CreateTrainingJobCommand(jobRequest(`token-job-${i}`)));
    const byName = await client.send(new ListTrainingJobsCommand({ SortBy: 'Name', MaxResults: 1 }));
    const token = byName.NextToken!;
    const tampered = `${token.slice(0, 4)}${token[4] === 'A' ? 'B' : 'A'}${token.slice(5)}`;
    const list = (body: Record<string, unknown>) => raw(server.endpoint, 'ListTrainingJobs', body);
    const invalidToken = { status: 400, json: { __type: 'ValidationException', message: 'Invalid pagination token.' } };

    expect(await list({ NextToken: 'bogus' })).toEqual(invalidToken);
    expect(await list({ SortBy: 'Name', MaxResults: 1, NextToken: tampered })).toEqual(invalidToken);
    expect(await list({ MaxResults: 1, NextToken: token })).toEqual(invalidToken);
    expect((await list({ SortBy: 'Name', MaxResults: 1, NextToken: token })).status).toBe(200);
    expect(await list({ MaxResults: 0 })).toEqual({
      status: 400,
      json: {
        __type: 'ValidationException',
        message: "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
      },
    });
    expect((await list({ MaxResults: 101, SortBy: 'Size' })).json).toEqual({
      __type: 'ValidationException',
      message:
        "2 validation errors detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100; " +
        "Value 'Size' at 'sortBy' failed to satisfy constraint: Member must satisfy enum value set: [Name, CreationTime, Status]",
    });
    expect((await list({ NameContains: 'under_score' })).json.message).toMatch(/at 'nameContains' failed to satisfy constraint: Member must satisfy regular expression pattern/);
  });
});

describe('SageMaker timeline instance quotas', () => {
  const servers = serverWith();
  const limitMessage = (type: string, quota: number, used: number, delta: number, spot = false) =>
    `The account-level service limit '${type} for ${spot ? 'spot ' : ''}training job usage' is ${quota} Instances, with current utilization of ${used} Instances ` +
    `and a request delta of ${delta} Instances. Please use AWS Service Quotas to request an increase for this quota. ` +
    'If AWS Service Quotas is not available, contact AWS support to request an increase for this quota.';

  it("refuses a create past the type's quota with the service's ResourceLimitExceeded answer, and creates nothing", async () => {
    const { server, client } = await servers.start({ quotas: { 'ml.p3.2xlarge': 2 } });
    await client.send(new CreateTrainingJobCommand(jobRequest('quota-1', onInstances('ml.p3.2xlarge'))));
    await client.send(new CreateTrainingJobCommand(jobRequest('quota-2', onInstances('ml.p3.2xlarge'))));

    const refused = await raw(server.endpoint, 'CreateTrainingJob', jobRequest('quota-3', onInstances('ml.p3.2xlarge')));
    const viaSdk = await failure(client.send(new CreateTrainingJobCommand(jobRequest('quota-3', onInstances('ml.p3.2xlarge')))));

    expect(refused).toEqual({
      status: 400,
      json: {
        __type: 'ResourceLimitExceeded',
        message:
          "The account-level service limit 'ml.p3.2xlarge for training job usage' is 2 Instances, with current utilization of 2 Instances and a request delta of " +
          '1 Instances. Please use AWS Service Quotas to request an increase for this quota. If AWS Service Quotas is not available, contact AWS support to request an increase for this quota.',
      },
    });
    expect(viaSdk.name).toBe('ResourceLimitExceeded');
    expect(server.jobNames()).toEqual(['quota-1', 'quota-2']);
    expect(server.inUse('ml.p3.2xlarge')).toBe(2);
  });

  it('gives the instances back when a job ends, and counts a Stopping job as in use until it is Stopped', async () => {
    const { server, client } = await servers.start({ quotas: { 'ml.p3.2xlarge': 2 }, stopSeconds: 30 });
    server.script('short', [{ after: 100, secondary: 'Completed' }]);
    await client.send(new CreateTrainingJobCommand(jobRequest('short', onInstances('ml.p3.2xlarge'))));
    await client.send(new CreateTrainingJobCommand(jobRequest('long', onInstances('ml.p3.2xlarge'))));
    const create = (jobName: string) => client.send(new CreateTrainingJobCommand(jobRequest(jobName, onInstances('ml.p3.2xlarge'))));

    expect((await failure(create('third'))).message).toBe(limitMessage('ml.p3.2xlarge', 2, 2, 1));
    server.advance(100);
    await create('third');
    await client.send(new StopTrainingJobCommand({ TrainingJobName: 'long' }));
    expect((await failure(create('fourth'))).message).toBe(limitMessage('ml.p3.2xlarge', 2, 2, 1));
    server.advance(30);
    await create('fourth');

    expect(server.jobNames()).toEqual(['short', 'long', 'third', 'fourth']);
    expect(server.inUse('ml.p3.2xlarge')).toBe(2);
  });

  it('counts InstanceCount and every instance group of a heterogeneous cluster against its own type, and applies defaultQuota to the types not named', async () => {
    const { server, client } = await servers.start({ quotas: { 'ml.p3.2xlarge': 4, 'ml.c5.xlarge': 2 }, defaultQuota: 1 });
    const groups = (p3: number, c5: number) =>
      ({
        ResourceConfig: {
          VolumeSizeInGB: 16,
          InstanceGroups: [
            { InstanceGroupName: 'gpu', InstanceType: 'ml.p3.2xlarge', InstanceCount: p3 },
            { InstanceGroupName: 'cpu', InstanceType: 'ml.c5.xlarge', InstanceCount: c5 },
          ],
        },
      }) as Partial<CreateTrainingJobCommandInput>;
    await client.send(new CreateTrainingJobCommand(jobRequest('hetero-1', groups(2, 2))));

    const overCpu = await failure(client.send(new CreateTrainingJobCommand(jobRequest('hetero-2', groups(1, 1)))));
    const overDefault = await failure(client.send(new CreateTrainingJobCommand(jobRequest('g5-job', onInstances('ml.g5.xlarge', 2)))));
    await client.send(new CreateTrainingJobCommand(jobRequest('p3-job', onInstances('ml.p3.2xlarge', 2))));

    expect(overCpu.message).toBe(limitMessage('ml.c5.xlarge', 2, 2, 1));
    expect(overDefault.message).toBe(limitMessage('ml.g5.xlarge', 1, 0, 2));
    expect(server.inUse('ml.p3.2xlarge')).toBe(4);
    expect(server.inUse('ml.c5.xlarge')).toBe(2);
    expect(server.createdJobs().map((job) => [job.name, job.instances])).toEqual([
      ['hetero-1', { 'ml.p3.2xlarge': 2, 'ml.c5.xlarge': 2 }],
      ['p3-job', { 'ml.p3.2xlarge': 2 }],
    ]);
  });

  it('limits managed spot jobs by spotQuotas, under the spot quota name, apart from on-demand ones', async () => {
    const { client } = await servers.start({ quotas: { 'ml.p3.2xlarge': 1 }, spotQuotas: { 'ml.p3.2xlarge': 1 } });
    const spot = (jobName: string) =>
      jobRequest(jobName, { ...onInstances('ml.p3.2xlarge'), EnableManagedSpotTraining: true, StoppingCondition: { MaxRuntimeInSeconds: 3600, MaxWaitTimeInSeconds: 7200 } });
    await client.send(new CreateTrainingJobCommand(jobRequest('on-demand-1', onInstances('ml.p3.2xlarge'))));
    await client.send(new CreateTrainingJobCommand(spot('spot-1')));

    const refused = await failure(client.send(new CreateTrainingJobCommand(spot('spot-2'))));

    expect(refused.message).toBe(limitMessage('ml.p3.2xlarge', 1, 1, 1, true));
  });

  it('reports the peak of instances in use at once, exactly, from the jobs intervals', async () => {
    const { server, client } = await servers.start();
    const create = async (jobName: string, count: number) => {
      server.script(jobName, [{ after: 100, secondary: 'Completed' }]);
      await client.send(new CreateTrainingJobCommand(jobRequest(jobName, onInstances('ml.p3.2xlarge', count))));
    };
    await create('peak-a', 2); // [0, 100)
    server.advance(50);
    await create('peak-b', 1); // [50, 150): 3 in use
    server.advance(50);
    await create('peak-c', 2); // [100, 200): peak-a has just ended, so 3, not 5
    expect(server.peakInUse('ml.p3.2xlarge')).toBe(3);
    server.advance(10);
    await create('peak-d', 1); // [110, 210): 4
    server.advance(1000);

    expect(server.inUse('ml.p3.2xlarge')).toBe(0);
    expect(server.peakInUse('ml.p3.2xlarge')).toBe(4);
    expect(server.peakInUse('ml.p3.2xlarge', 'spot')).toBe(0);
    expect(server.peakInUse('ml.c5.xlarge')).toBe(0);
  });
});

describe('SageMaker timeline on a ScaledClock', () => {
  const servers = serverWith();

  it('runs scale times faster than Date.now, from the start it is given', () => {
    vi.useFakeTimers({ now: new Date('2025-01-06T09:00:00Z') });
    try {
      const fromNow = new ScaledClock(1000);
      const from2030 = new ScaledClock(60, new Date('2030-01-01T00:00:00Z'));
      vi.advanceTimersByTime(600);

      expect(fromNow.now()).toBe(new Date('2025-01-06T09:10:00Z').getTime());
      expect(from2030.now()).toBe(new Date('2030-01-01T00:00:36Z').getTime());
      expect(() => new ScaledClock(0)).toThrow(RangeError);
      expect(() => new ScaledClock(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    } finally {
      vi.useRealTimers();
    }
  });

  it('takes a 600 s job through its timeline in about 0.6 s of real time at scale 1000, and still bills 600 s', async () => {
    const { server, client } = await servers.start({ clock: new ScaledClock(1000) });
    server.script('fast-job', [
      { after: 0, secondary: 'Training' },
      { after: 600, secondary: 'Completed' },
    ]);
    const started = Date.now();
    await client.send(new CreateTrainingJobCommand(jobRequest('fast-job')));
    let job = await client.send(new DescribeTrainingJobCommand({ TrainingJobName: 'fast-job' }));
    const seen = new Set<string>();
    while (job.TrainingJobStatus === 'InProgress') {
      seen.add(job.SecondaryStatus!);
      await new Promise((resolve) => setTimeout(resolve, 20));
      job = await client.send(new DescribeTrainingJobCommand({ TrainingJobName: 'fast-job' }));
    }
    const elapsed = Date.now() - started;

    expect(job).toMatchObject({ TrainingJobStatus: 'Completed', TrainingTimeInSeconds: 600, BillableTimeInSeconds: 600 });
    expect(seen.has('Training')).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(590);
    expect(elapsed).toBeLessThan(5_000);
    expect(() => server.advance(1)).toThrow(/ManualClock/);
  });
});

describe('SageMaker timeline seeded faults', () => {
  const servers = serverWith();
  const outcome = (promise: Promise<unknown>): Promise<string> =>
    promise.then(
      () => 'ok',
      (error: Error & { $metadata?: { httpStatusCode?: number } }) => `${error.name}/${error.$metadata?.httpStatusCode}`,
    );

  /** Creates then describes 60 jobs, in order or all at once; the outcome of each request, by job. */
  async function run(seed: number, concurrent = false): Promise<{ outcomes: Record<string, string>; jobs: string[] }> {
    const { server, client } = await servers.start({ faults: { seed, throttleRate: 0.2, errorRate: 0.1 } });
    const names = Array.from({ length: 60 }, (_, i) => `fault-job-${i}`);
    const outcomes: Record<string, string> = {};
    const step = async (jobName: string) => {
      outcomes[`create ${jobName}`] = await outcome(client.send(new CreateTrainingJobCommand(jobRequest(jobName))));
      outcomes[`describe ${jobName}`] = await outcome(client.send(new DescribeTrainingJobCommand({ TrainingJobName: jobName })));
    };
    if (concurrent) await Promise.all(names.map(step));
    else for (const jobName of names) await step(jobName);
    return { outcomes, jobs: server.jobNames().sort() };
  }

  it('throttles (400) and fails (500) a seeded fraction of requests before doing anything, the same ones for the same seed in any order', async () => {
    const first = await run(42);
    const again = await run(42, true);
    const other = await run(43);
    const values = Object.values(first.outcomes);
    const throttled = values.filter((v) => v === 'ThrottlingException/400').length;
    const failed = values.filter((v) => v === 'InternalFailure/500').length;
    const createdOk = Object.entries(first.outcomes)
      .filter(([key, value]) => key.startsWith('create ') && value === 'ok')
      .map(([key]) => key.slice('create '.length))
      .sort();

    expect(again.outcomes).toEqual(first.outcomes);
    expect(other.outcomes).not.toEqual(first.outcomes);
    expect(new Set(values)).toEqual(new Set(['ok', 'ThrottlingException/400', 'InternalFailure/500', 'ValidationException/400']));
    expect(throttled).toBeGreaterThan(10);
    expect(throttled).toBeLessThan(45);
    expect(failed).toBeGreaterThan(3);
    expect(failed).toBeLessThan(25);
    expect(first.jobs).toEqual(createdOk); // a refused create created nothing
  });

  it('faults only the operations it is given', async () => {
    const { server, client } = await servers.start({ faults: { seed: 1, throttleRate: 1, operations: ['DescribeTrainingJob'] } });
    await client.send(new CreateTrainingJobCommand(jobRequest('only-describe')));

    const describeError = await failure(client.send(new DescribeTrainingJobCommand({ TrainingJobName: 'only-describe' })));
    const listed = await client.send(new ListTrainingJobsCommand({}));

    expect(describeError.name).toBe('ThrottlingException');
    expect(describeError.message).toBe('Rate exceeded');
    expect(listed.TrainingJobSummaries).toHaveLength(1);
    expect(server.requests().map((r) => [r.operation, r.status, r.fault])).toEqual([
      ['CreateTrainingJob', 200, undefined],
      ['DescribeTrainingJob', 400, 'throttle'],
      ['ListTrainingJobs', 200, undefined],
    ]);
  });

  it('loses the answer of a create it has done: the client gets a 500, the job exists, and the retry meets ResourceInUse', async () => {
    const { server, client } = await servers.start({ faults: { seed: 5, loseCreateAnswerRate: 1 } });

    const lost = await failure(client.send(new CreateTrainingJobCommand(jobRequest('lost-answer'))));
    const exists = await client.send(new DescribeTrainingJobCommand({ TrainingJobName: 'lost-answer' }));
    const retry = await failure(client.send(new CreateTrainingJobCommand(jobRequest('lost-answer'))));

    expect(lost.name).toBe('InternalFailure');
    expect(lost.$metadata?.httpStatusCode).toBe(500);
    expect(exists.TrainingJobStatus).toBe('InProgress');
    expect(retry.name).toBe('ResourceInUse');
    expect(server.createAttempts('lost-answer')).toBe(2);
    expect(server.createdJobs().map((job) => [job.name, job.createAttempts])).toEqual([['lost-answer', 2]]);
    expect(server.requests('CreateTrainingJob').map((r) => [r.status, r.error, r.fault])).toEqual([
      [500, 'InternalFailure', 'lostAnswer'],
      [400, 'ResourceInUse', undefined],
    ]);
  });

  it('lets the SDK retry a lost create into ResourceInUse, never into a second job', async () => {
    const { server, client } = await servers.start({ faults: { seed: 5, loseCreateAnswerRate: 1 } }, { maxAttempts: 3 });

    const error = await failure(client.send(new CreateTrainingJobCommand(jobRequest('retried-create'))));

    expect(error.name).toBe('ResourceInUse');
    expect(server.createAttempts('retried-create')).toBe(2);
    expect(server.jobNames()).toEqual(['retried-create']);
  });

  it('refuses fault rates outside 0..1', () => {
    expect(() => new SageMakerTimeline({ faults: { seed: 1, throttleRate: 1.5 } })).toThrow(RangeError);
    expect(() => new SageMakerTimeline({ faults: { seed: 1, throttleRate: 0.6, errorRate: 0.6 } })).toThrow(RangeError);
    expect(() => new SageMakerTimeline({ faults: { seed: 1, loseCreateAnswerRate: -0.1 } })).toThrow(RangeError);
  });
});

describe('SageMaker timeline scripts by rule', () => {
  const servers = serverWith();

  it('scripts each job at creation by scriptFor: every -b1024- job runs out of GPU memory, durations follow the instance type', async () => {
    const rule = vi.fn((jobName: string, input: Record<string, unknown>) => {
      if (jobName.includes('-b1024-')) return standardTimeline({ training: 120, end: { failed: 'AlgorithmError: CUDA out of memory' } });
      const type = (input.ResourceConfig as { InstanceType?: string }).InstanceType;
      return standardTimeline({ training: type === 'ml.p3.8xlarge' ? 300 : 900 });
    });
    const { server, client } = await servers.start({ scriptFor: rule });
    await client.send(new CreateTrainingJobCommand(jobRequest('r50-b1024-e1', onInstances('ml.p3.8xlarge'))));
    await client.send(new CreateTrainingJobCommand(jobRequest('r50-b512-e1', onInstances('ml.p3.8xlarge'))));
    await client.send(new CreateTrainingJobCommand(jobRequest('r50-b512-e2', onInstances('ml.p3.2xlarge'))));
    server.advance(2000);
    const describeJob = (jobName: string) => client.send(new DescribeTrainingJobCommand({ TrainingJobName: jobName }));

    expect(await describeJob('r50-b1024-e1')).toMatchObject({ TrainingJobStatus: 'Failed', FailureReason: 'AlgorithmError: CUDA out of memory' });
    expect(await describeJob('r50-b512-e1')).toMatchObject({ TrainingJobStatus: 'Completed', TrainingTimeInSeconds: 360 });
    expect(await describeJob('r50-b512-e2')).toMatchObject({ TrainingJobStatus: 'Completed', TrainingTimeInSeconds: 960 });
    expect(rule).toHaveBeenCalledTimes(3);
    expect(rule.mock.calls[0]?.[1]).toMatchObject({ TrainingJobName: 'r50-b1024-e1', HyperParameters: seedRequest.HyperParameters });
  });

  it('prefers a script(name) to the rule, and the default script to a rule that gives undefined', async () => {
    const { server, client } = await servers.start({ scriptFor: (jobName) => (jobName.startsWith('ruled') ? [{ after: 5, secondary: 'Completed' }] : undefined) });
    server.script('ruled-but-named', [{ after: 5, secondary: 'Failed', failureReason: 'AlgorithmError: named' }]);
    for (const jobName of ['ruled-1', 'ruled-but-named', 'default-1']) await client.send(new CreateTrainingJobCommand(jobRequest(jobName)));
    server.advance(10);

    expect(server.describe('ruled-1')?.TrainingJobStatus).toBe('Completed');
    expect(server.describe('ruled-but-named')?.FailureReason).toBe('AlgorithmError: named');
    expect(server.describe('default-1')?.SecondaryStatus).toBe('Starting');
  });

  it('answers a rule that throws with a 500 naming its error, creates nothing and keeps serving', async () => {
    const { server, client } = await servers.start({
      scriptFor: (jobName) => {
        if (jobName === 'boom') throw new Error('no script for boom');
        return undefined;
      },
    });

    const answer = await raw(server.endpoint, 'CreateTrainingJob', jobRequest('boom'));
    await client.send(new CreateTrainingJobCommand(jobRequest('fine')));

    expect(answer).toEqual({ status: 500, json: { __type: 'InternalFailure', message: 'timeline endpoint: no script for boom' } });
    expect(server.jobNames()).toEqual(['fine']);
  });
});

describe('SageMaker timeline request accounting', () => {
  const servers = serverWith();

  it('counts the requests it answered per operation, errors and faults included, and splits successes from errors', async () => {
    const { server, client } = await servers.start({ faults: { seed: 9, throttleRate: 1, operations: ['StopTrainingJob'] } });
    await client.send(new CreateTrainingJobCommand(jobRequest('counted')));
    await failure(client.send(new CreateTrainingJobCommand(jobRequest('counted'))));
    await client.send(new DescribeTrainingJobCommand({ TrainingJobName: 'counted' }));
    await failure(client.send(new DescribeTrainingJobCommand({ TrainingJobName: 'missing' })));
    await client.send(new ListTrainingJobsCommand({}));
    await failure(client.send(new StopTrainingJobCommand({ TrainingJobName: 'counted' })));

    expect(server.counts()).toEqual({ CreateTrainingJob: 2, DescribeTrainingJob: 2, ListTrainingJobs: 1, StopTrainingJob: 1 });
    expect(server.countsByStatus()).toEqual({
      CreateTrainingJob: { ok: 1, errors: 1, byStatus: { 200: 1, 400: 1 }, byError: { ResourceInUse: 1 } },
      DescribeTrainingJob: { ok: 1, errors: 1, byStatus: { 200: 1, 400: 1 }, byError: { ValidationException: 1 } },
      ListTrainingJobs: { ok: 1, errors: 0, byStatus: { 200: 1 }, byError: {} },
      StopTrainingJob: { ok: 0, errors: 1, byStatus: { 400: 1 }, byError: { ThrottlingException: 1 } },
    });
    expect(server.createAttempts('counted')).toBe(2);
    expect(server.createAttempts('never-asked')).toBe(0);

    server.reset();
    expect(server.counts()).toEqual({ CreateTrainingJob: 0, DescribeTrainingJob: 0, ListTrainingJobs: 0, StopTrainingJob: 0 });
  });

  it('keeps no request log with recordRequests: false, and only the newest requests with requestLogLimit', () => {
    const unlogged = new SageMakerTimeline({ recordRequests: false });
    const bounded = new SageMakerTimeline({ requestLogLimit: 3 });
    for (const timeline of [unlogged, bounded]) {
      for (let i = 0; i < 10; i += 1) timeline.handle('SageMaker.DescribeTrainingJob', JSON.stringify({ TrainingJobName: `job-${i}` }));
    }

    expect(unlogged.requests()).toEqual([]);
    expect(unlogged.counts().DescribeTrainingJob).toBe(10);
    expect(bounded.requests().map((r) => r.jobName)).toEqual(['job-7', 'job-8', 'job-9']);
    expect(bounded.counts().DescribeTrainingJob).toBe(10);
  });
});

describe('SageMaker timeline connections', () => {
  const servers = serverWith();

  /** Opens a raw TCP connection to the server and writes `text`; resolves once it is flushed. */
  const send = (port: number, text: string) =>
    new Promise<ReturnType<typeof connect>>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(text, () => resolve(socket)));
      socket.on('error', reject);
    });
  const head = (operation: string, length: number) =>
    `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: SageMaker.${operation}\r\nContent-Length: ${length}\r\n\r\n`;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

  it('survives a client socket destroyed mid-request, and one that leaves before its answer', async () => {
    const { server, client } = await servers.start();
    const body = JSON.stringify(jobRequest('vanished-create'));

    const partial = await send(server.port, head('CreateTrainingJob', Buffer.byteLength(body)) + body.slice(0, 40));
    await settle();
    partial.destroy();
    await settle();
    expect(server.counts().CreateTrainingJob).toBe(0);
    expect(server.jobNames()).toEqual([]);

    // Received whole, the request is done though nobody reads the answer: the job exists.
    const whole = await send(server.port, head('CreateTrainingJob', Buffer.byteLength(body)) + body);
    whole.destroy();
    await settle();
    expect(server.jobNames()).toEqual(['vanished-create']);

    const created = await client.send(new CreateTrainingJobCommand(jobRequest('after-vanishing')));
    expect(created.TrainingJobArn).toContain('after-vanishing');
    expect(server.jobNames()).toEqual(['vanished-create', 'after-vanishing']);
    expect(server.createAttempts('vanished-create')).toBe(1);
  });

  it('survives a client process killed with SIGKILL mid-request, and keeps its jobs for the next client', async () => {
    const { server, client } = await servers.start();
    await client.send(new CreateTrainingJobCommand(jobRequest('kept-job')));
    const body = JSON.stringify(jobRequest('killed-create'));
    const script = `
      const socket = require('node:net').connect(${server.port}, '127.0.0.1', () => {
        socket.write(${JSON.stringify(head('CreateTrainingJob', Buffer.byteLength(body)) + body.slice(0, 50))}, () => console.log('sent'));
      });
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('sent')) resolve();
      });
      child.on('error', reject);
    });
    const exited = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL');

    expect(await exited).toBe('SIGKILL');
    await settle();
    expect((await client.send(new DescribeTrainingJobCommand({ TrainingJobName: 'kept-job' }))).TrainingJobName).toBe('kept-job');
    expect(server.jobNames()).toEqual(['kept-job']);
  });

  it('serves 200 concurrent requests over many keep-alive connections', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 200 });
    try {
      const { server, client } = await servers.start({}, { httpAgent: agent });
      const names = Array.from({ length: 200 }, (_, i) => `concurrent-${i}`);

      const created = await Promise.all(names.map((jobName) => client.send(new CreateTrainingJobCommand(jobRequest(jobName)))));
      const described = await Promise.all(names.map((jobName) => client.send(new DescribeTrainingJobCommand({ TrainingJobName: jobName }))));
      const connections = Object.values(agent.freeSockets).reduce((n, sockets) => n + (sockets?.length ?? 0), 0);

      expect(created.every((c) => c.TrainingJobArn !== undefined)).toBe(true);
      expect(described.map((d) => d.TrainingJobName)).toEqual(names);
      expect(server.countsByStatus().CreateTrainingJob).toMatchObject({ ok: 200, errors: 0 });
      expect(connections).toBeGreaterThan(50);
    } finally {
      agent.destroy();
    }
  });
});
