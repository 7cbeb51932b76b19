/**
 * How a `Clients` object prints in a REPL or a notebook: one line saying what it was made with
 * (`Clients(region us-east-1, endpoint http://127.0.0.1:5000) { sagemaker, s3, logs }`) instead
 * of hundreds of lines of SDK configuration. The line is made from the options the user passed,
 * so printing never resolves a region or credentials. Internal.
 *
 * @module
 */
import { printable } from '../../internal/printable';
import type { Clients } from '../Clients';

/** An endpoint URL without the user name and password it may carry. */
export function safeEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    if (url.username === '' && url.password === '') return endpoint;
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return endpoint.replace(/\/\/[^/@]*@/, '//');
  }
}

/** What `createClients` was given, for its line. */
export interface ClientsDescription {
  region?: string | undefined;
  profile?: string | undefined;
  endpoint?: string | undefined;
  credentials?: unknown;
}

/**
 * `Clients(region us-east-1, profile research, endpoint http://127.0.0.1:5000, credentials given)`;
 * `Clients(region from the environment)` without a region.
 *
 * @example
 * ```ts
 * clientsLine({ region: 'us-east-1' }); // 'Clients(region us-east-1) { sagemaker, s3, logs }'
 * ```
 */
export function clientsLine(options: ClientsDescription): string {
  const parts = [options.region === undefined ? 'region from the environment' : `region ${options.region}`];
  if (options.profile !== undefined) parts.push(`profile ${options.profile}`);
  if (options.endpoint !== undefined) parts.push(`endpoint ${safeEndpoint(options.endpoint)}`);
  if (options.credentials !== undefined) parts.push(typeof options.credentials === 'function' ? 'credentials from the function given' : 'credentials given');
  return `Clients(${parts.join(', ')}) { sagemaker, s3, logs }`;
}

/**
 * `clients` with a non-enumerable `toString()` and `util.inspect` hook printing `line`: still a
 * plain `Clients` (destructurable; JSON and spreading see only `sagemaker`, `s3`, `logs`).
 *
 * @example
 * ```ts
 * return printableClients({ sagemaker, s3, logs }, clientsLine(options));
 * ```
 */
export function printableClients<T extends Clients>(clients: T, line: string): T {
  return printable(clients, () => line);
}
