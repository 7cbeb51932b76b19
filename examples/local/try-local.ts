/**
 * `npm run example:local`: a training job defined with the builder, run on this machine by local
 * mode (the process runtime and examples/local/train.py, python3 only), through the same launch,
 * wait, logs, metrics and cost calls as on SageMaker. Nothing is sent to AWS, nothing is billed.
 *
 *   npm run example:local
 *   npm run example:local -- --epochs 8 --batch-size 32 --instance-count 2
 *
 * The job's folder (tree, log, state) is under --work-dir (default: a fresh temporary folder);
 * Ctrl-C stops the job before the process ends.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  createLocalClients,
  estimateTrainingCost,
  formatIssues,
  formatStatusEvent,
  jobName,
  logSourceForJob,
  parseTrainingLog,
  summarizeTrainingJob,
  trainingJobCost,
  TrainingJobBuilder,
  ValidationError,
  waitForTrainingJob,
} from 'sagemaker-bench';

const usage = 'usage: npm run example:local -- [--epochs N] [--batch-size N] [--instance-count N] [--work-dir DIR]';
let values: { epochs: string; 'batch-size': string; 'instance-count': string; 'work-dir'?: string | undefined; help: boolean };
try {
  ({ values } = parseArgs({
    options: {
      epochs: { type: 'string', default: '5' },
      'batch-size': { type: 'string', default: '64' },
      'instance-count': { type: 'string', default: '1' },
      'work-dir': { type: 'string' },
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
const epochs = Number(values.epochs);
const batchSize = Number(values['batch-size']);
const count = Number(values['instance-count']);
for (const flag of ['epochs', 'batch-size', 'instance-count'] as const) {
  const n = Number(values[flag]);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${flag} must be a whole number of at least 1, got ${JSON.stringify(values[flag])}\n${usage}`);
    process.exit(2);
  }
}

const here = import.meta.dirname;
const train = join(here, 'train.py');
const root = values['work-dir'] ?? mkdtempSync(join(tmpdir(), 'sagemaker-bench-local-'));
const data = join(root, 'data');
execFileSync('python3', [train, '--generate', data]); // the channel's data: train.csv

const name = jobName({ model: 'digits', instanceType: 'ml.m5.large', batchSize, epochs, unique: true });
const job = new TrainingJobBuilder()
  .name(name)
  .image('123456789012.dkr.ecr.us-east-1.amazonaws.com/digits:latest') // the docker runtime would run this image
  .role('arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole')
  .instance('ml.m5.large', { count })
  .channel('training', pathToFileURL(`${data}/`).href)
  .outputPath(pathToFileURL(`${root}/output/`).href)
  .hyperParameters({ epochs, 'batch-size': batchSize })
  .maxRuntime(600)
  .metricDefinitions({ 'validation:accuracy': 'val_accuracy: ([0-9.]+)' });

const clients = createLocalClients({ workDir: join(root, 'work'), runtime: 'process', command: ['python3', train], stopGraceSeconds: 5 });
console.log(`# ${name}: on SageMaker this could cost at most $${estimateTrainingCost(job).maxUsd?.toFixed(2)}; here, nothing\n`);
try {
  await job.launch(clients.sagemaker);
} catch (error) {
  if (error instanceof ValidationError) console.error(formatIssues(error.issues));
  else console.error((error as Error).message);
  process.exit(1);
}
const final = await waitForTrainingJob(clients.sagemaker, name, {
  minDelay: 0.5,
  maxDelay: 1,
  onStatus: (event) => console.log(formatStatusEvent(event)),
}).catch((error: unknown) => {
  console.error(`\n${(error as Error).message}`);
  process.exit(1);
});

const log = await logSourceForJob(clients, name);
console.log('\n# The log');
for await (const { message, source } of log.read()) console.log(`${source.split('/')[1]} | ${message}`);

const metrics = await parseTrainingLog(log, { job: final });
console.log(`\n# ${metrics.format} epochs`);
for (const e of metrics.epochs) console.log(`epoch ${e.epoch}/${e.totalEpochs}: ${e.seconds} s, val_accuracy ${e.metrics['val_accuracy']}`);

const summary = summarizeTrainingJob(final);
console.log(`\n# ${summary.status} in ${summary.trainingSeconds} s; model at ${final.ModelArtifacts?.S3ModelArtifacts}`);
console.log(`final metrics: ${(final.FinalMetricDataList ?? []).map((m) => `${m.MetricName} = ${m.Value}`).join(', ')}`);
console.log(`billed: $${trainingJobCost(final).usd ?? 0} (local mode bills nothing)`);
