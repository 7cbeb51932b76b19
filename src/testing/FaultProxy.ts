import type { FaultKind, FaultRule, QuotaRule } from './FaultRule';

/**
 * What a fault proxy has seen and done since it started (or since `resetStats()`).
 *
 * @example
 * ```ts
 * import type { FaultProxyStats } from 'sagemaker-bench/testing';
 *
 * function faultCount(stats: FaultProxyStats): number {
 *   return Object.values(stats.faults).reduce((sum, n) => sum + n, 0) + stats.throttledByQuota;
 * }
 * ```
 */
export interface FaultProxyStats {
  /** Requests received (moto's own `MotoApi` calls included). */
  requests: number;
  /** Requests received per operation: `{ GetLogEvents: 12, DescribeLogStreams: 1 }`. */
  byOperation: Record<string, number>;
  /** Faults applied per kind (every kind present, 0 when none). */
  faults: Record<FaultKind, number>;
  /** Faults per operation (all kinds together; quota throttling not included). */
  faultsByOperation: Record<string, number>;
  /** Requests answered with the throttling answer because a quota's bucket was empty. */
  throttledByQuota: number;
  /** {@link FaultProxyStats.throttledByQuota} per operation. */
  throttledByQuotaByOperation: Record<string, number>;
  /** Client connections held silent right now by `hold` or `stall` (a gauge: `resetStats` leaves it). */
  held: number;
  /** Requests the proxy went silent on (`hold` or `stall`) since start or `resetStats`. */
  silencedTotal: number;
  /** `onFault` hooks that threw or rejected since start or `resetStats` (see `hookFailures()`). */
  hookErrors: number;
}

/**
 * A running fault proxy (see `startFaultProxy`): an HTTP server on 127.0.0.1 in front of a
 * local server (moto) that adds latency, AWS-style faults and rate quotas. Point the SDK
 * clients of the code under test at its `endpoint` (`clientsFor(proxy)`).
 *
 * @example
 * ```ts
 * import { clientsFor, startFaultProxy, startMoto } from 'sagemaker-bench/testing';
 *
 * const moto = await startMoto();
 * const proxy = await startFaultProxy({ target: moto.endpoint });
 * const clients = clientsFor(proxy);
 * proxy.setRules([{ operation: 'DescribeTrainingJob', kind: 'throttle', rate: 1, max: 1 }]);
 * proxy.setLatency(100);
 * // ... run the code under test with `clients` ...
 * console.log(proxy.stats().faults.throttle); // 1 once a DescribeTrainingJob went through it
 * await proxy.stop();
 * await moto.stop();
 * ```
 */
export interface FaultProxy {
  /** `http://127.0.0.1:PORT`: use it as the SDK clients' `endpoint` (S3: `forcePathStyle: true`; `clientsFor` does both). */
  readonly endpoint: string;
  /** The proxy's TCP port on 127.0.0.1. */
  readonly port: number;
  /** Replaces the rules (and restarts their `max` counters). `[]`: no faults. */
  setRules(rules: FaultRule[]): void;
  /** Replaces the quotas; every bucket starts full. `[]` removes them. */
  setQuotas(rules: QuotaRule[]): void;
  /** Fixed latency added before forwarding every request (concurrent requests overlap). */
  setLatency(ms: number): void;
  /** A snapshot of the counters (a new object each call). */
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
  /** Closes the server and every open connection, both sides (held and stalled ones too). Idempotent. */
  stop(): Promise<void>;
}
