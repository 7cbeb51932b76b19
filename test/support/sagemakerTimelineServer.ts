/**
 * A small SageMaker endpoint of our own on 127.0.0.1, for what moto cannot do: training jobs
 * that move through the real status timeline on a clock the test controls.
 *
 * It speaks AWS JSON 1.1 like the service (`X-Amz-Target: SageMaker.CreateTrainingJob`,
 * `DescribeTrainingJob`, `ListTrainingJobs`, `StopTrainingJob`; timestamps as epoch seconds;
 * errors as HTTP 400 with `{"__type":"ValidationException","message":"Requested resource not found."}`),
 * so the real SDK client (serialization, retries, waiters, paginators) runs against it unchanged.
 * Jobs go Starting -> Downloading -> Training -> Uploading -> Completed by default, or follow a script:
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
 * ListTrainingJobs: NameContains (case-insensitive substring), StatusEquals, CreationTimeAfter /
 * Before and LastModifiedTimeAfter / Before (strict comparisons), SortBy (Name | CreationTime |
 * Status, default CreationTime), SortOrder (default Descending: newest first, as the service
 * answers; the API model's text says Ascending), MaxResults (1..100, default 10) and an opaque
 * NextToken (a cursor: jobs created between pages neither repeat nor shift a page; a token that
 * is not one of ours, or one given with another SortBy/SortOrder, is a ValidationException).
 * Like the service (the botocore model's note on StatusEquals; boto/boto3#2838 for NameContains),
 * a page of MaxResults jobs is cut first and NameContains / StatusEquals filter it afterwards, so
 * a page may be short or empty while NextToken is set: follow NextToken until it is absent.
 * `fullListPages: true` filters before cutting instead.
 *
 * Sweeps: the options below add what a sweep of many jobs meets (see {@link SageMakerTimelineOptions}):
 *
 * ```ts
 * const server = await startSageMakerTimelineServer({
 *   clock: new ScaledClock(1000),            // 1 s of real time is 1000 s of job time
 *   quotas: { 'ml.p3.2xlarge': 2 },          // ResourceLimitExceeded past 2 instances in use
 *   faults: { seed: 7, throttleRate: 0.05, errorRate: 0.02, loseCreateAnswerRate: 0.1 },
 *   scriptFor: (name) => (name.includes('-b1024-')
 *     ? standardTimeline({ training: 120, end: { failed: 'AlgorithmError: CUDA out of memory' } })
 *     : undefined),                          // undefined: the default script
 *   recordRequests: false,                   // no request log for a 200-job benchmark
 * });
 * // ... run the sweep, then:
 * server.peakInUse('ml.p3.2xlarge');         // <= 2
 * server.counts();                           // { CreateTrainingJob: n, DescribeTrainingJob: n, ListTrainingJobs: n, StopTrainingJob: n }
 * server.createAttempts('sweep-b512-e2');    // 2: a lost answer, then a retry that met ResourceInUse
 * server.createdJobs().map((job) => job.name); // each name once, in creation order
 * ```
 *
 * - **Quotas** (`quotas`, `defaultQuota`; `spotQuotas` for managed spot jobs, which the service
 *   limits separately as `<type> for spot training job usage`): a create whose instances (its
 *   InstanceCount, or each ResourceConfig.InstanceGroups entry, per type) would take the type's
 *   in-use instances (jobs InProgress or Stopping at the clock's now) past the quota is refused
 *   with the service's ResourceLimitExceeded message. A name already taken is ResourceInUse
 *   before the quota is looked at. `inUse(type)` and `peakInUse(type)` read the usage, exactly,
 *   from the jobs' intervals (creation to their first terminal status), up to the clock's now.
 * - **Time**: {@link ScaledClock} runs `scale` times faster than `Date.now()`; timelines advance
 *   by themselves and descriptions still report job time (a 600 s job bills 600 s).
 * - **Faults** (`faults`): before anything else is done (a refused create creates nothing), a
 *   seeded fraction of requests is answered HTTP 400 ThrottlingException "Rate exceeded" or
 *   HTTP 500 InternalFailure; `loseCreateAnswerRate` creates the job and then answers 500, so a
 *   retrying client meets ResourceInUse. A request's fate depends only on the seed, its
 *   operation, its TrainingJobName and how many requests of that operation for that name came
 *   before (for ListTrainingJobs: how many came before), so concurrency does not change it.
 * - **Scripts by rule** (`scriptFor`): consulted at creation when no `script(name)` was set.
 * - **Accounting**: `counts()`, `countsByStatus()`, `createAttempts(name)`, `createdJobs()`;
 *   the `requests()` log is kept unless `recordRequests: false` (`requestLogLimit` keeps the newest).
 *
 * Time: `clock.now()` (ms). The default clock is a {@link ManualClock} that starts at the
 * current second and moves only on `advance(seconds)`. Pass `clock: systemClock` to follow
 * `Date.now()`, which then follows vitest's fake timers or any other virtual clock that
 * replaces `Date.now` (the wait benchmark uses that). `requestHandler()` serves the SDK in
 * process, without sockets, for code that runs on such a virtual clock.
 *
 * Over HTTP the server takes many concurrent keep-alive connections, and a client that vanishes
 * mid-request (a sweep process killed with SIGKILL) costs it nothing but that request: the state
 * stays with the server, in the test process, for the next client.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { prng } from './prng';

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

/**
 * A clock that runs `scale` times faster than `Date.now()`: `now() = start + (Date.now() - realStart) x scale`,
 * where `realStart` is `Date.now()` at construction and `start` defaults to it. Jobs then move
 * along by themselves, and what they report is job time: at scale 1000 a 600 s training job takes
 * 0.6 s of real time and its description still says 600 s (and bills them). `Date.now()` has a
 * resolution of 1 ms, so the clock moves in steps of `scale` ms.
 *
 * @example
 * const server = await startSageMakerTimelineServer({ clock: new ScaledClock(1000) });
 * // a standardTimeline() job (720 s) is Completed about 0.72 s of real time after its creation
 */
export class ScaledClock implements Clock {
  /** Job milliseconds per real millisecond. */
  readonly scale: number;
  /** `now()` at construction (ms since the epoch). */
  readonly start: number;
  private readonly realStart: number;

  constructor(scale: number, start?: Date | number) {
    if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`ScaledClock: scale must be a finite number > 0, got ${scale}`);
    this.scale = scale;
    this.realStart = Date.now();
    this.start = start === undefined ? this.realStart : typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.start + (Date.now() - this.realStart) * this.scale;
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

/** The operations the endpoint answers, in the order `counts()` lists them. */
const OPERATIONS = ['CreateTrainingJob', 'DescribeTrainingJob', 'ListTrainingJobs', 'StopTrainingJob'] as const;

/**
 * An operation the endpoint answers.
 *
 * @example
 * const op: TimelineOperation = 'ListTrainingJobs';
 * server.counts()[op];
 */
export type TimelineOperation = (typeof OPERATIONS)[number];

/** The enums of ListTrainingJobs, as the API model (2017-07-24) lists them. */
const TRAINING_JOB_STATUSES = ['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped', 'Deleting'];
const SORT_BY = ['Name', 'CreationTime', 'Status'];
const SORT_ORDER = ['Ascending', 'Descending'];
const NAME_CONTAINS_PATTERN = /^[a-zA-Z0-9-]+$/;

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
  /** Creation order: ties of CreationTime sort by it. */
  seq: number;
  /** Instances the job holds while InProgress or Stopping, per instance type. */
  instances: Map<string, number>;
  spot: boolean;
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

/**
 * One request the endpoint answered.
 *
 * @example
 * server.requests('CreateTrainingJob').filter((r) => r.fault === 'lostAnswer').map((r) => r.jobName);
 */
export interface RecordedRequest {
  operation: string;
  jobName?: string;
  /** `clock.now()` when it arrived. */
  at: number;
  status: number;
  /** The error's `__type`, when the answer is an error. */
  error?: string;
  /** Set when `faults` decided the answer: throttled, failed, or a create whose answer was lost. */
  fault?: 'throttle' | 'error' | 'lostAnswer';
}

/**
 * Seeded faults: see {@link SageMakerTimelineOptions.faults}.
 *
 * @example
 * const faults: TimelineFaults = { seed: 7, throttleRate: 0.05, errorRate: 0.02, operations: ['DescribeTrainingJob'], loseCreateAnswerRate: 0.1 };
 */
export interface TimelineFaults {
  /** Seed of the PRNG ({@link prng}); the same seed and the same requests give the same faults. */
  seed: number;
  /** Fraction of requests answered HTTP 400 `ThrottlingException` "Rate exceeded" (default 0). */
  throttleRate?: number;
  /** Fraction of requests answered HTTP 500 `InternalFailure` (default 0). */
  errorRate?: number;
  /** Operations that get throttled or failed (default: every operation). */
  operations?: string[];
  /**
   * Fraction of successful CreateTrainingJob requests whose answer is lost: the job is created,
   * then the answer is HTTP 500 `InternalFailure`, so a retrying client meets ResourceInUse
   * (default 0; not limited by `operations`).
   */
  loseCreateAnswerRate?: number;
}

/**
 * What `scriptFor` gives a job: its script, or undefined for the default one.
 *
 * @example
 * const rule: ScriptRule = (name, request) =>
 *   name.includes('-b1024-') ? standardTimeline({ end: { failed: 'AlgorithmError: CUDA out of memory' } }) : undefined;
 */
export type ScriptRule = (jobName: string, request: Record<string, unknown>) => TimelineStep[] | JobScript | undefined;

/**
 * Options of {@link SageMakerTimeline} and {@link startSageMakerTimelineServer}.
 *
 * @example
 * const options: SageMakerTimelineOptions = { clock: new ScaledClock(1000), quotas: { 'ml.p3.2xlarge': 2 }, recordRequests: false };
 */
export interface SageMakerTimelineOptions {
  clock?: Clock;
  /** Script of jobs that were given none (default: `standardTimeline()`). */
  defaultScript?: TimelineStep[] | JobScript;
  /** Seconds from Stopping to Stopped (default 30). */
  stopSeconds?: number;
  accountId?: string;
  region?: string;
  /**
   * Instances of each type the account may hold in training jobs at once (`{ 'ml.p3.2xlarge': 2 }`):
   * a create past it is ResourceLimitExceeded. Types not named get `defaultQuota`. Managed spot
   * jobs are limited by `spotQuotas` instead.
   */
  quotas?: Record<string, number>;
  /** The quota of the types `quotas` does not name (default: no limit). */
  defaultQuota?: number;
  /** Quotas of managed spot training jobs (`<type> for spot training job usage`), per type (default: no limit). */
  spotQuotas?: Record<string, number>;
  /** Seeded throttling, internal failures and lost create answers. */
  faults?: TimelineFaults;
  /** The script of a job given no `script(name)`, by rule, at creation (undefined: `defaultScript`). */
  scriptFor?: ScriptRule;
  /** Keep the `requests()` log (default true). `counts()` and the other tallies are always kept. */
  recordRequests?: boolean;
  /** Keep only the newest this many requests in the log (default: all). */
  requestLogLimit?: number;
  /**
   * ListTrainingJobs filters by NameContains and StatusEquals before cutting the page of
   * MaxResults, so every page but the last is full. Default false: like the service, the page is
   * cut first and filtered afterwards.
   */
  fullListPages?: boolean;
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

/**
 * Requests of one operation by outcome: see {@link SageMakerTimeline.countsByStatus}.
 *
 * @example
 * server.countsByStatus().CreateTrainingJob; // { ok: 20, errors: 3, byStatus: { 200: 20, 400: 3 }, byError: { ResourceLimitExceeded: 3 } }
 */
export interface OperationOutcomes {
  /** Answered 2xx. */
  ok: number;
  /** Answered with an error (4xx or 5xx), faults included. */
  errors: number;
  /** Per HTTP status: `{ 200: 5, 400: 2, 500: 1 }`. */
  byStatus: Record<number, number>;
  /** Per error `__type`: `{ ThrottlingException: 2, ResourceLimitExceeded: 1 }`. */
  byError: Record<string, number>;
}

/**
 * A job the endpoint created: see {@link SageMakerTimeline.createdJobs}.
 *
 * @example
 * server.createdJobs().filter((job) => job.createAttempts > 1).map((job) => job.name); // retried creates
 */
export interface CreatedJob {
  name: string;
  arn: string;
  /** `clock.now()` at creation (ms). */
  createdAt: number;
  /** CreateTrainingJob requests that arrived for the name, this one and every retry included. */
  createAttempts: number;
  /** Instances per type it holds while running. */
  instances: Record<string, number>;
  /** The CreateTrainingJob request that created it (do not modify). */
  request: Record<string, unknown>;
}

function asScript(script: TimelineStep[] | JobScript): JobScript {
  return Array.isArray(script) ? { steps: script } : script;
}

function seconds(ms: number): number {
  return ms / 1000;
}

/** FNV-1a, 32 bits: a string to a PRNG seed. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function checkRate(name: string, value: number | undefined): number {
  const rate = value ?? 0;
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`SageMakerTimeline: faults.${name} must be in [0, 1], got ${value}`);
  return rate;
}

/** The instances a CreateTrainingJob request asks for, per type: InstanceType x InstanceCount, or each InstanceGroups entry. */
function instanceDemand(resourceConfig: unknown): Map<string, number> {
  const demand = new Map<string, number>();
  const config = (resourceConfig ?? {}) as {
    InstanceType?: unknown;
    InstanceCount?: unknown;
    InstanceGroups?: { InstanceType?: unknown; InstanceCount?: unknown }[];
  };
  const add = (type: unknown, count: unknown) => {
    if (typeof type !== 'string') return;
    const n = typeof count === 'number' && Number.isFinite(count) ? count : 1;
    demand.set(type, (demand.get(type) ?? 0) + n);
  };
  if (Array.isArray(config.InstanceGroups) && config.InstanceGroups.length > 0) {
    for (const group of config.InstanceGroups) add(group?.InstanceType, group?.InstanceCount);
  } else {
    add(config.InstanceType, config.InstanceCount);
  }
  return demand;
}

/** A job's state at a time: the steps reached, the current one, the primary status. */
interface JobState {
  reached: ResolvedStep[];
  current: ResolvedStep;
  status: string;
  ended: boolean;
}

/** Sort key of a ListTrainingJobs row; compared element by element. */
type SortKey = (string | number)[];

function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** The endpoint's logic, without HTTP: jobs, scripts, clock and answers. */
export class SageMakerTimeline {
  readonly clock: Clock;
  private readonly jobs = new Map<string, JobRecord>();
  private readonly scripts = new Map<string, JobScript>();
  private readonly createErrors: ServiceErrorAnswer[] = [];
  private log: RecordedRequest[] = [];
  private readonly defaultScript: JobScript;
  private readonly stopSeconds: number;
  private readonly accountId: string;
  private readonly region: string;
  private readonly quotas: Record<string, number>;
  private readonly defaultQuota: number | undefined;
  private readonly spotQuotas: Record<string, number>;
  private readonly faults: (Required<Omit<TimelineFaults, 'operations'>> & { operations: Set<string> | undefined }) | undefined;
  private readonly scriptFor: ScriptRule | undefined;
  private readonly recordRequests: boolean;
  private readonly requestLogLimit: number;
  private readonly fullListPages: boolean;
  /** Secret of this endpoint's NextTokens. */
  private readonly tokenSecret = randomUUID();
  private readonly tally = new Map<string, { ok: number; errors: number; byStatus: Map<number, number>; byError: Map<string, number> }>();
  private readonly attempts = new Map<string, number>();
  private readonly faultDraws = new Map<string, number>();
  private nextSeq = 0;

  constructor(options: SageMakerTimelineOptions = {}) {
    this.clock = options.clock ?? new ManualClock();
    this.defaultScript = asScript(options.defaultScript ?? standardTimeline());
    this.stopSeconds = options.stopSeconds ?? 30;
    this.accountId = options.accountId ?? '123456789012';
    this.region = options.region ?? 'us-east-1';
    this.quotas = { ...(options.quotas ?? {}) };
    this.defaultQuota = options.defaultQuota;
    this.spotQuotas = { ...(options.spotQuotas ?? {}) };
    for (const [type, quota] of [...Object.entries(this.quotas), ...Object.entries(this.spotQuotas), ['defaultQuota', this.defaultQuota ?? 0] as const]) {
      if (!(Number.isInteger(quota) && quota >= 0)) throw new RangeError(`SageMakerTimeline: the quota of ${type} must be a whole number >= 0, got ${quota}`);
    }
    if (options.faults) {
      const f = options.faults;
      if (!Number.isFinite(f.seed)) throw new RangeError(`SageMakerTimeline: faults.seed must be a number, got ${f.seed}`);
      const throttleRate = checkRate('throttleRate', f.throttleRate);
      const errorRate = checkRate('errorRate', f.errorRate);
      if (throttleRate + errorRate > 1) throw new RangeError('SageMakerTimeline: faults.throttleRate + faults.errorRate must be <= 1');
      this.faults = {
        seed: f.seed,
        throttleRate,
        errorRate,
        loseCreateAnswerRate: checkRate('loseCreateAnswerRate', f.loseCreateAnswerRate),
        operations: f.operations ? new Set(f.operations) : undefined,
      };
    }
    this.scriptFor = options.scriptFor;
    this.recordRequests = options.recordRequests ?? true;
    this.requestLogLimit = options.requestLogLimit ?? Infinity;
    if (!(this.requestLogLimit >= 1)) throw new RangeError(`SageMakerTimeline: requestLogLimit must be >= 1, got ${options.requestLogLimit}`);
    this.fullListPages = options.fullListPages ?? false;
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

  /** Requests answered so far, oldest first, optionally only one operation's (empty with `recordRequests: false`). */
  requests(operation?: string): RecordedRequest[] {
    const log = this.log.length > this.requestLogLimit ? this.log.slice(-this.requestLogLimit) : this.log;
    return operation === undefined ? [...log] : log.filter((r) => r.operation === operation);
  }

  /**
   * Requests answered so far per operation, errors and faults included:
   * `{ CreateTrainingJob, DescribeTrainingJob, ListTrainingJobs, StopTrainingJob }` (0 when none),
   * plus any other operation that was asked for.
   */
  counts(): Record<TimelineOperation, number> & Record<string, number> {
    const counts: Record<string, number> = Object.fromEntries(OPERATIONS.map((op) => [op, 0]));
    for (const [operation, t] of this.tally) counts[operation] = t.ok + t.errors;
    return counts as Record<TimelineOperation, number> & Record<string, number>;
  }

  /** Requests answered so far per operation, by outcome: 2xx or error, per HTTP status and per error `__type`. */
  countsByStatus(): Record<TimelineOperation, OperationOutcomes> & Record<string, OperationOutcomes> {
    const result: Record<string, OperationOutcomes> = {};
    for (const operation of [...OPERATIONS, ...this.tally.keys()]) {
      const t = this.tally.get(operation);
      result[operation] = {
        ok: t?.ok ?? 0,
        errors: t?.errors ?? 0,
        byStatus: Object.fromEntries(t?.byStatus ?? []),
        byError: Object.fromEntries(t?.byError ?? []),
      };
    }
    return result as Record<TimelineOperation, OperationOutcomes> & Record<string, OperationOutcomes>;
  }

  /** How many CreateTrainingJob requests arrived for the name (refused, faulted and retried ones included). */
  createAttempts(jobName: string): number {
    return this.attempts.get(jobName) ?? 0;
  }

  /**
   * The jobs created, in creation order. A name is created at most once (a second create is
   * ResourceInUse), so "never creates a job twice" is about the rest: `createAttempts` shows the
   * retries, and two entries with the same request but different names are a duplicate launch.
   */
  createdJobs(): CreatedJob[] {
    return [...this.jobs.values()].map((job) => ({
      name: job.name,
      arn: job.arn,
      createdAt: job.createdAt,
      createAttempts: this.createAttempts(job.name),
      instances: Object.fromEntries(job.instances),
      request: job.request,
    }));
  }

  /**
   * Instances of the type held now by jobs InProgress or Stopping (`kind`: on-demand and spot
   * jobs together, by default, or only one kind; quotas are per kind).
   */
  inUse(instanceType: string, kind: 'all' | 'on-demand' | 'spot' = 'all'): number {
    const now = this.clock.now();
    let total = 0;
    for (const job of this.jobs.values()) {
      const count = this.countOf(job, instanceType, kind);
      if (count > 0 && job.createdAt <= now && now < this.endOf(job)) total += count;
    }
    return total;
  }

  /**
   * The most instances of the type in use at once (InProgress or Stopping) from the first job to
   * the clock's now, computed exactly from every job's interval (creation to its first terminal
   * status); `kind` as for {@link inUse}. Forgotten on `reset()`, with the jobs.
   */
  peakInUse(instanceType: string, kind: 'all' | 'on-demand' | 'spot' = 'all'): number {
    const now = this.clock.now();
    const events: [number, number][] = [];
    for (const job of this.jobs.values()) {
      const count = this.countOf(job, instanceType, kind);
      if (count === 0 || job.createdAt > now) continue;
      events.push([job.createdAt, count]);
      const end = this.endOf(job);
      if (end <= now) events.push([end, -count]);
    }
    // At the same instant, a job that ends frees its instances before one that starts takes them.
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let current = 0;
    let peak = 0;
    for (const [, delta] of events) {
      current += delta;
      peak = Math.max(peak, current);
    }
    return peak;
  }

  /** Forgets every job, script, queued error, recorded request, count and fault draw (options stay). */
  reset(): void {
    this.jobs.clear();
    this.scripts.clear();
    this.createErrors.length = 0;
    this.log = [];
    this.tally.clear();
    this.attempts.clear();
    this.faultDraws.clear();
    this.nextSeq = 0;
  }

  /** Answers one AWS JSON 1.1 request. */
  handle(target: string | undefined, bodyText: string): TimelineAnswer {
    const operation = (target ?? '').replace(/^SageMaker\./, '');
    let input: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = bodyText.trim() === '' ? {} : JSON.parse(bodyText);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) input = parsed as Record<string, unknown>;
    } catch {
      input = undefined;
    }
    const jobName = typeof input?.TrainingJobName === 'string' ? input.TrainingJobName : undefined;
    if (operation === 'CreateTrainingJob' && jobName !== undefined) this.attempts.set(jobName, this.createAttempts(jobName) + 1);

    // Faults come first: a throttled or failed request does nothing.
    const fault = this.drawFault(operation, jobName);
    if (fault.kind === 'throttle') {
      return this.record(operation, jobName, this.error({ type: 'ThrottlingException', message: 'Rate exceeded' }), 'throttle');
    }
    if (fault.kind === 'error') {
      return this.record(operation, jobName, this.internalFailure(), 'error');
    }
    if (input === undefined) {
      return this.record(operation, jobName, this.error({ type: 'SerializationException', message: 'Malformed JSON body' }));
    }

    let answer: TimelineAnswer;
    try {
      switch (operation) {
        case 'CreateTrainingJob':
          answer = this.create(input);
          break;
        case 'DescribeTrainingJob':
          answer = this.describeOperation(jobName);
          break;
        case 'ListTrainingJobs':
          answer = this.list(input);
          break;
        case 'StopTrainingJob':
          answer = this.stopJob(jobName);
          break;
        default:
          answer = this.error({ type: 'UnknownOperationException', message: `Unknown operation ${target ?? '(no X-Amz-Target)'}` });
      }
    } catch (error) {
      // A throwing scriptFor (a test's bug) is answered, not thrown into the HTTP server.
      const message = error instanceof Error ? error.message : String(error);
      return this.record(operation, jobName, this.error({ type: 'InternalFailure', status: 500, message: `timeline endpoint: ${message}` }));
    }
    if (operation === 'CreateTrainingJob' && answer.status === 200 && fault.loseCreateAnswer) {
      return this.record(operation, jobName, this.internalFailure(), 'lostAnswer');
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

  /** The fate `faults` gives this request: it depends on the seed, the operation, the name and the requests before it. */
  private drawFault(operation: string, jobName: string | undefined): { kind?: 'throttle' | 'error'; loseCreateAnswer: boolean } {
    const faults = this.faults;
    if (!faults) return { loseCreateAnswer: false };
    const key = `${operation}\u0000${jobName ?? ''}`;
    const n = this.faultDraws.get(key) ?? 0;
    this.faultDraws.set(key, n + 1);
    const random = prng(hash32(`${faults.seed}\u0000${key}\u0000${n}`));
    const fate = random();
    const lose = random();
    const loseCreateAnswer = operation === 'CreateTrainingJob' && lose < faults.loseCreateAnswerRate;
    if (faults.operations && !faults.operations.has(operation)) return { loseCreateAnswer };
    if (fate < faults.throttleRate) return { kind: 'throttle', loseCreateAnswer };
    if (fate < faults.throttleRate + faults.errorRate) return { kind: 'error', loseCreateAnswer };
    return { loseCreateAnswer };
  }

  private record(operation: string, jobName: string | undefined, answer: TimelineAnswer, fault?: RecordedRequest['fault']): TimelineAnswer {
    let errorType: string | undefined;
    if (answer.status >= 300) {
      try {
        const type = (JSON.parse(answer.body) as { __type?: unknown }).__type;
        if (typeof type === 'string') errorType = type;
      } catch {
        errorType = undefined;
      }
    }
    let t = this.tally.get(operation);
    if (!t) {
      t = { ok: 0, errors: 0, byStatus: new Map(), byError: new Map() };
      this.tally.set(operation, t);
    }
    if (answer.status < 300) t.ok += 1;
    else t.errors += 1;
    t.byStatus.set(answer.status, (t.byStatus.get(answer.status) ?? 0) + 1);
    if (errorType !== undefined) t.byError.set(errorType, (t.byError.get(errorType) ?? 0) + 1);

    if (this.recordRequests) {
      const entry: RecordedRequest = { operation, at: this.clock.now(), status: answer.status };
      if (jobName !== undefined) entry.jobName = jobName;
      if (errorType !== undefined) entry.error = errorType;
      if (fault !== undefined) entry.fault = fault;
      this.log.push(entry);
      if (this.log.length >= 2 * this.requestLogLimit) this.log = this.log.slice(-this.requestLogLimit);
    }
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

  private internalFailure(): TimelineAnswer {
    return this.error({ type: 'InternalFailure', status: 500, message: 'We encountered an internal error. Please try again.' });
  }

  private validation(errors: string[]): TimelineAnswer {
    return this.error({
      type: 'ValidationException',
      message: `${errors.length} validation error${errors.length === 1 ? '' : 's'} detected: ${errors.join('; ')}`,
    });
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
      return this.validation(
        missing.map((m) => `Value null at '${m.charAt(0).toLowerCase()}${m.slice(1)}' failed to satisfy constraint: Member must not be null`),
      );
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
    const instances = instanceDemand(input.ResourceConfig);
    const spot = input.EnableManagedSpotTraining === true;
    for (const [type, delta] of instances) {
      const quota = spot ? this.spotQuotas[type] : (this.quotas[type] ?? this.defaultQuota);
      if (quota === undefined) continue;
      const used = this.inUse(type, spot ? 'spot' : 'on-demand');
      if (used + delta > quota) {
        return this.error({
          type: 'ResourceLimitExceeded',
          message:
            `The account-level service limit '${type} for ${spot ? 'spot ' : ''}training job usage' is ${quota} Instances, ` +
            `with current utilization of ${used} Instances and a request delta of ${delta} Instances. ` +
            'Please use AWS Service Quotas to request an increase for this quota. If AWS Service Quotas is not available, ' +
            'contact AWS support to request an increase for this quota.',
        });
      }
    }
    const job: JobRecord = {
      name: jobName,
      arn,
      request: input,
      createdAt: this.clock.now(),
      seq: this.nextSeq,
      instances,
      spot,
      steps: [],
      finalMetrics: {},
      billableFraction: 1,
      stopSeconds: this.stopSeconds,
      stopRequests: 0,
    };
    const script = this.scripts.get(jobName) ?? this.ruleScript(jobName, input) ?? this.defaultScript;
    this.applyScript(job, script);
    this.nextSeq += 1;
    this.jobs.set(jobName, job);
    return this.ok({ TrainingJobArn: arn });
  }

  private ruleScript(jobName: string, input: Record<string, unknown>): JobScript | undefined {
    const script = this.scriptFor?.(jobName, input);
    return script === undefined ? undefined : asScript(script);
  }

  private describeOperation(name: string | undefined): TimelineAnswer {
    const bad = this.invalidName(name);
    if (bad) return bad;
    const job = this.jobs.get(name as string);
    return job ? this.ok(this.describeJob(job)) : this.notFound();
  }

  private list(input: Record<string, unknown>): TimelineAnswer {
    const errors: string[] = [];
    const { MaxResults, StatusEquals, SortBy, SortOrder, NameContains } = input;
    if (MaxResults !== undefined && MaxResults !== null) {
      if (typeof MaxResults !== 'number' || !Number.isInteger(MaxResults)) {
        return this.error({ type: 'SerializationException', message: `Value '${String(MaxResults)}' at 'maxResults' is not an integer` });
      }
      if (MaxResults < 1) errors.push(`Value '${MaxResults}' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1`);
      if (MaxResults > 100) errors.push(`Value '${MaxResults}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100`);
    }
    if (NameContains !== undefined && NameContains !== null) {
      const text = String(NameContains);
      if (text.length > 63) errors.push(`Value '${text}' at 'nameContains' failed to satisfy constraint: Member must have length less than or equal to 63`);
      if (text !== '' && !NAME_CONTAINS_PATTERN.test(text)) {
        errors.push(`Value '${text}' at 'nameContains' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9\\-]+`);
      }
    }
    const enums: [unknown, string, string[]][] = [
      [StatusEquals, 'statusEquals', TRAINING_JOB_STATUSES],
      [SortBy, 'sortBy', SORT_BY],
      [SortOrder, 'sortOrder', SORT_ORDER],
    ];
    for (const [value, member, allowed] of enums) {
      if (value !== undefined && value !== null && !allowed.includes(String(value))) {
        errors.push(`Value '${String(value)}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`);
      }
    }
    if (errors.length > 0) return this.validation(errors);

    const times: Record<string, number | undefined> = {};
    for (const member of ['CreationTimeAfter', 'CreationTimeBefore', 'LastModifiedTimeAfter', 'LastModifiedTimeBefore']) {
      const value = input[member];
      if (value === undefined || value === null) continue;
      const ms = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : NaN;
      if (!Number.isFinite(ms)) return this.error({ type: 'SerializationException', message: `Value '${String(value)}' at '${member}' is not a timestamp` });
      times[member] = ms;
    }

    const sortBy = typeof SortBy === 'string' ? SortBy : 'CreationTime';
    const sortOrder = typeof SortOrder === 'string' ? SortOrder : 'Descending';
    const pageSize = typeof MaxResults === 'number' ? MaxResults : 10;
    let cursor: SortKey | undefined;
    if (typeof input.NextToken === 'string' && input.NextToken !== '') {
      cursor = this.readToken(input.NextToken, sortBy, sortOrder);
      if (!cursor) return this.error({ type: 'ValidationException', message: 'Invalid pagination token.' });
    }

    const now = this.clock.now();
    const needle = typeof NameContains === 'string' && NameContains !== '' ? NameContains.toLowerCase() : undefined;
    const status = typeof StatusEquals === 'string' ? StatusEquals : undefined;
    const matches = (row: { job: JobRecord; state: JobState }) =>
      (needle === undefined || row.job.name.toLowerCase().includes(needle)) && (status === undefined || row.state.status === status);

    let rows = [...this.jobs.values()]
      .map((job) => ({ job, state: this.stateAt(job, now) }))
      .filter(({ job, state }) => {
        const modified = state.current.at;
        return (
          (times.CreationTimeAfter === undefined || job.createdAt > times.CreationTimeAfter) &&
          (times.CreationTimeBefore === undefined || job.createdAt < times.CreationTimeBefore) &&
          (times.LastModifiedTimeAfter === undefined || modified > times.LastModifiedTimeAfter) &&
          (times.LastModifiedTimeBefore === undefined || modified < times.LastModifiedTimeBefore)
        );
      });
    if (this.fullListPages) rows = rows.filter(matches);
    const sign = sortOrder === 'Descending' ? -1 : 1;
    const keyOf = (row: { job: JobRecord; state: JobState }): SortKey =>
      sortBy === 'Name' ? [row.job.name, row.job.seq]
      : sortBy === 'Status' ? [row.state.status, row.job.createdAt, row.job.seq]
      : [row.job.createdAt, row.job.seq];
    const keyed = rows.map((row) => ({ row, key: keyOf(row) })).sort((a, b) => sign * compareKeys(a.key, b.key));
    const start = cursor === undefined ? 0 : keyed.findIndex(({ key }) => sign * compareKeys(key, cursor) > 0);
    const from = start === -1 ? keyed.length : start;
    const page = keyed.slice(from, from + pageSize);
    const more = from + pageSize < keyed.length;
    const last = page.at(-1);

    const output: Record<string, unknown> = {
      TrainingJobSummaries: page.map(({ row }) => row).filter((row) => this.fullListPages || matches(row)).map(({ job, state }) => this.summarize(job, state)),
    };
    if (more && last) output.NextToken = this.writeToken(sortBy, sortOrder, last.key);
    return this.ok(output);
  }

  private writeToken(sortBy: string, sortOrder: string, key: SortKey): string {
    const payload = Buffer.from(JSON.stringify({ v: 1, by: sortBy, order: sortOrder, key })).toString('base64url');
    return `${payload}.${hash32(`${this.tokenSecret}.${payload}`).toString(36)}`;
  }

  private readToken(token: string, sortBy: string, sortOrder: string): SortKey | undefined {
    const [payload, check, ...rest] = token.split('.');
    if (payload === undefined || check === undefined || rest.length > 0) return undefined;
    if (hash32(`${this.tokenSecret}.${payload}`).toString(36) !== check) return undefined;
    try {
      const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { v?: unknown; by?: unknown; order?: unknown; key?: unknown };
      if (decoded.v !== 1 || decoded.by !== sortBy || decoded.order !== sortOrder || !Array.isArray(decoded.key)) return undefined;
      if (!decoded.key.every((part) => typeof part === 'string' || typeof part === 'number')) return undefined;
      return decoded.key as SortKey;
    } catch {
      return undefined;
    }
  }

  private summarize(job: JobRecord, state: JobState): Record<string, unknown> {
    const summary: Record<string, unknown> = {
      TrainingJobName: job.name,
      TrainingJobArn: job.arn,
      CreationTime: seconds(job.createdAt),
    };
    if (state.ended) summary.TrainingEndTime = seconds(state.current.at);
    summary.LastModifiedTime = seconds(state.current.at);
    summary.TrainingJobStatus = state.status;
    summary.SecondaryStatus = state.current.secondary;
    return summary;
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

  /** When the job stops holding its instances: its first Completed, Failed or Stopped step (Infinity: never). */
  private endOf(job: JobRecord): number {
    return job.steps.find((s) => TERMINAL.has(s.secondary))?.at ?? Infinity;
  }

  private countOf(job: JobRecord, instanceType: string, kind: 'all' | 'on-demand' | 'spot'): number {
    if ((kind === 'spot' && !job.spot) || (kind === 'on-demand' && job.spot)) return 0;
    return job.instances.get(instanceType) ?? 0;
  }

  private stateAt(job: JobRecord, now: number): JobState {
    const reached = this.reached(job, now);
    const current = reached.at(-1) ?? { at: job.createdAt, secondary: 'Starting' as const, message: DEFAULT_MESSAGES.Starting };
    return { reached, current, status: primaryStatus(current.secondary), ended: TERMINAL.has(current.secondary) };
  }

  private describeJob(job: JobRecord): Record<string, unknown> {
    const { reached, current, ended, status } = this.stateAt(job, this.clock.now());
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
      TrainingJobStatus: status,
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
    // A client that vanishes (a killed sweep process) must cost only its own request.
    res.on('error', () => res.destroy());
    readBody(req).then(
      (body) => {
        // A request received whole is done even if its client has gone (as the service would).
        const target = req.headers['x-amz-target'];
        const answer = this.handle(typeof target === 'string' ? target : undefined, body);
        if (res.destroyed) return;
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

/** The request's body; rejects when the client goes away before it is whole. */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('timeline server: the client went away mid-request'));
    });
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
