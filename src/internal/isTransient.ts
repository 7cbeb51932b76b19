import { RequestTimeoutError } from '../errors';
import { errorMessage, errorName, httpStatusOf } from './awsErrorInfo';

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

/** Messages of a connection or response body that ended early. */
const DROPPED = /socket hang up|aborted|premature close/i;

/** How many `cause` links are followed below the error itself. */
const MAX_CAUSE_DEPTH = 4;

/**
 * Whether an error from an AWS call, or from reading a response body, is worth trying again
 * later: throttling, a 5xx or 429 answer, an error the SDK marked `$retryable`, a timeout or a
 * network failure, on the error or on one of its causes (up to four `cause` links down).
 * Access, validation and not-found errors are not, and neither is an abort (`AbortError`).
 * Internal.
 *
 * @example
 * ```ts
 * isTransient(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })); // true
 * isTransient(new DOMException('This operation was aborted', 'AbortError')); // false
 * ```
 */
export function isTransient(error: unknown): boolean {
  return isTransientAt(error, 0);
}

function isTransientAt(error: unknown, depth: number): boolean {
  if (typeof error !== 'object' || error === null || depth > MAX_CAUSE_DEPTH) return false;
  if (error instanceof RequestTimeoutError) return true;
  const name = errorName(error);
  if (name === 'AbortError') return false;
  if (THROTTLING.has(name) || TRANSIENT.has(name)) return true;
  const status = httpStatusOf(error);
  if (status !== undefined && (status === 429 || status >= 500)) return true;
  const { $retryable, code, cause } = error as { $retryable?: unknown; code?: unknown; cause?: unknown };
  if ($retryable !== undefined && $retryable !== null && $retryable !== false) return true;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  if (DROPPED.test(errorMessage(error))) return true;
  return isTransientAt(cause, depth + 1);
}

/**
 * Whether an error is the service asking to slow down (ThrottlingException, SlowDown, HTTP
 * 429, ...), on the error itself. Internal.
 *
 * @example
 * ```ts
 * if (isThrottling(error)) limiter.recordThrottle();
 * ```
 */
export function isThrottling(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if (THROTTLING.has(errorName(error))) return true;
  if (httpStatusOf(error) === 429) return true;
  const throttling = (error as { $retryable?: { throttling?: unknown } }).$retryable?.throttling;
  return throttling === true;
}
