/**
 * How soon does a waiter notice that a training job ended, and how many DescribeTrainingJob
 * calls does it make on the way? waitForTrainingJob with its defaults (polls 5 s .. 60 s)
 * against the SDK's own waitUntilTrainingJobCompletedOrStopped with its defaults (120 s .. 6 h),
 * for the same simulated jobs, on the same simulated clock.
 *
 * Method (virtual time, no sleeping): this process replaces `setTimeout`, `clearTimeout` and
 * `Date.now` with a virtual clock that, whenever nothing else is pending, jumps to the next
 * timer. Both waiters sleep with `setTimeout` and read `Date.now` (ours, and @smithy/util-waiter under the SDK's), and the
 * SageMaker timeline endpoint (test/support/sagemakerTimelineServer.ts) reads the same
 * `Date.now`, so a one-hour job takes milliseconds. Requests go through the real SDK client
 * (middleware, JSON 1.1 serialization and parsing) to the endpoint in process, without sockets.
 * Both waiters draw their jitter from Math.random, replaced here by a seeded PRNG, so the
 * figures are reproducible. Each job length is run TRIALS times per waiter.
 */
import { CreateTrainingJobCommand, SageMakerClient, waitUntilTrainingJobCompletedOrStopped } from '@aws-sdk/client-sagemaker';
import { waitForTrainingJob } from '../src/jobs/waitForTrainingJob';
import { SageMakerTimeline, standardTimeline, systemClock } from '../test/support/sagemakerTimelineServer';
import { VirtualTime } from './support/virtualTime';

const TRIALS = 100;
const SEED = 1;
const JOBS = [
  { label: '1 h job (required figure)', seconds: 3600 },
  { label: '10 min job', seconds: 600 },
  { label: '8 h job', seconds: 8 * 3600 },
];

// ---------------------------------------------------------------- one trial

/** A waiter under test: ours with defaults, or the SDK's with its default delays and a given maxWaitTime. */
interface WaiterConfig {
  name: string;
  delays: string;
  /** The SDK waiter's maxWaitTime (it has no default) as a function of the job's MaxRuntime; absent: ours. */
  sdkMaxWaitTime?: (maxRuntime: number) => number;
  limit: string;
}

const WAITERS: WaiterConfig[] = [
  { name: 'waitForTrainingJob', delays: '5 s .. 60 s', limit: 'default: MaxRuntime + 30 min' },
  {
    name: 'SDK waitUntilTrainingJobCompletedOrStopped (baseline)',
    delays: '120 s .. 6 h',
    sdkMaxWaitTime: () => 48 * 3600,
    limit: '48 h',
  },
  {
    name: 'SDK waitUntilTrainingJobCompletedOrStopped (baseline)',
    delays: '120 s .. 6 h',
    sdkMaxWaitTime: (maxRuntime) => maxRuntime + 1800,
    limit: 'MaxRuntime + 30 min (same as ours)',
  },
];

interface Trial {
  calls: number;
  /** Seconds from the job's end to the wait returning; undefined when the waiter gave up (TimeoutError) first. */
  detectionSeconds: number | undefined;
}

const time = new VirtualTime();
let jobCounter = 0;

async function trial(waiter: WaiterConfig, jobSeconds: number): Promise<Trial> {
  const timeline = new SageMakerTimeline({ clock: systemClock });
  const client = new SageMakerClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: timeline.requestHandler(),
  });
  const name = `bench-job-${++jobCounter}`;
  // Starting 180 s, Downloading 60 s, Training, Uploading 60 s: the job ends `jobSeconds` after creation.
  timeline.script(name, standardTimeline({ starting: 180, downloading: 60, training: jobSeconds - 300, uploading: 60 }));
  const maxRuntime = jobSeconds * 2;
  await time.run(
    client.send(
      new CreateTrainingJobCommand({
        TrainingJobName: name,
        RoleArn: 'arn:aws:iam::123456789012:role/SageMakerExecution',
        AlgorithmSpecification: { TrainingImage: '123456789012.dkr.ecr.us-east-1.amazonaws.com/bench:latest', TrainingInputMode: 'File' },
        OutputDataConfig: { S3OutputPath: 's3://bench-bucket/' },
        ResourceConfig: { InstanceType: 'ml.p3.2xlarge', InstanceCount: 1, VolumeSizeInGB: 16 },
        StoppingCondition: { MaxRuntimeInSeconds: maxRuntime },
      }),
    ),
  );
  const jobEnd = time.now() + jobSeconds * 1000;
  const wait: Promise<unknown> = waiter.sdkMaxWaitTime
    ? waitUntilTrainingJobCompletedOrStopped({ client, maxWaitTime: waiter.sdkMaxWaitTime(maxRuntime) }, { TrainingJobName: name })
    : waitForTrainingJob(client, name);
  let timedOut = false;
  try {
    await time.run(wait);
  } catch (error) {
    if ((error as Error).name !== 'TimeoutError' && (error as Error).name !== 'WaitTimeoutError') throw error;
    timedOut = true;
  }
  const returned = time.now();
  time.clear();
  client.destroy();
  return {
    calls: timeline.requests('DescribeTrainingJob').length,
    detectionSeconds: timedOut ? undefined : (returned - jobEnd) / 1000,
  };
}

// ---------------------------------------------------------------- report

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

interface Stats {
  calls: number;
  minCalls: number;
  maxCalls: number;
  median: number;
  p90: number;
  max: number;
  timeouts: number;
}

function stats(trials: Trial[]): Stats {
  const delays = trials
    .map((t) => t.detectionSeconds)
    .filter((d): d is number => d !== undefined)
    .sort((a, b) => a - b);
  const calls = trials.map((t) => t.calls);
  return {
    calls: calls.reduce((a, b) => a + b, 0) / calls.length,
    minCalls: Math.min(...calls),
    maxCalls: Math.max(...calls),
    median: quantile(delays, 0.5),
    p90: quantile(delays, 0.9),
    max: delays[delays.length - 1] ?? Number.NaN,
    timeouts: trials.length - delays.length,
  };
}

function fmtSeconds(s: number): string {
  if (Number.isNaN(s)) return '-';
  if (s >= 3600) return `${(s / 3600).toFixed(2)} h`;
  if (s >= 120) return `${(s / 60).toFixed(1)} min`;
  return `${s.toFixed(1)} s`;
}

const wallStart = performance.now();
time.install(SEED);
const results: { label: string; stats: Stats[] }[] = [];
try {
  for (const job of JOBS) {
    const perWaiter: Trial[][] = WAITERS.map(() => []);
    for (let i = 0; i < TRIALS; i++) {
      for (const [w, waiter] of WAITERS.entries()) perWaiter[w]!.push(await trial(waiter, job.seconds));
    }
    results.push({ label: job.label, stats: perWaiter.map(stats) });
  }
} finally {
  time.uninstall();
}
const wallSeconds = (performance.now() - wallStart) / 1000;

console.log(
  `Simulated jobs (Starting 180 s, Downloading 60 s, Training, Uploading 60 s; MaxRuntime = 2 x length), ` +
    `${TRIALS} trials per waiter and length, on virtual time (see the header of bench/wait.bench.ts), ` +
    `jitter from a PRNG seeded with ${SEED}. Detection delay = when the wait returned - when the job ended ` +
    `(over the trials where the waiter saw the end; "gave up" counts TimeoutErrors thrown although the job had ended).\n`,
);
console.log('| job | waiter (default delays) | polls every | maxWaitTime | DescribeTrainingJob calls, mean (min-max) | detection delay median | p90 | max | gave up |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  for (const [w, waiter] of WAITERS.entries()) {
    const s = r.stats[w]!;
    console.log(
      `| ${r.label} | ${waiter.name} | ${waiter.delays} | ${waiter.limit} | ${s.calls.toFixed(1)} (${s.minCalls}-${s.maxCalls}) | ` +
        `${fmtSeconds(s.median)} | ${fmtSeconds(s.p90)} | ${fmtSeconds(s.max)} | ${s.timeouts}/${TRIALS} |`,
    );
  }
}
console.log('');
for (const r of results) {
  const [ours, sdk, sdkSame] = r.stats as [Stats, Stats, Stats];
  console.log(
    `${r.label}: the SDK waiter (48 h limit) notices the end ${(sdk.median / ours.median).toFixed(1)}x later than waitForTrainingJob ` +
      `(median ${fmtSeconds(sdk.median)} vs ${fmtSeconds(ours.median)}; max ${fmtSeconds(sdk.max)} vs ${fmtSeconds(ours.max)}) ` +
      `and makes ${(ours.calls / sdk.calls).toFixed(1)}x fewer DescribeTrainingJob calls; with the same limit as ours it gave up on a ` +
      `finished job in ${sdkSame.timeouts}/${TRIALS} trials. waitForTrainingJob: every end noticed within maxDelay (60 s): ` +
      `${ours.timeouts === 0 && ours.max <= 60 ? 'yes' : 'NO'}.`,
  );
}
console.log(`\n(${JOBS.length * TRIALS * WAITERS.length} simulated waits in ${wallSeconds.toFixed(1)} s of real time)`);
