/**
 * The checks every report function makes of its input and options. Internal.
 *
 * @module
 */
import type { SweepResult } from '../../sweep/SweepResult';
import type { SweepTarget } from '../SweepTableRow';
import { ACCURACY_METRICS } from './accuracyMetric';
import type { RowOptions } from './jobRow';
import { resolveTarget } from './timeToTarget';

/** The options shared by {@link sweepTable}, {@link sweepReport} and {@link sweepChart}. */
export interface MetricOptions {
  target?: SweepTarget | undefined;
  lossMetric?: string | undefined;
  accuracyMetric?: string | readonly string[] | undefined;
}

/** `input` as an array of results; a TypeError naming `fn` when it is not one. */
export function resultsOf(fn: string, input: SweepResult | readonly SweepResult[]): SweepResult[] {
  const results = Array.isArray(input) ? [...(input as readonly SweepResult[])] : [input as SweepResult];
  results.forEach((result, i) => {
    if (result === null || typeof result !== 'object' || !Array.isArray(result.jobs)) {
      const which = Array.isArray(input) ? `result[${i}]` : 'result';
      throw new TypeError(`${fn}: ${which} must be a SweepResult (what runSweep resolves with), with a jobs array`);
    }
    result.jobs.forEach((job, j) => {
      if (job === null || typeof job !== 'object' || job.cell === null || typeof job.cell !== 'object') {
        throw new TypeError(`${fn}: jobs[${j}] of sweep ${JSON.stringify(String(result.name))} must be a SweepJobResult with a cell`);
      }
    });
  });
  return results;
}

/** The row options of `options`, checked. */
export function rowOptions(fn: string, options: MetricOptions): RowOptions {
  const { lossMetric = 'loss', accuracyMetric } = options;
  if (typeof lossMetric !== 'string' || lossMetric === '') throw new TypeError(`${fn}: lossMetric must be a metric name such as 'loss'`);
  const accuracyMetrics = accuracyMetric === undefined ? ACCURACY_METRICS : typeof accuracyMetric === 'string' ? [accuracyMetric] : accuracyMetric;
  if (!Array.isArray(accuracyMetrics) || accuracyMetrics.length === 0 || accuracyMetrics.some((m) => typeof m !== 'string' || m === '')) {
    throw new TypeError(`${fn}: accuracyMetric must be a metric name or a non-empty list of them`);
  }
  return { target: resolveTarget(fn, options.target), lossMetric, accuracyMetrics };
}

/** `options` if it is an object; a TypeError naming `fn` otherwise. */
export function optionsObject<T extends object>(fn: string, options: T | undefined, required: boolean): T {
  if (options === undefined && !required) return {} as T;
  if (options === null || typeof options !== 'object') throw new TypeError(`${fn}: options must be an object`);
  return options;
}
