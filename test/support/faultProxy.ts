import { Agent, createServer, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { prng } from './prng';

/**
 * What a rule does to a request it hits:
 * - `throttle`: the service's throttling answer (JSON protocols: HTTP 400 ThrottlingException; S3: HTTP 503 SlowDown);
 * - `internal`: HTTP 500 (JSON: InternalFailure; S3: InternalError);
 * - `unavailable`: HTTP 503 (JSON: ServiceUnavailable; S3: ServiceUnavailable);
 * - `reset`: forwards the request, sends the status, headers and part of the body, then resets the connection;
 * - `slow`: forwards the request and holds the response for `delayMs` before sending it;
 * - `hold`: forwards the request (the service acts on it) but never answers: the connection stays
 *   open and silent (no byte, no reset) until the client closes it or the proxy stops;
 * - `stall`: forwards the request, sends the status, headers and the first `stallAfterBytes` body
 *   bytes, then goes silent the same way (no more bytes, no end, no reset).
 */
export type FaultKind = 'throttle' | 'internal' | 'unavailable' | 'reset' | 'slow' | 'hold' | 'stall';

/** What a rule's `onFault` hook is told about the request whose fault is taking effect. */
export interface FaultInfo {
  rule: FaultRule;
  operation: string;
  method: string;
  /** The request's path and query, as received (`/bucket/key?x-id=GetObject`). */
  url: string;
}

/** One fault rule. The proxy applies the first rule that matches the operation and whose dice roll hits. */
export interface FaultRule {
  /** Operation name (`GetLogEvents`, `GetObject`, ...) or a pattern; absent: every operation. */
  operation?: string | RegExp;
  kind: FaultKind;
  /** Probability (0..1) that a matching request gets the fault. */
  rate: number;
  /** For `slow`: how long the response is held (default 2000 ms). */
  delayMs?: number;
  /** The rule fires at most this many times (counted from `setRules`/start). */
  max?: number;
  /** For `reset`: body bytes sent before the reset (default: half the body; always less than the whole body). */
  resetAfterBytes?: number;
  /**
   * For `stall`: body bytes sent before the proxy goes silent (default: half the body; always
   * less than the whole body; 0: the status and headers only).
   */
  stallAfterBytes?: number;
  /**
   * Awaited at the moment the fault takes effect, if the client is still connected then:
   * `throttle`/`internal`/`unavailable` just before the error answer is sent (the request body
   * has been read); `reset` after the partial body was handed to the socket and before the
   * reset; `stall`/`hold` when the proxy goes silent (the upstream answer has arrived, so the
   * service has acted); `slow` before the held response is released. While it runs, the client
   * keeps receiving what was already sent. If it throws (or rejects), the fault happens anyway
   * and the error is kept: `stats().hookErrors` counts it, `hookFailures()` returns it.
   *
   * @example
   * // replace the object at the exact moment a GetObject is cut, so the resume meets version 2
   * { operation: 'GetObject', kind: 'reset', rate: 1, max: 1,
   *   onFault: async () => { await motoS3.send(new PutObjectCommand({ Bucket, Key, Body: 'version 2' })); } }
   */
  onFault?: (info: FaultInfo) => void | Promise<void>;
}

/**
 * An account-wide API rate quota: a token bucket of `burst` tokens, refilled at
 * `requestsPerSecond`, shared by every request whose operation matches (as an AWS account's
 * per-region quota is shared by all its callers). It starts full.
 */
export interface QuotaRule {
  /** Operation name or a pattern; absent: every operation (moto's own `MotoApi` is never limited). */
  operation?: string | RegExp;
  /** Refill rate, tokens per second (0: the bucket never refills). */
  requestsPerSecond: number;
  /** Bucket size: requests that may pass at once (default: `requestsPerSecond`; at least 1). */
  burst?: number;
}

export interface FaultProxyStats {
  requests: number;
  byOperation: Record<string, number>;
  faults: Record<FaultKind, number>;
  /** Faults per operation (all kinds together; quota throttling not included). */
  faultsByOperation: Record<string, number>;
  /** Requests answered with the throttling answer because a quota's bucket was empty. */
  throttledByQuota: number;
  throttledByQuotaByOperation: Record<string, number>;
  /** Client connections held silent right now by `hold` or `stall` (a gauge: `resetStats` leaves it). */
  held: number;
  /** Requests the proxy went silent on (`hold` or `stall`) since start or `resetStats`. */
  silencedTotal: number;
  /** `onFault` hooks that threw or rejected since start or `resetStats` (see `hookFailures()`). */
  hookErrors: number;
}

export interface FaultProxy {
  /** `http://127.0.0.1:PORT`: use it as the SDK clients' `endpoint` (S3: `forcePathStyle: true`). */
  endpoint: string;
  port: number;
  /** Replaces the rules (and restarts their `max` counters). */
  setRules(rules: FaultRule[]): void;
  /** Replaces the quotas; every bucket starts full. `[]` removes them. */
  setQuotas(rules: QuotaRule[]): void;
  /** Fixed latency added before forwarding every request (concurrent requests overlap). */
  setLatency(ms: number): void;
  stats(): FaultProxyStats;
  /**
   * `stats().held` once the connections the clients gave up on have had time to close (it waits
   * up to 2 s for it to reach 0): a test asserts 0 to show that no silent request leaked a socket.
   */
  heldAfterSettling(): Promise<number>;
  /** Zeroes the counters (not `held`, which counts connections still open) and forgets hook errors. */
  resetStats(): void;
  /** The errors thrown by `onFault` hooks since start or `resetStats`, oldest first. */
  hookFailures(): unknown[];
  /** Closes the server and every open connection, both sides (held and stalled ones too). */
  stop(): Promise<void>;
}

export interface FaultProxyOptions {
  /** Where requests go, e.g. moto's endpoint `http://127.0.0.1:5000`. */
  target: string;
  rules?: FaultRule[];
  /** Account-wide quotas, checked before the fault rules (see `QuotaRule`). */
  quotas?: QuotaRule[];
  latencyMs?: number;
  /** Seed of the PRNG that rolls the dice (default 1): the same seed and request order give the same faults. */
  seed?: number;
  /**
   * The quotas' clock, in milliseconds, never going back (default `performance.now`). A test
   * can pass a hand-moved clock to get exact, timing-free token counts.
   */
  clock?: () => number;
}

const DEFAULT_SLOW_MS = 2_000;
/** S3 sub-resources (query keys) and the word they put in the operation name. */
const S3_SUBRESOURCES: ReadonlyArray<[string, string]> = [
  ['acl', 'Acl'],
  ['policy', 'Policy'],
  ['tagging', 'Tagging'],
  ['versioning', 'Versioning'],
  ['cors', 'Cors'],
  ['lifecycle', 'LifecycleConfiguration'],
  ['encryption', 'Encryption'],
  ['website', 'Website'],
  ['notification', 'NotificationConfiguration'],
  ['logging', 'Logging'],
  ['ownershipControls', 'OwnershipControls'],
  ['publicAccessBlock', 'PublicAccessBlock'],
  ['object-lock', 'ObjectLockConfiguration'],
  ['replication', 'Replication'],
  ['accelerate', 'AccelerateConfiguration'],
  ['requestPayment', 'RequestPayment'],
];

/**
 * The API operation a request is for: JSON protocols by `X-Amz-Target`
 * (`Logs_20140328.GetLogEvents` -> `GetLogEvents`), query protocols by `Action=`, S3 REST
 * (path-style addressing) by method, path and query. moto's own `/moto-api/` is `MotoApi`.
 *
 * @example
 * operationOf('GET', '/bucket?list-type=2', {}); // 'ListObjectsV2'
 */
export function operationOf(method: string, url: string, headers: IncomingHttpHeaders): string {
  const amzTarget = headers['x-amz-target'];
  if (typeof amzTarget === 'string' && amzTarget !== '') {
    const dot = amzTarget.lastIndexOf('.');
    return dot >= 0 ? amzTarget.slice(dot + 1) : amzTarget;
  }
  const parsed = new URL(url, 'http://proxy.invalid');
  if (parsed.pathname.startsWith('/moto-api/')) return 'MotoApi';
  const query = parsed.searchParams;
  const action = query.get('Action');
  if (action !== null && action !== '') return action;

  const path = parsed.pathname.replace(/^\/+/, '');
  const slash = path.indexOf('/');
  const bucket = slash < 0 ? path : path.slice(0, slash);
  const key = slash < 0 ? '' : path.slice(slash + 1);
  const m = method.toUpperCase();
  const sub = S3_SUBRESOURCES.find(([name]) => query.has(name))?.[1];
  const verb = m === 'GET' || m === 'HEAD' ? 'Get' : m === 'PUT' ? 'Put' : m === 'DELETE' ? 'Delete' : undefined;

  if (bucket === '') return m === 'GET' ? 'ListBuckets' : `${m}Service`;
  if (key === '') {
    if (m === 'HEAD') return 'HeadBucket';
    if (m === 'GET') {
      if (query.get('list-type') === '2') return 'ListObjectsV2';
      if (query.has('uploads')) return 'ListMultipartUploads';
      if (query.has('versions')) return 'ListObjectVersions';
      if (query.has('location')) return 'GetBucketLocation';
    }
    if (m === 'POST' && query.has('delete')) return 'DeleteObjects';
    if (sub !== undefined && verb !== undefined) return `${verb}Bucket${sub}`;
    if (m === 'GET') return 'ListObjects';
    if (m === 'PUT') return 'CreateBucket';
    if (m === 'DELETE') return 'DeleteBucket';
    return `${m}Bucket`;
  }
  if (m === 'GET' || m === 'HEAD') {
    if (m === 'GET' && query.has('uploadId')) return 'ListParts';
    if (m === 'GET' && query.has('attributes')) return 'GetObjectAttributes';
    if (sub === 'Acl' || sub === 'Tagging') return `GetObject${sub}`;
    return m === 'HEAD' ? 'HeadObject' : 'GetObject';
  }
  if (m === 'PUT') {
    const copy = headers['x-amz-copy-source'] !== undefined;
    if (query.has('uploadId') && query.has('partNumber')) return copy ? 'UploadPartCopy' : 'UploadPart';
    if (sub === 'Acl' || sub === 'Tagging') return `PutObject${sub}`;
    return copy ? 'CopyObject' : 'PutObject';
  }
  if (m === 'POST') {
    if (query.has('uploads')) return 'CreateMultipartUpload';
    if (query.has('uploadId')) return 'CompleteMultipartUpload';
    if (query.has('restore')) return 'RestoreObject';
    return 'PostObject';
  }
  if (m === 'DELETE') {
    if (query.has('uploadId')) return 'AbortMultipartUpload';
    if (sub === 'Tagging') return 'DeleteObjectTagging';
    return 'DeleteObject';
  }
  return `${m}Object`;
}

/** Hop-by-hop headers (RFC 9110 7.6.1) are not forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'expect']);


function emptyFaults(): Record<FaultKind, number> {
  return { throttle: 0, internal: 0, unavailable: 0, reset: 0, slow: 0, hold: 0, stall: 0 };
}

/** Whether a rule's `operation` (absent: all; string: exact name; RegExp: tested) covers `operation`. */
function matchesOperation(pattern: string | RegExp | undefined, operation: string): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === 'string' ? pattern === operation : pattern.test(operation);
}

function forwardHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** Reads and discards the request body; resolves when it is all in (or the client went away). */
function drain(req: IncomingMessage): Promise<void> {
  if (req.readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    req.on('end', resolve);
    req.on('close', resolve);
    req.on('error', () => resolve());
    req.resume();
  });
}

/** The error answer the real service gives for a fault kind, in the request's protocol. */
function errorAnswer(kind: 'throttle' | 'internal' | 'unavailable', json: boolean, method: string): { status: number; headers: OutgoingHttpHeaders; body: string } {
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
function resetSocket(socket: Socket | null): void {
  if (socket === null || socket.destroyed) return;
  const s = socket as Socket & { resetAndDestroy?: () => Socket };
  if (typeof s.resetAndDestroy === 'function') s.resetAndDestroy();
  else s.destroy();
}

/** A quota's token bucket. */
interface Bucket {
  rule: QuotaRule;
  capacity: number;
  perMs: number;
  tokens: number;
  updatedAt: number;
}

/** A full bucket for each quota rule; throws on a rate or burst that is not a number >= 0. */
function makeBuckets(quotas: readonly QuotaRule[], now: number): Bucket[] {
  return quotas.map((rule) => {
    const { requestsPerSecond: rps, burst } = rule;
    if (!Number.isFinite(rps) || rps < 0) throw new RangeError(`quota requestsPerSecond must be a number >= 0, got ${rps}`);
    if (burst !== undefined && !(Number.isFinite(burst) && burst >= 0)) throw new RangeError(`quota burst must be a number >= 0, got ${burst}`);
    const capacity = Math.max(1, burst ?? rps);
    return { rule, capacity, perMs: rps / 1000, tokens: capacity, updatedAt: now };
  });
}

/** Tolerance for the float sums of refills (10 x 0.1 s at 1/s must make one whole token). */
const TOKEN_EPSILON = 1e-9;

/**
 * Takes one token from every bucket covering `operation`, or none if one of them is empty (then
 * the request is throttled). `true` when the request may go on.
 */
function takeTokens(buckets: readonly Bucket[], operation: string, now: number): boolean {
  const covering = buckets.filter((bucket) => matchesOperation(bucket.rule.operation, operation));
  for (const bucket of covering) {
    bucket.tokens = Math.min(bucket.capacity, bucket.tokens + Math.max(0, now - bucket.updatedAt) * bucket.perMs);
    bucket.updatedAt = now;
  }
  if (covering.some((bucket) => bucket.tokens < 1 - TOKEN_EPSILON)) return false;
  for (const bucket of covering) bucket.tokens = Math.max(0, bucket.tokens - 1);
  return true;
}

/** Whether the upstream answer has body bytes to cut in the middle. */
function hasBody(req: IncomingMessage, upstream: IncomingMessage): boolean {
  const length = Number(upstream.headers['content-length'] ?? Number.NaN);
  return req.method !== 'HEAD' && upstream.statusCode !== 204 && upstream.statusCode !== 304 && length !== 0;
}

/** Body bytes to send before a cut: `wanted` (default: half the body), always fewer than the whole body. */
function cutPoint(upstream: IncomingMessage, wanted: number | undefined): number {
  const length = Number(upstream.headers['content-length'] ?? Number.NaN);
  if (!Number.isFinite(length)) return Math.max(0, wanted ?? 1);
  return Math.min(Math.max(0, wanted ?? Math.floor(length / 2)), length - 1);
}

/**
 * Starts an HTTP proxy on 127.0.0.1 (free port) in front of `target` that adds latency and
 * injects AWS-style faults per operation, at a given rate, reproducibly from a seed, and can
 * enforce account-wide rate quotas. Bodies are streamed both ways (never buffered), keep-alive
 * works, and the SDK's standard retry strategy treats every error fault as retryable
 * (throttling, 5xx, connection reset, timeout). `hold` and `stall` are only ended by the
 * client's own timeout or abort (or `stop()`).
 *
 * @example
 * const proxy = await startFaultProxy({ target: moto.endpoint, seed: 7, rules: [
 *   { operation: 'GetLogEvents', kind: 'throttle', rate: 1, max: 2 },
 * ] });
 * const logs = new CloudWatchLogsClient({ endpoint: proxy.endpoint, region: 'us-east-1', credentials: fakeCredentials });
 * // ... the first two GetLogEvents are throttled, the SDK retries, the third goes through
 * proxy.stats().faults.throttle; // 2
 * await proxy.stop();
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  if (target.protocol !== 'http:') throw new Error(`fault proxy target must be http://, got ${options.target}`);
  const targetPort = Number(target.port || 80);
  const targetHost = target.hostname;
  const clock = options.clock ?? (() => performance.now());

  let rules: FaultRule[] = [...(options.rules ?? [])];
  let fired = new Map<FaultRule, number>();
  let buckets = makeBuckets(options.quotas ?? [], clock());
  let latencyMs = options.latencyMs ?? 0;
  const roll = prng(options.seed ?? 1);

  let requests = 0;
  let byOperation: Record<string, number> = {};
  let faults = emptyFaults();
  let faultsByOperation: Record<string, number> = {};
  let throttledByQuota = 0;
  let throttledByQuotaByOperation: Record<string, number> = {};
  let silencedTotal = 0;
  let hookFailures: unknown[] = [];
  const held = new Set<ServerResponse>();
  /** Responses whose upstream the proxy let go on purpose: an upstream error must not reset them. */
  const detached = new WeakSet<ServerResponse>();

  const agent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256 });
  const sockets = new Set<Socket>();

  /** Decided at arrival, in arrival order, so a seed gives a reproducible sequence. */
  function pickRule(operation: string): FaultRule | undefined {
    for (const rule of rules) {
      if (!matchesOperation(rule.operation, operation)) continue;
      const count = fired.get(rule) ?? 0;
      if (rule.max !== undefined && count >= rule.max) continue;
      if (rule.rate <= 0) continue;
      if (roll() < rule.rate) {
        fired.set(rule, count + 1);
        return rule;
      }
    }
    return undefined;
  }

  /** Awaits the rule's hook; a failure is kept, never thrown, so the fault still happens. */
  async function runHook(rule: FaultRule, info: FaultInfo): Promise<void> {
    if (rule.onFault === undefined) return;
    try {
      await rule.onFault(info);
    } catch (error) {
      hookFailures.push(error);
    }
  }

  function forward(
    req: IncomingMessage,
    res: ServerResponse,
    onResponse: (upstream: IncomingMessage) => void,
  ): void {
    const upstreamReq = httpRequest({
      host: targetHost,
      port: targetPort,
      method: req.method,
      path: req.url,
      headers: forwardHeaders(req.headers),
      agent,
    });
    let finished = false;
    upstreamReq.on('response', (upstream) => {
      upstream.on('error', () => {
        if (!detached.has(res)) resetSocket(res.socket);
      });
      upstream.on('end', () => {
        finished = true;
      });
      onResponse(upstream);
    });
    upstreamReq.on('error', (error) => {
      if (detached.has(res)) return;
      if (res.headersSent) {
        resetSocket(res.socket);
      } else {
        const body = `fault proxy: ${target.host} unreachable: ${error.message}`;
        res.writeHead(502, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      }
    });
    // The client went away (or we reset it): stop the upstream transfer too.
    res.on('close', () => {
      if (!finished || !res.writableFinished) upstreamReq.destroy();
    });
    req.on('error', () => upstreamReq.destroy());
    req.pipe(upstreamReq);
  }

  function sendUpstream(res: ServerResponse, upstream: IncomingMessage): void {
    res.writeHead(upstream.statusCode ?? 502, upstream.statusMessage, forwardHeaders(upstream.headers));
    upstream.pipe(res);
  }

  /**
   * Sends the status, the headers and the first `cut` body bytes (streamed, with backpressure),
   * lets the upstream answer go, and calls `onSent` once those bytes are handed to the socket.
   */
  function sendPart(res: ServerResponse, upstream: IncomingMessage, cut: number, onSent: () => void): void {
    res.writeHead(upstream.statusCode ?? 502, upstream.statusMessage, forwardHeaders(upstream.headers));
    let sent = 0;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      detached.add(res);
      upstream.destroy();
      onSent();
    };
    if (cut === 0) {
      res.flushHeaders();
      finish();
      return;
    }
    upstream.on('data', (chunk: Buffer) => {
      if (done) return;
      const room = cut - sent;
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      sent += part.length;
      const flushed = res.write(part);
      if (sent >= cut) {
        if (flushed) finish();
        else res.once('drain', finish);
      } else if (!flushed) {
        upstream.pause();
        res.once('drain', () => upstream.resume());
      }
    });
    upstream.on('end', finish);
  }

  function sendPartThenReset(req: IncomingMessage, res: ServerResponse, upstream: IncomingMessage, rule: FaultRule, fire: () => Promise<void>): void {
    if (!hasBody(req, upstream)) {
      // Nothing to cut in the middle: reset before the response.
      detached.add(res);
      upstream.destroy();
      void fire().then(() => resetSocket(res.socket));
      return;
    }
    // Always cut before the end, so the fault really is a truncated response.
    sendPart(res, upstream, cutPoint(upstream, rule.resetAfterBytes), () => {
      // Let the bytes already written reach the client before the RST discards its buffers.
      void fire().then(() => setTimeout(() => resetSocket(res.socket), 25));
    });
  }

  /** From now on nothing more is sent: the connection stays open until the client (or `stop()`) closes it. */
  function goSilent(res: ServerResponse, fire: () => Promise<void>): void {
    detached.add(res);
    if (res.destroyed) return;
    held.add(res);
    silencedTotal += 1;
    res.once('close', () => held.delete(res));
    void fire();
  }

  function sendPartThenStall(req: IncomingMessage, res: ServerResponse, upstream: IncomingMessage, rule: FaultRule, fire: () => Promise<void>): void {
    if (!hasBody(req, upstream)) {
      // Headers alone would be a whole answer: stay silent before the status line instead.
      upstream.resume();
      goSilent(res, fire);
      return;
    }
    sendPart(res, upstream, cutPoint(upstream, rule.stallAfterBytes), () => goSilent(res, fire));
  }

  async function sendError(req: IncomingMessage, res: ServerResponse, kind: 'throttle' | 'internal' | 'unavailable', fire: () => Promise<void>): Promise<void> {
    await drain(req);
    if (res.destroyed) return;
    await fire();
    if (res.destroyed) return;
    const json = req.headers['x-amz-target'] !== undefined;
    const answer = errorAnswer(kind, json, req.method ?? 'GET');
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const operation = operationOf(method, url, req.headers);
    requests += 1;
    byOperation[operation] = (byOperation[operation] ?? 0) + 1;
    const limited = operation !== 'MotoApi' && !takeTokens(buckets, operation, clock());
    const rule = limited || operation === 'MotoApi' ? undefined : pickRule(operation);
    if (limited) {
      throttledByQuota += 1;
      throttledByQuotaByOperation[operation] = (throttledByQuotaByOperation[operation] ?? 0) + 1;
    } else if (rule !== undefined) {
      faults[rule.kind] += 1;
      faultsByOperation[operation] = (faultsByOperation[operation] ?? 0) + 1;
    }

    await sleep(latencyMs);
    if (res.destroyed) return;

    if (limited) {
      await sendError(req, res, 'throttle', () => Promise.resolve());
      return;
    }
    if (rule === undefined) {
      forward(req, res, (upstream) => sendUpstream(res, upstream));
      return;
    }
    // A hook runs only if the client is still there to meet the fault.
    const fire = (): Promise<void> => (res.destroyed ? Promise.resolve() : runHook(rule, { rule, operation, method, url }));
    switch (rule.kind) {
      case 'throttle':
      case 'internal':
      case 'unavailable':
        await sendError(req, res, rule.kind, fire);
        return;
      case 'slow':
        forward(req, res, (upstream) => {
          upstream.pause();
          setTimeout(() => {
            if (res.destroyed) {
              upstream.destroy();
              return;
            }
            void fire().then(() => {
              if (res.destroyed) upstream.destroy();
              else sendUpstream(res, upstream);
            });
          }, rule.delayMs ?? DEFAULT_SLOW_MS);
        });
        return;
      case 'reset':
        forward(req, res, (upstream) => sendPartThenReset(req, res, upstream, rule, fire));
        return;
      case 'stall':
        forward(req, res, (upstream) => sendPartThenStall(req, res, upstream, rule, fire));
        return;
      case 'hold':
        forward(req, res, (upstream) => {
          // The service has acted; its answer is read and thrown away.
          upstream.resume();
          goSilent(res, fire);
        });
        return;
    }
  }

  const server = createServer({ keepAlive: true }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`fault proxy error: ${String(error)}`);
      } else {
        resetSocket(res.socket);
      }
    });
  });
  // Clients (the SDK's keep-alive agent) may keep sockets idle for long; never race them, and
  // never cut a long upload or download.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 120_000;
  server.requestTimeout = 0;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fault proxy: no port');
  const port = address.port;
  server.unref();

  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    setRules(next) {
      rules = [...next];
      fired = new Map();
    },
    setQuotas(next) {
      buckets = makeBuckets(next, clock());
    },
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    async heldAfterSettling() {
      for (let i = 0; i < 200 && held.size > 0; i++) await sleep(10);
      return held.size;
    },
    stats() {
      return {
        requests,
        byOperation: { ...byOperation },
        faults: { ...faults },
        faultsByOperation: { ...faultsByOperation },
        throttledByQuota,
        throttledByQuotaByOperation: { ...throttledByQuotaByOperation },
        held: held.size,
        silencedTotal,
        hookErrors: hookFailures.length,
      };
    },
    resetStats() {
      requests = 0;
      byOperation = {};
      faults = emptyFaults();
      faultsByOperation = {};
      throttledByQuota = 0;
      throttledByQuotaByOperation = {};
      silencedTotal = 0;
      hookFailures = [];
    },
    hookFailures() {
      return [...hookFailures];
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        held.clear();
        agent.destroy();
      });
      return stopped;
    },
  };
}

/**
 * The fault mix for `operation`: 10% throttling, 10% 5xx (half 500, half 503) and 10%
 * connection resets, each of a request's fate. Rules are tried in order, so each later rate is
 * divided by what the earlier ones left (0.05 / 0.9 of the 90% not throttled is 5% overall).
 */
export function tenPercentFaults(operation: RegExp): FaultRule[] {
  return [
    { operation, kind: 'throttle', rate: 0.1 },
    { operation, kind: 'internal', rate: 0.05 / 0.9 },
    { operation, kind: 'unavailable', rate: 0.05 / 0.85 },
    { operation, kind: 'reset', rate: 0.1 / 0.8 },
  ];
}
