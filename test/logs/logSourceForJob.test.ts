import { gzipSync } from 'node:zlib';
import { CloudWatchLogsClient, CloudWatchLogsServiceException, DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { DescribeTrainingJobCommand, SageMakerClient, SageMakerServiceException } from '@aws-sdk/client-sagemaker';
import type { DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { InvalidJobNameError, LogNotFoundError, S3LogNotFoundError, TrainingJobNotFoundError } from '../../src/errors';
import type { Clients } from '../../src/jobs/Clients';
import { CloudWatchLogSource } from '../../src/logs/CloudWatchLogSource';
import { S3TextLogSource } from '../../src/logs/S3TextLogSource';
import { logSourceForJob } from '../../src/logs/logSourceForJob';
import { readLogText } from '../../src/logs/readLogText';
import { FakeS3Bucket, s3Client, s3Mock } from './fakeS3Bucket';

const JOB = 'resnet50-p3-gpu4-b512-e2';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const sagemakerMock = mockClient(SageMakerClient);
const logsMock = mockClient(CloudWatchLogsClient);
const clients: Clients = {
  sagemaker: new SageMakerClient({ region: 'us-east-1', credentials }),
  s3: s3Client,
  logs: new CloudWatchLogsClient({ region: 'us-east-1', credentials }),
};
let bucket: FakeS3Bucket;

function job(extra: Partial<DescribeTrainingJobCommandOutput> = {}): DescribeTrainingJobCommandOutput {
  return {
    $metadata: {},
    TrainingJobName: JOB,
    TrainingJobStatus: 'Completed',
    OutputDataConfig: { S3OutputPath: 's3://fcncloudml/' },
    ...extra,
  } as DescribeTrainingJobCommandOutput;
}

function logsError(name: string): CloudWatchLogsServiceException {
  return new CloudWatchLogsServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message: `${name} happened` });
}

function withStreams(...names: string[]): void {
  logsMock.on(DescribeLogStreamsCommand).resolves({ logStreams: names.map((logStreamName) => ({ logStreamName })) });
}

beforeEach(() => {
  s3Mock.reset();
  sagemakerMock.reset();
  logsMock.reset();
  bucket = new FakeS3Bucket('fcncloudml').install();
  sagemakerMock.on(DescribeTrainingJobCommand).resolves(job());
  withStreams();
});

afterAll(() => {
  sagemakerMock.restore();
  logsMock.restore();
});

describe('logSourceForJob', () => {
  it.each(['', 'bad_name', 'x'.repeat(64), '-dash'])('refuses the job name %j before any request', async (name) => {
    const error = await logSourceForJob(clients, name).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidJobNameError);
    expect(sagemakerMock.calls()).toHaveLength(0);
    expect(s3Mock.calls()).toHaveLength(0);
    expect(logsMock.calls()).toHaveLength(0);
  });

  it('returns the S3 text log under <S3OutputPath>/<job>/ when it has a log object', async () => {
    bucket.put(`${JOB}/training-log.txt`, 'Epoch 1/5\n').put(`${JOB}/output/model.tar.gz`, gzipSync('model'));
    withStreams(`${JOB}/algo-1-1700000000`);

    const source = await logSourceForJob(clients, JOB);

    expect(source).toBeInstanceOf(S3TextLogSource);
    expect(source).toMatchObject({ uri: `s3://fcncloudml/${JOB}/`, bucket: 'fcncloudml', prefix: `${JOB}/`, jobName: JOB });
    expect(await readLogText(source)).toBe('Epoch 1/5');
    expect(sagemakerMock).toHaveReceivedCommandWith(DescribeTrainingJobCommand, { TrainingJobName: JOB });
    expect(logsMock).not.toHaveReceivedCommand(DescribeLogStreamsCommand);
  });

  it.each([
    ['s3://fcncloudml/runs', `s3://fcncloudml/runs/${JOB}/`],
    ['s3://fcncloudml/runs/', `s3://fcncloudml/runs/${JOB}/`],
    ['s3://fcncloudml', `s3://fcncloudml/${JOB}/`],
  ])('joins S3OutputPath %s and the job name into %s', async (output, uri) => {
    sagemakerMock.on(DescribeTrainingJobCommand).resolves(job({ OutputDataConfig: { S3OutputPath: output } }));
    bucket.put(`${uri.slice('s3://fcncloudml/'.length)}log.txt`, 'x\n');

    const source = await logSourceForJob(clients, JOB);

    expect(source).toMatchObject({ uri });
  });

  it('passes the SageMaker client and job name so follow() ends when the job does', async () => {
    bucket.put(`${JOB}/log.txt`, 'last line\n');
    const source = await logSourceForJob(clients, JOB);
    sagemakerMock.resetHistory();

    const lines: string[] = [];
    for await (const event of source.follow({ pollIntervalMs: 1 })) lines.push(event.message);

    expect(lines).toEqual(['last line']);
    expect(sagemakerMock).toHaveReceivedCommandWith(DescribeTrainingJobCommand, { TrainingJobName: JOB });
  });

  it("falls back to the job's CloudWatch streams when S3 has no log object (model.tar.gz is not a log)", async () => {
    bucket.put(`${JOB}/output/model.tar.gz`, gzipSync('model'));
    withStreams(`${JOB}/algo-1-1700000000`);

    const source = await logSourceForJob(clients, JOB);

    expect(source).toBeInstanceOf(CloudWatchLogSource);
    expect(source).toMatchObject({ jobName: JOB, logGroupName: '/aws/sagemaker/TrainingJobs' });
    expect(logsMock).toHaveReceivedCommandWith(DescribeLogStreamsCommand, {
      logGroupName: '/aws/sagemaker/TrainingJobs',
      logStreamNamePrefix: `${JOB}/`,
    });
  });

  it('falls back to CloudWatch when the output bucket does not exist', async () => {
    bucket.exists = false;
    withStreams(`${JOB}/algo-1-1700000000`);

    await expect(logSourceForJob(clients, JOB)).resolves.toBeInstanceOf(CloudWatchLogSource);
  });

  it('uses CloudWatch for a job without an S3 output path', async () => {
    sagemakerMock.on(DescribeTrainingJobCommand).resolves(job({ OutputDataConfig: undefined }));
    withStreams(`${JOB}/algo-1-1700000000`);

    await expect(logSourceForJob(clients, JOB)).resolves.toBeInstanceOf(CloudWatchLogSource);
    expect(s3Mock).not.toHaveReceivedCommand(ListObjectsV2Command);
  });

  it('throws LogNotFoundError listing both places and why, when neither has a log', async () => {
    bucket.put(`${JOB}/output/model.tar.gz`, 'x');

    const error = await logSourceForJob(clients, JOB).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LogNotFoundError);
    expect(error).not.toBeInstanceOf(S3LogNotFoundError);
    const { where, jobName } = error as LogNotFoundError;
    expect(jobName).toBe(JOB);
    expect(where).toHaveLength(2);
    expect(where[0]).toContain(`s3://fcncloudml/${JOB}/`);
    expect(where[0]).toContain('model.tar.gz');
    expect(where[1]).toContain('/aws/sagemaker/TrainingJobs');
    expect(where[1]).toContain(`${JOB}/`);
    expect((error as Error).message).toContain(JOB);
  });

  it('says when the log group itself does not exist', async () => {
    logsMock.on(DescribeLogStreamsCommand).rejects(logsError('ResourceNotFoundException'));

    const error = (await logSourceForJob(clients, JOB).catch((e: unknown) => e)) as LogNotFoundError;

    expect(error).toBeInstanceOf(LogNotFoundError);
    expect(error.where[1]).toContain('log group does not exist');
    expect(error.where[0]).toContain('nothing there');
  });

  it('hints at following a job that is still running and has written nothing yet', async () => {
    sagemakerMock.on(DescribeTrainingJobCommand).resolves(job({ TrainingJobStatus: 'InProgress' }));

    const error = await logSourceForJob(clients, JOB).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LogNotFoundError);
    expect((error as Error).message).toContain('InProgress');
    expect((error as Error).message).toContain('CloudWatchLogSource');
  });

  describe("prefer: 's3'", () => {
    it('returns the S3 log without looking at CloudWatch', async () => {
      bucket.put(`${JOB}/log.txt`, 'x\n');
      await expect(logSourceForJob(clients, JOB, { prefer: 's3' })).resolves.toBeInstanceOf(S3TextLogSource);
      expect(logsMock).not.toHaveReceivedCommand(DescribeLogStreamsCommand);
    });

    it('throws S3LogNotFoundError naming bucket and prefix when S3 has no log, even if CloudWatch has one', async () => {
      withStreams(`${JOB}/algo-1-1700000000`);

      const error = await logSourceForJob(clients, JOB, { prefer: 's3' }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(S3LogNotFoundError);
      expect(error).toMatchObject({ reason: 'NoLogObjects', bucket: 'fcncloudml', prefix: `${JOB}/`, jobName: JOB });
      expect(logsMock).not.toHaveReceivedCommand(DescribeLogStreamsCommand);
    });

    it('throws S3LogNotFoundError naming the bucket when it does not exist', async () => {
      bucket.exists = false;
      const error = await logSourceForJob(clients, JOB, { prefer: 's3' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ reason: 'NoSuchBucket', bucket: 'fcncloudml' });
    });

    it('throws LogNotFoundError when the job has no S3 output path', async () => {
      sagemakerMock.on(DescribeTrainingJobCommand).resolves(job({ OutputDataConfig: undefined }));
      const error = await logSourceForJob(clients, JOB, { prefer: 's3' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LogNotFoundError);
      expect((error as Error).message).toContain('no S3 output path');
    });
  });

  describe("prefer: 'cloudwatch'", () => {
    it('returns the CloudWatch source even when S3 has a log, without listing S3', async () => {
      bucket.put(`${JOB}/log.txt`, 'x\n');
      withStreams(`${JOB}/algo-1-1700000000`);

      await expect(logSourceForJob(clients, JOB, { prefer: 'cloudwatch' })).resolves.toBeInstanceOf(CloudWatchLogSource);
      expect(s3Mock).not.toHaveReceivedCommand(ListObjectsV2Command);
    });

    it('throws LogNotFoundError naming the log group when there is no stream', async () => {
      bucket.put(`${JOB}/log.txt`, 'x\n');
      const error = (await logSourceForJob(clients, JOB, { prefer: 'cloudwatch' }).catch((e: unknown) => e)) as LogNotFoundError;
      expect(error).toBeInstanceOf(LogNotFoundError);
      expect(error.where).toEqual([`CloudWatch Logs /aws/sagemaker/TrainingJobs, streams ${JOB}/* (no stream)`]);
    });
  });

  it('throws TrainingJobNotFoundError for a job that does not exist', async () => {
    sagemakerMock
      .on(DescribeTrainingJobCommand)
      .rejects(new SageMakerServiceException({ name: 'ValidationException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'Requested resource not found.' }));

    const error = await logSourceForJob(clients, 'nope').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TrainingJobNotFoundError);
    expect(error).toMatchObject({ jobName: 'nope' });
  });

  it('retries a throttled DescribeTrainingJob', async () => {
    bucket.put(`${JOB}/log.txt`, 'x\n');
    sagemakerMock
      .on(DescribeTrainingJobCommand)
      .rejectsOnce(new SageMakerServiceException({ name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'Rate exceeded' }))
      .resolves(job());

    await expect(logSourceForJob(clients, JOB)).resolves.toBeInstanceOf(S3TextLogSource);
    expect(sagemakerMock).toHaveReceivedCommandTimes(DescribeTrainingJobCommand, 2);
  });

  it('rejects an unknown prefer value', async () => {
    await expect(logSourceForJob(clients, JOB, { prefer: 'disk' as 's3' })).rejects.toThrow(TypeError);
  });
});
