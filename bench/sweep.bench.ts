/**
 * What does watching a 200-job sweep cost? `runSweep` (ListTrainingJobs pages every 20 s, a
 * DescribeTrainingJob only when a job ends) next to the baseline "N waiters" (the same 200 jobs,
 * at most 10 running per instance type, each watched by its own `waitForTrainingJob` with its
 * defaults: DescribeTrainingJob every 5 s .. 60 s), in the same run, on the same simulated jobs:
 * requests per job by operation, how soon each runner notices that a job ended, the makespan,
 * CPU per job, the memory a 200-job SweepResult holds, and the journal's size.
 *
 * Method (virtual time, no sleeping; see bench/support/virtualTime.ts and bench/wait.bench.ts):
 * `setTimeout`, `clearTimeout` and `Date.now` are replaced by a virtual clock that jumps to the
 * next timer whenever nothing else is pending; the SageMaker timeline endpoint
 * (test/support/sagemakerTimelineServer.ts, `quotas`: 10 instances per type, `recordRequests:
 * false`, 20-60 min jobs by batch size through `scriptFor`) reads the same clock, so the ~4 h of
 * the sweep take seconds. Every request goes through the real SDK clients (middleware,
 * serialization, signing, parsing) to handlers in process, without sockets: SageMaker to the
 * timeline's `handle()` (as its `requestHandler()` calls it, in a copy that also times it and
 * counts the summaries of each ListTrainingJobs page), S3 to bench/support/inProcessS3.ts
 * (ListObjectsV2 XML, GetObject) holding each job's `out/<job>/training-log.txt`, a generated
 * 5-epoch tf.keras verbose=2 log of ~3 KB behind the training toolkit's and TensorFlow's start-up
 * lines (and the CIFAR-10 download bar); CloudWatch Logs to a handler that counts and refuses
 * every request (none is expected: every job has its S3 log). Math.random is a PRNG seeded with
 * SEED, so the figures are reproducible. runSweep gets the brief's options (`clients`,
 * `pollSeconds: 20`, `seed: 1`: no `quotas`, so it learns them from ResourceLimitExceeded) plus an
 * `onEvent` that notes when each end was noticed.
 *
 * Both runners COLLECT the same way: when a job ends, `logSourceForJob` (a DescribeTrainingJob,
 * then S3 ListObjectsV2 + GetObject), `parseTrainingLog` (the request's metric definitions, 1,000
 * points per series), the billed cost and the summary. So each side's DescribeTrainingJob count
 * includes one describe per job for the log look-up, and the CPU figures include the same log
 * parsing: what differs is how the jobs are watched (and launched).
 *
 * CPU is `process.cpuUsage()` (user + system, all threads) around each whole run, excluding
 * nothing: the SDK, the library, the in-process endpoints (their handlers' time shown apart) and
 * the virtual-time machinery. Both runners and the journal path are first warmed up on a 4-job
 * plan (module loading, JIT), which is not reported; then runSweep and the waiters run ROUNDS
 * times, alternately, and the median is reported (this machine is shared: CPU figures vary from
 * run to run). A last table splits runSweep's CPU per job into unit costs measured alone after
 * the runs (one ListTrainingJobs page, DescribeTrainingJob, CreateTrainingJob, one job's
 * collection) times how often the sweep made each call.
 *
 * Memory: heap used after `gc()` with the 200-job SweepResult held, minus heap used after
 * dropping it and `gc()` again (what the result alone keeps alive; its cells and estimates are
 * shared with the plan, still held, so not counted), and the same for a structuredClone of it
 * (self-contained). The journal figure is one more sweep of the same plan run with
 * `journal: <tmp file>` (each record flushed with fdatasync; the virtual clock waits for the
 * disk, sleeping 1 ms of real time per look).
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { S3Client } from '@aws-sdk/client-s3';
import { ListTrainingJobsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { CreateTrainingJobCommandInput, DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { trainingJobCost } from '../src/cost/trainingJobCost';
import { resolveTimeouts } from '../src/internal/requestTimeouts';
import { sendRequest } from '../src/internal/sendRequest';
import type { Clients } from '../src/jobs/Clients';
import { describeTrainingJob } from '../src/jobs/describeTrainingJob';
import { launchTrainingJob } from '../src/jobs/launchTrainingJob';
import { summarizeTrainingJob } from '../src/jobs/summarizeTrainingJob';
import { waitForTrainingJob } from '../src/jobs/waitForTrainingJob';
import { logSourceForJob } from '../src/logs/logSourceForJob';
import { parseTrainingLog } from '../src/metrics/parseTrainingLog';
import type { TrainingMetrics } from '../src/metrics/TrainingMetrics';
import { cifarResnet50 } from '../src/presets/cifarResnet50';
import { defineSweep } from '../src/sweep/defineSweep';
import { runSweep } from '../src/sweep/runSweep';
import type { SweepJob, SweepPlan } from '../src/sweep/SweepPlan';
import type { SweepResult } from '../src/sweep/SweepResult';
import { prng } from '../test/support/prng';
import { SageMakerTimeline, standardTimeline, systemClock } from '../test/support/sagemakerTimelineServer';
import type { InProcessRequestHandler, TimelineStep } from '../test/support/sagemakerTimelineServer';
import { InProcessS3 } from './support/inProcessS3';
import { VirtualTime } from './support/virtualTime';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const SEED = 1;
const POLL_SECONDS = 20;
const QUOTA = 10;
const TYPES = ['ml.p3.2xlarge', 'ml.p3.8xlarge', 'ml.g4dn.xlarge', 'ml.g5.2xlarge'];
const BATCHES = [64, 128, 256, 512, 1024];
const REPEATS = 10;
const EPOCHS = 5;
const BUCKET = 'bench-bucket';
/** A job's whole length (creation to Completed) by batch size, in minutes, before its jitter (0..2 min less). */
const JOB_MINUTES: Record<number, number> = { 64: 60, 128: 50, 256: 40, 512: 30, 1024: 22 };
const MAX_SERIES_POINTS = 1000;

const TARGET_STATUS_RATIO = 0.5;
const TARGET_MEMORY_MB = 50;
const TARGET_CPU_MS = 20;

// ---------------------------------------------------------------- the plan, its jobs and their logs

function plan(name: string, types: string[], batches: number[], repeats: number): SweepPlan {
  return defineSweep({
    name,
    model: 'resnet50',
    base: cifarResnet50({
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/resnet50-cifar:latest',
      role: 'arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole',
      outputPath: `s3://${BUCKET}/out/`,
      epochs: EPOCHS,
    }),
    matrix: { instanceType: types, batchSize: batches },
    repeats,
  });
}

/** FNV-1a, 32 bits. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Phases of a job in seconds (Starting 180, Downloading 60, Training, Uploading 60): 20-60 min in all, by batch size. */
function timing(jobName: string, batchSize: number): { total: number; training: number } {
  const total = (JOB_MINUTES[batchSize] ?? 40) * 60 - (hash32(jobName) % 121);
  return { total, training: total - 300 };
}

function batchOf(request: Record<string, unknown>): number {
  const hyper = (request.HyperParameters ?? {}) as Record<string, string>;
  return Number(hyper['batch-size'] ?? 256);
}

function scriptFor(jobName: string, request: Record<string, unknown>): TimelineStep[] {
  const { training } = timing(jobName, batchOf(request));
  return standardTimeline({ starting: 180, downloading: 60, training, uploading: 60 });
}

const GPU_NAMES: Record<string, string> = {
  'ml.p3.2xlarge': 'Tesla V100-SXM2-16GB',
  'ml.p3.8xlarge': 'Tesla V100-SXM2-16GB',
  'ml.g4dn.xlarge': 'Tesla T4',
  'ml.g5.2xlarge': 'NVIDIA A10G',
};

/**
 * The log the container "wrote": the training toolkit's start-up lines and environment, TensorFlow's
 * device lines, the CIFAR-10 download bar, then tf.keras `fit(..., epochs=5, verbose=2)`, its epochs
 * filling the job's training phase, and the toolkit's exit lines.
 */
function kerasLog(job: SweepJob): string {
  const batch = job.cell.batchSize ?? 256;
  const { training } = timing(job.jobName, batch);
  const random = prng(hash32(job.jobName));
  const steps = Math.ceil(50_000 / batch);
  const epochSeconds = Math.floor((training - 90) / (EPOCHS + 0.15));
  const gpu = GPU_NAMES[job.cell.instanceType] ?? 'Tesla V100-SXM2-16GB';
  const t0 = Date.UTC(2025, 0, 6, 9, 3, 0);
  const stamp = (s: number): string => new Date(t0 + s * 1000).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
  const tf = (s: number): string => new Date(t0 + s * 1000).toISOString().replace('T', ' ').replace('Z', '');
  const lines = [
    `${stamp(0)} sagemaker-training-toolkit INFO     Imported framework sagemaker_tensorflow_container.training`,
    `${stamp(0.2)} sagemaker-training-toolkit INFO     No Neurons detected (normal if no neurons installed)`,
    `${stamp(0.9)} sagemaker-training-toolkit INFO     Invoking user script`,
    '',
    'Training Env:',
    '',
    '{',
    '    "additional_framework_parameters": {},',
    '    "channel_input_dirs": {},',
    '    "current_host": "algo-1",',
    '    "current_instance_group": "homogeneousCluster",',
    `    "current_instance_type": "${job.cell.instanceType}",`,
    '    "framework_module": "sagemaker_tensorflow_container.training:main",',
    '    "hosts": [',
    '        "algo-1"',
    '    ],',
    '    "hyperparameters": {',
    `        "batch-size": ${batch},`,
    `        "epochs": ${EPOCHS}`,
    '    },',
    '    "input_dir": "/opt/ml/input",',
    '    "is_master": true,',
    `    "job_name": "${job.jobName}",`,
    '    "log_level": 20,',
    '    "model_dir": "/opt/ml/model",',
    '    "module_name": "train",',
    '    "num_gpus": 1,',
    '    "output_data_dir": "/opt/ml/output/data",',
    '    "user_entry_point": "train.py"',
    '}',
    '',
    'Invoking script with the following command:',
    '',
    `/usr/local/bin/python3.9 train.py --batch-size ${batch} --epochs ${EPOCHS}`,
    '',
    `${tf(4.1)}: I tensorflow/core/platform/cpu_feature_guard.cc:193] This TensorFlow binary is optimized with oneAPI Deep Neural Network Library (oneDNN) to use the following CPU instructions in performance-critical operations:  AVX2 AVX512F FMA`,
    'To enable them in other operations, rebuild TensorFlow with the appropriate compiler flags.',
    `${tf(6.7)}: I tensorflow/core/common_runtime/gpu/gpu_device.cc:1613] Created device /job:localhost/replica:0/task:0/device:GPU:0 with 14626 MB memory:  -> device: 0, name: ${gpu}, pci bus id: 0000:00:1e.0, compute capability: 7.0`,
    'Downloading data from https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz',
    '170498071/170498071 [==============================] - 4s 0us/step',
    `${tf(31.2)}: I tensorflow/compiler/xla/service/service.cc:173] XLA service 0x7f1c3c0d1e40 initialized for platform CUDA (this does not guarantee that XLA will be used). Devices:`,
    `${tf(31.9)}: I tensorflow/stream_executor/cuda/cuda_dnn.cc:384] Loaded cuDNN version 8600`,
  ];
  let loss = 1.9 + random() * 0.3;
  let accuracy = 0.3 + random() * 0.05;
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const seconds = epoch === 1 ? Math.round(epochSeconds * 1.15) : epochSeconds + Math.round((random() - 0.5) * 4);
    const msPerStep = Math.round((seconds * 1000) / steps);
    const valLoss = loss * (1.05 + random() * 0.15);
    const valAccuracy = accuracy * (0.93 + random() * 0.05);
    lines.push(
      `Epoch ${epoch}/${EPOCHS}`,
      `${steps}/${steps} - ${seconds}s - loss: ${loss.toFixed(4)} - accuracy: ${accuracy.toFixed(4)} - val_loss: ${valLoss.toFixed(4)} - val_accuracy: ${valAccuracy.toFixed(4)} - ${seconds}s/epoch - ${msPerStep}ms/step`,
    );
    loss *= 0.72 + random() * 0.08;
    accuracy = Math.min(0.97, accuracy + (1 - accuracy) * (0.22 + random() * 0.1));
  }
  const end = training - 40;
  lines.push(
    `${stamp(end)} sagemaker-training-toolkit INFO     Waiting for the process to finish and give a return code.`,
    `${stamp(end)} sagemaker-training-toolkit INFO     Done waiting for a return code. Received 0 from exiting process.`,
    `${stamp(end + 0.1)} sagemaker-training-toolkit INFO     Reporting training SUCCESS`,
    '',
  );
  return lines.join('\n');
}

// ---------------------------------------------------------------- the endpoints

/**
 * The timeline's answers in process, as its `requestHandler()` gives them (the same `handle()`,
 * the same response), also adding up the time spent in `handle()` (synchronous: about its CPU) and
 * the summaries in each ListTrainingJobs page (a substring count on the answer).
 */
function timelineHandler(timeline: SageMakerTimeline, tally: EndpointTally): InProcessRequestHandler {
  return {
    handle: async (request) => {
      const target = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'x-amz-target')?.[1];
      const body = request.body;
      const text = body === undefined || body === null ? '' : typeof body === 'string' ? body : new TextDecoder().decode(body as Uint8Array);
      const t0 = performance.now();
      const answer = timeline.handle(target, text);
      tally.ms += performance.now() - t0;
      if (target === 'SageMaker.ListTrainingJobs') tally.listedSummaries += answer.body.split('"TrainingJobName"').length - 1;
      return { response: { statusCode: answer.status, headers: answer.headers, body: Readable.from([Buffer.from(answer.body)]) } };
    },
    updateHttpClientConfig: () => {},
    httpHandlerConfigs: () => ({}),
    destroy: () => {},
  };
}

/** Adds up the time spent in the S3 handler's (synchronous) answer. */
function timedS3Handler(s3: InProcessS3, tally: EndpointTally): ReturnType<InProcessS3['requestHandler']> {
  const inner = s3.requestHandler();
  return {
    ...inner,
    handle: (request) => {
      const t0 = performance.now();
      const answer = inner.handle(request);
      tally.ms += performance.now() - t0;
      return answer;
    },
  };
}

interface EndpointTally {
  /** Milliseconds inside the in-process endpoints' handlers. */
  ms: number;
  /** Job summaries in every ListTrainingJobs page answered. */
  listedSummaries: number;
}

interface Environment {
  timeline: SageMakerTimeline;
  s3: InProcessS3;
  clients: Clients;
  cloudWatchRequests: { n: number };
  endpoint: EndpointTally;
  destroy(): void;
}

function environment(p: SweepPlan): Environment {
  const timeline = new SageMakerTimeline({
    clock: systemClock,
    quotas: Object.fromEntries(TYPES.map((type) => [type, QUOTA])),
    scriptFor,
    recordRequests: false,
  });
  const s3 = new InProcessS3();
  for (const job of p.jobs) s3.put(BUCKET, `out/${job.jobName}/training-log.txt`, kerasLog(job));
  const cloudWatchRequests = { n: 0 };
  const endpoint: EndpointTally = { ms: 0, listedSummaries: 0 };
  const cloudWatchHandler: InProcessRequestHandler = {
    handle: async () => {
      cloudWatchRequests.n++;
      const body = JSON.stringify({ __type: 'AccessDeniedException', message: 'sweep.bench: CloudWatch Logs is not expected to be asked' });
      return { response: { statusCode: 400, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: Readable.from([Buffer.from(body)]) } };
    },
    updateHttpClientConfig: () => {},
    httpHandlerConfigs: () => ({}),
    destroy: () => {},
  };
  const common = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const clients: Clients = {
    sagemaker: new SageMakerClient({ ...common, requestHandler: timelineHandler(timeline, endpoint) }),
    s3: new S3Client({ ...common, requestHandler: timedS3Handler(s3, endpoint), forcePathStyle: true }),
    logs: new CloudWatchLogsClient({ ...common, requestHandler: cloudWatchHandler }),
  };
  return {
    timeline,
    s3,
    clients,
    cloudWatchRequests,
    endpoint,
    destroy: () => {
      clients.sagemaker.destroy();
      clients.s3.destroy();
      clients.logs.destroy();
    },
  };
}

// ---------------------------------------------------------------- the two runners

/** What one run measured. */
interface RunStats {
  label: string;
  jobs: number;
  counts: Record<string, number>;
  createErrors: Record<string, number>;
  s3: Record<string, number>;
  cloudWatch: number;
  cpuMs: number;
  /** Milliseconds inside the in-process endpoints' handlers. */
  endpointMs: number;
  /** Job summaries per ListTrainingJobs page, on average. */
  summariesPerPage: number;
  realSeconds: number;
  firstCreate: number;
  lastEnd: number;
  returned: number;
  /** Seconds from each job's end to the runner noticing it. */
  delays: number[];
  peakInUse: number;
  completed: number;
  /** Jobs by how many epochs their parsed metrics have. */
  epochCounts: Record<number, number>;
  virtualSteps: number;
}

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

/** Runs `body` on a fresh virtual clock and measures it against `env`. */
async function measure(
  label: string,
  p: SweepPlan,
  env: Environment,
  time: VirtualTime,
  body: (noticed: Map<string, number>) => Promise<{ completed: number; epochCounts: Record<number, number> }>,
): Promise<RunStats> {
  const noticed = new Map<string, number>();
  const real0 = performance.now();
  time.install(SEED);
  let outcome: { completed: number; epochCounts: Record<number, number> };
  let ends: number[];
  let returned: number;
  const cpu0 = process.cpuUsage();
  let cpu: NodeJS.CpuUsage;
  try {
    outcome = await time.run(body(noticed));
    cpu = process.cpuUsage(cpu0);
    returned = time.now();
    ends = p.jobs.map((job) => Number(env.timeline.describe(job.jobName)?.TrainingEndTime) * 1000);
  } finally {
    time.clear();
    time.uninstall();
  }
  const realSeconds = (performance.now() - real0) / 1000;
  const created = env.timeline.createdJobs();
  const delays = p.jobs.map((job, i) => ((noticed.get(job.jobName) ?? Number.NaN) - ends[i]!) / 1000).sort((a, b) => a - b);
  return {
    label,
    jobs: p.jobs.length,
    counts: env.timeline.counts(),
    createErrors: env.timeline.countsByStatus().CreateTrainingJob.byError,
    s3: env.s3.counts(),
    cloudWatch: env.cloudWatchRequests.n,
    cpuMs: (cpu.user + cpu.system) / 1000,
    endpointMs: env.endpoint.ms,
    summariesPerPage: env.endpoint.listedSummaries / Math.max(1, env.timeline.counts().ListTrainingJobs),
    realSeconds,
    firstCreate: Math.min(...created.map((job) => job.createdAt)),
    lastEnd: Math.max(...ends),
    returned,
    delays,
    peakInUse: Math.max(...TYPES.map((type) => env.timeline.peakInUse(type))),
    completed: outcome.completed,
    epochCounts: outcome.epochCounts,
    virtualSteps: time.firedTimers(),
  };
}

let heldResult: SweepResult | undefined;

function tally(values: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** (a) runSweep with the brief's options (and `journal` for the journal run). */
function sweepBody(p: SweepPlan, env: Environment, journal?: string) {
  return async (noticed: Map<string, number>) => {
    const result = await runSweep(p, {
      clients: env.clients,
      pollSeconds: POLL_SECONDS,
      seed: SEED,
      ...(journal === undefined ? {} : { journal }),
      onEvent: (event) => {
        if (event.type === 'ended') noticed.set(event.jobName, Date.now());
      },
    });
    const completed = result.jobs.filter((job) => job.status === 'Completed').length;
    const epochCounts = tally(result.jobs.map((job) => job.metrics?.epochs.length ?? 0));
    if (journal === undefined) heldResult = result;
    return { completed, epochCounts };
  };
}

interface BaselineResult {
  jobName: string;
  status: string | undefined;
  summary: ReturnType<typeof summarizeTrainingJob>;
  cost: ReturnType<typeof trainingJobCost>;
  metrics: TrainingMetrics;
}

/**
 * (b) "N waiters": at most QUOTA jobs of each instance type running (QUOTA slots per type, each
 * launching the next job of its type when its job ends), in the sweep's launch order, each job
 * watched by its own waitForTrainingJob with the default options, then collected like the sweep
 * collects (without holding up the slot's next launch).
 */
function waitersBody(p: SweepPlan, env: Environment, order: readonly string[]) {
  return async (noticed: Map<string, number>) => {
    const { sagemaker } = env.clients;
    const byName = new Map(p.jobs.map((job) => [job.jobName, job]));
    const queues = new Map<string, SweepJob[]>();
    for (const name of order) {
      const job = byName.get(name)!;
      const queue = queues.get(job.cell.instanceType) ?? [];
      queue.push(job);
      queues.set(job.cell.instanceType, queue);
    }
    const results: BaselineResult[] = [];
    const collections: Promise<void>[] = [];
    const collect = async (job: SweepJob, description: DescribeTrainingJobCommandOutput): Promise<void> => {
      const source = await logSourceForJob(env.clients, job.jobName);
      const metrics = await parseTrainingLog(source, { job: job.request, maxSeriesPoints: MAX_SERIES_POINTS });
      results.push({
        jobName: job.jobName,
        status: description.TrainingJobStatus,
        summary: summarizeTrainingJob(description),
        cost: trainingJobCost(description, { region: p.region }),
        metrics,
      });
    };
    const slot = async (queue: SweepJob[]): Promise<void> => {
      for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
        await launchTrainingJob(sagemaker, job.request as CreateTrainingJobCommandInput);
        const description = await waitForTrainingJob(sagemaker, job.jobName);
        noticed.set(job.jobName, Date.now());
        collections.push(collect(job, description));
      }
    };
    await Promise.all([...queues.values()].flatMap((queue) => Array.from({ length: QUOTA }, () => slot(queue))));
    await Promise.all(collections);
    return {
      completed: results.filter((r) => r.status === 'Completed').length,
      epochCounts: tally(results.map((r) => r.metrics.epochs.length)),
    };
  };
}

// ---------------------------------------------------------------- unit costs

/** CPU ms per call of `fn`, over `n` calls one after another (real time: the runs are over). */
async function cpuPerCall(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await fn(i);
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000 / n;
}

interface UnitCosts {
  list: number;
  describe: number;
  create: number;
  collect: number;
  summaries: number;
}

/**
 * What one request of each kind costs in this process, measured after the sweep on its endpoint
 * (every job ended): a ListTrainingJobs page as runSweep's #poll sends it, holding as many
 * summaries as the sweep's pages held on average; a DescribeTrainingJob; a CreateTrainingJob
 * (on a fresh endpoint); one job's collection (logSourceForJob + parseTrainingLog, as #collect does).
 */
async function unitCosts(p: SweepPlan, env: Environment, summariesPerPage: number): Promise<UnitCosts> {
  const { sagemaker } = env.clients;
  const created = env.timeline.createdJobs().map((job) => job.createdAt).sort((a, b) => a - b);
  const k = Math.max(1, Math.min(created.length, Math.round(summariesPerPage)));
  const after = new Date(created[created.length - k]! - 1);
  const timeouts = resolveTimeouts('sweep.bench', undefined);
  const input = { NameContains: p.namePrefix, CreationTimeAfter: after, SortBy: 'CreationTime' as const, SortOrder: 'Ascending' as const, MaxResults: 100 };
  const page = await sagemaker.send(new ListTrainingJobsCommand(input));
  const list = await cpuPerCall(200, () => sendRequest(sagemaker, new ListTrainingJobsCommand(input), { timeouts, resource: 'the jobs', operation: 'ListTrainingJobs' }));
  const describe = await cpuPerCall(400, (i) => describeTrainingJob(sagemaker, p.jobs[i % p.jobs.length]!.jobName, { timeouts }));
  const collect = await cpuPerCall(p.jobs.length, async (i) => {
    const job = p.jobs[i]!;
    const source = await logSourceForJob(env.clients, job.jobName, { timeouts });
    await parseTrainingLog(source, { job: job.request, maxSeriesPoints: MAX_SERIES_POINTS });
  });
  // Creates on an endpoint of their own without quotas (these jobs run on the real clock now).
  const fresh = new SageMakerTimeline({ clock: systemClock, scriptFor, recordRequests: false });
  const creator = new SageMakerClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: timelineHandler(fresh, { ms: 0, listedSummaries: 0 }) });
  const create = await cpuPerCall(p.jobs.length, (i) => launchTrainingJob(creator, p.jobs[i]!.request as CreateTrainingJobCommandInput));
  creator.destroy();
  return { list, describe, create, collect, summaries: page.TrainingJobSummaries?.length ?? 0 };
}

// ---------------------------------------------------------------- run

/** Heap used after two turns of the event loop (what the turn that ran the code still held is released) and gc(). */
async function heapAfterGc(): Promise<number> {
  for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

const ROUNDS = 3;
const MB = 1024 * 1024;
const wallStart = performance.now();
const tmp = mkdtempSync(join(tmpdir(), 'sweep-bench-'));
const sweepRuns: RunStats[] = [];
const waiterRuns: RunStats[] = [];
let heldBytes = Number.NaN;
let cloneBytes = Number.NaN;
let resultJsonBytes = Number.NaN;
let journalBytes = Number.NaN;
let journalRun: RunStats | undefined;
let units: UnitCosts | undefined;
const big = plan('bench', TYPES, BATCHES, REPEATS);
try {
  // Warm-up: both runners and the journal path on a 4-job plan (not reported).
  {
    const warm = plan('warm', TYPES.slice(0, 2), BATCHES.slice(2, 4), 1);
    const e1 = environment(warm);
    await measure('warm sweep', warm, e1, new VirtualTime(), sweepBody(warm, e1));
    heldResult = undefined;
    e1.destroy();
    const e2 = environment(warm);
    await measure('warm waiters', warm, e2, new VirtualTime(), waitersBody(warm, e2, warm.jobs.map((job) => job.jobName)));
    e2.destroy();
    const e3 = environment(warm);
    await measure('warm journal', warm, e3, new VirtualTime({ waitForIo: true }), sweepBody(warm, e3, join(tmp, 'warm.jsonl')));
    e3.destroy();
  }

  let unitEnv: Environment | undefined;
  for (let round = 1; round <= ROUNDS; round++) {
    // (a) runSweep
    const env = environment(big);
    sweepRuns.push(await measure('runSweep (pollSeconds 20)', big, env, new VirtualTime(), sweepBody(big, env)));
    const order = heldResult!.launchOrder;
    if (round === 1) {
      unitEnv = env;
      resultJsonBytes = Buffer.byteLength(JSON.stringify(heldResult));
      const withResult = await heapAfterGc();
      let clone: SweepResult | undefined = structuredClone(heldResult);
      cloneBytes = (await heapAfterGc()) - withResult;
      void clone;
      clone = undefined;
      heldResult = undefined;
      heldBytes = withResult - (await heapAfterGc());
    } else {
      heldResult = undefined;
      env.destroy();
    }
    // (b) N waiters, in the sweep's launch order
    const waitersEnv = environment(big);
    waiterRuns.push(await measure('N waiters (waitForTrainingJob defaults)', big, waitersEnv, new VirtualTime(), waitersBody(big, waitersEnv, order)));
    waitersEnv.destroy();
  }

  // The journal: the same sweep again, with `journal`.
  {
    const env = environment(big);
    const path = join(tmp, 'bench.jsonl');
    journalRun = await measure('runSweep with journal', big, env, new VirtualTime({ waitForIo: true }), sweepBody(big, env, path));
    heldResult = undefined;
    env.destroy();
    journalBytes = statSync(path).size;
  }

  units = await unitCosts(big, unitEnv!, sweepRuns[0]!.summariesPerPage);
  unitEnv!.destroy();
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
const wallSeconds = (performance.now() - wallStart) / 1000;

// ---------------------------------------------------------------- report

function fmtDuration(ms: number): string {
  const s = ms / 1000;
  if (Math.abs(s) >= 3600) return `${(s / 3600).toFixed(2)} h`;
  if (Math.abs(s) >= 120) return `${(s / 60).toFixed(1)} min`;
  return `${s.toFixed(1)} s`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const perJob = (r: RunStats, op: string): number => (r.counts[op] ?? 0) / r.jobs;
const statusPerJob = (r: RunStats): number => perJob(r, 'DescribeTrainingJob') + perJob(r, 'ListTrainingJobs');
const s3PerJob = (r: RunStats): number => Object.values(r.s3).reduce((a, b) => a + b, 0) / r.jobs;
const cpuPerJob = (rs: RunStats[]): number => median(rs.map((r) => r.cpuMs / r.jobs));
const cpuRange = (rs: RunStats[]): string => `${Math.min(...rs.map((r) => r.cpuMs / r.jobs)).toFixed(1)}-${Math.max(...rs.map((r) => r.cpuMs / r.jobs)).toFixed(1)}`;
const sameCounts = (rs: RunStats[]): boolean => rs.every((r) => JSON.stringify(r.counts) === JSON.stringify(rs[0]!.counts) && JSON.stringify(r.s3) === JSON.stringify(rs[0]!.s3));
const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const sweep = sweepRuns[0]!;
const waiters = waiterRuns[0]!;
const logBytes = big.jobs.reduce((sum, job) => sum + Buffer.byteLength(kerasLog(job)), 0);
const jobHours = big.jobs.reduce((sum, job) => sum + timing(job.jobName, job.cell.batchSize ?? 256).total, 0) / 3600;
const rows: [RunStats, RunStats[]][] = [[sweep, sweepRuns], [waiters, waiterRuns], [journalRun!, [journalRun!]]];

console.log(
  `${big.jobs.length} jobs (${TYPES.length} instance types x ${BATCHES.length} batch sizes x ${REPEATS} repeats, cifarResnet50, ${EPOCHS} epochs), ` +
    `20-60 min each by batch size (${jobHours.toFixed(1)} job-hours), on the SageMaker timeline endpoint with quotas of ${QUOTA} instances per type, ` +
    `on virtual time (see the header of bench/sweep.bench.ts), PRNG seed ${SEED}. Both runners collect every job the same way ` +
    `(logSourceForJob: 1 DescribeTrainingJob + S3 ListObjectsV2 + GetObject; parseTrainingLog; cost; summary). ` +
    `Log objects ${(logBytes / big.jobs.length / 1024).toFixed(1)} KB each on average. runSweep and the waiters ran ${ROUNDS} times each, alternately; ` +
    `request counts are the first round's (the same in every round: ${sameCounts(sweepRuns) && sameCounts(waiterRuns) ? 'yes' : 'NO'}), CPU the median of the rounds.\n`,
);
console.log('| runner | CreateTrainingJob / job | DescribeTrainingJob / job | ListTrainingJobs / job | StopTrainingJob / job | status requests / job (Describe + List) | S3 requests / job | CloudWatch requests |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [r] of rows) {
  console.log(
    `| ${r.label} | ${perJob(r, 'CreateTrainingJob').toFixed(3)} | ${perJob(r, 'DescribeTrainingJob').toFixed(2)} | ${perJob(r, 'ListTrainingJobs').toFixed(2)} | ` +
      `${perJob(r, 'StopTrainingJob').toFixed(2)} | ${statusPerJob(r).toFixed(2)} | ${s3PerJob(r).toFixed(2)} | ${r.cloudWatch} |`,
  );
}
console.log('');
console.log('| runner | makespan (first create -> last end) | last end -> run returned | end noticed after: mean | p90 | max | peak instances of a type | Completed | epochs parsed per job (expected 5) | CPU ms / job, median (min-max) | of which in the endpoints\' handlers | virtual-time steps | real s |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const [r, rs] of rows) {
  console.log(
    `| ${r.label} | ${fmtDuration(r.lastEnd - r.firstCreate)} | ${fmtDuration(r.returned - r.lastEnd)} | ${mean(r.delays).toFixed(1)} s | ${quantile(r.delays, 0.9).toFixed(1)} s | ` +
      `${(r.delays[r.delays.length - 1] ?? Number.NaN).toFixed(1)} s | ${r.peakInUse} | ${r.completed}/${r.jobs} | ` +
      `${Object.entries(r.epochCounts).map(([n, jobs]) => `${n} (${jobs} jobs)`).join(', ')} | ${cpuPerJob(rs).toFixed(2)} (${cpuRange(rs)}) | ` +
      `${median(rs.map((x) => x.endpointMs / x.jobs)).toFixed(2)} | ${r.virtualSteps} | ${median(rs.map((x) => x.realSeconds)).toFixed(1)} |`,
  );
}
const errors = (r: RunStats): string => Object.entries(r.createErrors).map(([type, n]) => `${n} ${type}`).join(', ') || 'none';
console.log(`\nCreateTrainingJob errors: runSweep ${errors(sweep)} (it is given no \`quotas\` and learns them from ResourceLimitExceeded); N waiters ${errors(waiters)}.`);

const ratio = statusPerJob(sweep) / statusPerJob(waiters);
const heldMB = heldBytes / MB;
const sweepCpu = cpuPerJob(sweepRuns);
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
console.log('\n| target | measured | target | |');
console.log('|---|---|---|---|');
console.log(`| status requests per job, runSweep / N waiters | ${statusPerJob(sweep).toFixed(2)} / ${statusPerJob(waiters).toFixed(2)} = ${ratio.toFixed(3)}x | <= ${TARGET_STATUS_RATIO}x | ${verdict(ratio <= TARGET_STATUS_RATIO)} |`);
console.log(`| heap held by the SweepResult of ${sweep.jobs} jobs with metrics | ${heldMB.toFixed(2)} MB (${Math.round(heldBytes / sweep.jobs)} B / job) | < ${TARGET_MEMORY_MB} MB | ${verdict(heldMB < TARGET_MEMORY_MB)} |`);
console.log(`| CPU per job of runSweep (everything in the process), median of ${ROUNDS} | ${sweepCpu.toFixed(2)} ms (${cpuRange(sweepRuns)}; N waiters: ${cpuPerJob(waiterRuns).toFixed(2)} ms) | < ${TARGET_CPU_MS} ms | ${verdict(sweepCpu < TARGET_CPU_MS)} |`);
console.log('');
console.log(
  `Memory: a structuredClone of the result (self-contained: cells and estimates copied too) takes ${(cloneBytes / MB).toFixed(2)} MB ` +
    `(${Math.round(cloneBytes / sweep.jobs)} B / job); its JSON is ${(resultJsonBytes / MB).toFixed(2)} MB (${Math.round(resultJsonBytes / sweep.jobs)} B / job). ` +
    `Journal of the ${journalRun!.jobs}-job sweep: ${(journalBytes / 1024).toFixed(0)} KB (${Math.round(journalBytes / journalRun!.jobs)} B / job).`,
);
console.log(
  `Noticing ends: runSweep within ${(sweep.delays[sweep.delays.length - 1] ?? Number.NaN).toFixed(1)} s (max; it lists every ${POLL_SECONDS} s), ` +
    `the waiters within ${(waiters.delays[waiters.delays.length - 1] ?? Number.NaN).toFixed(1)} s (5 s .. 60 s backoff); ` +
    `makespan ${fmtDuration(sweep.lastEnd - sweep.firstCreate)} vs ${fmtDuration(waiters.lastEnd - waiters.firstCreate)}.`,
);

const u = units!;
const parts: [string, number, number][] = [
  [`ListTrainingJobs page (${u.summaries} summaries; the sweep's pages held ${sweep.summariesPerPage.toFixed(1)} on average)`, u.list, perJob(sweep, 'ListTrainingJobs')],
  ['DescribeTrainingJob', u.describe, perJob(sweep, 'DescribeTrainingJob')],
  ['CreateTrainingJob (launchTrainingJob)', u.create, perJob(sweep, 'CreateTrainingJob')],
  ['collection: logSourceForJob (minus its describe, counted above) + parseTrainingLog', u.collect - u.describe, 1],
];
console.log(
  `\nWhere runSweep's ${sweepCpu.toFixed(1)} ms per job go: CPU per call measured alone after the runs (on the first round's endpoint), ` +
    'x calls per job; the unit costs vary with the machine\'s load like the totals, and the last row is what is left of the median:\n',
);
console.log('| part | CPU ms per call | calls per job | CPU ms per job |');
console.log('|---|---|---|---|');
let accounted = 0;
for (const [name, per, calls] of parts) {
  accounted += per * calls;
  console.log(`| ${name} | ${per.toFixed(3)} | ${calls.toFixed(2)} | ${(per * calls).toFixed(2)} |`);
}
console.log(`| the rest: scheduling, records, events, virtual time, GC of it all | | | ${(sweepCpu - accounted).toFixed(2)} |`);
console.log(`\n(${ROUNDS} rounds of runSweep and N waiters and one journal run, ${big.jobs.length} jobs each, plus a warm-up, in ${wallSeconds.toFixed(1)} s of real time)`);
