/**
 * SDK clients for a local server. See {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/testing.md | docs/testing.md}.
 *
 * @module
 */
import type { Clients } from '../jobs/Clients';
import { createClients } from '../index';
import { fakeCredentials } from './fakeCredentials';

/**
 * Options of {@link clientsFor}.
 *
 * @example
 * ```ts
 * import { clientsFor } from 'sagemaker-bench/testing';
 *
 * const ireland = clientsFor('http://127.0.0.1:5000', { region: 'eu-west-1' });
 * ```
 */
export interface ClientsForOptions {
  /** The clients' region (moto keeps each region's resources apart). Default `us-east-1`. */
  region?: string;
}

/**
 * The three SDK clients of sagemaker-bench (`sagemaker`, `s3`, `logs`) for a local server:
 * `createClients({ endpoint, region, credentials: fakeCredentials })`, so S3 uses path-style
 * addressing and no real credentials are looked up. Give it a URL, a {@link MotoServer} or a
 * {@link FaultProxy} (anything with an `endpoint`). Destroy them with `client.destroy()` when
 * you made many (moto's own `clients` are destroyed by its `stop()`).
 *
 * @example
 * ```ts
 * import { startFaultProxy, startMoto, clientsFor, tenPercentFaults } from 'sagemaker-bench/testing';
 *
 * const moto = await startMoto();
 * const proxy = await startFaultProxy({ target: moto.endpoint, rules: tenPercentFaults() });
 * const flaky = clientsFor(proxy); // every request through the proxy
 * ```
 */
export function clientsFor(target: string | { readonly endpoint: string }, options: ClientsForOptions = {}): Clients {
  const endpoint = typeof target === 'string' ? target : target?.endpoint;
  if (typeof endpoint !== 'string') throw new TypeError('clientsFor: give an endpoint URL or a server with an `endpoint`');
  return createClients({ endpoint, region: options.region ?? 'us-east-1', credentials: fakeCredentials });
}
