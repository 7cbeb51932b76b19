/**
 * What the fault proxy does to requests: fault rules and rate quotas. See {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/testing.md | docs/testing.md}.
 *
 * @module
 */

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
 *
 * The first four are retried by the SDK's standard retry strategy; `hold` and `stall` end only
 * by the client's own timeout or abort (a client without `requestTimeout`/`socketTimeout` waits forever).
 *
 * @example
 * ```ts
 * import type { FaultKind } from 'sagemaker-bench/testing';
 *
 * const transient: FaultKind[] = ['throttle', 'internal', 'unavailable', 'reset'];
 * ```
 */
export type FaultKind = 'throttle' | 'internal' | 'unavailable' | 'reset' | 'slow' | 'hold' | 'stall';

/**
 * What a rule's `onFault` hook is told about the request whose fault is taking effect.
 *
 * @example
 * ```ts
 * import type { FaultInfo } from 'sagemaker-bench/testing';
 *
 * const seen: string[] = [];
 * const onFault = (info: FaultInfo): void => { seen.push(`${info.rule.kind} ${info.method} ${info.url}`); };
 * ```
 */
export interface FaultInfo {
  /** The rule that hit. */
  rule: FaultRule;
  /** The request's API operation, e.g. `GetLogEvents`, `GetObject`, `DescribeTrainingJob`. */
  operation: string;
  /** The request's HTTP method, e.g. `GET`. */
  method: string;
  /** The request's path and query, as received (`/bucket/key?x-id=GetObject`). */
  url: string;
}

/**
 * One fault rule. For each request, in arrival order, the proxy walks its rules; the first rule
 * that matches the operation, has not reached its `max`, and whose dice roll (seeded) hits is
 * applied. The same seed and the same request order give the same faults.
 *
 * @example
 * ```ts
 * import type { FaultRule } from 'sagemaker-bench/testing';
 *
 * const rules: FaultRule[] = [
 *   { operation: 'GetLogEvents', kind: 'throttle', rate: 1, max: 2 }, // the first two are throttled
 *   { operation: /Object$/, kind: 'reset', rate: 0.05 },              // 5% of S3 object calls cut
 *   { kind: 'slow', rate: 0.1, delayMs: 500 },                         // 10% of everything else late
 * ];
 * ```
 */
export interface FaultRule {
  /** Operation name (`GetLogEvents`, `GetObject`, ...) or a pattern; absent: every operation. */
  operation?: string | RegExp;
  /** What happens to a request the rule hits. */
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
   * ```ts
   * // replace the object at the exact moment a GetObject is cut, so the resume meets version 2
   * { operation: 'GetObject', kind: 'reset', rate: 1, max: 1,
   *   onFault: async () => { await moto.clients.s3.send(new PutObjectCommand({ Bucket, Key, Body: 'version 2' })); } }
   * ```
   */
  onFault?: (info: FaultInfo) => void | Promise<void>;
}

/**
 * An account-wide API rate quota: a token bucket of `burst` tokens, refilled at
 * `requestsPerSecond`, shared by every request whose operation matches (as an AWS account's
 * per-region quota is shared by all its callers). It starts full. A request that finds it
 * empty gets the throttling answer, before any fault rule is tried.
 *
 * @example
 * ```ts
 * import type { QuotaRule } from 'sagemaker-bench/testing';
 *
 * // CloudWatch Logs' GetLogEvents quota: about 10 requests per second per account and region
 * const quotas: QuotaRule[] = [{ operation: 'GetLogEvents', requestsPerSecond: 10 }];
 * ```
 */
export interface QuotaRule {
  /** Operation name or a pattern; absent: every operation (moto's own `MotoApi` is never limited). */
  operation?: string | RegExp;
  /** Refill rate, tokens per second (0: the bucket never refills). */
  requestsPerSecond: number;
  /** Bucket size: requests that may pass at once (default: `requestsPerSecond`; at least 1). */
  burst?: number;
}
