/**
 * The log of a training job, wherever it is: one call instead of the seed's get-log.sh.
 * See {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/logs.md#logsourceforjob | docs/logs.md}.
 *
 * @module
 */
import type { DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { LogNotFoundError, S3LogNotFoundError } from '../errors';
import { abortReason, throwIfAborted } from '../internal/sleep';
import { resolveTimeouts } from '../internal/requestTimeouts';
import type { RequestTimeouts, ResolvedTimeouts } from '../internal/requestTimeouts';
import { logsSdk } from '../internal/sdk';
import { sendRequest } from '../internal/sendRequest';
import { PATIENT_RETRY, withRetry } from '../internal/withRetry';
import type { Clients } from '../jobs/Clients';
import { describeTrainingJob } from '../jobs/describeTrainingJob';
import { isLocalClient, LOCAL_LOG_SOURCE } from '../internal/localClient';
import { checkJobName } from '../jobs/internal/checkJobName';
import { clientRegion } from '../internal/clientRegion';
import { sharedRateLimiter } from './RateLimiter';
import { CloudWatchLogSource } from './CloudWatchLogSource';
import type { LogSource } from './LogSource';
import { S3TextLogSource } from './S3TextLogSource';
import { isTerminalStatus } from './internal/jobOverCheck';
import { listLogObjects } from './internal/listLogObjects';
import { parseS3Uri } from './parseS3Uri';

/** Options of {@link logSourceForJob}. */
export interface LogSourceForJobOptions {
  /**
   * `'s3'`: only the S3 text log; `'cloudwatch'`: only the CloudWatch streams. Either throws
   * when that place has no log. Default: S3 when it has a log object, else CloudWatch.
   */
  prefer?: 's3' | 'cloudwatch';
  /** Cancels the look-up requests. */
  signal?: AbortSignal;
  /** Time to the first byte of each answer and silence in its body (default 30 s each), for the look-up and the source returned. */
  timeouts?: RequestTimeouts;
}

/** Where SageMaker training jobs write their CloudWatch streams (`<job>/algo-<n>-<epoch>`). */
const TRAINING_LOG_GROUP = '/aws/sagemaker/TrainingJobs';

/**
 * Finds the log of a training job and returns a {@link LogSource} for it: reads the job's
 * description (DescribeTrainingJob), then
 *
 * 1. the S3 text log: every `.txt` / `.log` (and `.gz`) object under `<S3OutputPath>/<jobName>/`
 *    (the folder the seed's images write their log to), when there is at least one;
 * 2. else the job's CloudWatch streams: group `/aws/sagemaker/TrainingJobs`, streams named
 *    `<jobName>/...` (so job `a` never gets job `a2`'s streams).
 *
 * `prefer` picks one place and throws if it has nothing. The source knows the job and the
 * SageMaker client, so its `follow()` stops by itself when the job ends.
 *
 * @throws {InvalidJobNameError} before any request, for a name SageMaker could never accept (`''`, say).
 * @throws {TrainingJobNotFoundError} when there is no such job.
 * @throws {S3LogNotFoundError} with `prefer: 's3'`, naming the bucket and prefix, when the bucket
 *   does not exist or holds no log object under the job's folder.
 * @throws {LogNotFoundError} when no place has a log; `where` lists every place looked at and why
 *   it did not count. A job that has just started may not have written anything yet: follow it
 *   with `new CloudWatchLogSource({ client, jobName, sagemaker })`, which waits for its streams.
 *
 * @example
 * ```ts
 * import { createClients, logSourceForJob } from 'sagemaker-bench';
 *
 * const clients = createClients({ region: 'us-east-1' });
 * const source = await logSourceForJob(clients, 'resnet50-p3-gpu4-b512-e2');
 * for await (const { message } of source.read()) console.log(message);
 * ```
 */
export async function logSourceForJob(clients: Clients, jobName: string, options: LogSourceForJobOptions = {}): Promise<LogSource> {
  const { prefer, signal } = options;
  if (prefer !== undefined && prefer !== 's3' && prefer !== 'cloudwatch') {
    throw new TypeError(`logSourceForJob: prefer must be 's3' or 'cloudwatch', got ${JSON.stringify(prefer)}`);
  }
  checkJobName(jobName);
  // Local mode: the log the local client captured (there is no S3 text log or CloudWatch stream).
  if (isLocalClient(clients.sagemaker)) return clients.sagemaker[LOCAL_LOG_SOURCE](jobName);
  const timeouts = resolveTimeouts('logSourceForJob', options.timeouts);
  throwIfAborted(signal);
  const description = await withRetry(() => describeTrainingJob(clients.sagemaker, jobName, { signal, timeouts }), signal, PATIENT_RETRY);
  const where: string[] = [];

  if (prefer !== 'cloudwatch') {
    const s3 = await findS3Log(clients, jobName, description, signal, timeouts);
    if (s3.source !== undefined) return s3.source;
    where.push(s3.where);
    if (prefer === 's3') throw s3.error;
  }

  const streams = await findStreams(clients.logs, jobName, signal, timeouts);
  if (streams.found) {
    return new CloudWatchLogSource({ client: clients.logs, jobName, logGroupName: TRAINING_LOG_GROUP, sagemaker: clients.sagemaker, timeouts });
  }
  where.push(streams.where);
  const status = description.TrainingJobStatus;
  const note = isTerminalStatus(status)
    ? ''
    : `; the job is ${status ?? 'not finished'} and may not have written anything yet: to wait for its first lines, ` +
      `follow new CloudWatchLogSource({ client, jobName, sagemaker })`;
  if (prefer === 'cloudwatch') {
    throw new LogNotFoundError(`No CloudWatch log streams for training job ${jobName}${note}`, { where, jobName });
  }
  throw new LogNotFoundError(`No log found for training job ${jobName}, neither in S3 nor in CloudWatch${note}`, { where, jobName });
}

type S3Finding = { source: LogSource; where?: undefined; error?: undefined } | { source?: undefined; where: string; error: Error };

async function findS3Log(
  clients: Clients,
  jobName: string,
  description: DescribeTrainingJobCommandOutput,
  signal: AbortSignal | undefined,
  timeouts: ResolvedTimeouts,
): Promise<S3Finding> {
  const outputPath = description.OutputDataConfig?.S3OutputPath;
  if (outputPath === undefined || outputPath === '') {
    const where = 'S3 (the job has no OutputDataConfig.S3OutputPath)';
    return { where, error: new LogNotFoundError(`Training job ${jobName} has no S3 output path, so no S3 text log`, { where: [where], jobName }) };
  }
  const uri = `${outputPath.endsWith('/') ? outputPath : `${outputPath}/`}${jobName}/`;
  const location = parseS3Uri(uri);
  const prefix = 'prefix' in location ? location.prefix : `${location.key}/`;
  try {
    const listing = await listLogObjects({ client: clients.s3, bucket: location.bucket, signal, backoff: PATIENT_RETRY, timeouts, jobName }, prefix);
    if (listing.logs.length > 0) {
      return { source: new S3TextLogSource({ client: clients.s3, uri, jobName, sagemaker: clients.sagemaker, timeouts }) };
    }
    const detail =
      listing.skippedCount === 0
        ? 'nothing there'
        : `no .txt or .log object among ${listing.skippedCount}, e.g. ${listing.skippedSample.join(', ')}`;
    return {
      where: `${uri} (${detail})`,
      error: new S3LogNotFoundError({ bucket: location.bucket, prefix, reason: 'NoLogObjects', jobName, detail }),
    };
  } catch (error) {
    if (error instanceof S3LogNotFoundError) return { where: `${uri} (bucket ${error.bucket} does not exist)`, error };
    throw error;
  }
}

async function findStreams(
  client: CloudWatchLogsClient,
  jobName: string,
  signal: AbortSignal | undefined,
  timeouts: ResolvedTimeouts,
): Promise<{ found: true; where?: undefined } | { found: false; where: string }> {
  const { DescribeLogStreamsCommand } = logsSdk();
  const place = `CloudWatch Logs ${TRAINING_LOG_GROUP}, streams ${jobName}/*`;
  const limiter = sharedRateLimiter(client, await clientRegion(client));
  try {
    const page = await withRetry(
      () =>
        sendRequest(client, new DescribeLogStreamsCommand({ logGroupName: TRAINING_LOG_GROUP, logStreamNamePrefix: `${jobName}/`, limit: 1 }), {
          signal,
          timeouts,
          limiter,
          resource: place,
          operation: 'DescribeLogStreams',
        }),
      signal,
      PATIENT_RETRY,
    );
    return (page.logStreams ?? []).length > 0 ? { found: true } : { found: false, where: `${place} (no stream)` };
  } catch (error) {
    if (signal?.aborted) throw abortReason(signal);
    if ((error as { name?: unknown } | null)?.name === 'ResourceNotFoundException') {
      return { found: false, where: `${place} (the log group does not exist)` };
    }
    throw error;
  }
}
