import type { SageMakerClientConfig } from '@aws-sdk/client-sagemaker';
import { checkClientOptions } from '../internal/checkClientOptions';
import { setClientTimeouts, type RequestTimeouts } from '../internal/requestTimeouts';
import { logsSdk, s3Sdk, sageMakerSdk } from '../internal/sdk';
import type { Clients } from './Clients';
import { clientsLine, printableClients } from './internal/printableClients';

/**
 * Static credentials (`{ accessKeyId, secretAccessKey, sessionToken? }`) or a function that
 * returns them, as every SDK v3 client accepts (`AwsCredentialIdentity | AwsCredentialIdentityProvider`).
 */
export type CredentialsOption = NonNullable<SageMakerClientConfig['credentials']>;

/** Options of {@link createClients}. Everything is optional: the SDK's standard configuration fills the rest. */
export interface CreateClientsOptions {
  /** AWS region, e.g. `us-east-1`. Default: AWS_REGION, then the profile's `region` (`aws configure`). */
  region?: string;
  /** A profile of ~/.aws/config and ~/.aws/credentials (as written by `aws configure`, SSO included). Default: AWS_PROFILE, then `default`. */
  profile?: string;
  /** Send every request here instead of AWS (a local emulator such as moto, or a proxy). S3 then uses path-style addressing. */
  endpoint?: string;
  /** Credentials, or a function that returns them. Default: the SDK's standard credential chain. */
  credentials?: CredentialsOption;
  /**
   * Time limits, in milliseconds. `firstByteMs` and `idleMs` are sagemaker-bench's own per-request
   * limits (default 30 s each; see {@link RequestTimeouts}), made the defaults of every request
   * the library sends with these clients; a `timeouts` option given to a function still wins.
   * `connectMs` bounds the TCP connection of every request, your own `send()` calls included
   * (the SDK's `connectionTimeout`; default: none).
   */
  timeouts?: ClientTimeouts;
}

/** The time limits of {@link createClients}, in milliseconds above 0 (at most 2^31 - 1). */
export interface ClientTimeouts extends RequestTimeouts {
  /** Longest wait for a TCP connection to the endpoint; past it the attempt fails with the SDK's `TimeoutError` (retried by the SDK). Default: none (the system's). */
  connectMs?: number;
}

/**
 * The three AWS SDK v3 clients sagemaker-bench uses, configured alike: one line of set-up for
 * a script or a notebook. Credentials come from the SDK's standard chain (environment, the
 * profile written by `aws configure` or `aws sso login`, AWS_PROFILE, container and instance
 * roles) unless you pass `credentials`. Nothing is contacted until the first request.
 *
 * Every function of sagemaker-bench also accepts clients you build yourself.
 *
 * **Errors.** A `region` not shaped like one (`'us east 1'`, `'US-EAST-1'`, `''`), an
 * `endpoint` that is not an http(s) URL (`'127.0.0.1:5000'`: no scheme) or a `profile` that
 * cannot be a name throws {@link ClientConfigError} here, naming what was probably meant. A
 * well-formed region the SDK does not know (`us-east-7`) is accepted (new regions appear); a
 * request to it that finds no AWS endpoint fails with {@link EndpointError} naming it and the
 * nearest known region. Credentials and the region are resolved at the first request, which
 * throws {@link NoCredentialsError} when there are none (or the profile does not exist) and
 * {@link ClientConfigError} when there is no region anywhere. A `timeouts` limit that is not a
 * number of milliseconds above 0 throws {@link ClientConfigError} (`option: 'timeouts'`). The SDK's credential chain is
 * used as it is: without credentials, on a machine that is not on EC2, it gives up within about
 * two seconds (its instance-metadata lookup has a 1 s timeout per request).
 *
 * **Time limits.** `timeouts: { firstByteMs, idleMs }` set the limits sagemaker-bench keeps on
 * every request it sends with these clients (launch, describe, wait, stop, the log readers, a
 * sweep): the answer must start within `firstByteMs`, a body may not stop for longer than
 * `idleMs`. They do not apply to requests you send yourself with `clients.s3.send(...)`: the SDK
 * has no equivalent of them (its `requestTimeout` only warns unless told to throw, and stops at
 * the headers). `connectMs` is the SDK's `connectionTimeout` and applies to every request.
 *
 * **In a REPL or a notebook** the object prints as one line of what it was made with,
 * `Clients(region us-east-1) { sagemaker, s3, logs }` (`String(clients)` too), not the SDK's
 * configuration; printing resolves neither the region nor credentials.
 *
 * @example
 * ```ts
 * import { createClients } from 'sagemaker-bench';
 *
 * const clients = createClients({ region: 'us-east-1' });            // default profile
 * const work = createClients({ profile: 'research', region: 'us-east-1' });
 * const local = createClients({
 *   endpoint: 'http://127.0.0.1:5000',                                // moto
 *   region: 'us-east-1',
 *   credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
 * });
 * const patient = createClients({ region: 'us-east-1', timeouts: { connectMs: 3_000, firstByteMs: 60_000, idleMs: 60_000 } });
 * ```
 */
export function createClients(options: CreateClientsOptions = {}): Clients {
  checkClientOptions(options);
  const config: CreateClientsOptions = {};
  if (options.region !== undefined) config.region = options.region;
  if (options.profile !== undefined) config.profile = options.profile;
  if (options.endpoint !== undefined) config.endpoint = options.endpoint;
  if (options.credentials !== undefined) config.credentials = options.credentials;

  const { connectMs, ...limits } = options.timeouts ?? {};
  // Each client makes its own NodeHttpHandler from these options.
  const sdkConfig = connectMs === undefined ? config : { ...config, requestHandler: { connectionTimeout: connectMs } };

  const { SageMakerClient } = sageMakerSdk();
  const { S3Client } = s3Sdk();
  const { CloudWatchLogsClient } = logsSdk();
  const clients: Clients = {
    sagemaker: new SageMakerClient(sdkConfig),
    s3: new S3Client(options.endpoint !== undefined ? { ...sdkConfig, forcePathStyle: true } : sdkConfig),
    logs: new CloudWatchLogsClient(sdkConfig),
  };
  if (limits.firstByteMs !== undefined || limits.idleMs !== undefined) {
    for (const client of [clients.sagemaker, clients.s3, clients.logs]) setClientTimeouts(client, limits);
  }
  // One line in a REPL or a notebook (util.inspect, String()), from what was passed: printing
  // resolves nothing. Non-enumerable: still a plain { sagemaker, s3, logs }.
  return printableClients(clients, clientsLine(config));
}
