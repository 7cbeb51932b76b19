/**
 * `sagemaker-bench sweep --local` under a real pseudo-terminal (tmux), as a user sees it: the
 * live display redraws one block in place while the jobs run, leaves the final statuses, and
 * Ctrl-C typed at the terminal stops the sweep with exit code 130.
 */
import { describe, expect, it } from 'vitest';
import { BIN, TSX_LOADER } from './support/childCli';
import { copyExampleSweep, processesMentioning } from './support/exampleSweep';
import type { ExampleSweep } from './support/exampleSweep';
import { hasTmux, Tmux } from './support/tmux';

const count = (lines: string[], text: string): number => lines.filter((line) => line.includes(text)).length;
const lineOf = (lines: string[], text: string): string => lines.find((line) => line.includes(text)) ?? '';
/** The lines of the live display: what the pane shows above the Markdown report printed on stdout at the end. */
const displayOf = (lines: string[]): string[] => {
  const report = lines.findIndex((line) => line.startsWith('# Sweep '));
  return report === -1 ? lines : lines.slice(0, report);
};

/** The pane's command: the sweep, then its exit code, then a pause that keeps the pane to be captured. */
function sweepCommand(sweep: ExampleSweep): string {
  return `cd '${sweep.dir}' && '${process.execPath}' --import '${TSX_LOADER}' '${BIN}' sweep digits.sweep.json --local --report out; echo EXIT=$? ; sleep 30`;
}

/** Ends what a failed test may have left: the tmux server, and the test's own train.py processes (by pid). */
function cleanUp(tmux: Tmux, sweep: ExampleSweep): void {
  tmux.kill();
  for (const line of processesMentioning(sweep.dir)) {
    try {
      process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  sweep.remove();
}

describe.skipIf(!hasTmux).concurrent('sagemaker-bench sweep in a terminal (tmux; skipped when `tmux -V` fails)', () => {
  it('redraws each job on one line in place while it runs, then shows the final statuses and exit code 0', async () => {
    // A pause per epoch, so a job stays InProgress long enough to be seen however fast the machine trains.
    const sweep = await copyExampleSweep({ batchSizes: [16, 64], hyperParameters: { 'sleep-per-epoch': '0.4' } });
    const tmux = new Tmux('sweep');
    try {
      tmux.start(sweepCommand(sweep));
      const running = await tmux.waitFor((lines) => lines.some((line) => /InProgress/.test(line)), 'a job running');
      for (const name of sweep.jobNames) expect(count(running, name)).toBe(1);
      expect(running.at(-1)).toMatch(/^\[[-#]{20}\] \d\/2 done · 1 running · \d\d:\d\d$/);

      const final = await tmux.waitFor((lines) => lines.some((line) => line.startsWith('EXIT=')), 'the exit code', 40_000);
      expect(final).toContain('EXIT=0');
      const display = displayOf(final);
      expect(display).toHaveLength(1 + sweep.jobNames.length + 1);
      for (const name of sweep.jobNames) {
        expect(count(display, name)).toBe(1);
        expect(lineOf(display, name)).toMatch(/Completed\s+\d\d:\d\d\s+5 epochs {2}val_accuracy 0\.\d+ {2}\$0\.00$/);
      }
      expect(display.at(-1)).toMatch(/^\[#{20}\] 2\/2 done · \d\d:\d\d$/);
      expect(final.some((line) => line.startsWith('Done: 2 Completed. Report: '))).toBe(true);
      expect(final.some((line) => line.startsWith('# Sweep digits'))).toBe(true);
    } finally {
      cleanUp(tmux, sweep);
    }
  }, 60_000);

  it('Ctrl-C typed at the terminal stops the sweep: the stopping note, the job Stopped, exit code 130', async () => {
    const sweep = await copyExampleSweep({ batchSizes: [16, 64], epochs: [20], hyperParameters: { 'sleep-per-epoch': '2' } });
    const tmux = new Tmux('ctrlc');
    try {
      tmux.start(sweepCommand(sweep));
      await tmux.waitFor((lines) => lines.some((line) => /InProgress Training/.test(line)), 'a job training');
      tmux.sendKeys('C-c');
      const final = await tmux.waitFor((lines) => lines.some((line) => line.startsWith('EXIT=')), 'the exit code', 30_000);
      expect(final).toContain('EXIT=130');
      expect(final.some((line) => line.includes('Ctrl-C: stopping every job this sweep launched'))).toBe(true);
      expect(final.some((line) => line.startsWith('Interrupted: '))).toBe(true);
      const display = displayOf(final);
      for (const name of sweep.jobNames) expect(count(display, name)).toBe(1);
      // One job was running (it is Stopped), the other one never launched (the order is the sweep's shuffle).
      const jobLines = sweep.jobNames.map((name) => lineOf(display, name));
      expect(jobLines.filter((line) => /Stopped\s+\d\d:\d\d\s+stopped by the sweep \(aborted\)/.test(line))).toHaveLength(1);
      expect(jobLines.filter((line) => /NotLaunched$/.test(line))).toHaveLength(1);
      expect(processesMentioning(sweep.dir).filter((line) => line.includes('train.py'))).toEqual([]);
    } finally {
      cleanUp(tmux, sweep);
    }
  }, 60_000);
});
