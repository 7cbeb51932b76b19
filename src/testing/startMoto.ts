/**
 * A local moto server for tests. See {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/testing.md | docs/testing.md}.
 *
 * @module
 */
import { MotoNotAvailableError, MotoServerError } from '../index';
import { positiveNumber } from '../internal/checkOptions';
import type { Clients } from '../jobs/Clients';
import { clientsFor } from './clientsFor';
import { freePort } from './internal/freePort';
import { type MotoProcess, PortInUse, startMotoProcess } from './internal/motoProcess';
import { pythonFor } from './internal/python';
import { type MotoAvailableOptions, motoAvailable } from './motoAvailable';
import type { MotoServer } from './MotoServer';

/**
 * Options of {@link startMoto}.
 *
 * @example
 * ```ts
 * import { startMoto } from 'sagemaker-bench/testing';
 *
 * const moto = await startMoto({ region: 'eu-west-1', startTimeoutMs: 60_000, python: '.venv/bin/python' });
 * ```
 */
export interface StartMotoOptions extends MotoAvailableOptions {
  /** The region of the server's ready-made `clients`. Default `us-east-1`. */
  region?: string;
  /** How long to wait for the server to answer, in milliseconds. Default 20,000 (it usually takes about 1 s). */
  startTimeoutMs?: number;
}

const PORT_ATTEMPTS = 5;

/**
 * Starts moto (`python3 -m moto.server -H 127.0.0.1 -p PORT`) on a free port of 127.0.0.1 and
 * resolves once it answers. Start one per test file (in `beforeAll`/`before`), `reset()` it
 * between tests if they must not see each other's resources, `stop()` it at the end.
 *
 * Nothing is left running: the server exits by itself when its stdin closes, i.e. when the
 * process that started it ends for any reason, SIGKILL included (and `process.on('exit')`
 * kills what is still running). The server does not keep your test process alive.
 *
 * @throws {MotoNotAvailableError} when Python or moto is missing (`reason` names
 *   `pip install "moto[server]"`); check {@link motoAvailable} first to skip instead.
 * @throws {MotoServerError} when moto exits or does not answer in time (`stderr` has its output).
 *
 * @example
 * ```ts
 * import { after, before, test } from 'node:test';
 * import { strict as assert } from 'node:assert';
 * import { ListBucketsCommand } from '@aws-sdk/client-s3';
 * import { type MotoServer, startMoto } from 'sagemaker-bench/testing';
 *
 * let moto: MotoServer;
 * before(async () => { moto = await startMoto(); });
 * after(() => moto?.stop());
 *
 * test('a fresh moto has no buckets', async () => {
 *   const { Buckets } = await moto.clients.s3.send(new ListBucketsCommand({}));
 *   assert.deepEqual(Buckets ?? [], []);
 * });
 * ```
 */
export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  const python = pythonFor(options.python);
  const region = options.region ?? 'us-east-1';
  const startTimeoutMs = positiveNumber('startMoto', 'startTimeoutMs', options.startTimeoutMs, 20_000);
  const available = motoAvailable({ python });
  if (!available.ok) throw new MotoNotAvailableError(python, available.reason);
  let lastError: unknown;
  let lastPort = 0;
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    lastPort = await freePort();
    try {
      return serverOf(await startMotoProcess(python, lastPort, startTimeoutMs), region);
    } catch (error) {
      if (!(error instanceof PortInUse)) throw error;
      lastError = error;
    }
  }
  throw new MotoServerError(`moto could not bind a free port after ${PORT_ATTEMPTS} attempts`, {
    reason: 'no-free-port',
    port: lastPort,
    stderr: (lastError as Error).message,
  });
}

function serverOf(moto: MotoProcess, region: string): MotoServer {
  const endpoint = `http://127.0.0.1:${moto.port}`;
  let clients: Clients | undefined;
  return {
    endpoint,
    port: moto.port,
    pid: moto.pid,
    region,
    get clients() {
      return (clients ??= clientsFor(endpoint, { region }));
    },
    reset: () => moto.reset(),
    stop() {
      if (clients !== undefined) for (const client of Object.values(clients)) client.destroy();
      clients = undefined;
      return moto.stop();
    },
  };
}
