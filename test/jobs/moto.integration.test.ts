/**
 * Launch, describe, wait and summarize with the real SDK client against moto
 * (`python3 -m moto.server`), the AWS emulator: the wire format, moto's own wording of
 * "not found", and the waiter through throttled describes. moto completes every training job
 * at once, so status timelines are tested against the timeline endpoint instead
 * (lifecycle.integration.test.ts).
 */
import { type CreateTrainingJobCommandInput, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TrainingJobNotFoundError, ValidationError } from '../../src/errors';
import type { Clients } from '../../src/jobs/Clients';
import { createClients } from '../../src/jobs/createClients';
import { describeTrainingJob } from '../../src/jobs/describeTrainingJob';
import { launchTrainingJob } from '../../src/jobs/launchTrainingJob';
import { summarizeTrainingJob } from '../../src/jobs/summarizeTrainingJob';
import type { TrainingJobStatusEvent } from '../../src/jobs/TrainingJobStatusEvent';
import { waitForTrainingJob } from '../../src/jobs/waitForTrainingJob';
import { seedRequest } from '../fixtures/seed';
import { fakeCredentials } from '../support/fakeCredentials';
import { type FaultProxy, startFaultProxy } from '../support/faultProxy';
import { type MotoServer, motoAvailable, startMoto } from '../support/moto';

const moto = motoAvailable();
if (!moto.ok) console.warn(`Skipping the moto integration tests of the job lifecycle: ${moto.reason}`);

function request(name: string): CreateTrainingJobCommandInput {
  return { ...(structuredClone(seedRequest) as unknown as CreateTrainingJobCommandInput), TrainingJobName: name };
}

describe.skipIf(!moto.ok)('job lifecycle against moto', () => {
  let server: MotoServer;
  let proxy: FaultProxy;
  let clients: Clients;

  beforeAll(async () => {
    server = await startMoto();
    proxy = await startFaultProxy({ target: server.endpoint, seed: 5 });
    clients = createClients({ endpoint: proxy.endpoint, region: 'us-east-1', credentials: fakeCredentials });
  });

  afterAll(async () => {
    clients?.sagemaker.destroy();
    await proxy?.stop();
    await server?.stop();
  });

  beforeEach(async () => {
    proxy.setRules([]);
    proxy.resetStats();
    await server.reset();
  });

  it('launches the seed job and reads it back', async () => {
    const launched = await launchTrainingJob(clients.sagemaker, request(seedRequest.TrainingJobName));

    expect(launched.jobName).toBe(seedRequest.TrainingJobName);
    expect(launched.arn).toMatch(new RegExp(`^arn:aws:sagemaker:us-east-1:\\d{12}:training-job/${seedRequest.TrainingJobName}$`));
    const described = await describeTrainingJob(clients.sagemaker, seedRequest.TrainingJobName);
    expect(described).toMatchObject({
      TrainingJobName: seedRequest.TrainingJobName,
      TrainingJobArn: launched.arn,
      RoleArn: seedRequest.RoleArn,
      HyperParameters: seedRequest.HyperParameters,
      ResourceConfig: seedRequest.ResourceConfig,
      StoppingCondition: seedRequest.StoppingCondition,
    });
    expect(described.CreationTime).toBeInstanceOf(Date);
  });

  it('waits for a moto job (completed at once) through throttled describes and summarizes it', async () => {
    const name = 'moto-wait-summary';
    await launchTrainingJob(clients.sagemaker, request(name));
    proxy.setRules([{ operation: 'DescribeTrainingJob', kind: 'throttle', rate: 1, max: 2 }]);
    const bare = new SageMakerClient({ endpoint: proxy.endpoint, region: 'us-east-1', credentials: fakeCredentials, maxAttempts: 1 });
    const events: TrainingJobStatusEvent[] = [];
    try {
      const final = await waitForTrainingJob(bare, name, { minDelay: 0.02, maxDelay: 0.1, onStatus: (e) => events.push(e) });

      expect(final.TrainingJobStatus).toBe('Completed');
      expect(proxy.stats().faults.throttle).toBe(2);
      expect(events.map((e) => `${e.status}/${e.secondaryStatus}`)).toEqual(['Completed/Completed']);
      const summary = summarizeTrainingJob(final);
      expect(summary).toMatchObject({ jobName: name, status: 'Completed', instanceType: 'ml.p3.8xlarge', instanceCount: 1, spot: false });
      expect(summary.createdAt).toBeInstanceOf(Date);
      expect(summary.phases.length).toBeGreaterThan(0);
      expect(Object.keys(summary.finalMetrics).length).toBe((final.FinalMetricDataList ?? []).length);
    } finally {
      bare.destroy();
    }
  });

  it("recognises moto's wording of a missing job as TrainingJobNotFoundError", async () => {
    const error = await describeTrainingJob(clients.sagemaker, 'moto-no-such-job').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TrainingJobNotFoundError);
    expect((error as TrainingJobNotFoundError).jobName).toBe('moto-no-such-job');
    const cause = (error as TrainingJobNotFoundError).cause as Error;
    expect(cause.name).toBe('ValidationException');
    expect(cause.message).toMatch(/Could not find training job/);
  });

  it('ends a wait for a missing job with TrainingJobNotFoundError', async () => {
    await expect(waitForTrainingJob(clients.sagemaker, 'moto-no-such-job', { minDelay: 0.02, maxDelay: 0.1 })).rejects.toBeInstanceOf(
      TrainingJobNotFoundError,
    );
  });

  it('sends nothing to moto for an invalid request', async () => {
    const invalid = { ...request('moto-invalid'), ResourceConfig: { InstanceType: 'p3.8xlarge', InstanceCount: 0, VolumeSizeInGB: 16 } };

    const error = await launchTrainingJob(clients.sagemaker, invalid as CreateTrainingJobCommandInput).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ValidationError);
    expect(proxy.stats().byOperation.CreateTrainingJob ?? 0).toBe(0);
  });
});
