import { describe, expect, it } from 'vitest';
import { AccessDeniedError, ClientConfigError, EndpointError, LaunchError, NoCredentialsError, NotAuthorizedError } from '../../../src/errors';
import { isTransient } from '../../../src/internal/isTransient';
import { mapLaunchError } from '../../../src/jobs/internal/mapLaunchError';
import { seedRequest, seedRole } from '../../fixtures/seed';

const request = structuredClone(seedRequest) as never;
const jobName = seedRequest.TrainingJobName;

function serviceError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400, requestId: 'r' } });
}

describe('mapLaunchError', () => {
  it('turns the NotAuthorizedError of sendRequest into AccessDeniedError (a LaunchError) with its action and the SDK error as cause', () => {
    const sdk = serviceError('AccessDeniedException', `User: u is not authorized to perform: iam:PassRole on resource: ${seedRole}`);
    const denied = new NotAuthorizedError(
      { action: 'iam:PassRole', resource: seedRole, operation: 'CreateTrainingJob', errorCode: 'AccessDeniedException', serviceMessage: sdk.message },
      { cause: sdk },
    );

    const error = mapLaunchError(denied, request);

    expect(error).toBeInstanceOf(AccessDeniedError);
    expect(error).toBeInstanceOf(LaunchError);
    expect(error).toMatchObject({ jobName, roleArn: seedRole, action: 'iam:PassRole', serviceMessage: sdk.message });
    expect(error.cause).toBe(sdk);
  });

  it('reads the action out of a raw AccessDenied, and says sagemaker:CreateTrainingJob when the service names none', () => {
    const passRole = mapLaunchError(serviceError('AccessDeniedException', 'User: u is not authorized to perform: iam:PassRole on resource: r'), request);
    const plain = mapLaunchError(serviceError('AccessDeniedException', 'Access denied'), request);

    expect(passRole).toMatchObject({ name: 'AccessDeniedError', action: 'iam:PassRole' });
    expect(plain).toMatchObject({ name: 'AccessDeniedError', action: 'sagemaker:CreateTrainingJob' });
  });

  it('still maps credentials the service refuses to AccessDeniedError', () => {
    expect(mapLaunchError(serviceError('ExpiredTokenException', 'The security token included in the request is expired'), request)).toBeInstanceOf(AccessDeniedError);
  });

  it('passes no credentials and no region through as they are: they are not about the job', () => {
    const none = new NoCredentialsError({ reason: 'none' });
    const region = new ClientConfigError('region', undefined, 'No AWS region is configured');

    expect(mapLaunchError(none, request)).toBe(none);
    expect(mapLaunchError(region, request)).toBe(region);
  });

  it('says a launch that never reached SageMaker created no job, and keeps it transient for a sweep to try again', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5000'), { code: 'ECONNREFUSED' });
    const refused = new EndpointError(
      { reason: 'refused', service: 'SageMaker', operation: 'CreateTrainingJob', endpoint: 'http://127.0.0.1:5000', custom: true, detail: 'ECONNREFUSED 127.0.0.1:5000' },
      { cause },
    );

    const error = mapLaunchError(refused, request);

    expect(error).toBeInstanceOf(LaunchError);
    expect(error.cause).toBe(refused);
    expect(error.message).toBe(`Could not launch ${jobName}: ${refused.message} (the request did not reach SageMaker: no job was created)`);
    expect(isTransient(error.cause)).toBe(true);
  });
});
