/**
 * Local mode: the same training job, run on this machine, through the same client interface.
 *
 * @module
 */
import { join } from 'node:path';
import type {
  CreateTrainingJobCommandInput,
  CreateTrainingJobCommandOutput,
  DescribeTrainingJobCommandOutput,
  ListTrainingJobsCommandInput,
  ListTrainingJobsCommandOutput,
  StopTrainingJobCommandOutput,
  TrainingJobSummary,
} from '@aws-sdk/client-sagemaker';
import type { S3Client } from '@aws-sdk/client-s3';
import { validateCreateTrainingJob } from '../builder/validateCreateTrainingJob';
import { formatIssues, LocalModeError, TrainingJobNotFoundError } from '../errors';
import { LOCAL_CLIENT, LOCAL_LOG_SOURCE } from '../internal/localClient';
import { userCacheDir } from '../internal/userCacheDir';
import { isValidJobName } from '../jobs/internal/checkJobName';
import { isTerminalStatus } from '../logs/internal/jobOverCheck';
import type { LogSource } from '../logs/LogSource';
import { dockerDaemonAvailable, hostGpuCount } from './internal/dockerRuntime';
import { claimJobName, describeRecord, jobDir, listJobNames, readRecord, runnerVanished, writeRecord, type JobRecord } from './internal/jobStore';
import { LocalJob, signalGroup } from './internal/LocalJob';
import { LocalLogSource } from './internal/localLog';

/** Options of {@link LocalSageMakerClient}. */
export interface LocalSageMakerClientOptions {
  /**
   * Where jobs, their `/opt/ml` trees, logs and state live (another process can describe a job
   * or read its log from here). Default: `local` in the user cache directory
   * (`~/.cache/sagemaker-bench/local` on Linux, `$XDG_CACHE_HOME` honoured).
   */
  workDir?: string | undefined;
  /**
   * `process`: run `command` with the job's tree in its environment; `docker`: run the job's image
   * as SageMaker does; `auto` (default): docker when a daemon answers, else process when a
   * `command` is given.
   */
  runtime?: 'auto' | 'process' | 'docker' | undefined;
  /** The process runtime's command for every job, e.g. `['python3', 'train.py']` (no shell). */
  command?: readonly string[] | undefined;
  /** For `s3://` channels and outputs. Without it, only `file://` URIs work. */
  s3?: S3Client | undefined;
  /** Seconds between SIGTERM and SIGKILL when a job is stopped (default 120, as SageMaker). */
  stopGraceSeconds?: number | undefined;
  /** The docker executable (default `docker` on PATH). */
  docker?: string | undefined;
}

/**
 * An SDK command: `new DescribeTrainingJobCommand({ ... })` and the like.
 *
 * @inline
 */
type AnyCommand = { input: unknown; constructor: { name: string } };

/** An error shaped like the SDK's service errors, so the library's error mapping reads it as on AWS. */
function serviceError(name: string, message: string): Error {
  const error = new Error(message) as Error & { $metadata: { httpStatusCode: number }; $fault: 'client' };
  error.name = name;
  error.$metadata = { httpStatusCode: 400 };
  error.$fault = 'client';
  return error;
}

const notFound = (): Error => serviceError('ValidationException', 'Requested resource not found.');

/** A name's ARN in local mode (no account: `local`). */
function localArn(jobName: string): string {
  return `arn:aws:sagemaker:local:local:training-job/${jobName.toLowerCase()}`;
}

/**
 * A SageMaker client that runs training jobs on this machine: accepted wherever a
 * `SageMakerClient` is (`launchTrainingJob`, `builder.launch`, `waitForTrainingJob`,
 * `describeTrainingJob`, `stopTrainingJob`, `logSourceForJob`). It answers CreateTrainingJob,
 * DescribeTrainingJob, StopTrainingJob and ListTrainingJobs with the service's output shapes;
 * the job's container sees the contract SageMaker gives (the `/opt/ml` tree, the `SM_*`
 * variables), and nothing is billed. `file://` URIs work for channels, the output path and
 * checkpoints. See {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/local.md | docs/local.md}.
 *
 * @example
 * ```ts
 * import { createLocalClients, mnistCnn, summarizeTrainingJob, waitForTrainingJob } from 'sagemaker-bench';
 *
 * const clients = createLocalClients({ runtime: 'process', command: ['python3', 'examples/local/train.py'] });
 * const job = mnistCnn({ image: 'local', role: 'arn:aws:iam::123456789012:role/r', outputPath: 'file:///tmp/out/' })
 *   .name('mnist-local-1');
 * const { jobName } = await job.launch(clients.sagemaker);
 * console.log(summarizeTrainingJob(await waitForTrainingJob(clients.sagemaker, jobName)).status); // Completed
 * ```
 */
export class LocalSageMakerClient {
  /**
   * Marks a local client for the library's code.
   *
   * @internal
   */
  readonly [LOCAL_CLIENT] = true as const;
  /** The folder jobs live in. */
  readonly workDir: string;
  readonly #options: LocalSageMakerClientOptions;
  readonly #jobs = new Map<string, LocalJob>();
  /** What an SDK client has; the library reads `config.region` in places. */
  readonly config = {
    /** Resolves with `'local'`. */
    region: async (): Promise<string> => 'local',
  };

  /**
   * A client that runs nothing until a CreateTrainingJobCommand is sent to it.
   *
   * @param options - Where jobs live, how they run (`runtime`, `command`, `docker`), and the S3 client for `s3://` URIs.
   * @throws TypeError when an option cannot work (an unknown runtime, the process runtime without a command, ...).
   */
  constructor(options: LocalSageMakerClientOptions = {}) {
    if (options === null || typeof options !== 'object') throw new TypeError('LocalSageMakerClient: options must be an object');
    const { runtime = 'auto', command, stopGraceSeconds = 120, workDir } = options;
    if (runtime !== 'auto' && runtime !== 'process' && runtime !== 'docker') {
      throw new TypeError(`LocalSageMakerClient: runtime must be 'auto', 'process' or 'docker', got ${JSON.stringify(runtime)}`);
    }
    if (command !== undefined && (!Array.isArray(command) || command.length === 0 || !command.every((c) => typeof c === 'string' && c !== ''))) {
      throw new TypeError("LocalSageMakerClient: command must be a non-empty array of strings, e.g. ['python3', 'train.py']");
    }
    if (runtime === 'process' && command === undefined) {
      throw new TypeError("LocalSageMakerClient: the process runtime needs a command, e.g. { runtime: 'process', command: ['python3', 'train.py'] }");
    }
    if (typeof stopGraceSeconds !== 'number' || !Number.isFinite(stopGraceSeconds) || stopGraceSeconds < 0) {
      throw new TypeError(`LocalSageMakerClient: stopGraceSeconds must be a number of seconds >= 0, got ${String(stopGraceSeconds)}`);
    }
    if (workDir !== undefined && (typeof workDir !== 'string' || workDir === '')) throw new TypeError('LocalSageMakerClient: workDir must be a non-empty path');
    this.#options = { ...options, runtime, stopGraceSeconds };
    this.workDir = workDir ?? join(userCacheDir(), 'local');
  }

  /**
   * Answers CreateTrainingJobCommand, DescribeTrainingJobCommand, StopTrainingJobCommand and
   * ListTrainingJobsCommand (from `@aws-sdk/client-sagemaker`) with the service's output shapes;
   * any other command is a {@link LocalModeError}.
   */
  async send(command: AnyCommand, options: { abortSignal?: AbortSignal } = {}): Promise<unknown> {
    options.abortSignal?.throwIfAborted();
    const name = command?.constructor?.name;
    switch (name) {
      case 'CreateTrainingJobCommand':
        return this.#create(command.input as CreateTrainingJobCommandInput);
      case 'DescribeTrainingJobCommand':
        return this.#describe((command.input as { TrainingJobName?: string }).TrainingJobName);
      case 'StopTrainingJobCommand':
        return this.#stop((command.input as { TrainingJobName?: string }).TrainingJobName);
      case 'ListTrainingJobsCommand':
        return this.#list((command.input ?? {}) as ListTrainingJobsCommandInput);
      default:
        throw new LocalModeError(
          `LocalSageMakerClient answers CreateTrainingJob, DescribeTrainingJob, StopTrainingJob and ListTrainingJobs only, not ${name ?? 'this command'}`,
          { commandName: name },
        );
    }
  }

  /** Nothing to release (SDK clients have it). */
  destroy(): void {}

  /** The jobs this client runs, to wait on in tests and scripts: resolves when every one has ended. */
  async settled(): Promise<void> {
    await Promise.all([...this.#jobs.values()].map((j) => j.done));
  }

  /**
   * What `logSourceForJob` reads a local job's log with.
   *
   * @internal
   */
  async [LOCAL_LOG_SOURCE](jobName: string): Promise<LogSource> {
    // What logSourceForJob throws for a job SageMaker does not know.
    if ((await this.#record(jobName)) === undefined) throw new TrainingJobNotFoundError(jobName, { cause: notFound() });
    return this.#logSource(jobName);
  }

  #logSource(jobName: string): LocalLogSource {
    return new LocalLogSource({
      logsDir: join(jobDir(this.workDir, jobName), 'logs'),
      jobName,
      isOver: async () => isTerminalStatus((await this.#record(jobName))?.status),
    });
  }

  async #create(input: CreateTrainingJobCommandInput): Promise<CreateTrainingJobCommandOutput> {
    const issues = validateCreateTrainingJob(input, { allowFileUris: true });
    const errors = issues.filter((i) => i.severity === 'error');
    if (errors.length > 0) throw serviceError('ValidationException', formatIssues(errors));
    const jobName = input.TrainingJobName!;
    const runtime = await this.#runtime();
    // A job whose runner was killed (SIGKILL: no exit handler ran) may have left its processes:
    // each launch ends them and records the job as Failed, so a rerun cleans up after the last run.
    await this.#endVanishedJobs();
    if (!(await claimJobName(this.workDir, jobName))) {
      throw serviceError('ResourceInUse', `Training job names must be unique within an AWS account and region, and a training job with this name already exists (${localArn(jobName)})`);
    }
    const hostGpus = runtime === 'docker' ? await hostGpuCount({ docker: this.#options.docker }) : 0;
    const job = new LocalJob({
      workDir: this.workDir,
      request: structuredClone(input),
      arn: localArn(jobName),
      runtime,
      command: this.#options.command,
      docker: this.#options.docker ?? 'docker',
      s3: this.#options.s3,
      stopGraceSeconds: this.#options.stopGraceSeconds!,
      hostGpus,
    });
    this.#jobs.set(jobName, job);
    void job.done.finally(() => this.#jobs.delete(jobName));
    await writeRecord(this.workDir, job.record);
    return { $metadata: { httpStatusCode: 200 }, TrainingJobArn: job.record.arn };
  }

  async #runtime(): Promise<'process' | 'docker'> {
    const { runtime, command } = this.#options;
    if (runtime === 'process' || runtime === 'docker') return runtime;
    if (await dockerDaemonAvailable({ docker: this.#options.docker })) return 'docker';
    if (command !== undefined) return 'process';
    throw new LocalModeError(
      "Local mode cannot run this job: no docker daemon answers, and no command was given for the process runtime: pass { command: ['python3', 'train.py'] } (or start docker)",
    );
  }

  async #endVanishedJobs(): Promise<void> {
    for (const name of await listJobNames(this.workDir)) {
      if (!this.#jobs.has(name) && isValidJobName(name)) await this.#record(name).catch(() => undefined);
    }
  }

  /** The job's record, with a vanished runner turned into a failure (or, for a job that was stopping, into Stopped). */
  async #record(jobName: string): Promise<JobRecord | undefined> {
    if (!isValidJobName(jobName)) throw serviceError('ValidationException', `1 validation error detected: Value '${jobName}' at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`);
    const live = this.#jobs.get(jobName);
    if (live !== undefined) return live.record;
    const record = await readRecord(this.workDir, jobName);
    if (record === undefined || !runnerVanished(record)) return record;
    const at = new Date().toISOString();
    const last = record.transitions.at(-1);
    if (last !== undefined && last.EndTime === undefined) last.EndTime = at;
    // What the vanished runner started is ended now (each host's process group).
    for (const pgid of record.processGroups ?? []) signalGroup(pgid, 'SIGKILL');
    record.trainingEndTime ??= at;
    if (record.status === 'Stopping') {
      // It was asked to stop: the runner ending with it finishes that stop, as on SageMaker.
      const message = `Training job stopped (the process that ran it, pid ${record.runner.pid}, ended while it was stopping)`;
      Object.assign(record, { status: 'Stopped', secondaryStatus: 'Stopped', lastModifiedTime: at });
      record.transitions.push({ Status: 'Stopped', StartTime: at, EndTime: at, StatusMessage: message });
    } else {
      const why = `ClientError: the process that ran the local job (pid ${record.runner.pid}) is gone; the job did not end`;
      Object.assign(record, { status: 'Failed', secondaryStatus: 'Failed', failureReason: why, lastModifiedTime: at });
      record.transitions.push({ Status: 'Failed', StartTime: at, EndTime: at, StatusMessage: why });
    }
    await writeRecord(this.workDir, record);
    return record;
  }

  async #describe(jobName: string | undefined): Promise<DescribeTrainingJobCommandOutput> {
    if (typeof jobName !== 'string') throw serviceError('ValidationException', 'TrainingJobName is required');
    const record = await this.#record(jobName);
    if (record === undefined) throw notFound();
    return describeRecord(record);
  }

  async #stop(jobName: string | undefined): Promise<StopTrainingJobCommandOutput> {
    if (typeof jobName !== 'string') throw serviceError('ValidationException', 'TrainingJobName is required');
    const live = this.#jobs.get(jobName);
    if (live !== undefined) {
      await live.stop();
      return { $metadata: { httpStatusCode: 200 } };
    }
    const record = await this.#record(jobName);
    if (record === undefined) throw notFound();
    if (isTerminalStatus(record.status)) {
      throw serviceError('ValidationException', `The request was rejected because the training job is in status ${record.status}.`);
    }
    // Running in another process: that process's job; ask it through its runner pid.
    try {
      process.kill(record.runner.pid, 0);
    } catch {
      // gone: #record marks it failed on the next describe
    }
    throw new LocalModeError(`Local training job ${jobName} runs in another process (pid ${record.runner.pid}): stop it from there`);
  }

  async #list(input: ListTrainingJobsCommandInput): Promise<ListTrainingJobsCommandOutput> {
    const names = await listJobNames(this.workDir);
    const summaries: TrainingJobSummary[] = [];
    for (const name of names) {
      const record = await this.#record(name).catch(() => undefined);
      if (record === undefined) continue;
      const d = describeRecord(record);
      if (input.NameContains !== undefined && !name.toLowerCase().includes(input.NameContains.toLowerCase())) continue;
      if (input.StatusEquals !== undefined && d.TrainingJobStatus !== input.StatusEquals) continue;
      if (input.CreationTimeAfter !== undefined && d.CreationTime! <= new Date(input.CreationTimeAfter)) continue;
      if (input.CreationTimeBefore !== undefined && d.CreationTime! >= new Date(input.CreationTimeBefore)) continue;
      if (input.LastModifiedTimeAfter !== undefined && d.LastModifiedTime! <= new Date(input.LastModifiedTimeAfter)) continue;
      if (input.LastModifiedTimeBefore !== undefined && d.LastModifiedTime! >= new Date(input.LastModifiedTimeBefore)) continue;
      const summary: TrainingJobSummary = {
        TrainingJobName: d.TrainingJobName,
        TrainingJobArn: d.TrainingJobArn,
        CreationTime: d.CreationTime,
        LastModifiedTime: d.LastModifiedTime,
        TrainingJobStatus: d.TrainingJobStatus,
        SecondaryStatus: d.SecondaryStatus,
      };
      if (d.TrainingEndTime !== undefined) summary.TrainingEndTime = d.TrainingEndTime;
      summaries.push(summary);
    }
    const key = input.SortBy ?? 'CreationTime';
    const sign = (input.SortOrder ?? 'Ascending') === 'Ascending' ? 1 : -1;
    summaries.sort((a, b) => {
      const va = key === 'Name' ? a.TrainingJobName! : key === 'Status' ? a.TrainingJobStatus! : a.CreationTime!.toISOString();
      const vb = key === 'Name' ? b.TrainingJobName! : key === 'Status' ? b.TrainingJobStatus! : b.CreationTime!.toISOString();
      return va < vb ? -sign : va > vb ? sign : 0;
    });
    const max = Math.min(Math.max(1, input.MaxResults ?? 100), 100);
    const start = input.NextToken === undefined ? 0 : Number(input.NextToken);
    if (!Number.isInteger(start) || start < 0) throw serviceError('ValidationException', 'Invalid pagination token');
    const page = summaries.slice(start, start + max);
    const out: ListTrainingJobsCommandOutput = { $metadata: { httpStatusCode: 200 }, TrainingJobSummaries: page };
    if (start + max < summaries.length) out.NextToken = String(start + max);
    return out;
  }
}
