/**
 * Runs `sagemaker-bench` in this process, as the bin would, with recorded streams: the fast way
 * to test a command's output and exit code without spawning.
 */
import { PassThrough } from 'node:stream';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/internal/CliIo';

export interface RecordedRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface InProcessOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Pretend stdout / stderr / stdin are terminals. */
  tty?: boolean;
  /** Lines typed at the terminal (answers to questions). */
  input?: string;
  /** Called with a function that plays Ctrl-C, once the run has started. */
  onStart?: (interrupt: Interrupt) => void;
  /** Called with each chunk the command writes to stderr, before it is recorded: to play Ctrl-C at a given moment of the run. */
  onStderr?: (chunk: string, interrupt: Interrupt) => void;
}

/** Plays Ctrl-C (or SIGTERM) at the command: its interrupt listeners are called at once. */
export type Interrupt = (signal?: 'SIGINT' | 'SIGTERM') => void;

/** Env for the local servers: fake credentials, a region, nothing read from this machine's ~/.aws. */
export function serverEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_COLOR: '1',
    ...extra,
  };
}

function recorder(tty: boolean, onWrite?: (chunk: string) => void): { stream: CliIo['stdout']; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: { write: (chunk: string) => (onWrite?.(chunk), chunks.push(chunk), true), isTTY: tty, columns: 100, rows: 30 },
    text: () => chunks.join(''),
  };
}

/**
 * Runs one command line; resolves with its exit code and what it wrote.
 *
 * @example
 * const { code, stdout } = await runInProcess(['plan', 'sweep.json'], { cwd: dir });
 */
export async function runInProcess(argv: readonly string[], options: InProcessOptions = {}): Promise<RecordedRun> {
  const listeners = new Set<(signal: 'SIGINT' | 'SIGTERM') => void>();
  const interrupt: Interrupt = (signal = 'SIGINT') => {
    for (const listener of [...listeners]) listener(signal);
  };
  const { onStderr } = options;
  const out = recorder(options.tty === true);
  const err = recorder(options.tty === true, onStderr === undefined ? undefined : (chunk) => onStderr(chunk, interrupt));
  const stdin = new PassThrough() as unknown as CliIo['stdin'];
  (stdin as { isTTY?: boolean }).isTTY = options.tty === true;
  if (options.input !== undefined) (stdin as unknown as PassThrough).write(options.input);
  const io: CliIo = {
    stdout: out.stream,
    stderr: err.stream,
    stdin,
    env: options.env ?? serverEnv(),
    cwd: options.cwd ?? process.cwd(),
    onInterrupt: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    outputClosed: new AbortController().signal,
  };
  options.onStart?.(interrupt);
  const code = await runCli(argv, io);
  (stdin as unknown as PassThrough).end();
  return { code, stdout: out.text(), stderr: err.text() };
}
