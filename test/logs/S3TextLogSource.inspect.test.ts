/** How an S3TextLogSource, and what logSourceForJob returns, print in a REPL or a notebook. */
import { inspect } from 'node:util';
import { CloudWatchLogsClient, DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTrainingJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Clients } from '../../src/jobs/Clients';
import { logSourceForJob } from '../../src/logs/logSourceForJob';
import { S3TextLogSource } from '../../src/logs/S3TextLogSource';
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

beforeEach(() => {
  s3Mock.reset();
  sagemakerMock.reset();
  logsMock.reset();
  bucket = new FakeS3Bucket('fcncloudml').install();
  const description = { $metadata: {}, TrainingJobName: JOB, TrainingJobStatus: 'Completed', OutputDataConfig: { S3OutputPath: 's3://fcncloudml/' } };
  sagemakerMock.on(DescribeTrainingJobCommand).resolves(description as DescribeTrainingJobCommandOutput);
  logsMock.on(DescribeLogStreamsCommand).resolves({ logStreams: [{ logStreamName: `${JOB}/algo-1-1700000000` }] });
});

afterAll(() => {
  sagemakerMock.restore();
  logsMock.restore();
});

describe('S3TextLogSource in a REPL', () => {
  it('says the object or the prefix it reads, and sends nothing to say it', () => {
    const key = new S3TextLogSource({ client: s3Client, uri: 's3://fcncloudml/resnet50/train.log' });
    expect(inspect(key)).toBe('S3TextLogSource(s3://fcncloudml/resnet50/train.log)');
    expect(String(key)).toBe('S3TextLogSource(s3://fcncloudml/resnet50/train.log)');
    expect(`${new S3TextLogSource({ client: s3Client, uri: 's3://fcncloudml/resnet50/' })}`).toBe('S3TextLogSource(s3://fcncloudml/resnet50/)');
    expect(s3Mock.calls()).toHaveLength(0);
  });
});

describe('logSourceForJob in a REPL', () => {
  it("prints the S3 text log's prefix when the job wrote one", async () => {
    bucket.put(`${JOB}/log.txt`, 'Epoch 1/1\n');
    const source = await logSourceForJob(clients, JOB);
    expect(inspect(source)).toBe(`S3TextLogSource(s3://fcncloudml/${JOB}/)`);
  });

  it("prints the CloudWatch group and the job's streams otherwise", async () => {
    const source = await logSourceForJob(clients, JOB, { prefer: 'cloudwatch' });
    expect(String(source)).toBe(`CloudWatchLogSource(/aws/sagemaker/TrainingJobs, ${JOB}/*)`);
  });
});
