/**
 * The small parts our AWS JSON 1.1 test servers (Price List, Service Quotas) share: headers,
 * bodies, error answers, page cursors.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const JSON_11 = 'application/x-amz-json-1.1';

/** An error answer: `{ __type, <messageKey>: message }` (Price List says `message`, Service Quotas `Message`). */
export function errorAnswer(status: number, type: string, message: string, messageKey: 'message' | 'Message' = 'message'): { status: number; body: unknown } {
  return { status, body: { __type: type, [messageKey]: message } };
}

/** A request header as one string (repeated headers joined with commas). */
export function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

/** JSON.parse, or undefined for text that is not JSON. */
export function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** A page cursor: which query, and how far into its results. */
export interface PageToken {
  query: string;
  offset: number;
}

/** The cursor as an opaque token, in `base64url` (Price List) or standard `base64` (the Service Quotas model's NextToken pattern allows `+`, `/`, `=`). */
export function writeToken(token: PageToken, encoding: 'base64' | 'base64url' = 'base64url'): string {
  return Buffer.from(JSON.stringify(token), 'utf8').toString(encoding);
}

/** The cursor of a token of ours, or undefined for one that is not. */
export function readToken(raw: string, encoding: 'base64' | 'base64url' = 'base64url'): PageToken | undefined {
  if (encoding === 'base64' && !/^[a-zA-Z0-9/+]*={0,2}$/.test(raw)) return undefined;
  const value = parseJson(Buffer.from(raw, encoding).toString('utf8'));
  if (typeof value !== 'object' || value === null) return undefined;
  const { query, offset } = value as { query?: unknown; offset?: unknown };
  return typeof query === 'string' && Number.isInteger(offset) && (offset as number) >= 0 ? { query, offset: offset as number } : undefined;
}

/** A page size option: a whole number >= 1. */
export function checkPageSize(size: number): number {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`page size must be an integer >= 1, got ${size}`);
  return size;
}

/**
 * Writes an AWS JSON 1.1 answer (with the request id, and `x-amzn-errortype` for an error), after
 * `delayMs` when that is above 0; nothing when the client has gone.
 */
export function sendAnswer(res: ServerResponse, answer: { status: number; body: unknown }, requestId: string, delayMs = 0): void {
  const send = (): void => {
    if (res.destroyed) return;
    const body = JSON.stringify(answer.body);
    const headers: Record<string, string | number> = { 'content-type': JSON_11, 'content-length': Buffer.byteLength(body), 'x-amzn-requestid': requestId };
    if (answer.status >= 300) headers['x-amzn-errortype'] = String((answer.body as { __type?: unknown }).__type);
    res.writeHead(answer.status, headers);
    res.end(body);
  };
  if (delayMs > 0) setTimeout(send, delayMs).unref();
  else send();
}
