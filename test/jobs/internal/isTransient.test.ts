import { describe, expect, it } from 'vitest';
import { isTransient } from '../../../src/jobs/internal/isTransient';
import { networkError, serviceError } from '../fixtures';

describe('isTransient', () => {
  it.each([
    ['ThrottlingException', 400],
    ['Throttling', 400],
    ['TooManyRequestsException', 429],
    ['SlowDown', 503],
    ['InternalFailure', 500],
    ['ServiceUnavailable', 503],
    ['SomethingNew', 502],
  ])('treats %s (HTTP %i) as transient', (name, status) => {
    expect(isTransient(serviceError(name, 'x', status))).toBe(true);
  });

  it.each(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN'])('treats the network error %s as transient', (code) => {
    expect(isTransient(networkError(code))).toBe(true);
  });

  it('finds a network code on the cause of a wrapping error', () => {
    expect(isTransient(new Error('request failed', { cause: networkError('ECONNRESET') }))).toBe(true);
  });

  it('treats an SDK request timeout as transient', () => {
    expect(isTransient(Object.assign(new Error('Request timed out'), { name: 'TimeoutError' }))).toBe(true);
  });

  it.each([
    ['ValidationException', 400],
    ['AccessDeniedException', 403],
    ['ResourceLimitExceeded', 400],
    ['ResourceInUse', 400],
  ])('treats %s as permanent', (name, status) => {
    expect(isTransient(serviceError(name, 'x', status))).toBe(false);
  });

  it('treats an abort as permanent, and anything that is not an object too', () => {
    expect(isTransient(new DOMException('This operation was aborted', 'AbortError'))).toBe(false);
    expect(isTransient('ECONNRESET')).toBe(false);
    expect(isTransient(undefined)).toBe(false);
  });
});
