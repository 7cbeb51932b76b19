/**
 * A tmux server of a test's own (its own socket, `-L`), for commands run under a real
 * pseudo-terminal: nothing of anyone else's is touched, and killing it ends only what it runs.
 * (The pattern of test/cli/SweepProgress.tty.test.ts, as a helper.)
 */
import { execFileSync, spawnSync } from 'node:child_process';

/** Whether `tmux -V` works here. */
export const hasTmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;

export class Tmux {
  readonly socket: string;
  readonly session = 'cli';

  constructor(name: string) {
    this.socket = `sb-cli-${name}-${process.pid}-${Date.now().toString(36)}`;
  }

  run(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8', timeout: 10_000 });
  }

  /** Starts the session running `command` (through the shell) in a `width` x `height` pane. */
  start(command: string, width = 120, height = 30): void {
    this.run('new-session', '-d', '-s', this.session, '-x', String(width), '-y', String(height), command);
  }

  /** The pane as it shows now (`history`: with every line scrolled off above it), trailing blanks removed. */
  capture(history = false): string[] {
    const text = this.run('capture-pane', '-p', '-t', this.session, ...(history ? ['-S', '-'] : []));
    const lines = text.split('\n').map((line) => line.trimEnd());
    while (lines.length > 0 && lines.at(-1) === '') lines.pop();
    return lines;
  }

  /** Types keys into the pane (`C-c` is Ctrl-C). */
  sendKeys(...keys: string[]): void {
    this.run('send-keys', '-t', this.session, ...keys);
  }

  /** Captures until `done` says the pane is there, or fails after `ms`. */
  async waitFor(done: (lines: string[]) => boolean, what: string, ms = 30_000): Promise<string[]> {
    const until = Date.now() + ms;
    let lines: string[] = [];
    while (Date.now() < until) {
      lines = this.capture(true);
      if (done(lines)) return lines;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the pane never showed ${what}; it showed:\n${lines.join('\n')}`);
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { timeout: 10_000 });
  }
}
