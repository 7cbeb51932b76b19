import { S3ServiceException } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { isTransient } from '../../src/internal/isTransient';
import { networkError, serviceError } from '../jobs/fixtures';

const s3Error = (name: string, httpStatusCode: number, extra: object = {}) =>
  Object.assign(new S3ServiceException({ name, $fault: httpStatusCode >= 500 ? 'server' : 'client', $metadata: { httpStatusCode }, message: name }), extra);

/** `error` wrapped `levels` times as the `cause` of a plain Error. */
const wrapped = (error: unknown, levels: number): unknown => {
  let outer = error;
  for (let i = 0; i < levels; i++) outer = new Error(`wrapper ${i}`, { cause: outer });
  return outer;
};

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
    ['S3 SlowDown (503)', s3Error('SlowDown', 503)],
    ['an InternalError (500)', s3Error('InternalError', 500)],
    ['a ThrottlingException (400)', s3Error('ThrottlingException', 400)],
    ['an error the SDK marked retryable', s3Error('Whatever', 400, { $retryable: { throttling: false } })],
    ['HTTP 429', s3Error('TooMany', 429)],
    ['a connection reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['an aborted response body', Object.assign(new Error('aborted'), { code: 'ECONNRESET' })],
    ['a premature close', Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })],
    ['socket hang up', new Error('socket hang up')],
    ['the SDK TimeoutError', Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
    ['a reset wrapped as the cause', new Error('outer', { cause: Object.assign(new Error('x'), { code: 'EPIPE' }) })],
    ['a throttling error wrapped as the cause', new Error('outer', { cause: s3Error('SlowDown', 503) })],
    ['a request aborted by the server, whatever its code', new Error('Request aborted')],
  ])('retries %s', (_what, error) => {
    expect(isTransient(error)).toBe(true);
  });

  it.each([
    ['ValidationException (400)', serviceError('ValidationException', 'x', 400)],
    ['AccessDeniedException (403)', serviceError('AccessDeniedException', 'x', 403)],
    ['ResourceLimitExceeded (400)', serviceError('ResourceLimitExceeded', 'x', 400)],
    ['ResourceInUse (400)', serviceError('ResourceInUse', 'x', 400)],
    ['NoSuchKey (404)', s3Error('NoSuchKey', 404)],
    ['AccessDenied (403)', s3Error('AccessDenied', 403)],
    ['PreconditionFailed (412)', s3Error('PreconditionFailed', 412)],
    ['an AbortError', Object.assign(new Error('aborted'), { name: 'AbortError' })],
    ['an AbortError whose cause is a reset', Object.assign(new Error('aborted', { cause: networkError('ECONNRESET') }), { name: 'AbortError' })],
    ['a TypeError', new TypeError('x is not a function')],
    ['a string', 'boom'],
    ['undefined', undefined],
  ])('does not retry %s', (_what, error) => {
    expect(isTransient(error)).toBe(false);
  });

  it('treats an abort as permanent, and anything that is not an object too', () => {
    expect(isTransient(new DOMException('This operation was aborted', 'AbortError'))).toBe(false);
    expect(isTransient('ECONNRESET')).toBe(false);
    expect(isTransient(undefined)).toBe(false);
  });

  it('follows up to four cause links, and no further (a cycle ends too)', () => {
    expect(isTransient(wrapped(networkError('ECONNRESET'), 4))).toBe(true);
    expect(isTransient(wrapped(networkError('ECONNRESET'), 5))).toBe(false);
    const cyclic: Error & { cause?: unknown } = new Error('a');
    cyclic.cause = new Error('b', { cause: cyclic });
    expect(isTransient(cyclic)).toBe(false);
  });
});
