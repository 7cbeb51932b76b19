import type {
  CreateTrainingJobCommandInput,
  DescribeTrainingJobCommandOutput,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { isLocalClient } from '../internal/localClient';
import { validateCreateTrainingJob, type ValidateOptions } from '../builder/validateCreateTrainingJob';
import { JobNameInUseError, LaunchError, TrainingJobNotFoundError, ValidationError, type ValidationIssue } from '../errors';
import { errorMessage, errorName } from '../internal/awsErrorInfo';
import { isTransient } from '../internal/isTransient';
import { resolveTimeouts } from '../internal/requestTimeouts';
import type { RequestTimeouts, ResolvedTimeouts } from '../internal/requestTimeouts';
import { sageMakerSdk } from '../internal/sdk';
import { sendRequest } from '../internal/sendRequest';
import { abortReason } from '../internal/sleep';
import { DEFAULT_RETRY, checkRetryOptions, withRetry } from '../internal/withRetry';
import type { RetryLimits, RetryOptions } from '../internal/withRetry';
import { describeTrainingJob } from './describeTrainingJob';
import { mapLaunchError } from './internal/mapLaunchError';
import { sameTrainingJobSpec } from './internal/sameTrainingJobSpec';

/** Anything with a `build()` that returns a request, such as a `TrainingJobBuilder`. */
export interface BuildsCreateTrainingJob {
  /** The request to send; throws when it is not valid. */
  build(): CreateTrainingJobCommandInput;
}

/** What {@link launchTrainingJob} resolves with. */
export interface LaunchedTrainingJob {
  /** The training job's name. */
  jobName: string;
  /** The training job's ARN. */
  arn: string;
}

/** Options of {@link launchTrainingJob}. */
export interface LaunchOptions {
  /** Cancels the launch (the job may or may not have been created: describe it to know). */
  signal?: AbortSignal;
  /** Retries of throttling, 5xx, dropped connections and timeouts, on top of the SDK's own (default: 8 attempts, 250 ms base, 8 s cap). */
  retry?: Pick<RetryOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs'>;
  /** Time to the first byte of each answer and silence in its body (default 30 s each). */
  timeouts?: RequestTimeouts;
}

/**
 * How recent an existing job with the same name and spec must be to count as this launch's
 * own job (a CreateTrainingJob retried after its answer was lost). Older jobs are someone
 * else's run, even with the same spec: their name is simply taken.
 */
export const RETRIED_LAUNCH_WINDOW_SECONDS = 15 * 60;

function isBuilder(job: CreateTrainingJobCommandInput | BuildsCreateTrainingJob): job is BuildsCreateTrainingJob {
  return typeof (job as Partial<BuildsCreateTrainingJob>).build === 'function';
}

/** The request to send: built (a builder validates in build()) or validated here. */
function requestOf(job: CreateTrainingJobCommandInput | BuildsCreateTrainingJob, local: boolean): CreateTrainingJobCommandInput {
  if (!local && isBuilder(job)) return job.build();
  // Local mode validates as SageMaker does, except that file:// URIs stand for S3 URIs.
  const request = isBuilder(job) ? (typeof (job as { toJSON?: unknown }).toJSON === 'function' ? (job as unknown as { toJSON(): CreateTrainingJobCommandInput }).toJSON() : job.build()) : job;
  // A TrainingJobBuilder's validate() also reports what a preset was given that the request cannot show (epochs: 0).
  const validate = isBuilder(job) ? (job as { validate?: unknown }).validate : undefined;
  const issues =
    typeof validate === 'function'
      ? (validate as (options: ValidateOptions) => ValidationIssue[]).call(job, { allowFileUris: local })
      : validateCreateTrainingJob(request, { allowFileUris: local });
  if (issues.some((issue) => issue.severity === 'error')) throw new ValidationError(issues);
  return request;
}

interface LaunchContext {
  /** Existing jobs with the same spec created at or after this time (ms) are this launch's; default: the last 15 minutes. */
  ownedSince: number | undefined;
  client: SageMakerClient;
  request: CreateTrainingJobCommandInput;
  jobName: string;
  signal: AbortSignal | undefined;
  retry: RetryLimits;
  timeouts: ResolvedTimeouts;
}

/**
 * The existing job, if it is the one this request would create and was created just now;
 * undefined if it is someone else's. Throws a LaunchError when that cannot be told (the job
 * could not be described).
 */
async function ownExistingJob(ctx: LaunchContext, inUse: unknown): Promise<DescribeTrainingJobCommandOutput | undefined> {
  let existing: DescribeTrainingJobCommandOutput;
  try {
    existing = await withRetry(
      () => describeTrainingJob(ctx.client, ctx.jobName, { signal: ctx.signal, timeouts: ctx.timeouts }),
      ctx.signal,
      ctx.retry,
    );
  } catch (error) {
    if (ctx.signal?.aborted) throw abortReason(ctx.signal);
    // Taken, but gone by now: not this launch's job.
    if (error instanceof TrainingJobNotFoundError) return undefined;
    throw new LaunchError(
      ctx.jobName,
      `Could not launch ${ctx.jobName}: the name is taken, and whether by this launch (a retried request) could not be ` +
        `checked: DescribeTrainingJob failed (${errorMessage(error) || errorName(error)}). describeTrainingJob(client, '${ctx.jobName}') tells.`,
      { cause: error ?? inUse },
    );
  }
  if (!sameTrainingJobSpec(ctx.request, existing)) return undefined;
  const created = existing.CreationTime ? new Date(existing.CreationTime).getTime() : Number.NaN;
  const own = ctx.ownedSince === undefined ? Math.abs(Date.now() - created) <= RETRIED_LAUNCH_WINDOW_SECONDS * 1000 : created >= ctx.ownedSince;
  return own ? existing : undefined;
}

/**
 * Validates a CreateTrainingJob request (or builds a builder), then sends it.
 *
 * An invalid request throws {@link ValidationError} listing every problem, and nothing is sent.
 * The service's refusals become typed errors carrying the job name, what to do, and the SDK
 * error as `cause`:
 *
 * - {@link JobNameInUseError}: the name is taken (names stay taken forever; use
 *   `jobName({ ..., unique: true })`). But if the job already there has the same spec and was
 *   created in the last 15 minutes, it is this launch's own job (a CreateTrainingJob the SDK
 *   retried after the first answer was lost, or a script re-run straight after a network
 *   error): that is reported as the launch, not as an error.
 * - {@link ResourceLimitError}: a quota is used up; `instanceType` names the instance type.
 * - {@link AccessDeniedError}: your credentials, or `iam:PassRole` on the job's role (`roleArn`).
 * - {@link ServiceValidationError}: the service's own ValidationException, with its text.
 * - {@link LaunchError}: anything else, e.g. throttling, 5xx, network errors or timeouts that
 *   outlasted every retry (the job may or may not exist; launching again with the same request
 *   is safe).
 *
 * Transient failures (throttling, 5xx, dropped connections, an answer that never starts within
 * `timeouts.firstByteMs`) are retried here, on top of the SDK's own retries (`retry`, default
 * 8 attempts). A retry whose create had in fact gone through meets ResourceInUse and finds its
 * own job by the rule above, so a retried launch never makes two jobs and never reports its own
 * job as a name conflict.
 *
 * @example
 * ```ts
 * import { createClients, launchTrainingJob, cifarResnet50, jobName } from 'sagemaker-bench';
 *
 * const { sagemaker } = createClients({ region: 'us-east-1' });
 * const builder = cifarResnet50({ image, role, outputPath: 's3://my-bucket/', batchSize: 512, epochs: 5 })
 *   .name(jobName({ model: 'resnet50', instanceType: 'ml.p3.8xlarge', batchSize: 512, epochs: 5, unique: true }));
 * const { jobName: name, arn } = await launchTrainingJob(sagemaker, builder);
 * ```
 */
export async function launchTrainingJob(
  client: SageMakerClient,
  job: CreateTrainingJobCommandInput | BuildsCreateTrainingJob,
  options: LaunchOptions = {},
): Promise<LaunchedTrainingJob> {
  const { jobName, arn } = await launchOwning(client, job, options, undefined);
  return { jobName, arn };
}

/** What {@link launchOwning} resolves with: the launch, and whether the job was found already created by it. */
export interface OwnedLaunch extends LaunchedTrainingJob {
  /** The name was taken by a job with the same spec that counts as this launch's (see `ownedSince`). */
  adopted: boolean;
  /** The job's CreationTime, when `adopted`. */
  createdAt?: Date;
}

/**
 * {@link launchTrainingJob}, with the rule for "the job already there is this launch's own" set
 * by the caller: a job with the same spec created at or after `ownedSince` (ms; `0`: any age), or,
 * `undefined`, one created in the last 15 minutes. A sweep knows from its journal that it sent the
 * create before. Internal.
 */
export async function launchOwning(
  client: SageMakerClient,
  job: CreateTrainingJobCommandInput | BuildsCreateTrainingJob,
  options: LaunchOptions,
  ownedSince: number | undefined,
): Promise<OwnedLaunch> {
  const request = requestOf(job, isLocalClient(client));
  const ctx: LaunchContext = {
    ownedSince,
    client,
    request,
    jobName: request.TrainingJobName ?? '',
    signal: options.signal,
    retry: checkRetryOptions('launchTrainingJob', options.retry, DEFAULT_RETRY),
    timeouts: resolveTimeouts('launchTrainingJob', options.timeouts),
  };
  const { CreateTrainingJobCommand } = sageMakerSdk();
  try {
    const output = await withRetry(
      () =>
        sendRequest(client, new CreateTrainingJobCommand(request), {
          signal: ctx.signal,
          timeouts: ctx.timeouts,
          resource: `training job ${ctx.jobName}`,
          operation: 'CreateTrainingJob',
        }),
      ctx.signal,
      ctx.retry,
    );
    return { jobName: ctx.jobName, arn: output.TrainingJobArn ?? '', adopted: false };
  } catch (error) {
    if (ctx.signal?.aborted) throw abortReason(ctx.signal);
    const name = errorName(error);
    if (name === 'ResourceInUse' || name === 'ResourceInUseException') {
      const existing = await ownExistingJob(ctx, error);
      if (existing) {
        const created = existing.CreationTime ? new Date(existing.CreationTime) : undefined;
        return { jobName: ctx.jobName, arn: existing.TrainingJobArn ?? '', adopted: true, ...(created ? { createdAt: created } : {}) };
      }
      throw new JobNameInUseError(ctx.jobName, { cause: error });
    }
    throw mapLaunchError(error, request, isTransient(error) ? ctx.retry.attempts : undefined);
  }
}
