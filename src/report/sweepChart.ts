/**
 * A sweep's charts as SVG.
 *
 * @module
 */
import type { SweepResult } from '../sweep/SweepResult';
import { configurationRows } from './internal/configurationRows';
import { costVsTimeChart } from './internal/costVsTimeChart';
import { epochTimeChart } from './internal/epochTimeChart';
import { lossChart } from './internal/lossChart';
import { optionsObject, resultsOf, rowOptions } from './internal/reportInput';
import type { SweepTableOptions } from './sweepTable';

/** Which chart {@link sweepChart} draws. */
export type SweepChartKind = 'epoch-time' | 'cost-vs-time' | 'loss';

/** The kinds of {@link sweepChart}. */
export const SWEEP_CHART_KINDS: readonly SweepChartKind[] = ['epoch-time', 'cost-vs-time', 'loss'];

/** Options of {@link sweepChart}. */
export interface SweepChartOptions extends SweepTableOptions {
  /** Which chart: seconds per epoch (`epoch-time`), dollars against time (`cost-vs-time`), or a metric by epoch (`loss`; see `metric`). */
  kind: SweepChartKind;
  /** Pixels. Default 720 (a README's width); at least 240. */
  width?: number | undefined;
  /** Pixels. Default 400; at least 160. */
  height?: number | undefined;
  /** The chart's title (also its accessible name). Default: what it shows, and the model. */
  title?: string | undefined;
  /** `loss` chart: the metric drawn per epoch (`metrics.epochs[].metrics[metric]`). Default `'loss'`. */
  metric?: string | undefined;
}

function size(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > 20_000) {
    throw new RangeError(`sweepChart: ${name} must be a number of pixels from ${min} to 20000, got ${String(value)}`);
  }
  return value;
}

function defaultTitle(kind: SweepChartKind, metric: string, results: readonly SweepResult[]): string {
  const models = [...new Set(results.map((r) => String(r.model)))];
  const of = models.length === 1 ? `: ${models[0]}` : '';
  if (kind === 'epoch-time') return `Seconds per epoch by instance type and batch size${of}`;
  if (kind === 'cost-vs-time') return `Billed dollars against training time${of}`;
  return `${metric} per epoch${of}`;
}

/**
 * One chart of one or more sweep results, as a standalone SVG document (about 720 x 400, sized
 * for a README), deterministic, light and dark (text in `currentColor`, colours from a
 * `prefers-color-scheme` style), with a `<title>` and a `<desc>` that lists its figures:
 *
 * - `'epoch-time'`: seconds per epoch, grouped bars: one group per instance type (and count),
 *   one bar per batch size, error bars of ±1 standard deviation over the repeats' epochs;
 * - `'cost-vs-time'`: billed dollars per run against training time per run, one labelled point
 *   per configuration, the Pareto front (configurations not beaten in both) as a step line;
 * - `'loss'`: `metric` (default `loss`) per epoch, one line per job (colour: configuration,
 *   dash: repeat); a NaN breaks the line and is labelled.
 *
 * Nothing to draw gives a valid SVG that says "no data", never an exception. Pure: no I/O.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { sweepChart, type SweepResult } from 'sagemaker-bench';
 *
 * declare const result: SweepResult; // what runSweep resolves with
 * await writeFile('docs/images/sweep-epoch-time.svg', sweepChart(result, { kind: 'epoch-time' }));
 * await writeFile('docs/images/sweep-loss.svg', sweepChart(result, { kind: 'loss', metric: 'val_loss' }));
 * ```
 */
export function sweepChart(result: SweepResult | readonly SweepResult[], options: SweepChartOptions): string {
  const given = optionsObject('sweepChart', options, true);
  const { kind, metric = 'loss', title } = given;
  if (!SWEEP_CHART_KINDS.includes(kind)) throw new TypeError(`sweepChart: kind must be one of ${SWEEP_CHART_KINDS.map((k) => `'${k}'`).join(', ')}, got ${JSON.stringify(kind)}`);
  if (typeof metric !== 'string' || metric === '') throw new TypeError(`sweepChart: metric must be a metric name such as 'loss'`);
  if (title !== undefined && typeof title !== 'string') throw new TypeError('sweepChart: title must be a string');
  const width = size('width', given.width, 720, 240);
  const height = size('height', given.height, 400, 160);
  const results = resultsOf('sweepChart', result);
  const rows = configurationRows(results, rowOptions('sweepChart', given));
  const layout = { width, height, title: title ?? defaultTitle(kind, metric, results) };
  if (kind === 'epoch-time') return epochTimeChart(rows.configurations, layout);
  if (kind === 'cost-vs-time') return costVsTimeChart(rows.configurations, layout);
  return lossChart(results, rows, metric, layout);
}
