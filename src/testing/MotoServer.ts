import type { Clients } from '../jobs/Clients';

/**
 * A running moto server (`python3 -m moto.server`) on 127.0.0.1, started by `startMoto()`:
 * S3, CloudWatch Logs and SageMaker (training jobs) over the real AWS wire protocols, in memory.
 *
 * @example
 * ```ts
 * import { ListBucketsCommand } from '@aws-sdk/client-s3';
 * import { startMoto } from 'sagemaker-bench/testing';
 *
 * const moto = await startMoto();
 * try {
 *   const { Buckets } = await moto.clients.s3.send(new ListBucketsCommand({}));
 *   console.log(moto.endpoint, Buckets?.length ?? 0); // http://127.0.0.1:41237 0
 *   await moto.reset();
 * } finally {
 *   await moto.stop();
 * }
 * ```
 */
export interface MotoServer {
  /** `http://127.0.0.1:PORT`: the `endpoint` for SDK clients (S3 also needs `forcePathStyle: true`; `clientsFor` sets it). */
  readonly endpoint: string;
  /** The TCP port on 127.0.0.1. */
  readonly port: number;
  /** The server process's id (to check that nothing is left running). */
  readonly pid: number;
  /** The region of {@link MotoServer.clients} (`startMoto`'s `region` option, default `us-east-1`). */
  readonly region: string;
  /**
   * The three SDK clients of sagemaker-bench (`sagemaker`, `s3`, `logs`) for this server, with
   * fake credentials: what `createClients({ endpoint, region, credentials: fakeCredentials })`
   * gives. Made on first use, destroyed by {@link MotoServer.stop}. Pass them to your code as
   * you would the clients of your AWS account.
   */
  readonly clients: Clients;
  /** Forgets every bucket, log group and training job (`POST /moto-api/reset`): cheaper than a new server between tests. */
  reset(): Promise<void>;
  /**
   * Stops the server (closes its stdin, SIGTERM, then SIGKILL after 3 s) and resolves once the
   * process has exited. Calling it again returns the same promise.
   */
  stop(): Promise<void>;
}
