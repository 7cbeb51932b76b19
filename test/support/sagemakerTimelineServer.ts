/**
 * A small SageMaker endpoint of our own on 127.0.0.1, for what moto cannot do: training jobs
 * that move through the real status timeline on a clock the test controls.
 *
 * It speaks AWS JSON 1.1 like the service (`X-Amz-Target: SageMaker.CreateTrainingJob`,
 * `DescribeTrainingJob`, `StopTrainingJob`; timestamps as epoch seconds; errors as HTTP 400 with
 * `{"__type":"ValidationException","message":"Requested resource not found."}`), so the real SDK
 * client (serialization, retries, waiters) runs against it unchanged. Jobs go
 * Starting -> Downloading -> Training -> Uploading -> Completed by default, or follow a script:
 *
 * ```ts
 * const server = await startSageMakerTimelineServer();
 * server.script('job-a', [
 *   { after: 60, secondary: 'Downloading' },
 *   { after: 30, secondary: 'Training' },
 *   { after: 600, secondary: 'Failed', failureReason: 'AlgorithmError: CUDA out of memory' },
 * ]);
 * // ... launch job-a with the SDK, then move time:
 * server.advance(90); // job-a is now InProgress/Training
 * ```
 *
 * What it models, as the API reference describes the service: TrainingJobStatus follows the
 * secondary status (Starting..Uploading: InProgress; MaxRuntimeExceeded / MaxWaitTimeExceeded:
 * Stopped); SecondaryStatusTransitions with StartTime/EndTime/StatusMessage; TrainingStartTime
 * when Starting ends; at the end TrainingEndTime, TrainingTimeInSeconds, BillableTimeInSeconds
 * (on-demand: the training time; spot: `billableFraction` of it), FinalMetricDataList and
 * ModelArtifacts; MaxRuntimeInSeconds enforced from TrainingStartTime (the job becomes
 * Stopped/MaxRuntimeExceeded); StopTrainingJob (Stopping, then Stopped `stopSeconds` later;
 * a ValidationException when the job is not InProgress); a taken name is ResourceInUse.
 * Message wordings are modelled on the service's but not guaranteed identical.
 *
 * Time: `clock.now()` (ms). The default clock is a {@link ManualClock} that starts at the
 * current second and moves only on `advance(seconds)`. Pass `clock: systemClock` to follow
 * `Date.now()`, which then follows vitest's fake timers or any other virtual clock that
 * replaces `Date.now` (the wait benchmark uses that). `requestHandler()` serves the SDK in
 * process, without sockets, for code that runs on such a virtual clock.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';

/** Secondary statuses the endpoint knows. */
export type SecondaryStatus =
  | 'Starting'
  | 'Downloading'
  | 'Training'
  | 'Uploading'
  | 'Completed'
  | 'Failed'
  | 'Stopping'
  | 'Stopped'
  | 'MaxRuntimeExceeded'
  | 'MaxWaitTimeExceeded'
  | 'Interrupted'
  | 'Restarting';

/** One step of a job's timeline. */
export interface TimelineStep {
  /** Seconds after the previous step (the first step: after creation). */
  after: number;
  secondary: SecondaryStatus;
  /** StatusMessage of the transition (default: the service's usual message). */
  message?: string;
  /** For `Failed`: the FailureReason. */
  failureReason?: string;
}

/** A job's script: its steps (after an implicit `Starting` at creation) and its results. */
export interface JobScript {
  steps: TimelineStep[];
  /** FinalMetricDataList of a job that ends Completed or Stopped. */
  finalMetrics?: Record<string, number>;
  /** Spot jobs: BillableTimeInSeconds = round(TrainingTimeInSeconds x this). Default 0.3. */
  billableFraction?: number;
  /** Seconds from Stopping to Stopped after StopTrainingJob. Default: the server's `stopSeconds`. */
  stopSeconds?: number;
}

/** Where the endpoint reads the time (ms since the epoch). */
export interface Clock {
  now(): number;
}

/** A clock that moves only when told. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | number = Math.floor(Date.now() / 1000) * 1000) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  /** Moves the clock forward by `seconds` (fractions allowed). */
  advance(seconds: number): void {
    if (!(seconds >= 0)) throw new RangeError(`ManualClock.advance: seconds must be >= 0, got ${seconds}`);
    this.current += seconds * 1000;
  }

  set(time: Date | number): void {
    this.current = typeof time === 'number' ? time : time.getTime();
  }
}

/** `Date.now()`: real time, or whatever virtual time replaces `Date.now`. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * The usual timeline in seconds per phase (defaults in brackets): starting [60], downloading
 * [30], training [600], uploading [30], then `end`: `'Completed'` (default), `'MaxRuntimeExceeded'`,
 * `'Stopped'` or `{ failed: reason }` (the job fails at the end of training).
 *
 * @example
 * server.script('job', standardTimeline({ training: 3600, end: { failed: 'AlgorithmError: exit code 1' } }));
 */
export function standardTimeline(
  options: {
    starting?: number;
    downloading?: number;
    training?: number;
    uploading?: number;
    end?: 'Completed' | 'MaxRuntimeExceeded' | 'Stopped' | { failed: string };
  } = {},
): TimelineStep[] {
  const { starting = 60, downloading = 30, training = 600, uploading = 30, end = 'Completed' } = options;
  const steps: TimelineStep[] = [
    { after: starting, secondary: 'Downloading' },
    { after: downloading, secondary: 'Training' },
  ];
  if (typeof end === 'object') {
    steps.push({ after: training, secondary: 'Failed', failureReason: end.failed });
    return steps;
  }
  if (end === 'Completed') {
    steps.push({ after: training, secondary: 'Uploading' }, { after: uploading, secondary: 'Completed' });
  } else {
    steps.push({ after: training, secondary: end });
  }
  return steps;
}

const DEFAULT_MESSAGES: Record<SecondaryStatus, string> = {
  Starting: 'Preparing the instances for training',
  Downloading: 'Downloading input data',
  Training: 'Training image download completed. Training in progress.',
  Uploading: 'Uploading generated training model',
  Completed: 'Training job completed',
  Failed: 'Training job failed',
  Stopping: 'Stopping the training job',
  Stopped: 'Training job stopped',
  MaxRuntimeExceeded: 'Training job runtime exceeded MaxRuntimeInSeconds provided',
  MaxWaitTimeExceeded: 'Training job exceeded MaxWaitTimeInSeconds provided',
  Interrupted: 'Spot capacity was reclaimed; the job will restart',
  Restarting: 'Restarting the training job',
};

const TERMINAL = new Set<SecondaryStatus>(['Completed', 'Failed', 'Stopped', 'MaxRuntimeExceeded', 'MaxWaitTimeExceeded']);

function primaryStatus(secondary: SecondaryStatus): string {
  switch (secondary) {
    case 'Completed':
      return 'Completed';
    case 'Failed':
      return 'Failed';
    case 'Stopping':
      return 'Stopping';
    case 'Stopped':
    case 'MaxRuntimeExceeded':
    case 'MaxWaitTimeExceeded':
      return 'Stopped';
    default:
      return 'InProgress';
  }
}

const NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const REQUIRED_MEMBERS = ['AlgorithmSpecification', 'RoleArn', 'OutputDataConfig', 'ResourceConfig', 'StoppingCondition'];

interface ResolvedStep {
  at: number;
  secondary: SecondaryStatus;
  message: string;
  failureReason?: string;
}

interface JobRecord {
  name: string;
  arn: string;
  request: Record<string, unknown>;
  createdAt: number;
  steps: ResolvedStep[];
  finalMetrics: Record<string, number>;
  billableFraction: number;
  stopSeconds: number;
  stopRequests: number;
}

/** An error answer the endpoint will give, as the service words it. */
export interface ServiceErrorAnswer {
  /** The error shape: `ResourceLimitExceeded`, `AccessDeniedException`, `ValidationException`, ... */
  type: string;
  message: string;
  /** HTTP status (default 400). */
  status?: number;
}

/** One request the endpoint answered. */
export interface RecordedRequest {
  operation: string;
  jobName?: string;
  /** `clock.now()` when it arrived. */
  at: number;
  status: number;
}

export interface SageMakerTimelineOptions {
  clock?: Clock;
  /** Script of jobs that were given none (default: `standardTimeline()`). */
  defaultScript?: TimelineStep[] | JobScript;
  /** Seconds from Stopping to Stopped (default 30). */
  stopSeconds?: number;
  accountId?: string;
  region?: string;
}

/** The JSON answer to one request. */
export interface TimelineAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** An SDK v3 request handler serving requests in process (no sockets). */
export interface InProcessRequestHandler {
  handle(request: { headers: Record<string, string>; body?: unknown }): Promise<{
    response: { statusCode: number; headers: Record<string, string>; body: Readable };
  }>;
  updateHttpClientConfig(): void;
  httpHandlerConfigs(): Record<string, never>;
  destroy(): void;
}

function asScript(script: TimelineStep[] | JobScript): JobScript {
  return Array.isArray(script) ? { steps: script } : script;
}

function seconds(ms: number): number {
  return ms / 1000;
}

/** The endpoint's logic, without HTTP: jobs, scripts, clock and answers. */
export class SageMakerTimeline {
  readonly clock: Clock;
  private readonly jobs = new Map<string, JobRecord>();
  private readonly scripts = new Map<string, JobScript>();
  private readonly createErrors: ServiceErrorAnswer[] = [];
  private readonly log: RecordedRequest[] = [];
  private readonly defaultScript: JobScript;
  private readonly stopSeconds: number;
  private readonly accountId: string;
  private readonly region: string;

  constructor(options: SageMakerTimelineOptions = {}) {
    this.clock = options.clock ?? new ManualClock();
    this.defaultScript = asScript(options.defaultScript ?? standardTimeline());
    this.stopSeconds = options.stopSeconds ?? 30;
    this.accountId = options.accountId ?? '123456789012';
    this.region = options.region ?? 'us-east-1';
  }

  /** Moves a {@link ManualClock} forward. */
  advance(seconds: number): void {
    if (!(this.clock instanceof ManualClock)) throw new Error('advance() needs a ManualClock; this endpoint follows another clock');
    this.clock.advance(seconds);
  }

  /** Sets a {@link ManualClock} to a time (e.g. `Date.now()` before each test, so CreationTime is current). */
  setTime(time: Date | number): void {
    if (!(this.clock instanceof ManualClock)) throw new Error('setTime() needs a ManualClock; this endpoint follows another clock');
    this.clock.set(time);
  }

  /**
   * Sets the script of a job: before it is created (it is used at creation), or for a job that
   * exists (its timeline is recomputed from its creation time).
   */
  script(jobName: string, script: TimelineStep[] | JobScript): void {
    const resolved = asScript(script);
    this.scripts.set(jobName, resolved);
    const job = this.jobs.get(jobName);
    if (job) this.applyScript(job, resolved);
  }

  /** The next CreateTrainingJob (whatever its name) is refused with this error. Queue several by calling again. */
  rejectNextCreate(answer: ServiceErrorAnswer): void {
    this.createErrors.push(answer);
  }

  /** The job's DescribeTrainingJob answer now (as JSON, timestamps in epoch seconds), or undefined. */
  describe(jobName: string): Record<string, unknown> | undefined {
    const job = this.jobs.get(jobName);
    return job ? this.describeJob(job) : undefined;
  }

  /** Names of the jobs created so far. */
  jobNames(): string[] {
    return [...this.jobs.keys()];
  }

  /** Requests answered so far, oldest first, optionally only one operation's. */
  requests(operation?: string): RecordedRequest[] {
    return operation === undefined ? [...this.log] : this.log.filter((r) => r.operation === operation);
  }

  /** Forgets every job, script, queued error and recorded request. */
  reset(): void {
    this.jobs.clear();
    this.scripts.clear();
    this.createErrors.length = 0;
    this.log.length = 0;
  }

  /** Answers one AWS JSON 1.1 request. */
  handle(target: string | undefined, bodyText: string): TimelineAnswer {
    const operation = (target ?? '').replace(/^SageMaker\./, '');
    let input: Record<string, unknown>;
    try {
      input = bodyText.trim() === '' ? {} : (JSON.parse(bodyText) as Record<string, unknown>);
    } catch {
      return this.record(operation, undefined, this.error({ type: 'SerializationException', message: 'Malformed JSON body' }));
    }
    const jobName = typeof input.TrainingJobName === 'string' ? input.TrainingJobName : undefined;
    let answer: TimelineAnswer;
    switch (operation) {
      case 'CreateTrainingJob':
        answer = this.create(input);
        break;
      case 'DescribeTrainingJob':
        answer = this.describeOperation(jobName);
        break;
      case 'StopTrainingJob':
        answer = this.stopJob(jobName);
        break;
      default:
        answer = this.error({ type: 'UnknownOperationException', message: `Unknown operation ${target ?? '(no X-Amz-Target)'}` });
    }
    return this.record(operation, jobName, answer);
  }

  /** An SDK request handler that answers in process: `new SageMakerClient({ requestHandler: timeline.requestHandler(), ... })`. */
  requestHandler(): InProcessRequestHandler {
    return {
      handle: async (request) => {
        const target = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'x-amz-target')?.[1];
        const body = request.body;
        const text =
          body === undefined || body === null ? ''
          : typeof body === 'string' ? body
          : new TextDecoder().decode(body as Uint8Array);
        const answer = this.handle(target, text);
        return { response: { statusCode: answer.status, headers: answer.headers, body: Readable.from([Buffer.from(answer.body)]) } };
      },
      updateHttpClientConfig: () => {},
      httpHandlerConfigs: () => ({}),
      destroy: () => {},
    };
  }

  private record(operation: string, jobName: string | undefined, answer: TimelineAnswer): TimelineAnswer {
    const entry: RecordedRequest = { operation, at: this.clock.now(), status: answer.status };
    if (jobName !== undefined) entry.jobName = jobName;
    this.log.push(entry);
    return answer;
  }

  private ok(output: unknown): TimelineAnswer {
    return {
      status: 200,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() },
      body: JSON.stringify(output),
    };
  }

  private error(answer: ServiceErrorAnswer): TimelineAnswer {
    return {
      status: answer.status ?? 400,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() },
      body: JSON.stringify({ __type: answer.type, message: answer.message }),
    };
  }

  private invalidName(name: string | undefined): TimelineAnswer | undefined {
    if (name !== undefined && NAME_PATTERN.test(name)) return undefined;
    return this.error({
      type: 'ValidationException',
      message:
        `1 validation error detected: Value ${name === undefined ? 'null' : `'${name}'`} at 'trainingJobName' failed to satisfy constraint: ` +
        (name === undefined ? 'Member must not be null' : 'Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}'),
    });
  }

  private notFound(): TimelineAnswer {
    return this.error({ type: 'ValidationException', message: 'Requested resource not found.' });
  }

  private create(input: Record<string, unknown>): TimelineAnswer {
    const name = typeof input.TrainingJobName === 'string' ? input.TrainingJobName : undefined;
    const bad = this.invalidName(name);
    if (bad) return bad;
    const missing = REQUIRED_MEMBERS.filter((member) => input[member] === undefined);
    if (missing.length > 0) {
      return this.error({
        type: 'ValidationException',
        message: `${missing.length} validation error${missing.length === 1 ? '' : 's'} detected: ${missing
          .map((m) => `Value null at '${m.charAt(0).toLowerCase()}${m.slice(1)}' failed to satisfy constraint: Member must not be null`)
          .join('; ')}`,
      });
    }
    const queued = this.createErrors.shift();
    if (queued) return this.error(queued);
    const jobName = name as string;
    const arn = `arn:aws:sagemaker:${this.region}:${this.accountId}:training-job/${jobName.toLowerCase()}`;
    if (this.jobs.has(jobName)) {
      return this.error({
        type: 'ResourceInUse',
        message: `Training job names must be unique within an AWS account and region, and a training job with this name already exists (${arn})`,
      });
    }
    const job: JobRecord = {
      name: jobName,
      arn,
      request: input,
      createdAt: this.clock.now(),
      steps: [],
      finalMetrics: {},
      billableFraction: 1,
      stopSeconds: this.stopSeconds,
      stopRequests: 0,
    };
    this.applyScript(job, this.scripts.get(jobName) ?? this.defaultScript);
    this.jobs.set(jobName, job);
    return this.ok({ TrainingJobArn: arn });
  }

  private describeOperation(name: string | undefined): TimelineAnswer {
    const bad = this.invalidName(name);
    if (bad) return bad;
    const job = this.jobs.get(name as string);
    return job ? this.ok(this.describeJob(job)) : this.notFound();
  }

  private stopJob(name: string | undefined): TimelineAnswer {
    const bad = this.invalidName(name);
    if (bad) return bad;
    const job = this.jobs.get(name as string);
    if (!job) return this.notFound();
    const now = this.clock.now();
    const current = this.reached(job, now).at(-1);
    const status = current ? primaryStatus(current.secondary) : 'InProgress';
    if (status !== 'InProgress') {
      return this.error({
        type: 'ValidationException',
        message: `The request was rejected because the training job is in status ${status}.`,
      });
    }
    job.stopRequests += 1;
    job.steps = [
      ...job.steps.filter((s) => s.at <= now),
      { at: now, secondary: 'Stopping', message: DEFAULT_MESSAGES.Stopping },
      { at: now + job.stopSeconds * 1000, secondary: 'Stopped', message: DEFAULT_MESSAGES.Stopped },
    ];
    return this.ok({});
  }

  private applyScript(job: JobRecord, script: JobScript): void {
    const spot = job.request.EnableManagedSpotTraining === true;
    job.finalMetrics = { ...(script.finalMetrics ?? {}) };
    job.billableFraction = spot ? (script.billableFraction ?? 0.3) : 1;
    job.stopSeconds = script.stopSeconds ?? this.stopSeconds;

    const steps: ResolvedStep[] = [];
    let at = job.createdAt;
    const given = script.steps[0]?.secondary === 'Starting' ? script.steps : [{ after: 0, secondary: 'Starting' as const }, ...script.steps];
    for (const step of given) {
      at += step.after * 1000;
      const resolved: ResolvedStep = { at, secondary: step.secondary, message: step.message ?? DEFAULT_MESSAGES[step.secondary] };
      if (step.secondary === 'Failed') resolved.failureReason = step.failureReason ?? 'AlgorithmError: the training script exited with a non-zero code';
      steps.push(resolved);
      if (TERMINAL.has(step.secondary)) break;
    }

    // The service stops a job MaxRuntimeInSeconds after its training started.
    const maxRuntime = (job.request.StoppingCondition as { MaxRuntimeInSeconds?: number } | undefined)?.MaxRuntimeInSeconds;
    const trainingStart = steps.find((s) => s.secondary !== 'Starting')?.at;
    if (maxRuntime !== undefined && trainingStart !== undefined) {
      const limit = trainingStart + maxRuntime * 1000;
      const end = steps.at(-1);
      if (end && end.at > limit) {
        job.steps = [
          ...steps.filter((s) => s.at <= limit),
          { at: limit, secondary: 'MaxRuntimeExceeded', message: DEFAULT_MESSAGES.MaxRuntimeExceeded },
        ];
        return;
      }
    }
    job.steps = steps;
  }

  private reached(job: JobRecord, now: number): ResolvedStep[] {
    return job.steps.filter((s) => s.at <= now);
  }

  private describeJob(job: JobRecord): Record<string, unknown> {
    const now = this.clock.now();
    const reached = this.reached(job, now);
    const current = reached.at(-1) ?? { at: job.createdAt, secondary: 'Starting' as const, message: DEFAULT_MESSAGES.Starting };
    const ended = TERMINAL.has(current.secondary);
    const request = { ...job.request };
    delete request.Tags;
    delete request.ClientToken;

    const transitions = reached.map((step, i) => {
      const next = reached[i + 1];
      const transition: Record<string, unknown> = { Status: step.secondary, StartTime: seconds(step.at), StatusMessage: step.message };
      if (next) transition.EndTime = seconds(next.at);
      else if (TERMINAL.has(step.secondary)) transition.EndTime = seconds(step.at);
      return transition;
    });

    const description: Record<string, unknown> = {
      EnableNetworkIsolation: false,
      EnableInterContainerTrafficEncryption: false,
      EnableManagedSpotTraining: false,
      ...request,
      TrainingJobName: job.name,
      TrainingJobArn: job.arn,
      TrainingJobStatus: primaryStatus(current.secondary),
      SecondaryStatus: current.secondary,
      CreationTime: seconds(job.createdAt),
      LastModifiedTime: seconds(current.at),
      SecondaryStatusTransitions: transitions,
    };
    const trainingStart = reached.find((s) => s.secondary !== 'Starting')?.at;
    if (trainingStart !== undefined) description.TrainingStartTime = seconds(trainingStart);
    if (ended) {
      description.TrainingEndTime = seconds(current.at);
      if (trainingStart !== undefined) {
        const training = Math.round(seconds(current.at - trainingStart));
        description.TrainingTimeInSeconds = training;
        description.BillableTimeInSeconds = Math.round(training * job.billableFraction);
      }
      if (current.secondary === 'Failed') description.FailureReason = current.failureReason;
      if (current.secondary !== 'Failed') {
        const output = String((job.request.OutputDataConfig as { S3OutputPath?: string } | undefined)?.S3OutputPath ?? '');
        description.ModelArtifacts = { S3ModelArtifacts: `${output}${output.endsWith('/') ? '' : '/'}${job.name}/output/model.tar.gz` };
        const metrics = Object.entries(job.finalMetrics);
        if (metrics.length > 0) {
          description.FinalMetricDataList = metrics.map(([MetricName, Value]) => ({ MetricName, Value, Timestamp: seconds(current.at) }));
        }
      }
    }
    return description;
  }
}

/** A {@link SageMakerTimeline} listening on 127.0.0.1. */
export class SageMakerTimelineServer extends SageMakerTimeline {
  /** `http://127.0.0.1:PORT`: the SDK client's `endpoint`. */
  endpoint = '';
  port = 0;
  private readonly server = createServer((req: IncomingMessage, res: ServerResponse) => {
    readBody(req).then(
      (body) => {
        const target = req.headers['x-amz-target'];
        const answer = this.handle(typeof target === 'string' ? target : undefined, body);
        res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
        res.end(answer.body);
      },
      () => res.destroy(),
    );
  });

  /** Listens on 127.0.0.1, on a free port. Use {@link startSageMakerTimelineServer}. */
  async listen(): Promise<this> {
    this.server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('timeline server: no TCP address');
    this.port = address.port;
    this.endpoint = `http://127.0.0.1:${address.port}`;
    return this;
  }

  /** Closes the server and every open connection. */
  stop(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Starts the endpoint on 127.0.0.1 on a free port.
 *
 * @example
 * const server = await startSageMakerTimelineServer();
 * const { sagemaker } = createClients({ endpoint: server.endpoint, region: 'us-east-1', credentials: fakeCredentials });
 * // ... launch, then server.advance(seconds) to move the jobs along
 * await server.stop();
 */
export function startSageMakerTimelineServer(options: SageMakerTimelineOptions = {}): Promise<SageMakerTimelineServer> {
  return new SageMakerTimelineServer(options).listen();
}
