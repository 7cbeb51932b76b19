/**
 * One local training job from its create to its end: the container tree, the channels, one
 * process (or container) per host, the log, MaxRuntime, stop, the artifacts, and every status
 * change written to job.json as DescribeTrainingJob will report it. Internal.
 *
 * @module
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cp, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { availableParallelism, constants, hostname } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CreateTrainingJobCommandInput, SecondaryStatus, TrainingJobStatus } from '@aws-sdk/client-sagemaker';
import type { S3Client } from '@aws-sdk/client-s3';
import { getInstanceSpec } from '../../builder/instanceCatalog';
import { parseTrainingLog } from '../../metrics/parseTrainingLog';
import { fetchChannel, putArtifact, writeTarGz } from './artifacts';
import { containerEnvironment, writeContainerTree } from './containerContract';
import { dockerRunArgs, dockerRunEnv } from './dockerRuntime';
import { jobDir, type JobRecord, writeRecord, writeRecordSync } from './jobStore';
import { LocalLogSource, makeLogsDir, StreamWriter } from './localLog';

export interface LocalJobOptions {
  workDir: string;
  request: CreateTrainingJobCommandInput;
  arn: string;
  runtime: 'process' | 'docker';
  command: readonly string[] | undefined;
  docker: string;
  s3: S3Client | undefined;
  stopGraceSeconds: number;
  /** GPUs the host can give a container (docker runtime). */
  hostGpus: number;
}

/** Every job running in this process, so that an exit or a signal stops them all. */
const running = new Set<LocalJob>();

const now = (): string => new Date().toISOString();
const STATUS_MESSAGES: Partial<Record<SecondaryStatus, string>> = {
  Starting: 'Preparing the instances for training',
  Downloading: 'Downloading input data',
  Training: 'Training image download completed. Training in progress.',
  Uploading: 'Uploading generated training model',
  Completed: 'Training job completed',
  Stopping: 'Stopping the training job',
  Stopped: 'Training job stopped',
  MaxRuntimeExceeded: 'Job stopped because it exceeded MaxRuntimeInSeconds',
};

export class LocalJob {
  readonly name: string;
  readonly record: JobRecord;
  readonly #o: LocalJobOptions;
  readonly #children = new Map<string, ChildProcess>();
  /** Docker runtime: each host's container name. */
  readonly #containers = new Map<string, string>();
  #stopReason: 'Stopped' | 'MaxRuntimeExceeded' | undefined;
  #killTimer: NodeJS.Timeout | undefined;
  /** Aborted by a stop: ends the channel downloads. */
  readonly #abort = new AbortController();
  #runtimeTimer: NodeJS.Timeout | undefined;
  readonly done: Promise<void>;

  constructor(options: LocalJobOptions) {
    this.#o = options;
    this.name = options.request.TrainingJobName!;
    const created = now();
    this.record = {
      format: 'sagemaker-bench/local-job/1',
      request: options.request,
      arn: options.arn,
      runtime: options.runtime,
      status: 'InProgress',
      secondaryStatus: 'Starting',
      creationTime: created,
      lastModifiedTime: created,
      transitions: [{ Status: 'Starting', StartTime: created, StatusMessage: STATUS_MESSAGES.Starting! }],
      runner: { pid: process.pid, hostname: hostname() },
    };
    running.add(this);
    guardProcess();
    this.done = this.#run().finally(() => {
      running.delete(this);
      clearTimeout(this.#runtimeTimer);
      clearTimeout(this.#killTimer);
      unguardProcessIfIdle();
    });
  }

  get dir(): string {
    return jobDir(this.#o.workDir, this.name);
  }

  /** StopTrainingJob: SIGTERM, then SIGKILL after stopGraceSeconds, as SageMaker does. */
  async stop(reason: 'Stopped' | 'MaxRuntimeExceeded' = 'Stopped'): Promise<void> {
    if (this.#stopReason !== undefined || this.record.status !== 'InProgress') return;
    this.#stopReason = reason;
    this.record.status = 'Stopping';
    await this.#transition('Stopping');
    this.#abort.abort(new Error(`training job ${this.name} stopped`)); // ends a download in progress
    this.#signalAll('SIGTERM');
    if (this.#children.size > 0) {
      this.#killTimer = setTimeout(() => this.#signalAll('SIGKILL'), this.#o.stopGraceSeconds * 1000);
      this.#killTimer.unref();
    }
  }

  #signalAll(signal: NodeJS.Signals): void {
    for (const [host, child] of this.#children) {
      // A killed `docker run` client leaves its container running: the container is killed by name.
      const container = this.#containers.get(host);
      if (signal === 'SIGKILL' && container !== undefined) spawnSync(this.#o.docker, ['kill', container], { stdio: 'ignore', timeout: 10_000 });
      killGroup(child, signal);
    }
  }

  async #transition(status: SecondaryStatus, message = STATUS_MESSAGES[status] ?? status): Promise<void> {
    const at = now();
    const last = this.record.transitions.at(-1);
    if (last !== undefined && last.EndTime === undefined) last.EndTime = at;
    this.record.transitions.push({ Status: status, StartTime: at, StatusMessage: message });
    this.record.secondaryStatus = status;
    this.record.lastModifiedTime = at;
    await writeRecord(this.#o.workDir, this.record);
  }

  async #end(status: TrainingJobStatus, secondary: SecondaryStatus, failureReason?: string): Promise<void> {
    this.record.status = status;
    if (failureReason !== undefined) this.record.failureReason = failureReason;
    this.record.trainingEndTime ??= now();
    await this.#transition(secondary, failureReason ?? STATUS_MESSAGES[secondary]);
    const last = this.record.transitions.at(-1)!;
    last.EndTime = last.StartTime;
    await writeRecord(this.#o.workDir, this.record);
  }

  async #run(): Promise<void> {
    const r = this.record.request;
    const hostCount = Math.max(1, r.ResourceConfig?.InstanceCount ?? 1);
    const hosts = Array.from({ length: hostCount }, (_, i) => `algo-${i + 1}`);
    const spec = getInstanceSpec(r.ResourceConfig?.InstanceType ?? '');
    const maxRuntime = r.StoppingCondition?.MaxRuntimeInSeconds;
    if (maxRuntime !== undefined && maxRuntime > 0) {
      // From the job's start, downloads included, as the service counts it.
      this.#runtimeTimer = setTimeout(() => void this.stop('MaxRuntimeExceeded'), maxRuntime * 1000);
      this.#runtimeTimer.unref();
    }
    try {
      await writeRecord(this.#o.workDir, this.record);
      const logsDir = await makeLogsDir(this.dir);
      const trees = hosts.map((host) => join(this.dir, 'hosts', host));
      const basePath = (tree: string): string => (this.#o.runtime === 'docker' ? '/opt/ml' : tree);
      const layout = (host: string, tree: string) => ({
        request: r,
        host,
        hosts,
        treeDir: tree,
        basePath: basePath(tree),
        jobArn: this.record.arn,
        numCpus: this.#o.runtime === 'docker' ? (spec?.vCpus ?? availableParallelism()) : availableParallelism(),
        numGpus: this.#o.runtime === 'docker' ? Math.min(spec?.gpus ?? 0, this.#o.hostGpus) : 0,
      });
      for (const [i, host] of hosts.entries()) await writeContainerTree(layout(host, trees[i]!));
      if (this.#stopReason !== undefined) return await this.#finishStopped(trees);

      // The instances are ready: SageMaker's TrainingStartTime (billing starts), before the download.
      this.record.trainingStartTime = now();
      await this.#transition('Downloading');
      for (const channel of r.InputDataConfig ?? []) {
        const uri = channel.DataSource?.S3DataSource?.S3Uri ?? channel.DataSource?.FileSystemDataSource?.DirectoryPath;
        if (uri === undefined || channel.ChannelName === undefined) continue;
        const first = join(trees[0]!, 'input', 'data', channel.ChannelName);
        const fetched = await fetchChannel({ s3: this.#o.s3, uri, destDir: first, signal: this.#abort.signal }).catch((error: unknown) => {
          if (this.#stopReason !== undefined) return undefined;
          throw error;
        });
        if (fetched === undefined) return await this.#finishStopped(trees);
        if (fetched.files === 0 && uri.startsWith('s3://')) {
          // SageMaker refuses such a job (at CreateTrainingJob, with these words).
          return await this.#end('Failed', 'Failed', `ClientError: No S3 objects found under S3 URL "${uri}" given in input data source.`);
        }
        for (const tree of trees.slice(1)) {
          await fetchChannel({ uri: pathToFileURL(`${first}/`).href, destDir: join(tree, 'input', 'data', channel.ChannelName), signal: this.#abort.signal });
        }
      }
      if (this.#stopReason !== undefined) return await this.#finishStopped(trees);

      await this.#transition('Training');
      const exits = await Promise.all(hosts.map((host, i) => this.#runHost(host, trees[i]!, layout(host, trees[i]!), logsDir)));
      clearTimeout(this.#runtimeTimer);
      clearTimeout(this.#killTimer);
      await this.#finalMetrics(logsDir);
      if (this.#stopReason !== undefined) return await this.#finishStopped(trees);

      const failed = exits.find((e) => e.code !== 0);
      if (failed !== undefined) {
        await this.#uploadOutput(trees, false);
        return await this.#end('Failed', 'Failed', failed.reason);
      }
      await this.#transition('Uploading');
      await this.#uploadOutput(trees, true);
      await this.#end('Completed', 'Completed');
    } catch (error) {
      await this.#end('Failed', 'Failed', `ClientError: local mode could not run the job: ${(error as Error).message}`).catch(() => undefined);
    }
  }

  /** A stopped job keeps what it saved in its SIGTERM grace: SageMaker uploads the model of a stopped job too. */
  async #finishStopped(trees: string[]): Promise<void> {
    clearTimeout(this.#runtimeTimer);
    if (this.record.trainingStartTime !== undefined) {
      await this.#transition('Uploading');
      await this.#uploadOutput(trees, true).catch(() => undefined);
    }
    await this.#end('Stopped', this.#stopReason === 'MaxRuntimeExceeded' ? 'MaxRuntimeExceeded' : 'Stopped');
  }

  /** One host's process (or container), its output into the log; its exit code and, when it failed, why. */
  async #runHost(host: string, tree: string, layout: Parameters<typeof containerEnvironment>[0], logsDir: string): Promise<{ code: number; reason: string }> {
    const contract = containerEnvironment(layout);
    let argv: string[];
    let env: NodeJS.ProcessEnv;
    if (this.#o.runtime === 'docker') {
      const image = this.record.request.AlgorithmSpecification?.TrainingImage ?? '';
      const containerName = `${this.name}-${host}`;
      this.#containers.set(host, containerName);
      argv = [this.#o.docker, ...dockerRunArgs({ image, containerName, treeDir: tree, environment: contract, gpus: layout.numGpus, hostname: host })];
      // The values reach the container through the docker client's environment (-e KEY), never argv.
      env = dockerRunEnv(contract);
    } else {
      argv = [...this.#o.command!];
      env = { ...process.env, ...contract };
    }
    const stream = new StreamWriter(logsDir, this.name, host, new Date());
    const child = spawn(argv[0]!, argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    this.#children.set(host, child);
    const stderrTail: string[] = [];
    if (child.pid !== undefined) {
      // Recorded, so that whoever finds this job's runner gone can end what it left behind.
      this.record.processGroups = [...(this.record.processGroups ?? []), child.pid];
      void writeRecord(this.#o.workDir, this.record).catch(() => undefined);
    }
    child.stdout!.setEncoding('utf8').on('data', (text: string) => stream.write(text, 'stdout'));
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      stream.write(text, 'stderr');
      stderrTail.push(...text.split('\n').filter((l) => l.trim() !== ''));
      if (stderrTail.length > 20) stderrTail.splice(0, stderrTail.length - 20);
    });
    const code = await new Promise<number>((resolve) => {
      child.on('error', (error) => {
        stream.write(`${argv[0]}: ${error.message}\n`, 'stderr');
        resolve(127);
      });
      // The host's job ends when its entry process exits, as a container ends with its PID 1;
      // what it started and left running is ended with it (its pipes may never close otherwise).
      child.on('exit', (exitCode, signal) => {
        const code = exitCode ?? (signal === null ? 1 : 128 + (signalNumber(signal) ?? 0));
        const closed = new Promise<void>((done) => child.once('close', () => done()));
        const grace = new Promise<void>((done) => setTimeout(done, 1000).unref());
        void Promise.race([closed, grace]).then(() => {
          signalGroup(child.pid, 'SIGKILL');
          child.stdout?.destroy();
          child.stderr?.destroy();
          resolve(code);
        });
      });
    });
    this.#children.delete(host);
    await stream.end();
    if (code === 0) return { code, reason: '' };
    const written = await readFile(join(tree, 'output', 'failure'), 'utf8').catch(() => undefined);
    if (written !== undefined && written.trim() !== '') return { code, reason: written.slice(0, 1024) };
    const tail = stderrTail.slice(-5).join('\n');
    return { code, reason: `AlgorithmError: ${host} exited with code ${code}${tail === '' ? '' : `: ${tail}`}`.slice(0, 1024) };
  }

  /** FinalMetricDataList: the job's metric definitions over its log, last value of each. */
  async #finalMetrics(logsDir: string): Promise<void> {
    const definitions = this.record.request.AlgorithmSpecification?.MetricDefinitions ?? [];
    if (definitions.length === 0) return;
    const source = new LocalLogSource({ logsDir, jobName: this.name, isOver: async () => true });
    const metrics = await parseTrainingLog(source, { metricDefinitions: definitions });
    const list: NonNullable<JobRecord['finalMetrics']> = [];
    for (const d of definitions) {
      const points = d.Name === undefined ? undefined : metrics.series[d.Name];
      const last = points?.at(-1);
      if (last !== undefined) list.push({ MetricName: d.Name!, Value: last.value, Timestamp: (last.timestamp ?? new Date()).toISOString() });
    }
    this.record.finalMetrics = list;
  }

  /** model.tar.gz (every host's model/ merged) and output.tar.gz (output/data/) to <S3OutputPath>/<job>/output/. */
  async #uploadOutput(trees: string[], withModel: boolean): Promise<void> {
    const outputPath = this.record.request.OutputDataConfig?.S3OutputPath;
    if (outputPath === undefined) return;
    const base = `${outputPath.endsWith('/') ? outputPath : `${outputPath}/`}${this.name}/output/`;
    const staging = join(this.dir, 'upload');
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    const merge = async (sub: string[]): Promise<string> => {
      const into = join(staging, sub.join('-'));
      await mkdir(into, { recursive: true });
      for (const tree of trees) {
        const from = join(tree, ...sub);
        const entries = await readdir(from).catch(() => []);
        if (entries.length > 0) await cp(from, into, { recursive: true, force: true });
      }
      return into;
    };
    if (withModel) {
      const model = join(staging, 'model.tar.gz');
      await writeTarGz(await merge(['model']), model);
      await putArtifact({ s3: this.#o.s3, file: model, uri: `${base}model.tar.gz` });
      this.record.modelArtifacts = `${base}model.tar.gz`;
    }
    const output = join(staging, 'output.tar.gz');
    await writeTarGz(await merge(['output', 'data']), output);
    await putArtifact({ s3: this.#o.s3, file: output, uri: `${base}output.tar.gz` });
    await rm(staging, { recursive: true, force: true });
  }

  /** The exit handler's last word: the processes are killed, the job marked as over. */
  abandonSync(why: string): void {
    this.#signalAll('SIGKILL');
    if (this.record.status === 'InProgress' || this.record.status === 'Stopping') {
      const at = now();
      const last = this.record.transitions.at(-1);
      if (last !== undefined && last.EndTime === undefined) last.EndTime = at;
      this.record.status = this.#stopReason !== undefined ? 'Stopped' : 'Failed';
      this.record.secondaryStatus = this.#stopReason !== undefined ? 'Stopped' : 'Failed';
      if (this.#stopReason === undefined) this.record.failureReason = why;
      this.record.trainingEndTime ??= at;
      this.record.lastModifiedTime = at;
      this.record.transitions.push({ Status: this.record.secondaryStatus, StartTime: at, EndTime: at, StatusMessage: this.#stopReason !== undefined ? STATUS_MESSAGES.Stopped! : why });
      try {
        writeRecordSync(this.#o.workDir, this.record);
      } catch {
        // nothing more can be done in an exit handler
      }
    }
  }

  get childCount(): number {
    return this.#children.size;
  }
}

function signalNumber(signal: NodeJS.Signals): number | undefined {
  return constants.signals[signal];
}

/** Signals a child's whole process group (a shell and what it started), or the child alone on Windows. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (process.platform === 'win32') {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return;
  }
  // The group, even when its leader has exited: what it started may still run.
  signalGroup(child.pid, signal);
}

/** Signals a process group (ESRCH: nobody left in it). */
export function signalGroup(pgid: number | undefined, signal: NodeJS.Signals): void {
  if (pgid === undefined || process.platform === 'win32') return;
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

// ---- never leave a job running: the process's exit and its SIGINT/SIGTERM stop every job ----

let guarded = false;

function onExit(): void {
  for (const job of running) job.abandonSync('ClientError: the process that ran the local job exited before the job ended');
}

function onSignal(signal: NodeJS.Signals): void {
  const jobs = [...running];
  for (const job of jobs) void job.stop();
  const othersListen = process.listenerCount(signal) > 1;
  if (othersListen) return; // the program handles the signal itself: it decides when to exit
  // Give the jobs a moment to stop, then end as the signal would have ended the process.
  const deadline = Date.now() + 2000;
  const check = setInterval(() => {
    if (jobs.every((j) => j.childCount === 0) || Date.now() > deadline) {
      clearInterval(check);
      onExit();
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      process.kill(process.pid, signal);
    }
  }, 50);
}

function guardProcess(): void {
  if (guarded) return;
  guarded = true;
  process.on('exit', onExit);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

function unguardProcessIfIdle(): void {
  if (!guarded || running.size > 0) return;
  guarded = false;
  process.removeListener('exit', onExit);
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
}
