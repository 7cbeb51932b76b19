/**
 * The account's SageMaker training instance limits, per instance type, from AWS Service Quotas
 * (ListServiceQuotas, and ListAWSDefaultServiceQuotas for quotas never changed).
 *
 * @module
 */
import type {
  ListAWSDefaultServiceQuotasCommandInput,
  ListServiceQuotasCommandInput,
  ServiceQuota,
  ServiceQuotasClient,
} from '@aws-sdk/client-service-quotas';
import { NotAuthorizedError } from '../errors';
import { errorMessage, errorName } from '../internal/awsErrorInfo';
import { isAccessDenied } from '../internal/mapCommonAwsError';
import { describeValue } from '../internal/describeValue';
import { serviceQuotasSdk } from '../internal/sdk';
import { resolveTimeouts } from '../internal/requestTimeouts';
import type { RequestTimeouts, ResolvedTimeouts } from '../internal/requestTimeouts';
import { sendRequest } from '../internal/sendRequest';
import { throwIfAborted } from '../internal/sleep';
import { DEFAULT_RETRY, checkRetryOptions, withRetry } from '../internal/withRetry';
import type { RetryLimits, RetryOptions } from '../internal/withRetry';
import { normalizeInstanceType } from '../cost/internal/names';
import { instanceTypeOfQuota } from './internal/quotaNames';

/**
 * Options of {@link fetchTrainingQuotas}.
 *
 * @example
 * ```ts
 * const options: FetchTrainingQuotasOptions = {
 *   client: new ServiceQuotasClient({ region: 'us-west-2' }),
 *   instanceTypes: ['ml.p3.2xlarge', 'ml.g5.xlarge'],
 *   spot: false,
 * };
 * ```
 */
export interface FetchTrainingQuotasOptions {
  /**
   * The Service Quotas client. Quotas are per region: the client's region is the region whose
   * limits are read (that of the SageMaker client the sweep launches with).
   */
  client: ServiceQuotasClient;
  /**
   * Only these instance types (`'ml.p3.2xlarge'`; `'p3.2xlarge'` and any case are accepted).
   * A type with no training quota at all (not a SageMaker training instance, or not offered in
   * the region) is absent from the result. Default: every type that has one.
   */
  instanceTypes?: readonly string[];
  /**
   * Read the managed spot training quotas (`<type> for spot training job usage`) instead of the
   * on-demand ones (`<type> for training job usage`). Default false.
   */
  spot?: boolean;
  /** Cancels the fetch; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Time to the first byte of each answer and silence in its body (default 30 s each); see {@link RequestTimeouts}. */
  timeouts?: RequestTimeouts;
  /** Retries of throttling, 5xx, dropped connections and timeouts, on top of the SDK's own (default: 8 attempts, 250 ms base, 8 s cap). */
  retry?: Pick<RetryOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs'>;
}

/** The service code of SageMaker in Service Quotas. */
const SERVICE_CODE = 'sagemaker';
/** The largest page ListServiceQuotas and ListAWSDefaultServiceQuotas give (MaxResults 1..100). */
const PAGE_SIZE = 100;
/** More pages than this for one listing means a server that never ends it. */
const MAX_PAGES = 1_000;
const WHERE = 'fetchTrainingQuotas';

/**
 * Reads how many instances of each type the account may use for SageMaker training jobs at
 * once, in the client's region, from AWS Service Quotas: a frozen record from instance type
 * (`'ml.p3.2xlarge'`) to a whole number of instances (`0`: the type cannot be used at all until
 * the quota is raised). It is the limit CreateTrainingJob enforces ("The account-level service
 * limit 'ml.p3.2xlarge for training job usage' is 2 Instances, ..."), summed over every
 * running job of the type, the sweep's and any other.
 *
 * **Which quotas.** Every page of ListServiceQuotas on service code `sagemaker` (MaxResults
 * 100) is read; the quotas named `<type> for training job usage` are kept, or, with
 * `spot: true`, those named `<type> for spot training job usage` (managed spot training is
 * limited separately). Other quotas of the same shape (`... for training warm pool usage`,
 * `... for processing job usage`) and account-wide ones (`Number of instances across all
 * training jobs`) are not read. A quota without a usable Value (one the service could not read:
 * `ErrorReason`) is skipped; a fractional Value is rounded down. Should the listing name one
 * type twice, the smaller limit wins.
 *
 * **Defaults.** ListServiceQuotas may leave out a quota that was never changed in the account.
 * When a type asked for in `instanceTypes` is not in it (or, without `instanceTypes`, always),
 * ListAWSDefaultServiceQuotas is read as well, every page, and its values fill in the types the
 * first listing lacked; a value the first listing has always wins over a default.
 *
 * **Requests.** Each page is sent with the library's time limits (`timeouts`) and retried on
 * throttling and transient errors (`retry`, default 8 attempts with backoff), on top of the
 * client's own retries. An answer that repeats an earlier page's NextToken fails rather than
 * loop. AccessDenied fails with {@link NotAuthorizedError} naming the IAM action denied
 * (`action`: `servicequotas:ListServiceQuotas` or `servicequotas:ListAWSDefaultServiceQuotas`)
 * and the other one the fetch needs, the service's error as `cause`; no credentials, no region
 * and an endpoint that is not AWS are the typed errors of every request (NoCredentialsError,
 * ClientConfigError, EndpointError); other service errors are thrown as they are (made safe to log).
 * A missing `client`, or `instanceTypes`, `spot`, `signal` of the wrong type, is a TypeError;
 * bad `timeouts` or `retry` a RangeError; all before any request. When
 * `@aws-sdk/client-service-quotas` is not installed, {@link MissingPeerDependencyError}.
 *
 * @example
 * ```ts
 * import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
 * import { fetchTrainingQuotas } from 'sagemaker-bench';
 *
 * const client = new ServiceQuotasClient({ region: 'us-west-2' }); // the region the sweep runs in
 * const quotas = await fetchTrainingQuotas({ client, instanceTypes: ['ml.p3.2xlarge', 'ml.g5.xlarge'] });
 * console.log(quotas['ml.p3.2xlarge']); // e.g. 2
 * const spot = await fetchTrainingQuotas({ client, instanceTypes: ['ml.g5.xlarge'], spot: true });
 * ```
 */
export async function fetchTrainingQuotas(options: FetchTrainingQuotasOptions): Promise<Readonly<Record<string, number>>> {
  const args = checkArguments(options);
  const { types, signal } = args;
  throwIfAborted(signal);
  if (types !== undefined && types.length === 0) return Object.freeze({});
  const sdk = serviceQuotasSdk();

  const applied = await listQuotas(args, 'ListServiceQuotas', (input) => new sdk.ListServiceQuotasCommand(input));
  const wanted = types;
  const missing = wanted === undefined ? undefined : wanted.filter((type) => !applied.has(type));
  const values = new Map(applied);
  if (missing === undefined || missing.length > 0) {
    const defaults = await listQuotas(args, 'ListAWSDefaultServiceQuotas', (input) => new sdk.ListAWSDefaultServiceQuotasCommand(input));
    for (const [type, value] of defaults) {
      if (values.has(type)) continue;
      if (missing !== undefined && !missing.includes(type)) continue;
      values.set(type, value);
    }
  }

  const out: Record<string, number> = {};
  for (const type of [...values.keys()].sort()) {
    if (wanted !== undefined && !wanted.includes(type)) continue;
    out[type] = values.get(type)!;
  }
  return Object.freeze(out);
}

/** The options, checked and normalised. */
interface Arguments {
  client: ServiceQuotasClient;
  /** Normalised, unique, sorted; undefined: all. */
  types: string[] | undefined;
  spot: boolean;
  signal: AbortSignal | undefined;
  timeouts: ResolvedTimeouts;
  retry: RetryLimits;
}

function checkArguments(options: FetchTrainingQuotasOptions): Arguments {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${WHERE}: options must be an object with a client, got ${describeValue(options)}`);
  const { client, instanceTypes, spot, signal } = options;
  if (typeof client !== 'object' || client === null || typeof (client as { send?: unknown }).send !== 'function') {
    throw new TypeError(`${WHERE}: client must be a ServiceQuotasClient (new ServiceQuotasClient({ region: 'us-east-1' })), got ${describeValue(client)}`);
  }
  let types: string[] | undefined;
  if (instanceTypes !== undefined) {
    if (!Array.isArray(instanceTypes)) throw new TypeError(`${WHERE}: instanceTypes must be an array of instance type strings, got ${describeValue(instanceTypes)}`);
    const set = new Set<string>();
    for (const [i, type] of instanceTypes.entries()) {
      if (typeof type !== 'string' || type.trim() === '') throw new TypeError(`${WHERE}: instanceTypes[${i}] must be an instance type such as 'ml.p3.2xlarge', got ${describeValue(type)}`);
      set.add(normalizeInstanceType(type));
    }
    types = [...set].sort();
  }
  if (spot !== undefined && typeof spot !== 'boolean') throw new TypeError(`${WHERE}: spot must be a boolean, got ${describeValue(spot)}`);
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError(`${WHERE}: signal must be an AbortSignal, got ${describeValue(signal)}`);
  const timeouts = resolveTimeouts(WHERE, options.timeouts);
  const retry = checkRetryOptions(WHERE, options.retry, DEFAULT_RETRY);
  return { client, types, spot: spot ?? false, signal, timeouts, retry };
}

type ListInput = ListServiceQuotasCommandInput & ListAWSDefaultServiceQuotasCommandInput;
type ListCommand = InstanceType<ReturnType<typeof serviceQuotasSdk>['ListServiceQuotasCommand']> | InstanceType<ReturnType<typeof serviceQuotasSdk>['ListAWSDefaultServiceQuotasCommand']>;

/** Every page of one listing, reduced to the training quota of each instance type. */
async function listQuotas(
  args: Arguments,
  operation: 'ListServiceQuotas' | 'ListAWSDefaultServiceQuotas',
  command: (input: ListInput) => ListCommand,
): Promise<Map<string, number>> {
  const { client, spot, signal, timeouts, retry } = args;
  const found = new Map<string, number>();
  const seen = new Set<string>();
  let token: string | undefined;
  let pages = 0;
  do {
    const input: ListInput = { ServiceCode: SERVICE_CODE, MaxResults: PAGE_SIZE };
    if (token !== undefined) input.NextToken = token;
    let page: { Quotas?: ServiceQuota[] | undefined; NextToken?: string | undefined };
    try {
      page = await withRetry(
        () => sendRequest(client, command(input), { signal, timeouts, resource: `${SERVICE_CODE} service quotas`, operation }),
        signal,
        retry,
      );
    } catch (error) {
      throw mapError(error, operation);
    }
    for (const quota of Array.isArray(page.Quotas) ? page.Quotas : []) {
      const entry = trainingQuota(quota, spot);
      if (entry === undefined) continue;
      const [type, value] = entry;
      const current = found.get(type);
      if (current === undefined || value < current) found.set(type, value);
    }
    token = typeof page.NextToken === 'string' && page.NextToken !== '' ? page.NextToken : undefined;
    if (token !== undefined) {
      if (seen.has(token)) throw new Error(`${WHERE}: ${operation} returned the NextToken of an earlier page again; the listing would never end`);
      seen.add(token);
    }
    if (++pages >= MAX_PAGES && token !== undefined) throw new Error(`${WHERE}: ${operation} gave more than ${MAX_PAGES} pages`);
  } while (token !== undefined);
  return found;
}

/** The instance type and limit a quota gives, if it is a training quota of the kind asked. */
function trainingQuota(quota: unknown, spot: boolean): [string, number] | undefined {
  if (typeof quota !== 'object' || quota === null) return undefined;
  const { ServiceCode, QuotaName, Value, QuotaAppliedAtLevel } = quota as ServiceQuota;
  if (ServiceCode !== undefined && ServiceCode.toLowerCase() !== SERVICE_CODE) return undefined;
  // A value applied to one resource is not the account's limit.
  if (QuotaAppliedAtLevel === 'RESOURCE') return undefined;
  const type = instanceTypeOfQuota(QuotaName, spot);
  if (type === undefined) return undefined;
  if (typeof Value !== 'number' || !Number.isFinite(Value) || Value < 0) return undefined;
  return [type, Math.floor(Value)];
}

/** The IAM actions fetchTrainingQuotas needs, one per listing. */
const ACTIONS = ['servicequotas:ListServiceQuotas', 'servicequotas:ListAWSDefaultServiceQuotas'] as const;

/**
 * AccessDenied (already a NotAuthorizedError when it comes through sendRequest) becomes a
 * NotAuthorizedError that names both permissions the fetch needs; anything else goes as it is.
 */
function mapError(error: unknown, operation: 'ListServiceQuotas' | 'ListAWSDefaultServiceQuotas'): unknown {
  const denied = error instanceof NotAuthorizedError;
  if (!denied && !isAccessDenied(error)) return error;
  const cause = denied ? (error.cause ?? error) : error;
  const serviceMessage = denied ? error.serviceMessage : errorMessage(error) || undefined;
  const action = `servicequotas:${operation}`;
  return new NotAuthorizedError(
    {
      action,
      resource: `the ${SERVICE_CODE} quotas of Service Quotas`,
      operation,
      errorCode: denied ? error.errorCode : errorName(error),
      serviceMessage,
      alsoNeeded: ACTIONS.filter((a) => a !== action),
    },
    { cause },
  );
}
