/**
 * The sweep command's live progress under a real pseudo-terminal: tmux runs the display over a
 * scripted sweep (test/cli/support/progressScript.ts) in a 100 x 30 pane, and what the pane shows
 * is captured while it runs and after it finished.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { samplePlan } from './support/sweepFixtures';

const ROOT = join(import.meta.dirname, '../..');
const hasTmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;

/** A tmux server of our own (its own socket): nothing of anyone else's is touched, and killing it ends only what it runs. */
class Tmux {
  readonly socket = `sb-progress-${process.pid}-${Date.now().toString(36)}`;
  readonly session = 'progress';

  run(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8', timeout: 10_000 });
  }

  /** The pane as it shows now (`history`: with every line scrolled off above it). */
  capture(history = false): string[] {
    const text = this.run('capture-pane', '-p', '-t', this.session, ...(history ? ['-S', '-'] : []));
    const lines = text.split('\n').map((line) => line.trimEnd());
    while (lines.length > 0 && lines.at(-1) === '') lines.pop();
    return lines;
  }

  cursorVisible(): boolean {
    return this.run('display-message', '-p', '-t', this.session, '#{cursor_flag}').trim() === '1';
  }

  /** Captures until `done` says the pane is there, or fails after `ms`. */
  async waitFor(done: (lines: string[]) => boolean, what: string, ms = 20_000): Promise<string[]> {
    const until = Date.now() + ms;
    let lines: string[] = [];
    while (Date.now() < until) {
      lines = this.capture();
      if (done(lines)) return lines;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the pane never showed ${what}; it showed:\n${lines.join('\n')}`);
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { timeout: 10_000 });
  }
}

const count = (lines: string[], text: string): number => lines.filter((line) => line.includes(text)).length;
const lineOf = (lines: string[], text: string): string => lines.find((line) => line.includes(text)) ?? '';

describe.skipIf(!hasTmux)('the sweep progress display in a real terminal (tmux; skipped when `tmux -V` fails)', () => {
  const names = samplePlan({ batchSizes: [16, 64, 256, 1024] }).jobs.map((job) => job.jobName);
  const [a, b, c, d] = names as [string, string, string, string];

  it('redraws one block in place while the jobs run, and leaves the final statuses and the cursor', async () => {
    const tmux = new Tmux();
    try {
      tmux.run('new-session', '-d', '-s', tmux.session, '-x', '100', '-y', '30', '-c', ROOT, 'node --import tsx test/cli/support/progressScript.ts 120');

      // Half-way: two jobs training, one starting, one waiting for quota; the script waits for a key.
      const middle = await tmux.waitFor((lines) => lineOf(lines, b).includes('InProgress Training') && lineOf(lines, c).includes('InProgress Starting'), 'two jobs training');
      await new Promise((resolve) => setTimeout(resolve, 700)); // ticks of the elapsed times, redrawn in place
      const ticking = tmux.capture(true);
      for (const name of names) expect(count(ticking, name)).toBe(1);
      expect(ticking).toHaveLength(names.length + 1);
      expect(lineOf(ticking, a)).toMatch(/InProgress Training\s+00:0\d$/);
      // Cut at the pane's width, not wrapped onto a second row.
      expect(lineOf(ticking, d)).toMatch(/waiting for quota\s+ml\.m5\.large: 3 of 3 instances[^…]*…$/);
      expect(lineOf(ticking, d)).toHaveLength(99);
      expect(ticking.at(-1)).toMatch(/^\[-{20}\] 0\/4 done · 3 running · 1 waiting for quota · 00:0\d$/);
      expect(middle.indexOf(lineOf(middle, a))).toBe(0);
      expect(tmux.cursorVisible()).toBe(false);

      tmux.run('send-keys', '-t', tmux.session, 'x');
      await tmux.waitFor((lines) => lines.some((line) => line.includes('progress-script: done')), 'the end of the script');
      const final = tmux.capture(true);
      expect(final[0]).toBe('Ctrl-C: stopping 2 jobs…');
      for (const name of names) expect(count(final, name)).toBe(1);
      expect(final).toHaveLength(1 + names.length + 1 + 1);
      expect(lineOf(final, a)).toMatch(/Completed\s+00:0\d\s+5 epochs {2}val_accuracy 0\.91 {2}\$0\.00$/);
      expect(lineOf(final, b)).toMatch(/Failed\s+00:0\d\s+AlgorithmError: out of memory {2}2 epochs/);
      expect(lineOf(final, c)).toMatch(/Stopped\s+00:0\d\s+stopped by the sweep \(aborted\)/);
      expect(lineOf(final, d)).toMatch(/Stopped\s+00:0\d\s+stopped by the sweep \(aborted\)/);
      expect(final.at(-2)).toMatch(/^\[#{20}\] 4\/4 done · 1 failed · 2 stopped · 00:0\d$/);
      for (const line of final) expect(line.length).toBeLessThan(100);
      expect(tmux.cursorVisible()).toBe(true);
    } finally {
      tmux.kill();
    }
  }, 60_000);
});
