import { describe, expect, it } from 'vitest';
import { sweepReport } from '../../src/report/sweepReport';
import type { SweepResult } from '../../src/sweep/SweepResult';
import { cifarSweep, emptySweep, HOSTILE_VALUE, mnistSweep, sweepJob } from './support/sweepResults';

const target = { metric: 'val_accuracy', value: 0.75 };

/** The lines of `markdown`'s tables, split into cells on the pipes that are not escaped. */
function tableRows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => line.split(/(?<!\\)\|/).slice(1, -1));
}

describe("sweepReport(result, { format: 'markdown' })", () => {
  it('writes the fixture sweep as its golden file', async () => {
    await expect(sweepReport(cifarSweep(), { format: 'markdown' })).toMatchFileSnapshot('./golden/cifar-sweep.md');
  });

  it('writes the fixture sweep with a target as its golden file', async () => {
    await expect(sweepReport(cifarSweep(), { format: 'markdown', target })).toMatchFileSnapshot('./golden/cifar-sweep-target.md');
  });

  it('writes two sweeps of two models, one table each, as their golden file', async () => {
    const markdown = sweepReport([cifarSweep(), mnistSweep()], { format: 'markdown', title: 'ResNet-50 and CNN', target: { metric: 'val_loss', value: 0.7 } });
    await expect(markdown).toMatchFileSnapshot('./golden/two-models.md');
    expect(markdown).toContain('## resnet50');
    expect(markdown).toContain('## cnn');
  });

  it('has one row per configuration with the same number of cells as the header', () => {
    const rows = tableRows(sweepReport(cifarSweep(), { format: 'markdown', target }));
    const main = rows.filter((r) => r.length === rows[0]!.length);
    expect(rows[0]!.map((c) => c.trim())).toEqual([
      'instance type', 'count', 'GPUs', 'batch size', 'epochs', 'status', 's / epoch', 'training time', 'final loss',
      'final accuracy (val_accuracy)', '$ per run', '$ per epoch', 'spot savings per run',
    ]);
    // header, alignment row, four configurations; the time-to-target table has 8 columns
    expect(main).toHaveLength(2 + 4);
    expect(rows.filter((r) => r.length === 8)).toHaveLength(2 + 4);
    expect(rows.every((r) => r.length === 13 || r.length === 8)).toBe(true);
  });

  it('gives status counts, mean ± standard deviation, NaN for the diverged loss and "–" for what does not exist', () => {
    const markdown = sweepReport(cifarSweep(), { format: 'markdown' });
    expect(markdown).toContain('| ml.p3.2xlarge | 1 | 1 | 128 | 5 | 2/2 Completed | 43.2 ± 4.9 s | 314.0 s | 0.625 | 0.795 | $0.3336 | $0.0667 | – |');
    expect(markdown).toContain('| 2/2 Completed | **37.2 ± 5.5 s** (fastest) | 288.0 s | NaN |');
    expect(markdown).toContain('| 0/2 Completed, 1 Failed, 1 NotLaunched | 109.0 s | – | – | – | – | – | – |');
    expect(markdown).not.toMatch(/undefined|null/);
  });

  it('marks the training-time figure with a footnote', () => {
    const markdown = sweepReport(cifarSweep(), { format: 'markdown' });
    expect(markdown).toContain('136.3 ± 8.9 s †');
    expect(markdown).toMatch(/^- † counts a repeat without epoch times in its log/m);
  });

  it('lists every job that did not complete with its status and reason, and every note', () => {
    const markdown = sweepReport(cifarSweep(), { format: 'markdown' });
    const failures = markdown.slice(markdown.indexOf('## Failures'), markdown.indexOf('## Notes'));
    expect(failures.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(3);
    expect(failures).toContain('cifar-sweep-g4dn-xlarge-b256-r1 (ml.g4dn.xlarge, batch 256, repeat 1): Failed: AlgorithmError: ResourceExhaustedError');
    expect(failures).toContain('cifar-sweep-g4dn-xlarge-b256-r2 (ml.g4dn.xlarge, batch 256, repeat 2): NotLaunched: the sweep was aborted');
    expect(failures).toContain('Stopped: Stopped by the sweep');
    const notes = markdown.slice(markdown.indexOf('## Notes'));
    expect(notes).toContain('cifar-sweep-g4dn-xlarge-b128-r1: no log found');
  });

  it('escapes pipes, newlines and markup in table cells so the table keeps its columns', () => {
    const result = cifarSweep();
    result.jobs = [
      sweepJob('esc', { instanceType: 'ml.p3.2xlarge', batchSize: 1, repeat: 1, status: 'Completed', trainingSeconds: 10 }),
      sweepJob('esc', { instanceType: 'ml.p3.2xlarge', batchSize: 1, repeat: 1, status: 'Completed', trainingSeconds: 10 }),
    ];
    result.jobs[1]!.cell.hyperParameters = { schedule: 'a|b\nc <b>*d*</b> `e` [f](g)' };
    const markdown = sweepReport(result, { format: 'markdown' });
    const rows = tableRows(markdown);
    expect(new Set(rows.map((r) => r.length)).size).toBe(1);
    expect(markdown).toContain('schedule=a\\|b<br>c &lt;b&gt;\\*d\\*&lt;/b&gt; \\`e\\` \\[f\\](g)');
    expect(markdown).toContain(`schedule=${HOSTILE_VALUE.replace('&', '&amp;').replace('<', '&lt;').replace('|', '\\|')}`);
  });

  it('never lets a newline in a failure reason start a new list item or heading', () => {
    const result = cifarSweep();
    result.jobs[3]!.failureReason = 'first line\n## not a heading\n- not an item';
    const markdown = sweepReport(result, { format: 'markdown' });
    expect(markdown).not.toMatch(/^## not a heading/m);
    expect(markdown).not.toMatch(/^- not an item/m);
    expect(markdown).toContain('Failed: first line ## not a heading - not an item');
  });

  it('reports an empty sweep and no results at all without a table or an error', () => {
    const empty = sweepReport(emptySweep(), { format: 'markdown', target });
    expect(empty).toContain('No jobs.');
    expect(empty).toContain('None: every job completed.');
    expect(sweepReport([], { format: 'markdown' })).toBe('# Sweep report\n\nNo sweep results.\n\n## Failures\n\nNone: every job completed.\n');
  });

  it('marks nothing when no configuration has a figure to compare', () => {
    const result: SweepResult = {
      ...cifarSweep(),
      jobs: [1, 2].map((b) => sweepJob('none', { instanceType: 'ml.p3.2xlarge', batchSize: b, repeat: 1, status: 'NotLaunched', failureReason: 'quota' })),
    };
    const markdown = sweepReport(result, { format: 'markdown' });
    expect(markdown).not.toContain('(fastest)');
    expect(markdown).not.toContain('(cheapest)');
    expect(markdown).toContain('0/1 Completed, 1 NotLaunched');
  });

  it('rejects an unknown format and a title that is not a string', () => {
    expect(() => sweepReport(cifarSweep(), { format: 'pdf' as 'csv' })).toThrow(/format must be one of/);
    expect(() => sweepReport(cifarSweep(), { format: 'markdown', title: 3 as unknown as string })).toThrow(TypeError);
    expect(() => sweepReport(cifarSweep(), undefined as unknown as { format: 'csv' })).toThrow(/options must be an object/);
  });
});
