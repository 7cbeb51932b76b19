/**
 * parseTrainingLog over the real log sources, with the real SDK clients against moto: every
 * fixture log stored as the S3 text file a training script writes (read back in pieces of a
 * small maxLineBytes) and as the CloudWatch stream SageMaker writes (control characters escaped
 * as #015, #010, #033, one event per line with its timestamp) gives what the fixture says, and
 * the same as the log text parsed from memory.
 */
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clients } from '../../src/jobs/Clients';
import { createClients } from '../../src/jobs/createClients';
import { CloudWatchLogSource } from '../../src/logs/CloudWatchLogSource';
import { S3TextLogSource } from '../../src/logs/S3TextLogSource';
import { parseTrainingLog } from '../../src/metrics/parseTrainingLog';
import type { TrainingMetrics } from '../../src/metrics/TrainingMetrics';
import { fakeCredentials } from '../support/fakeCredentials';
import { type MotoServer, motoAvailable, startMoto } from '../support/moto';
import { escapeLikeCloudWatch } from './fixtures/escapeLikeCloudWatch';
import { huggingfaceFixtures } from './fixtures/huggingface';
import { kerasFixtures } from './fixtures/keras';
import { lightningFixtures } from './fixtures/lightning';
import type { LogFixture } from './fixtures/LogFixture';
import { pytorchFixtures } from './fixtures/pytorch';

const moto = motoAvailable();
if (!moto.ok) console.warn(`parseTrainingLog integration tests skipped: ${moto.reason}`);

const BUCKET = 'metrics-fixtures';
const GROUP = '/aws/sagemaker/TrainingJobs';
const all: LogFixture[] = [...kerasFixtures, ...pytorchFixtures, ...lightningFixtures, ...huggingfaceFixtures];

/** Epochs and finals in a form toEqual compares exactly (NaN kept). */
function essentials(result: TrainingMetrics): unknown {
  return JSON.parse(
    JSON.stringify({ format: result.format, epochs: result.epochs, final: result.final, trainingSeconds: result.trainingSeconds }, (_k, v: unknown) =>
      typeof v === 'number' && !Number.isFinite(v) ? `#${String(v)}` : v,
    ),
  );
}

function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

describe.skipIf(!moto.ok)('parseTrainingLog against moto', () => {
  let server: MotoServer;
  let clients: Clients;

  beforeAll(async () => {
    server = await startMoto();
    clients = createClients({ endpoint: server.endpoint, region: 'us-east-1', credentials: fakeCredentials });
    await clients.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await clients.logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('reads every fixture from an S3 text log handed over in 300-byte pieces as from memory', async () => {
    for (const [i, fixture] of all.entries()) {
      if (fixture.timestamps !== undefined) continue; // an S3 text file has no times
      const key = `job-${i}/algo-1.txt`;
      await clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: fixture.text }));
      const source = new S3TextLogSource({ client: clients.s3, uri: `s3://${BUCKET}/${key}`, maxLineBytes: 300 });
      const fromS3 = await parseTrainingLog(source);
      expect(fromS3.format, fixture.name).toBe(fixture.expected.format);
      expect(fromS3.epochs.map((e) => e.epoch), fixture.name).toEqual(fixture.expected.epochs.map((e) => e.epoch));
      expect(essentials(fromS3), fixture.name).toEqual(essentials(await parseTrainingLog(fixture.text)));
    }
  }, 120_000);

  it('reads every fixture from a CloudWatch stream of escaped events with timestamps as from memory', async () => {
    for (const [i, fixture] of all.entries()) {
      const jobName = `metrics-fixture-${i}`;
      const stream = `${jobName}/algo-1-1764669600`;
      await clients.logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: stream }));
      const lines = linesOf(fixture.text);
      // CloudWatch drops events older than 14 days or more than 2 hours ahead: the fixture's
      // times are moved, as a whole, to end an hour ago.
      const given = fixture.timestamps?.map((t) => t.getTime());
      const base = Date.now() - 3_600_000 - (given === undefined ? lines.length : given.at(-1)! - given[0]!);
      const times = lines.map((_, n) => (given === undefined ? base + n : base + given[n]! - given[0]!));
      // CloudWatch refuses empty messages: SageMaker's agent does not send blank lines either.
      const events = lines.map((line, n) => ({ timestamp: times[n]!, message: escapeLikeCloudWatch(line) })).filter((e) => e.message !== '');
      await clients.logs.send(new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, logEvents: events }));
      const source = new CloudWatchLogSource({ client: clients.logs, jobName });
      const fromCloudWatch = await parseTrainingLog(source);
      const fromMemory = await parseTrainingLog(
        events.map((e) => ({ message: e.message, timestamp: new Date(e.timestamp), source: stream })),
      );
      expect(fromCloudWatch.format, fixture.name).toBe(fixture.expected.format);
      expect(fromCloudWatch.epochs.map((e) => e.epoch), fixture.name).toEqual(fixture.expected.epochs.map((e) => e.epoch));
      expect(essentials(fromCloudWatch), fixture.name).toEqual(essentials(fromMemory));
    }
  }, 120_000);
});
