/**
 * HTTP plumbing of the fault proxy: headers it forwards, the error answers it fakes, connection
 * resets and body cuts. Internal to sagemaker-bench/testing.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';

/** Hop-by-hop headers (RFC 9110 7.6.1) are not forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'expect']);

/** The headers to pass on, either way: all but the hop-by-hop ones. */
export function forwardHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

/** Reads and discards the request body; resolves when it is all in (or the client went away). */
export function drain(req: IncomingMessage): Promise<void> {
  if (req.readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    req.on('end', resolve);
    req.on('close', resolve);
    req.on('error', () => resolve());
    req.resume();
  });
}

/** The error answer the real service gives for a fault kind, in the request's protocol. */
export function errorAnswer(kind: 'throttle' | 'internal' | 'unavailable', json: boolean, method: string): { status: number; headers: OutgoingHttpHeaders; body: string } {
  const requestId = randomUUID();
  if (json) {
    const [status, type, message] =
      kind === 'throttle' ? [400, 'ThrottlingException', 'Rate exceeded']
      : kind === 'internal' ? [500, 'InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.']
      : [503, 'ServiceUnavailable', 'The service is unavailable. Please try again later.'];
    const body = JSON.stringify({ __type: type, message });
    return {
      status,
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-errortype': type,
        'x-amzn-requestid': requestId,
        'content-length': Buffer.byteLength(body),
      },
      body,
    };
  }
  const [status, code, message] =
    kind === 'throttle' ? [503, 'SlowDown', 'Please reduce your request rate.']
    : kind === 'internal' ? [500, 'InternalError', 'We encountered an internal error. Please try again.']
    : [503, 'ServiceUnavailable', 'Service is unable to handle request.'];
  const shortId = requestId.replace(/-/g, '').slice(0, 16).toUpperCase();
  // S3 answers HEAD errors without a body.
  const body = method === 'HEAD' ? '' : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${shortId}</RequestId><HostId>${requestId}</HostId></Error>`;
  return {
    status,
    headers: {
      'content-type': 'application/xml',
      'x-amz-request-id': shortId,
      'x-amz-id-2': requestId,
      'content-length': Buffer.byteLength(body),
    },
    body,
  };
}

/** Resets the TCP connection (RST, so the client sees ECONNRESET), or destroys it where RST is unavailable. */
export function resetSocket(socket: Socket | null): void {
  if (socket === null || socket.destroyed) return;
  const s = socket as Socket & { resetAndDestroy?: () => Socket };
  if (typeof s.resetAndDestroy === 'function') s.resetAndDestroy();
  else s.destroy();
}

/** Whether the upstream answer has body bytes to cut in the middle. */
export function hasBody(req: IncomingMessage, upstream: IncomingMessage): boolean {
  const length = Number(upstream.headers['content-length'] ?? Number.NaN);
  return req.method !== 'HEAD' && upstream.statusCode !== 204 && upstream.statusCode !== 304 && length !== 0;
}

/** Body bytes to send before a cut: `wanted` (default: half the body), always fewer than the whole body. */
export function cutPoint(upstream: IncomingMessage, wanted: number | undefined): number {
  const length = Number(upstream.headers['content-length'] ?? Number.NaN);
  if (!Number.isFinite(length)) return Math.max(0, wanted ?? 1);
  return Math.min(Math.max(0, wanted ?? Math.floor(length / 2)), length - 1);
}
