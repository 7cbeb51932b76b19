/**
 * The errors any AWS request can meet, whatever it asks, made typed and worded for the person
 * who must fix them. Internal: `sendRequest` (every request of the library) passes its errors
 * through {@link mapCommonAwsError}; `mapLaunchError` uses the same tests.
 *
 * | SDK error | becomes |
 * |---|---|
 * | CredentialsProviderError ("Could not load credentials from any providers") | `NoCredentialsError` (a profile that is not in the shared files is named) |
 * | "Region is missing" | `ClientConfigError('region', undefined)`, or `NoCredentialsError` when the profile asked for does not exist |
 * | ENOTFOUND / EAI_AGAIN, ECONNREFUSED | `EndpointError` `unresolved` / `refused` (an unknown region named, with the nearest known one) |
 * | an answer no AWS protocol reads, or an HTML page, without an AWS request id | `EndpointError` `not-aws` |
 * | AccessDenied*, UnauthorizedOperation, an S3 403 | `NotAuthorizedError` naming the IAM action and the resource |
 *
 * Anything else is returned as it is. The SDK error is kept as `cause` (already sanitized by
 * the caller). Nothing here throws.
 *
 * @module
 */
import { ClientConfigError, EndpointError, NoCredentialsError, NotAuthorizedError, SageMakerBenchError } from '../errors';
import type { EndpointErrorReason } from '../errors';
import { errorMessage, errorName, httpStatusOf } from './awsErrorInfo';
import { isKnownRegion, nearestKnownRegion } from './awsRegions';
import { clientRegion } from './clientRegion';
import { sharedConfigProfiles } from './sharedConfigProfiles';

/** The request an error came from. */
export interface AwsCall {
  /** The SDK client it was sent with (its `config` tells the service, region, endpoint, profile). */
  client: unknown;
  /** The API operation, e.g. `DescribeTrainingJob`. */
  operation: string;
  /** What the request was about, for messages: `training job x`, `s3://bucket/key`, ... */
  resource: string;
  /** The command's input (S3 `Bucket`, `Key`, `VersionId` name the resource and the action). */
  input?: unknown;
}

/**
 * Credential problems the service reports before it looks at the request (the credentials are
 * there, but unknown, expired or badly signed): not a missing permission.
 */
export const CREDENTIAL_ERRORS: ReadonlySet<string> = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'ExpiredTokenException',
  'ExpiredToken',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'InvalidAccessKeyId',
  'InvalidToken',
  'TokenRefreshRequired',
]);

/** Error shapes of a missing permission. */
const DENIED = new Set([
  'UnauthorizedOperation',
  'UnauthorizedException',
  'AuthorizationError',
  'AuthorizationErrorException',
  'Forbidden',
  'NotAuthorized',
  'NotAuthorizedException',
]);

/** The IAM prefix of each service, by the SDK's `serviceId`. */
const IAM_PREFIX: Readonly<Record<string, string>> = {
  SageMaker: 'sagemaker',
  S3: 's3',
  'CloudWatch Logs': 'logs',
  'Service Quotas': 'servicequotas',
  Pricing: 'pricing',
  STS: 'sts',
  IAM: 'iam',
};

/** S3 operations whose IAM action has another name. */
const S3_ACTIONS: Readonly<Record<string, string>> = {
  ListObjectsV2: 'ListBucket',
  ListObjects: 'ListBucket',
  HeadBucket: 'ListBucket',
  HeadObject: 'GetObject',
  ListObjectVersions: 'ListBucketVersions',
};

/** Headers only AWS (and emulators of it) put on an answer. */
const AWS_REQUEST_ID_HEADERS = ['x-amzn-requestid', 'x-amz-request-id', 'x-amzn-request-id', 'x-amz-id-2', 'x-amz-apigw-id'];

/**
 * Whether `error` is the service refusing for want of a permission (AccessDenied,
 * AccessDeniedException, UnauthorizedOperation, an S3 403 without a body), not credentials it
 * does not accept.
 *
 * @example
 * ```ts
 * isAccessDenied(Object.assign(new Error('no'), { name: 'AccessDeniedException' })); // true
 * ```
 */
export function isAccessDenied(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || error instanceof SageMakerBenchError) return false;
  const name = errorName(error);
  if (CREDENTIAL_ERRORS.has(name)) return false;
  if (name.startsWith('AccessDenied') || DENIED.has(name)) return true;
  return httpStatusOf(error) === 403 && (name === 'Unknown' || name === '403' || name === '');
}

/**
 * The IAM action a refusal names ("... is not authorized to perform: iam:PassRole on resource:
 * ..."), when it names one.
 *
 * @example
 * ```ts
 * deniedAction('User: arn:aws:iam::1:user/a is not authorized to perform: logs:GetLogEvents on resource: ...'); // 'logs:GetLogEvents'
 * ```
 */
export function deniedAction(serviceMessage: string): string | undefined {
  return /\bperform:?\s+([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(serviceMessage)?.[1];
}

/** The resource a refusal names ("... on resource: arn:aws:..."), when it names one. */
export function deniedResource(serviceMessage: string): string | undefined {
  return /\bon resource:?\s+(\S+?)(?=[.,;]?(?:\s|$))/.exec(serviceMessage)?.[1];
}

/**
 * The IAM action an operation needs: `sagemaker:DescribeTrainingJob`, `s3:ListBucket` for
 * ListObjectsV2, `s3:GetObjectVersion` for a GetObject with a VersionId.
 *
 * @example
 * ```ts
 * iamAction('S3', 'ListObjectsV2', {}); // 's3:ListBucket'
 * ```
 */
export function iamAction(serviceId: string | undefined, operation: string, input?: unknown): string {
  const prefix = (serviceId !== undefined ? IAM_PREFIX[serviceId] : undefined) ?? (serviceId ?? 'aws').toLowerCase().replace(/\s+/g, '');
  if (prefix !== 's3') return `${prefix}:${operation}`;
  const versioned = typeof (input as { VersionId?: unknown } | undefined)?.VersionId === 'string';
  if (operation === 'GetObject' && versioned) return 's3:GetObjectVersion';
  return `s3:${S3_ACTIONS[operation] ?? operation}`;
}

/**
 * `error` as the typed error that says what to do, or `error` itself when it is none of the
 * common cases (see the module's table). Never throws.
 *
 * @example
 * ```ts
 * } catch (error) {
 *   throw await mapCommonAwsError(sanitizeAwsError(error), { client, operation: 'GetLogEvents', resource: `stream ${name}`, input });
 * }
 * ```
 */
export async function mapCommonAwsError(error: unknown, call: AwsCall): Promise<unknown> {
  try {
    return (await mapOne(error, call)) ?? error;
  } catch {
    return error;
  }
}

/** The error of no region configured anywhere (the SDK's "Region is missing"), for the first request or a caller that needs the region before one. */
export function missingRegionError(cause?: unknown): ClientConfigError {
  return new ClientConfigError(
    'region',
    undefined,
    'No AWS region is configured: pass region to createClients (--region on the command line), set AWS_REGION, ' +
      'or run `aws configure set region us-east-1`.',
    {},
    cause === undefined ? undefined : { cause },
  );
}

async function mapOne(error: unknown, call: AwsCall): Promise<Error | undefined> {
  if (typeof error !== 'object' || error === null || error instanceof SageMakerBenchError) return undefined;
  const name = errorName(error);
  const message = errorMessage(error);

  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') return noCredentials(error, call, message);
  if (/^Region is missing\b/.test(message)) {
    const missing = await missingProfile(call);
    if (missing !== undefined) return missing(error);
    return missingRegionError(error);
  }

  const network = networkFailure(error);
  if (network !== undefined) return endpointError(error, call, network.reason, network.detail, network.host);
  const foreign = notAwsAnswer(error);
  if (foreign !== undefined) return endpointError(error, call, 'not-aws', foreign, undefined);

  if (isAccessDenied(error)) {
    const config = configOf(call.client);
    const serviceMessage = message !== '' && message !== 'UnknownError' ? message : undefined;
    const denied = new NotAuthorizedError(
      {
        action: deniedAction(message) ?? iamAction(config.serviceId, call.operation, call.input),
        resource: deniedResource(message) ?? s3Resource(config.serviceId, call.input) ?? call.resource,
        operation: call.operation,
        errorCode: name === '' || name === 'Unknown' ? String(httpStatusOf(error) ?? 'AccessDenied') : name,
        serviceMessage,
        profile: profileOf(config),
      },
      { cause: error },
    );
    // Code that reads the SDK's `$metadata.httpStatusCode` of an error (a 403 fallback) still can.
    const metadata = (error as { $metadata?: unknown }).$metadata;
    if (metadata !== undefined) Object.defineProperty(denied, '$metadata', { value: metadata, enumerable: false, configurable: true, writable: true });
    return denied;
  }
  return undefined;
}

/** What the mapping reads of an SDK client's resolved config. */
interface ClientConfig {
  serviceId?: string | undefined;
  isCustomEndpoint?: boolean | undefined;
  endpoint?: unknown;
  profile?: unknown;
}

function configOf(client: unknown): ClientConfig {
  const config = (client as { config?: unknown } | null | undefined)?.config;
  if (typeof config !== 'object' || config === null) return {};
  const c = config as Record<string, unknown>;
  return {
    serviceId: typeof c.serviceId === 'string' ? c.serviceId : undefined,
    isCustomEndpoint: c.isCustomEndpoint === true,
    endpoint: c.endpoint,
    profile: c.profile,
  };
}

function profileOf(config: ClientConfig): string | undefined {
  if (typeof config.profile === 'string' && config.profile !== '') return config.profile;
  const env = process.env.AWS_PROFILE;
  return env !== undefined && env !== '' ? env : undefined;
}

/** `s3://bucket/key` of an S3 command's input. */
function s3Resource(serviceId: string | undefined, input: unknown): string | undefined {
  if (serviceId !== 'S3' || typeof input !== 'object' || input === null) return undefined;
  const { Bucket, Key, Prefix } = input as { Bucket?: unknown; Key?: unknown; Prefix?: unknown };
  if (typeof Bucket !== 'string') return undefined;
  const rest = typeof Key === 'string' ? Key : typeof Prefix === 'string' ? Prefix : '';
  return `s3://${Bucket}/${rest}`;
}

/** The generic last word of the SDK's credential chain. */
const NOTHING_FOUND = /^Could not load credentials from any providers\.?$/;

async function noCredentials(error: object, call: AwsCall, message: string): Promise<Error> {
  const missing = await missingProfile(call);
  if (missing !== undefined) return missing(error);
  const profile = profileOf(configOf(call.client));
  const providerMessage = message !== '' && !NOTHING_FOUND.test(message) ? message : undefined;
  return new NoCredentialsError({ reason: profile !== undefined ? 'profile-unusable' : 'none', profile, providerMessage }, { cause: error });
}

/** When the profile asked for is in neither shared file: a maker of the error saying so. */
async function missingProfile(call: AwsCall): Promise<((cause: unknown) => Error) | undefined> {
  const profile = profileOf(configOf(call.client));
  if (profile === undefined) return undefined;
  const found = await sharedConfigProfiles();
  if (found === undefined || found.profiles.includes(profile)) return undefined;
  return (cause) => new NoCredentialsError({ reason: 'profile-not-found', profile, knownProfiles: found.profiles, files: found.files }, { cause });
}

/** How many `cause` links (and AggregateError members) are looked through for a network code. */
const MAX_DEPTH = 4;

/** A failure to resolve or to connect, on the error or below it. */
function networkFailure(error: unknown, depth = 0): { reason: EndpointErrorReason; detail: string; host: string | undefined } | undefined {
  if (typeof error !== 'object' || error === null || depth > MAX_DEPTH) return undefined;
  const { code, hostname, address, port, cause, errors } = error as {
    code?: unknown;
    hostname?: unknown;
    address?: unknown;
    port?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    const host = typeof hostname === 'string' ? hostname : undefined;
    return { reason: 'unresolved', detail: `${code}${host !== undefined ? ` ${host}` : ''}`, host };
  }
  if (code === 'ECONNREFUSED') {
    const at = typeof address === 'string' ? `${address}${typeof port === 'number' || typeof port === 'string' ? `:${port}` : ''}` : undefined;
    return { reason: 'refused', detail: `ECONNREFUSED${at !== undefined ? ` ${at}` : ''}`, host: undefined };
  }
  if (Array.isArray(errors)) {
    for (const member of errors.slice(0, 8)) {
      const found = networkFailure(member, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return networkFailure(cause, depth + 1);
}

/**
 * When an HTTP answer came that is not AWS's, what it was (`HTTP 200, text/html`): a body no
 * AWS protocol reads (the SDK's "Deserialization error"), or an HTML page, and no AWS request
 * id either way (an answer of AWS or of an emulator of it has one).
 */
function notAwsAnswer(error: unknown): string | undefined {
  const status = httpStatusOf(error);
  if (status === undefined) return undefined;
  const e = error as { $metadata?: { requestId?: unknown; extendedRequestId?: unknown }; $response?: { headers?: unknown } };
  const headers = lowerCaseHeaders(e.$response?.headers);
  if (typeof e.$metadata?.requestId === 'string' && e.$metadata.requestId !== '') return undefined;
  if (typeof e.$metadata?.extendedRequestId === 'string' && e.$metadata.extendedRequestId !== '') return undefined;
  if (AWS_REQUEST_ID_HEADERS.some((h) => headers[h] !== undefined && headers[h] !== '')) return undefined;
  const contentType = headers['content-type'];
  const html = contentType !== undefined && /\btext\/html\b/i.test(contentType);
  const unreadable = /Deserialization error/.test(errorMessage(error)) || errorName(error) === 'SyntaxError';
  if (!html && !unreadable) return undefined;
  return `HTTP ${status}${contentType !== undefined ? `, ${contentType.split(';')[0]!.trim()}` : ''}${html ? ' page' : ''}`;
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof headers !== 'object' || headers === null) return out;
  for (const [name, value] of Object.entries(headers)) if (typeof value === 'string') out[name.toLowerCase()] = value;
  return out;
}

async function endpointError(error: object, call: AwsCall, reason: EndpointErrorReason, detail: string, host: string | undefined): Promise<Error> {
  const config = configOf(call.client);
  const service = config.serviceId ?? 'AWS';
  const region = (await clientRegion(call.client)) || undefined;
  const configured = config.isCustomEndpoint === true ? await endpointUrl(config.endpoint) : undefined;
  const fromEnv = config.isCustomEndpoint === true ? undefined : environmentEndpoint(config.serviceId);
  const custom = config.isCustomEndpoint === true || fromEnv !== undefined;
  const endpoint = configured ?? fromEnv ?? (!custom && host !== undefined ? `https://${host}` : undefined);
  let knownRegion: boolean | undefined;
  let suggestedRegion: string | undefined;
  if (!custom && region !== undefined) {
    knownRegion = isKnownRegion(region);
    if (knownRegion === false) suggestedRegion = nearestKnownRegion(region);
  }
  return new EndpointError(
    { reason, service, operation: call.operation, endpoint, custom, region, knownRegion, suggestedRegion, detail },
    { cause: error },
  );
}

/** The URL of the SDK's endpoint provider (`{ protocol, hostname, port, path }`), as text. */
async function endpointUrl(endpoint: unknown): Promise<string | undefined> {
  try {
    const value: unknown = typeof endpoint === 'function' ? await (endpoint as () => unknown)() : endpoint;
    if (typeof value === 'string') return value;
    if (typeof value !== 'object' || value === null) return undefined;
    if (value instanceof URL) return value.href;
    const { protocol, hostname, port, path } = value as { protocol?: unknown; hostname?: unknown; port?: unknown; path?: unknown };
    if (typeof hostname !== 'string') return undefined;
    const scheme = typeof protocol === 'string' ? (protocol.endsWith(':') ? protocol : `${protocol}:`) : 'https:';
    const portText = typeof port === 'number' || (typeof port === 'string' && port !== '') ? `:${port}` : '';
    const pathText = typeof path === 'string' && path !== '/' ? path : '';
    return `${scheme}//${hostname}${portText}${pathText}`;
  } catch {
    return undefined;
  }
}

/** AWS_ENDPOINT_URL_<SERVICE> or AWS_ENDPOINT_URL, which the SDK uses when no endpoint is given. */
function environmentEndpoint(serviceId: string | undefined): string | undefined {
  const env = process.env;
  const ignored = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS;
  if (ignored !== undefined && ignored !== '' && ignored !== 'false') return undefined;
  const own = serviceId !== undefined ? env[`AWS_ENDPOINT_URL_${serviceId.toUpperCase().replace(/\s+/g, '_')}`] : undefined;
  const value = own !== undefined && own !== '' ? own : env.AWS_ENDPOINT_URL;
  return value !== undefined && value !== '' ? value : undefined;
}
