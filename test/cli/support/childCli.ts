/**
 * Runs the real `sagemaker-bench` bin (src/cli/bin.ts through tsx) as a child process: what a
 * user's shell does. For the tests that need a real process: exit codes, signals, pipes.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../../src/cli/bin.ts', import.meta.url));
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** tsx's loader by absolute URL: `--import tsx` would be resolved from the child's cwd (a temp dir has no node_modules). */
export const TSX_LOADER = new URL('../../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface ChildOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Kill it (SIGKILL) after this long; default 60 s. */
  timeoutMs?: number;
  /** Sees the process as soon as it starts (to send it signals). */
  onSpawn?: (child: ChildProcess, output: { stdout: () => string; stderr: () => string }) => void;
}

/** The env a child gets: PATH and HOME of this process plus `env` (undefined values removed). */
function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_NO_WARNINGS: '1' };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}

/**
 * Runs `sagemaker-bench <argv>`; resolves when it exits.
 *
 * @example
 * const run = await runChild(['status', 'job-1', '--endpoint-url', server.endpoint], { env: serverEnv() });
 * expect(run.code).toBe(0);
 */
export function runChild(argv: readonly string[], options: ChildOptions = {}): Promise<ChildRun> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', TSX_LOADER, BIN, ...argv], {
    cwd: options.cwd ?? REPO,
    env: childEnv(options.env ?? {}),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin!.end();
  options.onSpawn?.(child, { stdout: () => stdout, stderr: () => stderr });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Resolves once `read()` matches `pattern` (polling), or rejects after `timeoutMs`. */
export async function waitForOutput(read: () => string, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(read())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} in:\n${read().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
