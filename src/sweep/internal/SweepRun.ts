/**
 * One run of a sweep: the scheduler behind `runSweep`. It launches the plan's jobs in the
 * journal's order within quota and concurrency, watches them all with ListTrainingJobs pages
 * (DescribeTrainingJob only when a job ends), collects each ended job's log, metrics and cost,
 * writes every step to the journal before acting on it, and on abort stops every job it has
 * running. Internal.
 *
 * @module
 */
import { setMaxListeners } from 'node:events';
import type { DescribeTrainingJobCommandOutput, TrainingJobSummary as ListedJob } from '@aws-sdk/client-sagemaker';
import { trainingJobCost } from '../../cost/trainingJobCost';
import type { PriceCatalog } from '../../cost/PriceCatalog';
import { JobNameInUseError, LaunchError, LogNotFoundError, ResourceLimitError, TrainingJobNotFoundError } from '../../errors';
import { errorMessage, errorName } from '../../internal/awsErrorInfo';
import { isTransient } from '../../internal/isTransient';
import type { ResolvedTimeouts } from '../../internal/requestTimeouts';
import { sageMakerSdk } from '../../internal/sdk';
import { sendRequest } from '../../internal/sendRequest';
import { backoffDelay, DEFAULT_RETRY, withRetry } from '../../internal/withRetry';
import type { Clients } from '../../jobs/Clients';
import { describeTrainingJob } from '../../jobs/describeTrainingJob';
import { launchOwning } from '../../jobs/launchTrainingJob';
import { stopTrainingJob } from '../../jobs/stopTrainingJob';
import { summarizeTrainingJob } from '../../jobs/summarizeTrainingJob';
import { logSourceForJob } from '../../logs/logSourceForJob';
import { parseTrainingLog } from '../../metrics/parseTrainingLog';
import type { SweepEvent } from '../SweepEvent';
import type { SweepJob, SweepPlan } from '../SweepPlan';
import type { SweepJobResult, SweepResult } from '../SweepResult';
import { Capacity, demandOf } from './Capacity';
import type { Demand } from './Capacity';
import type { JournalWriter } from './journalFile';
import type { JournalRecord } from './JournalRecord';
import { resultFromRecords } from './resultFromRecords';

type Phase = 'pending' | 'launching' | 'running' | 'collecting' | 'done';

interface JobState {
  job: SweepJob;
  /** Instances per type (several types for heterogeneous instance groups). */
  demand: Demand;
  phase: Phase;
  /** A `launching` record exists: a create may have reached the service. */
  intent: boolean;
  /** An `ended` record exists. */
  ended: boolean;
  launchedAt?: number;
  arn?: string;
  listed?: { status?: string; secondary?: string };
  /** Launch attempts that failed with a transient error past every retry. */
  transientFailures: number;
  notBefore: number;
  queued?: string;
  /** The create of this run is in flight and was aborted: whether the job exists is unknown. */
  uncertain: boolean;
}

export interface SweepRunOptions {
  plan: SweepPlan;
  clients: Clients;
  records: JournalRecord[];
  writer: JournalWriter | undefined;
  order: readonly string[];
  local: boolean;
  maxConcurrent: number | Readonly<Record<string, number>> | undefined;
  quotas: Readonly<Record<string, number>> | undefined;
  signal: AbortSignal | undefined;
  onEvent: ((event: SweepEvent) => void) | undefined;
  pollMs: number;
  prices: PriceCatalog | undefined;
  maxSeriesPoints: number;
  timeouts: ResolvedTimeouts;
}

const TERMINAL = new Set(['Completed', 'Failed', 'Stopped']);
/** A job ListTrainingJobs has not shown this long after its launch is described directly. */
const UNLISTED_GRACE_MS = 60_000;
/** Launch attempts that fail transiently (after launchTrainingJob's own retries) before the job is given up. */
const MAX_TRANSIENT_FAILURES = 5;
/** Pages of one ListTrainingJobs listing at most (100 jobs each). */
const MAX_LIST_PAGES = 1_000;
/** A poll's list is retried briefly: the next poll is the real retry. */
const LIST_RETRY = { attempts: 3, baseDelayMs: 250, maxDelayMs: 2_000 };
/** ListTrainingJobs polls failing in a row (transiently) before the running jobs are described one by one. */
const LIST_FAILURES_BEFORE_DESCRIBING = 3;
/** Creates in flight at once. */
const LAUNCHES_AT_ONCE = 4;
/** Logs read at once (CloudWatch allows about 10 GetLogEvents a second per account). */
const COLLECTS_AT_ONCE = 4;
/** Clocks of this machine and the service may disagree by this much. */
const CLOCK_SLACK_MS = 5 * 60_000;
/** How long the stops of an abort are tried, in seconds: the call must settle promptly. */
const ABORT_STOP_SECONDS = 60;

export class SweepRun {
  readonly #o: SweepRunOptions;
  readonly #states = new Map<string, JobState>();
  readonly #capacity: Capacity;
  readonly #tasks = new Set<Promise<void>>();
  readonly #abort = new AbortController();
  #wake: (() => void) | undefined;
  #nextPollAt = 0;
  #launching = 0;
  #collecting = 0;
  #collectQueue: { state: JobState; description: DescribeTrainingJobCommandOutput }[] = [];
  #eventError = false;
  /** The journal write that failed, which ends the sweep. */
  #fatal: unknown;
  /** ListTrainingJobs polls that failed in a row: past a few, running jobs are described one by one. */
  #listFailures = 0;
  /** When the sweep first started (its journal's first record). */
  readonly #startedAt: number;

  constructor(options: SweepRunOptions) {
    this.#o = options;
    // Every request and log read of the sweep listens to this one signal: hundreds at once is expected, not a leak.
    setMaxListeners(0, this.#abort.signal);
    this.#capacity = new Capacity({ maxConcurrent: options.maxConcurrent, quotas: options.quotas, defaultMaxConcurrent: options.local ? 1 : undefined });
    for (const job of options.plan.jobs) {
      this.#states.set(job.jobName, { job, demand: demandOf(job.request), phase: 'pending', intent: false, ended: false, transientFailures: 0, notBefore: 0, uncertain: false });
    }
    this.#restore(options.records);
    const first = options.records[0];
    this.#startedAt = first?.type === 'sweep' ? first.at.getTime() : Date.now();
  }

  /** Picks up where the journal's records leave each job. */
  #restore(records: readonly JournalRecord[]): void {
    for (const record of records) {
      if (record.type === 'sweep' || record.type === 'resumed' || record.type === 'settled') continue;
      const state = this.#states.get(record.jobName);
      if (!state) continue;
      switch (record.type) {
        case 'launching':
          state.intent = true;
          break;
        case 'launched':
          state.phase = 'running';
          state.arn = record.arn;
          state.launchedAt = (record.createdAt ?? record.at).getTime();
          break;
        case 'refused':
          if (state.phase !== 'done') state.phase = 'pending';
          break;
        case 'ended':
          state.ended = true;
          state.phase = 'running';
          break;
        case 'result':
          state.phase = 'done';
          break;
        default:
          break;
      }
    }
    for (const state of this.#states.values()) {
      if (state.phase === 'running') this.#capacity.take(state.demand);
    }
  }

  /** Runs the sweep to its end (or its abort) and returns the result the records tell. */
  async run(): Promise<SweepResult> {
    const { signal } = this.#o;
    const onAbort = (): void => {
      this.#abort.abort(signal?.reason);
      this.#poke();
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (const state of this.#states.values()) {
        if (state.phase === 'running') this.#emit({ type: 'launched', jobName: state.job.jobName, at: new Date(), arn: state.arn ?? '', resumed: true });
      }
      await this.#loop();
      if (this.#abort.signal.aborted) await this.#stopAll();
      await this.#drain();
      if (this.#fatal !== undefined) throw this.#fatal;
      await this.#record({ type: 'settled', aborted: this.#abort.signal.aborted, at: new Date() });
      if (this.#fatal !== undefined) throw this.#fatal;
      return resultFromRecords(this.#o.records);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async #loop(): Promise<void> {
    for (;;) {
      if (this.#abort.signal.aborted) return;
      this.#pump();
      const states = [...this.#states.values()];
      const running = states.filter((s) => s.phase === 'running').length;
      const pending = states.filter((s) => s.phase === 'pending').length;
      if (running === 0 && pending === 0 && this.#launching === 0 && this.#collecting === 0 && this.#collectQueue.length === 0) return;
      const now = Date.now();
      let until = running > 0 ? Math.max(now, this.#nextPollAt) : Number.POSITIVE_INFINITY;
      for (const state of states) if (state.phase === 'pending' && state.notBefore > now) until = Math.min(until, state.notBefore);
      const retry = this.#capacity.nextRetryAt(now);
      if (retry !== undefined) until = Math.min(until, retry);
      await this.#sleepUntil(until);
      if (this.#abort.signal.aborted) return;
      if (running > 0 && Date.now() >= this.#nextPollAt) {
        this.#nextPollAt = Date.now() + this.#o.pollMs;
        await this.#poll();
      }
    }
  }

  /** Waits until `until` (ms), a poke (a launch or a collection settled, an abort) or forever. */
  #sleepUntil(until: number): Promise<void> {
    return new Promise<void>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      this.#wake = done;
      if (Number.isFinite(until)) timer = setTimeout(done, Math.max(0, Math.min(until - Date.now(), 2 ** 31 - 1)));
    });
  }

  #poke(): void {
    this.#wake?.();
  }

  #track(task: Promise<void>): void {
    const tracked = task.catch(() => undefined).finally(() => {
      this.#tasks.delete(tracked);
      this.#poke();
    });
    this.#tasks.add(tracked);
  }

  async #drain(): Promise<void> {
    while (this.#tasks.size > 0) await Promise.all([...this.#tasks]);
  }

  #emit(event: SweepEvent): void {
    try {
      this.#o.onEvent?.(event);
    } catch (error) {
      if (!this.#eventError) {
        this.#eventError = true;
        process.emitWarning(`runSweep: onEvent threw (${errorMessage(error) || String(error)}); the sweep goes on`, 'SweepEventWarning');
      }
    }
  }

  /**
   * Appends a record. A journal that cannot be written (disk full, ...) ends the sweep: the
   * error is kept, the run aborts (stopping every job that may be running, since what happens
   * next could not be journaled) and `run()` rejects with it once that is done.
   */
  async #record(record: JournalRecord): Promise<void> {
    this.#o.records.push(record);
    try {
      await this.#o.writer?.append(record);
    } catch (error) {
      if (this.#fatal === undefined) {
        this.#fatal = error;
        this.#abort.abort(error);
        this.#poke();
      }
    }
  }

  /** Starts every pending job that may launch now, in launch order. */
  #pump(): void {
    if (this.#abort.signal.aborted) return;
    const now = Date.now();
    for (const name of this.#o.order) {
      if (this.#launching >= LAUNCHES_AT_ONCE) return;
      const state = this.#states.get(name);
      if (!state || state.phase !== 'pending' || state.notBefore > now) continue;
      const { instanceType } = state.job.cell;
      const never = this.#capacity.neverFits(state.demand);
      if (never !== undefined) {
        state.phase = 'done';
        this.#track(this.#refuse(state, never));
        continue;
      }
      const wait = this.#capacity.check(state.demand, now);
      if (wait !== undefined) {
        if (state.queued !== wait.message) {
          state.queued = wait.message;
          this.#emit({ type: 'queued', jobName: name, at: new Date(), reason: wait.reason, instanceType, message: wait.message });
        }
        continue;
      }
      state.queued = undefined;
      state.phase = 'launching';
      this.#capacity.take(state.demand);
      this.#launching++;
      this.#track(this.#launch(state).finally(() => this.#launching--));
    }
  }

  async #refuse(state: JobState, reason: string): Promise<void> {
    state.phase = 'done';
    await this.#record({ type: 'refused', jobName: state.job.jobName, reason, at: new Date() });
    this.#emit({ type: 'ended', jobName: state.job.jobName, at: new Date(), status: 'NotLaunched', failureReason: reason });
  }

  async #launch(state: JobState): Promise<void> {
    const { jobName, request, cell } = state.job;
    const { sagemaker } = this.#o.clients;
    const hadIntent = state.intent;
    try {
      if (!state.intent) {
        await this.#record({ type: 'launching', jobName, at: new Date() });
        state.intent = true;
      }
      // A job already there with this name and spec is this sweep's own when the journal says a
      // create was sent before (a run killed mid-create: however old), or when it was created
      // since this sweep started (a create whose answer was lost, then retried).
      const ownedSince = hadIntent ? 0 : this.#startedAt - CLOCK_SLACK_MS;
      const { arn, adopted, createdAt: created } = await launchOwning(sagemaker, request, { signal: this.#abort.signal, timeouts: this.#o.timeouts }, ownedSince);
      const createdAt = created === undefined ? Date.now() : Math.min(created.getTime(), Date.now());
      // Running from here on, whatever happens to the journal: an abort stops it.
      state.phase = 'running';
      state.arn = arn;
      state.launchedAt = createdAt;
      await this.#record({ type: 'launched', jobName, arn, adopted, createdAt: new Date(createdAt), at: new Date() });
      this.#emit({ type: 'launched', jobName, at: new Date(), arn, resumed: adopted });
      if (this.#nextPollAt === 0 || this.#nextPollAt > Date.now() + this.#o.pollMs) this.#nextPollAt = Date.now() + this.#o.pollMs;
    } catch (error) {
      if (state.phase === 'running') return; // created; only its journal record failed (fatal: the abort stops it)
      this.#capacity.release(state.demand, false);
      if (this.#abort.signal.aborted) {
        // The create may or may not have reached the service: the abort's stops find out.
        state.phase = 'pending';
        state.uncertain = state.intent;
        return;
      }
      if (error instanceof ResourceLimitError) {
        state.phase = 'pending';
        this.#capacity.refused(state.demand, error.serviceMessage, Date.now());
        // The wait as Capacity words it, so the next pump does not announce it a second time.
        state.queued = this.#capacity.check(state.demand, Date.now())?.message;
        const message = `SageMaker refused it (ResourceLimitExceeded): ${state.queued ?? 'trying again'}`;
        this.#emit({ type: 'queued', jobName, at: new Date(), reason: 'quota', instanceType: cell.instanceType, message });
        return;
      }
      const cause = error instanceof LaunchError ? (error.cause ?? error) : error;
      if (error instanceof LaunchError && !(error instanceof JobNameInUseError) && isTransient(cause) && state.transientFailures + 1 < MAX_TRANSIENT_FAILURES) {
        state.transientFailures++;
        state.phase = 'pending';
        const delay = backoffDelay(state.transientFailures, { baseDelayMs: 5_000, maxDelayMs: 120_000 });
        state.notBefore = Date.now() + delay;
        const message = `CreateTrainingJob failed past its retries (${errorMessage(cause) || errorName(cause)}): trying again in ${Math.round(delay / 1000)} s`;
        this.#emit({ type: 'queued', jobName, at: new Date(), reason: 'throttled', instanceType: cell.instanceType, message });
        return;
      }
      await this.#refuse(state, errorMessage(error) || errorName(error) || String(error));
    }
  }

  /** One look at every running job: ListTrainingJobs pages, and a description of each job that ended. */
  async #poll(): Promise<void> {
    const running = [...this.#states.values()].filter((s) => s.phase === 'running');
    if (running.length === 0) return;
    const { sagemaker } = this.#o.clients;
    const { ListTrainingJobsCommand } = sageMakerSdk();
    const earliest = Math.min(...running.map((s) => s.launchedAt ?? Date.now()));
    const listed = new Map<string, ListedJob>();
    try {
      let token: string | undefined;
      const tokens = new Set<string>();
      do {
        const input = {
          NameContains: this.#o.plan.namePrefix,
          CreationTimeAfter: new Date(earliest - 15 * 60_000),
          SortBy: 'CreationTime' as const,
          SortOrder: 'Ascending' as const,
          MaxResults: 100,
          ...(token === undefined ? {} : { NextToken: token }),
        };
        const page = await withRetry(
          () => sendRequest(sagemaker, new ListTrainingJobsCommand(input), { signal: this.#abort.signal, timeouts: this.#o.timeouts, resource: `the jobs of sweep ${this.#o.plan.name}`, operation: 'ListTrainingJobs' }),
          this.#abort.signal,
          LIST_RETRY,
        );
        for (const summary of page.TrainingJobSummaries ?? []) if (summary.TrainingJobName) listed.set(summary.TrainingJobName, summary);
        const next = page.NextToken;
        // A token that comes back again, or no end in sight, is a listing that never ends.
        if (next !== undefined && next !== '' && (tokens.has(next) || tokens.size >= MAX_LIST_PAGES)) throw new Error(`ListTrainingJobs: the listing does not end (NextToken repeated or over ${MAX_LIST_PAGES} pages)`);
        if (next !== undefined) tokens.add(next);
        token = next;
      } while (token !== undefined && token !== '');
      this.#listFailures = 0;
    } catch (error) {
      if (this.#abort.signal.aborted) return;
      // A list that keeps failing (or is denied: no sagemaker:ListTrainingJobs) must not leave the
      // sweep blind: past a few failures, each running job is described on its own.
      this.#listFailures++;
      if (this.#listFailures < LIST_FAILURES_BEFORE_DESCRIBING && isTransient(error)) return;
      for (const state of running) await this.#describeJob(state);
      return;
    }
    const now = Date.now();
    for (const state of running) {
      const summary = listed.get(state.job.jobName);
      if (summary === undefined && !state.ended && now - (state.launchedAt ?? now) < UNLISTED_GRACE_MS) continue;
      const status = summary?.TrainingJobStatus;
      const secondary = summary?.SecondaryStatus;
      if (summary !== undefined && (status !== state.listed?.status || secondary !== state.listed?.secondary)) {
        state.listed = { ...(status === undefined ? {} : { status }), ...(secondary === undefined ? {} : { secondary }) };
        if (!TERMINAL.has(status ?? '')) {
          this.#emit({ type: 'status', jobName: state.job.jobName, at: new Date(), status: status ?? 'InProgress', ...(secondary === undefined ? {} : { secondaryStatus: secondary }) });
        }
      }
      if (summary !== undefined && !TERMINAL.has(status ?? '') && !state.ended) continue;
      await this.#describeJob(state);
    }
  }

  /**
   * Describes a job that ended (or that the list did not show, or could not list) and, if it
   * ended, records it and queues its collection; a change of status seen here is an event too.
   */
  async #describeJob(state: JobState): Promise<void> {
    const { jobName, cell } = state.job;
    let description: DescribeTrainingJobCommandOutput;
    try {
      description = await withRetry(() => describeTrainingJob(this.#o.clients.sagemaker, jobName, { signal: this.#abort.signal, timeouts: this.#o.timeouts }), this.#abort.signal, DEFAULT_RETRY);
    } catch (error) {
      if (this.#abort.signal.aborted) return;
      if (error instanceof TrainingJobNotFoundError && !state.ended) {
        // Launched, yet unknown to the service: nothing runs and nothing will end.
        this.#capacity.release(state.demand, true);
        state.phase = 'done';
        const failureReason = 'the job is unknown to SageMaker (DescribeTrainingJob: not found)';
        const result: SweepJobResult = { jobName, cell, status: 'Failed', estimate: state.job.cost, failureReason, notes: [] };
        await this.#record({ type: 'ended', jobName, status: 'Failed', failureReason, at: new Date() });
        this.#emit({ type: 'ended', jobName, at: new Date(), status: 'Failed', failureReason });
        await this.#record({ type: 'result', jobName, result, at: new Date() });
        this.#emit({ type: 'result', jobName, at: new Date(), result });
      }
      return;
    }
    const status = description.TrainingJobStatus ?? '';
    const secondary = description.SecondaryStatus;
    if (!TERMINAL.has(status)) {
      if (status !== state.listed?.status || secondary !== state.listed?.secondary) {
        state.listed = { status, ...(secondary === undefined ? {} : { secondary }) };
        this.#emit({ type: 'status', jobName, at: new Date(), status, ...(secondary === undefined ? {} : { secondaryStatus: secondary }) });
      }
      return;
    }
    state.phase = 'collecting';
    this.#capacity.release(state.demand, true);
    const failureReason = reasonOf(description);
    if (!state.ended) {
      state.ended = true;
      await this.#record({ type: 'ended', jobName, status: status as 'Completed' | 'Failed' | 'Stopped', ...(failureReason === undefined ? {} : { failureReason }), at: new Date() });
    }
    this.#emit({ type: 'ended', jobName, at: new Date(), status: status as 'Completed' | 'Failed' | 'Stopped', ...(failureReason === undefined ? {} : { failureReason }) });
    this.#collectQueue.push({ state, description });
    this.#startCollections();
  }

  #startCollections(): void {
    while (this.#collecting < COLLECTS_AT_ONCE && this.#collectQueue.length > 0) {
      const next = this.#collectQueue.shift()!;
      this.#collecting++;
      this.#track(this.#collect(next.state, next.description).finally(() => {
        this.#collecting--;
        this.#startCollections();
      }));
    }
  }

  /** Prices of the billed cost: those given, in the region of the job's ARN (where it ran). */
  #costOptions(): { prices?: PriceCatalog } {
    return this.#o.prices ? { prices: this.#o.prices } : {};
  }

  /** The ended job's log, metrics, cost and summary, recorded as its result. */
  async #collect(state: JobState, description: DescribeTrainingJobCommandOutput): Promise<void> {
    const { jobName, cell, request, cost: estimate } = state.job;
    const signal = this.#abort.signal;
    const notes: string[] = [];
    const result: SweepJobResult = {
      jobName,
      cell,
      status: description.TrainingJobStatus as 'Completed' | 'Failed' | 'Stopped',
      summary: summarizeTrainingJob(description),
      cost: trainingJobCost(description, this.#costOptions()),
      estimate,
      notes,
    };
    const failureReason = reasonOf(description);
    if (failureReason !== undefined) result.failureReason = failureReason;
    try {
      const source = await logSourceForJob(this.#o.clients, jobName, { signal, timeouts: this.#o.timeouts });
      const metrics = await parseTrainingLog(source, { job: request, maxSeriesPoints: this.#o.maxSeriesPoints, signal });
      result.metrics = metrics;
      if (metrics.epochs.length === 0 && Object.keys(metrics.final).length === 0) notes.push('no epochs or metrics recognised in the log');
    } catch (error) {
      if (signal.aborted) return; // collected again when the sweep is resumed
      if (error instanceof LogNotFoundError) notes.push(`no log: ${error.message}`);
      else notes.push(`the log could not be read: ${errorMessage(error) || errorName(error)}`);
    }
    await this.#record({ type: 'result', jobName, result, at: new Date() });
    state.phase = 'done';
    this.#emit({ type: 'result', jobName, at: new Date(), result });
  }

  /** On abort: every job of the sweep that may be running is asked to stop, and recorded. */
  async #stopAll(): Promise<void> {
    // Creates in flight settle first (they were aborted): then it is known which jobs may exist.
    await this.#drainLaunches();
    const { sagemaker } = this.#o.clients;
    const reason = 'stopped by the sweep (aborted)';
    const targets = [...this.#states.values()].filter((s) => (s.phase === 'running' && !s.ended) || s.uncertain);
    await Promise.all(
      targets.map(async (state) => {
        const { jobName } = state.job;
        try {
          await stopTrainingJob(sagemaker, jobName, { maxStopTime: ABORT_STOP_SECONDS, timeouts: this.#o.timeouts });
        } catch (error) {
          if (error instanceof TrainingJobNotFoundError && state.uncertain) {
            // The create never got through.
            await this.#record({ type: 'refused', jobName, reason: 'not launched: the sweep was aborted while its create was sent, and SageMaker did not know the job when asked to stop it (running the sweep again finds it, had the create got through after all)', at: new Date() });
            return;
          }
          await this.#record({ type: 'stopping', jobName, reason, error: errorMessage(error) || errorName(error), at: new Date() });
          this.#emit({ type: 'stopped', jobName, at: new Date(), reason: `${reason}; the stop failed: ${errorMessage(error)}` });
          return;
        }
        if (state.uncertain) await this.#record({ type: 'launched', jobName, arn: '', adopted: true, at: new Date() });
        let snapshot: { summary?: ReturnType<typeof summarizeTrainingJob>; cost?: ReturnType<typeof trainingJobCost> } = {};
        try {
          const description = await describeTrainingJob(sagemaker, jobName, { timeouts: { firstByteMs: 5_000, idleMs: 5_000 } });
          const status = description.TrainingJobStatus;
          if (status === 'Completed' || status === 'Failed') {
            // It ended by itself between the last poll and the stop: its own end, not a stop
            // (collected when the sweep is run again).
            const failureReason = reasonOf(description);
            await this.#record({ type: 'ended', jobName, status, ...(failureReason === undefined ? {} : { failureReason }), at: new Date() });
            this.#emit({ type: 'ended', jobName, at: new Date(), status, ...(failureReason === undefined ? {} : { failureReason }) });
            return;
          }
          snapshot = { summary: summarizeTrainingJob(description), cost: trainingJobCost(description, this.#costOptions()) };
        } catch {
          // The figures are only a snapshot: the stop is what matters.
        }
        await this.#record({ type: 'stopping', jobName, reason, ...snapshot, at: new Date() });
        this.#emit({ type: 'stopped', jobName, at: new Date(), reason });
      }),
    );
  }

  async #drainLaunches(): Promise<void> {
    while (this.#launching > 0) await Promise.race([...this.#tasks]);
  }
}

function reasonOf(description: DescribeTrainingJobCommandOutput): string | undefined {
  if (description.FailureReason) return description.FailureReason;
  if (description.TrainingJobStatus !== 'Stopped') return undefined;
  const secondary = description.SecondaryStatus;
  if (secondary === 'MaxRuntimeExceeded') return 'MaxRuntimeExceeded: the job reached its MaxRuntimeInSeconds and was stopped';
  if (secondary === 'MaxWaitTimeExceeded') return 'MaxWaitTimeExceeded: the spot job waited past its MaxWaitTimeInSeconds';
  return 'Stopped (StopTrainingJob)';
}
