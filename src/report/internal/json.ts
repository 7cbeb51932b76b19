/**
 * The JSON report (schema `sagemaker-bench/sweep-report`, version 1). Internal.
 *
 * @module
 */
import type { SweepResult } from '../../sweep/SweepResult';
import type { SweepReportJson } from '../SweepReportJson';
import type { ResolvedSweepTarget } from '../SweepTableRow';
import type { SweepRows } from './configurationRows';
import { isoTime } from './format';
import { configurationRecord, jobRecord } from './jsonRecords';

/** The JSON report of `results` as an object. */
export function reportJson(
  results: readonly SweepResult[],
  rows: SweepRows,
  target: ResolvedSweepTarget | undefined,
  generatedAt: string | undefined,
): SweepReportJson {
  let next = 0;
  const sweeps = results.map((result) => {
    const jobs = rows.jobs.slice(next, next + result.jobs.length);
    next += result.jobs.length;
    const jobSet = new Set(jobs);
    return {
      name: String(result.name),
      model: String(result.model),
      region: String(result.region),
      seed: typeof result.seed === 'number' && Number.isFinite(result.seed) ? result.seed : null,
      aborted: result.aborted === true,
      startedAt: isoTime(result.startedAt) ?? null,
      endedAt: isoTime(result.endedAt) ?? null,
      launchOrder: Array.isArray(result.launchOrder) ? result.launchOrder.map(String) : [],
      configurations: rows.configurations.filter((c) => c.jobs.length > 0 && jobSet.has(c.jobs[0]!)).map(configurationRecord),
      jobs: jobs.map((j) => jobRecord(j, target)),
    };
  });
  const report: SweepReportJson = { schema: 'sagemaker-bench/sweep-report', version: 1, target: target ?? null, sweeps };
  if (generatedAt !== undefined) return { schema: report.schema, version: report.version, generatedAt, target: report.target, sweeps };
  return report;
}

/** The JSON report as text: two-space indented, a final newline. */
export function renderJson(report: SweepReportJson): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
