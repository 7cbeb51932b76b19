/**
 * LocalSageMakerClient through the library's own functions: launch, wait, describe, stop, logs,
 * with the process runtime and the example training script (python3), file:// channels and
 * outputs. The S3 paths and the docker runtime have their own tests.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { CreateEndpointCommand, ListTrainingJobsCommand } from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainingJobBuilder } from '../../src/builder/TrainingJobBuilder';
import { JobNameInUseError, LocalModeError, TrainingJobFailedError, TrainingJobNotFoundError, ValidationError } from '../../src/errors';
import { describeTrainingJob } from '../../src/jobs/describeTrainingJob';
import { launchTrainingJob } from '../../src/jobs/launchTrainingJob';
import { stopTrainingJob } from '../../src/jobs/stopTrainingJob';
import { summarizeTrainingJob } from '../../src/jobs/summarizeTrainingJob';
import { waitForTrainingJob } from '../../src/jobs/waitForTrainingJob';
import { logSourceForJob } from '../../src/logs/logSourceForJob';
import { readLogText } from '../../src/logs/readLogText';
import { trainingJobCost } from '../../src/cost/trainingJobCost';
import { createLocalClients } from '../../src/local/createLocalClients';
import { LocalSageMakerClient } from '../../src/local/LocalSageMakerClient';
import { parseTrainingLog } from '../../src/metrics/parseTrainingLog';

const TRAIN = join(import.meta.dirname, '../../examples/local/train.py');
const fast = { minDelay: 0.05, maxDelay: 0.1 };

let root: string;
let data: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sm-local-'));
  data = join(root, 'data');
  execFileSync('python3', [TRAIN, '--generate', data, '--samples', '600']);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function job(name: string, hyperParameters: Record<string, string | number> = {}): TrainingJobBuilder {
  return new TrainingJobBuilder()
    .name(name)
    .image('local/train:latest')
    .role('arn:aws:iam::123456789012:role/SageMakerRole')
    .instance('ml.m5.large')
    .channel('training', pathToFileURL(`${data}/`).href)
    .outputPath(pathToFileURL(`${root}/out/`).href)
    .hyperParameters({ epochs: 3, ...hyperParameters })
    .metricDefinitions({ 'val:accuracy': 'val_accuracy: ([0-9.]+)' });
}

function clientIn(dir: string, options: Partial<ConstructorParameters<typeof LocalSageMakerClient>[0]> = {}): SageMakerClient {
  return new LocalSageMakerClient({ workDir: dir, runtime: 'process', command: ['python3', TRAIN], stopGraceSeconds: 2, ...options }) as unknown as SageMakerClient;
}

describe('LocalSageMakerClient', () => {
  it('runs a builder job through launch and wait to Completed, with the statuses, times and artifacts SageMaker reports', async () => {
    const client = clientIn(join(root, 'w1'));
    const { jobName, arn } = await job('local-ok-1').launch(client);
    expect(arn).toBe('arn:aws:sagemaker:local:local:training-job/local-ok-1');
    const statuses: string[] = [];
    const final = await waitForTrainingJob(client, jobName, { ...fast, onStatus: (e) => statuses.push(`${e.status}/${e.secondaryStatus}`) });
    expect(final.TrainingJobStatus).toBe('Completed');
    expect(final.SecondaryStatusTransitions!.map((t) => t.Status)).toEqual(['Starting', 'Downloading', 'Training', 'Uploading', 'Completed']);
    expect(final.TrainingStartTime!.getTime()).toBeGreaterThanOrEqual(final.CreationTime!.getTime());
    expect(final.TrainingEndTime!.getTime()).toBeGreaterThanOrEqual(final.TrainingStartTime!.getTime());
    expect(final.TrainingTimeInSeconds).toBeGreaterThanOrEqual(0);
    expect(final.BillableTimeInSeconds).toBe(0);
    expect(final.ModelArtifacts?.S3ModelArtifacts).toBe(pathToFileURL(`${root}/out/local-ok-1/output/model.tar.gz`).href);
    const listing = execFileSync('tar', ['-tzf', join(root, 'out/local-ok-1/output/model.tar.gz')], { encoding: 'utf8' });
    expect(listing).toMatch(/model\.json/);
    expect(existsSync(join(root, 'out/local-ok-1/output/output.tar.gz'))).toBe(true);
    expect(final.FinalMetricDataList?.map((m) => m.MetricName)).toEqual(['val:accuracy']);
    expect(final.FinalMetricDataList![0]!.Value).toBeGreaterThan(0.3);
    expect(statuses.at(-1)).toBe('Completed/Completed');
    expect(summarizeTrainingJob(final).status).toBe('Completed');
    const cost = trainingJobCost(final);
    expect(cost.billedInstanceSeconds).toBe(0);
    expect(cost.usd).toBe(0);
  });

  it('keeps the log per host with timestamps, for logSourceForJob, readLogText and parseTrainingLog', async () => {
    const dir = join(root, 'w1');
    const clients = { ...createLocalClients({ workDir: dir, runtime: 'process', command: ['python3', TRAIN] }) };
    const source = await logSourceForJob(clients, 'local-ok-1');
    const text = await readLogText(source);
    expect(text).toMatch(/Epoch 3\/3/);
    const events = [];
    for await (const e of source.read()) events.push(e);
    expect(events[0]!.source).toMatch(/^local-ok-1\/algo-1-\d{10}$/);
    expect(events[0]!.timestamp).toBeInstanceOf(Date);
    const metrics = await parseTrainingLog(source);
    expect(metrics.format).toBe('keras');
    expect(metrics.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
  });

  it('has no log source for a job it never ran: TrainingJobNotFoundError, as for SageMaker', async () => {
    const clients = createLocalClients({ workDir: join(root, 'w-missing'), runtime: 'process', command: ['true'] });
    const error = await logSourceForJob(clients, 'never-ran-1').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingJobNotFoundError);
    expect((error as TrainingJobNotFoundError).jobName).toBe('never-ran-1');
  });

  it('describes a job from another client (another process) on the same workDir', async () => {
    const other = clientIn(join(root, 'w1'));
    const d = await describeTrainingJob(other, 'local-ok-1');
    expect(d.TrainingJobStatus).toBe('Completed');
    const list = await (other as unknown as LocalSageMakerClient).send(new ListTrainingJobsCommand({ NameContains: 'ok' }));
    expect((list as { TrainingJobSummaries: { TrainingJobName: string }[] }).TrainingJobSummaries.map((s) => s.TrainingJobName)).toEqual(['local-ok-1']);
  });

  it('refuses a used name as the service does, so the launch throws JobNameInUseError', async () => {
    const client = clientIn(join(root, 'w1'));
    await expect(job('local-ok-1').hyperParameters({ epochs: 4 }).launch(client)).rejects.toBeInstanceOf(JobNameInUseError);
  });

  it('accepts file:// URIs only in local mode: build() for SageMaker refuses them, with a hint', () => {
    expect(() => job('local-uri-1').build()).toThrow(ValidationError);
    expect(() => job('local-uri-1').build()).toThrow(/file:\/\/ URIs work only in local mode/);
  });

  it('fails a job whose script exits non-zero, with the failure file as FailureReason', async () => {
    const client = clientIn(join(root, 'w2'));
    const { jobName } = await job('local-bad-1', { epochs: 'many' }).launch(client);
    const error = await waitForTrainingJob(client, jobName, fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingJobFailedError);
    const d = await describeTrainingJob(client, jobName);
    expect(d.TrainingJobStatus).toBe('Failed');
    expect(d.FailureReason).toMatch(/epochs/);
    expect(d.SecondaryStatusTransitions!.at(-1)!.Status).toBe('Failed');
  });

  it('stops a job at MaxRuntimeInSeconds: SIGTERM, status Stopped, secondary status MaxRuntimeExceeded', async () => {
    const client = clientIn(join(root, 'w3'));
    const { jobName } = await job('local-slow-1', { epochs: 50, 'sleep-per-epoch': 1 }).maxRuntime(2).launch(client);
    const d = await waitForTrainingJob(client, jobName, { ...fast, stoppedIsError: false });
    expect(d.TrainingJobStatus).toBe('Stopped');
    expect(d.SecondaryStatusTransitions!.map((t) => t.Status)).toContain('MaxRuntimeExceeded');
    expect(d.SecondaryStatus).toBe('MaxRuntimeExceeded');
    expect(d.SecondaryStatusTransitions!.map((t) => t.Status)).toEqual(['Starting', 'Downloading', 'Training', 'Stopping', 'Uploading', 'MaxRuntimeExceeded']);
  });

  it('stops a job on StopTrainingJob through Stopping to Stopped, its process gone', async () => {
    const client = clientIn(join(root, 'w4'));
    const { jobName } = await job('local-stop-1', { epochs: 50, 'sleep-per-epoch': 1 }).launch(client);
    await waitForTraining(client, jobName);
    await stopTrainingJob(client, jobName);
    const d = await waitForTrainingJob(client, jobName, { ...fast, stoppedIsError: false });
    expect(d.TrainingJobStatus).toBe('Stopped');
    expect(d.SecondaryStatusTransitions!.map((t) => t.Status)).toEqual(['Starting', 'Downloading', 'Training', 'Stopping', 'Uploading', 'Stopped']);
    // What the script saved in its SIGTERM grace is the job's model, as on SageMaker.
    expect(d.ModelArtifacts?.S3ModelArtifacts).toBe(pathToFileURL(`${root}/out/local-stop-1/output/model.tar.gz`).href);
  });

  it('ends a host when its entry process exits, ending what it left running, as a container ends with PID 1', async () => {
    const dir = join(root, 'w10');
    const client = clientIn(dir, { command: ['sh', '-c', 'sleep 30 & echo main-done'] });
    const started = Date.now();
    const { jobName } = await job('local-bg-1').launch(client);
    const d = await waitForTrainingJob(client, jobName, fast);
    expect(d.TrainingJobStatus).toBe('Completed');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(processesWithEnvironment(dir)).toEqual([]);
  });

  it('keeps stdout and stderr lines apart when one writes in the middle of the other\'s line', async () => {
    const dir = join(root, 'w11');
    const script = "import sys,time; sys.stdout.write('epoch 1/3 ....'); sys.stdout.flush(); time.sleep(0.2); sys.stderr.write('WARNING something\\n'); sys.stderr.flush(); time.sleep(0.2); sys.stdout.write(' done\\n')";
    const client = clientIn(dir, { command: ['python3', '-c', script] });
    const { jobName } = await job('local-pipes-1').launch(client);
    await waitForTrainingJob(client, jobName, fast);
    const text = await readLogText(await logSourceForJob(createLocalClients({ workDir: dir, runtime: 'process', command: ['true'] }), jobName));
    expect(text.split('\n').sort()).toEqual(['WARNING something', 'epoch 1/3 .... done']);
  });

  it('runs two jobs at once', async () => {
    const client = clientIn(join(root, 'w5'));
    const a = await job('local-two-a').launch(client);
    const b = await job('local-two-b').launch(client);
    const [da, db] = await Promise.all([waitForTrainingJob(client, a.jobName, fast), waitForTrainingJob(client, b.jobName, fast)]);
    expect([da.TrainingJobStatus, db.TrainingJobStatus]).toEqual(['Completed', 'Completed']);
  });

  it('answers any other command with a LocalModeError naming it', async () => {
    const client = new LocalSageMakerClient({ workDir: join(root, 'w6'), runtime: 'process', command: ['true'] });
    const error = await client.send(new CreateEndpointCommand({ EndpointName: 'x', EndpointConfigName: 'y' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalModeError);
    expect((error as LocalModeError).commandName).toBe('CreateEndpointCommand');
  });

  it('refuses options it cannot use', () => {
    expect(() => new LocalSageMakerClient({ runtime: 'process' })).toThrow(/needs a command/);
    expect(() => new LocalSageMakerClient({ runtime: 'vm' as never })).toThrow(/runtime must be/);
    expect(() => new LocalSageMakerClient({ command: [] })).toThrow(/non-empty array/);
  });

  it('says what is missing when auto finds no docker daemon and has no command', async () => {
    const client = new LocalSageMakerClient({ workDir: join(root, 'w7'), docker: join(root, 'no-such-docker') }) as unknown as SageMakerClient;
    await expect(launchTrainingJob(client, job('local-auto-1'))).rejects.toThrow(/no docker daemon answers, and no command was given/);
  });

  it('describes a job whose runner process vanished as Failed, never InProgress forever', async () => {
    const dir = join(root, 'w8');
    const child = await launchInAnotherProcess(dir, 'local-orphan-1');
    child.kill('SIGKILL'); // no exit handler runs: the runner just vanishes
    await new Promise((r) => child.on('close', r));
    // The next launch on this workDir (a rerun) ends what the vanished runner left, before any describe.
    expect(processesWithEnvironment(join(dir, 'jobs', 'local-orphan-1')).length).toBeGreaterThan(0);
    await job('local-orphan-rerun').hyperParameters({ epochs: 1 }).launch(clientIn(dir));
    // The orphans get SIGTERM, then SIGKILL after the grace: gone within seconds, however loaded the machine.
    for (let waited = 0; waited < 10_000 && processesWithEnvironment(join(dir, 'jobs', 'local-orphan-1')).length > 0; waited += 100) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(processesWithEnvironment(join(dir, 'jobs', 'local-orphan-1'))).toEqual([]);
    const d = await describeTrainingJob(clientIn(dir), 'local-orphan-1');
    expect(d.TrainingJobStatus).toBe('Failed');
    expect(d.FailureReason).toMatch(/the process that ran the local job \(pid \d+\) is gone/);
    await waitForTrainingJob(clientIn(dir), 'local-orphan-rerun', fast).catch(() => undefined);
  }, 30_000);

  it('describes a job whose process exited right after asking it to stop as Stopped, not Failed', async () => {
    const dir = join(root, 'w10');
    // What a sweep aborted by Ctrl-C does: ask for the stop, then end the process at once.
    const script = `
      import { TrainingJobBuilder } from ${JSON.stringify(join(import.meta.dirname, '../../src/builder/TrainingJobBuilder.ts'))};
      import { LocalSageMakerClient } from ${JSON.stringify(join(import.meta.dirname, '../../src/local/LocalSageMakerClient.ts'))};
      import { DescribeTrainingJobCommand, StopTrainingJobCommand } from '@aws-sdk/client-sagemaker';
      const client = new LocalSageMakerClient({ workDir: ${JSON.stringify(dir)}, runtime: 'process', command: ['python3', ${JSON.stringify(TRAIN)}], stopGraceSeconds: 120 });
      await new TrainingJobBuilder().name('local-stopping-1').image('i').role('arn:aws:iam::123456789012:role/r').instance('ml.m5.large')
        .outputPath(${JSON.stringify(pathToFileURL(`${root}/out/`).href)}).hyperParameters({ epochs: 100, 'sleep-per-epoch': 1 }).launch(client);
      for (;;) {
        const d = await client.send(new DescribeTrainingJobCommand({ TrainingJobName: 'local-stopping-1' }));
        if (d.SecondaryStatus === 'Training') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      void client.send(new StopTrainingJobCommand({ TrainingJobName: 'local-stopping-1' }));
      await new Promise((r) => setTimeout(r, 20));
      process.exit(0);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_NO_WARNINGS: '1' } });
    await new Promise((r) => child.on('close', r));
    const d = await describeTrainingJob(clientIn(dir), 'local-stopping-1');
    expect(d.TrainingJobStatus).toBe('Stopped');
    expect(d.FailureReason).toBeUndefined();
    expect(processesWithEnvironment(join(dir, 'jobs', 'local-stopping-1'))).toEqual([]);
  }, 30_000);

  it('stops its jobs when the Node process that runs them is interrupted (SIGINT), leaving no process behind', async () => {
    const dir = join(root, 'w9');
    const child = await launchInAnotherProcess(dir, 'local-int-1', 1);
    child.kill('SIGINT');
    const [code, signal] = await new Promise<[number | null, string | null]>((r) => child.on('close', (c, s) => r([c, s])));
    expect(signal ?? code).toBe(signal === null ? 130 : 'SIGINT');
    const d = await describeTrainingJob(clientIn(dir), 'local-int-1');
    expect(d.TrainingJobStatus).toBe('Stopped');
    expect(processesWithEnvironment(dir)).toEqual([]);
  }, 30_000);
});

/** A Node process that launches a long local job and keeps running it; resolves once it trains. */
async function launchInAnotherProcess(dir: string, name: string, stopGraceSeconds = 120): Promise<ChildProcess> {
  const script = `
    import { TrainingJobBuilder } from ${JSON.stringify(join(import.meta.dirname, '../../src/builder/TrainingJobBuilder.ts'))};
    import { LocalSageMakerClient } from ${JSON.stringify(join(import.meta.dirname, '../../src/local/LocalSageMakerClient.ts'))};
    const client = new LocalSageMakerClient({ workDir: ${JSON.stringify(dir)}, runtime: 'process', command: ['python3', ${JSON.stringify(TRAIN)}], stopGraceSeconds: ${stopGraceSeconds} });
    await new TrainingJobBuilder().name(${JSON.stringify(name)}).image('i').role('arn:aws:iam::123456789012:role/r').instance('ml.m5.large')
      .outputPath(${JSON.stringify(pathToFileURL(`${root}/out/`).href)}).hyperParameters({ epochs: 100, 'sleep-per-epoch': 1 }).launch(client);
    console.log('launched');
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_NO_WARNINGS: '1' } });
  await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('launched') && resolve()));
  await waitForTraining(clientIn(dir), name);
  return child;
}

/** Until the job is in its Training phase. */
async function waitForTraining(client: SageMakerClient, jobName: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const d = await describeTrainingJob(client, jobName);
    if (d.SecondaryStatus === 'Training') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${jobName} never reached Training`);
}

/** The pids of live processes whose environment mentions `text` (Linux /proc). */
function processesWithEnvironment(text: string): number[] {
  if (process.platform !== 'linux') return [];
  const out: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').includes(text)) out.push(Number(pid));
    } catch {
      // gone, or not ours
    }
  }
  return out;
}
