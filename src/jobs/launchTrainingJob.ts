import type {
  CreateTrainingJobCommandInput,
  DescribeTrainingJobCommandOutput,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { validateCreateTrainingJob } from '../builder/validateCreateTrainingJob';
import { JobNameInUseError, ValidationError } from '../errors';
import { sageMakerSdk } from '../internal/sdk';
import { describeTrainingJob } from './describeTrainingJob';
import { errorName } from '../internal/awsErrorInfo';
import { mapLaunchError } from './internal/mapLaunchError';
import { sameTrainingJobSpec } from './internal/sameTrainingJobSpec';

/** Anything with a `build()` that returns a request, such as a `TrainingJobBuilder`. */
export interface BuildsCreateTrainingJob {
  build(): CreateTrainingJobCommandInput;
}

/** What {@link launchTrainingJob} resolves with. */
export interface LaunchedTrainingJob {
  jobName: string;
  arn: string;
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
function requestOf(job: CreateTrainingJobCommandInput | BuildsCreateTrainingJob): CreateTrainingJobCommandInput {
  if (isBuilder(job)) return job.build();
  const issues = validateCreateTrainingJob(job);
  if (issues.some((issue) => issue.severity === 'error')) throw new ValidationError(issues);
  return job;
}

/** The existing job, if it is the one this request would create and was created just now. */
async function ownExistingJob(
  client: SageMakerClient,
  request: CreateTrainingJobCommandInput,
): Promise<DescribeTrainingJobCommandOutput | undefined> {
  let existing: DescribeTrainingJobCommandOutput;
  try {
    existing = await describeTrainingJob(client, request.TrainingJobName ?? '');
  } catch {
    return undefined;
  }
  if (!sameTrainingJobSpec(request, existing)) return undefined;
  const created = existing.CreationTime ? new Date(existing.CreationTime).getTime() : Number.NaN;
  if (!(Math.abs(Date.now() - created) <= RETRIED_LAUNCH_WINDOW_SECONDS * 1000)) return undefined;
  return existing;
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
 * - {@link LaunchError}: anything else (throttling or network errors that outlasted the SDK's
 *   retries: the job may or may not exist; launching again with the same request is safe).
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
): Promise<LaunchedTrainingJob> {
  const request = requestOf(job);
  const jobName = request.TrainingJobName ?? '';
  const { CreateTrainingJobCommand } = sageMakerSdk();
  try {
    const output = await client.send(new CreateTrainingJobCommand(request));
    return { jobName, arn: output.TrainingJobArn ?? '' };
  } catch (error) {
    const name = errorName(error);
    if (name === 'ResourceInUse' || name === 'ResourceInUseException') {
      const existing = await ownExistingJob(client, request);
      if (existing) return { jobName, arn: existing.TrainingJobArn ?? '' };
      throw new JobNameInUseError(jobName, { cause: error });
    }
    throw mapLaunchError(error, request);
  }
}
