/**
 * Runs the sweep command's progress display over a scripted sweep of four jobs, on this
 * process's stdout, for test/cli/SweepProgress.tty.test.ts (which runs it in a tmux pane).
 *
 *   node --import tsx test/cli/support/progressScript.ts [delayMs]
 *
 * It stops half-way, with two jobs training, until a key is pressed (the test's `send-keys`:
 * the terminal is in raw mode, so the key is not echoed into the block), then ends every job,
 * prints a note, finishes, says `progress-script: done` and waits to be killed (so that the pane
 * stays to be captured; it exits by itself after a minute).
 */
import { createSweepProgress } from '../../../src/cli/internal/SweepProgress';
import type { SweepEvent } from '../../../src/sweep/SweepEvent';
import type { SweepResult } from '../../../src/sweep/SweepResult';
import { events, samplePlan, sampleResult } from './sweepFixtures';

const delayMs = Number(process.argv[2] ?? 120);
const plan = samplePlan({ batchSizes: [16, 64, 256, 1024] });
const [a, b, c, d] = plan.jobs.map((job) => job.jobName) as [string, string, string, string];
const stdout = process.stdout;
const progress = createSweepProgress(plan, { stream: stdout, live: stdout.isTTY === true, color: true, redrawMs: 200 });

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
async function play(script: SweepEvent[]): Promise<void> {
  for (const event of script) {
    progress.onEvent(event);
    await sleep(delayMs);
  }
}

/** Resolves on the first key pressed (raw mode: nothing echoed). */
function keyPressed(): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdin.isTTY) process.stdin.setRawMode(true);
    process.stdin.once('data', () => {
      if (process.stdin.isTTY) process.stdin.setRawMode(false);
      process.stdin.pause();
      resolve();
    });
  });
}

const key = keyPressed();
await play([
  events.queued(d, 'quota', 'ml.m5.large: 3 of 3 instances in use (account quota)'),
  events.launched(a),
  events.launched(b),
  events.launched(c),
  events.status(a, 'Starting'),
  events.status(b, 'Starting'),
  events.status(a, 'Downloading'),
  events.status(a, 'Training'),
  events.status(b, 'Training'),
  events.status(c, 'Starting'),
]);
await sleep(500); // a few ticks of the elapsed times
await key;
const resultA = sampleResult(plan, a, { seconds: 41, valAccuracy: 0.91 });
const resultB = sampleResult(plan, b, { status: 'Failed', epochs: 2, failureReason: 'AlgorithmError: out of memory' });
await play([
  events.ended(a, 'Completed'),
  events.result(resultA),
  events.ended(b, 'Failed', 'AlgorithmError: out of memory'),
  events.result(resultB),
  events.launched(d),
  events.status(d, 'Training'),
]);
progress.note('Ctrl-C: stopping 2 jobs…');
await play([events.stopped(c), events.stopped(d)]);
const stoppedC = { ...sampleResult(plan, c, { status: 'Stopped', epochs: 1 }), failureReason: 'stopped by the sweep (aborted)' };
const stoppedD = { ...sampleResult(plan, d, { status: 'Stopped', epochs: 0 }), failureReason: 'stopped by the sweep (aborted)' };
const result: SweepResult = { name: plan.name, model: plan.model, region: 'local', jobs: [resultA, resultB, stoppedC, stoppedD], seed: 1, launchOrder: [a, b, c, d], aborted: true };
progress.finish(result);
progress.finish();
stdout.write('progress-script: done\n');
await sleep(60_000);
