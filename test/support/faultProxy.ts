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
 * - `slow`: forwards the request and holds the response for `delayMs` before sending it.
 */
export type FaultKind = 'throttle' | 'internal' | 'unavailable' | 'reset' | 'slow';

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
}

export interface FaultProxyStats {
  requests: number;
  byOperation: Record<string, number>;
  faults: Record<FaultKind, number>;
  /** Faults per operation (all kinds together). */
  faultsByOperation: Record<string, number>;
}

export interface FaultProxy {
  /** `http://127.0.0.1:PORT`: use it as the SDK clients' `endpoint` (S3: `forcePathStyle: true`). */
  endpoint: string;
  port: number;
  /** Replaces the rules (and restarts their `max` counters). */
  setRules(rules: FaultRule[]): void;
  /** Fixed latency added before forwarding every request (concurrent requests overlap). */
  setLatency(ms: number): void;
  stats(): FaultProxyStats;
  resetStats(): void;
  /** Closes the server and every open connection, both sides. */
  stop(): Promise<void>;
}

export interface FaultProxyOptions {
  /** Where requests go, e.g. moto's endpoint `http://127.0.0.1:5000`. */
  target: string;
  rules?: FaultRule[];
  latencyMs?: number;
  /** Seed of the PRNG that rolls the dice (default 1): the same seed and request order give the same faults. */
  seed?: number;
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
  return { throttle: 0, internal: 0, unavailable: 0, reset: 0, slow: 0 };
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

/**
 * Starts an HTTP proxy on 127.0.0.1 (free port) in front of `target` that adds latency and
 * injects AWS-style faults per operation, at a given rate, reproducibly from a seed. Bodies
 * are streamed both ways (never buffered), keep-alive works, and the SDK's standard retry
 * strategy treats every fault as retryable (throttling, 5xx, connection reset, timeout).
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

  let rules: FaultRule[] = [...(options.rules ?? [])];
  let fired = new Map<FaultRule, number>();
  let latencyMs = options.latencyMs ?? 0;
  const roll = prng(options.seed ?? 1);

  let requests = 0;
  let byOperation: Record<string, number> = {};
  let faults = emptyFaults();
  let faultsByOperation: Record<string, number> = {};

  const agent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256 });
  const sockets = new Set<Socket>();

  /** Decided at arrival, in arrival order, so a seed gives a reproducible sequence. */
  function pickRule(operation: string): FaultRule | undefined {
    for (const rule of rules) {
      if (rule.operation !== undefined) {
        const matches = typeof rule.operation === 'string' ? rule.operation === operation : rule.operation.test(operation);
        if (!matches) continue;
      }
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
      upstream.on('error', () => resetSocket(res.socket));
      upstream.on('end', () => {
        finished = true;
      });
      onResponse(upstream);
    });
    upstreamReq.on('error', (error) => {
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

  function sendPartThenReset(req: IncomingMessage, res: ServerResponse, upstream: IncomingMessage, rule: FaultRule): void {
    const length = Number(upstream.headers['content-length'] ?? Number.NaN);
    const hasBody = req.method !== 'HEAD' && upstream.statusCode !== 204 && upstream.statusCode !== 304 && length !== 0;
    if (!hasBody) {
      // Nothing to cut in the middle: reset before the response.
      upstream.destroy();
      resetSocket(res.socket);
      return;
    }
    // Always cut before the end, so the fault really is a truncated response.
    const wanted = rule.resetAfterBytes ?? (Number.isFinite(length) ? Math.floor(length / 2) : 1);
    const cut = Number.isFinite(length) ? Math.min(Math.max(0, wanted), length - 1) : Math.max(0, wanted);
    res.writeHead(upstream.statusCode ?? 502, upstream.statusMessage, forwardHeaders(upstream.headers));
    let sent = 0;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      upstream.destroy();
      // Let the bytes already written reach the client before the RST discards its buffers.
      setTimeout(() => resetSocket(res.socket), 25);
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

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const operation = operationOf(req.method ?? 'GET', req.url ?? '/', req.headers);
    requests += 1;
    byOperation[operation] = (byOperation[operation] ?? 0) + 1;
    const rule = operation === 'MotoApi' ? undefined : pickRule(operation);
    if (rule !== undefined) {
      faults[rule.kind] += 1;
      faultsByOperation[operation] = (faultsByOperation[operation] ?? 0) + 1;
    }

    await sleep(latencyMs);
    if (res.destroyed) return;

    if (rule === undefined) {
      forward(req, res, (upstream) => sendUpstream(res, upstream));
      return;
    }
    switch (rule.kind) {
      case 'throttle':
      case 'internal':
      case 'unavailable': {
        await drain(req);
        if (res.destroyed) return;
        const json = req.headers['x-amz-target'] !== undefined;
        const answer = errorAnswer(rule.kind, json, req.method ?? 'GET');
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
        return;
      }
      case 'slow':
        forward(req, res, (upstream) => {
          upstream.pause();
          setTimeout(() => {
            if (res.destroyed) upstream.destroy();
            else sendUpstream(res, upstream);
          }, rule.delayMs ?? DEFAULT_SLOW_MS);
        });
        return;
      case 'reset':
        forward(req, res, (upstream) => sendPartThenReset(req, res, upstream, rule));
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
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    stats() {
      return {
        requests,
        byOperation: { ...byOperation },
        faults: { ...faults },
        faultsByOperation: { ...faultsByOperation },
      };
    },
    resetStats() {
      requests = 0;
      byOperation = {};
      faults = emptyFaults();
      faultsByOperation = {};
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
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
