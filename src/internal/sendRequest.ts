/**
 * The one way sagemaker-bench sends an AWS request: `client.send(command)` bounded in time,
 * rate-limited when asked, and with errors made safe to keep. Internal.
 *
 * ## Time limits
 *
 * Each attempt gets `timeouts.firstByteMs` to start answering (status line and headers) and,
 * once its body flows, at most `timeouts.idleMs` of silence between two chunks. A request that
 * runs over is cut off (its socket destroyed) and the call rejects with a
 * {@link RequestTimeoutError}, which {@link isTransient} calls transient: callers retry it with
 * `withRetry` like a dropped connection. A consumer that is slow to read a streamed body
 * (GetObject) is not a silent server: data waiting in the buffer re-arms the idle timer.
 *
 * The limits are enforced by two middlewares added to the command (not to the client), which
 * run once per attempt, inside the SDK's own retry loop:
 *
 * - `deserialize`/`low`, next to the HTTP handler: arms the first-byte timer when the attempt is
 *   sent, and watches the raw body for silence;
 * - `deserialize`/`high`, inside the SDK's retry loop but above the deserializer: takes a rate
 *   token for the SDK's own retries (the first attempt takes it before `send`) and tells the
 *   limiter about throttling answers and successes.
 *
 * A client whose `send` never runs the middleware stack (aws-sdk-client-mock, a fake) still gets
 * the first-byte limit over the whole call (the promise is raced against the timer) and the idle
 * limit on a streamed `Body`.
 *
 * ## Errors
 *
 * Every error that leaves here went through `sanitizeAwsError`: the raw HTTP response (and the
 * request headers it reaches: credentials) is dropped, secrets in messages redacted. Then
 * `mapCommonAwsError` turns the errors any request can meet into typed ones, the SDK error as
 * their `cause`: no credentials (`NoCredentialsError`), no region (`ClientConfigError`), no AWS
 * at the endpoint or an unknown region (`EndpointError`), a missing permission
 * (`NotAuthorizedError`, naming the IAM action). Other errors (not found, validation,
 * throttling that outlasted the SDK's retries) leave as the SDK gave them, for the caller to read.
 */
import { Readable } from 'node:stream';
import { RequestTimeoutError } from '../errors';
import { abortReason } from './sleep';
import { isThrottling } from './isTransient';
import { mapCommonAwsError } from './mapCommonAwsError';
import { sanitizeAwsError } from './sanitizeAwsError';
import { timeoutsFor, type ResolvedTimeouts } from './requestTimeouts';

/** What a rate limiter must offer to pace requests (the public `RateLimiter` does). */
export interface RequestPacer {
  acquire(signal?: AbortSignal): Promise<void>;
  recordThrottle(): void;
  recordSuccess(): void;
}

/** Options of {@link sendRequest}. */
export interface SendRequestOptions {
  /** Cancels the request; the call then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  timeouts: ResolvedTimeouts;
  /** What the request is about, for error messages: `s3://bucket/key`, `training job x`, ... */
  resource: string;
  /** Paces every attempt, and hears about throttling. */
  limiter?: RequestPacer | undefined;
  /** The operation's name for error messages (default: the command's class name without `Command`). */
  operation?: string | undefined;
}

/** The part of an SDK command's middleware stack this module uses. */
interface MiddlewareAdder {
  add(middleware: unknown, options: { step: 'deserialize'; priority: 'high' | 'low'; name: string; override: boolean }): void;
}

/** An SDK v3 command: its output type is what its resolved handler gives. */
interface SdkCommand {
  readonly middlewareStack: object;
  resolveMiddleware(...args: never[]): (args: never) => Promise<{ output: unknown }>;
}

type CommandOutput<C> = C extends { resolveMiddleware(...args: never[]): (args: never) => Promise<{ output: infer O }> } ? O : never;

/** An SDK v3 client (its `send` has overloads a generic parameter cannot follow). */
interface SdkClient {
  send(command: never, options?: never): Promise<unknown>;
}

type Next = (args: { request?: unknown }) => Promise<{ response?: { body?: unknown }; output?: unknown }>;

/**
 * Sends `command` with `client`, bounded by `options.timeouts`, paced by `options.limiter`.
 *
 * @example
 * ```ts
 * const page = await withRetry(
 *   () => sendRequest(client, new GetLogEventsCommand(input), { signal, timeouts, resource: `stream ${name}`, limiter }),
 *   signal,
 * );
 * ```
 */
export async function sendRequest<C extends SdkCommand>(client: SdkClient, command: C, options: SendRequestOptions): Promise<CommandOutput<C>> {
  type O = CommandOutput<C>;
  const send = client.send.bind(client) as unknown as (command: C, options: { abortSignal: AbortSignal }) => Promise<O>;
  const stack = command.middlewareStack as unknown as MiddlewareAdder;
  const { signal, limiter } = options;
  if (signal?.aborted) throw abortReason(signal);
  const operation = options.operation ?? operationName(command);
  // Limits left to their defaults are the client's own when createClients({ timeouts }) made it.
  const watch = new Watchdog(operation, options.resource, timeoutsFor(client, options.timeouts));
  const onAbort = (): void => watch.abort(abortReason(signal!));
  signal?.addEventListener('abort', onAbort, { once: true });
  let attempts = 0;
  let bodyGuarded = false;

  stack.add(
    (next: Next) => async (args: { request?: unknown }) => {
      attempts++;
      if (attempts > 1 && limiter !== undefined) await limiter.acquire(watch.controller.signal);
      try {
        const result = await next(args);
        limiter?.recordSuccess();
        return result;
      } catch (error) {
        if (limiter !== undefined && isThrottling(error)) limiter.recordThrottle();
        throw error;
      }
    },
    { step: 'deserialize', priority: 'high', name: 'sagemakerBenchPacing', override: true },
  );
  stack.add(
    (next: Next) => async (args: { request?: unknown }) => {
      watch.armResponse();
      let result;
      try {
        result = await next(args);
      } finally {
        watch.disarm();
      }
      const response = result.response;
      if (response !== undefined && isNodeReadable(response.body)) {
        response.body = watch.guardBody(response.body);
        bodyGuarded = true;
      }
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'sagemakerBenchWatchdog', override: true },
  );

  try {
    if (limiter !== undefined) await limiter.acquire(watch.controller.signal);
    watch.armResponse();
    const output = await Promise.race([send(command, { abortSignal: watch.controller.signal }), watch.fired]);
    watch.disarm();
    // The stack did not run (a mocked client): account for the call as one attempt.
    if (attempts === 0) limiter?.recordSuccess();
    if (!bodyGuarded) guardOutputBody(output, watch);
    return output;
  } catch (error) {
    watch.disarm();
    if (watch.error !== undefined) throw watch.error;
    if (signal?.aborted) throw abortReason(signal);
    if (attempts === 0 && limiter !== undefined && isThrottling(error)) limiter.recordThrottle();
    throw await mapCommonAwsError(sanitizeAwsError(error), {
      client,
      operation,
      resource: options.resource,
      input: (command as { input?: unknown }).input,
    });
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** `GetObjectCommand` -> `GetObject`. */
function operationName(command: object): string {
  const name = command.constructor?.name ?? '';
  return name.endsWith('Command') && name.length > 'Command'.length ? name.slice(0, -'Command'.length) : name || 'request';
}

function isNodeReadable(body: unknown): body is Readable {
  return body instanceof Readable;
}

/** Streamed outputs (GetObject's `Body`) a mocked client handed back unguarded. */
function guardOutputBody(output: unknown, watch: Watchdog): void {
  if (typeof output !== 'object' || output === null) return;
  const body = (output as { Body?: unknown }).Body;
  if (isNodeReadable(body)) (output as { Body?: unknown }).Body = watch.guardBody(body);
}

/** The timers of one request. */
class Watchdog {
  readonly controller = new AbortController();
  /** Rejects when a limit is reached or the caller aborts (never otherwise); raced against `send`, which may ignore its signal. */
  readonly fired: Promise<never>;
  /** The timeout, once one fired. */
  error: RequestTimeoutError | undefined;
  readonly #operation: string;
  readonly #resource: string;
  readonly #timeouts: ResolvedTimeouts;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #reject!: (error: unknown) => void;

  constructor(operation: string, resource: string, timeouts: ResolvedTimeouts) {
    this.#operation = operation;
    this.#resource = resource;
    this.#timeouts = timeouts;
    this.fired = new Promise<never>((_, reject) => {
      this.#reject = reject;
    });
    this.fired.catch(() => undefined);
  }

  /** The caller aborted: cancel the request and settle the race with `reason`. */
  abort(reason: unknown): void {
    this.disarm();
    this.controller.abort(reason);
    this.#reject(reason);
  }

  /** (Re)starts the first-byte timer of an attempt. */
  armResponse(): void {
    this.disarm();
    const ms = this.#timeouts.firstByteMs;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#fire('response', ms);
    }, ms);
  }

  disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Watches `body` (a Node Readable) and fails it with a RequestTimeoutError after `idleMs`
   * without a chunk while its reader waits for one. The stream is not wrapped (no extra copy or
   * buffer, the same `destroy()`): its own `push`, which every producer of a Node Readable calls
   * (the HTTP parser for an IncomingMessage), is watched instead.
   */
  guardBody(body: Readable): Readable {
    const idleMs = this.#timeouts.idleMs;
    let last = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const watched = body as Readable & { push: Readable['push'] };
    const push = watched.push;
    watched.push = function (this: Readable, chunk: unknown, encoding?: BufferEncoding): boolean {
      last = performance.now();
      return push.call(this, chunk, encoding);
    };
    const stop = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    };
    const check = (): void => {
      timer = undefined;
      if (body.destroyed || body.readableEnded) return;
      // Data waiting for the reader: the reader is slow, not the server.
      if (body.readableLength > 0) last = performance.now();
      else if (performance.now() - last >= idleMs) {
        const error = this.#timeout('body', idleMs);
        body.destroy(error);
        this.controller.abort(error);
        this.#reject(error);
        return;
      }
      timer = setTimeout(check, Math.max(1, idleMs - (performance.now() - last)));
    };
    timer = setTimeout(check, idleMs);
    body.once('close', stop);
    body.once('end', stop);
    body.once('error', stop);
    return body;
  }

  #fire(phase: 'response' | 'body', ms: number): void {
    const error = this.#timeout(phase, ms);
    this.controller.abort(error);
    this.#reject(error);
  }

  #timeout(phase: 'response' | 'body', ms: number): RequestTimeoutError {
    this.error ??= new RequestTimeoutError({ operation: this.#operation, resource: this.#resource, phase, timeoutMs: ms });
    return this.error;
  }
}
