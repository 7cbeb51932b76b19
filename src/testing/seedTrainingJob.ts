/**
 * Seeds a training job, and the logs it wrote, in moto. See {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/testing.md | docs/testing.md}.
 *
 * @module
 */
import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { sageMakerSdk } from '../internal/sdk';
import type { Clients } from '../jobs/Clients';
import type { BuildsCreateTrainingJob } from '../jobs/launchTrainingJob';
import { parseS3Uri } from '../logs/parseS3Uri';
import { TRAINING_JOB_LOG_GROUP } from './internal/trainingJobLogGroup';
import { seedBucket } from './seedBucket';
import { type SeedLogLines, seedLogStream } from './seedLogStream';

/**
 * Options of {@link seedTrainingJob}: the logs the job wrote.
 *
 * @example
 * ```ts
 * import type { SeedTrainingJobOptions } from 'sagemaker-bench/testing';
 *
 * const logs: SeedTrainingJobOptions = {
 *   s3Log: 'epoch 1\nepoch 2\n',                                 // <output>/<job>/training-log.txt
 *   cloudWatchLog: { hosts: ['host 1 says hi', 'host 2 says hi'] }, // <job>/algo-1-…, <job>/algo-2-…
 * };
 * ```
 */
export interface SeedTrainingJobOptions {
  /**
   * The text log the training script wrote to S3, stored as
   * `<S3OutputPath>/<job>/<s3LogName>` (where `logSourceForJob` looks first).
   */
  s3Log?: string | Uint8Array;
  /** The S3 log's file name. Default `training-log.txt` (any `.txt`, `.log` or `.gz` of them is found). */
  s3LogName?: string;
  /**
   * The job's CloudWatch log: events in the group `/aws/sagemaker/TrainingJobs`, stream
   * `<job>/algo-1-<epoch seconds>`, as SageMaker writes them. `{ hosts: [log1, log2] }` writes
   * one stream per instance (`algo-1-…`, `algo-2-…`).
   */
  cloudWatchLog?:
    | SeedLogLines
    | {
        /** One log per instance: the first is `algo-1`'s stream, the second `algo-2`'s, ... */
        hosts: readonly SeedLogLines[];
      };
  /**
   * The time of the first CloudWatch event without its own timestamp (events follow 100 ms
   * apart) and the epoch in the stream names. Default: so that the log ends a minute ago.
   */
  startTime?: Date | number;
}

/**
 * What {@link seedTrainingJob} made.
 *
 * @example
 * ```ts
 * import { seedTrainingJob, startMoto } from 'sagemaker-bench/testing';
 *
 * const moto = await startMoto();
 * const seeded = await seedTrainingJob(moto.clients, {
 *   TrainingJobName: 'my-job',
 *   AlgorithmSpecification: { TrainingImage: 'my-image:latest', TrainingInputMode: 'File' },
 *   OutputDataConfig: { S3OutputPath: 's3://my-bucket/' },
 *   ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 10 },
 *   StoppingCondition: { MaxRuntimeInSeconds: 3600 },
 * }, { cloudWatchLog: 'hello' });
 * console.log(seeded.arn, seeded.logStreamNames); // arn:aws:sagemaker:us-east-1:123456789012:training-job/my-job [ 'my-job/algo-1-…' ]
 * ```
 */
export interface SeededTrainingJob {
  /** The job's name. */
  jobName: string;
  /** The job's ARN, as moto gave it (`arn:aws:sagemaker:<region>:<moto's account id>:training-job/<name>`). */
  arn: string;
  /** The S3 log's `s3://` URI, when `s3Log` was given. */
  s3LogUri: string | undefined;
  /** The CloudWatch streams written (group `/aws/sagemaker/TrainingJobs`), one per host. */
  logStreamNames: string[];
}

/**
 * Makes a finished training job in moto, as if it had run: CreateTrainingJob (moto answers
 * DescribeTrainingJob with `Completed` at once), its output bucket (created when missing), and
 * the logs it wrote: the S3 text log and/or the CloudWatch streams. Then `describeTrainingJob`,
 * `summarizeTrainingJob`, `logSourceForJob`, `readLogText`, `saveLog` and `parseTrainingLog`
 * (and the `sagemaker-bench` command with `--endpoint-url`) work on it as on a real job.
 *
 * `job` is the request (or a builder, whose `build()` validates it) your code would launch; a
 * plain request is sent as it is (moto checks almost nothing, and replaces a job of the same name).
 *
 * @example
 * ```ts
 * import { TrainingJobBuilder, logSourceForJob, parseTrainingLog } from 'sagemaker-bench';
 * import { seedTrainingJob, startMoto } from 'sagemaker-bench/testing';
 *
 * const moto = await startMoto();
 * const job = new TrainingJobBuilder()
 *   .name('cnn-m5-e2')
 *   .image('123456789012.dkr.ecr.us-east-1.amazonaws.com/cnn:latest')
 *   .role('arn:aws:iam::123456789012:role/SageMakerRole')
 *   .outputPath('s3://my-bucket/jobs/')
 *   .instance('ml.m5.xlarge');
 * await seedTrainingJob(moto.clients, job, {
 *   cloudWatchLog: 'Epoch 1/2\n10/10 - 3s - loss: 0.9000\nEpoch 2/2\n10/10 - 2s - loss: 0.5000\n',
 * });
 * const metrics = await parseTrainingLog(await logSourceForJob(moto.clients, 'cnn-m5-e2'));
 * console.log(metrics.epochs.length, metrics.final.loss); // 2 0.5
 * ```
 */
export async function seedTrainingJob(
  clients: Clients,
  job: CreateTrainingJobCommandInput | BuildsCreateTrainingJob,
  options: SeedTrainingJobOptions = {},
): Promise<SeededTrainingJob> {
  const request = typeof (job as Partial<BuildsCreateTrainingJob>).build === 'function' ? (job as BuildsCreateTrainingJob).build() : (job as CreateTrainingJobCommandInput);
  const jobName = request?.TrainingJobName;
  if (typeof jobName !== 'string' || jobName === '') throw new TypeError('seedTrainingJob: the request has no TrainingJobName');

  const outputPath = request.OutputDataConfig?.S3OutputPath;
  const toS3 = typeof outputPath === 'string' && outputPath.startsWith('s3://');
  if (options.s3Log !== undefined && !toS3) {
    throw new TypeError(`seedTrainingJob: s3Log needs the job's OutputDataConfig.S3OutputPath (an s3:// URI), got ${String(outputPath)}`);
  }

  const { CreateTrainingJobCommand } = sageMakerSdk();
  const created = await clients.sagemaker.send(new CreateTrainingJobCommand(request));

  let s3LogUri: string | undefined;
  if (toS3 && outputPath !== undefined) {
    const folder = parseS3Uri(`${outputPath.endsWith('/') ? outputPath : `${outputPath}/`}${jobName}/`);
    const prefix = 'prefix' in folder ? folder.prefix : `${folder.key}/`;
    const objects: Record<string, string | Uint8Array> = {};
    if (options.s3Log !== undefined) objects[`${prefix}${options.s3LogName ?? 'training-log.txt'}`] = options.s3Log;
    [s3LogUri] = await seedBucket(clients, folder.bucket, objects);
  }

  const logStreamNames: string[] = [];
  if (options.cloudWatchLog !== undefined) {
    const log = options.cloudWatchLog;
    const hosts = typeof log === 'object' && !Array.isArray(log) && 'hosts' in log ? log.hosts : [log as SeedLogLines];
    const startTime = options.startTime ?? defaultStart(hosts);
    const epoch = Math.floor((startTime instanceof Date ? startTime.getTime() : startTime) / 1000);
    for (const [i, events] of hosts.entries()) {
      const logStreamName = `${jobName}/algo-${i + 1}-${epoch}`;
      await seedLogStream(clients, { logGroupName: TRAINING_JOB_LOG_GROUP, logStreamName, events, startTime });
      logStreamNames.push(logStreamName);
    }
  }
  return { jobName, arn: created.TrainingJobArn ?? '', s3LogUri, logStreamNames };
}

/** So that the longest host's log ends a minute ago (events 100 ms apart). */
function defaultStart(hosts: readonly SeedLogLines[]): number {
  const longest = Math.max(0, ...hosts.map((events) => (typeof events === 'string' ? events.split(/\r?\n/).filter((line) => line !== '').length : events.length)));
  return Date.now() - 60_000 - Math.max(0, longest - 1) * 100;
}
