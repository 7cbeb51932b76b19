/**
 * A sweep of the seed's ResNet50 experiment for integration tests: the plan (the same every
 * time, so a child process and the test plan the same names), the job timelines our SageMaker
 * endpoint runs for it, the Keras logs its jobs "wrote" to S3 (moto), and the clients.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { cifarResnet50 } from '../../../src/presets/cifarResnet50';
import { defineSweep } from '../../../src/sweep/defineSweep';
import type { SweepPlan } from '../../../src/sweep/SweepPlan';
import type { Clients } from '../../../src/jobs/Clients';
import { fakeCredentials } from '../../support/fakeCredentials';
import { standardTimeline } from '../../support/sagemakerTimelineServer';
import type { JobScript } from '../../support/sagemakerTimelineServer';

export const BUCKET = 'sweep-results';
export const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/resnet50-cifar:latest';
export const ROLE = 'arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole';

/** The job whose container never wrote a log. */
export const SILENT_BATCH = 128;

export interface FixtureOptions {
  name?: string;
  repeats?: number;
  batchSizes?: number[];
  instanceTypes?: string[];
  epochs?: number;
}

/** 2 types x 3 batch sizes x 2 repeats = 12 jobs by default; b1024 runs out of GPU memory on g4dn. */
export function fixturePlan(options: FixtureOptions = {}): SweepPlan {
  return defineSweep({
    name: options.name ?? 'paper',
    model: 'resnet50',
    base: cifarResnet50({ image: IMAGE, role: ROLE, outputPath: `s3://${BUCKET}/out/`, epochs: options.epochs ?? 3 }),
    matrix: {
      instanceType: options.instanceTypes ?? ['ml.p3.2xlarge', 'ml.g4dn.xlarge'],
      batchSize: options.batchSizes ?? [256, 1024, SILENT_BATCH],
    },
    repeats: options.repeats ?? 2,
  });
}

/** Seconds per epoch of a configuration (p3 faster; bigger batches faster per epoch). */
export function epochSeconds(instanceType: string, batchSize: number): number {
  const base = instanceType.includes('p3') ? 60 : 150;
  return Math.round(base * (256 / batchSize) ** 0.3);
}

/** The timeline of each job of the plan: training as long as its epochs, b1024 on g4dn failing. */
export function scriptFor(plan: SweepPlan): (jobName: string) => JobScript | undefined {
  const byName = new Map(plan.jobs.map((job) => [job.jobName, job]));
  return (jobName) => {
    const job = byName.get(jobName);
    if (!job) return undefined;
    const { instanceType, batchSize = 256, epochs = 3 } = job.cell;
    const training = epochSeconds(instanceType, batchSize) * epochs;
    if (instanceType === 'ml.g4dn.xlarge' && batchSize === 1024) {
      return { steps: standardTimeline({ starting: 40, downloading: 10, training: 30, end: { failed: 'AlgorithmError: CUDA out of memory. Tried to allocate 2.00 GiB' } }) };
    }
    return { steps: standardTimeline({ starting: 40, downloading: 10, training, uploading: 10 }) };
  };
}

/** A tf.keras verbose=2 log of the job's epochs. */
export function kerasLog(instanceType: string, batchSize: number, epochs: number): string {
  const lines: string[] = [];
  const seconds = epochSeconds(instanceType, batchSize);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const loss = (2.3 / (epoch + batchSize / 512)).toFixed(4);
    const accuracy = Math.min(0.99, 0.3 + 0.2 * epoch - batchSize / 10_000).toFixed(4);
    lines.push(`Epoch ${epoch}/${epochs}`);
    lines.push(`196/196 - ${seconds}s - loss: ${loss} - accuracy: ${accuracy} - val_loss: ${(Number(loss) * 1.1).toFixed(4)} - val_accuracy: ${(Number(accuracy) - 0.02).toFixed(4)} - ${seconds}s/epoch - 255ms/step`);
  }
  return `${lines.join('\n')}\n`;
}

/** Puts every job's log where the seed's image writes it (`<output>/<job>/training-log.txt`), except the silent batch size's. */
export async function seedLogs(s3: S3Client, plan: SweepPlan): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET })).catch(() => undefined);
  await Promise.all(
    plan.jobs
      .filter((job) => job.cell.batchSize !== SILENT_BATCH)
      .map((job) =>
        s3.send(new PutObjectCommand({
          Bucket: BUCKET,
          Key: `out/${job.jobName}/training-log.txt`,
          Body: kerasLog(job.cell.instanceType, job.cell.batchSize ?? 256, job.cell.epochs ?? 3),
        })),
      ),
  );
}

/** Real SDK clients: SageMaker at our endpoint, S3 and CloudWatch Logs at moto. */
export function fixtureClients(sagemakerEndpoint: string, motoEndpoint: string): Clients {
  const common = { region: 'us-east-1', credentials: fakeCredentials };
  return {
    sagemaker: new SageMakerClient({ ...common, endpoint: sagemakerEndpoint, maxAttempts: 2 }),
    s3: new S3Client({ ...common, endpoint: motoEndpoint, forcePathStyle: true }),
    logs: new CloudWatchLogsClient({ ...common, endpoint: motoEndpoint }),
  };
}
