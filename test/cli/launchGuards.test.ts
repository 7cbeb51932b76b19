/**
 * What `launch` does so that a job it started is never left running by accident, and prices in
 * the region the job goes to: in-process runs of the command, the SageMaker client mocked.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTrainingJobCommand, DescribeTrainingJobCommand, SageMakerClient, StopTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { seedRequest } from '../fixtures/seed';
import { describedAfter, phases, serviceError } from '../jobs/fixtures';
import { runInProcess, serverEnv } from './support/inProcessCli';

const sagemaker = mockClient(SageMakerClient);
const dir = mkdtempSync(join(tmpdir(), 'sb-launch-guards-'));
const requestFile = join(dir, 'request.json');
writeFileSync(requestFile, JSON.stringify(seedRequest));
const jobName = seedRequest.TrainingJobName!;
const arn = `arn:aws:sagemaker:us-east-1:123456789012:training-job/${jobName}`;
const env = serverEnv();
// The SDK reads its variables from process.env (the bin's io.env is process.env): set them here too.
const saved = { ...process.env };
for (const [key, value] of Object.entries(env)) if (value !== undefined) process.env[key] = value;

afterAll(() => {
  process.env = saved;
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => sagemaker.reset());

describe('sagemaker-bench launch', () => {
  it('stops a job whose creation a Ctrl-C interrupted, once it exists, and exits 130', async () => {
    let interrupt: (() => void) | undefined;
    sagemaker.on(CreateTrainingJobCommand).callsFake(async () => {
      interrupt?.(); // Ctrl-C while CreateTrainingJob is on its way
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { TrainingJobArn: arn };
    });
    sagemaker.on(StopTrainingJobCommand).resolves({});
    sagemaker.on(DescribeTrainingJobCommand).resolves({ ...describedAfter(phases.training), TrainingJobStatus: 'Stopping' });

    const run = await runInProcess(['launch', requestFile, '--wait', '--yes'], {
      env,
      onStart: (ctrlC) => (interrupt = () => ctrlC()),
    });

    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(new RegExp(`Ctrl-C: ${jobName} is being created; it is stopped as soon as it exists`));
    expect(run.stderr).toMatch(/stop requested/);
    expect(sagemaker).toHaveReceivedCommandWith(StopTrainingJobCommand, { TrainingJobName: jobName });
    expect(sagemaker).toHaveReceivedCommandTimes(DescribeTrainingJobCommand, 0);
  });

  it('stops the job it started when watching it fails, says so, and exits 1 with the watch error', async () => {
    sagemaker.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: arn });
    sagemaker.on(DescribeTrainingJobCommand).rejects(serviceError('AccessDeniedException', 'not authorized to perform sagemaker:DescribeTrainingJob'));
    sagemaker.on(StopTrainingJobCommand).resolves({});

    const run = await runInProcess(['launch', requestFile, '--wait', '--yes'], { env });

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`Watching ${jobName} failed \\(.*sagemaker:DescribeTrainingJob.*\\): stopping it, since this command started it`));
    expect(run.stderr).toMatch(/error: Not authorized to call sagemaker:DescribeTrainingJob/);
    expect(sagemaker).toHaveReceivedCommandWith(StopTrainingJobCommand, { TrainingJobName: jobName });
  });

  it('prints the worst case in the region the job goes to, and none is made up for a region without prices', async () => {
    sagemaker.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: arn });

    const east = await runInProcess(['launch', requestFile, '--yes'], { env });
    const tokyo = await runInProcess(['launch', requestFile, '--yes', '--region', 'ap-northeast-1'], { env });

    expect(east.code).toBe(0);
    expect(east.stdout).toBe(`${jobName}\n`);
    expect(east.stderr).toMatch(/, us-east-1\): worst case \$\d+\.\d\d/);
    expect(tokyo.code).toBe(0);
    expect(tokyo.stderr).toMatch(/, ap-northeast-1\): worst case unknown/);
  });

  it('says no region is configured before pricing or sending anything', async () => {
    delete process.env.AWS_REGION;
    const run = await runInProcess(['launch', requestFile, '--yes'], { env: { ...env, AWS_REGION: undefined } }).finally(() => {
      process.env.AWS_REGION = env.AWS_REGION;
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: No AWS region is configured: .*--region.*AWS_REGION/m);
    expect(sagemaker).toHaveReceivedCommandTimes(CreateTrainingJobCommand, 0);
  });
});
