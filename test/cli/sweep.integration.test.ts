/**
 * `sagemaker-bench plan`, `sweep --local`, `report` and Ctrl-C, as a user meets them, over a
 * temp copy of examples/sweep/digits.sweep.json whose jobs run examples/local/train.py (python3)
 * on this machine. The runs that launch jobs, and Ctrl-C, are the real bin in a child process;
 * the others run in-process (the same runCli), to keep the spawns few.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSweepJournal } from '../../src/sweep/readSweepJournal';
import { REPO, runChild, waitForOutput } from './support/childCli';
import type { ChildRun } from './support/childCli';
import { copyExampleSweep, eventually, EXAMPLE_SWEEP, processesMentioning } from './support/exampleSweep';
import type { ExampleSweep } from './support/exampleSweep';
import { runInProcess } from './support/inProcessCli';

const ENV = { NO_COLOR: '1', AWS_CONFIG_FILE: '/nonexistent/aws-config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials', AWS_EC2_METADATA_DISABLED: 'true' };

/** No stack frame of a JS error in `text`. */
function expectNoStack(text: string): void {
  expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

describe('sagemaker-bench plan', () => {
  it('prints every job of the example sweep with its worst case and the total, and exits 0', async () => {
    const run = await runInProcess(['plan', EXAMPLE_SWEEP], { env: ENV, cwd: REPO });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^job\s+instance\s+batch\s+epochs\s+worst case$/);
    for (const batch of [16, 64, 256]) expect(run.stdout).toMatch(new RegExp(`^digits-softmax-\\S+-b${batch}-e5-r1\\s+ml\\.m5\\.large\\s+${batch}\\s+5\\s+\\$\\d+\\.\\d\\d$`, 'm'));
    expect(lines.at(-1)).toMatch(/^3 jobs, worst case \$\d+\.\d\d \(us-east-1 on-demand prices, every job running to its MaxRuntime\)$/);
  });

  it('lists every issue of a bad sweep file with its path, prints no table and exits 1', async () => {
    const sweep = await copyExampleSweep();
    try {
      const bad = JSON.parse(readFileSync(sweep.file, 'utf8')) as Record<string, unknown> & { matrix: Record<string, unknown> };
      bad.matrix.batchSize = ['64', 0];
      bad.region = 'us east 1';
      const file = join(sweep.dir, 'bad.sweep.json');
      writeFileSync(file, JSON.stringify(bad));
      const run = await runInProcess(['plan', 'bad.sweep.json'], { cwd: sweep.dir, env: ENV });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`error: Sweep file ${file}: 3 issues`);
      expect(run.stderr).toMatch(/^✖ .+ → at matrix\.batchSize\[0\] \(got "64"\)$/m);
      expect(run.stderr).toMatch(/^✖ .+ → at matrix\.batchSize\[1\] \(got 0\)$/m);
      expect(run.stderr).toMatch(/^✖ .+ → at region \(got "us east 1"\)$/m);
      expectNoStack(run.stderr);
    } finally {
      sweep.remove();
    }
  });
});

describe('sagemaker-bench sweep --local, report and --resume', () => {
  let sweep: ExampleSweep;
  let first: ChildRun;
  const reportDir = (): string => join(sweep.dir, 'out');

  beforeAll(async () => {
    sweep = await copyExampleSweep();
    first = await runChild(['sweep', 'digits.sweep.json', '--local', '--report', 'out'], { env: ENV, cwd: sweep.dir });
  }, 60_000);
  afterAll(() => sweep.remove());

  it('runs every job on this machine, prints the Markdown report and writes the report files and three charts', () => {
    expect(first.stderr).toMatch(/^3 jobs in local mode: \$0 here/m);
    for (const name of sweep.jobNames) expect(first.stderr).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${name}\\s+Completed  5 epochs`, 'm'));
    expect(first.stderr).toContain(`Done: 3 Completed. Report: ${join(reportDir(), 'report.html')}`);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^# Sweep digits/);
    expect(first.stdout).toContain('None: every job completed.');
    expect(readdirSync(reportDir()).sort()).toEqual(['cost-vs-time.svg', 'epoch-time.svg', 'loss.svg', 'report.csv', 'report.html', 'report.json', 'report.md', 'sweep.jsonl']);
    expect(readFileSync(join(reportDir(), 'report.md'), 'utf8')).toBe(first.stdout);
    for (const chart of ['cost-vs-time.svg', 'epoch-time.svg', 'loss.svg']) expect(readFileSync(join(reportDir(), chart), 'utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const json = JSON.parse(readFileSync(join(reportDir(), 'report.json'), 'utf8')) as unknown;
    expect(JSON.stringify(json)).toContain(sweep.jobNames[0]);
  });

  it('report --format csv prints the CSV of the journal, the same as report.csv', async () => {
    const run = await runInProcess(['report', join('out', 'sweep.jsonl'), '--format', 'csv'], { cwd: sweep.dir, env: ENV });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(reportDir(), 'report.csv'), 'utf8'));
    const rows = run.stdout.trimEnd().split('\n');
    expect(rows).toHaveLength(1 + sweep.jobNames.length);
    expect(rows[0]).toMatch(/^sweep,model,region,job_name,/);
    for (const name of sweep.jobNames) expect(rows.some((row) => row.startsWith(`digits,softmax,local,${name},`) && row.includes(',Completed,'))).toBe(true);
  });

  it('refuses to run the sweep again over its journal without --resume (exit 2, naming --resume), and --resume runs nothing again', async () => {
    const journal = join(reportDir(), 'sweep.jsonl');
    const before = readFileSync(journal, 'utf8');
    const again = await runInProcess(['sweep', 'digits.sweep.json', '--local', '--report', 'out'], { env: ENV, cwd: sweep.dir });
    expect(again.code).toBe(2);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain(`error: ${journal} already holds a run of a sweep: --resume goes on with it`);
    expect(again.stderr).toContain("Run 'sagemaker-bench sweep --help' for usage.");
    expectNoStack(again.stderr);
    expect(readFileSync(journal, 'utf8')).toBe(before);

    const resumed = await runInProcess(['sweep', 'digits.sweep.json', '--local', '--report', 'out', '--resume'], { env: ENV, cwd: sweep.dir });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain('Done: 3 Completed.');
    expect(resumed.stderr).not.toMatch(/\blaunched$/m);
    expect(resumed.stdout).toMatch(/^# Sweep digits/);
    const records = readFileSync(journal, 'utf8').slice(before.length).trim().split('\n').map((line) => (JSON.parse(line) as { type: string }).type);
    expect(records).not.toContain('launching');
    expect(records).not.toContain('launched');
    const result = await readSweepJournal(journal);
    expect(result.jobs.map((job) => job.status)).toEqual(['Completed', 'Completed', 'Completed']);
  });
});

describe.concurrent('Ctrl-C during sagemaker-bench sweep --local', () => {
  /**
   * Runs a sweep of long jobs and sends one or two SIGINTs once train.py runs; resolves with the
   * run and the sweep copy. With two, the job takes 2 s to stop (a wrapper that, on SIGTERM, waits
   * as a container saving a checkpoint does), so the second one lands while it stops.
   */
  async function interrupted(signals: 1 | 2): Promise<{ run: ChildRun; sweep: ExampleSweep }> {
    const sweep = await copyExampleSweep({
      batchSizes: [16, 64],
      epochs: [20],
      hyperParameters: { 'sleep-per-epoch': '2' },
      ...(signals > 1 ? { stopDelaySeconds: 2 } : {}),
    });
    let sent = Promise.resolve();
    const run = await runChild(['sweep', 'digits.sweep.json', '--local', '--report', 'out'], {
      env: ENV,
      cwd: sweep.dir,
      timeoutMs: 30_000,
      onSpawn: (child: ChildProcess, output) => {
        sent = (async () => {
          await waitForOutput(output.stderr, /\blaunched$/m, 20_000);
          await eventually(() => processesMentioning(join(sweep.dir, 'train.py')).length > 0, 'train.py to run', 10_000);
          child.kill('SIGINT');
          // Signals do not queue: the second one goes once the first was seen, right after.
          if (signals > 1) {
            await waitForOutput(output.stderr, /^Ctrl-C: stopping/m, 10_000);
            child.kill('SIGINT');
          }
        })();
      },
    });
    await sent;
    return { run, sweep };
  }

  /** The journal records the run aborted, its one launched job Stopped, and no train.py of the sweep is left. */
  async function expectJobStopped(sweep: ExampleSweep): Promise<void> {
    const result = await readSweepJournal(join(sweep.dir, 'out', 'sweep.jsonl'));
    expect(result.aborted).toBe(true);
    const launched = result.jobs.filter((job) => job.status !== 'NotLaunched');
    expect(launched).toHaveLength(1);
    expect(launched[0]!.status).toBe('Stopped');
    await eventually(() => processesMentioning(sweep.dir).length === 0, 'no process of the sweep left', 5_000);
  }

  it('stops the running job, says so, records it Stopped in the journal, leaves no train.py and exits 130', async () => {
    const { run, sweep } = await interrupted(1);
    try {
      expect(run.signal).toBeNull();
      expect(run.code).toBe(130);
      expect(run.stderr).toContain('Ctrl-C: stopping every job this sweep launched');
      expect(run.stderr).toMatch(/^Interrupted: /m);
      expect(run.stderr).toContain(`The journal ${join(sweep.dir, 'out', 'sweep.jsonl')} keeps the run`);
      expect(run.stderr).not.toContain('Still stopping jobs');
      expectNoStack(run.stderr);
      await expectJobStopped(sweep);
    } finally {
      sweep.remove();
    }
  }, 40_000);

  // The sweep settles as soon as the stop is accepted; a local job may still be stopping then, and
  // the process waits for it. A second Ctrl-C lands in one phase or the other, depending on the
  // machine's speed: during the sweep's stops (the command says it is still stopping and exits 130)
  // or after them (local mode's own handler ends the job and the process ends by SIGINT, which a
  // shell reports as 130 too). Either way no job is left running.
  it('a second Ctrl-C right after the first still leaves no job running, and ends as interrupted (130 to a shell)', async () => {
    const { run, sweep } = await interrupted(2);
    try {
      expect(run.code === 130 || run.signal === 'SIGINT').toBe(true);
      expect(run.stderr).toContain('Ctrl-C: stopping every job this sweep launched');
      expectNoStack(run.stderr);
      await expectJobStopped(sweep);
    } finally {
      sweep.remove();
    }
  }, 40_000);

  it('a second Ctrl-C while the sweep stops its jobs says the stop goes on, and the job still ends Stopped with exit code 130', async () => {
    const sweep = await copyExampleSweep({ batchSizes: [16, 64], epochs: [20], hyperParameters: { 'sleep-per-epoch': '2' }, stopDelaySeconds: 2 });
    try {
      let first = false;
      let second = false;
      const run = await runInProcess(['sweep', 'digits.sweep.json', '--local', '--report', 'out'], {
        env: ENV,
        cwd: sweep.dir,
        onStderr: (chunk, interrupt) => {
          if (!first && /\blaunched$/m.test(chunk)) {
            first = true;
            setTimeout(() => interrupt(), 300);
          } else if (first && !second && chunk.startsWith('Ctrl-C: stopping')) {
            // The first Ctrl-C's note: the sweep's stops have begun and take more than this turn.
            second = true;
            setImmediate(() => interrupt());
          }
        },
      });
      expect(run.code).toBe(130);
      expect(run.stderr).toContain('Ctrl-C: stopping every job this sweep launched');
      expect(run.stderr).toContain('Still stopping jobs: Ctrl-C does not skip that, so none is left running.');
      expect(run.stderr.indexOf('Still stopping jobs')).toBeLessThan(run.stderr.indexOf('Interrupted: '));
      await expectJobStopped(sweep);
    } finally {
      sweep.remove();
    }
  }, 40_000);
});
