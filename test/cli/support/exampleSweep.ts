/**
 * A temp copy of examples/sweep/digits.sweep.json that runs in local mode inside the temp dir:
 * train.py copied beside it (so every train.py process of a test names the temp dir in its
 * arguments), `local.command` pointing at that copy by absolute path, and the work dir and
 * output path inside the temp dir.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSweepFile } from '../../../src/sweep/loadSweepFile';
import { REPO } from './childCli';

export const EXAMPLE_SWEEP = join(REPO, 'examples/sweep/digits.sweep.json');
const TRAIN_PY = join(REPO, 'examples/local/train.py');

export interface ExampleSweepOptions {
  /** The matrix's batch sizes (default: the example's). */
  batchSizes?: number[];
  /** The matrix's epochs (default: the example's). */
  epochs?: number[];
  /** Hyperparameters of the base request (`{ 'sleep-per-epoch': '2' }` makes long runs). */
  hyperParameters?: Record<string, string>;
  /**
   * Seconds a job takes to stop once told to (default 0: train.py exits at once): the command
   * becomes a shell wrapper that, on SIGTERM, waits that long before it ends, as a container
   * saving a checkpoint does. Makes "while the jobs are stopping" a window a test can hit.
   */
  stopDelaySeconds?: number;
}

export interface ExampleSweep {
  /** The temp dir: the sweep file, train.py, work/ and output/ are in it. */
  dir: string;
  /** The sweep file (absolute). */
  file: string;
  /** The job names of the copy's plan (from loadSweepFile), in plan order. */
  jobNames: string[];
  /** Removes the temp dir. */
  remove(): void;
}

/**
 * Writes the copy into a new temp dir.
 *
 * @example
 * const sweep = await copyExampleSweep({ batchSizes: [16], hyperParameters: { 'sleep-per-epoch': '2' } });
 * await runChild(['sweep', sweep.file, '--local'], { cwd: sweep.dir });
 */
export async function copyExampleSweep(options: ExampleSweepOptions = {}): Promise<ExampleSweep> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-cli-sweep-'));
  const sweep = JSON.parse(readFileSync(EXAMPLE_SWEEP, 'utf8')) as {
    $schema?: string;
    request: Record<string, unknown>;
    matrix: { batchSize: number[]; epochs: number[] };
    local: Record<string, unknown>;
  };
  delete sweep.$schema;
  const trainPy = join(dir, 'train.py');
  copyFileSync(TRAIN_PY, trainPy);
  sweep.local.command = options.stopDelaySeconds === undefined ? ['python3', trainPy] : ['sh', slowStopWrapper(dir, trainPy, options.stopDelaySeconds)];
  sweep.local.workDir = join(dir, 'work');
  sweep.local.outputPath = `${join(dir, 'output')}/`;
  if (options.batchSizes !== undefined) sweep.matrix.batchSize = options.batchSizes;
  if (options.epochs !== undefined) sweep.matrix.epochs = options.epochs;
  if (options.hyperParameters !== undefined) sweep.request.HyperParameters = options.hyperParameters;
  const file = join(dir, 'digits.sweep.json');
  writeFileSync(file, `${JSON.stringify(sweep, null, 2)}\n`);
  const jobNames = (await loadSweepFile(file, { local: true })).plan.jobs.map((job) => job.jobName);
  return { dir, file, jobNames, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `<dir>/slow-stop.sh`: runs train.py, and on SIGTERM passes it on and waits `seconds` before it ends. */
function slowStopWrapper(dir: string, trainPy: string, seconds: number): string {
  const wrapper = join(dir, 'slow-stop.sh');
  const script = [
    '#!/bin/sh',
    `python3 '${trainPy}' "$@" &`,
    'child=$!',
    `trap 'kill -TERM $child 2>/dev/null; sleep ${seconds}; wait $child; exit 143' TERM`,
    'wait $child',
  ];
  writeFileSync(wrapper, `${script.join('\n')}\n`);
  return wrapper;
}

/** The processes whose command line mentions `text` (from `ps -eo pid,args`), this test's own ps excluded. */
export function processesMentioning(text: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .slice(1)
    .filter((line) => line.includes(text) && !/\bps -eo\b/.test(line));
}

/** Resolves once `check()` is true (polling every 50 ms), or rejects after `ms`. */
export async function eventually(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
