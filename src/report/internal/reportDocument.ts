/**
 * A sweep report as a document of plain text: titles, tables, notes and lists, built once from
 * the rows and rendered as Markdown or HTML (which escape it). Internal.
 *
 * @module
 */
import type { SweepJobStatus, SweepResult } from '../../sweep/SweepResult';
import type { ResolvedSweepTarget, SweepConfigurationRow, SweepJobRow } from '../SweepTableRow';
import { formatEpoch, formatMetric, formatPlain, formatSeconds, formatSpreadSeconds, formatUsd, isoTime, NONE } from './format';
import type { SweepRows } from './configurationRows';
import { markLowest } from './markLowest';

/** One cell: its text, bold or not, and what follows it (a mark, a footnote sign). */
export interface ReportTableCell {
  text: string;
  strong?: boolean;
  suffix?: string;
}

export interface ReportTableColumn {
  header: string;
  numeric: boolean;
}

export interface ReportTable {
  columns: ReportTableColumn[];
  rows: ReportTableCell[][];
}

/** The part of a report about one model. */
export interface ModelSection {
  model: string;
  /** One line per sweep of the model. */
  sweeps: string[];
  table: ReportTable;
  notes: string[];
  target?: { heading: string; intro: string; table: ReportTable; notes: string[] };
}

export interface ReportDocument {
  title: string;
  sections: ModelSection[];
  /** One line per job that did not complete. */
  failures: string[];
  /** One line per note of a job. */
  notes: string[];
}

/** Statuses in the order a report lists them. */
export const STATUS_ORDER: readonly SweepJobStatus[] = ['Completed', 'Failed', 'Stopped', 'NotLaunched', 'InProgress'];

/** `3/3 Completed`, or `1/3 Completed, 1 Failed, 1 Stopped`. */
export function statusText(counts: Partial<Record<string, number>>, runs: number): string {
  const completed = counts.Completed ?? 0;
  const others = Object.keys(counts)
    .filter((s) => s !== 'Completed')
    .sort((a, b) => order(a) - order(b) || (a < b ? -1 : 1))
    .map((s) => `${counts[s]} ${s}`);
  return [`${completed}/${runs} Completed`, ...others].join(', ');
}

function order(status: string): number {
  const i = STATUS_ORDER.indexOf(status as SweepJobStatus);
  return i === -1 ? STATUS_ORDER.length : i;
}

/** `k=v, k=v`, or {@link NONE}. */
export function hyperParametersText(hyperParameters: Record<string, string>): string {
  const entries = Object.entries(hyperParameters);
  return entries.length === 0 ? NONE : entries.map(([k, v]) => `${k}=${v}`).join(', ');
}

/** `8 (4 × 2)`, `4`, or `?` for a type the instance catalog does not list. */
export function gpusText(row: Pick<SweepConfigurationRow, 'gpusPerInstance' | 'gpus' | 'instanceCount'>): string {
  if (row.gpusPerInstance === undefined || row.gpus === undefined) return '?';
  return row.instanceCount === 1 ? String(row.gpus) : `${row.gpus} (${row.gpusPerInstance} × ${row.instanceCount})`;
}

function text(value: string, suffix?: string): ReportTableCell {
  return suffix === undefined ? { text: value } : { text: value, suffix };
}

function marked(value: string, mark: string | undefined, footnote?: string): ReportTableCell {
  const suffix = [footnote, mark && `(${mark})`].filter(Boolean).join(' ');
  const cell: ReportTableCell = { text: value };
  if (mark !== undefined) cell.strong = true;
  if (suffix !== '') cell.suffix = suffix;
  return cell;
}

interface ConfigurationColumns {
  sweep: boolean;
  /** The hyperparameters whose values differ between configurations (the others go in a line above the table). */
  varyingHyperParameters: string[];
}

function pick(hyperParameters: Record<string, string>, keys: readonly string[]): Record<string, string> {
  // fromEntries, not assignment: a key such as `__proto__` stays a key.
  return Object.fromEntries(keys.filter((key) => Object.hasOwn(hyperParameters, key)).map((key) => [key, hyperParameters[key]!]));
}

function identityColumns(columns: ConfigurationColumns, withGpus: boolean): ReportTableColumn[] {
  return [
    ...(columns.sweep ? [{ header: 'sweep', numeric: false }] : []),
    { header: 'instance type', numeric: false },
    { header: 'count', numeric: true },
    ...(withGpus ? [{ header: 'GPUs', numeric: true }] : []),
    { header: 'batch size', numeric: true },
    { header: 'epochs', numeric: true },
    ...(columns.varyingHyperParameters.length > 0 ? [{ header: 'hyperparameters', numeric: false }] : []),
  ];
}

function identityCells(row: SweepConfigurationRow, columns: ConfigurationColumns, withGpus: boolean): ReportTableCell[] {
  return [
    ...(columns.sweep ? [text(row.sweep)] : []),
    text(row.instanceType),
    text(formatPlain(row.instanceCount)),
    ...(withGpus ? [text(gpusText(row))] : []),
    text(formatPlain(row.batchSize)),
    text(formatPlain(row.epochs)),
    ...(columns.varyingHyperParameters.length > 0 ? [text(hyperParametersText(pick(row.hyperParameters, columns.varyingHyperParameters)))] : []),
  ];
}

function targetText(target: ResolvedSweepTarget): string {
  return `${target.metric} ${target.mode === 'max' ? '≥' : '≤'} ${formatMetric(target.value)}`;
}

function targetSection(rows: SweepConfigurationRow[], columns: ConfigurationColumns, target: ResolvedSweepTarget): ModelSection['target'] {
  const fastest = new Set(markLowest(rows.map((r) => (r.target && r.target.reached > 0 ? r.target.seconds : undefined))));
  const cheapest = new Set(markLowest(rows.map((r) => (r.target && r.target.reached > 0 ? r.target.usd : undefined))));
  let estimated = false;
  const tableRows = rows.map((row, i) => {
    const outcome = row.target!;
    const reached = text(`${outcome.reached}/${outcome.runs}`);
    if (outcome.reached === 0) {
      const why =
        outcome.runs === 0
          ? `not measured (no ${target.metric} in any log)`
          : outcome.best === undefined
            ? 'not reached (no value but NaN)'
            : `not reached (best ${formatMetric(outcome.best)})`;
      return [...identityCells(row, columns, false), reached, text(NONE), text(why), text(NONE)];
    }
    if (outcome.estimated) estimated = true;
    const sign = outcome.estimated ? '‡' : undefined;
    return [
      ...identityCells(row, columns, false),
      reached,
      text(formatEpoch(outcome.epoch)),
      marked(formatSeconds(outcome.seconds), fastest.has(i) ? 'fastest' : undefined, sign),
      marked(formatUsd(outcome.usd), cheapest.has(i) ? 'cheapest' : undefined, sign),
    ];
  });
  const notes = [
    'reached: repeats whose log reached the target / repeats whose log has the metric (a run that reached it and failed later did reach it).',
  ];
  if (fastest.size > 0 || cheapest.size > 0) notes.push('(fastest): least time to target; (cheapest): fewest dollars to target, among the configurations that reached it.');
  if (estimated) notes.push('‡ some epochs up to the target have no time in the log: the job\'s mean seconds per epoch stood in for them.');
  return {
    heading: `Time to target: ${targetText(target)}`,
    intro:
      `MLPerf Training's measure: the first epoch whose ${target.metric} reaches ${formatMetric(target.value)}; ` +
      'time to target is the seconds of the epochs up to it, summed; dollars to target are that time × instances × the on-demand price per hour / 3600. ' +
      'Means over the repeats that reached it.',
    table: {
      columns: [
        ...identityColumns(columns, false),
        { header: 'reached', numeric: true },
        { header: 'epoch', numeric: true },
        { header: 'time to target', numeric: true },
        { header: '$ to target', numeric: true },
      ],
      rows: tableRows,
    },
    notes,
  };
}

function sweepLine(result: SweepResult): string {
  const counts: Partial<Record<string, number>> = {};
  for (const job of result.jobs) counts[job.status] = (counts[job.status] ?? 0) + 1;
  const started = isoTime(result.startedAt);
  const ended = isoTime(result.endedAt);
  const parts = [
    `Sweep ${String(result.name)}: ${result.jobs.length} job${result.jobs.length === 1 ? '' : 's'} (${statusText(counts, result.jobs.length)}) ${result.region === 'local' ? 'on this machine (local mode: not billed)' : `in ${String(result.region)}`}`,
  ];
  if (started) parts.push(`started ${started}`);
  if (ended) parts.push(`ended ${ended}`);
  return `${parts.join(', ')}${result.aborted ? '; aborted (every running job was stopped)' : ''}.`;
}

function modelSection(model: string, results: SweepResult[], rows: SweepConfigurationRow[], target: ResolvedSweepTarget | undefined): ModelSection {
  const keys: string[] = [];
  for (const row of rows) for (const key of Object.keys(row.hyperParameters)) if (!keys.includes(key)) keys.push(key);
  const valueOf = (row: SweepConfigurationRow, key: string) => (Object.hasOwn(row.hyperParameters, key) ? row.hyperParameters[key] : undefined);
  const varyingHyperParameters = keys.filter((key) => new Set(rows.map((r) => valueOf(r, key))).size > 1);
  const common = keys.filter((key) => !varyingHyperParameters.includes(key));
  const columns: ConfigurationColumns = { sweep: results.length > 1, varyingHyperParameters };
  const accuracyMetrics = [...new Set(rows.map((r) => r.accuracyMetric).filter((m): m is string => m !== undefined))];
  const oneAccuracy = accuracyMetrics.length === 1 && !accuracyMetrics[0]!.includes('/') ? accuracyMetrics[0] : undefined;
  let derived = false;
  const tableRows = rows.map((row) => {
    const fromTrainingTime = row.secondsPerEpochSource === 'training-time';
    if (fromTrainingTime) derived = true;
    const accuracy = formatMetric(row.finalAccuracy);
    return [
      ...identityCells(row, columns, true),
      text(statusText(row.statusCounts, row.runs)),
      marked(formatSpreadSeconds(row.secondsPerEpoch), row.fastest ? 'fastest' : undefined, fromTrainingTime ? '†' : undefined),
      text(formatSeconds(row.trainingSeconds)),
      text(formatMetric(row.finalLoss)),
      oneAccuracy === undefined && row.accuracyMetric !== undefined ? text(accuracy, `(${row.accuracyMetric})`) : text(accuracy),
      text(formatUsd(row.usd)),
      marked(formatUsd(row.usdPerEpoch), row.cheapest ? 'cheapest' : undefined),
      text(row.jobs.some((j) => j.spot) ? formatUsd(row.spotSavingsUsd) : NONE),
    ];
  });
  const notes = [
    'Seconds per epoch: mean ± sample standard deviation over every finished epoch of every repeat, as the log timed them. ' +
      'Training time, final loss and accuracy, dollars and spot savings: means over the Completed repeats.',
    'Dollars: billed training compute (billable seconds × instances × on-demand price per hour / 3600), per run; $ per epoch: a run\'s dollars / its epochs, start-up included.',
  ];
  if (derived) notes.push('† counts a repeat without epoch times in its log: its training time / its epochs stands in for each of its epochs (start-up and data download included: an over-estimate).');
  if (rows.some((r) => r.fastest || r.cheapest)) notes.push('(fastest): lowest mean seconds per epoch; (cheapest): lowest dollars per epoch, among this model\'s configurations.');
  if (oneAccuracy === undefined && accuracyMetrics.length > 0) notes.push('final accuracy: the metric named next to each figure (the first of val_accuracy, val_acc, eval_accuracy, ..., accuracy, acc the log has).');
  const accuracyHeader = oneAccuracy === undefined ? 'final accuracy' : `final accuracy (${oneAccuracy})`;
  const section: ModelSection = {
    model,
    sweeps: [
      ...results.map(sweepLine),
      ...(common.length > 0 ? [`Hyperparameters of every configuration: ${hyperParametersText(pick(rows[0]!.hyperParameters, common))}.`] : []),
    ],
    table: {
      columns: [
        ...identityColumns(columns, true),
        { header: 'status', numeric: false },
        { header: 's / epoch', numeric: true },
        { header: 'training time', numeric: true },
        { header: 'final loss', numeric: true },
        { header: accuracyHeader, numeric: true },
        { header: '$ per run', numeric: true },
        { header: '$ per epoch', numeric: true },
        { header: 'spot savings per run', numeric: true },
      ],
      rows: tableRows,
    },
    notes,
  };
  if (target !== undefined) section.target = targetSection(rows, columns, target);
  return section;
}

function jobLabel(job: SweepJobRow, multiple: boolean): string {
  const where = [`${job.instanceType}${job.instanceCount === 1 ? '' : ` ×${job.instanceCount}`}`];
  if (job.batchSize !== undefined) where.push(`batch ${job.batchSize}`);
  where.push(`repeat ${job.repeat}`);
  return `${multiple ? `${job.sweep} / ` : ''}${job.jobName} (${where.join(', ')})`;
}

/** The document of a report over `results`, from their configuration rows. */
export function reportDocument(
  results: SweepResult[],
  { configurations: rows, jobs }: SweepRows,
  options: { title?: string | undefined; target?: ResolvedSweepTarget | undefined },
): ReportDocument {
  const title =
    options.title ?? (results.length === 1 ? `Sweep ${String(results[0]!.name)}: ${String(results[0]!.model)}` : 'Sweep report');
  const models: string[] = [];
  for (const result of results) if (!models.includes(String(result.model))) models.push(String(result.model));
  const sections = models.map((model) =>
    modelSection(
      model,
      results.filter((r) => String(r.model) === model),
      rows.filter((r) => r.model === model),
      options.target,
    ),
  );
  const multiple = results.length > 1;
  const failures = jobs
    .filter((j) => j.status !== 'Completed')
    .map((j) => `${jobLabel(j, multiple)}: ${j.status}${j.failureReason !== undefined ? `: ${j.failureReason}` : ''}`);
  const notes = jobs.flatMap((j) => j.notes.map((note) => `${multiple ? `${j.sweep} / ` : ''}${j.jobName}: ${note}`));
  return { title, sections, failures, notes };
}
