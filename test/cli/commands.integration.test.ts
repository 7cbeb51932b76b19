/**
 * The job commands (`launch`, `status`, `cost`, `wait`, `stop`, `logs`, `metrics`) as a user
 * meets them: the real bin in a child process, against our SageMaker timeline endpoint (jobs
 * that move through their statuses on a fast clock) and moto (S3 text logs, CloudWatch streams),
 * reached through AWS_ENDPOINT_URL_SAGEMAKER / _S3 / _CLOUDWATCH_LOGS as a user would set them.
 * What needs no real process (usage errors, --json, files) runs in-process, with the same
 * variables set on this test process (vitest runs each file in a process of its own), to keep
 * the spawns few.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatUsd } from '../../src/cli/internal/formatDuration';
import { trainingJobCost } from '../../src/cost/trainingJobCost';
import type { Clients } from '../../src/jobs/Clients';
import { createClients } from '../../src/jobs/createClients';
import { describeTrainingJob } from '../../src/jobs/describeTrainingJob';
import { seedRequest } from '../fixtures/seed';
import { fakeCredentials } from '../support/fakeCredentials';
import { type MotoServer, motoAvailable, startMoto } from '../support/moto';
import { ScaledClock, standardTimeline, startSageMakerTimelineServer } from '../support/sagemakerTimelineServer';
import type { Clock, SageMakerTimelineOptions, SageMakerTimelineServer } from '../support/sagemakerTimelineServer';
import { BIN, runChild, TSX_LOADER } from './support/childCli';
import type { ChildRun } from './support/childCli';
import { eventually } from './support/exampleSweep';
import { runInProcess, serverEnv } from './support/inProcessCli';
import type { RecordedRun } from './support/inProcessCli';

// Each test runs the real bin (tsx compiling src/ at start-up) once or twice: on a loaded machine
// that alone can take seconds. The limit is a guard against hangs, not a measure.
vi.setConfig({ testTimeout: 60_000 });

const moto = motoAvailable();
if (!moto.ok) console.warn(`CLI command integration tests skipped: ${moto.reason}`);

const BUCKET = 'cli-bench-bucket';
const GROUP = '/aws/sagemaker/TrainingJobs';
/** Job time runs this many times faster than real time: a 300 s job takes 1.5 s. */
const SCALE = 200;

/** A JS stack frame (`    at fn (file:1:2)`). */
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

/** The jobs' timelines: 300 s (1.5 s of real time), or by the name's end: failed, stopped, or running for ever. */
const TIMELINES: Pick<SageMakerTimelineOptions, 'defaultScript' | 'scriptFor' | 'stopSeconds'> = {
  defaultScript: standardTimeline({ starting: 60, downloading: 60, training: 120, uploading: 60 }),
  stopSeconds: 30,
  scriptFor: (name) => {
    if (name.endsWith('-fail')) return standardTimeline({ starting: 60, downloading: 60, training: 120, end: { failed: 'AlgorithmError: CUDA out of memory' } });
    if (name.endsWith('-halt')) return standardTimeline({ starting: 60, downloading: 60, training: 120, end: 'Stopped' });
    if (name.endsWith('-long')) return standardTimeline({ starting: 60, downloading: 60, training: 10_000_000 });
    return undefined;
  },
};

/**
 * A clock that stands still until `release()`, then runs SCALE times faster than real time: a
 * job waited for does not move before the command's first DescribeTrainingJob, however slowly
 * the child process starts.
 */
class HeldClock implements Clock {
  readonly #start = Math.floor(Date.now() / 1000) * 1000;
  #released: number | undefined;

  now(): number {
    return this.#released === undefined ? this.#start : this.#start + (Date.now() - this.#released) * SCALE;
  }

  release(): void {
    this.#released ??= Date.now();
  }
}

/** A Keras `fit(verbose=2)` log of `epochs` epochs, as train.py prints it. */
function kerasLog(epochs: number): { text: string; losses: string[] } {
  const lines = ['Using TensorFlow backend.'];
  const losses: string[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const loss = (2 / (epoch + 1)).toFixed(4);
    losses.push(loss);
    lines.push(`Epoch ${epoch}/${epochs}`, `25/25 - 1s - loss: ${loss} - accuracy: 0.${60 + epoch * 5}00 - val_loss: ${(Number(loss) + 0.1).toFixed(4)} - val_accuracy: 0.${55 + epoch * 5}00 - 1${epoch}0ms/epoch - 4ms/step`);
  }
  return { text: `${lines.join('\n')}\n`, losses };
}

/** A request of the seed's shape for `name`, writing under the test bucket. */
function requestFor(name: string): CreateTrainingJobCommandInput {
  return { ...(structuredClone(seedRequest) as unknown as CreateTrainingJobCommandInput), TrainingJobName: name, OutputDataConfig: { S3OutputPath: `s3://${BUCKET}/jobs/` } };
}

describe.skipIf(!moto.ok)('sagemaker-bench job commands against the timeline endpoint and moto', () => {
  let server: SageMakerTimelineServer;
  let motoServer: MotoServer;
  let clients: Clients;
  let env: Record<string, string | undefined>;
  let dir: string;
  const logged = 'resnet50-cli-logged';
  const big = 'resnet50-cli-biglog';
  const keras = kerasLog(3);
  const s3Log = `${keras.text}done: \u00e9t\u00e9 \u2713\ttab\n\nafter a blank line\n`;
  const bigLog = Array.from({ length: 40_000 }, (_, i) => `step ${i} loss ${(1 / (i + 1)).toFixed(6)}`).join('\n') + '\n';
  const cloudWatch: { stream: string; at: number; message: string }[] = [];
  const savedEnv = new Map<string, string | undefined>();

  async function createJob(name: string): Promise<void> {
    await clients.sagemaker.send(new CreateTrainingJobCommand(requestFor(name)));
  }

  async function putObject(key: string, body: string): Promise<void> {
    await clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  }

  const statusOf = (name: string): unknown => server.describe(name)?.TrainingJobStatus;

  beforeAll(async () => {
    [server, motoServer] = await Promise.all([
      startSageMakerTimelineServer({ clock: new ScaledClock(SCALE), ...TIMELINES }),
      startMoto(),
    ]);
    const direct = createClients({ endpoint: motoServer.endpoint, region: 'us-east-1', credentials: fakeCredentials });
    clients = { ...direct, sagemaker: createClients({ endpoint: server.endpoint, region: 'us-east-1', credentials: fakeCredentials }).sagemaker };
    env = serverEnv({ AWS_ENDPOINT_URL_SAGEMAKER: server.endpoint, AWS_ENDPOINT_URL_S3: motoServer.endpoint, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: motoServer.endpoint });
    dir = mkdtempSync(join(tmpdir(), 'sb-cli-commands-'));
    for (const [key, value] of Object.entries(env)) {
      savedEnv.set(key, process.env[key]);
      process.env[key] = value;
    }

    await Promise.all([createJob(logged), createJob(big)]);
    await clients.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await putObject(`jobs/${logged}/training-log.txt`, s3Log);
    await putObject(`jobs/${big}/training-log.txt`, bigLog);
    // Two instances' CloudWatch streams, their lines interleaved in time.
    await clients.logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    const t0 = Date.now() - 60_000;
    for (const host of [1, 2]) {
      const stream = `${logged}/algo-${host}-1700000000`;
      await clients.logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: stream }));
      const events = Array.from({ length: 5 }, (_, i) => ({ timestamp: t0 + i * 100 + host * 10, message: `host ${host} line ${i}` }));
      await clients.logs.send(new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, logEvents: events }));
      cloudWatch.push(...events.map((event) => ({ stream: `algo-${host}`, at: event.timestamp, message: event.message })));
    }
    const until = Date.now() + 20_000;
    while (statusOf(logged) !== 'Completed' || statusOf(big) !== 'Completed') {
      if (Date.now() > until) throw new Error('the log jobs never completed');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 60_000);

  afterAll(async () => {
    for (const [key, value] of savedEnv) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await Promise.all([server?.stop(), motoServer?.stop()]);
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const cli = (argv: string[], extraEnv: Record<string, string> = {}): Promise<ChildRun> => runChild(argv, { env: { ...env, ...extraEnv }, cwd: dir });
  const inProcess = (argv: string[]): Promise<RecordedRun> => runInProcess(argv, { env, cwd: dir });

  describe.concurrent('launch', () => {
    it('launch request.json --yes launches the job and prints its name on stdout, the worst case and the ARN on stderr', async () => {
      const name = 'resnet50-cli-launch';
      writeFileSync(join(dir, 'launch.json'), JSON.stringify(requestFor(name)));
      const run = await cli(['launch', 'launch.json', '--yes']);
      expect(run.stdout).toBe(`${name}\n`);
      expect(run.stderr).toMatch(new RegExp(`^1 job \\(${name}, ml\\.p3\\.8xlarge x 1, us-east-1\\): worst case \\$\\d+\\.\\d\\d`, 'm'));
      expect(run.stderr).toMatch(new RegExp(`^launched arn:aws:sagemaker:us-east-1:\\d{12}:training-job/${name}$`, 'm'));
      expect(run.code).toBe(0);
      expect(server.describe(name)?.TrainingJobName).toBe(name);
    });

    it('launch --dry-run prints the aws sagemaker create-training-job command and sends no CreateTrainingJob', async () => {
      const name = 'resnet50-cli-dry';
      writeFileSync(join(dir, 'dry.json'), JSON.stringify(requestFor(name)));
      const run = await inProcess(['launch', 'dry.json', '--dry-run']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^aws sagemaker create-training-job /);
      expect(run.stdout).toContain(`--training-job-name ${name}`);
      expect(run.stdout).toContain('ml.p3.8xlarge');
      expect(server.requests('CreateTrainingJob').filter((request) => request.jobName === name)).toEqual([]);
      expect(server.describe(name)).toBeUndefined();
    });

    it.each([
      [['--batch-size', 'abc'], /^error: option '--batch-size <n>' argument 'abc' is invalid\. expected a whole number of at least 1, got "abc"\.$/m],
      [['--bogus'], /^error: unknown option '--bogus'$/m],
      [['--batch-size', '-5'], /^error: option '--batch-size <n>' argument '-5' is invalid\. expected a whole number of at least 1, got "-5"\.$/m],
    ])('launch request.json %j exits 2 with the error and a pointer to --help, no stack trace', async (flags, error) => {
      const run = await inProcess(['launch', 'dry.json', ...flags]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(error);
      expect(run.stderr).toContain('(add --help for usage)');
      expect(run.stderr).not.toMatch(STACK_FRAME);
    });
  });

  describe.concurrent('status and cost', () => {
    it('status <job> prints the summary: Completed, the instance, the phases and the billed seconds', async () => {
      const run = await inProcess(['status', logged]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const lines = run.stdout.split('\n');
      expect(lines[0]).toBe(logged);
      expect(run.stdout).toMatch(/^ {2}status {7}Completed$/m);
      expect(run.stdout).toMatch(/^ {2}instance {5}ml\.p3\.8xlarge x 1$/m);
      expect(run.stdout).toMatch(/^ {2}billed {7}\d+ instance-seconds$/m);
      expect(run.stdout).toMatch(/^ {2}phases$/m);
      for (const phase of ['Starting', 'Downloading', 'Training', 'Uploading', 'Completed']) expect(run.stdout).toMatch(new RegExp(`^ {4}${phase}\\s`, 'm'));
    });

    it('status <job> --json prints one JSON document and nothing else on stdout', async () => {
      const run = await inProcess(['status', logged, '--json']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const parsed = JSON.parse(run.stdout) as { summary: { jobName: string; status: string }; cost: { billedInstanceSeconds: number } };
      expect(parsed.summary).toMatchObject({ jobName: logged, status: 'Completed' });
      expect(parsed.cost.billedInstanceSeconds).toBeGreaterThan(0);
    });

    it('cost <job> prints the billed dollars, seconds, instance and region of the job', async () => {
      const expected = trainingJobCost(await describeTrainingJob(clients.sagemaker, logged));
      const run = await inProcess(['cost', logged]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`${logged}: ${formatUsd(expected.usd)} (${expected.billedInstanceSeconds} instance-seconds, ml.p3.8xlarge x 1, us-east-1)\n`);
    });
  });

  describe.concurrent('wait and stop', () => {
    /** The status lines of `wait` on stderr: `hh:mm:ss <job> Status/Secondary ...`. */
    function statusLines(run: ChildRun | RecordedRun, name: string): string[] {
      return run.stderr
        .trimEnd()
        .split('\n')
        .map((line) => new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${name} (\\w+/\\w+)`).exec(line)?.[1] ?? `not a status line: ${line}`);
    }

    function expectOneLinePerChange(lines: string[]): void {
      for (let i = 1; i < lines.length; i++) expect(lines[i]).not.toBe(lines[i - 1]);
    }

    /**
     * `wait <name>` against an endpoint of its own whose clock starts once the command has seen
     * the job: in a child process, or (`inProcess`, fewer spawns) through runCli here.
     */
    async function waitOnOwnEndpoint(name: string, how: 'child' | 'inProcess' = 'child'): Promise<ChildRun | RecordedRun> {
      const clock = new HeldClock();
      const own = await startSageMakerTimelineServer({ clock, ...TIMELINES });
      try {
        await createClients({ endpoint: own.endpoint, region: 'us-east-1', credentials: fakeCredentials }).sagemaker.send(new CreateTrainingJobCommand(requestFor(name)));
        let exited = false;
        const running = (
          how === 'child' ? cli(['wait', name, '--poll', '1'], { AWS_ENDPOINT_URL_SAGEMAKER: own.endpoint }) : inProcess(['wait', name, '--poll', '1', '--endpoint-url', own.endpoint])
        ).finally(() => (exited = true));
        await eventually(() => exited || own.counts().DescribeTrainingJob > 0, 'the first DescribeTrainingJob', 30_000);
        clock.release();
        return await running;
      } finally {
        await own.stop();
      }
    }

    it('wait <job> prints a line per status change on stderr and exits 0 when it Completed', async () => {
      const name = 'resnet50-cli-wait-ok';
      const run = await waitOnOwnEndpoint(name);
      const lines = statusLines(run, name);
      expect(lines[0]).toBe('InProgress/Starting');
      expect(lines.at(-1)).toBe('Completed/Completed');
      expectOneLinePerChange(lines);
      expect(run.stdout).toBe(`${name}: Completed\n`);
      expect(run.code).toBe(0);
    });

    it('wait <job> exits 1 with the failure reason when it Failed', async () => {
      const name = 'resnet50-cli-wait-fail';
      const run = await waitOnOwnEndpoint(name, 'inProcess');
      const lines = statusLines(run, name);
      expect(lines[0]).toBe('InProgress/Starting');
      expect(lines.at(-1)).toBe('Failed/Failed');
      expectOneLinePerChange(lines);
      expect(run.stdout).toBe(`${name}: Failed: AlgorithmError: CUDA out of memory\n`);
      expect(run.code).toBe(1);
    });

    it('wait <job> exits 2 when it was Stopped', async () => {
      const name = 'resnet50-cli-wait-halt';
      const run = await waitOnOwnEndpoint(name, 'inProcess');
      const lines = statusLines(run, name);
      expect(lines[0]).toBe('InProgress/Starting');
      expect(lines.at(-1)).toBe('Stopped/Stopped');
      expectOneLinePerChange(lines);
      expect(run.stdout).toBe(`${name}: Stopped\n`);
      expect(run.code).toBe(2);
    });

    it('stop <job> sends StopTrainingJob, and wait then exits 2', async () => {
      const name = 'resnet50-cli-stop-long';
      await createJob(name);
      const stop = await inProcess(['stop', name]);
      expect(stop.stderr).toBe('');
      expect(stop.stdout).toBe(`${name}: stop requested (it is Stopping, then Stopped; 'sagemaker-bench wait ${name}' follows it)\n`);
      expect(stop.code).toBe(0);
      expect(server.requests('StopTrainingJob').filter((request) => request.jobName === name && request.status === 200)).toHaveLength(1);
      const wait = await cli(['wait', name, '--poll', '1']);
      expect(wait.stderr).toMatch(new RegExp(`${name} Stopped/Stopped`));
      expect(wait.stdout).toBe(`${name}: Stopped\n`);
      expect(wait.code).toBe(2);
    });
  });

  describe.concurrent('logs and metrics', () => {
    it('logs <job> prints the S3 text log byte for byte', async () => {
      const run = await cli(['logs', logged]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(s3Log);
    });

    it('logs <job> --source cloudwatch --host merges the streams by time and tags each line with its instance', async () => {
      const run = await inProcess(['logs', logged, '--source', 'cloudwatch', '--host']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const expected = [...cloudWatch].sort((a, b) => a.at - b.at).map((event) => `[${event.stream}] ${event.message}\n`).join('');
      expect(run.stdout).toBe(expected);
      expect(run.stdout.split('\n')[0]).toMatch(/^\[algo-1\] /);
    });

    it('logs <job> -o FILE writes the log to the file and says so on stderr', async () => {
      const file = join(dir, 'saved-logs.txt');
      const run = await inProcess(['logs', logged, '-o', file]);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`${logged}: ${s3Log.split('\n').length - 1} lines, ${Buffer.byteLength(s3Log)} bytes written to ${file}\n`);
      expect(run.code).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(s3Log);
    });

    it('logs <job> | head -1 ends quietly: the first line, nothing on stderr, exit 0', async () => {
      const errFile = join(dir, 'head.stderr');
      const script = `set +o pipefail; "${process.execPath}" --import "${TSX_LOADER}" "${BIN}" logs ${big} 2>"${errFile}" | head -1; echo "status=\${PIPESTATUS[0]}"`;
      const shell = await new Promise<{ stdout: string; code: number | null }>((resolve, reject) => {
        const child = spawn('bash', ['-c', script], { env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_NO_WARNINGS: '1', ...env } as NodeJS.ProcessEnv, cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
        let stdout = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.on('error', reject);
        child.on('close', (code) => resolve({ stdout, code }));
      });
      expect(shell.stdout).toBe(`${bigLog.split('\n')[0]}\nstatus=0\n`);
      const stderr = readFileSync(errFile, 'utf8');
      expect(stderr).not.toMatch(/Error|EPIPE/);
      expect(stderr).toBe('');
    });

    it('metrics <job> prints the epochs table of its Keras log; metrics FILE prints the same from a saved log', async () => {
      const file = join(dir, 'saved-metrics.log');
      writeFileSync(file, s3Log);
      const [fromJob, fromFile] = await Promise.all([inProcess(['metrics', logged]), inProcess(['metrics', 'saved-metrics.log'])]);
      for (const run of [fromJob, fromFile]) {
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        const lines = run.stdout.trimEnd().split('\n');
        expect(lines[0]).toMatch(/^epoch\s+seconds\s+steps\s+loss\s+accuracy\s+val_loss\s+val_accuracy$/);
        for (const [i, loss] of keras.losses.entries()) expect(run.stdout).toMatch(new RegExp(`^\\s*${i + 1}\\s+0\\.1${i + 1}0?\\s+25\\s+${Number(loss)}\\s`, 'm'));
        expect(lines.at(-1)).toMatch(/^3 epochs, keras format/);
      }
      expect(fromFile.stdout).toBe(fromJob.stdout);
    });
  });

  describe.concurrent('errors', () => {
    it('a job that does not exist: exit 1, one line naming it, no stack trace', async () => {
      const run = await cli(['status', 'resnet50-cli-no-such-job']);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^error: .*resnet50-cli-no-such-job/);
      expect(run.stderr).not.toMatch(STACK_FRAME);
    });

    it('--debug adds the stack trace to the same error', async () => {
      const run = await inProcess(['status', 'resnet50-cli-no-such-job', '--debug']);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^error: .*resnet50-cli-no-such-job/);
      expect(run.stderr).toMatch(/^TrainingJobNotFoundError: /m);
      expect(run.stderr).toMatch(STACK_FRAME);
    });

    it('--endpoint-url without a scheme names the option and suggests http://127.0.0.1:5000', async () => {
      const run = await inProcess(['status', logged, '--endpoint-url', '127.0.0.1:5000']);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^error: .*127\.0\.0\.1:5000/);
      expect(run.stderr).toContain('http://127.0.0.1:5000');
      expect(run.stderr).not.toMatch(STACK_FRAME);
    });

    it("--region 'us east 1' names the region and suggests us-east-1", async () => {
      const run = await inProcess(['status', logged, '--region', 'us east 1']);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^error: .*us east 1/);
      expect(run.stderr).toContain('us-east-1');
      expect(run.stderr).not.toMatch(STACK_FRAME);
    });
  });
});

describe('no credentials (an empty HOME, no AWS_* variable)', () => {
  it('fails within 3 s of starting, naming aws configure, without a stack trace and without sending a request', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sb-cli-empty-home-'));
    const server = await startSageMakerTimelineServer();
    try {
      const noAws = { HOME: home, USERPROFILE: home, NO_COLOR: '1' };
      const baseline = await runChild(['--version'], { env: noAws, cwd: home });
      const run = await runChild(['status', 'resnet50-cli-any', '--region', 'us-east-1', '--endpoint-url', server.endpoint], { env: noAws, cwd: home });
      expect(baseline.code).toBe(0);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^error: No AWS credentials found: run `aws configure`/);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.ms - baseline.ms).toBeLessThan(3_000);
      expect(server.counts().DescribeTrainingJob).toBe(0);
    } finally {
      await server.stop();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
