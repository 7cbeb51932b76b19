/**
 * Runs a sweep: every job of a plan launched within quota and budget, watched, collected,
 * journaled, and stopped on abort.
 *
 * @module
 */
import { validateCreateTrainingJob } from '../builder/validateCreateTrainingJob';
import type { PriceCatalog } from '../cost/PriceCatalog';
import { BudgetExceededError, SweepJournalError, ValidationError } from '../errors';
import type { ValidationIssue } from '../errors';
import { clientRegion } from '../internal/clientRegion';
import { isLocalClient } from '../internal/localClient';
import { resolveTimeouts } from '../internal/requestTimeouts';
import type { RequestTimeouts } from '../internal/requestTimeouts';
import type { Clients } from '../jobs/Clients';
import { JOURNAL_VERSION } from './internal/JournalRecord';
import type { JournalJob, JournalRecord } from './internal/JournalRecord';
import { JournalWriter, readJournalFile } from './internal/journalFile';
import { launchOrder, randomSeed } from './internal/launchOrder';
import { requestHash } from './internal/requestHash';
import { SweepRun } from './internal/SweepRun';
import type { SweepEvent } from './SweepEvent';
import type { SweepPlan } from './SweepPlan';
import type { SweepResult } from './SweepResult';

/** Options of {@link runSweep}. */
export interface RunSweepOptions {
  /** Where the jobs run: `createClients(...)` for SageMaker, `createLocalClients(...)` for this machine. */
  clients: Clients;
  /**
   * An append-only JSON-lines file holding the plan, every launch, every end and every result,
   * each record flushed to disk. Running the same plan on the same journal resumes it.
   */
  journal?: string;
  /**
   * At most this many jobs at once (a number), or at most so many jobs of each instance type
   * (`{ 'ml.p3.2xlarge': 2 }`), on top of the account's quotas. Default: no cap for SageMaker
   * (the quotas cap it), 1 for local clients (jobs on one machine would skew each other's times).
   */
  maxConcurrent?: number | Readonly<Record<string, number>>;
  /**
   * Instances of each type the account may use for training at once (see
   * `fetchTrainingQuotas`). Without it the sweep learns each limit from the service's
   * ResourceLimitExceeded; with it, no job is sent past a limit.
   */
  quotas?: Readonly<Record<string, number>>;
  /** Refuse to start (BudgetExceededError) when the plan's worst case is over this many USD. */
  budgetUsd?: number;
  /** On abort, every job of the sweep still running is stopped, and the call resolves with what it has. */
  signal?: AbortSignal;
  /** Progress: queued, launched, status, ended, result, stopped. */
  onEvent?: (event: SweepEvent) => void;
  /** The launch order's shuffle seed (default random; a resumed sweep keeps its journal's). */
  seed?: number;
  /** Seconds between two looks at the running jobs (one ListTrainingJobs per 100 jobs). Default 20; 1 for local clients. */
  pollSeconds?: number;
  /** Prices for the billed cost of each job (default: the built-in catalog). */
  prices?: PriceCatalog;
  /** Points kept per metric series of each job (default 1,000: 200 results stay small). */
  maxSeriesPoints?: number;
  /** Time to the first byte of each answer and silence in its body (default 30 s each). */
  timeouts?: RequestTimeouts;
}

const WHERE = 'runSweep';

function checkOptions(plan: SweepPlan, options: RunSweepOptions): void {
  if (plan === null || typeof plan !== 'object' || !Array.isArray(plan.jobs) || typeof plan.namePrefix !== 'string') {
    throw new TypeError(`${WHERE}: plan must come from defineSweep()`);
  }
  if (options === null || typeof options !== 'object') throw new TypeError(`${WHERE}: expected options { clients, journal?, maxConcurrent?, budgetUsd?, signal?, onEvent? }`);
  const clients = options.clients as Partial<Clients> | undefined;
  if (!clients || typeof clients.sagemaker?.send !== 'function' || typeof clients.s3?.send !== 'function' || typeof clients.logs?.send !== 'function') {
    throw new TypeError(`${WHERE}: clients must be { sagemaker, s3, logs }: createClients() or createLocalClients()`);
  }
  if (options.journal !== undefined && (typeof options.journal !== 'string' || options.journal === '')) throw new TypeError(`${WHERE}: journal must be a file path`);
  const whole = (name: string, value: unknown): void => {
    if (!(typeof value === 'number' && Number.isSafeInteger(value) && value >= 1)) throw new TypeError(`${WHERE}: ${name} must be a whole number >= 1, got ${JSON.stringify(value)}`);
  };
  if (typeof options.maxConcurrent === 'number') whole('maxConcurrent', options.maxConcurrent);
  else if (options.maxConcurrent !== undefined) {
    if (options.maxConcurrent === null || typeof options.maxConcurrent !== 'object') throw new TypeError(`${WHERE}: maxConcurrent must be a number or { [instanceType]: number }`);
    for (const [type, n] of Object.entries(options.maxConcurrent)) whole(`maxConcurrent['${type}']`, n);
  }
  if (options.quotas !== undefined) {
    if (options.quotas === null || typeof options.quotas !== 'object') throw new TypeError(`${WHERE}: quotas must be { [instanceType]: instances }`);
    for (const [type, n] of Object.entries(options.quotas)) {
      if (!(typeof n === 'number' && Number.isSafeInteger(n) && n >= 0)) throw new TypeError(`${WHERE}: quotas['${type}'] must be a whole number >= 0, got ${JSON.stringify(n)}`);
    }
  }
  if (options.budgetUsd !== undefined && !(typeof options.budgetUsd === 'number' && options.budgetUsd >= 0 && Number.isFinite(options.budgetUsd))) {
    throw new TypeError(`${WHERE}: budgetUsd must be a number of USD >= 0, got ${JSON.stringify(options.budgetUsd)}`);
  }
  if (options.onEvent !== undefined && typeof options.onEvent !== 'function') throw new TypeError(`${WHERE}: onEvent must be a function`);
  if (options.seed !== undefined && !(Number.isSafeInteger(options.seed) && options.seed >= 0 && options.seed < 2 ** 32)) {
    throw new TypeError(`${WHERE}: seed must be a whole number from 0 to 2^32 - 1, got ${JSON.stringify(options.seed)}`);
  }
  if (options.pollSeconds !== undefined && !(typeof options.pollSeconds === 'number' && options.pollSeconds > 0 && Number.isFinite(options.pollSeconds))) {
    throw new TypeError(`${WHERE}: pollSeconds must be a number > 0, got ${JSON.stringify(options.pollSeconds)}`);
  }
  if (options.maxSeriesPoints !== undefined) whole('maxSeriesPoints', options.maxSeriesPoints);
}

/** The plan's errors, each at a path that starts with its job's name. */
function planErrors(plan: SweepPlan, local: boolean): ValidationIssue[] {
  const issues = local
    ? plan.jobs.flatMap((job) => validateCreateTrainingJob(job.request, { allowFileUris: true }).map((issue) => ({ ...issue, jobName: job.jobName })))
    : plan.issues;
  return issues.filter((issue) => issue.severity === 'error').map(({ jobName, ...issue }) => ({ ...issue, path: [jobName, ...issue.path] }));
}

/** The journal's jobs must be the plan's, with the same requests. */
function checkJournalPlan(path: string, first: Extract<JournalRecord, { type: 'sweep' }>, plan: SweepPlan, jobs: JournalJob[]): void {
  if (first.version !== JOURNAL_VERSION) throw new SweepJournalError(path, `written in format version ${first.version}; this version of sagemaker-bench reads ${JOURNAL_VERSION}`, { line: 1 });
  if (first.name !== plan.name) throw new SweepJournalError(path, `it is the journal of sweep '${first.name}', not '${plan.name}': give each sweep its own journal`, { line: 1 });
  const planned = new Map(jobs.map((job) => [job.jobName, job.requestHash]));
  const journaled = new Map(first.jobs.map((job) => [job.jobName, job.requestHash]));
  const missing = [...journaled.keys()].filter((name) => !planned.has(name));
  const added = [...planned.keys()].filter((name) => !journaled.has(name));
  const changed = [...planned.keys()].filter((name) => journaled.has(name) && journaled.get(name) !== planned.get(name));
  if (missing.length + added.length + changed.length > 0) {
    const parts = [
      missing.length > 0 ? `jobs no longer in the plan: ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', ...' : ''}` : '',
      added.length > 0 ? `jobs new in the plan: ${added.slice(0, 3).join(', ')}${added.length > 3 ? ', ...' : ''}` : '',
      changed.length > 0 ? `jobs whose request changed: ${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ', ...' : ''}` : '',
    ].filter(Boolean);
    throw new SweepJournalError(path, `the plan is not the one this journal was started with (${parts.join('; ')}): resume with the same definition, or start a new sweep (a new name) with a new journal`, { line: 1 });
  }
}

/**
 * Runs every job of a plan and resolves with one result per job.
 *
 * - **Refuses before sending anything** a plan with errors ({@link ValidationError}, each issue's
 *   path starting with its job's name) and a plan whose worst case is over `budgetUsd`
 *   ({@link BudgetExceededError} with both figures; a plan with an unpriced job cannot be
 *   checked and is refused too). Local sweeps cost nothing and skip the budget.
 * - **Launches** in an interleaved order (every cell's first repeat before any second, each round
 *   shuffled with `seed`, recorded), at most 4 creates at a time, within `quotas`,
 *   `maxConcurrent` and what the service allows: a job refused with ResourceLimitExceeded waits,
 *   and is launched when a job of its type ends (never failed, never retried in a loop); a
 *   throttled create is retried.
 * - **Watches** every job with ListTrainingJobs pages (100 jobs a page, filtered on the sweep's
 *   name) every `pollSeconds`, and describes a job only when it ends: the cost of watching does
 *   not grow with the jobs as one waiter per job would.
 * - **Collects** each ended job: its log (`logSourceForJob`), its metrics (`parseTrainingLog` with
 *   the request's metric definitions), its billed cost (`trainingJobCost`), its summary. A failed
 *   job is a result with its FailureReason; a job without a log says so in `notes`.
 * - **Journals** every step to `journal` before acting on it. Run the same plan on the same journal
 *   to resume: ended jobs are not touched, running ones are watched, the rest launched. A create
 *   cut short by a kill finds its own job (same name, same spec) and never makes a second one.
 * - **On abort** (`signal`) every job of the sweep still running is stopped (StopTrainingJob),
 *   recorded, and the call resolves promptly with `aborted: true`.
 *
 * Works the same with `createLocalClients()`: a whole sweep on this machine, one job at a time.
 *
 * @example
 * ```ts
 * import { cifarResnet50, createClients, defineSweep, runSweep } from 'sagemaker-bench';
 *
 * const plan = defineSweep({
 *   name: 'resnet-p3',
 *   model: 'resnet50',
 *   base: cifarResnet50({ image, role, outputPath: 's3://my-bucket/', epochs: 5 }),
 *   matrix: { instanceType: ['ml.p3.2xlarge', 'ml.p3.8xlarge'], batchSize: [256, 512] },
 * });
 * const result = await runSweep(plan, {
 *   clients: createClients({ region: 'us-east-1' }),
 *   journal: 'resnet-p3.jsonl',
 *   budgetUsd: 50,
 *   onEvent: (event) => console.log(event.type, event.jobName),
 * });
 * for (const job of result.jobs) console.log(job.jobName, job.status, job.cost?.usd);
 * ```
 */
export async function runSweep(plan: SweepPlan, options: RunSweepOptions): Promise<SweepResult> {
  checkOptions(plan, options);
  const local = isLocalClient(options.clients.sagemaker);
  const errors = planErrors(plan, local);
  if (errors.length > 0) throw new ValidationError(errors);
  if (options.budgetUsd !== undefined && !local && (plan.maxUsd === undefined || plan.maxUsd > options.budgetUsd)) {
    throw new BudgetExceededError({
      maxUsd: plan.maxUsd,
      budgetUsd: options.budgetUsd,
      unpricedJobs: plan.jobs.filter((job) => job.cost.maxUsd === undefined).map((job) => job.jobName),
    });
  }
  const region = local ? 'local' : (await clientRegion(options.clients.sagemaker)) || undefined;
  if (options.budgetUsd !== undefined && !local && region !== undefined && region !== plan.region) {
    throw new TypeError(
      `${WHERE}: the plan's costs were estimated for ${plan.region}, but the clients are in ${region}, so the budget cannot be checked: ` +
        `defineSweep({ ..., region: '${region}', prices: await fetchTrainingPrices({ client, region: '${region}' }) })`,
    );
  }
  const timeouts = resolveTimeouts(WHERE, options.timeouts);
  const jobs: JournalJob[] = plan.jobs.map((job) => ({ jobName: job.jobName, cell: job.cell, requestHash: requestHash(job.request), estimate: job.cost }));

  const existing = options.journal === undefined ? undefined : await readJournalFile(options.journal);
  const records: JournalRecord[] = [];
  let writer: JournalWriter | undefined;
  let order: string[];
  const seed = options.seed ?? randomSeed();
  if (existing !== undefined && existing.records.length > 0) {
    const first = existing.records[0] as Extract<JournalRecord, { type: 'sweep' }>;
    checkJournalPlan(options.journal!, first, plan, jobs);
    if (region !== undefined && first.region !== region) {
      throw new SweepJournalError(options.journal!, `the sweep ran in ${first.region}, and these clients are in ${region}: resume it with clients of ${first.region}`, { line: 1 });
    }
    records.push(...existing.records);
    order = first.order;
    writer = await JournalWriter.open(options.journal!, existing.wholeBytes);
  } else {
    order = launchOrder(plan.jobs, seed);
    if (options.journal !== undefined) writer = await JournalWriter.open(options.journal!, existing?.wholeBytes);
  }
  try {
    const start = records.length === 0;
    const run = new SweepRun({
      plan,
      clients: options.clients,
      records,
      writer,
      order,
      local,
      maxConcurrent: options.maxConcurrent,
      quotas: options.quotas,
      signal: options.signal,
      onEvent: options.onEvent,
      pollMs: (options.pollSeconds ?? (local ? 1 : 20)) * 1000,
      prices: options.prices,
      maxSeriesPoints: options.maxSeriesPoints ?? 1000,
      timeouts,
    });
    if (start) {
      const first: JournalRecord = { type: 'sweep', version: JOURNAL_VERSION, name: plan.name, model: plan.model, region: region ?? plan.region, seed, order, jobs, at: new Date() };
      records.push(first);
      await writer?.append(first);
    } else {
      const resumed: JournalRecord = { type: 'resumed', at: new Date() };
      records.push(resumed);
      await writer?.append(resumed);
    }
    return await run.run();
  } finally {
    await writer?.close();
  }
}
