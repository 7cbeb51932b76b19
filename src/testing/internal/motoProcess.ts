/**
 * One moto process on one port: spawned, watched until it answers, stopped. Internal to
 * sagemaker-bench/testing (startMoto retries on another port when this one was taken).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { MotoServerError } from '../../index';
import { httpCall } from './httpCall';

const STOP_GRACE_MS = 3_000;
const STDERR_KEEP = 16 * 1024;

/*
 * moto is started through a tiny wrapper around moto.server.main (the same entry point as
 * `python3 -m moto.server -H 127.0.0.1 -p PORT`) that adds two things:
 * - it exits as soon as its stdin reaches end of file, i.e. when this Node process dies for
 *   any reason (even SIGKILL, when no 'exit' hook can run), so no moto is ever left behind;
 * - werkzeug's per-request access log is silenced (errors and tracebacks still reach stderr,
 *   which is kept, bounded, and shown only if the server fails to start).
 */
const WRAPPER = `
import os, sys, threading, logging
def _watch_parent():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except Exception:
        pass
    os._exit(0)
threading.Thread(target=_watch_parent, daemon=True).start()
logging.getLogger('werkzeug').setLevel(logging.ERROR)
from moto.server import main
main(sys.argv[1:])
`;

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** On this process's normal exit, every moto still running is killed (SIGKILL of this process is the stdin watchdog's job). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** The port was taken between freePort() and moto's bind: try another. */
export class PortInUse extends Error {}

/** A started moto process, answering on `port`. */
export interface MotoProcess {
  port: number;
  pid: number;
  /** POST /moto-api/reset. */
  reset(): Promise<void>;
  /** Idempotent: the same promise every time. */
  stop(): Promise<void>;
}

/** Spawns moto on `port` and resolves once it answers GET /moto-api/data.json (within `startTimeoutMs`). */
export async function startMotoProcess(python: string, port: number, startTimeoutMs: number): Promise<MotoProcess> {
  const child = spawn(python, ['-c', WRAPPER, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
  });
  running.add(child);
  installExitHook();

  // Always consume the output (a full pipe would block moto), keep only the tail of stderr.
  let stderr = '';
  child.stdout?.on('data', () => undefined);
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEEP);
  });
  child.stdin?.on('error', () => undefined);
  let spawnError: Error | undefined;
  child.on('error', (error) => {
    spawnError = error;
  });
  child.once('exit', () => running.delete(child));
  // Never keep the test process alive just because a server was not stopped: the exit hook
  // and the stdin watchdog end it.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }

  const kill = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // Ending stdin makes the wrapper exit at once; SIGTERM is the standard request too.
    child.stdin?.end();
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await waitForExit(child);
    clearTimeout(timer);
  };

  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (spawnError !== undefined) {
      running.delete(child);
      throw new MotoServerError(`moto could not be started with ${python}: ${spawnError.message}`, { reason: 'exited', port, stderr }, { cause: spawnError });
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      if (/address already in use|errno 98/i.test(stderr)) throw new PortInUse(stderr);
      throw new MotoServerError(
        `moto exited (code ${child.exitCode}, signal ${child.signalCode}) before answering on 127.0.0.1:${port}${stderr === '' ? '' : `:\n${stderr}`}`,
        { reason: 'exited', port, stderr, exitCode: child.exitCode },
      );
    }
    try {
      const status = await httpCall(port, 'GET', '/moto-api/data.json', 2_000);
      // Someone else answering on the port while our process died would be caught above.
      if (status === 200 && child.exitCode === null) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await kill();
      throw new MotoServerError(`moto did not answer on 127.0.0.1:${port} within ${startTimeoutMs} ms${stderr === '' ? '' : `:\n${stderr}`}`, {
        reason: 'no-answer',
        port,
        stderr,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  let stopped: Promise<void> | undefined;
  return {
    port,
    pid: child.pid ?? -1,
    async reset() {
      const status = await httpCall(port, 'POST', '/moto-api/reset', 10_000);
      if (status !== 200) throw new MotoServerError(`POST /moto-api/reset answered HTTP ${status}`, { reason: 'reset-failed', port, stderr });
    },
    stop() {
      stopped ??= kill();
      return stopped;
    },
  };
}
