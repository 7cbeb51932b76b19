// test/bestEpoch.test.ts (run it with `npx vitest run`)
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TrainingJobBuilder, logSourceForJob, parseTrainingLog, type Clients } from 'sagemaker-bench';
import {
  clientsFor,
  motoAvailable,
  seedTrainingJob,
  startFaultProxy,
  startMoto,
  tenPercentFaults,
  type FaultProxy,
  type MotoServer,
} from 'sagemaker-bench/testing';

// The code under test (yours comes from your project): the epoch with the lowest val_loss.
async function bestEpoch(clients: Clients, jobName: string): Promise<number | undefined> {
  const { epochs } = await parseTrainingLog(await logSourceForJob(clients, jobName));
  let best: { epoch: number; loss: number } | undefined;
  for (const { epoch, metrics } of epochs) {
    const loss = metrics.val_loss;
    if (loss !== undefined && (best === undefined || loss < best.loss)) best = { epoch, loss };
  }
  return best?.epoch;
}

// A job as your code would launch it, and the Keras log its training script printed.
const job = (name: string) =>
  new TrainingJobBuilder()
    .name(name)
    .image('123456789012.dkr.ecr.us-east-1.amazonaws.com/cnn:latest')
    .role('arn:aws:iam::123456789012:role/SageMakerRole')
    .outputPath('s3://my-bucket/jobs/')
    .instance('ml.m5.xlarge');
const log = `Epoch 1/3
469/469 [==============================] - 12s 25ms/step - loss: 0.4000 - val_loss: 0.2000
Epoch 2/3
469/469 [==============================] - 11s 24ms/step - loss: 0.2000 - val_loss: 0.1500
Epoch 3/3
469/469 [==============================] - 11s 24ms/step - loss: 0.1000 - val_loss: 0.1800
`;

const moto = motoAvailable();
if (!moto.ok) console.warn(`skipping the moto tests: ${moto.reason}`);

describe.skipIf(!moto.ok)('bestEpoch against moto', () => {
  let server: MotoServer;
  let proxy: FaultProxy;

  beforeAll(async () => {
    server = await startMoto();
    proxy = await startFaultProxy({ target: server.endpoint, seed: 1 });
  }, 30_000);

  afterAll(async () => {
    await proxy?.stop();
    await server?.stop();
  });

  beforeEach(async () => {
    await server.reset(); // every test starts from an empty moto
    proxy.setRules([]);
  });

  it('finds the best epoch in the log the script wrote to S3', async () => {
    await seedTrainingJob(server.clients, job('cnn-s3'), { s3Log: log });

    expect(await bestEpoch(server.clients, 'cnn-s3')).toBe(2);
  });

  it('finds it in CloudWatch when the job wrote no S3 log', async () => {
    await seedTrainingJob(server.clients, job('cnn-cloudwatch'), { cloudWatchLog: log });

    expect(await bestEpoch(server.clients, 'cnn-cloudwatch')).toBe(2);
  });

  it('still finds it when AWS throttles, fails and drops connections', async () => {
    await seedTrainingJob(server.clients, job('cnn-faults'), { cloudWatchLog: log });
    proxy.setRules(tenPercentFaults());

    expect(await bestEpoch(clientsFor(proxy), 'cnn-faults')).toBe(2);
    const { faults } = proxy.stats(); // seeded: the same requests fail on every run
    expect(faults.throttle + faults.internal + faults.unavailable + faults.reset).toBeGreaterThan(0);
  });
});
