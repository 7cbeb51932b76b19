import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { freePort } from './freePort';

/** A running moto server (`python3 -m moto.server`) on 127.0.0.1. */
export interface MotoServer {
  /** `http://127.0.0.1:PORT`: give it to the SDK clients as `endpoint` (S3 needs `forcePathStyle: true`). */
  endpoint: string;
  port: number;
  /** The server process's id (for checks that nothing is left running). */
  pid: number;
  /** Forgets every bucket, log group and training job (POST /moto-api/reset). */
  reset(): Promise<void>;
  /** SIGTERM, then SIGKILL after a grace period; resolves once the process has exited. */
  stop(): Promise<void>;
}

const PYTHON = process.env.SAGEMAKER_BENCH_PYTHON ?? 'python3';
const START_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 3_000;
const PORT_ATTEMPTS = 5;
const STDERR_KEEP = 16 * 1024;

let availability: { ok: true } | { ok: false; reason: string } | undefined;

/**
 * Whether `python3 -c 'import moto.server'` works here. Checked once per process and cached.
 *
 * @example
 * describe.skipIf(!motoAvailable().ok)('against moto', () => { ... });
 */
export function motoAvailable(): { ok: true } | { ok: false; reason: string } {
  if (availability !== undefined) return availability;
  const result = spawnSync(PYTHON, ['-c', 'import moto.server'], { encoding: 'utf8', timeout: 30_000 });
  if (result.error !== undefined) {
    availability = { ok: false, reason: `${PYTHON} could not be run (${result.error.message}); install Python 3 and \`pip install "moto[server]"\`` };
  } else if (result.status !== 0) {
    const detail = (result.stderr ?? '').trim().split('\n').slice(-1)[0] ?? '';
    availability = { ok: false, reason: `\`${PYTHON} -c 'import moto.server'\` failed (${detail || `exit ${result.status}`}); run \`pip install "moto[server]"\`` };
  } else {
    availability = { ok: true };
  }
  return availability;
}

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

function httpCall(port: number, method: string, path: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

class PortInUse extends Error {}

async function startOnce(port: number): Promise<MotoServer> {
  const child = spawn(PYTHON, ['-c', WRAPPER, '-H', '127.0.0.1', '-p', String(port)], {
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

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (spawnError !== undefined) {
      running.delete(child);
      throw new Error(`could not start ${PYTHON}: ${spawnError.message}`);
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      if (/address already in use|errno 98/i.test(stderr)) throw new PortInUse(stderr);
      throw new Error(`moto exited (code ${child.exitCode}, signal ${child.signalCode}) before answering on port ${port}:\n${stderr}`);
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
      throw new Error(`moto did not answer on 127.0.0.1:${port} within ${START_TIMEOUT_MS} ms:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? -1,
    async reset() {
      const status = await httpCall(port, 'POST', '/moto-api/reset', 10_000);
      if (status !== 200) throw new Error(`POST /moto-api/reset answered HTTP ${status}`);
    },
    stop() {
      stopped ??= kill();
      return stopped;
    },
  };
}

/**
 * Starts `python3 -m moto.server -H 127.0.0.1 -p PORT` on a free port and resolves once it
 * answers (20 s at most; the server's stderr is in the error if it dies). Stop it in afterAll.
 *
 * @example
 * let moto: MotoServer;
 * beforeAll(async () => { moto = await startMoto(); });
 * afterAll(() => moto.stop());
 * const s3 = new S3Client({ endpoint: moto.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: fakeCredentials });
 */
export async function startMoto(): Promise<MotoServer> {
  const available = motoAvailable();
  if (!available.ok) throw new Error(available.reason);
  let lastError: unknown;
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    try {
      return await startOnce(await freePort());
    } catch (error) {
      if (!(error instanceof PortInUse)) throw error;
      lastError = error;
    }
  }
  throw new Error(`moto could not bind a free port after ${PORT_ATTEMPTS} attempts: ${String((lastError as Error).message)}`);
}
