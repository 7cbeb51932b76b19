import {
  CreateTrainingJobCommand,
  type CreateTrainingJobCommandInput,
  DescribeTrainingJobCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { TrainingJobBuilder } from '../../src/builder/TrainingJobBuilder';
import {
  AccessDeniedError,
  JobNameInUseError,
  LaunchError,
  ResourceLimitError,
  ServiceValidationError,
  ValidationError,
} from '../../src/errors';
import { launchTrainingJob } from '../../src/jobs/launchTrainingJob';
import { seedRequest, seedRole } from '../fixtures/seed';
import { describedAfter, jobArn, jobName, networkError, phases, serviceError } from './fixtures';

const sagemaker = mockClient(SageMakerClient);
const client = new SageMakerClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

const fast = { retry: { baseDelayMs: 1, maxDelayMs: 2 } };
const inUse = serviceError('ResourceInUse', `Training job names must be unique within an AWS account and region, and a training job with this name already exists (${jobArn})`);

function request(): CreateTrainingJobCommandInput & Record<string, unknown> {
  return structuredClone(seedRequest) as unknown as CreateTrainingJobCommandInput & Record<string, unknown>;
}

beforeEach(() => {
  sagemaker.reset();
});

describe('launchTrainingJob', () => {
  it('sends the request and resolves with the job name and ARN', async () => {
    sagemaker.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: jobArn });

    await expect(launchTrainingJob(client, request())).resolves.toEqual({ jobName, arn: jobArn });
    expect(sagemaker).toHaveReceivedCommandExactlyOnceWith(CreateTrainingJobCommand, request());
  });

  it('builds a builder and sends what build() returns', async () => {
    sagemaker.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: jobArn });
    const builder = TrainingJobBuilder.from(request());

    await expect(launchTrainingJob(client, builder)).resolves.toEqual({ jobName, arn: jobArn });
    expect(sagemaker).toHaveReceivedCommandWith(CreateTrainingJobCommand, builder.build() as CreateTrainingJobCommandInput & Record<string, unknown>);
  });

  it('throws ValidationError listing the problems and sends nothing for an invalid request', async () => {
    const invalid = { ...request(), TrainingJobName: 'resnet50_p3', ResourceConfig: { InstanceType: 'p3.8xlarge', InstanceCount: 1, VolumeSizeInGB: 16 } };

    const error = await launchTrainingJob(client, invalid as CreateTrainingJobCommandInput).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ValidationError);
    const paths = (error as ValidationError).issues.filter((i) => i.severity === 'error').map((i) => i.path.join('.'));
    expect(paths).toContain('TrainingJobName');
    expect(paths).toContain('ResourceConfig.InstanceType');
    expect(sagemaker).toHaveReceivedCommandTimes(CreateTrainingJobCommand, 0);
  });

  it('lets the ValidationError of a builder through and sends nothing', async () => {
    const failing = {
      build(): CreateTrainingJobCommandInput {
        throw new ValidationError([{ path: ['RoleArn'], code: 'required', message: 'RoleArn is required', severity: 'error' }]);
      },
    };

    await expect(launchTrainingJob(client, failing)).rejects.toBeInstanceOf(ValidationError);
    expect(sagemaker).toHaveReceivedCommandTimes(CreateTrainingJobCommand, 0);
  });

  it('sends a request that has only warnings', async () => {
    sagemaker.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: jobArn });
    const future = { ...request(), ResourceConfig: { InstanceType: 'ml.p9.96xlarge', InstanceCount: 1, VolumeSizeInGB: 16 } };

    await expect(launchTrainingJob(client, future as CreateTrainingJobCommandInput)).resolves.toEqual({ jobName, arn: jobArn });
  });

  describe('when the name is taken (ResourceInUse)', () => {

    it('throws JobNameInUseError naming the job when the existing job is a different one', async () => {
      sagemaker.on(CreateTrainingJobCommand).rejects(inUse);
      sagemaker.on(DescribeTrainingJobCommand).resolves(
        describedAfter(phases.training, { CreationTime: new Date(), HyperParameters: { 'batch-size': '256', epochs: '5' } }),
      );

      const error = await launchTrainingJob(client, request()).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(JobNameInUseError);
      expect(error).toMatchObject({ jobName, cause: inUse });
      expect((error as Error).message).toMatch(/unique: true/);
    });

    it('reports the launch when the job there has the same spec and was just created (a retried CreateTrainingJob)', async () => {
      sagemaker.on(CreateTrainingJobCommand).rejects(inUse);
      sagemaker.on(DescribeTrainingJobCommand).resolves(
        describedAfter(phases.starting, {
          CreationTime: new Date(Date.now() - 5_000),
          // What the service adds on its own does not make it a different job.
          EnableNetworkIsolation: false,
          AlgorithmSpecification: { ...seedRequest.AlgorithmSpecification, EnableSageMakerMetricsTimeSeries: false },
        }),
      );

      await expect(launchTrainingJob(client, request())).resolves.toEqual({ jobName, arn: jobArn });
      expect(sagemaker).toHaveReceivedCommandWith(DescribeTrainingJobCommand, { TrainingJobName: jobName });
    });

    it('throws JobNameInUseError for a job with the same spec created long ago (an old run, not this launch)', async () => {
      sagemaker.on(CreateTrainingJobCommand).rejects(inUse);
      sagemaker.on(DescribeTrainingJobCommand).resolves(describedAfter(phases.completed, { CreationTime: new Date(Date.now() - 30 * 86_400_000) }));

      await expect(launchTrainingJob(client, request())).rejects.toBeInstanceOf(JobNameInUseError);
    });

    it('throws a LaunchError saying it cannot tell whose job it is when the existing job cannot be described', async () => {
      const denied = serviceError('AccessDeniedException', 'no describe');
      sagemaker.on(CreateTrainingJobCommand).rejects(inUse);
      sagemaker.on(DescribeTrainingJobCommand).rejects(denied);

      const error = await launchTrainingJob(client, request()).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(LaunchError);
      expect(error).not.toBeInstanceOf(JobNameInUseError);
      expect(error).toMatchObject({ jobName, cause: { name: 'NotAuthorizedError', action: 'sagemaker:DescribeTrainingJob', cause: denied } });
      expect((error as Error).message).toMatch(/could not be\s+checked/);
    });

    it('retries the describe of the existing job through throttling before deciding', async () => {
      sagemaker.on(CreateTrainingJobCommand).rejects(inUse);
      sagemaker
        .on(DescribeTrainingJobCommand)
        .rejectsOnce(serviceError('ThrottlingException', 'Rate exceeded'))
        .rejectsOnce(networkError('ECONNRESET'))
        .resolves(describedAfter(phases.starting, { CreationTime: new Date(Date.now() - 5_000) }));

      await expect(launchTrainingJob(client, request(), fast)).resolves.toEqual({ jobName, arn: jobArn });
      expect(sagemaker).toHaveReceivedCommandTimes(DescribeTrainingJobCommand, 3);
    });
  });

  describe('transient failures', () => {
    it('retries throttling, 5xx and resets itself, beyond the SDK client retries', async () => {
      sagemaker
        .on(CreateTrainingJobCommand)
        .rejectsOnce(serviceError('ThrottlingException', 'Rate exceeded'))
        .rejectsOnce(serviceError('InternalFailure', 'oops', 500))
        .rejectsOnce(networkError('ECONNRESET'))
        .resolves({ TrainingJobArn: jobArn });

      await expect(launchTrainingJob(client, request(), fast)).resolves.toEqual({ jobName, arn: jobArn });
      expect(sagemaker).toHaveReceivedCommandTimes(CreateTrainingJobCommand, 4);
    });

    it('reports its own job, not a name conflict, when a retried create meets the job the lost answer had made', async () => {
      sagemaker.on(CreateTrainingJobCommand).rejectsOnce(networkError('ECONNRESET')).rejects(inUse);
      sagemaker.on(DescribeTrainingJobCommand).resolves(describedAfter(phases.starting, { CreationTime: new Date(Date.now() - 1_000) }));

      await expect(launchTrainingJob(client, request(), fast)).resolves.toEqual({ jobName, arn: jobArn });
      expect(sagemaker).toHaveReceivedCommandTimes(CreateTrainingJobCommand, 2);
    });

    it('cuts off a create that never answers and retries it', async () => {
      sagemaker
        .on(CreateTrainingJobCommand)
        .callsFakeOnce(() => new Promise(() => undefined))
        .resolves({ TrainingJobArn: jobArn });

      await expect(launchTrainingJob(client, request(), { ...fast, timeouts: { firstByteMs: 40 } })).resolves.toEqual({ jobName, arn: jobArn });
      expect(sagemaker).toHaveReceivedCommandTimes(CreateTrainingJobCommand, 2);
    });

    it('rejects with the signal reason when aborted, and refuses bad options before sending', async () => {
      const controller = new AbortController();
      controller.abort(new Error('no'));
      await expect(launchTrainingJob(client, request(), { signal: controller.signal })).rejects.toThrow('no');
      await expect(launchTrainingJob(client, request(), { retry: { attempts: 0 } })).rejects.toThrow(/retry.attempts/);
      expect(sagemaker).toHaveReceivedCommandTimes(CreateTrainingJobCommand, 0);
    });
  });

  it('maps ResourceLimitExceeded to ResourceLimitError naming the instance type', async () => {
    const quota = serviceError(
      'ResourceLimitExceeded',
      "The account-level service limit 'ml.p3.8xlarge for training job usage' is 0 Instances, with current utilization of 0 Instances and a request delta of 1 Instances.",
    );
    sagemaker.on(CreateTrainingJobCommand).rejects(quota);

    const error = await launchTrainingJob(client, request()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ResourceLimitError);
    expect(error).toMatchObject({ jobName, instanceType: 'ml.p3.8xlarge', serviceMessage: quota.message, cause: quota });
    expect((error as Error).message).toMatch(/ml\.p3\.8xlarge/);
  });

  it('names the instance types of the instance groups in a quota error', async () => {
    sagemaker.on(CreateTrainingJobCommand).rejects(serviceError('ResourceLimitExceeded', 'limit'));
    const grouped = {
      ...request(),
      ResourceConfig: {
        VolumeSizeInGB: 16,
        InstanceGroups: [
          { InstanceGroupName: 'gpu', InstanceType: 'ml.p3.2xlarge', InstanceCount: 2 },
          { InstanceGroupName: 'cpu', InstanceType: 'ml.c5.xlarge', InstanceCount: 1 },
        ],
      },
    } as CreateTrainingJobCommandInput;

    const error = await launchTrainingJob(client, grouped).catch((e: unknown) => e);

    expect((error as ResourceLimitError).instanceType).toBe('ml.p3.2xlarge, ml.c5.xlarge');
  });

  it.each(['AccessDeniedException', 'AccessDenied', 'ExpiredTokenException', 'UnrecognizedClientException'])(
    'maps %s to AccessDeniedError with the role',
    async (name) => {
      const denied = serviceError(name, 'User: arn:aws:iam::245983579475:user/x is not authorized to perform: iam:PassRole', 403);
      sagemaker.on(CreateTrainingJobCommand).rejects(denied);

      const error = await launchTrainingJob(client, request()).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(AccessDeniedError);
      expect(error).toMatchObject({ jobName, roleArn: seedRole, serviceMessage: denied.message, cause: denied });
    },
  );

  it("maps the service's own ValidationException to ServiceValidationError with its text", async () => {
    const text = 'Could not assume role arn:aws:iam::245983579475:role/service-role/x. Please ensure that the role exists and allows principal sagemaker.amazonaws.com to assume the role.';
    sagemaker.on(CreateTrainingJobCommand).rejects(serviceError('ValidationException', text));

    const error = await launchTrainingJob(client, request()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ServiceValidationError);
    expect(error).toMatchObject({ jobName, serviceMessage: text });
    expect((error as Error).message).toContain(text);
  });

  it('wraps a throttling or network error that outlasted the retries in LaunchError, saying the job may exist', async () => {
    const reset = networkError('ECONNRESET');
    sagemaker.on(CreateTrainingJobCommand).rejects(reset);

    const error = await launchTrainingJob(client, request(), { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LaunchError);
    expect(error).not.toBeInstanceOf(JobNameInUseError);
    expect(error).toMatchObject({ jobName, cause: reset });
    expect((error as Error).message).toMatch(/may or may not have been created/);
    expect((error as Error).message).toMatch(/3 attempts/);
    expect(sagemaker).toHaveReceivedCommandTimes(CreateTrainingJobCommand, 3);
  });

  it('wraps any other service error in LaunchError keeping it as cause', async () => {
    const odd = serviceError('ConflictException', 'something else');
    sagemaker.on(CreateTrainingJobCommand).rejects(odd);

    const error = await launchTrainingJob(client, request()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LaunchError);
    expect((error as LaunchError).cause).toBe(odd);
    expect((error as Error).message).toContain('something else');
  });
});
