/**
 * What a run of the command reads and writes: the process's streams, environment and signals
 * in the bin, fakes in tests (so every command runs in-process, without spawning). Internal.
 */
import type { TerminalStream } from './TerminalStream';

/** Where the command writes: process.stdout / process.stderr, or a test's recorder. */
export interface CliOutput extends TerminalStream {
  /** Set once the reader went away (EPIPE: `| head` has what it wanted): stop writing, end quietly. */
  readonly closed?: boolean;
  /** For backpressure: `once('drain', ...)` after a write returned false. */
  once?(event: 'drain', listener: () => void): unknown;
}

/** The world one run of the command sees. */
export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  /** For yes/no questions; only asked when it is a TTY. */
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Calls `listener` on every Ctrl-C (SIGINT, and SIGTERM) until the returned function is called. */
  onInterrupt(listener: (signal: 'SIGINT' | 'SIGTERM') => void): () => void;
  /** Aborted when stdout's reader has gone (EPIPE): long commands (`logs --follow`) end quietly. */
  outputClosed: AbortSignal;
}
