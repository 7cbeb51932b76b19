import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { parse as parseHtml, type DefaultTreeAdapterMap } from 'parse5';
import { describe, expect, it } from 'vitest';
import { SWEEP_CSV_COLUMNS } from '../../src/report/sweepCsvColumns';
import { SWEEP_CHART_KINDS, sweepChart } from '../../src/report/sweepChart';
import type { SweepReportJson } from '../../src/report/SweepReportJson';
import { sweepReport } from '../../src/report/sweepReport';
import type { EpochMetrics, TrainingMetrics } from '../../src/metrics/TrainingMetrics';
import type { SweepJobResult, SweepResult } from '../../src/sweep/SweepResult';
import { parseSvg } from './support/parseSvg';

/** Strings with what breaks formats: markup, quotes, pipes, separators, newlines, controls, lone surrogates. */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.array(fc.constantFrom('<', '>', '&', '"', "'", '|', ',', ';', '\n', '\r', '\r\n', '\t', '\u0000', '\u001B', '\uD800', '\uDFFF', '\uFFFE', '`', '*', '[', ']]>', '--', '\\', '#', '__proto__', '😀'), { maxLength: 6 }).map((a) => a.join('')),
);
const number = fc.oneof(fc.double(), fc.integer({ min: 0, max: 5000 }), fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, 1e308));
const metricName = fc.oneof(fc.constantFrom('loss', 'val_loss', 'val_accuracy', 'accuracy'), text);

const epoch: fc.Arbitrary<EpochMetrics> = fc.record(
  { epoch: fc.integer({ min: 0, max: 40 }), seconds: number, metrics: fc.dictionary(metricName, number, { maxKeys: 4 }) },
  { requiredKeys: ['epoch', 'metrics'] },
);

const metrics: fc.Arbitrary<TrainingMetrics> = fc
  .record({ epochs: fc.array(epoch, { maxLength: 6 }), final: fc.dictionary(metricName, number, { maxKeys: 3 }) })
  .map(({ epochs, final }) => ({ format: 'keras', epochs, final, series: {}, warnings: [] }));

const job: fc.Arbitrary<SweepJobResult> = fc.record(
  {
    jobName: text,
    status: fc.constantFrom('Completed', 'Failed', 'Stopped', 'NotLaunched', 'InProgress'),
    cell: fc.record(
      {
        instanceType: fc.oneof(fc.constantFrom('ml.p3.2xlarge', 'ml.g4dn.xlarge', 'ml.p4d.24xlarge'), text),
        instanceCount: fc.integer({ min: 1, max: 4 }),
        batchSize: fc.integer({ min: 1, max: 2048 }),
        epochs: fc.integer({ min: 1, max: 50 }),
        hyperParameters: fc.dictionary(text, text, { maxKeys: 2 }),
        repeat: fc.integer({ min: 1, max: 3 }),
      },
      { requiredKeys: ['instanceType', 'instanceCount', 'hyperParameters', 'repeat'] },
    ),
    metrics,
    summary: fc.record({ trainingSeconds: number, billableSeconds: number }).map(({ trainingSeconds, billableSeconds }) => ({
      jobName: 'x', status: 'Completed', instanceCount: 1, spot: false, phases: [], finalMetrics: {}, hyperParameters: {}, trainingSeconds, billableSeconds,
    })),
    cost: fc.record({ usd: number, usdPerHour: number, spot: fc.boolean(), spotSavingsUsd: number }).map((c) => ({
      ...c, billedInstanceSeconds: 1, instanceType: 'x', instanceCount: 1, region: 'us-east-1', running: false, billableSeconds: 1,
    })),
    failureReason: text,
    notes: fc.array(text, { maxLength: 2 }),
  },
  { requiredKeys: ['jobName', 'status', 'cell', 'notes'] },
);

const result: fc.Arbitrary<SweepResult> = fc.record({
  name: text,
  model: text,
  region: text,
  jobs: fc.array(job, { maxLength: 7 }),
  seed: fc.integer(),
  launchOrder: fc.constant([]),
  aborted: fc.boolean(),
});
const results = fc.oneof(result, fc.array(result, { minLength: 1, maxLength: 3 }));

/** `text` as UTF-8 can hold it: a file cannot keep a lone surrogate, a UTF-8 decoder makes it U+FFFD. */
const wellFormed = (value: string) => value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
const jobsOf = (input: SweepResult | SweepResult[]) => (Array.isArray(input) ? input : [input]).flatMap((r) => r.jobs);
const target = fc.option(fc.record({ metric: metricName.filter((m) => m !== ''), value: fc.double({ noNaN: true, noDefaultInfinity: true }) }), { nil: undefined });

describe('reports of any sweep result', () => {
  it('draw every chart as valid SVG, whatever the names and numbers hold', () => {
    fc.assert(
      fc.property(results, fc.option(text, { nil: undefined }), metricName.filter((m) => m !== ''), (input, title, metric) => {
        for (const kind of SWEEP_CHART_KINDS) {
          const svg = sweepChart(input, { kind, title, metric });
          expect(parseSvg(svg).documentElement!.tagName).toBe('svg');
          expect(svg).not.toMatch(/="[^"]*(NaN|Infinity|undefined)/);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('write a CSV that parses back to one row per job, every field as written', () => {
    fc.assert(
      fc.property(results, target, (input, goal) => {
        const rows = parse(sweepReport(input, { format: 'csv', target: goal })) as string[][];
        const jobs = jobsOf(input);
        expect(rows).toHaveLength(1 + jobs.length);
        expect(rows.every((r) => r.length === SWEEP_CSV_COLUMNS.length)).toBe(true);
        const name = SWEEP_CSV_COLUMNS.indexOf('job_name');
        expect(rows.slice(1).map((r) => r[name])).toEqual(jobs.map((j) => wellFormed(j.jobName)));
        const reason = SWEEP_CSV_COLUMNS.indexOf('failure_reason');
        expect(rows.slice(1).map((r) => r[reason])).toEqual(jobs.map((j) => wellFormed(j.failureReason ?? '')));
      }),
      { numRuns: 150 },
    );
  });

  it('write JSON with one job per job and Markdown tables whose rows keep their columns', () => {
    fc.assert(
      fc.property(results, target, (input, goal) => {
        const json = JSON.parse(sweepReport(input, { format: 'json', target: goal })) as SweepReportJson;
        expect(json.sweeps.flatMap((s) => s.jobs)).toHaveLength(jobsOf(input).length);
        const markdown = sweepReport(input, { format: 'markdown', target: goal });
        for (const block of markdown.split('\n\n').filter((b) => b.startsWith('|'))) {
          const widths = block.split('\n').map((line) => line.split(/(?<!\\)\|/).length);
          expect(new Set(widths).size).toBe(1);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('write an HTML page with its three charts and no element a name could inject', () => {
    fc.assert(
      fc.property(results, (input) => {
        const document = parseHtml(sweepReport(input, { format: 'html' }));
        const all = (node: DefaultTreeAdapterMap['node']): DefaultTreeAdapterMap['node'][] => [node, ...('childNodes' in node ? node.childNodes.flatMap(all) : [])];
        const tags = all(document).filter((n): n is DefaultTreeAdapterMap['element'] => 'tagName' in n).map((n) => n.tagName);
        expect(tags.filter((t) => t === 'svg')).toHaveLength(3);
        expect(tags.filter((t) => !ALLOWED.has(t))).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

const ALLOWED = new Set([
  'html', 'head', 'meta', 'title', 'style', 'body', 'main', 'section', 'h1', 'h2', 'h3', 'p', 'ul', 'li', 'div', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'strong', 'br',
  'figure', 'svg', 'desc', 'g', 'text', 'line', 'rect', 'circle', 'path',
]);
