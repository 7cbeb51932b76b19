/**
 * A sweep's report as Markdown, CSV, JSON or HTML.
 *
 * @module
 */
import type { SweepResult } from '../sweep/SweepResult';
import { configurationRows } from './internal/configurationRows';
import { renderCsv } from './internal/csv';
import { renderHtml } from './internal/html';
import { renderJson, reportJson } from './internal/json';
import { renderMarkdown } from './internal/markdown';
import { reportDocument } from './internal/reportDocument';
import { optionsObject, resultsOf, rowOptions } from './internal/reportInput';
import { SWEEP_CHART_KINDS, sweepChart } from './sweepChart';
import type { SweepTableOptions } from './sweepTable';

/** The formats of {@link sweepReport}. */
export type SweepReportFormat = 'markdown' | 'csv' | 'json' | 'html';

const FORMATS: readonly SweepReportFormat[] = ['markdown', 'csv', 'json', 'html'];

/** Options of {@link sweepReport}. */
export interface SweepReportOptions extends SweepTableOptions {
  /** The report's format: a Markdown or HTML document, CSV (one row per job), or JSON ({@link SweepReportJson}). */
  format: SweepReportFormat;
  /** Markdown and HTML: the report's title. Default `Sweep <name>: <model>` (`Sweep report` for several results). */
  title?: string | undefined;
  /** JSON: the `generatedAt` to write. Default: none (the same input gives the same bytes). */
  generatedAt?: Date | string | undefined;
  /** HTML: draw the three charts inline (default `true`). */
  charts?: boolean | undefined;
}

function generatedAtOf(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  if (typeof value === 'string' && value !== '') return value;
  throw new TypeError(`sweepReport: generatedAt must be a valid Date or an ISO 8601 string, got ${String(value)}`);
}

/**
 * The report of one or more sweep results, as text to write to a file. Pure and synchronous:
 * no AWS, no I/O, no clock (the same input gives the same output).
 *
 * - `'markdown'`: one table per model (instance type, count, GPUs, batch size, epochs, status,
 *   seconds per epoch as mean ± standard deviation, training time, final loss and accuracy,
 *   dollars per run and per epoch, spot savings; the fastest and cheapest marked), time to
 *   target with `target`, then the failures and the jobs' notes.
 * - `'csv'`: RFC 4180, one row per job, the columns of {@link SWEEP_CSV_COLUMNS}, CRLF.
 * - `'json'`: a {@link SweepReportJson} (schema `sagemaker-bench/sweep-report`, version 1).
 * - `'html'`: one self-contained page: the Markdown's tables and the three charts of
 *   {@link sweepChart} inline, light and dark.
 *
 * `target` adds MLPerf Training's time to target: the first epoch whose metric reaches the value,
 * the seconds up to it and their dollars, per configuration (means over the repeats that reached it).
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { sweepReport, type SweepResult } from 'sagemaker-bench';
 *
 * declare const result: SweepResult; // what runSweep resolves with
 * await writeFile('report.md', sweepReport(result, { format: 'markdown', target: { metric: 'val_accuracy', value: 0.75 } }));
 * await writeFile('report.csv', sweepReport(result, { format: 'csv' }));
 * await writeFile('report.html', sweepReport(result, { format: 'html', title: 'ResNet-50 on CIFAR-10' }));
 * ```
 */
export function sweepReport(result: SweepResult | readonly SweepResult[], options: SweepReportOptions): string {
  const given = optionsObject('sweepReport', options, true);
  const { format, title, charts = true } = given;
  if (!FORMATS.includes(format)) throw new TypeError(`sweepReport: format must be one of ${FORMATS.map((f) => `'${f}'`).join(', ')}, got ${JSON.stringify(format)}`);
  if (title !== undefined && typeof title !== 'string') throw new TypeError('sweepReport: title must be a string');
  const generatedAt = generatedAtOf(given.generatedAt);
  const results = resultsOf('sweepReport', result);
  const settled = rowOptions('sweepReport', given);
  const rows = configurationRows(results, settled);
  if (format === 'csv') return renderCsv(rows.jobs, settled.target);
  if (format === 'json') return renderJson(reportJson(results, rows, settled.target, generatedAt));
  const document = reportDocument(results, rows, { title, target: settled.target });
  if (format === 'markdown') return renderMarkdown(document);
  const svgs = charts
    ? SWEEP_CHART_KINDS.map((kind) =>
        sweepChart(results, { kind, metric: settled.lossMetric, lossMetric: settled.lossMetric, accuracyMetric: settled.accuracyMetrics }),
      )
    : [];
  return renderHtml(document, svgs);
}
