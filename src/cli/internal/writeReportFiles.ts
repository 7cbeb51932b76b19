/** The files of `--report DIR` / `report -o DIR`: report.md, .csv, .json, .html and the SVG charts. Internal. */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { sweepChart, sweepReport } from '../../index';
import type { SweepChartKind, SweepReportFormat, SweepResult } from '../../index';
import { join } from 'node:path';

export const REPORT_FILES: Readonly<Record<SweepReportFormat, string>> = Object.freeze({ markdown: 'report.md', csv: 'report.csv', json: 'report.json', html: 'report.html' });
export const CHART_KINDS: readonly SweepChartKind[] = Object.freeze(['epoch-time', 'cost-vs-time', 'loss']);

export interface ReportFileOptions {
  formats?: readonly SweepReportFormat[];
  target?: { metric: string; value: number } | undefined;
  title?: string | undefined;
}

/** Writes `text` to `file` through a temporary file and a rename: a reader never sees half a report. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

/** Writes the reports and charts of `result` into `dir` (created); resolves with the files written. */
export async function writeReportFiles(dir: string, result: SweepResult, options: ReportFileOptions = {}): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  const common = { ...(options.target === undefined ? {} : { target: options.target }), ...(options.title === undefined ? {} : { title: options.title }) };
  for (const format of options.formats ?? (Object.keys(REPORT_FILES) as SweepReportFormat[])) {
    const file = join(dir, REPORT_FILES[format]);
    await writeAtomically(file, sweepReport(result, { format, ...common }));
    written.push(file);
  }
  for (const kind of CHART_KINDS) {
    const file = join(dir, `${kind}.svg`);
    await writeAtomically(file, sweepChart(result, { kind }));
    written.push(file);
  }
  return written;
}
