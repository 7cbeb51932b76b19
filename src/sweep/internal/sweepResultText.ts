/**
 * A sweep's result as a REPL or a notebook prints it: a summary line and one row per job (name,
 * instance, status, epochs, mean seconds per epoch, billed dollars). sweep/ sits below report/,
 * so this is its own small table, not `sweepTable`'s rows (which aggregate repeats); the figures
 * agree with the report's. Internal.
 *
 * @module
 */
import { printable } from '../../internal/printable';
import { textTable } from '../../internal/textTable';
import { printableMetrics } from '../../metrics/internal/metricsText';
import type { SweepJobResult, SweepResult } from '../SweepResult';

/** `$0.64`, `$12.34`, `$0.0012` under a cent; `-` when unknown. */
function formatUsd(usd: number | undefined): string {
  if (typeof usd !== 'number' || !Number.isFinite(usd)) return '-';
  if (usd !== 0 && Math.abs(usd) < 0.01) return `$${usd.toPrecision(2)}`;
  return `$${usd.toFixed(2)}`;
}

function seconds(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** `41.2`, or `0.41` under a second. */
function formatSecondsPerEpoch(value: number): string {
  return value >= 1 || value === 0 ? value.toFixed(1) : String(Number(value.toPrecision(2)));
}

/**
 * A job's mean seconds per epoch, as the report computes it: the mean of the log's epoch
 * seconds; else its training time over the epochs it trained (`estimated`).
 */
function secondsPerEpoch(job: SweepJobResult): { value: number; estimated: boolean } | undefined {
  const epochs = Array.isArray(job.metrics?.epochs) ? job.metrics.epochs : [];
  const timed = epochs.map((e) => seconds(e?.seconds)).filter((s): s is number => s !== undefined);
  if (timed.length > 0) return { value: timed.reduce((a, b) => a + b, 0) / timed.length, estimated: false };
  const planned = job.cell?.epochs;
  const trained = epochs.length > 0 ? epochs.length : job.status === 'Completed' && typeof planned === 'number' && planned > 0 ? planned : undefined;
  const training = seconds(job.summary?.trainingSeconds);
  return training !== undefined && trained !== undefined ? { value: training / trained, estimated: true } : undefined;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

/**
 * The text of `result`: `SweepResult resnet-paper (resnet50, us-east-1): 6 jobs, 5 Completed,
 * 1 Failed, $12.34 billed`, then one row per job (at most `maxRows`), then why jobs failed.
 * Reads only what it is given (a journal written by another version may lack parts).
 *
 * @example
 * ```ts
 * console.log(sweepResultText(await readSweepJournal('sweep.jsonl')));
 * ```
 */
export function sweepResultText(result: SweepResult, maxRows = Infinity): string {
  const jobs = Array.isArray(result.jobs) ? result.jobs : [];
  const counts = new Map<string, number>();
  for (const job of jobs) counts.set(String(job.status), (counts.get(String(job.status)) ?? 0) + 1);
  const billed = jobs.map((job) => job.cost?.usd).filter((usd): usd is number => typeof usd === 'number' && Number.isFinite(usd));
  const parts = [`${jobs.length} job${jobs.length === 1 ? '' : 's'}`, ...[...counts].map(([status, n]) => `${n} ${status}`)];
  if (billed.length > 0) parts.push(`${formatUsd(billed.reduce((a, b) => a + b, 0))} billed`);
  if (result.aborted === true) parts.push('aborted');
  const lines = [`SweepResult ${String(result.name)} (${String(result.model)}, ${String(result.region)}): ${parts.join(', ')}`];
  if (jobs.length === 0) return lines.join('\n');

  let estimated = false;
  const rows = jobs.map((job) => {
    const count = job.cell?.instanceCount ?? job.summary?.instanceCount ?? 1;
    const type = job.cell?.instanceType ?? job.summary?.instanceType ?? '';
    const done = Array.isArray(job.metrics?.epochs) ? String(job.metrics.epochs.length) : '-';
    const planned = job.cell?.epochs;
    const perEpoch = secondsPerEpoch(job);
    if (perEpoch?.estimated) estimated = true;
    return [
      String(job.jobName),
      count > 1 ? `${type} x${count}` : String(type),
      String(job.status),
      planned === undefined ? done : `${done}/${planned}`,
      perEpoch === undefined ? '-' : `${perEpoch.estimated ? '~' : ''}${formatSecondsPerEpoch(perEpoch.value)}`,
      formatUsd(job.cost?.usd),
    ];
  });
  const table = textTable(['job', 'instance', 'status', 'epochs', 's/epoch', '$'], rows, ['left', 'left', 'left', 'right', 'right', 'right'], maxRows, 'job');
  lines.push(...table.map((line) => `  ${line}`));
  if (estimated) lines.push('  ~ training time / epochs: the log has no epoch times');
  const reasons = jobs.filter((job) => typeof job.failureReason === 'string' && job.failureReason !== '' && job.status !== 'Completed');
  for (const job of reasons.slice(0, 3)) lines.push(`  ${String(job.jobName)}: ${oneLine(job.failureReason!, 100)}`);
  if (reasons.length > 3) lines.push(`  ... ${reasons.length - 3} more failure reasons (result.jobs[i].failureReason)`);
  return lines.join('\n');
}

/**
 * `result` (and each job's metrics), printing as text tables in a REPL (`util.inspect`) and with
 * `String()`; JSON, structured clone and deep equality unchanged (see internal/printable). Call
 * before freezing.
 *
 * @example
 * ```ts
 * return deepFreeze(printableSweepResult(result));
 * ```
 */
export function printableSweepResult(result: SweepResult): SweepResult {
  for (const job of result.jobs) if (job.metrics !== undefined && job.metrics !== null && typeof job.metrics === 'object') printableMetrics(job.metrics);
  return printable(result, (maxRows) => sweepResultText(result, maxRows));
}
