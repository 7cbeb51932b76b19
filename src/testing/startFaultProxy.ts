/**
 * A fault-injecting HTTP proxy in front of a local server. See {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/testing.md | docs/testing.md}.
 *
 * @module
 */
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { mulberry32 } from '../internal/mulberry32';
import type { FaultProxy, FaultProxyStats } from './FaultProxy';
import type { FaultInfo, FaultKind, FaultRule, QuotaRule } from './FaultRule';
import { operationOf } from './internal/operationOf';
import { cutPoint, drain, errorAnswer, forwardHeaders, hasBody, resetSocket } from './internal/proxyHttp';
import { makeBuckets, matchesOperation, takeTokens } from './internal/quotaBuckets';

/**
 * Options of {@link startFaultProxy}.
 *
 * @example
 * ```ts
 * import { startFaultProxy, startMoto, tenPercentFaults, type FaultProxyOptions } from 'sagemaker-bench/testing';
 *
 * const moto = await startMoto();
 * const options: FaultProxyOptions = {
 *   target: moto.endpoint,
 *   rules: tenPercentFaults(),
 *   quotas: [{ operation: 'GetLogEvents', requestsPerSecond: 10 }],
 *   latencyMs: 20,
 *   seed: 7,
 * };
 * const proxy = await startFaultProxy(options);
 * ```
 */
export interface FaultProxyOptions {
  /** Where requests go: a local `http://` server, e.g. moto's `endpoint`. */
  target: string;
  /** The fault rules to start with (default none; see {@link FaultProxy.setRules}). */
  rules?: FaultRule[];
  /** Account-wide quotas, checked before the fault rules (see `QuotaRule`). */
  quotas?: QuotaRule[];
  /** Fixed latency added before forwarding every request, in milliseconds (default 0; see {@link FaultProxy.setLatency}). */
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

function emptyFaults(): Record<FaultKind, number> {
  return { throttle: 0, internal: 0, unavailable: 0, reset: 0, slow: 0, hold: 0, stall: 0 };
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
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
 * ```ts
 * import { clientsFor, seedLogStream, startFaultProxy, startMoto } from 'sagemaker-bench/testing';
 * import { CloudWatchLogSource, readLogText } from 'sagemaker-bench';
 *
 * const moto = await startMoto();
 * const proxy = await startFaultProxy({ target: moto.endpoint, seed: 7, rules: [
 *   { operation: 'GetLogEvents', kind: 'throttle', rate: 1, max: 2 },
 * ] });
 * await seedLogStream(moto.clients, { logStreamName: 'my-job/algo-1-1700000000', events: 'epoch 1\nepoch 2' });
 * const { logs } = clientsFor(proxy); // the code under test talks to the proxy
 * // the first two GetLogEvents are throttled, the SDK retries, the third goes through
 * const text = await readLogText(new CloudWatchLogSource({ client: logs, jobName: 'my-job' }));
 * console.log(text, proxy.stats().faults.throttle); // 'epoch 1\nepoch 2' 2
 * await proxy.stop();
 * await moto.stop();
 * ```
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  if (target.protocol !== 'http:') throw new TypeError(`startFaultProxy: target must be an http:// URL, got ${options.target}`);
  const targetPort = Number(target.port || 80);
  const targetHost = target.hostname;
  const clock = options.clock ?? (() => performance.now());

  let rules: FaultRule[] = [...(options.rules ?? [])];
  let fired = new Map<FaultRule, number>();
  let buckets = makeBuckets(options.quotas ?? [], clock());
  let latencyMs = options.latencyMs ?? 0;
  const roll = mulberry32(options.seed ?? 1);

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
    stats(): FaultProxyStats {
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
