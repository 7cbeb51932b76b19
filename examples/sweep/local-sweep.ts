/**
 * `npm run example:sweep`: a benchmark sweep on this machine. The example training script
 * (examples/local/train.py, python3 only) at three batch sizes, twice each, run by local mode
 * through the same defineSweep / runSweep calls as on SageMaker, then a report with charts.
 * Nothing is sent to AWS, nothing is billed.
 *
 *   npm run example:sweep
 *   npm run example:sweep -- --out my-report --epochs 8 --repeats 3
 *
 * Writes <out>/report.md, report.csv, report.json, report.html and the three SVG charts, and the
 * journal <out>/sweep.jsonl (run the same command again to resume an interrupted sweep).
 * Ctrl-C stops the running job before the process ends.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  createLocalClients,
  defineSweep,
  formatIssues,
  runSweep,
  sweepChart,
  sweepReport,
  TrainingJobBuilder,
  ValidationError,
} from 'sagemaker-bench';

const usage = 'usage: npm run example:sweep -- [--out DIR] [--epochs N] [--repeats N]';
let values: { out: string; epochs: string; repeats: string; help: boolean };
try {
  ({ values } = parseArgs({
    options: {
      out: { type: 'string', default: 'sweep-report' },
      epochs: { type: 'string', default: '5' },
      repeats: { type: 'string', default: '2' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
for (const flag of ['epochs', 'repeats'] as const) {
  const n = Number(values[flag]);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${flag} must be a whole number of at least 1, got ${JSON.stringify(values[flag])}\n${usage}`);
    process.exit(2);
  }
}

const out = resolve(values.out);
const train = join(import.meta.dirname, '../local/train.py');
mkdirSync(out, { recursive: true });
execFileSync('python3', [train, '--generate', join(out, 'data')]);

const plan = defineSweep({
  name: 'digits',
  model: 'softmax',
  base: new TrainingJobBuilder()
    .image('123456789012.dkr.ecr.us-east-1.amazonaws.com/digits:latest') // the docker runtime would run this image
    .role('arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole')
    .instance('ml.m5.large')
    .channel('training', pathToFileURL(`${out}/data/`).href)
    .outputPath(pathToFileURL(`${out}/output/`).href)
    .hyperParameters({ epochs: Number(values.epochs) })
    .maxRuntime(600),
  matrix: { batchSize: [16, 64, 256] },
  repeats: Number(values.repeats),
  local: true,
});
console.log(`# ${plan.jobs.length} jobs; on SageMaker at most $${plan.maxUsd?.toFixed(2)}; here, nothing\n`);

const controller = new AbortController();
process.once('SIGINT', () => {
  console.log('\nCtrl-C: stopping the running job...');
  controller.abort();
});
const started = Date.now();
const clock = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s`;
try {
  const result = await runSweep(plan, {
    clients: createLocalClients({ workDir: join(out, 'work'), runtime: 'process', command: ['python3', train], stopGraceSeconds: 5 }),
    journal: join(out, 'sweep.jsonl'),
    signal: controller.signal,
    onEvent: (event) => {
      if (event.type === 'launched') console.log(`${clock()}  ${event.jobName}  ${event.resumed ? 'found running (from the journal)' : 'launched'}`);
      if (event.type === 'result') {
        const { metrics, status } = event.result;
        const last = metrics?.epochs.at(-1);
        console.log(`${clock()}  ${event.jobName}  ${status}, ${metrics?.epochs.length ?? 0} epochs, val_accuracy ${last?.metrics.val_accuracy ?? '?'}`);
      }
      if (event.type === 'stopped') console.log(`${clock()}  ${event.jobName}  stopped`);
    },
  });
  writeFileSync(join(out, 'report.md'), sweepReport(result, { format: 'markdown', target: { metric: 'val_accuracy', value: 0.85 } }));
  writeFileSync(join(out, 'report.csv'), sweepReport(result, { format: 'csv' }));
  writeFileSync(join(out, 'report.json'), sweepReport(result, { format: 'json' }));
  writeFileSync(join(out, 'report.html'), sweepReport(result, { format: 'html', target: { metric: 'val_accuracy', value: 0.85 } }));
  for (const kind of ['epoch-time', 'cost-vs-time', 'loss'] as const) writeFileSync(join(out, `${kind}.svg`), sweepChart(result, { kind }));
  console.log(`\n${sweepReport(result, { format: 'markdown', target: { metric: 'val_accuracy', value: 0.85 } })}`);
  console.log(`${result.aborted ? 'Aborted; run the same command again to resume. ' : ''}Report: ${join(out, 'report.html')}`);
  if (result.aborted) process.exitCode = 130;
} catch (error) {
  if (error instanceof ValidationError) {
    console.error(formatIssues(error.issues));
    process.exit(1);
  }
  throw error;
}
