import { errorCodes, errorMessage, errorName, httpStatusOf } from './awsErrorInfo';

/** Error shapes AWS services use for throttling (the SDK's own list, plus a few service-specific ones). */
const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'RequestThrottled',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);

/** Error shapes of a server-side or timing problem that goes away by itself. */
const TRANSIENT = new Set([
  'InternalFailure',
  'InternalError',
  'InternalServerError',
  'InternalServerException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

/** Network failures: the request may not have reached the service, or its answer was lost. */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Whether an error from an AWS call is worth trying again later: throttling, a 5xx answer, a
 * timeout or a network failure. Access, validation and not-found errors are not. Internal.
 */
export function isTransient(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const name = errorName(error);
  if (THROTTLING.has(name) || TRANSIENT.has(name)) return true;
  const status = httpStatusOf(error);
  if (status !== undefined && (status === 429 || status >= 500)) return true;
  if ((error as { $retryable?: unknown }).$retryable) return true;
  if (errorCodes(error).some((code) => NETWORK_CODES.has(code))) return true;
  return /socket hang up|aborted|premature close/i.test(errorMessage(error)) && name !== 'AbortError';
}
