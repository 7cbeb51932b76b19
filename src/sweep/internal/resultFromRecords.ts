/**
 * A sweep's result from its journal records: the one function both `runSweep` (from the records
 * it wrote) and `readSweepJournal` (from the file) use, so the two always agree. Internal.
 *
 * @module
 */
import { deepFreeze } from '../../internal/deepFreeze';
import type { SweepJobResult, SweepResult } from '../SweepResult';
import type { JournalJob, JournalRecord } from './JournalRecord';
import { printableSweepResult } from './sweepResultText';

type SweepRecord = Extract<JournalRecord, { type: 'sweep' }>;

function baseResult(job: JournalJob): SweepJobResult {
  return { jobName: job.jobName, cell: job.cell, status: 'NotLaunched', estimate: job.estimate, notes: [] };
}

/**
 * The {@link SweepResult} the records tell: per planned job its `result` record; else what is
 * known of it (ended and not yet collected, stopping, running, refused, never launched).
 *
 * @example
 * ```ts
 * const result = resultFromRecords(records);
 * ```
 */
export function resultFromRecords(records: readonly JournalRecord[]): SweepResult {
  const plan = records[0] as SweepRecord;
  const byJob = new Map<string, SweepJobResult>();
  const state = new Map<string, JournalRecord['type']>();
  const planned = new Map(plan.jobs.map((job) => [job.jobName, job]));
  for (const job of plan.jobs) byJob.set(job.jobName, baseResult(job));
  let endedAt: Date | undefined;
  let aborted = false;

  for (const record of records) {
    if (record.type === 'settled') {
      endedAt = record.at;
      aborted = record.aborted;
      continue;
    }
    if (record.type === 'resumed') {
      endedAt = undefined;
      aborted = false;
      continue;
    }
    if (record.type === 'sweep') continue;
    const current = byJob.get(record.jobName);
    if (current === undefined) continue;
    const estimate = current.estimate;
    switch (record.type) {
      case 'launching':
        if (state.get(record.jobName) !== 'result') state.set(record.jobName, 'launching');
        break;
      case 'launched':
        state.set(record.jobName, 'launched');
        byJob.set(record.jobName, { ...baseResult(planned.get(record.jobName)!), status: 'InProgress' });
        break;
      case 'refused':
        state.set(record.jobName, 'refused');
        byJob.set(record.jobName, { ...current, status: 'NotLaunched', failureReason: record.reason });
        break;
      case 'stopping': {
        state.set(record.jobName, 'stopping');
        const stopped: SweepJobResult = {
          ...current,
          status: record.error === undefined ? 'Stopped' : 'InProgress',
          failureReason: record.error === undefined ? record.reason : `${record.reason}; the stop failed: ${record.error}`,
          notes: [...current.notes, record.error === undefined ? 'stop requested by the sweep; the figures are those of the moment it was asked to stop' : 'the job could not be stopped: it may still be running'],
        };
        if (record.summary) stopped.summary = record.summary;
        if (record.cost) stopped.cost = record.cost;
        byJob.set(record.jobName, stopped);
        break;
      }
      case 'ended': {
        state.set(record.jobName, 'ended');
        const ended: SweepJobResult = { ...current, status: record.status, notes: ['log, metrics and cost not collected yet'] };
        if (record.failureReason !== undefined) ended.failureReason = record.failureReason;
        else delete ended.failureReason;
        byJob.set(record.jobName, ended);
        break;
      }
      case 'result':
        state.set(record.jobName, 'result');
        byJob.set(record.jobName, { ...record.result, estimate: record.result.estimate ?? estimate });
        break;
    }
  }

  for (const [name, last] of state) {
    if (last !== 'launching') continue;
    const job = byJob.get(name)!;
    byJob.set(name, { ...job, notes: [...job.notes, 'its CreateTrainingJob was sent when the journal ends: the job may exist (running the sweep again finds it)'] });
  }

  const result: SweepResult = {
    name: plan.name,
    model: plan.model,
    region: plan.region,
    jobs: plan.jobs.map((job) => byJob.get(job.jobName)!),
    seed: plan.seed,
    launchOrder: [...plan.order],
    startedAt: plan.at,
    aborted,
  };
  if (endedAt !== undefined) result.endedAt = endedAt;
  // Tables in a REPL or a notebook (util.inspect) and from String(); still plain data.
  return deepFreeze(printableSweepResult(result));
}
