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
  onStart?: (interrupt: (signal?: 'SIGINT' | 'SIGTERM') => void, io: CliIo) => void;
}

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

function recorder(tty: boolean): { stream: CliIo['stdout']; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: { write: (chunk: string) => (chunks.push(chunk), true), isTTY: tty, columns: 100, rows: 30 },
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
  const out = recorder(options.tty === true);
  const err = recorder(options.tty === true);
  const stdin = new PassThrough() as unknown as CliIo['stdin'];
  (stdin as { isTTY?: boolean }).isTTY = options.tty === true;
  if (options.input !== undefined) (stdin as unknown as PassThrough).write(options.input);
  const listeners = new Set<(signal: 'SIGINT' | 'SIGTERM') => void>();
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
  options.onStart?.((signal = 'SIGINT') => {
    for (const listener of [...listeners]) listener(signal);
  }, io);
  const code = await runCli(argv, io);
  (stdin as unknown as PassThrough).end();
  return { code, stdout: out.text(), stderr: err.text() };
}
