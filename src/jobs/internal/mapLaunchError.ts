import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import {
  AccessDeniedError,
  ClientConfigError,
  EndpointError,
  LaunchError,
  NoCredentialsError,
  NotAuthorizedError,
  ResourceLimitError,
  ServiceValidationError,
} from '../../errors';
import { errorMessage, errorName } from '../../internal/awsErrorInfo';
import { isTransient } from '../../internal/isTransient';
import { CREDENTIAL_ERRORS, deniedAction, isAccessDenied } from '../../internal/mapCommonAwsError';

/** The instance type(s) the request asks for, for a quota message. */
function requestedInstanceType(request: CreateTrainingJobCommandInput, serviceMessage: string): string | undefined {
  const config = request.ResourceConfig;
  if (config?.InstanceType) return config.InstanceType;
  const groups = config?.InstanceGroups?.map((g): string => g.InstanceType ?? '').filter((t) => t !== '');
  if (groups && groups.length > 0) return [...new Set(groups)].join(', ');
  // "The account-level service limit 'ml.p3.8xlarge for training job usage' is 0 Instances, ..."
  return /\b(ml\.[a-z0-9]+\.[a-z0-9]+)\b/i.exec(serviceMessage)?.[1];
}

/**
 * Turns an error from CreateTrainingJob into the typed error that says what to do. The SDK
 * error is kept as `cause`. ResourceInUse is not handled here: it needs a DescribeTrainingJob
 * (see launchTrainingJob). Internal.
 */
export function mapLaunchError(error: unknown, request: CreateTrainingJobCommandInput, attempts?: number): Error {
  const jobName = request.TrainingJobName ?? '';
  // No credentials, no region, no such profile: nothing to do with this job, and nothing was sent.
  if (error instanceof NoCredentialsError || error instanceof ClientConfigError) return error;
  if (error instanceof NotAuthorizedError) {
    const cause = error.cause ?? error;
    return new AccessDeniedError(jobName, { roleArn: request.RoleArn, serviceMessage: error.serviceMessage, action: error.action }, { cause });
  }
  if (error instanceof EndpointError) {
    // Transient when the connection failed (its cause says so): a sweep tries the launch again later.
    const sent = error.reason === 'not-aws';
    return new LaunchError(
      jobName,
      `Could not launch ${jobName}: ${error.message}` +
        (sent ? '' : ` (the request did not reach SageMaker: no job was created)`),
      { cause: error },
    );
  }
  const name = errorName(error);
  const message = errorMessage(error);

  if (name === 'ResourceLimitExceeded' || name === 'ResourceLimitExceededException') {
    return new ResourceLimitError(
      jobName,
      { instanceType: requestedInstanceType(request, message), serviceMessage: message || undefined },
      { cause: error },
    );
  }
  if (isAccessDenied(error) || CREDENTIAL_ERRORS.has(name)) {
    return new AccessDeniedError(
      jobName,
      { roleArn: request.RoleArn, serviceMessage: message || undefined, action: deniedAction(message) },
      { cause: error },
    );
  }
  if (name === 'ValidationException' || name === 'ValidationError') {
    return new ServiceValidationError(jobName, message || name, { cause: error });
  }
  if (isTransient(error)) {
    return new LaunchError(
      jobName,
      `Could not launch ${jobName}: ${message || name} (a throttling, server, network or timeout error ` +
        `that outlasted ${attempts === undefined ? "the SDK's retries" : `${attempts} attempts`}). ` +
        `The job may or may not have been created: describeTrainingJob(client, '${jobName}') tells; ` +
        `launching again with the same request is safe (a job already there with the same spec is reported as launched).`,
      { cause: error },
    );
  }
  return new LaunchError(jobName, `Could not launch ${jobName}: ${message || name || String(error)}`, { cause: error });
}
