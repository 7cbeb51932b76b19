/**
 * Reading AWS SDK v3 errors without depending on their classes. Internal.
 *
 * A service error has `name` (the error shape, e.g. `ValidationException`), `message`,
 * `$metadata.httpStatusCode` and sometimes `$retryable`; a network error carries a Node `code`
 * (`ECONNRESET`), sometimes on its `cause`.
 */

/** The error's `name` (for service errors: the error shape), or `''`. */
export function errorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const name = (error as { name?: unknown }).name;
  if (typeof name === 'string' && name !== 'Error') return name;
  const code = (error as { Code?: unknown; code?: unknown }).Code ?? (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : typeof name === 'string' ? name : '';
}

/** The error's message, or `''`. */
export function errorMessage(error: unknown): string {
  if (typeof error !== 'object' || error === null) return typeof error === 'string' ? error : '';
  const message = (error as { message?: unknown; Message?: unknown }).message ?? (error as { Message?: unknown }).Message;
  return typeof message === 'string' ? message : '';
}

/** The HTTP status of the response that carried the error, when there was one. */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata;
  const status = metadata?.httpStatusCode ?? (error as { $response?: { statusCode?: unknown } }).$response?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
