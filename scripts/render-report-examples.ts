/**
 * `npx tsx scripts/render-report-examples.ts [sweep.jsonl | result.json]`: renders the three
 * example charts of docs/reports.md into docs/images/ (sweep-epoch-time.svg,
 * sweep-cost-vs-time.svg, sweep-loss.svg), from a sweep's journal (`npm run example:sweep` writes
 * one to sweep-report/sweep.jsonl), a SweepResult saved as JSON (one result, or an array of them),
 * or, without an argument, from the hand-written fixture sweep of the report tests.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sweepChart, type SweepChartKind } from '../src/report/sweepChart';
import { readSweepJournal } from '../src/sweep/readSweepJournal';
import type { SweepResult } from '../src/sweep/SweepResult';
import { cifarSweep } from '../test/report/support/sweepResults';

const root = join(import.meta.dirname, '..');
const file = process.argv[2];
const result: SweepResult | SweepResult[] =
  file === undefined ? cifarSweep()
  : file.endsWith('.jsonl') ? await readSweepJournal(file)
  : (JSON.parse(readFileSync(file, 'utf8')) as SweepResult | SweepResult[]);

const kinds: SweepChartKind[] = ['epoch-time', 'cost-vs-time', 'loss'];
for (const kind of kinds) {
  const path = join(root, 'docs', 'images', `sweep-${kind}.svg`);
  writeFileSync(path, sweepChart(result, { kind }));
  console.log(`wrote ${path}`);
}
